"""The one date grammar: every date a release writes, in every language, read in one place.

Absolute dates ("3 May 2018", "May 3, 2018", "03.05.2018", "2018-05-03", "2018年5月3日", "令和5年4月2日",
"2020 жылғы 9 қыркүйек"), partial ones (a day and a month without a year, a month alone or with its year),
the weekday named beside a date, the release's own day ("today", "вчера", "昨天", "on Monday") and the
due of a next step ("by March", "next year", "in the first half of 2019", "2019-2020", "within two
months"), normalised against the release's date.

Month and weekday names come from the ``[dates]`` table of each language file, stated once in the form
style of the language files (``lang/forms.py``). Each language's names compile into one alternation,
once per process; dates in running text are read with the names of every language at once (a day
number next to a month name is a date whatever the language, and a misdetected language must not lose
its date), due dates with the release language's alone (a month name without a day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _day
from datetime import timedelta
from functools import cache, lru_cache
from typing import Any

from ..lang import available_languages, fallback_language, resources
from ..lang.forms import alt

# Arabic-Indic, Persian and full-width digits → ASCII (one table for every stage that reads numbers);
# one character for one, so match positions stay valid in the original text
DIGITS = str.maketrans({chr(z + i): str(i) for z in (0x660, 0x6F0, 0xFF10) for i in range(10)})


def ascii_digits(text: str) -> str:
    return text.translate(DIGITS)


_Y = r"(?:1[89]|20)\d\d"  # the years releases write: the one year pattern of every stage
YEAR = re.compile(rf"(?<!\d)({_Y})(?!\d)")
YEAR_ONLY = re.compile(rf"{_Y}")  # a token that is a year (fullmatch)
_ISO = re.compile(rf"(?<!\d)(?P<y>{_Y})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_ISO_PREFIX = re.compile(rf"({_Y})(?:-(\d\d)(?:-(\d\d))?)?")
_NUMERIC = re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>{_Y})(?!\d)")
# what may be a date in a dateline's head: a year, a numeric date (also without its year: "03.05")
_NUMERIC_LOOSE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?(?!\d)")
_DAY = re.compile(r"(?<!\d)(?:[12]?\d|3[01])(?!\d)")


@dataclass(frozen=True)
class Date:
    """A date written in a text: its span and what it states (the year may be missing)."""

    start: int
    end: int
    year: int | None
    month: int
    day: int

    def iso(self, year: int | None = None) -> str | None:
        y = self.year or year
        if not y or not (1 <= self.month <= 12 and 1 <= self.day <= 31):
            return None
        return f"{y:04d}-{self.month:02d}-{self.day:02d}"


# ----------------------------------------------------------------------------- the [dates] data


@cache
def _langs() -> tuple[str, ...]:
    return (*available_languages(), "default")


def forms(lang: str, key: str) -> list[Any]:
    """The ``[dates]`` list ``key`` of ``lang``; a key the file does not set: the fallback language's
    (months excepted: a language without month names has none)."""
    v = resources(lang).get(f"dates.{key}")
    if v is None and key != "months":
        v = resources(fallback_language()).get(f"dates.{key}", [])
    return list(v) if isinstance(v, list) else [] if v is None else [v]


def _every(key: str) -> list[str]:
    return sorted({f for code in _langs() for f in forms(code, key) if isinstance(f, str)})


def _opt(key: str) -> str:
    """An optional group of every language's ``key`` forms."""
    fs = _every(key)
    return f"(?:{alt(fs)})" if fs else "(?!x)x"


@cache
def _units() -> tuple[str, str, str]:
    """Regex classes of every language's date units ([dates] units: "2019年9月10日", "9月10号")."""

    def unit(key: str) -> str:
        chars = "".join(
            sorted({c for code in _langs() for c in resources(code).get(f"dates.units.{key}", [])})
        )
        return f"[{re.escape(chars)}]" if chars else "(?!x)x"

    return unit("year"), unit("month"), unit("day")


@cache
def _unit_rx() -> re.Pattern[str]:
    """A date written with units, the day optional: "2019年9月10日", "9月10号", "3月" (a month alone: a due)."""
    y, m, d = _units()
    return re.compile(rf"(?:(?P<y>{_Y})\s*{y}\s*)?(?P<m>[01]?\d)\s*{m}(?:\s*(?P<d>[0-3]?\d)\s*{d})?")


