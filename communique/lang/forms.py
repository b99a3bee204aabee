"""The form style of the language files' word lists, compiled.

A form is a regular expression written the way the files write words: ``*`` stands for any word
ending ("январ*"), a space for any run of whitespace, ``(`` opens a group that never captures, and a
Latin letter with an accent also matches the bare letter ("février" finds "fevrier").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from . import with_variants


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def loose(ch: str) -> str:
    """A lexicon letter → what pages write for it: "É" also as "E" ("secrétaire d’Etat"), either apostrophe."""
    if ch in "'’":
        return "['’]"
    base = unicodedata.normalize("NFD", ch)[0]
    return f"[{ch}{base}]" if base != ch and base.isascii() and base.isalpha() else ch


def form(f: str, strict: bool = False) -> str:
    """A resource form → regex body: ``*`` = word ending, space = whitespace, groups non-capturing;
    Latin letters with accents also match the bare letter (not when ``strict``)."""
    out, in_class = [], False
    for i, ch in enumerate(f):
        escaped = i > 0 and f[i - 1] == "\\"
        in_class = (in_class or (ch == "[" and not escaped)) and not (ch == "]" and not escaped)
        out.append(ch if strict or in_class or ch == "]" or escaped else loose(ch))
    body = "".join(out).replace("*", r"\w*")
    body = _rx(r"\((?!\?)").sub("(?:", body)
    return _rx(r" +").sub(r"\\s+", body)


def alt(forms: list[str], variants: str = "", strict: bool = False) -> str:
    """One alternation of ``forms``, the longest first (a regex that matches nothing when empty);
    ``variants``: the script's other written forms of letters ([script] variants)."""
    forms = sorted({f for f in forms if f}, key=lambda f: -len(f))
    return "|".join(with_variants(form(f, strict), variants) for f in forms) or r"(?!x)x"


def words_rx(forms: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """``forms`` as whole words."""
    return re.compile(rf"(?<!\w)(?:{alt(forms)})(?!\w)", flags)
