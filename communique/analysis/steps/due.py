"""When a step is due: an ISO date, month, year or period when the text states or implies one.

Relative expressions resolve against the release date ("next year" → 2019 in a 2018 release);
what cannot be pinned down becomes a short English phrase ("soon", "as soon as possible").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ..text import DIGITS as _DIGITS
from .cues import Cues, cues_for

# Eastern Arabic (٢٠٢٠), Persian (۲۰۲۰) and full-width (２０２０) digits read as ASCII; one char
# for one, so match positions stay valid in the original text


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_RANGE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:[-–—/]|\s(?:до|to|bis|à|a|al|по|–)\s)\s*((?:19|20)?\d\d)(?!\d)"
)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)(?!\d)")
_ISO_PREFIX = re.compile(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?")
_DAY = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
# a capitalized word inside a sentence (not its first word) right before or after the year
_NAMED = re.compile(r"\w[ ,]+[A-ZА-ЯЁІЇЄ]\w*[a-zа-яёіїє]\w*[-\s]$")
_NAMED_AFTER = re.compile(r"[-\s][A-ZА-ЯЁІЇЄ][a-zа-яёіїє]")
_DAY_AFTER = re.compile(r"\s*(\d{1,2})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})\.?\s*$")


@dataclass
class Ref:
    """The release date the relative expressions resolve against (any part may be unknown)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, iso: str | None) -> Ref:
        if not iso:
            return cls()
        m = _ISO_PREFIX.match(iso)
        if not m:
            return cls()
        return cls(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)


# Patterns are built once per language (the builders are cached by language code): building
# them per call overflowed Python's 512-entry regex cache and recompiled on every release.


@cache
def _months(lang: str) -> tuple[re.Pattern[str], ...]:
    c = cues_for(lang)
    forms = c.raw.get("months", [])
    flags = re.IGNORECASE
    if c.spaced:
        end = r"(?!\w)" if c.raw.get("whole_words") else r"\w*"
        return tuple(re.compile(rf"(?<!\w)(?:{f}){end}", flags) for f in forms)
    return tuple(re.compile(f"(?:{f})", flags) for f in forms)


@cache
def _phrases(lang: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """The [steps.due] table compiled, keys in priority order."""
    c = cues_for(lang)
    table: dict[str, Any] = c.raw.get("due", {})
    first = [k for k in _PRIORITY if k in table]
    out = []
    for key in first + [k for k in table if k not in first]:
        forms = table[key]
        out.append((key, tuple(_form(f, c) for f in (forms if isinstance(forms, list) else [forms]))))
    return tuple(out)


def strip_lead(action: str, c: Cues) -> str:
    """``action`` without a time phrase that opens it ("найближчим часом продовжити" → "продовжити"):
    the due column holds it."""
    for _, pats in _phrases(c.lang):
        for pat in pats:
            m = pat.match(action)
            rest = action[m.end() :].lstrip(" ,，") if m else ""
            if m and (len(rest.split()) >= 2 if c.spaced else len(rest) >= 3):
                return rest
    return action


def _form(f: str, c: Cues) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{f})" if c.spaced else f"(?:{f})", re.IGNORECASE)


