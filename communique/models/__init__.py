"""Engines. Importing this package registers the built-in ones; none imports torch at import time."""

from __future__ import annotations

from . import extractive, seq2seq  # noqa: F401  (registration)
from .base import Digest, Engine, ModelCard, auto_candidates, engine_class, engines, register, registered

__all__ = [
    "Digest",
    "Engine",
    "ModelCard",
    "auto_candidates",
    "engine_class",
    "engines",
    "register",
    "registered",
]