@cache
def _unit_only_rx() -> re.Pattern[str]:
    """A unit date and nothing else: "2024年4月9日", "4月9日（星期二）", "2024年4月9日电" ([dates] date_marks)."""
    y, m, d = _units()
    wd = [
        f
        for c in _langs()
        if not resources(c).script.spaced
        for f in forms(c, "weekdays")
        if isinstance(f, str)
    ]
    marks = alt([*_every("date_marks"), "，", ",", "：", ":"])
    return re.compile(
        rf"\s*(?:\d{{2,4}}\s*{y}\s*)?\d{{1,2}}\s*{m}\s*\d{{1,2}}\s*{d}\s*(?:[（(]?(?:{alt(wd)})[）)]?)?(?:{marks})?\s*"
    )


def _month_groups(codes: tuple[str, ...], named: bool, bare: bool = False) -> str:
    """The month names of ``codes`` in one alternation; ``named``: month n in the group ``m<n>``;
    ``bare``: only names that stand for a month without a day beside them (written in full, accents
    as written: "set." and "marco" are a month in "3 set.", "3 de marco", not alone)."""
    by_month: list[list[str]] = [[] for _ in range(12)]
    for code in codes:
        months = forms(code, "months")
        if len(months) == 12:
            for i, fs in enumerate(months):
                by_month[i] += [f for f in fs if not (bare and f.endswith("\\."))]
    if not named:
        return alt([f for fs in by_month for f in fs])
    return "|".join(f"(?P<m{i + 1}>{alt(fs, strict=bare)})" for i, fs in enumerate(by_month))


def _month_of(m: re.Match[str]) -> int:
    return next(i for i in range(1, 13) if m.group(f"m{i}") is not None)


@cache
def month_rx(lang: str, bare: bool = False) -> re.Pattern[str] | None:
    """The month names of ``lang`` as whole words (any case), month n in group ``m<n>``; None when
    the language names no months. ``bare``: the names that are a month without a day."""
    if len(forms(lang, "months")) != 12:
        return None
    body = _month_groups((lang,), named=True, bare=bare)
    if not resources(lang).script.spaced:
        return re.compile(f"(?:{body})", re.IGNORECASE)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def any_month() -> re.Pattern[str]:
    """A month name of any language (fullmatch a token with it)."""
    return re.compile(_month_groups(_langs(), named=False), re.IGNORECASE)


def months_in(text: str, lang: str) -> list[tuple[int, int, int]]:
    """(month, start, end) of each month name of ``lang`` in ``text`` that is a month alone too."""
    rx = month_rx(lang, bare=True)
    return [(_month_of(m), m.start(), m.end()) for m in rx.finditer(text)] if rx else []


# ----------------------------------------------------------------------------- absolute dates


@cache
def _eras() -> dict[str, int]:
    """Era names → the Gregorian year before the era's first ("令和" = 2018: 令和5年 is 2023)."""
    out: dict[str, int] = {}
    for code in _langs():
        for name, first in (resources(code).get("dates.eras") or {}).items():
            out[name] = int(first) - 1
    return out