def month_of(text: str, c: Cues) -> list[tuple[int, int, int]]:
    """(month, start, end) of each month name in ``text``."""
    out = []
    for i, p in enumerate(_months(c.lang)):
        for m in p.finditer(text):
            out.append((i + 1, m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


def find_date(text: str, c: Cues) -> str | None:
    """The first full date written in ``text`` (ISO, numeric, or day + month name + year)."""
    text = ascii_digits(text)
    if m := _ISO.search(text):
        return m[0]
    if (m := _CJK_DATE.search(text)) and m[1] and m[3]:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := _NUMERIC.search(text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    for mo, s, e in month_of(text, c):
        around = text[max(0, s - 12) : e + 16]
        y = _YEAR.search(text[e : e + 16]) or _YEAR.search(text[max(0, s - 16) : s])
        d = _DAY.search(around.replace(y[0], "") if y else around)
        if y and d and 1 <= int(d[1]) <= 31:
            return f"{int(y[1]):04d}-{mo:02d}-{int(d[1]):02d}"
    return None


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return True


def _future_year(mo: int, ref: Ref) -> int | None:
    if ref.year is None:
        return None
    if ref.month is not None and mo < ref.month:
        return ref.year + 1
    return ref.year


@cache
def _any_phrase(lang: str) -> re.Pattern[str] | None:
    """Every [steps.due] form in one pattern: one scan tells whether any applies (most spans hold none)."""
    pats = [re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for _, ps in _phrases(lang) for p in ps]
    if not pats:
        return None
    # the word-start check once per position, not once per form: most positions are inside a word
    head = "(?<!\\w)"
    lead = head if all(p.startswith(head) for p in pats) else ""
    try:
        return re.compile(lead + "(?:" + "|".join(p[len(lead) :] for p in pats) + ")", re.IGNORECASE)
    except re.error:
        return None


def _phrase(text: str, c: Cues, ref: Ref) -> str | None:
    """A relative expression from [steps.due], normalized."""
    y = ref.year
    phrases = _phrases(c.lang)
    gate = _any_phrase(c.lang)
    if not phrases or (gate is not None and not gate.search(text)):
        return None
    for key, pats in phrases:
        for pat in pats:
            m = pat.search(text)
            if not m:
                continue
            n = _number(m.groupdict().get("n"), c)
            if key == "next_year":
                return str(y + 1) if y else m[0]
            if key == "this_year":
                return str(y) if y else m[0]
            if key == "this_month":
                return f"{y:04d}-{ref.month:02d}" if y and ref.month else m[0]
            if key == "next_month":
                if y and ref.month:
                    yy, mm = (y + 1, 1) if ref.month == 12 else (y, ref.month + 1)
                    return f"{yy:04d}-{mm:02d}"
                return m[0]
            if key in ("first_half", "second_half"):
                yr = _YEAR.search(text[m.end() : m.end() + 12])
                yy = int(yr[1]) if yr else y
                nxt = next((ps for k, ps in phrases if k == "next_year"), ())
                if not yr and y and any(p.search(text) for p in nxt):
                    yy = y + 1  # "明年上半年", "in the first half of next year"
                return f"{yy}-H{1 if key == 'first_half' else 2}" if yy else m[0]
            if key == "next_years":
                return f"{y}-{y + n - 1}" if y and n and n > 1 else m[0]
            if key.startswith("within_"):
                if "n" not in pat.groupindex:
                    n = 1  # "خلال شهر", "within a month": one unit, no number written
                unit = key.split("_", 1)[1].rstrip("s")
                return f"within {n} {unit}{'s' if n != 1 else ''}" if n else m[0]
            if key in _SEASONS:
                # "im Sommer", "летом": the coming season of the release's year (or the next one's)
                last = _SEASONS[key]
                yy = y + 1 if y and ref.month and ref.month > last else y
                return f"{key} {yy}" if yy else key
            return key.replace("_", " ")
    return None


_SEASONS = {"spring": 5, "summer": 8, "autumn": 11}  # the season's last month

_PRIORITY = (
    "as_soon_as_possible",
    "immediately",
    "first_half",
    "second_half",
    "next_years",
    "within_days",
    "within_weeks",
    "within_months",
    "this_month",
    "next_month",
    "next_year",
    "this_year",
)


def _number(s: str | None, c: Cues) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s) if len(s) <= 6 else None  # a digit run, not a count (int() refuses 4,300 digits)
    words: dict[str, int] = c.raw.get("numbers", {})
    for w, v in words.items():
        if s.lower().startswith(w):
            return int(v)
    return None


_CJK_DATE = re.compile(r"(?:((?:19|20)\d\d)年)?(\d{1,2})月(?:(\d{1,2})[日号])?")


def normalize_due(text: str, c: Cues, ref: Ref) -> str | None:
    """The due date or period stated in ``text`` (the action span of one step), or None."""
    text = ascii_digits(text)
    if m := _ISO.search(text):
        return m[0]
    if m := _CJK_DATE.search(text):  # 2019年9月10日, 3月
        mo = int(m[2])
        y = int(m[1]) if m[1] else _future_year(mo, ref)
        if y and 1 <= mo <= 12:
            if m[3] and _valid(y, mo, int(m[3])):
                return f"{y:04d}-{mo:02d}-{int(m[3]):02d}"
            return f"{y:04d}-{mo:02d}"
    # an explicit day and month ("3 февраля", "February 3"): a date in the release's year
    for mo, s, e in month_of(text, c):
        after = _DAY_AFTER.match(text[e:])
        before = _DAY_BEFORE.search(text[max(0, s - 5) : s])
        yr = _YEAR.match(text[e:].lstrip(" ,.")) or None
        d = int(before[1]) if before else (int(after[1]) if after else None)
        y = int(yr[1]) if yr else _future_year(mo, ref)
        if d and y and _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}"
        if y:
            return f"{y:04d}-{mo:02d}"
    if m := _RANGE.search(text):
        a, b = m[1], m[2]
        if len(b) == 2:
            b = a[:2] + b
        if int(a) < int(b):
            return f"{a}-{b}"
    if p := _phrase(text, c, ref):
        return p
    for m in _YEAR.finditer(text):
        if _NAMED.search(text[: m.start()]) or _NAMED_AFTER.match(text[m.end() :]):
            continue  # "Agenda 2030", "Expo 2020 Dubai": a year in a name
        if ref.year is None or int(m[1]) >= ref.year:
            return m[1]
    return None


def period_from(prev: str, c: Cues) -> str | None:
    """A period named in the previous sentence ("the Programme for 2018-2019"), for "this period"."""
    if m := _RANGE.search(ascii_digits(prev)):
        b = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        return f"{m[1]}-{b}"
    return None
