"""The seq2seq engine: abstractive summary and key points from a transformers encoder-decoder.

torch and transformers are imported only when the engine first runs, never at import time.
The release is split at sentence boundaries (whole paragraphs where they fit) into chunks that fit
the model's input, so a long joint statement is covered end to end; each chunk yields one point.
Chunks of every release in a batch are generated together, sorted by length to waste little padding.
Each point is aligned back to the source sentence(s) it rests on, and a point naming a number or a
name the release does not contain is replaced by its source sentence, with a warning.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import hub
from ..document import Document, Sentence
from ..errors import ModelError, UsageError
from ..options import Options
from ..readout import KeyPoint
from .base import Digest, Engine, ModelCard, register

DEFAULT_MODEL = hub.DEFAULT_MODEL
FALLBACK_INPUT_TOKENS = 512
FALLBACK_GENERATE: dict[str, Any] = {"num_beams": 4, "max_new_tokens": 84, "no_repeat_ngram_size": 3}
T5_FAMILY = {"t5", "mt5", "umt5", "longt5"}  # fp16 overflows in these: keep fp32 even on a GPU
# Memory bounds (x4 and x8 on a GPU). Input positions per --batch-size slot: the cross-attention cache
# of a batch (mT5-base: 74 KB a position, shared by the beams) stays under the model card's own loop's
# peak at the default 8 slots; more decodes faster (each step reads the output layer once per batch).
TOKENS_PER_BATCH = 128
ENCODE_TOKENS = 512  # input positions per encoder call: bounds its activations (batching buys a CPU little)

# ---------------------------------------------------------------- text helpers (no torch)

_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+|©|\(c\)\s*\d{4}|\+?\d[\d ()-]{8,}\d", re.I)
_WORD = re.compile(r"\w+", re.U)
_NUM = re.compile(r"\d+(?:[.,:/ ]\d+)*")
_SENT_END = re.compile(r"[.!?。！？؟]\s*")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def is_boilerplate(sent: Sentence, doc: Document) -> bool:
    """Links, contacts, copyright lines, and the language's boilerplate markers (``points.boilerplate``)."""
    try:  # the extractive engine's shared rule (communique/points.py), when it is there
        from .. import points

        return bool(points.is_boilerplate(sent.text, points.lexicon(doc.res)))
    except (ImportError, AttributeError, TypeError):
        pass
    text = sent.text
    if not any(ch.isalpha() for ch in text) or _URL.search(text):
        return True
    low = text.lower()
    return any(str(m).lower() in low for m in doc.res.list("points.boilerplate") if m)


def _paragraphs(sents: Sequence[Sentence]) -> list[list[Sentence]]:
    paras: list[list[Sentence]] = []
    for s in sents:
        if paras and paras[-1][-1].para == s.para:
            paras[-1].append(s)
        else:
            paras.append([s])
    return paras


def plan_chunks(sents: Sequence[Sentence], lengths: Sequence[int], limit: int) -> list[list[Sentence]]:
    """Group sentences into chunks of at most ``limit`` tokens: whole paragraphs where they fit.

    A paragraph too long for one chunk is split between sentences; a single sentence longer than the
    limit gets a chunk of its own (the tokenizer truncates it).
    """
    size = {id(s): n for s, n in zip(sents, lengths, strict=True)}
    chunks: list[list[Sentence]] = []
    cur: list[Sentence] = []
    cur_len = 0

    def flush() -> None:
        nonlocal cur, cur_len
        if cur:
            chunks.append(cur)
        cur, cur_len = [], 0

    for para in _paragraphs(sents):
        plen = sum(size[id(s)] for s in para)
        if cur and cur_len + plen > limit:
            flush()
        if plen <= limit:
            cur += para
            cur_len += plen
            continue
        for s in para:
            if cur and cur_len + size[id(s)] > limit:
                flush()
            cur.append(s)
            cur_len += size[id(s)]
    flush()
    return chunks