@cache
def _grammar() -> tuple[re.Pattern[str], ...]:
    """The date forms, tried in this order; an earlier one keeps its span."""
    m = _month_groups(_langs(), named=True)
    plain = _month_groups(_langs(), named=False)
    y = rf"(?P<y>{_Y})(?!\d)"
    yw = rf"(?:\s*{_opt('year_words')}(?!\w))?"
    ordinal = _opt("day_suffixes")
    suffix = rf"(?:\.|{ordinal})?"
    mlink = rf"(?:{_opt('month_links')}\s+)?"
    ylink = rf"(?:{_opt('year_links')}\s+)?"
    first = [w for c in _langs() if resources(c).get("dates.year_first") for w in forms(c, "year_words")]
    uy, um, ud = _units()
    out = []
    if eras := _eras():
        names = "|".join(re.escape(e) for e in sorted(eras, key=len, reverse=True))
        one = rf"(?P<first>{alt(_every('era_first'))})|"
        out.append(
            re.compile(
                rf"(?P<era>{names})\s*(?:{one}(?P<ey>\d{{1,2}}))\s*{uy}\s*(?P<m>[01]?\d)\s*{um}\s*(?P<d>[0-3]?\d)\s*{ud}"
            )
        )
    out += [
        re.compile(rf"(?:{y}\s*{uy}\s*)?(?P<m>[01]?\d)\s*{um}\s*(?P<d>[0-3]?\d)\s*{ud}"),
        _ISO,
        _NUMERIC,
    ]
    if first:
        out.append(re.compile(rf"{y}\s*(?:{alt(first)})\s*(?P<d>[0-3]?\d)\s*(?:{m})(?!\w)", re.IGNORECASE))
    # a span of days reads as its first: "13 – 14 kwietnia 2006", "April 13-14, 2006", "с 13 по 14 апреля"
    span = rf"(?:\s*[–—-]\s*|\s+{_opt('range_words')}\s+)"
    d_span = rf"(?<![\d.])(?:(?P<d0>[0-3]?\d){suffix}{span})?(?P<d>[0-3]?\d)"
    out += [
        re.compile(
            rf"{d_span}{suffix}\s*{mlink}(?:{m})(?:\s*/\s*(?:{plain}))?(?!\w)(?:,?\s*{ylink}{y}{yw})?",
            re.IGNORECASE,
        ),
        re.compile(
            rf"(?<!\w)(?:{m})\s+(?P<d>[0-3]?\d){ordinal}?(?:{span}[0-3]?\d{ordinal}?)?(?!\d)(?:,?\s*{y})?",
            re.IGNORECASE,
        ),
    ]
    return (*out, *_calendars())


_CALENDARS = ("hijri", "solar_hijri")  # [dates.<calendar>]: another calendar, read as its Gregorian day


def _calendars() -> list[re.Pattern[str]]:
    """ "١٤ رجب ١٤٤٥ هـ", "۱۵ دی ۱۴۰۲": day, month name, year (13xx-14xx) of another calendar; the
    calendar's index in group ``c<i>``, the month in ``h<n>``."""
    out = []
    for i, cal in enumerate(_CALENDARS):
        by_month: list[list[str]] = [[] for _ in range(12)]
        words: list[str] = []
        for code in _langs():
            table = resources(code).get(f"dates.{cal}") or {}
            if len(months := table.get("months", [])) == 12:
                for n, fs in enumerate(months):
                    by_month[n] += fs
                words += table.get("year_words", [])
        if not any(by_month):
            continue
        names = "|".join(f"(?P<h{n + 1}>{alt(fs)})" for n, fs in enumerate(by_month))
        yw = rf"(?:\s*(?:{alt(words)})(?!\w))?" if words else ""
        out.append(
            re.compile(
                rf"(?P<c{i}>)(?<![\d.])(?P<d>[0-3]?\d)\s*(?:{names})(?!\w)\s*(?P<hy>1[34]\d\d)(?!\d){yw}"
            )
        )
    return out


def _solar_to_gregorian(y: int, m: int, d: int) -> _day | None:
    """A Solar Hijri day → its Gregorian day. 1 Farvardin 1403 was 20 March 2024; leap years follow
    the 33-year cycle (8 leap years: 1375, 1379, … 1403, 1408), which holds from 1210 to 1634."""
    if not (1210 <= y < 1635 and 1 <= m <= 12 and 1 <= d <= (31 if m <= 6 else 30)):
        return None

    def leap(year: int) -> bool:
        return (year - 1375) % 33 in (0, 4, 8, 12, 16, 20, 24, 28)

    if m == 12 and d == 30 and not leap(y):
        return None
    step = 1 if y >= 1403 else -1
    days = sum(366 if leap(k) else 365 for k in range(min(y, 1403), max(y, 1403)))
    nowruz = _day(2024, 3, 20) + timedelta(days=step * days)
    return nowruz + timedelta(days=(m - 1) * 31 - max(0, m - 7) + d - 1)


