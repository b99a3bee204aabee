"""The seq2seq engine: abstractive summary and key points from a transformers encoder-decoder.

torch and transformers are imported only when the engine first runs, never at import time.
The release is split at sentence boundaries (whole paragraphs where they fit) into chunks that fit
the model's input, so a long joint statement is covered end to end; each chunk yields one point.
Chunks of every release in a batch are generated together, sorted by length to waste little padding.
Each point is aligned back to the source sentence(s) it rests on, and a point naming a number or a
name the release does not contain is replaced by its source sentence, with a warning.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import hub
from ..document import Document, Sentence
from ..errors import ModelError
from ..options import Options
from ..readout import KeyPoint
from .backends import (
    Backend,
    ConversionError,
    backend_class,
    ctranslate2_installed,
    sleeping_openmp_threads,
    tidy_heap,
)
from .base import Digest, Engine, ModelCard, register

DEFAULT_MODEL = hub.DEFAULT_MODEL
FALLBACK_INPUT_TOKENS = 512
FALLBACK_GENERATE: dict[str, Any] = {"num_beams": 4, "max_new_tokens": 84, "no_repeat_ngram_size": 3}
# Memory bounds (x4 on a GPU). Input positions per --batch-size slot: 8 slots hold six chunks of 500
# tokens, whose cross-attention cache (mT5-base: 74 KB a position, shared by the beams) fits in the
# memory the encoder's weights free while a batch decodes (hf_patches.EncoderPages), under the model
# card's own loop's peak; larger batches decode faster (each step reads every decoder weight once).
TOKENS_PER_BATCH = 384

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
        from ..analysis import points

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


# ---------------------------------------------------------------- the engine


def load_tokenizer(folder: Path) -> Any:
    """The checkpoint's tokenizer; a bare T5-style ``spiece.model`` is converted by transformers
    itself, which reads sentencepiece's model proto through the protobuf package."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder), trust_remote_code=False)


