"""Patches on transformers internals that make beam search cheaper on a CPU, in one place.

Six changes, each checked against plain ``generate()`` in the tests (same texts; the logits the same
but for the matmul library's rounding):
- on a CPU, every fp32 ``nn.Linear`` runs oneDNN's matmul on its own (unconverted) weights
  (``onednn_linears``) instead of torch's default BLAS (MKL), which takes a slower path on AMD CPUs;
- the beams of one input share its cross-attention keys and values (``_beam_shared_sdpa``): one copy
  per input instead of one per beam;
- beam search does not reorder that cache at every step (``SharedCrossCache.reorder_cache``): its rows
  are equal across the beams of an input, so reordering only moves identical rows;
- generate()'s minimum-length and no-repeat-n-gram processors write their -inf into the step's scores
  in place (``in_place_processors``), where transformers copies the whole (beams x vocabulary) array
  two or three times a step;
- int8 quantization releases each fp32 weight's pages once its int8 copy exists (``_release_pages``);
- once a batch is encoded, the encoder's own weights leave memory while the batch decodes
  (``EncoderPages``): that memory holds the batch's cross-attention cache instead.

They lean on transformers 5 internals (attention registry, ``EncoderDecoderCache``) that may move in a
later release: ``COMMUNIQUE_HF_PATCHES=off`` turns all of them off (plain ``generate()``,
``torch.ao`` quantization), for a transformers version they do not fit or to rule them out in a bug.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Sequence
from typing import Any

SWITCH_ENV = "COMMUNIQUE_HF_PATCHES"


def enabled() -> bool:
    """Off when ``$COMMUNIQUE_HF_PATCHES`` is 0/off/false/no (read at model load)."""
    return os.environ.get(SWITCH_ENV, "on").strip().lower() not in {"0", "off", "false", "no"}


SHARED_ATTENTION = "communique_sdpa"  # sdpa, with the beams of one input sharing its cross-attention cache


def _beam_shared_sdpa(
    module: Any, query: Any, key: Any, value: Any, attention_mask: Any, **kwargs: Any
) -> Any:
    """transformers' sdpa attention, where the keys and values may hold one row per input for a query
    that holds one row per beam (the cross-attention cache of beam search, see beam_search_inputs).

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


def use_shared_attention(model: Any) -> bool:
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
        if _reaches_every_stack(model):
            return True
        model.set_attn_implementation("sdpa")
        return False
    except (ImportError, AttributeError, ValueError, KeyError, TypeError):
        with contextlib.suppress(AttributeError, ValueError, KeyError, TypeError):
            model.set_attn_implementation("sdpa")
        return False


def _reaches_every_stack(model: Any) -> bool:
    """True when every sub-module's config names the shared attention. Some transformers 5 releases
    (5.17, seen) set it on the top config only, while the encoder and decoder stacks keep their own
    copies at sdpa: the shared cache would then meet plain sdpa, whose shapes do not fit. Copies the
    choice onto those configs; False if one still refuses it."""
    configs = {id(c): c for m in model.modules() if (c := getattr(m, "config", None)) is not None}
    for c in configs.values():
        if getattr(c, "_attn_implementation", None) != SHARED_ATTENTION:
            c._attn_implementation = SHARED_ATTENTION
    return all(c._attn_implementation == SHARED_ATTENTION for c in configs.values())


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