def _grams(text: str, n: int = 3) -> set[str]:
    t = " " + re.sub(r"\W+", " ", text.lower()).strip() + " "
    return {t[i : i + n] for i in range(max(1, len(t) - n + 1))}


def align_evidence(
    point: str, candidates: Sequence[Sentence], fallback: Sequence[Sentence] = ()
) -> list[Sentence]:
    """The source sentence(s) a generated point rests on, by character-trigram overlap.

    The best sentence (cosine of trigram sets), plus a second one when it covers a good share of the
    point the first does not (a point fusing two sentences). Searches ``fallback`` when the
    candidates match poorly (a point about another part of the release).
    """
    pg = _grams(point)
    if not pg:
        return []

    def score(s: Sentence) -> float:
        sg = _grams(s.text)
        return len(pg & sg) / math.sqrt(len(pg) * len(sg)) if sg else 0.0

    pool = list(candidates)
    if not pool or (fallback and max(score(s) for s in pool) < 0.15):
        pool = list(fallback) or pool
    if not pool:
        return []
    best = max(pool, key=score)
    chosen = [best]
    rest = pg - _grams(best.text)
    if len(rest) >= 0.25 * len(pg):
        second = max(
            (s for s in pool if s is not best), key=lambda s: len(rest & _grams(s.text)), default=None
        )
        if second is not None and len(rest & _grams(second.text)) >= 0.2 * len(pg):
            chosen.append(second)
    return sorted(chosen, key=lambda s: s.index)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def unsupported_facts(point: str, source: str) -> list[str]:
    """Numbers (dates included) and capitalized names in ``point`` that ``source`` does not contain.

    Names are matched on a stem (inflected forms such as "Лаврова"/"Лавров" count as present);
    the first word of each sentence is not taken for a name. Scripts without case are checked on
    numbers only.
    """
    missing: list[str] = []
    src_nums = set()
    for m in _NUM.finditer(source):
        src_nums.add(_digits(m.group()))
        src_nums.update(re.findall(r"\d+", m.group()))
    for m in _NUM.finditer(point):
        d = _digits(m.group())
        if d not in src_nums and not all(p in src_nums for p in re.findall(r"\d+", m.group())):
            missing.append(m.group().strip())
    src_words = {w.lower() for w in _WORD.findall(source)}
    starts = {0} | {m.end() for m in _SENT_END.finditer(point)}
    for m in _WORD.finditer(point):
        w = m.group()
        if m.start() in starts or not w[0].isupper() or w.isdigit():
            continue
        lw = w.lower()
        if lw in src_words:
            continue
        stem = lw[: max(3, len(lw) - (3 if len(lw) > 5 else 1))]  # room for a case ending
        if not any(sw.startswith(stem) for sw in src_words):
            missing.append(w)
    return list(dict.fromkeys(missing))


def _dedupe(points: list[str], threshold: float = 0.6) -> list[str]:
    kept: list[tuple[str, set[str]]] = []
    for p in points:
        g = _grams(p)
        if all(len(g & kg) / max(1, len(g | kg)) < threshold for _, kg in kept):
            kept.append((p, g))
    return [p for p, _ in kept]


def _spread(n_items: int, k: int) -> list[int]:
    """``k`` indices spread evenly over ``n_items`` (the first always in), for point selection."""
    if n_items <= k:
        return list(range(n_items))
    return sorted({round(i * (n_items - 1) / max(1, k - 1)) for i in range(k)})


# ---------------------------------------------------------------- tokenizer loading


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = out = 0
    while True:
        b = buf[i]
        i += 1
        out |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return out, i


def _proto_fields(buf: bytes) -> list[tuple[int, int | bytes]]:
    """The (field number, value) pairs of one protobuf message (varint and length-delimited only)."""
    out: list[tuple[int, int | bytes]] = []
    i = 0
    while i < len(buf):
        key, i = _varint(buf, i)
        field_no, wire = key >> 3, key & 7
        if wire == 0:
            val, i = _varint(buf, i)
            out.append((field_no, val))
        elif wire == 2:
            n, i = _varint(buf, i)
            out.append((field_no, buf[i : i + n]))
            i += n
        elif wire == 5:
            i += 4
        elif wire == 1:
            i += 8
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    return out


