"""The transformers backend: the checkpoint run by torch as it is (fp32, fp16 on a GPU, or torch int8)."""

from __future__ import annotations

import os
import warnings
from typing import Any

from .. import hub
from ..errors import ModelError, UsageError
from . import hf_patches
from .backends import T5_FAMILY, Backend, cpu_threads, sleeping_openmp_threads

ENCODE_TOKENS = 512  # input positions per encoder call: bounds its activations (batching buys a CPU little)


class TransformersBackend(Backend):
    name = "transformers"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model: Any = None
        self.beam_cache = False  # cross-attention cache computed once per input (hf_patches)
        self.encoder_pages: hf_patches.EncoderPages | None = None  # dropped while a batch decodes
        self.onednn_layers = 0  # Linear layers run by oneDNN's matmul (hf_patches.onednn_linears)

    def load(self) -> None:
        sleeping_openmp_threads()  # before torch is imported: OpenMP reads it then
        try:
            import torch
            from transformers import AutoModelForSeq2SeqLM
        except ImportError as e:  # pragma: no cover - dependencies of the package
            raise ModelError(f"the seq2seq engine needs torch and transformers: {e}") from e
        opts = self.opts
        if "OMP_NUM_THREADS" not in os.environ:
            torch.set_num_threads(cpu_threads())
        dev = opts.device
        if dev == "auto":
            dev = "cuda" if torch.cuda.is_available() else "cpu"
        elif dev == "cuda" and not torch.cuda.is_available():
            raise UsageError("--device cuda: no CUDA device is available")
        if opts.quantize == "int8" and dev != "cpu":
            raise UsageError("--quantize int8 runs on the CPU only with transformers: add --device cpu")
        self.device = dev
        dtype = (
            _gpu_dtype(torch, self.model_type) if dev == "cuda" and opts.quantize != "none" else torch.float32
        )
        pickle = hub.weights_kind(self.path) == "pickle"
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(
                str(self.path), trust_remote_code=False, use_safetensors=not pickle, dtype=dtype
            )
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise ModelError(f"cannot load model {self.model_id}: {first}") from e
        model.eval()
        if opts.quantize == "int8":
            hf_patches.quantize_int8(model)
        self.model = model.to(dev)
        patched = hf_patches.enabled() and bool(getattr(model.config, "is_encoder_decoder", False))
        self.beam_cache = patched
        self.shares_cross_cache = patched and hf_patches.use_shared_attention(model)
        if hf_patches.enabled():
            hf_patches.in_place_processors(model)
            if dev == "cpu" and opts.quantize != "int8":
                self.onednn_layers = hf_patches.onednn_linears(model)
        if patched and dev == "cpu":
            self.encoder_pages = hf_patches.EncoderPages(model)

    def generate(self, batch: list[list[int]], pad_id: int, settings: dict[str, Any]) -> list[list[int]]:
        import torch

        width = max(len(r) for r in batch)
        ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, r in enumerate(batch):
            ids[row, : len(r)] = torch.tensor(r)
            mask[row, : len(r)] = 1
        ids, mask = ids.to(self.device), mask.to(self.device)
        beams = max(1, int(settings.get("num_beams", 1)))
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            if self.beam_cache and beams > 1:
                tokens = ENCODE_TOKENS * (8 if self.device != "cpu" else 1)
                lengths = [len(r) for r in batch]
                inputs = hf_patches.beam_search_inputs(
                    self.model, ids, mask, lengths, beams, self.shares_cross_cache, tokens
                )
                if self.encoder_pages is not None:
                    self.encoder_pages.release()
            else:
                inputs = {"input_ids": ids}
            gen = self.model.generate(attention_mask=mask, **inputs, **settings)
            del inputs  # the caches, before the next batch builds its own
        return [list(map(int, row)) for row in gen.tolist()]


def _gpu_dtype(torch: Any, model_type: str) -> Any:
    """Half precision on a GPU, as CTranslate2's compute types: bfloat16 for the T5 family (fp16
    overflows in mT5) where the GPU has it, else float32 for them; float16 for the others."""
    if model_type not in T5_FAMILY:
        return torch.float16
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float32
