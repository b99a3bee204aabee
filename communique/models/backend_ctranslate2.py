"""The ctranslate2 backend: the checkpoint converted once by CTranslate2's own converter, then run by it.

The converted copy lives in the Hugging Face cache beside the checkpoint, keyed by its revision and
the quantization (``models--org--name/ctranslate2/<revision>-<quantization>``; a local folder gets
``communique-ctranslate2/<name>-<hash of its path and files>/<quantization>``). Conversion runs in a
child process (``python -m communique.models.backend_ctranslate2``): it loads the full fp32 model once,
and that memory goes back to the system with the child; a converter that breaks cannot take the run down.

CTranslate2 4.8's converter predates transformers 5 in two places, fixed here through its own
``TransformersConverter`` hooks (``load_model``, ``load_tokenizer``, ``_load``), not by patching it:
- BART-family configs no longer carry ``normalize_before``; mBART and Pegasus are pre-norm in
  transformers' code whatever the config says, BART post-norm;
- transformers 5 ties mT5's output layer to its embedding without T5's ``d_model**-0.5`` output scale,
  while the converter scales whenever the config says "tied": the scale is measured on the loaded
  model instead (one decoder step) and written into the converted copy;
- a checkpoint without a ``bos`` token or whose tokenizer class leaves the decoder start unset gets
  them from the model config's ids (what transformers' ``generate()`` starts from).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .. import hub
from ..errors import ModelError, UsageError
from .backends import T5_FAMILY, Backend, ConversionError, cpu_threads

PRE_NORM = {"mbart": True, "pegasus": True, "bart": False}  # when the config does not say
FAILED = "conversion-failed.json"  # beside a cache entry: why it did not convert, for which ctranslate2


def compute_type(quantize: str, device: str, model_type: str) -> str:
    """CTranslate2's compute type (and the quantization the copy is converted with)."""
    if device == "cpu":
        return "float32" if quantize == "none" else "int8"
    half = "bfloat16" if model_type in T5_FAMILY else "float16"  # fp16 overflows in mT5
    if quantize == "none":
        return "float32"
    return f"int8_{half}" if quantize == "int8" else half


def _revision(model_id: str, folder: Path) -> str:
    """The hub revision (the snapshot's commit), else a hash of a local folder's path and files."""
    snap = hub.cached_snapshot(model_id) if not hub.looks_like_path(model_id) else None
    if snap is not None and snap.resolve() == folder.resolve():
        return snap.name
    h = hashlib.sha256(str(folder.resolve()).encode())
    for f in sorted(folder.iterdir()):
        if f.is_file():
            st = f.stat()
            h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def cache_path(model_id: str, folder: Path, quantization: str) -> Path:
    rev = _revision(model_id, folder)
    if not hub.looks_like_path(model_id) and hub.cached_snapshot(model_id) is not None:
        return (
            hub.cache_dir()
            / ("models--" + model_id.replace("/", "--"))
            / "ctranslate2"
            / f"{rev}-{quantization}"
        )
    return hub.cache_dir() / "communique-ctranslate2" / f"{folder.name}-{rev}" / quantization


def _version() -> str:
    from importlib.metadata import version

    return version("ctranslate2")


def converted(model_id: str, folder: Path, quantization: str, allow_pickle: bool) -> Path:
    """The converted copy, converting it first if needed; ``ConversionError`` when it does not convert."""
    out = cache_path(model_id, folder, quantization)
    if (out / "model.bin").is_file():
        return out
    failed = out.parent / f"{out.name}.{FAILED}"
    if failed.is_file():
        try:
            note = json.loads(failed.read_text(encoding="utf-8"))
            if note.get("ctranslate2") == _version():
                raise ConversionError(str(note.get("reason", "conversion failed")))
        except (OSError, ValueError):
            pass
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    cmd = [sys.executable, "-m", __name__, str(folder), str(tmp / "model"), quantization]
    run = subprocess.run(cmd + (["--allow-pickle"] if allow_pickle else []), capture_output=True, text=True)
    if run.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        lines = [ln.strip() for ln in run.stderr.splitlines() if ln.strip()]
        reason = lines[-1] if lines else f"converter exited with {run.returncode}"
        reason = re.sub(r" \([^()]{60,}\)$", "", reason)[:200]  # no list of every supported model
        failed.write_text(json.dumps({"ctranslate2": _version(), "reason": reason}), encoding="utf-8")
        raise ConversionError(reason)
    try:
        os.replace(tmp / "model", out)  # atomic: a reader sees a whole copy or none
    except OSError:
        if not (out / "model.bin").is_file():  # not another process's copy that got there first
            raise
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def _output_scale(model: Any) -> float:
    """The factor between the decoder's last hidden state and the logits the model really returns."""
    import torch

    start = model.config.decoder_start_token_id or 0
    ids = torch.tensor([[model.config.eos_token_id or 1]])
    with torch.inference_mode():
        out = model(input_ids=ids, decoder_input_ids=torch.tensor([[start]]), output_hidden_states=True)
        plain = model.get_output_embeddings()(out.decoder_hidden_states[-1])
    return float((out.logits * plain).sum() / (plain * plain).sum())