def spm_normalizer_spec(model_file: Path) -> dict[str, Any]:
    """The normalizer settings of a sentencepiece model, read without protobuf (not installed)."""
    spec: dict[str, Any] = {"charsmap": b"", "add_dummy_prefix": True, "remove_extra_whitespaces": True}
    for no, val in _proto_fields(model_file.read_bytes()):
        if no == 3 and isinstance(val, bytes):  # ModelProto.normalizer_spec
            for sub_no, sub in _proto_fields(val):
                if sub_no == 2 and isinstance(sub, bytes):
                    spec["charsmap"] = sub
                elif sub_no == 3:
                    spec["add_dummy_prefix"] = bool(sub)
                elif sub_no == 4:
                    spec["remove_extra_whitespaces"] = bool(sub)
    return spec


def tokenizer_from_spiece(folder: Path) -> Any:
    """A fast tokenizer from a bare T5-style ``spiece.model``.

    transformers 5 converts it only with protobuf installed; this fills a ``tokenizers`` Unigram with
    the pieces and scores sentencepiece reports, and reads the normalizer from the model file.
    """
    import json

    import sentencepiece as spm
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import PreTrainedTokenizerFast

    model_file = folder / "spiece.model"
    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    pieces = [(sp.id_to_piece(i), float(sp.get_score(i))) for i in range(sp.get_piece_size())]
    spec = spm_normalizer_spec(model_file)
    backend = Tokenizer(Unigram(pieces, unk_id=sp.unk_id(), byte_fallback=False))
    norms: list[Any] = []
    if spec["charsmap"]:
        norms.append(normalizers.Precompiled(spec["charsmap"]))
    if spec["remove_extra_whitespaces"]:
        norms += [normalizers.Strip(), normalizers.Replace(Regex(" {2,}"), " ")]
    if norms:
        backend.normalizer = normalizers.Sequence(norms)
    scheme = "always" if spec["add_dummy_prefix"] else "never"
    backend.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme=scheme)
    backend.decoder = decoders.Metaspace(replacement="▁", prepend_scheme=scheme)

    cfg: dict[str, Any] = {}
    for name in ("special_tokens_map.json", "tokenizer_config.json"):
        f = folder / name
        if f.is_file():
            cfg.update(json.loads(f.read_text(encoding="utf-8")))

    def tok(key: str, default: str) -> str:
        v = cfg.get(key, default)
        return str(v.get("content", default)) if isinstance(v, dict) else str(v)

    eos, unk, pad = tok("eos_token", "</s>"), tok("unk_token", "<unk>"), tok("pad_token", "<pad>")
    eos_id = sp.piece_to_id(eos)
    backend.post_processor = processors.TemplateProcessing(single=f"$A {eos}", special_tokens=[(eos, eos_id)])
    max_len = cfg.get("model_max_length")
    kwargs: dict[str, Any] = {"model_max_length": int(max_len)} if isinstance(max_len, int | float) else {}
    return PreTrainedTokenizerFast(
        tokenizer_object=backend, eos_token=eos, unk_token=unk, pad_token=pad, **kwargs
    )


def load_tokenizer(folder: Path) -> Any:
    from transformers import AutoTokenizer

    if not (folder / "tokenizer.json").is_file() and (folder / "spiece.model").is_file():
        return tokenizer_from_spiece(folder)
    return AutoTokenizer.from_pretrained(str(folder), trust_remote_code=False)


# ---------------------------------------------------------------- generation helpers


SHARED_ATTENTION = "communique_sdpa"  # sdpa, with the beams of one input sharing its cross-attention cache