def beam_search_inputs(
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


def _min_length_in_place(proc: Any, first: int) -> Any:
    """``MinLengthLogitsProcessor`` / ``MinNewTokensLengthLogitsProcessor`` (``first``: the ids not
    counted), writing into the scores instead of copying them: the same values."""
    import math

    eos = proc.eos_token_id.flatten()
    least = int(getattr(proc, "min_length", getattr(proc, "min_new_tokens", 0)))

    def call(input_ids: Any, scores: Any) -> Any:
        if input_ids.shape[-1] - first < least:
            scores[:, eos[eos < scores.shape[-1]]] = -math.inf
        return scores

    return call


def _no_repeat_in_place(size: int) -> Any:
    """``NoRepeatNGramLogitsProcessor(size)``: the same banned tokens (a token that would complete an
    n-gram already in its row), set to -inf in place rather than through a (rows x vocabulary) mask
    and a copy of the scores."""
    import math

    def call(input_ids: Any, scores: Any) -> Any:
        length = input_ids.shape[-1]
        if length < size:
            return scores
        prefix = input_ids[:, length + 1 - size :]
        windows = input_ids.unfold(dimension=1, size=size, step=1)
        rows, cols = (windows[..., :-1] == prefix.unsqueeze(1)).all(dim=-1).nonzero(as_tuple=True)
        tokens = windows[rows, cols, -1]
        keep = tokens < scores.shape[-1]
        scores[rows[keep], tokens[keep]] = -math.inf
        return scores

    return call


class _InPlace:
    """A logits processor run by a function (a ``LogitsProcessorList`` calls it as any processor)."""

    def __init__(self, fn: Any, replaces: Any) -> None:
        self.fn, self.replaces = fn, replaces

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        return self.fn(input_ids, scores)


def in_place(proc: Any) -> Any:
    """The in-place twin of one of generate()'s processors, or the processor itself."""
    from transformers.generation import logits_process as lp

    kind = type(proc)
    if kind is lp.MinLengthLogitsProcessor:
        return _InPlace(_min_length_in_place(proc, 0), proc)
    if kind is lp.MinNewTokensLengthLogitsProcessor:
        return _InPlace(_min_length_in_place(proc, int(proc.prompt_length_to_skip)), proc)
    if kind is lp.NoRepeatNGramLogitsProcessor:
        return _InPlace(_no_repeat_in_place(int(proc.ngram_size)), proc)
    return proc


def in_place_processors(model: Any) -> bool:
    """Make generate() on ``model`` run its length and n-gram processors in place (same order).

    Each step of beam search hands the processors a fresh (beams x vocabulary) array of log
    probabilities; transformers' minimum-length processors copy it (always) and select over it,
    and its n-gram processor builds a mask as large and copies it again: at 24 beam rows of a
    250,112-token vocabulary that was a third of the time of the step's output layer. Here they
    write only the banned entries. False where transformers has no such hook.
    """
    build = getattr(model, "_get_logits_processor", None)
    if build is None:
        return False

    def patched(*args: Any, **kwargs: Any) -> Any:
        procs = build(*args, **kwargs)
        for i, proc in enumerate(procs):
            procs[i] = in_place(proc)
        return procs

    model._get_logits_processor = patched
    return True


def _onednn_forward(module: Any, x: Any) -> Any:
    import torch

    return torch.ops.mkldnn._linear_pointwise(x, module.weight, module.bias, "none", [], "")


def onednn_linears(model: Any) -> int:
    """Run the fp32 ``nn.Linear`` layers of a CPU model through oneDNN's matmul; how many.

    torch's CPU ``linear`` calls MKL's sgemm, which picks its fast AVX-512 kernels on Intel CPUs
    only: on an AMD EPYC with AVX-512 it ran 30-97 GFLOP per CPU-second where oneDNN (bundled with
    torch, used through the op torch's own compiler emits) ran 83-211, the output layer of a beam step
    3.5x faster (bench/seq2seq.py). The weights stay as they are (dense, memory-mapped): no copy, no
    extra memory. Both are fp32; the sums are only ordered differently (about 1e-6 relative). Nothing
    changes where the op is missing or disagrees with ``linear`` on a probe.
    """
    import functools

    import torch

    op = getattr(torch.ops.mkldnn, "_linear_pointwise", None)
    if op is None or not torch.backends.mkldnn.is_available():
        return 0
    try:
        a, w, b = torch.randn(3, 5, 16), torch.randn(8, 16), torch.randn(8)
        with torch.inference_mode():
            if not torch.allclose(
                op(a, w, b, "none", [], ""), torch.nn.functional.linear(a, w, b), atol=1e-5
            ):
                return 0
    except RuntimeError:
        return 0
    n = 0
    for module in model.modules():
        weight = getattr(module, "weight", None)
        if type(module) is not torch.nn.Linear or weight is None:
            continue
        if weight.dtype == torch.float32 and weight.device.type == "cpu":
            module.forward = functools.partial(_onednn_forward, module)  # type: ignore[method-assign]
            n += 1
    return n


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


class EncoderPages:
    """The encoder-only weights of a model loaded from memory-mapped safetensors, to drop after encoding.

    Decoding a batch never reads the encoder, yet its weights (mT5-base: 340 MB) stay resident from
    the encoding. Dropping their pages (``_release_pages``) gives that memory to the decoding's
    cross-attention cache, so batches of several long chunks fit in the memory of the model card's
    one-at-a-time loop; the next batch's encoding reads them back from the page cache (a minor fault
    per page, no disk read while the file stays cached). Weights the decoder or the output layer share
    (the embedding) are kept, and so is anything not in a file mapping (converted or moved weights).
    """

    def __init__(self, model: Any) -> None:
        self.mappings = _file_mappings(".safetensors")
        kept = {p.data_ptr() for p in model.get_decoder().parameters()}
        out = model.get_output_embeddings()
        if out is not None:
            kept |= {p.data_ptr() for p in out.parameters()}
        self.tensors = [
            p for p in model.get_encoder().parameters() if p.data_ptr() not in kept and self.mappings
        ]

    def release(self) -> None:
        for p in self.tensors:
            _release_pages(p, self.mappings)


def quantize_int8(model: Any) -> None:
    """Dynamic int8 quantization of every ``nn.Linear``, in place and one layer at a time.

    Same result as ``torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=qint8)``,
    but each fp32 weight's pages are released right after its int8 copy is made, so memory peaks
    near the int8 model, not at the fp32 one plus the int8 one.
    """
    import torch
    from torch.ao.nn.quantized.dynamic import Linear as QLinear
    from torch.ao.quantization import default_dynamic_qconfig

    with warnings.catch_warnings():  # torch.ao deprecation notices, not the user's business
        warnings.simplefilter("ignore")
        if not enabled():
            torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
            return
        mappings = _file_mappings(".safetensors")
        for parent in list(model.modules()):
            for name, child in list(parent.named_children()):
                if type(child) is not torch.nn.Linear:
                    continue
                child.qconfig = default_dynamic_qconfig  # type: ignore[assignment]  # torch types module attributes as tensors
                setattr(parent, name, QLinear.from_float(child))
                _release_pages(child.weight, mappings)