def _lunar_to_gregorian(y: int, m: int, d: int) -> _day | None:
    """A lunar Hijri day → its Gregorian day (the Umm al-Qura calendar, 1343-1500 AH)."""
    from hijridate import Hijri  # only where a Hijri date is written

    try:
        return Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _other_calendar(m: re.Match[str]) -> _day | None:
    g = m.groupdict()
    month = next(n for n in range(1, 13) if g.get(f"h{n}") is not None)
    convert = _lunar_to_gregorian if g.get("c0") is not None else _solar_to_gregorian
    return convert(int(g["hy"]), month, int(g["d"]))


def find_dates(text: str) -> list[Date]:
    """Every date written in ``text`` (any of the supported languages), in order, non-overlapping."""
    return list(_find_dates(text))


@lru_cache(maxsize=4096)
def _find_dates(text: str) -> tuple[Date, ...]:
    """(A release's sentences are read by several stages: once is enough.)"""
    text = ascii_digits(text)
    found: list[Date] = []
    for rx in _grammar():
        for m in rx.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            g = m.groupdict()
            if g.get("hy"):
                if day_ := _other_calendar(m):
                    found.append(Date(m.start(), m.end(), day_.year, day_.month, day_.day))
                continue
            month = int(g["m"]) if g.get("m") else _month_of(m)
            day = int(g["d"])
            if g.get("d0") and 1 <= int(g["d0"]) < day:
                day = int(g["d0"])
            if not 1 <= day <= 31:
                continue
            year = int(g["y"]) if g.get("y") else None
            if g.get("era"):
                year = _eras()[g["era"]] + (1 if g["first"] else int(g["ey"]))
            found.append(Date(m.start(), m.end(), year, month, day))
    return tuple(sorted(found, key=lambda x: x.start))


def first_year(text: str, since: int = 0) -> int | None:
    """The first year written in ``text`` (from ``since`` on)."""
    for m in YEAR.finditer(ascii_digits(text)):
        if int(m[1]) >= since:
            return int(m[1])
    return None


def looks_like_date(s: str, lang: str) -> bool:
    """A year, a numeric date, or a day with a month name of ``lang``: what a dateline's date part holds."""
    s = ascii_digits(s)
    if YEAR.search(s) or _NUMERIC_LOOSE.search(s):
        return True
    rx = month_rx(lang)
    return bool(rx and _DAY.search(s) and rx.search(s))


def han_date_only(s: str) -> bool:
    """A Han date and nothing else: "2024年4月9日", "4月9日（星期二）", "2024年4月9日电"."""
    return bool(_unit_only_rx().fullmatch(ascii_digits(s)))


# ----------------------------------------------------------------------------- weekdays, relative days


@cache
def _weekday_rx() -> re.Pattern[str]:
    """Each weekday name of every language, weekday n (Monday = 0) in group ``w<n>``."""
    spaced: list[list[str]] = [[] for _ in range(7)]
    unspaced: list[list[str]] = [[] for _ in range(7)]
    for code in _langs():
        names = resources(code).get("dates.weekdays") or []
        if len(names) == 7:
            into = spaced if resources(code).script.spaced else unspaced
            for i, f in enumerate(names):
                into[i].append(f)
    groups = []
    for i in range(7):
        parts = [rf"(?<!\w)(?:{alt(spaced[i])})(?!\w)"] if spaced[i] else []
        parts += [f"(?:{alt(unspaced[i])})"] if unspaced[i] else []
        groups.append(f"(?P<w{i}>{'|'.join(parts) or '(?!x)x'})")
    return re.compile("|".join(groups), re.IGNORECASE)


def weekdays(text: str) -> list[tuple[int, int, int]]:
    """(weekday, start, end) of each weekday name in ``text`` (Monday = 0)."""
    return [
        (next(i for i in range(7) if m.group(f"w{i}") is not None), m.start(), m.end())
        for m in _weekday_rx().finditer(text)
    ]


def weekday_in(text: str, last: bool = False) -> int | None:
    """The weekday (Monday = 0) named in ``text``: the first, or the ``last`` ("este viernes 8")."""
    found = weekdays(text)
    return found[-1 if last else 0][0] if found else None


def weekday_forms(lang: str) -> list[str]:
    """The weekday names of ``lang`` as forms (the fallback language's when it names none)."""
    return [f for f in forms(lang, "weekdays") if isinstance(f, str)]


