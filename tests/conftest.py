"""Shared fixtures and helpers. Tests never touch the network."""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev"

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: no test may reach a hub
os.environ.setdefault("NO_COLOR", "1")

_SCHEMA = json.loads(resources.files("communique").joinpath("schema.json").read_text(encoding="utf-8"))


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def validate_readout(d: dict[str, Any], clean_text: str | None = None) -> None:
    """Fail unless ``d`` follows the readout schema (and, given the text, its evidence is verbatim)."""
    jsonschema.validate(d, _SCHEMA)
    if clean_text is not None:
        text = _ws(clean_text)
        for kp in d["key_points"]:
            for ev in kp["evidence"]:
                assert _ws(ev) in text, f"key-point evidence not in source: {ev!r}"
        for st in d["next_steps"]:
            assert _ws(st["evidence"]) in text, f"step evidence not in source: {st['evidence']!r}"


@pytest.fixture
def data_dir() -> Path:
    return DATA


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (a user's clone)")
