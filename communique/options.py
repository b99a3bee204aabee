"""Typed options, defined once: the CLI and the Python API both build an ``Options``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

EngineName = str  # "auto" or a registered engine name ("extractive", "seq2seq", plugins...)
Device = Literal["auto", "cpu", "cuda"]
# auto: float32 with transformers; with ctranslate2 int8 on a CPU, float16 (bfloat16 for mT5) on a GPU
Quantize = Literal["auto", "none", "int8"]
Backend = Literal["auto", "transformers", "ctranslate2"]  # auto: ctranslate2 when installed
Executor = Literal["local", "ray"]  # where batch runs: this machine's processes, or a Ray cluster

DEFAULT_MAX_CHARS = 200_000  # a long joint statement is ~20k; 200k is generous but bounds memory
DEFAULT_MAX_POINTS = 5


@dataclass(frozen=True)
class Options:
    engine: EngineName = "auto"
    model: str | None = None  # model id or local path (seq2seq); COMMUNIQUE_MODEL env var when None
    lang: str | None = None  # override language detection (ISO 639-1)
    max_points: int = DEFAULT_MAX_POINTS
    max_chars: int = DEFAULT_MAX_CHARS
    device: Device = "auto"
    num_beams: int | None = None  # None: the model's generation config
    max_new_tokens: int | None = None
    quantize: Quantize = "auto"
    backend: Backend = "auto"  # the seq2seq engine's runtime
    allow_pickle: bool = False  # load .bin (pickle) weights; off: safetensors only
    batch_size: int = 8  # chunks per generate() call in the neural engine

    def with_(self, **changes: object) -> Options:
        return replace(self, **changes)  # type: ignore[arg-type]