@cache
def _relative_rx(lang: str, key: str) -> re.Pattern[str] | None:
    fs = forms(lang, key)
    if not fs:
        return None
    if not resources(lang).script.spaced:
        return re.compile(alt(fs))
    return re.compile(rf"(?<!\w)(?:{alt(fs)})(?!\w)", re.IGNORECASE)


def relative_day(text: str, lang: str) -> int | None:
    """-1 when ``text`` says "yesterday" ("вчера", "昨天"), 0 for "today" ("сегодня", "今天"), else None."""
    for key, offset in (("yesterday", -1), ("today", 0)):
        rx = _relative_rx(lang, key)
        if rx is not None and rx.search(text):
            return offset
    return None


def shift(day: _day, offset: int) -> _day:
    return day + timedelta(days=offset)


def last_weekday(day: _day, weekday: int) -> _day:
    """The latest ``weekday`` on or before ``day``: "met on Monday" in a release of Wednesday is two
    days before it (a report tells what happened, so never a day after its own)."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def weekday_year(month: int, day: int, weekday: int, years: list[int]) -> int | None:
    """The first of ``years`` in which ``month``/``day`` falls on ``weekday``."""
    for y in dict.fromkeys(years):
        try:
            if _day(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            continue
    return None


def parse_iso(s: str | None) -> _day | None:
    """A day from an ISO string ("2018-05-03", "2018-05-03T10:00"), or None."""
    if not s or not _ISO.match(s):
        return None
    try:
        return _day.fromisoformat(s[:10])
    except ValueError:
        return None


# ----------------------------------------------------------------------------- due dates


@dataclass
class Ref:
    """The release date the relative expressions resolve against (any part may be unknown)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, iso: str | None) -> Ref:
        m = _ISO_PREFIX.match(iso) if iso else None
        if not m:
            return cls()
        return cls(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)


def find_date(text: str) -> str | None:
    """The first full date written in ``text`` (ISO)."""
    for d in find_dates(text):
        if d.year and (iso := d.iso()):
            return iso
    return None


@cache
def _range_rx() -> re.Pattern[str]:
    """A period of years: "2019-2020", "2019/20", "2019 to 2020" ([dates] range_words of every language)."""
    words = alt(_every("range_words"))
    return re.compile(rf"(?<!\d)({_Y})\s*(?:[-–—/]|\s(?:{words})\s)\s*((?:1[89]|20)?\d\d)(?!\d)")


# a capitalized word inside a sentence (not its first word) right before or after the year
_NAMED = re.compile(r"\w[ ,]+[A-ZА-ЯЁІЇЄ]\w*[a-zа-яёіїє]\w*[-\s]$")
_NAMED_AFTER = re.compile(r"[-\s][A-ZА-ЯЁІЇЄ][a-zа-яёіїє]")
_DAY_AFTER = re.compile(r"\s*(\d{1,2})(?!\d)")
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})\.?\s*$")


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        _day(y, mo, d)
    except ValueError:
        return False
    return True


def _future_year(mo: int, ref: Ref) -> int | None:
    """The year of a month written without one: the release's, or the next when the month is past."""
    if ref.year is None:
        return None
    if ref.month is not None and mo < ref.month:
        return ref.year + 1
    return ref.year


def _month_due(text: str, lang: str, ref: Ref) -> str | None:
    """The first month name of ``lang`` with its day and year when written ("3 февраля", "March 2019")."""
    for mo, s, e in months_in(text, lang):
        after = _DAY_AFTER.match(text[e:])
        before = _DAY_BEFORE.search(text[max(0, s - 5) : s])
        yr = YEAR.match(text[e:].lstrip(" ,."))
        d = int(before[1]) if before else (int(after[1]) if after else None)
        y = int(yr[1]) if yr else _future_year(mo, ref)
        if d and y and _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}"
        if y:
            return f"{y:04d}-{mo:02d}"
    return None