def convert(src: Path, dst: Path, quantization: str) -> None:
    """CTranslate2's converter on a transformers checkpoint, with the transformers 5 fixes above."""
    from ctranslate2.converters import TransformersConverter
    from ctranslate2.specs import model_spec

    class Converter(TransformersConverter):
        hf_model: Any = None
        hf_tokenizer: Any = None

        def load_model(self, model_class: Any, path: str, **kwargs: Any) -> Any:
            kwargs["use_safetensors"] = hub.weights_kind(src) != "pickle"  # pickle only when allowed
            model = super().load_model(model_class, path, **kwargs)
            cfg = model.config
            if not hasattr(cfg, "normalize_before") and cfg.model_type in PRE_NORM:
                cfg.normalize_before = PRE_NORM[cfg.model_type]
            self.hf_model = model
            return model

        def load_tokenizer(self, tokenizer_class: Any, path: str, **kwargs: Any) -> Any:
            self.hf_tokenizer = super().load_tokenizer(tokenizer_class, path, **kwargs)
            return self.hf_tokenizer

        def _load(self) -> Any:
            spec = super()._load()
            model, tok = self.hf_model, self.hf_tokenizer
            cfg = spec.config
            if model.config.model_type in T5_FAMILY:
                scale = _output_scale(model)
                spec.decoder.scale_outputs = model_spec.OPTIONAL if abs(scale - 1) < 1e-3 else scale
            for key, tid in (
                ("decoder_start_token", model.config.decoder_start_token_id),
                ("bos_token", model.config.bos_token_id),
            ):
                if getattr(cfg, key, None) is None and tid is not None:
                    setattr(cfg, key, tok.convert_ids_to_tokens(int(tid)))
            self.hf_model = None
            return spec

    quant = None if quantization == "float32" else quantization
    Converter(str(src), low_cpu_mem_usage=True).convert(str(dst), quantization=quant, force=True)


_SETTINGS = {  # generate() names -> translate_batch() names
    "num_beams": "beam_size",
    "max_new_tokens": "max_decoding_length",
    "min_new_tokens": "min_decoding_length",
    "no_repeat_ngram_size": "no_repeat_ngram_size",
    "length_penalty": "length_penalty",
    "repetition_penalty": "repetition_penalty",
}


class CTranslate2Backend(Backend):
    name = "ctranslate2"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.translator: Any = None
        self.compute_type = "float32"
        self.vocab: list[str] = []
        self.index: dict[str, int] = {}

    def load(self) -> None:
        try:
            import ctranslate2
        except ImportError as e:
            raise UsageError("--backend ctranslate2: the ctranslate2 package is not installed") from e
        dev = self.opts.device
        gpus = ctranslate2.get_cuda_device_count()
        if dev == "auto":
            dev = "cuda" if gpus else "cpu"
        elif dev == "cuda" and not gpus:
            raise UsageError("--device cuda: no CUDA device is available")
        self.device = dev
        self.compute_type = compute_type(self.opts.quantize, dev, self.model_type)
        if self.compute_type.startswith("int8"):
            # int8 weights take a quarter of the fp32 model's memory; what they save (3/4 of it, 1.2 GB
            # for mT5-base) holds 8 times the batch positions with a cross-attention cache per beam
            self.batch_scale = 8
        folder = converted(self.model_id, self.path, self.compute_type, self.opts.allow_pickle)
        threads = cpu_threads() if "OMP_NUM_THREADS" not in os.environ else int(os.environ["OMP_NUM_THREADS"])
        try:
            self.translator = ctranslate2.Translator(
                str(folder),
                device=dev,
                compute_type=self.compute_type,
                inter_threads=1,
                intra_threads=threads,
            )
        except (RuntimeError, ValueError) as e:
            raise ConversionError(f"cannot load the converted copy in {folder}: {e}") from e
        vocab_file = folder / "shared_vocabulary.json"
        if not vocab_file.is_file():
            vocab_file = folder / "target_vocabulary.json"
        self.vocab = json.loads(vocab_file.read_text(encoding="utf-8"))
        self.index = {t: i for i, t in enumerate(self.vocab)}

    def generate(self, batch: list[list[int]], pad_id: int, settings: dict[str, Any]) -> list[list[int]]:
        kw = {_SETTINGS[k]: v for k, v in settings.items() if k in _SETTINGS and v is not None}
        if settings.get("forced_eos_token_id") is not None and "max_decoding_length" in kw:
            kw["max_decoding_length"] -= 1  # transformers spends the last position on the forced end token
        source = [[self.vocab[i] for i in row] for row in batch]
        results = self.translator.translate_batch(source, max_batch_size=len(batch), **kw)
        unk = self.index.get("<unk>", 0)
        return [[self.index.get(t, unk) for t in r.hypotheses[0]] for r in results]


def main(argv: list[str]) -> int:
    """``python -m communique.models.backend_ctranslate2 SRC DST QUANTIZATION [--allow-pickle]``"""
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    warnings.simplefilter("ignore")
    src, dst, quant = Path(argv[0]), Path(argv[1]), argv[2]
    try:
        if hub.weights_kind(src) == "pickle" and "--allow-pickle" not in argv[3:]:
            raise ModelError("pickle (.bin) weights refused without --allow-pickle")
        convert(src, dst, quant)
    except Exception as e:  # the parent reads the last line of stderr as the reason
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        print(f"{type(e).__name__}: {first}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
