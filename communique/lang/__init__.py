"""Per-language resources: one TOML file per language (``<code>.toml``), over ``default.toml``.

Each file has one table per concern: ``[text]`` (abbreviations, sentence rules), ``[meeting]``
(months, titles, place and kind cues), ``[steps]`` (commitment cues, negation, modality, time
expressions), ``[points]`` (cue verbs, boilerplate markers, stop words). A language without a file
gets ``default.toml`` alone, so adding a language is adding a file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources as _ir
from typing import Any

DEFAULT = "default"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _load(code: str) -> dict[str, Any] | None:
    f = _ir.files(__name__).joinpath(f"{code}.toml")
    if not f.is_file():
        return None
    return tomllib.loads(f.read_text(encoding="utf-8"))


class Resources:
    """The merged resources of one language; ``res.get("steps.agree")`` or ``res["meeting"]``."""

    def __init__(self, code: str, data: dict[str, Any], has_file: bool) -> None:
        self.code = code
        self.data = data
        self.has_file = has_file

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data.get(section, {})

    def get(self, dotted: str, default: Any = None) -> Any:
        cur: Any = self.data
        for part in dotted.split("."):
            if not isinstance(cur, dict) or part not in cur:
                return default
            cur = cur[part]
        return cur

    def list(self, dotted: str) -> list[Any]:
        v = self.get(dotted, [])
        return list(v) if isinstance(v, list) else [v]


@cache
def resources(code: str) -> Resources:
    base = _load(DEFAULT) or {}
    own = _load(code) if code and code != DEFAULT else None
    return Resources(code, _merge(base, own or {}), own is not None)


def available_languages() -> list[str]:
    return sorted(
        p.name[:-5]
        for p in _ir.files(__name__).iterdir()
        if p.name.endswith(".toml") and p.name not in (f"{DEFAULT}.toml", "entities.toml")
    )