def normalize_due(text: str, lang: str, ref: Ref) -> str | None:
    """The due date or period stated in ``text`` (the action span of one step), or None."""
    text = ascii_digits(text)
    if m := _ISO.search(text):
        return m[0]
    if m := _unit_rx().search(text):  # 2019年9月10日, 3月
        mo = int(m["m"])
        y = int(m["y"]) if m["y"] else _future_year(mo, ref)
        if y and 1 <= mo <= 12:
            if m["d"] and _valid(y, mo, int(m["d"])):
                return f"{y:04d}-{mo:02d}-{int(m['d']):02d}"
            return f"{y:04d}-{mo:02d}"
    if due := _month_due(text, lang, ref):
        return due
    if m := _range_rx().search(text):
        a, b = m[1], m[2]
        if len(b) == 2:
            b = a[:2] + b
        if int(a) < int(b):
            return f"{a}-{b}"
    if p := _phrase(text, lang, ref):
        return p
    for m in YEAR.finditer(text):
        if _NAMED.search(text[: m.start()]) or _NAMED_AFTER.match(text[m.end() :]):
            continue  # "Agenda 2030", "Expo 2020 Dubai": a year in a name
        if ref.year is None or int(m[1]) >= ref.year:
            return m[1]
    return None


def period_from(prev: str) -> str | None:
    """A period named in the previous sentence ("the Programme for 2018-2019"), for "this period"."""
    if m := _range_rx().search(ascii_digits(prev)):
        b = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        return f"{m[1]}-{b}"
    return None


# relative periods: the [steps.due] table of the language (regular expressions, keys in priority order)

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


def _due_rx(f: str, spaced: bool) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{f})" if spaced else f"(?:{f})", re.IGNORECASE)


@cache
def _phrases(lang: str) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """The [steps.due] table compiled, keys in priority order."""
    table: dict[str, Any] = resources(lang).get("steps.due") or {}
    spaced = resources(lang).script.spaced
    first = [k for k in _PRIORITY if k in table]
    out = []
    for key in first + [k for k in table if k not in first]:
        fs = table[key]
        out.append((key, tuple(_due_rx(f, spaced) for f in (fs if isinstance(fs, list) else [fs]))))
    return tuple(out)


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


def strip_lead(action: str, lang: str) -> str:
    """``action`` without a time phrase that opens it ("найближчим часом продовжити" → "продовжити"):
    the due column holds it."""
    spaced = resources(lang).script.spaced
    for _, pats in _phrases(lang):
        for pat in pats:
            m = pat.match(action)
            rest = action[m.end() :].lstrip(" ,，") if m else ""
            if m and (len(rest.split()) >= 2 if spaced else len(rest) >= 3):
                return rest
    return action


def _number(s: str | None, lang: str) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s) if len(s) <= 6 else None  # a digit run, not a count (int() refuses 4,300 digits)
    words: dict[str, int] = resources(lang).get("steps.numbers") or {}
    for w, v in words.items():
        if s.lower().startswith(w):
            return int(v)
    return None


def _phrase(text: str, lang: str, ref: Ref) -> str | None:
    """A relative expression from [steps.due], normalized ("soon" stays a phrase: no date)."""
    phrases = _phrases(lang)
    gate = _any_phrase(lang)
    if not phrases or (gate is not None and not gate.search(text)):
        return None
    for key, pats in phrases:
        for pat in pats:
            if m := pat.search(text):
                return _resolve(key, m, pat, text, lang, ref)
    return None


def _resolve(key: str, m: re.Match[str], pat: re.Pattern[str], text: str, lang: str, ref: Ref) -> str:
    y = ref.year
    n = _number(m.groupdict().get("n"), lang)
    if key == "next_year":
        return str(y + 1) if y else m[0]
    if key == "this_year":
        return str(y) if y else m[0]
    if key == "this_month":
        return f"{y:04d}-{ref.month:02d}" if y and ref.month else m[0]
    if key == "next_month":
        if y and ref.month:
            ny, nm = (y + 1, 1) if ref.month == 12 else (y, ref.month + 1)
            return f"{ny:04d}-{nm:02d}"
        return m[0]
    if key in ("first_half", "second_half"):
        yr = YEAR.search(text[m.end() : m.end() + 12])
        yy: int | None = int(yr[1]) if yr else y
        nxt = next((ps for k, ps in _phrases(lang) if k == "next_year"), ())
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
        sy = y + 1 if y and ref.month and ref.month > last else y
        return f"{key} {sy}" if sy else key
    return key.replace("_", " ")