def _beam_shared_sdpa(
    module: Any, query: Any, key: Any, value: Any, attention_mask: Any, **kwargs: Any
) -> Any:
    """transformers' sdpa attention, where the keys and values may hold one row per input for a query
    that holds one row per beam (the cross-attention cache of beam search, see _beam_search_inputs).

    The beams of an input are folded into the query length: one (beams x input length) product per
    input instead of one copy of its keys and values per beam (beams times less cache memory, and
    the decoding step reads it once).
    """
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    n, b = query.shape[0], key.shape[0]
    if n == b or n % b or query.shape[2] != 1:
        return sdpa_attention_forward(module, query, key, value, attention_mask, **kwargs)
    r = n // b
    q = query.unflatten(0, (b, r)).transpose(1, 2).flatten(2, 3)  # (b, heads, beams, dim)
    if attention_mask is not None and attention_mask.shape[0] == n:  # equal rows for the beams of an input
        attention_mask = attention_mask.unflatten(0, (b, r))[:, 0]
    bias = kwargs.get("position_bias")
    if bias is not None and bias.shape[0] == n:
        kwargs["position_bias"] = bias.unflatten(0, (b, r))[:, 0]
    out, weights = sdpa_attention_forward(
        module, q, key, value, attention_mask, **kwargs
    )  # (b, beams, heads, dim)
    return out.reshape(n, 1, *out.shape[2:]), weights


def _use_shared_attention(model: Any) -> bool:
    """Switch an sdpa model to _beam_shared_sdpa; False where the model cannot (it keeps its attention)."""
    try:
        from transformers import AttentionInterface
        from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

        if getattr(model.config, "_attn_implementation", None) != "sdpa":
            return False
        AttentionInterface.register(SHARED_ATTENTION, _beam_shared_sdpa)
        AttentionMaskInterface.register(SHARED_ATTENTION, sdpa_mask)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.set_attn_implementation(SHARED_ATTENTION)
        return bool(model.config._attn_implementation == SHARED_ATTENTION)
    except (ImportError, AttributeError, ValueError, KeyError, TypeError):
        with contextlib.suppress(AttributeError, ValueError, KeyError, TypeError):
            model.set_attn_implementation("sdpa")
        return False


def _shared_cross_cache(cross: Any) -> Any:
    """An encoder-decoder cache around ready cross-attention keys and values, which beam search
    does not reorder.

    transformers reorders every cached tensor at every beam-search step, the cross-attention keys
    and values too; but all beams of one input share the same encoder output, so those rows are
    equal and the reordering (an index_select over batch x beams x input length, per layer) only
    moves identical rows: much of the decoding time of a long input on a CPU.
    """
    from transformers.cache_utils import DynamicCache, EncoderDecoderCache

    class SharedCrossCache(EncoderDecoderCache):
        def reorder_cache(self, beam_idx: Any) -> None:
            self.self_attention_cache.reorder_cache(beam_idx)

    return SharedCrossCache(DynamicCache(), cross)