@register
class Seq2SeqEngine(Engine):
    name = "seq2seq"
    description = (
        "a transformers encoder-decoder summarizer (mT5 XLSum by default), run by transformers or CTranslate2"
    )
    loads_model = True
    auto_rank = 10  # preferred by ``auto`` whenever its model is on disk
    remedy = "'communique models pull' gets one"

    def __init__(self, opts: Options) -> None:
        super().__init__(opts)
        self._id = hub.default_model(opts.model)
        self.path = hub.resolve(
            self._id, allow_pickle=opts.allow_pickle
        )  # fails early, before reading inputs
        self.tokenizer: Any = None
        self.runner: Backend | None = None
        self.input_tokens = FALLBACK_INPUT_TOKENS
        self.generate_kwargs: dict[str, Any] = {}
        self.generate_calls = 0  # generate() batches run so far (for tests and the benchmark)

    @property
    def model(self) -> str | None:
        return self._id

    @property
    def backend(self) -> str | None:
        """The backend that runs the model: the option's, or what ``auto`` chose (known once loaded)."""
        if self.runner is not None:
            return self.runner.name
        return None if self.opts.backend == "auto" else self.opts.backend

    @property
    def device(self) -> str:
        return self.runner.device if self.runner is not None else "cpu"

    @classmethod
    def available(cls, opts: Options) -> tuple[bool, str]:
        return hub.availability(opts.model, allow_pickle=opts.allow_pickle)

    @classmethod
    def known_models(cls) -> list[ModelCard]:
        return [c for c in hub.known_cards().values() if c.engine == cls.name]

    # -- loading

    def load(self) -> None:
        """Load tokenizer and model once (the first digest does it; the benchmark calls it up front)."""
        if self.runner is not None:
            return
        sleeping_openmp_threads()  # before transformers imports torch (OpenMP reads it then)
        try:
            from transformers import AutoConfig
            from transformers.utils import logging as hf_logging
        except ImportError as e:  # pragma: no cover - dependencies of the package
            raise ModelError(f"the seq2seq engine needs transformers: {e}") from e
        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's stderr
        try:
            config = AutoConfig.from_pretrained(str(self.path), trust_remote_code=False)
            self.tokenizer = load_tokenizer(self.path)
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise ModelError(f"cannot load model {self._id}: {first}") from e
        self.runner = self._start_backend(str(config.model_type))
        tidy_heap()  # what loading freed goes back to the OS before the batches' peak
        self.input_tokens = self._input_limit(config)
        self.generate_kwargs = self._generation_settings(config)

    def _start_backend(self, model_type: str) -> Backend:
        """The chosen backend, loaded; ctranslate2 falls back to transformers when it does not convert."""
        choice = self.opts.backend
        if choice == "auto":
            choice = "ctranslate2" if ctranslate2_installed() else "transformers"
        runner = backend_class(choice)(self.path, self._id, self.opts, model_type)
        try:
            runner.load()
        except ConversionError as e:
            sys.stderr.write(
                f"communique: {self._id}: no CTranslate2 copy ({e}); using the transformers backend\n"
            )
            runner = backend_class("transformers")(self.path, self._id, self.opts, model_type)
            runner.load()
        return runner

    def _input_limit(self, config: Any) -> int:
        card = hub.card(self._id)
        limits = [card.input_tokens] if card and card.input_tokens else []
        tok_max = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tok_max, int) and 0 < tok_max < 100_000:
            limits.append(tok_max)
        for key in ("max_position_embeddings", "n_positions"):
            v = getattr(config, key, None)
            if isinstance(v, int) and v > 0:
                limits.append(v)
        return min(limits) if limits else FALLBACK_INPUT_TOKENS

    def _generation_settings(self, config: Any) -> dict[str, Any]:
        """Options over the checkpoint's generation config over the model card's (or engine) defaults."""
        from transformers import GenerationConfig

        try:
            gc = GenerationConfig.from_pretrained(str(self.path))
        except OSError:  # no generation_config.json: what transformers derives from the model config
            gc = GenerationConfig.from_model_config(config)
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
        if gc.forced_eos_token_id is not None:  # mBART: the last token is the end token (every backend)
            out["forced_eos_token_id"] = gc.forced_eos_token_id
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
        backend = getattr(self.tokenizer, "backend_tokenizer", None)
        if backend is not None:  # straight to the Rust tokenizer: no length warnings, no tensors
            return [len(e.ids) for e in backend.encode_batch(list(texts), add_special_tokens=False)]
        ids = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(x) for x in ids]

    def generate(self, texts: Sequence[str], **overrides: Any) -> list[str]:
        """Generate for many inputs at once: sorted by length, batched, results in input order."""
        self.load()
        assert self.runner is not None
        if not texts:
            return []
        enc = self.tokenizer(list(texts), truncation=True, max_length=self.input_tokens)["input_ids"]
        order = sorted(range(len(texts)), key=lambda i: len(enc[i]), reverse=True)
        settings = {**self.generate_kwargs, **overrides}
        beams = max(1, int(settings.get("num_beams", 1)))
        gpu = self.device != "cpu"
        budget = max(1, self.opts.batch_size) * TOKENS_PER_BATCH * (4 if gpu else 1) * self.runner.batch_scale
        if not self.runner.shares_cross_cache:  # the cross-attention cache is copied per beam
            budget //= beams
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        out: list[str] = [""] * len(texts)
        i = 0
        while i < len(order):
            longest = len(enc[order[i]])  # sorted descending: the first of a batch is its longest
            n = max(1, min(self.opts.batch_size, budget // max(1, longest)))
            idx = order[i : i + n]
            i += n
            gen = self.runner.generate([list(enc[j]) for j in idx], pad, settings)
            self.generate_calls += 1
            for j, text in zip(idx, self.tokenizer.batch_decode(gen, skip_special_tokens=True), strict=True):
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
