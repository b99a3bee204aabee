"""Cue words of the ``[meeting]`` table as compiled patterns, shared by the meeting facts and the dateline
reader: one compiled pattern per language and key for the process."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..lang import Resources, available_languages, fallback_language, resources
from ..lang.forms import alt as _alt
from ..lang.forms import words_rx as _words_rx


@cache
def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A compiled pattern, kept for the process: re's own cache (512) overflows in a full pipeline."""
    return re.compile(pattern, flags)


@cache
def date_langs() -> tuple[str, ...]:
    """Every language file: a release may quote another language, or be misdetected."""
    return (*available_languages(), "default")


def cue_list(res: Resources, key: str) -> list[Any]:
    """A ``[meeting]`` list; the fallback language's where the language does not set it."""
    v = res.get(f"meeting.{key}")
    if v is None or (isinstance(v, list) and not v and key in ("titles", "meeting_cues", "stop")):
        v = resources(fallback_language()).get(f"meeting.{key}", [])  # a key the language does not set
    return list(v) if isinstance(v, list) else [v]


@cache
def cue_rx(lang: str, key: str) -> re.Pattern[str]:
    forms = cue_list(resources(lang), key)
    if not resources(lang).script.spaced:
        return re.compile(_alt(forms, resources(lang).script.variants))
    return _words_rx(forms)


def has(lang: str, key: str, text: str) -> bool:
    return bool(cue_rx(lang, key).search(text))


@cache
def every(key: str) -> frozenset[str]:
    """A [meeting] word list of every language file at once: a release may quote another language."""
    return frozenset(w for code in date_langs() for w in resources(code).get(f"meeting.{key}", []) or [])