def _encode(model: Any, ids: Any, mask: Any, lengths: Sequence[int], tokens: int) -> Any:
    """The encoder's output for a batch sorted longest first, computed a few rows at a time.

    Each group is cut to its own longest row (less padding) and holds about ``tokens`` positions:
    the encoder is compute-bound on a CPU, so big groups buy little and cost activation memory.
    Positions past a row's length stay zero; the attention mask hides them.
    """
    import torch

    out: Any = None
    i = 0
    while i < ids.shape[0]:
        width = max(1, lengths[i])
        n = max(1, tokens // width)
        part = model.get_encoder()(
            input_ids=ids[i : i + n, :width], attention_mask=mask[i : i + n, :width], return_dict=True
        ).last_hidden_state
        if out is None:
            out = torch.zeros(
                (ids.shape[0], ids.shape[1], part.shape[-1]), dtype=part.dtype, device=part.device
            )
        out[i : i + n, :width] = part
        del part
        i += n
    return out


def _beam_search_inputs(
    model: Any, ids: Any, mask: Any, lengths: Sequence[int], beams: int, shared: bool, tokens: int
) -> dict[str, Any]:
    """Encoder output and a cross-attention cache computed once per input, not once per beam.

    generate() copies the encoder output for every beam and then projects each copy to the
    cross-attention keys and values of every decoder layer: beams times the same work. Here one
    decoder step over the un-copied batch fills the cross-attention cache (the step itself is
    thrown away). With ``shared`` (the model runs _beam_shared_sdpa) the cache keeps one row per
    input and the encoder output handed to generate() is an empty placeholder (the decoder reads
    only the cache), else the cache is copied per beam. Any encoder-decoder whose decoder takes
    ``encoder_hidden_states`` and an ``EncoderDecoderCache`` works this way; the output is the same
    as plain generate() (checked in the tests).
    """
    import torch
    from transformers.cache_utils import DynamicCache, EncoderDecoderCache
    from transformers.modeling_outputs import BaseModelOutput

    start = model.generation_config.decoder_start_token_id
    if start is None:
        start = model.config.decoder_start_token_id
    hidden = _encode(model, ids, mask, lengths, tokens)
    if start is None or beams <= 1:
        return {"encoder_outputs": BaseModelOutput(last_hidden_state=hidden)}
    primer = EncoderDecoderCache(DynamicCache(), DynamicCache())
    model.get_decoder()(
        input_ids=torch.full((ids.shape[0], 1), int(start), dtype=torch.long, device=ids.device),
        encoder_hidden_states=hidden,
        encoder_attention_mask=mask,
        past_key_values=primer,
        use_cache=True,
        return_dict=True,
    )
    cross = primer.cross_attention_cache
    if shared:
        # generate() copies the encoder output per beam; the decoder needs only its shape from now on
        hidden = hidden.new_empty((*hidden.shape[:2], 0))
    else:
        cross.batch_repeat_interleave(beams)
    return {
        "encoder_outputs": BaseModelOutput(last_hidden_state=hidden),
        "past_key_values": _shared_cross_cache(cross),
    }


def _file_mappings(suffix: str) -> list[tuple[int, int]]:
    """Address ranges of this process's private mappings of files named ``*suffix`` (Linux)."""
    out: list[tuple[int, int]] = []
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and parts[5].endswith(suffix) and parts[1].endswith("p"):
                    lo, hi = parts[0].split("-")
                    out.append((int(lo, 16), int(hi, 16)))
    except OSError:
        pass
    return out


def _release_pages(tensor: Any, mappings: Sequence[tuple[int, int]]) -> None:
    """Drop the resident pages of a tensor that lies in a private mapping of a weights file.

    safetensors weights are memory-mapped: every page quantization reads stays in the process's
    RSS while the file is mapped (the embedding keeps it mapped). MADV_DONTNEED on a private file
    mapping only drops pages: a later read (the tied embedding) reads them from the file again,
    so values never change. Anonymous memory is never touched (it would read back as zeros).
    """
    import ctypes
    import mmap

    start = tensor.data_ptr()
    end = start + tensor.numel() * tensor.element_size()
    if not any(lo <= start and end <= hi for lo, hi in mappings):
        return
    page = mmap.PAGESIZE
    lo, hi = -(-start // page) * page, end // page * page
    if hi > lo:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.madvise(ctypes.c_void_p(lo), ctypes.c_size_t(hi - lo), 4)  # MADV_DONTNEED


def quantize_int8(model: Any) -> None:
    """Dynamic int8 quantization of every ``nn.Linear``, in place and one layer at a time.

    Same result as ``torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=qint8)``,
    but each fp32 weight's pages are released right after its int8 copy is made, so memory peaks
    near the int8 model, not at the fp32 one plus the int8 one.
    """
    import torch
    from torch.ao.nn.quantized.dynamic import Linear as QLinear
    from torch.ao.quantization import default_dynamic_qconfig

    mappings = _file_mappings(".safetensors")
    with warnings.catch_warnings():  # torch.ao deprecation notices, not the user's business
        warnings.simplefilter("ignore")
        for parent in list(model.modules()):
            for name, child in list(parent.named_children()):
                if type(child) is not torch.nn.Linear:
                    continue
                child.qconfig = default_dynamic_qconfig
                setattr(parent, name, QLinear.from_float(child))
                _release_pages(child.weight, mappings)


# ---------------------------------------------------------------- the engine


@register
class Seq2SeqEngine(Engine):
    name = "seq2seq"
    description = "a transformers encoder-decoder summarizer (mT5 XLSum by default)"

    def __init__(self, opts: Options) -> None:
        super().__init__(opts)
        self._id = hub.default_model(opts.model)
        self.path = hub.resolve(
            self._id, allow_pickle=opts.allow_pickle
        )  # fails early, before reading inputs
        self._tok: Any = None
        self._model: Any = None
        self.device = "cpu"
        self.input_tokens = FALLBACK_INPUT_TOKENS
        self.generate_kwargs: dict[str, Any] = {}
        self.generate_calls = 0  # generate() batches run so far (for tests and the benchmark)
        self._beam_cache = False
        self._shared_kv = False  # beams share one cross-attention cache per input (_beam_shared_sdpa)

    @property
    def model(self) -> str | None:
        return self._id

    @classmethod
    def available(cls, opts: Options) -> tuple[bool, str]:
        return hub.availability(opts.model, allow_pickle=opts.allow_pickle)

    @classmethod
    def known_models(cls) -> list[ModelCard]:
        return [c for c in hub.known_cards().values() if c.engine == cls.name]

    # -- loading

    def load(self) -> None:
        """Load tokenizer and model once (the first digest does it; the benchmark calls it up front)."""
        if self._model is not None:
            return
        try:
            import torch
            from transformers import AutoConfig, AutoModelForSeq2SeqLM
        except ImportError as e:  # pragma: no cover - dependencies of the package
            raise ModelError(f"the seq2seq engine needs torch and transformers: {e}") from e
        opts = self.opts
        if "OMP_NUM_THREADS" not in os.environ:
            # the CPUs this process may use (a container's share), not the host's count
            cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
            torch.set_num_threads(max(1, cpus))
        dev = opts.device
        if dev == "auto":
            dev = "cuda" if torch.cuda.is_available() else "cpu"
        elif dev == "cuda" and not torch.cuda.is_available():
            raise UsageError("--device cuda: no CUDA device is available")
        if opts.quantize == "int8" and dev != "cpu":
            raise UsageError("--quantize int8 runs on the CPU only: add --device cpu")
        self.device = dev
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's stderr
        path = str(self.path)
        pickle = hub.weights_kind(self.path) == "pickle"
        try:
            config = AutoConfig.from_pretrained(path, trust_remote_code=False)
            dtype = torch.float32
            if dev == "cuda" and config.model_type not in T5_FAMILY:
                dtype = torch.float16
            self._tok = load_tokenizer(self.path)
            model = AutoModelForSeq2SeqLM.from_pretrained(
                path, trust_remote_code=False, use_safetensors=not pickle, dtype=dtype
            )
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise ModelError(f"cannot load model {self._id}: {first}") from e
        model.eval()
        if opts.quantize == "int8":
            quantize_int8(model)
        self._model = model.to(dev)
        self.input_tokens = self._input_limit(config)
        self.generate_kwargs = self._generation_settings(model)
        # beam search with the cross-attention cache computed once per input (_beam_search_inputs);
        # "past_key_values" is the name every transformers 5 knows (later ones say "cache" and warn)
        self._beam_cache = bool(getattr(config, "is_encoder_decoder", False))
        self._shared_kv = self._beam_cache and _use_shared_attention(model)

    def _input_limit(self, config: Any) -> int:
        card = hub.card(self._id)
        limits = [card.input_tokens] if card and card.input_tokens else []
        tok_max = getattr(self._tok, "model_max_length", None)
        if isinstance(tok_max, int) and 0 < tok_max < 100_000:
            limits.append(tok_max)
        for key in ("max_position_embeddings", "n_positions"):
            v = getattr(config, key, None)
            if isinstance(v, int) and v > 0:
                limits.append(v)
        return min(limits) if limits else FALLBACK_INPUT_TOKENS

    def _generation_settings(self, model: Any) -> dict[str, Any]:
        """Options over the checkpoint's generation config over the model card's (or engine) defaults."""
        from transformers import GenerationConfig

        gc = model.generation_config
        lib = GenerationConfig()
        card = hub.card(self._id)
        defaults = dict(card.generate) if card and card.generate else dict(FALLBACK_GENERATE)
        out: dict[str, Any] = {}
        out["num_beams"] = gc.num_beams if gc.num_beams != lib.num_beams else defaults.get("num_beams", 1)
        if gc.max_new_tokens:
            out["max_new_tokens"] = gc.max_new_tokens
        elif gc.max_length and gc.max_length != lib.max_length:
            out["max_new_tokens"] = gc.max_length
        else:
            out["max_new_tokens"] = defaults.get("max_new_tokens", 84)
        ngram = gc.no_repeat_ngram_size or defaults.get("no_repeat_ngram_size")
        if ngram:
            out["no_repeat_ngram_size"] = ngram
        if self.opts.num_beams:
            out["num_beams"] = self.opts.num_beams
        if self.opts.max_new_tokens:
            out["max_new_tokens"] = self.opts.max_new_tokens
        return out

    # -- generation

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        self.load()
        if not texts:
            return []
        backend = getattr(self._tok, "backend_tokenizer", None)
        if backend is not None:  # straight to the Rust tokenizer: no length warnings, no tensors
            return [len(e.ids) for e in backend.encode_batch(list(texts), add_special_tokens=False)]
        ids = self._tok(list(texts), add_special_tokens=False)["input_ids"]
        return [len(x) for x in ids]

    def generate(self, texts: Sequence[str], **overrides: Any) -> list[str]:
        """Generate for many inputs at once: sorted by length, batched, results in input order."""
        self.load()
        import torch

        if not texts:
            return []
        enc = self._tok(list(texts), truncation=True, max_length=self.input_tokens)["input_ids"]
        order = sorted(range(len(texts)), key=lambda i: len(enc[i]), reverse=True)
        settings = {**self.generate_kwargs, **overrides}
        beams = max(1, int(settings.get("num_beams", 1)))
        gpu = self.device != "cpu"
        budget = max(1, self.opts.batch_size) * TOKENS_PER_BATCH * (4 if gpu else 1)
        if not self._shared_kv:  # the cross-attention cache is copied per beam
            budget //= beams
        pad = self._tok.pad_token_id if self._tok.pad_token_id is not None else 0
        out: list[str] = [""] * len(texts)
        i = 0
        with torch.inference_mode():
            while i < len(order):
                longest = len(enc[order[i]])  # sorted descending: the first of a batch is its longest
                n = max(1, min(self.opts.batch_size, budget // max(1, longest)))
                idx = order[i : i + n]
                i += n
                width = max(len(enc[j]) for j in idx)
                ids = torch.full((len(idx), width), pad, dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for row, j in enumerate(idx):
                    ids[row, : len(enc[j])] = torch.tensor(enc[j])
                    mask[row, : len(enc[j])] = 1
                ids, mask = ids.to(self.device), mask.to(self.device)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)
                    if self._beam_cache and beams > 1:
                        lengths = [len(enc[j]) for j in idx]
                        inputs = _beam_search_inputs(
                            self._model,
                            ids,
                            mask,
                            lengths,
                            beams,
                            self._shared_kv,
                            ENCODE_TOKENS * (8 if gpu else 1),
                        )
                    else:
                        inputs = {"input_ids": ids}
                    gen = self._model.generate(attention_mask=mask, **inputs, **settings)
                    del inputs  # the caches, before the next batch builds its own
                self.generate_calls += 1
                for j, text in zip(idx, self._tok.batch_decode(gen, skip_special_tokens=True), strict=True):
                    out[j] = _norm(text)
        return out

    # -- digests

    def plan(self, doc: Document) -> list[list[Sentence]]:
        """The chunks of one release (boilerplate skipped), each fitting the model's input."""
        sents = [s for s in doc.sentences if not is_boilerplate(s, doc)] or list(doc.sentences)
        lengths = self.count_tokens([s.text for s in sents])
        return plan_chunks(sents, lengths, max(16, self.input_tokens - 2))

    def digest_many(self, docs: Sequence[Document]) -> list[Digest]:
        self.load()
        plans = [self.plan(d) for d in docs]
        texts = [" ".join(s.text for s in chunk) for plan in plans for chunk in plan]
        outputs = iter(self.generate(texts))
        digests = [
            self._digest(doc, plan, [next(outputs) for _ in plan])
            for doc, plan in zip(docs, plans, strict=True)
        ]
        self._fill(docs, digests)
        return digests

    def _fill(self, docs: Sequence[Document], digests: list[Digest]) -> None:
        """Top up a short release's points with the extractive engine's sentences.

        One generated point per chunk means one point for a release that fits one input, while a
        readout wants up to --max-points. The extra points are verbatim sentences (faithful by
        construction) about facts the generated points do not already rest on.
        """
        need = [i for i, dg in enumerate(digests) if len(dg.key_points) < self.opts.max_points]
        if not need:
            return
        from .base import engine_class

        extra = engine_class("extractive")(self.opts).digest_many([docs[i] for i in need])
        for i, ext in zip(need, extra, strict=True):
            dg = digests[i]
            used = {ev for kp in dg.key_points for ev in kp.evidence}
            for kp in ext.key_points:
                if len(dg.key_points) >= self.opts.max_points:
                    break
                if kp.evidence and not used & set(kp.evidence):
                    dg.key_points.append(kp)
                    used.update(kp.evidence)
            order = {s.text: s.index for s in reversed(docs[i].sentences)}
            dg.key_points.sort(key=lambda kp: order.get(kp.evidence[0], 0) if kp.evidence else 0)

    def _digest(self, doc: Document, plan: list[list[Sentence]], outputs: list[str]) -> Digest:
        return build_digest(doc, plan, outputs, self.opts.max_points)


def build_digest(
    doc: Document,
    plan: Sequence[Sequence[Sentence]],
    outputs: Sequence[str],
    max_points: int,
    check: Callable[[str, str], list[str]] = unsupported_facts,
) -> Digest:
    """Summary and key points of one release from the model's output for each of its chunks."""
    warnings: list[str] = []
    body = [s for chunk in plan for s in chunk]
    points: list[KeyPoint] = []
    seen: list[str] = []
    used: set[str] = set()
    for chunk, raw in zip(plan, outputs, strict=True):
        text = _norm(raw)
        if not text:  # nothing generated: the chunk's first body sentence keeps it covered
            lead = next((s for s in chunk if s.kind == "body"), chunk[0])
            text = lead.text
        if _dedupe([*seen, text]) != [*seen, text]:
            continue
        evidence = align_evidence(text, chunk, body)
        if not evidence:
            continue
        missing = check(text, doc.text)
        if missing:
            shown = ", ".join(missing[:3])
            warnings.append(
                f"generated point replaced by its source sentence (mentions {shown}, not in the release)"
            )
            text = evidence[0].text
            evidence = evidence[:1]
            if _dedupe([*seen, text]) != [*seen, text]:
                continue
        ev = [s.text for s in evidence if s.text not in used]
        if not ev:  # rests on sentences an earlier point already stands on: the same fact again
            continue
        used.update(ev)
        seen.append(text)
        points.append(KeyPoint(text=text, evidence=ev))
    summary = points[0].text if points else (doc.sentences[0].text if doc.sentences else "")
    kept = [points[i] for i in _spread(len(points), max_points)]
    first = {s.text: s.index for s in reversed(body)}
    kept.sort(key=lambda kp: first.get(kp.evidence[0], 0))  # in the release's order
    return Digest(summary=summary, key_points=kept, warnings=warnings)
