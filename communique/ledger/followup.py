"""Follow-up: which releases report a commitment done, and when a commitment is overdue.

A release *reports* a category done when one of its sentences holds a completion form of that
category (``[ledger.done]`` in the language's file: "held the consultations", "signed",
"состоялись консультации", "签署了"), with no negation or commitment cue before it in the sentence
("did not sign", "agreed to sign", "will be signed" are not reports). The report's parties are the
release's canonical parties (the meeting's sides) plus the countries and organizations the sentence
names; its date is the meeting's date. Matching against the steps is done by the store, on canonical
parties, categories and dates only, so a Russian release can fulfil an English one's step.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from ..analysis.steps.cues import cues_for
from ..analysis.steps.parties import Parties
from ..document import Document
from ..lang import resources

# cues that make a completion form something still to come, or denied, when they precede it
_GUARDS = ("agree", "pledge", "planned", "future", "future_verb", "deontic", "negation", "hypothetical")
_MAX_PARTIES = 8  # a report names at most this many parties (the sides and a few more)


@dataclass(frozen=True)
class Report:
    """One release's statement that something of ``category`` was done."""

    category: str
    date: str  # ISO date of the release's meeting
    parties: tuple[str, ...]
    evidence: str  # the verbatim sentence


@dataclass
class Facts:
    """What the ledger needs from a release besides its readout (computed where it was analysed)."""

    content_hash: str
    reports: list[Report] = field(default_factory=list)


def content_hash(text: str) -> str:
    """The release's identity: its clean text (so the same release in two encodings is one)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _done_patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    table = resources(lang).get("ledger.done", {}) or {}
    bound = r"(?<!\w)" if cues_for(lang).spaced else ""
    out = []
    for category, forms in table.items():
        forms = [f for f in (forms if isinstance(forms, list) else [forms]) if f]
        if forms:
            body = "|".join(f"(?:{f})" for f in sorted(forms, key=len, reverse=True))
            out.append((category, re.compile(f"{bound}(?:{body})", re.IGNORECASE)))
    return tuple(out)


def _guarded(text: str, pos: int, lang: str) -> bool:
    """Whether a commitment, future or negation cue comes before ``pos`` in the sentence."""
    c = cues_for(lang)
    return any(m.end() <= pos for name in _GUARDS for m in c.find(name, text))


def facts(doc: Document) -> Facts:
    """The content hash and the completion reports of one analysed release."""
    out = Facts(content_hash(doc.text))
    pats = _done_patterns(doc.lang)
    meeting = doc.meeting
    when = (meeting.date if meeting is not None else None) or doc.source.date
    if not pats or not when or meeting is None:
        return out  # a report without a date cannot be said to come later than a commitment
    parties = Parties(doc, meeting)
    seen: set[str] = set()
    for s in doc.sentences:
        for category, pat in pats:
            if category in seen:
                continue
            m = next((m for m in pat.finditer(s.text) if not _guarded(s.text, m.start(), doc.lang)), None)
            if m is None:
                continue
            named = [x.name for x in parties.mentions(s.text) if x.name]
            sides = tuple(dict.fromkeys([*parties.parties, *named]))[:_MAX_PARTIES]
            if sides:
                seen.add(category)
                out.reports.append(Report(category, when, sides, s.text))
    return out


# ---- due dates ------------------------------------------------------------------------------

_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11}
_WITHIN = re.compile(r"^within (\d+) (day|week|month)s?$")
_SEASON = re.compile(r"^(spring|summer|autumn) (\d{4})$")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _after(start: date, n: int, unit: str) -> date:
    if unit == "month":  # calendar months, the day clamped to the month's length
        y, m = divmod(start.month - 1 + n, 12)
        end = _month_end(start.year + y, m + 1)
        return end.replace(day=min(start.day, end.day))
    return start + timedelta(days=n * (7 if unit == "week" else 1))


def deadline(due: str | None, when: str | None) -> str | None:
    """The last day a step's ``due`` allows (ISO), or None when it names no fixed time ("soon").

    ``due`` takes the forms the step extractor writes: 2020-05-17, 2020-05, 2020, 2020-2022, 2020-H1,
    "summer 2020", "within 3 months" (counted from the release's date ``when``).
    """
    if not due:
        return None
    d = due.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
            return date.fromisoformat(d).isoformat()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", d):
            return _month_end(int(m[1]), int(m[2])).isoformat()
        if m := re.fullmatch(r"(\d{4})(?:-(\d{4}))?", d):
            return date(int(m[2] or m[1]), 12, 31).isoformat()
        if m := re.fullmatch(r"(\d{4})-H([12])", d):
            return _month_end(int(m[1]), 6 if m[2] == "1" else 12).isoformat()
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", d):
            return _month_end(int(m[1]), 3 * int(m[2])).isoformat()
        if m := _SEASON.match(d):
            return _month_end(int(m[2]), _SEASON_END[m[1]]).isoformat()
        if (m := _WITHIN.match(d)) and when:
            return _after(date.fromisoformat(when[:10]), int(m[1]), m[2]).isoformat()
    except ValueError:
        return None
    return None
