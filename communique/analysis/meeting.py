"""Meeting facts: kind, date, place and participants of the meeting a release reports.

Rules over per-language resources (the ``[meeting]`` table of ``lang/<code>.toml``: month and
weekday names, role titles, honorifics, locative prepositions, case endings, kind cues) and the
gazetteer of countries, organizations and cities (``entities.py``). No model, no download: a
release takes a few milliseconds.

The meeting is read where releases state it: the title, a dateline ("Astana, 16 May 2018 –"),
and the first sentence that carries a meeting cue ("held talks with", "состоялась встреча").
People, dates and cities mentioned elsewhere (past visits, conferences, planned trips) are
ignored on purpose.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as _day
from functools import cache, lru_cache

from ..document import Document, Sentence
from ..lang import Resources, fallback_language, resources
from ..lang.forms import alt as _alt
from ..lang.forms import form as _form
from ..lang.forms import words_rx as _words_rx
from ..readout import Meeting, MeetingKind, Participant
from .cues import cue_list as _list
from .cues import cue_rx as _cue_rx
from .cues import every as _every
from .cues import has as _has
from .cues import rx as _rx
from .dateline import all_cities as _all_cities
from .dateline import head as _split_title
from .dates import DIGITS as _DIGITS
from .dates import Date as _Date
from .dates import (
    any_month,
    find_dates,
    first_year,
    last_weekday,
    month_rx,
    parse_iso,
    relative_day,
    shift,
    weekday_forms,
    weekday_in,
    weekday_year,
    weekdays,
)
from .entities import (
    Entity,
    canonical,
    cities,
    city_country,
    city_set,
    entity_kind,
    find_entities,
    implied_country,
    issuer_country,
)
from .morph import role_nominative
from .places import world_cities

# capitals only: the Latin Extended blocks interleave cases ("Ś" then "ś"), so list them one by one
_EXT = [chr(c) for c in range(0x100, 0x250)]
_UP = "A-ZÀ-ÖØ-Þ" + "".join(c for c in _EXT if c.isupper()) + "А-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ"
_LOW = "a-zß-öø-ÿ" + "".join(c for c in _EXT if c.islower()) + "а-яёіїєґәғқңөұүһ"
_WORDS = re.compile(r"\w+")
_CASED = re.compile(rf"[{_UP}]")
_DASH = "–—\\-"


# ----------------------------------------------------------------------------- helpers


@dataclass
class _Ctx:
    doc: Document
    res: Resources
    lang: str
    head: list[Sentence]  # title + first body sentences
    title: list[Sentence]
    body: list[Sentence]
    dateline: Sentence | None
    meeting_sent: Sentence | None
    meeting_found: bool = False
    meeting_sents: list[Sentence] = field(default_factory=list)
    people_cache: dict[int, list[_Person]] = field(default_factory=dict)
    dl_city: str | None = None
    dl_sent: Sentence | None = None  # the sentence the dateline was read in, and its date there
    dl_date: _Date | None = None
    end_date: _Date | None = None  # a dateline under the text ("Paris, le 30 mai 2022")
    end_city: str | None = None


# ----------------------------------------------------------------------------- date


def _marked(s: Sentence, d: _Date, lang: str) -> bool:
    """A date the text marks as past or future ("since 24 February", "14 April last", "пройдет 20 мая"):
    an earlier event or a planned one, not the meeting being reported."""
    text = s.text.translate(_DIGITS)
    before = _rx(r"[.;:!?。；]").split(text[max(0, d.start - 45) : d.start])[-1]
    after = text[d.end : d.end + 15]
    for key in ("past_marks", "future_marks"):
        if not _list(resources(lang), key):
            continue
        rx = _cue_rx(lang, key)
        if rx.search(before) or rx.search(after):
            return True
    return False


def _full_dates(sents: list[Sentence], lang: str) -> list[int]:
    return [d.year for s in sents for d in find_dates(s.text) if d.year and not _marked(s, d, lang)]


def _year_hint(ctx: _Ctx, dl_date: _Date | None) -> int | None:
    """The year of a date written without one ("3 января"): the release's own date first."""
    if dl_date and dl_date.year:
        return dl_date.year
    if ctx.doc.source.date and _rx(r"\d{4}-").match(ctx.doc.source.date):
        return int(ctx.doc.source.date[:4])
    lead = [*ctx.body[:1], *ctx.meeting_sents[:2]]
    years = _full_dates([*([ctx.dateline] if ctx.dateline else []), *ctx.title, *lead], ctx.lang)
    # a date under the text (Russian MFA: "3 января 2020 года" as the last line), before any year in
    # the first paragraphs, which may recall an earlier event ("прошло в мае 2019 года")
    years += _full_dates([*ctx.doc.sentences[-3:][::-1], *ctx.head], ctx.lang)
    years += _full_dates(ctx.doc.sentences, ctx.lang)  # a publication line anywhere ("Comunicado | 8 de ...")
    if years:
        return years[0]
    return first_year(ctx.doc.text, since=1950)


def _weekday_year(d: _Date, weekday: int, year: int | None, ctx: _Ctx) -> int | None:
    """The year in which ``d`` falls on ``weekday``: the release's years first, then the nearest."""
    if d.year or not year:
        return d.year or year
    cands = [year, *_full_dates(ctx.doc.sentences, ctx.lang)]
    cands += [year + k * sgn for k in range(1, 7) for sgn in (1, -1)]
    return weekday_year(d.month, d.day, weekday, cands) or year


def _release_date(ctx: _Ctx, dl_date: _Date | None, year: int | None) -> _day | None:
    """The day the release was issued: its dateline (top or bottom), else the page's date, else a full
    date above the text ("By ... | Updated: 2017-04-28 13:23")."""
    for d in (dl_date, ctx.end_date):
        if d and (iso := d.iso(year)):
            return _day.fromisoformat(iso)
    if page := parse_iso(ctx.doc.source.date):
        return page
    stamp = next(
        (d for s in ctx.title for d in find_dates(s.text) if d.year and not _marked(s, d, ctx.lang)), None
    )
    return parse_iso(stamp.iso()) if stamp else None


def _is_dateline_date(ctx: _Ctx, s: Sentence, d: _Date) -> bool:
    """The dateline's own date, read in ``s`` ("BEIJING, Nov. 2 (Xinhua) -- ... met on Monday")."""
    return s is ctx.dl_sent and ctx.dl_date is not None and d.start == ctx.dl_date.start


def _meeting_weekday(s: Sentence, lang: str) -> int | None:
    """The weekday a meeting sentence names for the meeting ("met on Monday", "周一会见", "в понедельник
    провел переговоры"): near its meeting cue, no future mark in the sentence ("will meet on Friday")."""
    cue = _cue_rx(lang, "meeting_cues").search(s.text)
    if cue is None or (_list(resources(lang), "future_marks") and _has(lang, "future_marks", s.text)):
        return None
    near = [
        (abs(a - cue.start()), wd)
        for wd, a, _ in weekdays(s.text)
        if not _reported(s.text[max(0, a - 200) : a], lang)
    ]
    return min(near)[1] if near else None


def _reported(before: str, lang: str) -> bool:
    """The report's own day, not the meeting's: a report cue in the weekday's clause with no meeting cue
    after it ("..., according to a statement published on Thursday"; not "said ... in a meeting on Thursday")."""
    if not _list(resources(lang), "report_cues"):
        return False
    clause = _rx(r"[,;:(，；：]").split(before)[-1]
    ends = [m.end() for m in _cue_rx(lang, "report_cues").finditer(clause)]
    return bool(ends) and not _cue_rx(lang, "meeting_cues").search(clause, ends[-1])


def _extract_date(ctx: _Ctx, dl_date: _Date | None) -> str | None:
    year = _year_hint(ctx, dl_date or (ctx.end_date if ctx.end_date and ctx.end_date.year else None))
    lang = ctx.lang
    lead = list({s.index: s for s in [*ctx.body[:1], *ctx.meeting_sents[:2]]}.values())
    scan = [*ctx.title, *lead]
    # A. a date tied to a weekday ("ce jeudi 8 novembre", "am Montagabend (13. April)"); the weekday
    # picks the year when none is written
    for s in scan:
        for d in find_dates(s.text):
            before = s.text.translate(_DIGITS)[max(0, d.start - 30) : d.start]
            after = s.text.translate(_DIGITS)[d.end : d.end + 8]  # "4月2日（日曜日）"
            wd = weekday_in(before, last=True)
            if wd is None and (d.year is None or not ctx.res.script.spaced):
                wd = weekday_in(after) if _rx(r"^\s*[（(]").match(after) else None
            if wd is None or _marked(s, d, lang) or _is_dateline_date(ctx, s, d):
                continue  # the dateline's weekday is the day of the release, not the meeting's
            if iso := d.iso(_weekday_year(d, wd, year, ctx)):
                return iso
    # B. a date that opens the meeting sentence ("27 марта 2018 г. в Лондоне...", "On 1 October 2018,"):
    # it may differ from the dateline, which is the day of publication
    for s in lead:
        for d in find_dates(s.text)[:1]:
            if (
                d.start <= 12
                and not _marked(s, d, lang)
                and not _is_dateline_date(ctx, s, d)
                and (iso := d.iso(year))
            ):
                return iso
    # B'. "met today", "сегодня", "اليوم", "今天" in the meeting sentence: the release's own date
    released = _release_date(ctx, dl_date, year)
    for s in lead[:2]:
        if released is None:
            break
        if any(not _marked(s, d, lang) and not _is_dateline_date(ctx, s, d) for d in find_dates(s.text)):
            break  # a date of its own decides below
        if (offset := relative_day(s.text, lang)) is not None:
            return shift(released, offset).isoformat()
        if (wd := _meeting_weekday(s, lang)) is not None:
            return last_weekday(released, wd).isoformat()
    # C. the dateline, at the top or under the text ("Paris, le 30 mai 2022")
    for dd in (dl_date, ctx.end_date):
        if dd and (iso := dd.iso(year)):
            return iso
    # D. a date in the headline, then one in the meeting sentence
    for s in [*ctx.title, *([ctx.meeting_sent] if ctx.meeting_sent else [])]:
        for d in [x for x in find_dates(s.text) if not _marked(s, x, lang)][:1]:
            if iso := d.iso(year):
                return iso
    # E. the page's metadata date ("met today ...")
    if ctx.doc.source.date and _rx(r"\d{4}-\d\d-\d\d").match(ctx.doc.source.date):
        return ctx.doc.source.date[:10]
    # F. the first full date near the top
    for s in ctx.body[:8]:
        for d in find_dates(s.text):
            if not _marked(s, d, lang) and (iso := d.iso(year)):
                return iso
    # G. nothing else: a date the text marks as past ("el pasado 8 de octubre") may be the meeting's own
    for s in [*ctx.title, *lead]:
        for d in find_dates(s.text):
            if _has(lang, "past_marks", s.text) and (iso := d.iso(year)):
                return iso
    return None


# ----------------------------------------------------------------------------- place


@cache
def _city_index(lang: str) -> tuple[dict[str, str], dict[str, int]]:
    """A language's cities by their lower case, and each one's place in its list."""
    known = cities(lang)
    rank: dict[str, int] = {}
    for i, c in enumerate(known):
        rank.setdefault(c, i)
    return {c.lower(): c for c in known}, rank


def _place_base(word: str, lang: str, res: Resources) -> str:
    word = word.strip(" ,.;:«»\"“”'")
    low, rank = _city_index(lang)
    if word.lower() in low:
        return low[word.lower()]
    # "Berlin-Tegel" → "Berlin": of the known cities written before a hyphen, the first listed
    heads = [word[:i] for i, ch in enumerate(word) if ch == "-" and word[:i] in rank]
    if heads:
        return min(heads, key=rank.__getitem__)
    if (k := _all_cities().get(word.lower())) and k[:1].isupper() == word[:1].isupper():
        return k  # a city of another language's list, written alike ("Гуанчжоу" does not decline)
    rules = [tuple(r) for r in res.get("meeting.place_suffixes", []) or []]
    guesses, vowel_pairs = [], []
    vowels = "аеёиоуыэюяіїєaeiouәөүұ"
    for end, rep in rules:
        if word.endswith(end) and len(word) - len(end) >= 2:
            if len(end) == 1 and end in vowels and word[-2].lower() in vowels:
                # "Гуанчжоу", "Токио": a vowel after a vowel is the name's own, not a case ending, unless
                # the world's cities know the guess ("Генуе" → "Генуя")
                vowel_pairs.append(word[:-1] + rep)
                continue
            guess = word[: len(word) - len(end)] + rep
            if guess.lower() in low:
                return low[guess.lower()]
            guesses.append(guess)
    world = world_cities(lang)
    if (
        world is not None and word not in world
    ):  # the base form the world's cities know ("Анталье" → "Анталья")
        return next((g for g in [*guesses, *vowel_pairs] if g in world), guesses[0] if guesses else word)
    return guesses[0] if guesses else word


def _is_place_word(word: str, ctx: _Ctx) -> bool:
    if not word or not _CASED.match(word) or canonical(word, ctx.lang):
        return False
    stop = _stop_rx(ctx.lang).fullmatch(word) or any_month().fullmatch(word)
    return not (stop or _title_rx(ctx.lang).fullmatch(word))


@cache
def _locative_rx(lang: str) -> re.Pattern[str]:
    """A locative preposition and up to three capitalized words ("in New Delhi", "в Москве")."""
    name = rf"[{_UP}][\w'’]+(?:-[\w'’]+)*"
    res = resources(lang)
    preps = _list(res, "locative")
    # lowercase words inside a city's name ("Ciudad de México", "Frankfurt am Main")
    links = [w for w in res.get("meeting.place_links", []) or [] if w]
    link = rf"(?:\s+(?:{_alt(links)}))?" if links else ""
    # the preposition in any case: "В Киеве, как сообщает ...", "In Astana, the ministers ..."
    return re.compile(rf"(?<!\w)(?i:{_alt(preps)})\s+({name}(?:{link}\s+{name}){{0,2}})")


@cache
def _arrival_rx(lang: str) -> re.Pattern[str]:
    """An arrival word and a capitalized word or two, read in a travel sentence ("welcomed ... to Brisbane")."""
    name = rf"[{_UP}][\w'’]+(?:-[\w'’]+)*"
    return re.compile(rf"(?<!\w)(?:{_alt(_list(resources(lang), 'arrival'))})\s+({name}(?:\s+{name})?)")


@cache
def _locative_adj_rx(lang: str) -> re.Pattern[str]:
    """A locative preposition, one lowercase word, a capitalized word ("в турецкой Анталье")."""
    preps = _list(resources(lang), "locative")
    return re.compile(rf"(?<!\w)(?:{_alt(preps)})\s+[{_LOW}][\w-]+\s+([{_UP}][\w'’-]+)")


@cache
def _locative_suffix_rx(lang: str) -> re.Pattern[str]:
    """A capitalized word with a locative ending ("Астанада", "Москвада")."""
    sufs = _list(resources(lang), "locative_suffixes")
    return re.compile(rf"(?<!\w)([{_UP}][\w'’-]+(?:{_alt(sufs)}))(?!\w)")


def _elsewhen(s: Sentence, a: int, b: int, lang: str) -> bool:
    """A place tied to a past or planned date ("في جدة في 14 نيسان الماضي", "in Oslo on 3 May last year"), or
    one its clause puts ahead ("sollen sich 2014 in Sankt Petersburg treffen"): another meeting's."""
    if any(
        (b <= d.start <= b + 25 or a - 25 <= d.end <= a) and _marked(s, d, lang) for d in find_dates(s.text)
    ):
        return True
    clause = _rx(r"[,;:.!?，；：。]").split(s.text[max(0, a - 60) : a])[-1]
    return bool(_list(resources(lang), "future_marks")) and _has(lang, "future_marks", clause)


def _locative_place(s: Sentence, ctx: _Ctx, guess: bool = True) -> str | None:
    """The city after a locative in ``s``: a known one, else (``guess``) a capitalized word that reads as
    one, not inside a capitalized name ("Organizacji Bezpieczeństwa i Współpracy w Europie")."""
    text = s.text
    lang = ctx.lang
    if not ctx.res.script.cased:  # no capitals to find a place by: known cities after a locative
        found: list[tuple[int, int, str]] = []
        for c in cities(lang):
            for prep in _list(ctx.res, "locative"):
                for form in (f"{prep}{c}", f"{prep} {c}"):
                    at = text.find(form)
                    while at >= 0:
                        end = at + len(form)
                        if not _elsewhen(s, at, end, lang):
                            found.append((at, -len(c), c))
                        at = text.find(form, end)
        if found:
            return min(found)[2]  # the first place the text names, the longest name there
        if not ctx.res.script.spaced and (p := _zh_place(text, ctx)):
            return p
        if _list(ctx.res, "locative_after"):  # Japanese: "北京で…会談" (the particle follows the place)
            post = _alt(_list(ctx.res, "locative_after"))
            for m in _rx(rf"(?:^|(?<=[は、，,\s]))([\u4e00-\u9fff]{{2,4}})(?:{post})(?![すきはあ])").finditer(
                text
            ):
                cand = m.group(1)
                if not (
                    canonical(cand, lang)
                    or _abbreviations(cand, lang)
                    or _title_rx(lang).search(cand)
                    or _elsewhen(s, m.start(), m.end(), lang)
                ):
                    return cand
        return _world_place(s, ctx)
    preps = _list(ctx.res, "locative")
    if preps:
        found_m = [m for m in _locative_rx(lang).finditer(text) if not _elsewhen(s, m.start(), m.end(), lang)]
        if _list(ctx.res, "arrival") and _has(lang, "travel_cues", text):  # "welcomed ... to Brisbane"
            found_m += [
                m for m in _arrival_rx(lang).finditer(text) if not _elsewhen(s, m.start(), m.end(), lang)
            ]
        matches = [m.group(1).split() for m in found_m]
        # a known city anywhere first ("en Palacio Nacional, en la Ciudad de México": the building is
        # not the city), the longest first ("New Delhi", "Buenos Aires"); else the first word
        for words in matches:
            for k in range(len(words), 0, -1):
                cand = " ".join(words[:k])
                base = _place_base(cand, lang, ctx.res)
                if base in cities(lang):
                    return base
        world = world_cities(lang)
        if world is not None:  # then one of the world's cities, unless all its words are never a place's
            stop = _stop_rx(lang)  # ("Casa Blanca": the building)
            for words in matches:
                for k in range(len(words), 0, -1):
                    if all(stop.fullmatch(w) for w in words[:k]):
                        continue
                    if (base := _place_base(" ".join(words[:k]), lang, ctx.res)) in world:
                        return base
        # "в турецкой Анталье", "in the Turkish city of Antalya" is not this: one lowercase word between
        # the preposition and a known city
        for m in _locative_adj_rx(lang).finditer(text):
            base = _place_base(m.group(1), lang, ctx.res)
            if (base in cities(lang) or (world is not None and base in world)) and not _elsewhen(
                s, m.start(), m.end(), lang
            ):
                return base
        if (p := _after_venue(s, ctx)) is not None:
            return p
        for m in found_m if guess else ():  # a word no gazetteer knows: after a lowercase preposition ("In
            word = m.group(1).split()[0]  # Brief"), not inside a capitalized name ("Współpracy w Europie")
            inside = _rx(rf"[{_UP}][\w'’-]+\s+(?:\w+\s+)?$").search(text[: m.start()])
            if inside and inside.start() > 0:
                continue
            if (
                m.group(0)[:1].islower()
                and _is_place_word(word, ctx)
                and not _has(lang, "meeting_cues", word)
            ):
                return _place_base(word, lang, ctx.res)
    if _list(ctx.res, "locative_suffixes"):
        world = world_cities(lang)
        for m in _locative_suffix_rx(lang).finditer(text):
            base = _place_base(m.group(1), lang, ctx.res)
            if _elsewhen(s, m.start(), m.end(), lang):
                continue
            if base in cities(lang) or (world is not None and base in world):
                return base
    return None


def _after_venue(s: Sentence, ctx: _Ctx) -> str | None:
    """A city right after a sidelines phrase, as its adjective too ("на полях Мюнхенской конференции")."""
    if not _list(ctx.res, "venue_cues"):
        return None
    world = world_cities(ctx.lang)
    for m in _cue_rx(ctx.lang, "venue_cues").finditer(s.text):
        nxt = _rx(rf"\s+([{_UP}][\w'’-]+)").match(s.text, m.end())
        base = _place_base(nxt.group(1), ctx.lang, ctx.res) if nxt else None
        if base and (base in cities(ctx.lang) or (world is not None and base in world)):
            return base
    return None


def _event_city(s: Sentence, ctx: _Ctx) -> str | None:
    """The city where a later sentence places the event a sidelines phrase names by its short name
    ("در حاشیه ... اجلاس ... (اکو)" ... "نشست ... (اکو) در مشهد")."""
    cue = _cue_rx(ctx.lang, "venue_cues").search(s.text)
    short = _rx(r"\(([^()\d]{2,12})\)").search(s.text, cue.end()) if cue else None
    if short is None:
        return None
    mark = short.group(0)
    for t in ctx.body[:30]:
        if t.index > s.index and mark in t.text and (p := _locative_place(t, ctx)):
            return p
    return None


def _world_place(s: Sentence, ctx: _Ctx) -> str | None:
    """A city of the world's gazetteer where nothing else marks one (uncased scripts): only with a
    locative before it ("في ", "در ", "在", written onto it: "بالرياض"), an arrival word in a travel
    sentence ("به تهران سفر"), or a locative particle after it ("ニューヨークで", "…を訪問")."""
    world = world_cities(ctx.lang)
    if world is None:
        return None
    text, res = s.text, ctx.res
    before = [*_list(res, "locative")]
    if _list(res, "travel_cues") and _has(ctx.lang, "travel_cues", text):
        before += _list(res, "arrival")
    glued = _list(res, "locative_glued")
    after = [*_list(res, "locative_after"), *_list(res, "place_after")]
    spaced = res.script.spaced
    for a, b in world.find(text):
        inside = (b < len(text) and text[b].isalnum()) or (
            a > 0 and text[a - 1].isalnum() and text[a - 1] not in glued
        )
        if spaced and inside:
            continue  # inside a word ("الرياضة": sport, not Riyadh)
        head = text[:a].rstrip() if spaced else text[:a]
        lead = text[: a - 1] if spaced and a > 0 and text[a - 1] in glued else None
        ok = any(
            head.endswith(p) and (not spaced or len(head) == len(p) or not head[-len(p) - 1].isalnum())
            for p in before
        )
        ok = ok or (lead is not None and (not lead or not lead[-1].isalnum()))
        ok = ok or any(text.startswith(p, b) for p in after)
        if ok and not _elsewhen(s, a, b, ctx.lang) and not canonical(text[a:b], ctx.lang):
            return text[a:b]
    return None


@cache
def _zh_place_rx(lang: str) -> re.Pattern[str]:
    """ "在广西桂林同…会谈": a place between a locative and the verb or preposition of the meeting."""
    res = resources(lang)
    preps = _list(res, "locative") or ["在"]
    verbs = [*_list(res, "place_followers"), *_list(res, "meeting_cues")]
    return re.compile(rf"(?:{_alt(preps)})([\u4e00-\u9fff]{{2,8}}?)(?:{_alt(verbs)})")


def _zh_place(text: str, ctx: _Ctx) -> str | None:
    stop = [x for x in _list(ctx.res, "stop") if x]
    for m in _zh_place_rx(ctx.lang).finditer(text):
        cand = m.group(1)
        ents = find_entities(cand, ctx.lang)
        if ents and ents[0].start == 0 and len(cand) - ents[0].end >= 2:
            cand = cand[ents[0].end :]  # "老挝万象" → "万象": the country in front of its city
        if (
            any(x in cand for x in stop)
            or canonical(cand, ctx.lang)
            or _abbreviations(cand, ctx.lang)
            or _has(ctx.lang, "meeting_cues", cand)
        ):
            continue
        for pre in sorted(_list(ctx.res, "region_prefixes"), key=len, reverse=True):
            if pre and cand.startswith(pre) and len(cand) - len(pre) >= 2:
                return cand[len(pre) :]  # "广西桂林" → "桂林"
        return cand
    return None


def _extract_place(ctx: _Ctx, kind: str, dl_city: str | None, date: str | None = None) -> str | None:
    if kind == "phone-call":
        return None  # a readout's dateline is where it was issued, not where anyone met
    lead = list({s.index: s for s in [*ctx.meeting_sents[:2], *ctx.title, *ctx.body[:2]]}.values())
    # "s'est rendue à Kyiv", "прибыл в Гуанчжоу": where the minister went beats where the ministry wrote
    if _list(ctx.res, "travel_cues"):
        for s in lead:
            if _has(ctx.lang, "travel_cues", s.text) and (p := _locative_place(s, ctx)):
                return p
    if kind == "statement":
        return None
    # "встреча состоялась в Чолпон-Ате", "a margine della ministeriale in corso a Liverpool": the city of the
    # meeting sentence beats the dateline's (an agency writes from its own desk)
    if ctx.meeting_found and (p := _locative_place(ctx.meeting_sents[0], ctx)):
        return p  # the first meeting sentence only: a later one may recall earlier meetings elsewhere
    # "a margine della ministeriale G7 in corso a Liverpool", "on the sidelines of ... in New York": where the
    # meeting sat beats where the agency wrote
    if _list(ctx.res, "venue_cues"):
        for s in {x.index: x for x in [*lead, *ctx.body[:3]]}.values():
            if _has(ctx.lang, "venue_cues", s.text) and (p := _locative_place(s, ctx) or _event_city(s, ctx)):
                return p
    # the dateline, at the top or under the text ("عمّان في 1 أيار 2023"): where the release was written
    if city := dl_city or ctx.end_city:
        city = city.title() if city.isupper() else city
        head, _, tail = city.partition(",")
        if tail.strip() and canonical(tail, ctx.lang):  # "Reykjavik, Iceland": the city, not its country
            city = head.strip()
        return _place_base(city, ctx.lang, ctx.res)
    # then the other meeting sentences of the first paragraphs (a subtitle may hold the first meeting cue),
    # the rest of the first paragraph ("Rice macht in Berlin Station"), a later meeting sentence that
    # writes the meeting's own day ("1. A Ministerial meeting ... took place on 25 September 2019 in New York")
    later = [*(m for m in ctx.meeting_sents if m not in lead), *_lead_paragraph(ctx), *_dated(ctx, date)]
    rest = list({x.index: x for x in later if x not in lead}.values())
    # (a word no gazetteer knows only in the lead: further on, "в Закавказье" is what the talks were about)
    for s in [*lead, *rest]:
        if p := _locative_place(s, ctx, guess=s in lead):
            return p
    # last: a known city where the minister travelled or met further down ("Напомним, глава МИД прибыл
    # в Минск", "Лавров и Шукри встретились ... в Каире"), or that a visit names ("посетил Каир")
    cues = [k for k in ("travel_cues", "meeting_cues") if _list(ctx.res, k)]
    for s in [*lead, *ctx.body[2:8]]:
        if not any(_has(ctx.lang, k, s.text) for k in cues):
            continue
        if s not in lead and (p := _locative_place(s, ctx, guess=False)):
            return p
        if p := _visited(s, ctx):
            return p
    return None


def _visited(s: Sentence, ctx: _Ctx) -> str | None:
    """A known city right after a travel word, with no preposition ("посетил Каир", "visited Cairo")."""
    if not (ctx.res.script.cased and _list(ctx.res, "travel_cues")):
        return None
    world = world_cities(ctx.lang)
    for m in _cue_rx(ctx.lang, "travel_cues").finditer(s.text):
        nxt = _rx(rf"\s+([{_UP}][\w'’-]+)").match(s.text, m.end())
        if nxt and not _elsewhen(s, m.start(), nxt.end(), ctx.lang):
            base = _place_base(nxt.group(1), ctx.lang, ctx.res)
            if base in cities(ctx.lang) or (world is not None and base in world):
                return base
    return None


def _lead_paragraph(ctx: _Ctx) -> list[Sentence]:
    """The first paragraph's sentences (a headline without a full stop may be glued to its first)."""
    return [s for s in ctx.body[:6] if s.para == ctx.body[0].para] if ctx.body else []


def _dated(ctx: _Ctx, date: str | None) -> list[Sentence]:
    """Meeting sentences further down that write the meeting's day: they state the meeting again."""
    if not date:
        return []
    return [
        s
        for s in ctx.body[4:30]
        if _has(ctx.lang, "meeting_cues", s.text) and any(d.iso() == date[:10] for d in find_dates(s.text))
    ]


# ----------------------------------------------------------------------------- people


@cache
def _title_rx(lang: str) -> re.Pattern[str]:
    forms = _list(resources(lang), "titles")
    script = resources(lang).script
    if not script.spaced:
        return re.compile(_alt(forms, script.variants))
    if pre := script.title_prefix:  # "ووزير خارجية العراق": the conjunction و is written onto the title
        return re.compile(rf"(?:(?<!\w)|(?<=(?<!\w){pre}))(?:{_alt(forms)})(?!\w)", re.IGNORECASE)
    return _words_rx(forms)


@cache
def _stop_rx(lang: str) -> re.Pattern[str]:
    res = resources(lang)
    forms = [*_list(res, "stop"), *_list(res, "honorifics")]
    for code in dict.fromkeys(
        (lang, fallback_language())
    ):  # weekdays of other languages may be names ("Domingo")
        forms += weekday_forms(code)
    return re.compile(rf"(?:{_alt(forms)})", re.IGNORECASE)


_SYL = re.compile(rf"^[{_UP}]$")
_INIT = re.compile(rf"^(?:[{_UP}]\.){{1,3}}$")
_GLUED = re.compile(rf"^(?:[{_UP}]\.\s?){{1,3}}[{_UP}][\w'’]+(?:-[\w'’]+)*$")
_CAP = re.compile(rf"^[{_UP}][\w'’]*[{_LOW}][\w'’]*(?:-[\w'’]+)*$")
_PUNCT_END = ',;:()«»"“”„'
_WORD_RUN = re.compile(r"\S+")


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    brk: bool  # punctuation right after it


@dataclass
class _Person:
    tokens: list[str]
    start: int
    end: int
    role: str | None = None
    role_start: int | None = None
    accepted: bool = False
    sent: int = -1
    honorific: bool = False
    declined: bool = False  # a case ending was removed: a written nominative elsewhere is safer

    @property
    def name(self) -> str:
        return " ".join(self.tokens)

    @property
    def surname(self) -> str:
        last = self.tokens[-1]
        return _rx(rf"^(?:[{_UP}]\.\s?)+").sub("", last)

    @property
    def full(self) -> bool:
        if any(_rx(r"[\u30a1-\u30fa\u3400-\u9fff]").search(t) for t in self.tokens):
            return True  # Chinese names, and foreign names in katakana, are written whole
        uncased = [t for t in self.tokens if t[:1].isalpha() and t[:1].lower() == t[:1].upper()]
        syllable = len(self.tokens) == 2 and bool(_SYL.match(self.tokens[1]))  # "Ван И"
        return sum(bool(_CAP.match(t)) for t in self.tokens) >= 2 or len(uncased) >= 2 or syllable

    @property
    def rank(self) -> int:
        """2: given name and surname; 1: initials and surname; 0: a surname alone."""
        if self.full:
            return 2
        return 1 if any(_GLUED.match(t) or _INIT.match(t) for t in self.tokens) else 0


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _WORD_RUN.finditer(text):
        raw = m.group()
        core = raw.strip(_PUNCT_END)
        lead = len(raw) - len(raw.lstrip(_PUNCT_END))
        brk = raw[-1] in _PUNCT_END or raw[0] in _PUNCT_END
        if core.endswith(".") and not _INIT.match(core):
            core, brk = core[:-1], True  # a full stop, not an initial
        if core.endswith(("'s", "’s")) and len(core) > 3:
            core, brk = core[:-2], True  # "Pompeo's meeting"
        out.append(_Tok(core, m.start() + lead, m.start() + lead + len(core), brk))
    return out


def _same(a: str, b: str) -> bool:
    a, b = a.lower().replace("ё", "е"), b.lower().replace("ё", "е")
    if _rx(r"[\u0600-\u06ff]").search(a + b):
        return a == b  # Arabic names do not decline; "عبدالله" and "عبداللهيان" are two people
    k = max(3, min(len(a), len(b)) - 2)
    return a[:k] == b[:k]


def _decline(p: _Person, case: str | None, res: Resources, lang: str) -> None:
    """Put a name in the nominative (Slavic case endings, Kazakh glued suffixes)."""
    sufs = _list(res, "name_suffixes")
    if sufs:
        last = p.tokens[-1]
        for s in sorted(sufs, key=len, reverse=True):
            if last.endswith(s) and len(last) - len(s) >= 3 and len(s) >= 3:
                p.tokens[-1] = last[: -len(s)]
                break
    table = res.get("meeting.name_endings") or {}
    glued = _GLUED.match(p.tokens[-1]) and not _CAP.match(p.tokens[-1])
    if glued:  # "С.В.Лаврова": decline the surname after the initials
        m = _rx(rf"^((?:[{_UP}]\.\s?)+)(.+)$").match(p.tokens[-1])
        if m and table:
            q = _Person([m.group(2)], 0, 0)
            _decline(q, case, res, lang)
            p.tokens[-1] = m.group(1) + q.tokens[0]
        return
    caps = [i for i, t in enumerate(p.tokens) if _CAP.match(t)]
    if not table or not caps:
        return
    if case is None:
        first = p.tokens[caps[0]]
        if len(caps) >= 2 and _rx(r"(?:[^е]ем|ом|еем|аем|ией)$").search(first):
            case = "ins"
    if case not in table:
        return
    rules = [tuple(r) for r in table[case]]
    sure = set(_list(res, "sure_endings"))

    def apply(word: str, slavic_only: bool) -> tuple[str, bool]:
        if "-" in word:  # "Жаном-Ивом": each part takes the case
            parts = [apply(w, slavic_only) for w in word.split("-")]
            return "-".join(w for w, _ in parts), any(c for _, c in parts)
        if (
            slavic_only
            and case == "ins"
            and _rx(r"[^аеёиоуыэюяіїєаәөүұ]+(?:ом|ем)$").search(word)
            and len(word) >= 6
        ):
            return word[:-2], True  # a foreign surname in the instrumental ("Гутеррешем")
        for end, rep in rules:
            if slavic_only and not (
                _rx(r"(?:ов|ев|ёв|ин|ын|ск|цк|ян)").search(end + rep) or end in ("ом", "ым") or end in sure
            ):
                continue
            if word.endswith(end) and len(word) - len(end) >= 2:
                return word[: len(word) - len(end)] + rep, True
        return word, False

    changed = False
    if len(caps) >= 2:
        p.tokens[caps[0]], changed = apply(p.tokens[caps[0]], False)
        for mid in caps[1:-1]:  # a patronymic ("Викторовичем")
            p.tokens[mid], _ = apply(p.tokens[mid], not changed)
    at = caps[-1]
    if len(caps) >= 2 or p.tokens[at] is not p.tokens[0]:
        p.tokens[at], _ = apply(p.tokens[at], not changed)
    elif len(caps) == 1:
        p.tokens[at], _ = apply(p.tokens[at], True)


def _case_of(role: str | None, res: Resources) -> str | None:
    if not role:
        return None
    first = role.split()[0].lower()
    for end, case in res.get("meeting.role_case", []) or []:
        if first.endswith(end):
            return str(case)
    return "nom" if res.get("meeting.role_case") else None


def _role_nominative(role: str | None, res: Resources) -> str | None:
    """ "Министром иностранных дел" → "Министр иностранных дел": the role's leading words take the case
    (by the language's dictionary where [meeting] morphology names one, else by the ending tables)."""
    morph = res.get("meeting.morphology")
    if role and isinstance(morph, str) and (base := role_nominative(role, morph)) is not None:
        return base
    case = _case_of(role, res)
    table = res.get("meeting.name_endings") or {}
    adj = res.get("meeting.adjective_endings") or {}
    if not role or case in (None, "nom") or case not in table:
        return role
    words = role.split(" ")
    for i, w in enumerate(words):
        for end, rep in adj.get(case, []):
            if w.endswith(end) and len(w) > len(end) + 2:
                words[i] = w[: len(w) - len(end)] + rep
                break
        else:  # the head noun: decline it and stop (the rest is a genitive complement)
            for end, rep in table[case]:
                if w.endswith(end) and len(w) > len(end) + 2:
                    words[i] = w[: len(w) - len(end)] + rep
                    break
            break
    return " ".join(words)


_ELIDED = re.compile(r"^(?:[dlDL]|dell|all|dall|nell|sull|dell|qu)['’](?=\w)")


def _role_gap_ok(
    text: str,
    a: int,
    b: int,
    ents: list[Entity],
    titles: list[tuple[int, int, str]],
    links: frozenset[str],
    stop: re.Pattern[str],
    hon: re.Pattern[str],
) -> bool:
    """Whether the words between a role and a name only qualify the role ("of Foreign Affairs of Georgia,")."""
    n = 0
    adjective = False
    w_prev = ""
    for m in _rx(r"[^\s,–—]+").finditer(text[a:b]):
        s, e, w = a + m.start(), a + m.end(), m.group().strip('()«»"“”')
        n += 1
        if n > 12:
            return False
        if any(x.start <= s and e <= x.end for x in ents) or any(x <= s and e <= y for x, y, _ in titles):
            continue
        prev, w = w_prev, _ELIDED.sub("", w) or w  # "d’Etat", "dell'Interno": an elided article
        w_prev = w
        if w.lower() in links or stop.fullmatch(w) or hon.fullmatch(w) or w in ("-", "'", "’"):
            continue
        if w[:1].isupper() and not _rx(r"\d").search(w):
            continue  # a capitalized qualifier ("Commonwealth", "Содружества")
        if n <= 2 and w.isalpha() and _rx(r"^[^,]*,\s*$").match(text[e:b]):
            continue  # an adjective in apposition: "la Chancelière fédérale, Angela Merkel"
        if not adjective and w.isalpha() and prev[:1].isupper() and _rx(r"^\s*,\s*$").match(text[e:b]):
            adjective = True  # the chain's last word, an adjective: "... e del Culto argentino, Felipe Solà"
            continue
        return False
    return True


@cache
def _case_before(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """[meeting.case_before]: a word in front of a name without a role sets its case ("встреча", "с")."""
    pairs = resources(lang).get("meeting.case_before", []) or []
    return [(re.compile(rf"(?:{_form(w)})$", re.IGNORECASE), str(c)) for w, c in pairs]


@dataclass(frozen=True)
class _NameRules:
    """What the name finder of a cased script reads of one language, built once per language."""

    lang: str
    stop: re.Pattern[str]
    title: re.Pattern[str]
    hon: re.Pattern[str]
    hon_before: re.Pattern[str]  # an honorific right in front of a name
    inst: re.Pattern[str] | None  # an institution's head word ("Secretaría", "Ministry")
    cue: re.Pattern[str]  # "Разговор Лаврова и Рубио": the event opens the sentence
    event_cues: tuple[re.Pattern[str], ...]  # meeting and phone cues: where a sentence's two sides are named
    own_months: re.Pattern[str] | None
    parts: frozenset[str]  # particles inside a name ("bin", "de la")
    conj_parts: frozenset[str]  # the particles that are also conjunctions ("y", "e")
    links: frozenset[str]  # words that tie a role to its complement ("of", "de")
    fn_words: frozenset[str]  # links and the conjunctions of every language
    cities: frozenset[str]
    case_before: list[tuple[re.Pattern[str], str]]


@cache
def _name_rules(lang: str) -> _NameRules:
    res = resources(lang)
    hon = _cue_rx(lang, "honorifics")
    links = frozenset(w.lower() for w in _list(res, "role_links"))
    return _NameRules(
        lang=lang,
        stop=_stop_rx(lang),
        title=_title_rx(lang),
        hon=hon,
        hon_before=re.compile(rf"(?:{hon.pattern})\s*$", hon.flags),
        inst=_cue_rx(lang, "institutions") if _list(res, "institutions") else None,
        cue=_cue_rx(lang, "meeting_cues"),
        event_cues=(_cue_rx(lang, "meeting_cues"), _cue_rx(lang, "phone_cues")),
        own_months=month_rx(lang),
        parts=frozenset(_list(res, "particles")),
        conj_parts=frozenset(_list(res, "particles")) & _every("conjunctions"),
        links=links,
        fn_words=links | _every("conjunctions"),
        cities=city_set(lang),
        case_before=_case_before(lang),
    )


@cache
def _list_seps() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What stands between two names of a list ("A, B und C", each perhaps with its country in
    brackets: "Ван И (Китай), С.Джайшанкар (Индия) и ..." or after a link, read without the country:
    "de Argentina, A, y de Uruguay, B"), and between the two names of a pair."""
    words = "|".join(re.escape(w) for w in sorted(_every("conjunctions"), key=len, reverse=True))
    links = "|".join(re.escape(w) for w in sorted(_every("role_links"), key=len, reverse=True))
    conj = rf"(?:\s*[(（][^)）]{{1,40}}[)）])?(?:,|,?\s+(?:{words}))(?:\s+(?:{links})\s*,)?\s+"
    return re.compile(conj), re.compile(rf"\s+(?:{words})\s+")


@lru_cache(maxsize=16384)
def _never_name(lang: str, word: str) -> bool:
    """A word that is never part of a name in ``lang``: a stop word, a month of the language, an
    honorific, an institution's head word, a meeting word (a word's verdict, kept: words recur)."""
    r = _name_rules(lang)
    return bool(
        r.stop.fullmatch(word)
        or r.stop.fullmatch(word.split("-")[0])
        or r.hon.fullmatch(word)
        or (r.inst is not None and r.inst.fullmatch(word))
        or r.cue.fullmatch(word)
    )


@lru_cache(maxsize=16384)
def _any_month_word(word: str) -> bool:
    return bool(any_month().fullmatch(word))


@dataclass
class _Scan:
    """One sentence read once for its names: tokens, entity mentions and role titles."""

    text: str
    toks: list[_Tok]
    ents: list[Entity]
    covered: bytearray  # 1 where a mention covers the character
    titles: list[tuple[int, int, str]]

    @classmethod
    def of(cls, s: Sentence, ctx: _Ctx, r: _NameRules) -> _Scan:
        ents = ctx.doc.mentions.sentence(s)
        covered = bytearray(len(s.text))
        for e in ents:
            covered[e.start : e.end] = b"\1" * len(covered[e.start : e.end])
        titles = [(m.start(), m.end(), m.group()) for m in r.title.finditer(s.text)]
        return cls(s.text, _tokens(s.text), ents, covered, titles)

    def in_ent(self, a: int, b: int) -> bool:
        return any(self.covered[a:b])

    def bare(self, a: int, b: int) -> str:
        """The words between two names without the states in them ("..., Малайзии Мохамадом ...",
        "..., Исламской Республики Иран Хосейна ..."): countries, and the capitalized words of a state's name."""
        gap = "".join(ch for ch, c in zip(self.text[a:b], self.covered[a:b], strict=True) if not c)
        return _rx(r"\s+").sub(" ", _rx(rf"(?<!\w)[{_UP}][\w-]*").sub("", gap))


def _is_month(t: _Tok, sc: _Scan, r: _NameRules) -> bool:
    """A month of any language next to a day number ("13 Nisan", "Maio 3"); "Luigi Di Maio" and "Kasım"
    elsewhere are names (the release's own language's months are never names: ``_never_name``)."""
    if not _any_month_word(t.text):
        return False
    text = sc.text
    return bool(_rx(r"\d\.?\s*$").search(text[max(0, t.start - 6) : t.start])) or bool(
        _rx(r"^,?\s*\d").match(text[t.end : t.end + 4])
    )


def _is_name_tok(t: _Tok, sc: _Scan, r: _NameRules) -> bool:
    if not (_CAP.match(t.text) or _GLUED.match(t.text) or _INIT.match(t.text) or _particle_glued(t.text, r)):
        return False
    if sc.in_ent(t.start, t.end) or any(a <= t.start and t.end <= b for a, b, _ in sc.titles):
        return False
    return not (_never_name(r.lang, t.text) or _is_month(t, sc, r) or _own_month(t, sc, r))


def _particle_glued(word: str, r: _NameRules) -> bool:
    """A name particle joined by a hyphen to the rest of the name ("ас-Сиси", "al-Sisi")."""
    head, dash, rest = word.partition("-")
    return bool(dash) and head in r.parts and bool(_CAP.match(rest))


def _own_month(t: _Tok, sc: _Scan, r: _NameRules) -> bool:
    """A month of the release's language is no name, unless a surname follows it ("Marco Rubio" in
    Portuguese, where "marco" is how "março" is written without its cedilla)."""
    if r.own_months is None or not r.own_months.fullmatch(t.text):
        return False
    return not (_CAP.match(t.text) and _rx(rf"\s+[{_UP}][{_LOW}]{{2,}}").match(sc.text, t.end))


def _run_from(i: int, sc: _Scan, r: _NameRules, name_tok: list[bool]) -> tuple[list[_Tok], int]:
    """The tokens of the name that opens at token ``i``, and the index after them."""
    toks, text = sc.toks, sc.text
    run = [toks[i]]
    j = i + 1
    while j < len(toks) and not run[-1].brk and len([x for x in run if _CAP.match(x.text)]) < 4:
        nt = toks[j]
        if nt.start > 0 and text[nt.start - 1] in '(（«“„"':
            break  # a bracketed or quoted word after a name is not more of it ("... Sudamericanas (Unasur)")
        if len(run) == 1 and _CAP.match(run[0].text) and _rx("^[А-ЯЁІЇЄ]\\.$").match(nt.text):
            # Cyrillic initials never follow a surname: "Ван І." is a one-letter given name, then the stop
            run.append(_Tok(nt.text[0], nt.start, nt.start + 1, True))
            return run, j + 1
        # particles stand between the parts of a name, one or two of them ("bin", "de la")
        nxt = list(range(j + 1, min(j + 3, len(toks))))

        def particle(k: int) -> bool:
            return toks[k].text in r.parts and not toks[k].brk

        if name_tok[j] or (
            particle(j)
            and nxt
            and (name_tok[nxt[0]] or (particle(nxt[0]) and len(nxt) > 1 and name_tok[nxt[1]]))
        ):
            run.append(nt)
            j += 1
        elif (
            len(run) == 1
            and _CAP.match(run[0].text)
            and _SYL.match(nt.text)
            and (nt.brk or text[nt.end : nt.end + 2].strip()[:1] == "(")
        ):
            run.append(nt)  # a Chinese given name of one letter in Cyrillic: "Ван И (Китай)"
            return run, j + 1
        else:
            break
    return run, j


def _name_runs(sc: _Scan, r: _NameRules, sent: int) -> list[_Person]:
    """Runs of capitalized tokens (and the particles between them) that may be a person's name."""
    toks = sc.toks
    name_tok = [_is_name_tok(t, sc, r) for t in toks]
    persons: list[_Person] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not name_tok[i] or (_INIT.match(t.text) and not (i + 1 < len(toks) and name_tok[i + 1])):
            i += 1
            continue
        run, i = _run_from(i, sc, r, name_tok)
        for part in _split_pair(run, r):
            _add_run(part, persons, sent, r)
    return persons


def _split_pair(run: list[_Tok], r: _NameRules) -> list[list[_Tok]]:
    """A conjunction that is also a name particle ("José Ortega y Gasset") joins two people unless a
    full name goes on with one more surname: "Vieira e Rubio", "Mauro Vieira y Marco Rubio" are two."""
    for k, t in enumerate(run):
        if 0 < k < len(run) - 1 and t.text in r.conj_parts:
            left, right = run[:k], run[k + 1 :]
            caps = [sum(bool(_CAP.match(x.text)) for x in side) for side in (left, right)]
            if not (caps[0] >= 2 and caps[1] == 1):
                return [left, *_split_pair(right, r)]
    return [run]


def _add_run(run: list[_Tok], persons: list[_Person], sent: int, r: _NameRules) -> None:
    while run and (run[-1].text in r.parts or (len(run) > 1 and _INIT.match(run[-1].text))):
        run.pop()  # initials stand before a surname, never after it ("Ван И.")
    if any(_CAP.match(x.text) or _GLUED.match(x.text) for x in run):
        persons.append(_Person([x.text for x in run], run[0].start, run[-1].end, sent=sent))


_CLAUSE_MARKS = ',;:()«»"“”'


def _in_institution(p: _Person, sc: _Scan, r: _NameRules) -> bool:
    """ "Secretaría de Seguridad y Protección Ciudadana": capitalized words and links back to an
    institution's head word are the rest of its name, not a person."""
    if r.inst is None:
        return False
    lo = max(0, p.start - 80)
    # the stretch after the last , ; : ( ) or quote: found from the end (a "[^…]*$" search tries every start)
    base = max(lo, *(sc.text.rfind(ch, lo, p.start) + 1 for ch in _CLAUSE_MARKS))
    found = list(_WORD_RUN.finditer(sc.text[base : p.start]))
    if not found or found[-1].group().lower() not in r.fn_words:
        return False  # only a link ("y", "of", "и") goes on the institution's name
    for m in reversed(found):
        w, at = m.group(), base + m.start()
        if any(x <= at < y for x, y, _ in sc.titles):
            return False  # "Head of the Presidential Office Andriy Yermak": a role names the person
        if r.inst.fullmatch(w):
            return True
        if not (w[:1].isupper() or w.lower() in r.fn_words):
            return False
    return False


def _not_a_name(p: _Person, sc: _Scan, r: _NameRules, ctx: _Ctx) -> bool:
    if _in_institution(p, sc, r):
        return True
    if " ".join(p.tokens) in r.cities or _place_base(p.tokens[0], r.lang, ctx.res) in r.cities:
        return True  # "министров ... в Москве", "Ақтауда": a city in its case
    lo = max(0, p.start - 20)
    prev = _rx(r"([^\W\d]+)\W*$").search(sc.text[lo : p.start])
    # a lone capitalized word after "y", "de la": a word of a ministry's name ("Unión Europea y
    # Cooperación", "de la Coopération africaine"), not a surname; nor after a capitalized word of an
    # institution's name ("Unión de Naciones Sudamericanas")
    if len(p.tokens) != 1 or p.rank != 0 or prev is None:
        return False
    w, at = prev.group(1), lo + prev.start(1)
    if w in r.fn_words:
        return True
    in_title = any(a <= at < b for a, b, _ in sc.titles)
    return bool(_CAP.match(w)) and not in_title and bool(r.stop.fullmatch(w)) and prev.group().strip() == w


def _accept_by_context(p: _Person, prev_end: int, sc: _Scan, r: _NameRules, ctx: _Ctx) -> None:
    """A name is a person's with a role in front, an honorific, initials, a role in apposition, or (in a
    language that does not capitalise every noun) when it opens the sentence."""
    text = sc.text
    before = [(a, b, t) for a, b, t in sc.titles if prev_end <= a and b <= p.start and p.start - b <= 90]
    if before:
        a, b, role = before[-1]
        if _role_gap_ok(text, b, p.start, sc.ents, sc.titles, r.links, r.stop, r.hon):
            p.role, p.role_start, p.accepted = role, a, True
    if r.hon_before.search(text[max(0, p.start - 25) : p.start]):
        p.accepted = p.honorific = True
    if _GLUED.match(p.tokens[0]) or (_INIT.match(p.tokens[0]) and len(p.tokens) >= 2):
        p.accepted = True
    after = text[p.end : p.end + 60]
    if p.full and _rx(r"\s*,").match(after):
        rest = after.lstrip(" ,")
        for w in _rx(r"(?:^|(?<=\s))\S").finditer(rest[:40]):  # the title, or one adjective before it
            if w.start() > 0 and len(rest[: w.start()].split()) > 1:
                break
            if tm := r.title.match(rest, w.start()):
                p.accepted = True
                p.role = p.role or tm.group()
                break
    if p.full and not ctx.res.script.capitalised_nouns and not text[: p.start].strip(' «"“'):
        p.accepted = True


def _role_over_complement(persons: list[_Person], sc: _Scan, r: _NameRules) -> list[_Person]:
    """ "la secretaria de Seguridad y Protección Ciudadana, Rosa Icela Rodríguez": capitalized words
    after a link word that end a role's complement are not a person; the full name after the comma is."""
    drop: set[int] = set()
    for k in range(len(persons) - 1):
        a, b = persons[k], persons[k + 1]
        prev = _rx(r"([^\W\d]+)\W*$").search(sc.text[max(0, a.start - 20) : a.start])
        if (
            a.role is not None
            and (a.rank == 0 or (prev is not None and prev.group(1).lower() in r.fn_words))
            and _rx(r"\s*,\s*").fullmatch(sc.text[a.end : b.start])
            and b.full
            and not b.role
        ):
            drop.add(k)
            b.role, b.role_start, b.accepted = a.role, a.role_start, True
    return [p for k, p in enumerate(persons) if k not in drop]


def _accept_lists(persons: list[_Person], sc: _Scan, r: _NameRules) -> None:
    """Lists ("Laurent Fabius, Sergej Lawrow und Pawlo Klimkin"): one accepted name accepts its list,
    and a role in front of the list is everyone's. Two full names joined by "and" next to the meeting
    verb are its two sides, titles or not ("... встретились Дмитрий Кулеба и Сергей Лавров")."""
    conj, pair = _list_seps()
    text = sc.text
    cues = [m.start() for rx in r.event_cues for m in rx.finditer(text)]
    seps = [
        bool(conj.fullmatch(text[a.end : b.start]) or conj.fullmatch(sc.bare(a.end, b.start)))
        for a, b in itertools.pairwise(persons)
    ]

    def ranked(k: int) -> bool:
        """Initials or a given name, or a one-word name inside a list ("..., Индонезии Сугионо, ...")."""
        mid = 0 < k < len(persons) - 1 and seps[k - 1] and seps[k]
        return persons[k].rank >= 1 or mid

    for k in range(1, len(persons)):
        pa, pb = persons[k - 1], persons[k]
        # the pair is the meeting verb's, not a clause's further on
        near = any(pa.start - 80 <= c <= pb.end + 80 for c in cues)
        if near and pa.full and pb.full and pair.fullmatch(text[pa.end : pb.start]):
            pa.accepted = pb.accepted = True
        if seps[k - 1] and ranked(k - 1) and ranked(k) and (pa.accepted or pb.accepted):
            pa.accepted = pb.accepted = True
            if pa.role_start is not None and pb.role_start is None:  # one role for the whole list
                pb.role, pb.role_start = pa.role, pa.role_start
    for k in range(len(persons) - 2, -1, -1):
        if seps[k] and ranked(k) and ranked(k + 1) and persons[k + 1].accepted:
            persons[k].accepted = True


def _sure_case(word: str, res: Resources) -> str | None:
    """The case a name's first word shows by a [meeting] sure ending ("Annaleną": the instrumental)."""
    table = res.get("meeting.name_endings") or {}
    for end in sorted(_list(res, "sure_endings"), key=len, reverse=True):
        if word.endswith(end) and len(word) > len(end) + 2:
            return next((c for c, rules in table.items() if any(e == end for e, _ in rules)), None)
    return None


def _nominative(p: _Person, sc: _Scan, r: _NameRules, res: Resources) -> None:
    """The name in the nominative: its role's case, else the case the word in front sets
    ("Встреча С.В.Лаврова", "с Ван И")."""
    written = list(p.tokens)
    case = _case_of(p.role, res)
    if case in (None, "nom"):  # "minister ... Annaleną Baerbock": a role that does not decline for her
        case = _sure_case(p.tokens[0], res) or case
    if p.role is None and r.case_before:
        prev = _rx(r"[\w-]+").findall(sc.text[max(0, p.start - 30) : p.start])
        if prev:
            case = next((c for rx, c in r.case_before if rx.match(prev[-1])), None)
    _decline(p, case, res, r.lang)
    p.declined = p.tokens != written


def _people_cased(s: Sentence, ctx: _Ctx) -> list[_Person]:
    """Person names in one sentence of a cased script, each with the role in front of it."""
    r = _name_rules(ctx.lang)
    sc = _Scan.of(s, ctx, r)
    persons = [p for p in _name_runs(sc, r, s.index) if not _not_a_name(p, sc, r, ctx)]
    for k, p in enumerate(persons):
        _accept_by_context(p, persons[k - 1].end if k else -1, sc, r, ctx)
    persons = _role_over_complement(persons, sc, r)
    _accept_lists(persons, sc, r)
    out = [p for p in persons if p.accepted]
    for p in out:
        _nominative(p, sc, r, ctx.res)
    return out


_KANA = "\u30a1-\u30fa\u30fc"


def _kana_name(text: str, at: int, lang: str) -> tuple[str, int, int] | None:
    """A foreign name in katakana before a title, perhaps with the country between them:
    "マリズ・ペイン・オーストラリア連邦外務大臣", "レックス・ティラソン米国務長官", "韓国のチョ・テヨル外相"."""
    run = _rx(rf"[{_KANA}][{_KANA}・=＝\u4e00-\u9fff]*$").search(text[max(0, at - 60) : at])
    if not run:
        return None
    parts = run.group().split("・")
    tail = _rx(r"[\u4e00-\u9fff]+$").search(parts[-1])
    if tail:  # "ティラソン米": a country's one-letter short form; "オーストラリア連邦": a state's name
        parts[-1] = parts[-1][: tail.start()]
        if tail.group() in _list(resources(lang), "state_forms"):
            parts.pop()
    while parts and (not parts[-1] or find_entities(parts[-1], lang) or canonical(parts[-1], lang)):
        parts.pop()  # the country written before the title
    if not parts or any(_rx(r"[\u4e00-\u9fff]").search(p) or not p for p in parts):
        return None
    name = "・".join(parts)
    start = max(0, at - 60) + run.start()
    return name, start, start + len(name)


def _people_uncased(s: Sentence, ctx: _Ctx) -> list[_Person]:
    """Scripts without capitals: the words right after a role title are the name (Chinese, Arabic)."""
    if ctx.res.script.spaced:
        return _people_spaced_uncased(s, ctx)
    out = _names_after_titles_unspaced(s, ctx)
    # Japanese writes the name before the title: "林外務大臣は…秦剛外交部長と会談" ([meeting] titles_before)
    if _list(ctx.res, "titles_before"):
        _names_before_titles(s, ctx, out)
        out.sort(key=lambda q: q.start)
    return out


def _names_after_titles_unspaced(s: Sentence, ctx: _Ctx) -> list[_Person]:
    """ "外交部长王毅，…": the Han characters after a title, to the name's end mark."""
    text = s.text
    out: list[_Person] = []
    end_rx = _rx("|".join(re.escape(e) for e in _list(ctx.res, "name_end") or ["，", "。"]))
    zh_stop = [x for x in ctx.res.get("meeting.stop", []) or [] if x]
    for m in _title_rx(ctx.lang).finditer(text):
        rest = text[m.end() : m.end() + 12]
        e = end_rx.search(rest)
        name = rest[: e.start()] if e else ""
        if lead := _rx(r"[\u4e00-\u9fff·・]+").match(name):
            name = lead.group()  # "李强16日在…": a day number after the name ends it too
        if (
            2 <= len(name) <= 10
            and _rx(r"[\u4e00-\u9fff·・]+").fullmatch(name)
            and not canonical(name, ctx.lang)
            and not any(x in name for x in zh_stop)
        ):
            out.append(_Person([name], m.end(), m.end() + len(name), m.group(), m.start(), True, s.index))
    return out


def _before_title(text: str, at: int, s: Sentence, ctx: _Ctx) -> int:
    """Where the name before a title ends: before the name's reading in brackets and the country
    ("尹炳世(ユン・ビョンセ)韓国外交部長官", "趙兌烈(チョ・テヨル)外相")."""
    ends = {e.end: e.start for e in ctx.doc.mentions.sentence(s)}
    for _ in range(3):
        if at in ends:
            at = ends[at]
        elif m := _rx(rf"[(（][{_KANA}・\s]+[)）]$").search(text[max(0, at - 30) : at]):
            at = max(0, at - 30) + m.start()
        else:
            break
    return at


@cache
def _abbreviation_set(lang: str) -> frozenset[str]:
    return frozenset(_list(resources(lang), "abbreviations"))


def _abbreviations(word: str, lang: str) -> bool:
    """A compound of the countries' one-letter forms ([meeting] abbreviations: "日米韓", "中美"): a set of
    countries, never a place or a name."""
    ab = _abbreviation_set(lang)
    return len(word) >= 2 and bool(ab) and all(ch in ab for ch in word)


def _names_before_titles(s: Sentence, ctx: _Ctx, out: list[_Person]) -> None:
    """ "林外務大臣", "レックス・ティラソン米国務長官": the name in front of a title ([meeting] titles_before)."""
    text = s.text
    tb = _cue_rx(ctx.lang, "titles_before")
    for m in tb.finditer(text):
        if _rx(r"^(?:会談|会議|会合|電話|間|立ち話)").match(text[m.end() :]):
            continue  # "日中外相会談": a compound, not a person
        at = _before_title(text, m.start(), s, ctx)
        lo = max(0, at - 6)
        pre = _rx(r"([\u4e00-\u9fff々]{1,4})$").search(text[lo:at])
        a0, b0 = (lo + pre.start(), at) if pre else (m.end(), m.end())
        name = pre.group(1) if pre else ""
        if kana := _kana_name(text, at, ctx.lang):
            name, a0, b0 = kana
        if name and _abbreviations(name, ctx.lang):
            continue  # "日米外相": the countries' one-letter forms, nobody's name
        if not name or tb.search(name) or name.endswith(("兼", "・")):
            # "国務委員兼外交部長秦剛": a compound title, the name after it
            nxt = _rx(r"([\u4e00-\u9fff]{2,4})(?=[^\u4e00-\u9fff]|$)").match(text, m.end())
            if not nxt:
                continue
            name, a0, b0 = nxt.group(1), nxt.start(), nxt.end()
        if tb.search(name) or canonical(name, ctx.lang):
            continue
        if name in _list(ctx.res, "stop"):
            continue  # "両外相": both ministers, nobody's name
        if not any(q.start <= a0 < q.end for q in out):
            out.append(_Person([name], a0, b0, m.group(), m.start(), True, s.index))


@dataclass(frozen=True)
class _UncasedRules:
    stop: frozenset[str]
    links: frozenset[str]  # "محمد بن سلمان بن عبدالعزيز آل سعود"
    skip: frozenset[str]  # "وزير خارجية الجمهورية ...": words of a state's name


def _people_spaced_uncased(s: Sentence, ctx: _Ctx) -> list[_Person]:
    """Arabic, Persian: the name after its title, or before it (right after the verb, or after a clause)."""
    text = s.text
    r = _UncasedRules(
        frozenset(_list(ctx.res, "stop")),
        frozenset(_list(ctx.res, "name_links")),
        frozenset(_list(ctx.res, "name_skip")),
    )
    ents = ctx.doc.mentions.sentence(s)
    out: list[_Person] = []
    for m in _title_rx(ctx.lang).finditer(text):
        if out and 0 <= m.start() - out[-1].end <= 2 and not text[out[-1].end : m.start()].strip():
            # a role after a name is that person's ("محمد بن سلمان ولي العهد", "الأمير فيصل بن فرحان
            # وزير الخارجية": the office says more than the rank)
            if len(m.group().split()) > len((out[-1].role or "").split()):
                out[-1].role = m.group()
            continue
        if p := _name_after_title(m, s, ctx, r, ents):
            out.append(p)
            continue
        # "التقى سامح شكري وزير الخارجية": the name stands before its role, right after the verb
        # ("مع جان إيف لودريان وزير ..."): two to four words after a verb or a preposition
        head = [w.strip('،,.()"«»') for w in text[: m.start()].split()]
        if 2 <= len(head) <= 4 and not any(_not_a_name_word(w, r, ctx) for w in head):
            a = len(text) - len(
                text.lstrip()
            )  # "سید عباس عراقچی وزیر امور خارجه و ...": it opens the sentence
            if not any(q.start < m.start() and a < q.end for q in out):
                out.append(
                    _Person(head, a, len(text[: m.start()].rstrip()), m.group(), m.start(), True, s.index)
                )
            continue
        p = _name_after_clause(m, s, ctx, r)
        if p is not None and not any(q.start < p.end and p.start < q.end for q in out):
            out.append(p)
    return out


def _not_a_name_word(w: str, r: _UncasedRules, ctx: _Ctx) -> bool:
    return w in r.stop or bool(canonical(w, ctx.lang)) or bool(_rx(r"\d").search(w))


def _name_after_title(
    m: re.Match[str], s: Sentence, ctx: _Ctx, r: _UncasedRules, ents: list[Entity]
) -> _Person | None:
    """ "وزير الخارجية سامح شكري": up to a stop word, the next title, an event word or a comma."""
    text, title = s.text, _title_rx(ctx.lang)
    words = list(_rx(r"\S+").finditer(text[m.end() : m.end() + 120]))
    name: list[str] = []
    start = end = m.end()
    skip_to = -1
    for k, w in enumerate(words):
        word = w.group().strip('،,.()"«»')
        at = m.end() + w.start()
        if at < skip_to:
            continue  # inside a second title ("نائب رئيس الوزراء وزير الخارجية وشؤون المغتربين")
        if not name and (tm := title.match(text, at)):
            skip_to = tm.end()
            continue
        if word in r.stop:
            break
        if name and word.startswith("و") and title.match(text, at + 1):
            break  # "... أيمن الصفدي ووزير خارجية العراق": the next person's title
        if any(_has(ctx.lang, key, word) for key in ("meeting_cues", "phone_cues")):
            break  # "وزير الخارجية اتصالاً هاتفياً", "جلسة مباحثات": the event, not a name
        in_ent = any(e.start - 4 <= at < e.end for e in ents)  # "الجمهورية الإسلامية الإيرانية"
        if in_ent or word in r.skip or canonical(word, ctx.lang) or title.match(text, at):
            if name:
                break  # a title begins: "أحمد حافظ المتحدث الرسمي"
            continue
        if not name:
            start = at
        name.append(word)
        end = m.end() + w.end()
        if w.group()[-1] in "،,.":
            break
        nxt = words[k + 1].group() if k + 1 < len(words) else ""
        if len(name) >= 8 or (len(name) >= 3 and word not in r.links and nxt not in r.links):
            break
    while name and name[-1] in r.links:
        name.pop()
    return _Person(name, start, end, m.group(), m.start(), True, s.index) if len(name) >= 2 else None


def _lone_surname(words: list[str], ctx: _Ctx) -> bool:
    """Whether the last of ``words`` is a one-word name before a title: after a preposition or
    conjunction ([meeting] stop), no title, state or number itself, and named in another sentence too."""
    stop = set(_list(ctx.res, "stop"))
    if len(words) < 2 or words[-2] not in stop:
        return False
    w = words[-1]
    if len(w) < 4 or w in stop or canonical(w, ctx.lang) or _rx(r"\d").search(w):
        return False
    if _title_rx(ctx.lang).search(w) or any(_has(ctx.lang, k, w) for k in ("meeting_cues", "phone_cues")):
        return False
    seen = [t for t in [ctx.doc.source.title or "", *(s.text for s in ctx.doc.sentences)] if w in t.split()]
    return len(seen) >= 2


def _name_after_clause(m: re.Match[str], s: Sentence, ctx: _Ctx, r: _UncasedRules) -> _Person | None:
    """ "به نقل از مهر، حسین امیرعبداللهیان وزیر ...": two to four words before the title, after a
    stop word, a comma or an event word."""
    base = max(0, m.start() - 80)
    before = list(_rx(r"\S+").finditer(s.text[base : m.start()]))[-5:]
    words = [w.group().strip('،,.()"«»') for w in before]
    if _lone_surname(words, ctx):
        # "با لاوروف وزیر امور خارجه روسیه": a surname the release keeps using, after a preposition
        return _Person(
            words[-1:],
            base + before[-1].start(),
            base + before[-1].end(),
            m.group(),
            m.start(),
            True,
            s.index,
        )
    for k in range(len(words) - 3, max(-1, len(words) - 6), -1):
        if k < 0:
            break
        w0 = words[k]
        comma = before[k].group()[-1:] in "،,:"  # a clause ends before the name
        if w0 in r.stop or comma or any(_has(ctx.lang, c, w0) for c in ("meeting_cues", "phone_cues")):
            name = words[k + 1 :]
            if 2 <= len(name) <= 4 and not any(_not_a_name_word(w, r, ctx) for w in name):
                a, b = base + before[k + 1].start(), base + before[-1].end()
                return _Person(name, a, b, m.group(), m.start(), True, s.index)
            return None
    return None


def _people(s: Sentence, ctx: _Ctx) -> list[_Person]:
    if s.index not in ctx.people_cache:
        found = _people_cased(s, ctx) if ctx.res.script.cased else _people_uncased(s, ctx)
        ctx.people_cache[s.index] = found
    return [
        _Person(
            list(p.tokens), p.start, p.end, p.role, p.role_start, p.accepted, p.sent, p.honorific, p.declined
        )
        for p in ctx.people_cache[s.index]
    ]


def _affiliation(p: _Person, s: Sentence, ctx: _Ctx) -> str | None:
    """The country/organization in the role ("Minister of Foreign Affairs of Georgia", "Belarusian FM")."""
    if p.role_start is not None:
        group = sorted(
            (q for q in ctx.people_cache.get(s.index, []) if q.role_start == p.role_start),
            key=lambda q: q.start,
        )
        if len(group) > 1 and group[0].start != p.start:
            # "министрами ... Турции Хаканом Фиданом, Малайзии Мохамадом ...", "cancilleres de Argentina,
            # A, y de Uruguay, B": each name after its country, between it and the name before
            prev_end = max(q.end for q in group if q.start < p.start)
            own = ctx.doc.mentions.span(s, prev_end, p.start)
            if own:
                return own[-1].canonical
        if len(group) > 1:  # "the ministers of France, Russia and Ukraine, A, B and C": in order
            listed = ctx.doc.mentions.span(s, p.role_start, group[0].start)
            idx = next((i for i, q in enumerate(group) if q.start == p.start), -1)
            if len(listed) == len(group) and idx >= 0:
                return listed[idx].canonical
        inside = ctx.doc.mentions.span(s, p.role_start, p.start)
        if inside:
            return inside[0].canonical
        if ctx.res.script.role_after_name:
            # the office after the name: "تميم بن حمد آل ثاني أمير دولة قطر، و..."
            seg = _rx(r"[^،,؛;]{0,80}").match(s.text, p.end)
            seg_text = seg.group() if seg else ""
            if cut := _cue_rx(ctx.lang, "role_end").search(seg_text):
                seg_text = seg_text[: cut.start()]
            nxt = _rx(r"\sو(?=\w)").search(seg_text)
            if nxt and _title_rx(ctx.lang).match(seg_text, nxt.end()):
                seg_text = seg_text[: nxt.start()]  # "... ووزير خارجية العراق": the next person's
            after = ctx.doc.mentions.span(s, p.end, p.end + len(seg_text))
            if after:
                return after[0].canonical
        # an adjective or genitive in front of the role ("Belarusian Foreign Minister", "Германия ...
        # Республикасының сыртқы істер министрі"), not reaching back over another person
        if p.start < p.role_start:  # a name before its title: the country between ("尹炳世韓国外交部長官")
            between = ctx.doc.mentions.span(s, p.end, p.role_start)
            # or right before the name, one particle between ("韓国の趙顕外相")
            lo = max(0, p.start - 12)
            near = [e for e in ctx.doc.mentions.span(s, lo, p.start) if p.start - lo - e.end <= 1]
            found = between or near
            return found[-1].canonical if found else None
        prev = [q.end for q in ctx.people_cache.get(s.index, []) if q.end <= p.role_start]
        lo = max([p.role_start - 60, *prev, 0])
        before = ctx.doc.mentions.span(s, lo, p.role_start)
        if before and not _rx(r"[,;]").search(s.text[lo + before[-1].end : p.role_start]):
            return before[-1].canonical
        return None
    after = ctx.doc.mentions.span(s, p.end, p.end + 60)
    if after and p.role and s.text[p.end : p.end + 3].strip().startswith(","):
        return after[0].canonical
    # a country in brackets after the name: "Ван И (Китай), С.Джайшанкар (Индия)"
    if m := _rx(r"\s*[(（]([^)）]{2,40})[)）]").match(s.text, p.end):
        return canonical(m.group(1), ctx.lang)
    return None


def _merge_key(p: _Person) -> str:
    return p.surname


def _same_person(p: _Person, q: _Person) -> bool:
    """The same surname, or a lone word that is one of the other's names: "Yang" after "Yang Jiechi"
    (Chinese names put the family name first)."""
    if _same(_merge_key(p), _merge_key(q)):
        return True
    for a, b in ((p, q), (q, p)):
        lone = len(a.tokens) == 1 and len(b.tokens) >= 2 and len(a.tokens[0]) >= 2
        if lone and any(a.tokens[0].lower() == w.lower() for w in b.tokens[:-1]):
            return True
    return False


@cache
def _adjective_rx(lang: str) -> re.Pattern[str]:
    """[meeting] adjective_suffixes: a word with one is an adjective ("Российский"), not a surname."""
    sufs = _list(resources(lang), "adjective_suffixes")
    return re.compile(rf"(?:{'|'.join(sufs)})$" if sufs else r"(?!x)x")


def _surname_like(word: str, lang: str) -> bool:
    """A lone capitalized word after a role ("Außenminister Maas") is a surname unless it is an adjective."""
    if _adjective_rx(lang).search(word):
        return False
    # a script without capitals ("لاوروف وزیر") gives no case to go by: a titled word of three letters
    return (bool(_CAP.match(word)) or not resources(lang).script.cased) and len(word) >= 3


_QUOTES_OPEN = "\"“„«‘'"


def _is_counterpart(role: str, lang: str) -> bool:
    """A role that only says "the other side's minister" ([meeting] counterparts)."""
    return bool(_list(resources(lang), "counterparts")) and bool(_cue_rx(lang, "counterparts").search(role))


_Chosen = list[tuple[_Person, Sentence]]


def _extract_people(ctx: _Ctx) -> list[Participant]:
    chosen = _chosen(ctx)
    # every person the lead names (to resolve "К. Абдрахманов" to "Кайрат Абдрахманов")
    known: list[_Person] = []
    stems = {w[:4].lower() for p, _ in chosen for w in p.tokens if len(w) >= 2}
    for s in ctx.doc.sentences[:25]:
        low = s.text.lower()
        if any(st in low for st in stems):
            known.extend(_people(s, ctx))
    out = [x for p, s in chosen[:8] if (x := _participant(p, s, known, ctx)) is not None]
    _host_affiliation(out, ctx)
    _two_sides(out, ctx)
    return out


def _add(chosen: _Chosen, s: Sentence, ctx: _Ctx) -> None:
    found = _far_third(_people(s, ctx), s, ctx)
    rep = _cue_rx(ctx.lang, "reporters") if _list(ctx.res, "reporters") else None
    said = [rep is not None and p.role is not None and bool(rep.search(p.role)) for p in found]
    for p, reporter in zip(found, said, strict=True):
        if _absent(p, s, ctx) or (reporter and not all(said)):
            continue  # a spokesperson who gave the news, beside the people who met
        if not any(_same_person(p, q) for q, _ in chosen):
            chosen.append((p, s))


def _far_third(found: list[_Person], s: Sentence, ctx: _Ctx) -> list[_Person]:
    """The two sides of a sentence and those listed with them: a third name long after the second, or in
    a relative clause after it ([meeting] relative: "..., który towarzyszy prezydentowi X"), is in a
    clause of its own ("... impulsada por el presidente Donald Trump"), not at the table."""
    kept = found[:2]
    rel = _cue_rx(ctx.lang, "relative") if _list(ctx.res, "relative") else None
    for p in found[2:]:
        gap = s.text[kept[-1].end : p.role_start if p.role_start is not None else p.start]
        if p.start - kept[-1].end > 120 or (rel is not None and rel.search(gap)):
            break
        kept.append(p)
    return kept


def _chosen(ctx: _Ctx) -> _Chosen:
    """The people at the table, each with the sentence that names them: the meeting sentences first."""
    chosen: _Chosen = []
    # the meeting sentences (a call's too), then the lead (a signing or a visit may use no meeting word)
    calls = [s for s in ctx.body[:4] if _has(ctx.lang, "phone_cues", s.text)]
    first = sorted({x.index: x for x in [*ctx.meeting_sents, *calls]}.values(), key=lambda x: x.index)
    first = _titled_first(first, ctx)
    for s in list({x.index: x for x in [*first, *ctx.body[:1]]}.values()):
        _add(chosen, s, ctx)
        nxt = [x for x in ctx.body if x.index == s.index + 1]
        if nxt and _has(ctx.lang, "accompany_cues", nxt[0].text):
            _add(chosen, nxt[0], ctx)
        if len(chosen) >= 2:
            break  # the first meeting sentence that names both sides is the meeting
    if len(chosen) < 2:  # a teaser, a caption or a quote came first: the meeting is stated further down
        # (or who took part is: "茂木外相、ルビオ米国務長官…が参加しました")
        took_part = [s for s in ctx.body[1:4] if _has(ctx.lang, "accompany_cues", s.text)]
        for s in [*took_part, *ctx.body[4:12]]:
            if (
                s in took_part
                or _has(ctx.lang, "meeting_cues", s.text)
                or _has(ctx.lang, "phone_cues", s.text)
            ):
                _add(chosen, s, ctx)
                if len(chosen) >= 2:
                    break
    _speaker_and_counterparts(chosen, ctx)
    for s in ctx.title:
        _add(chosen, s, ctx)
    return chosen


def _titled_first(first: list[Sentence], ctx: _Ctx) -> list[Sentence]:
    """A lead about another meeting ("Spotkanie Donalda Trumpa i Władimira Putina ... nie przyniosło
    przełomu") names its people without titles; the next meeting sentence, whose two sides both carry
    their titles, is the release's meeting."""
    if len(first) < 2:
        return first
    a = _people(first[0], ctx)
    if len(a) < 2 or any(p.role for p in a):
        return first
    b = _people(first[1], ctx)
    if first[1].index <= first[0].index + 2 and len(b) >= 2 and all(p.role for p in b[:2]):
        return [first[1], first[0], *first[2:]]
    return first


def _speaker_and_counterparts(chosen: _Chosen, ctx: _Ctx) -> None:
    if len(chosen) == 1:  # "“I met ...”, said Minister X": a titled speaker right after the meeting sentence
        s0 = chosen[0][1]
        nxt = [x for x in ctx.body if x.index == s0.index + 1]
        if nxt and s0.text.lstrip()[:1] in _QUOTES_OPEN:
            for p in _people(nxt[0], ctx):
                if p.role and not any(_same_person(p, q) for q, _ in chosen):
                    chosen.append((p, nxt[0]))
                    break
    # "held talks with his counterpart X": a counterpart is the other side wherever the lead names them
    # (a role is written in its sentence: a sentence without the word names no counterpart)
    if not _list(resources(ctx.lang), "counterparts"):
        return
    for s in ctx.body[:10]:
        if not _has(ctx.lang, "counterparts", s.text):
            continue
        if _has(ctx.lang, "meeting_cues", s.text) or _has(ctx.lang, "phone_cues", s.text):
            for p in _people(s, ctx):
                if (
                    p.role
                    and _is_counterpart(p.role, ctx.lang)
                    and not any(_same_person(p, q) for q, _ in chosen)
                ):
                    chosen.append((p, s))


def _participant(p: _Person, s: Sentence, known: list[_Person], ctx: _Ctx) -> Participant | None:
    """A chosen person as the readout lists them: the fullest form of the name the release writes,
    the role in the nominative, the country or organization they stand for."""
    best = p
    for q in known:
        if _same_person(q, p) and (q.rank, not q.declined) > (best.rank, not best.declined):
            best = q
    role = p.role
    if role is None:
        role = next((q.role for q in known if q.role and _same_person(q, p)), None)
    role = _role_nominative(role, ctx.res)
    if role and p.role_start is not None:
        shared = sum(q.role_start == p.role_start for q in ctx.people_cache.get(s.index, []))
        role = _singular(role, ctx.res) if shared > 1 else role
    aff = _affiliation(p, s, ctx)
    if aff is None:
        for q in known:
            if q.role and _same_person(q, p):
                qs = next((x for x in ctx.doc.sentences if x.index == q.sent), None)
                if qs and (aff := _affiliation(q, qs, ctx)):
                    break
    if best.rank == 0 and not p.honorific and not (p.role and _surname_like(best.tokens[-1], ctx.lang)):
        return None  # a lone word that never appears as a full name and does not look like a surname
    if aff is None or entity_kind(aff) == "org":
        # a title that implies its country ("Secretary of State", "国务委员"; "ministra de Asuntos
        # Exteriores, Unión Europea y Cooperación" is Spain's, not the EU's)
        span = s.text[p.role_start : p.start] if p.role_start is not None else (role or "")
        aff = implied_country(span, lambda: _named(ctx)) or aff
    return Participant(best.name, role, aff)


def _singular(role: str, res: Resources) -> str:
    """A plural role heading a list ("cancilleres"), as each person's: [meeting] plural_endings."""
    first, _, rest = role.partition(" ")
    for end, rep in sorted(res.get("meeting.plural_endings", []) or [], key=lambda e: -len(e[0])):
        if first.endswith(end) and len(first) > len(end) + 3:
            return " ".join(x for x in (first[: len(first) - len(end)] + rep, rest) if x)
    return role


def _absent(p: _Person, s: Sentence, ctx: _Ctx) -> bool:
    """Named as the one who sent, asked or initiated ("по инициативе Президента В.В.Путина",
    "نيابة عن خادم الحرمين الشريفين الملك سلمان"), not as someone at the table."""
    if _list(ctx.res, "absent_after"):  # "Cumhurbaşkanı Erdoğan adına": the cue follows the name
        after = _rx(r"^(?:['’]\w{1,4})?\s+(\S+(?:\s+\S+)?)").match(s.text[p.end : p.end + 40])
        if after and _cue_rx(ctx.lang, "absent_after").match(after.group(1)):
            return True
    at = p.role_start if p.role_start is not None else p.start
    window = s.text[max(0, at - 60) : at]
    found = list(_cue_rx(ctx.lang, "absent_cues").finditer(window)) if _list(ctx.res, "absent_cues") else []
    if not found:
        return False
    gap = window[found[-1].end() :]
    return not _rx(r"[,;،]").search(gap) and len(gap.split()) <= 4


def _named(ctx: _Ctx) -> set[str]:
    return {e.canonical for e in ctx.doc.mentions.found}


def _host_affiliation(people: list[Participant], ctx: _Ctx) -> None:
    """The host (listed first) whose role names no country: the issuing ministry's, or the dateline city's.

    "Press Service of the MFA of Kazakhstan" under the text, or "Astana, 16 May –" over it, says whose
    minister hosts; a country another participant already stands for is not taken twice.
    """
    if not people or people[0].affiliation is not None:
        return
    taken = {p.affiliation for p in people[1:] if p.affiliation}
    tail = [s.text for s in ctx.doc.sentences[-3:] if s.kind != "title"]
    lines = [*tail[::-1], " ".join(tail[-2:])]
    cands = [issuer_country(lines, ctx.lang)]
    site = ctx.doc.source.site
    if site:  # the publishing ministry of a web page ("MFA of Ukraine", "Auswärtiges Amt")
        site_ents = [e.canonical for e in find_entities(site, ctx.lang) if e.kind == "country"]
        cands.append(issuer_country([site], ctx.lang) or implied_country(site) or next(iter(site_ents), None))
    if ctx.dateline is not None:  # a news agency in the dateline: "(واس)", "(Kazinform)", "新华社"
        cands.append(implied_country(ctx.dateline.text))
    if ctx.dl_city:
        cands.append(city_country(ctx.dl_city))
    if not cands[-1] and len(people) > 1:  # (alone, the host may be the one who travelled there)
        place = next((pl for s in ctx.meeting_sents[:1] if (pl := _locative_place(s, ctx))), None)
        cands.append(city_country(place) if place else None)
    for c in cands:
        if c and c not in taken:
            people[0].affiliation = c
            return
    # a language written by one foreign ministry only ("外交部长王毅" in Chinese, "岸田外務大臣" in
    # Japanese): [meeting] home_country, before any count (a release may name a third country most)
    home = ctx.res.get("meeting.home_country")
    if isinstance(home, str) and home not in taken:
        people[0].affiliation = home
        return
    # last: the country the release names most, when no other participant stands for it ("El canciller
    # ... la delegación mexicana ... México se comprometió"): a release speaks of its own country most
    # (in a small meeting only the counterpart's country is excluded: "la embajadora de México" who
    # accompanies the host is on the host's side)
    if len(people) <= 3 and len(people) > 1 and people[1].affiliation:
        taken = {people[1].affiliation}
    counts = Counter(e.canonical for e in ctx.doc.mentions.found if e.kind == "country")
    ranked = [(n, c) for c, n in counts.most_common() if c not in taken]
    if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        people[0].affiliation = ranked[0][1]


def _two_sides(people: list[Participant], ctx: _Ctx) -> None:
    """A release about two countries ("U.S.-Japan 2+2", "India-Uzbekistan talks"): when the placed
    participants all stand for one of them, the unplaced ones stand for the other."""
    if not any(p.affiliation is None for p in people):
        return
    head = [e for s in [*ctx.title, *ctx.meeting_sents[:1]] for e in ctx.doc.mentions.sentence(s)]
    if not ctx.title and not ctx.meeting_sents:
        head = find_entities(ctx.doc.source.title or "", ctx.lang)
    sides = list(dict.fromkeys(e.canonical for e in head if e.kind == "country"))
    placed = {p.affiliation for p in people if p.affiliation}
    if len(sides) != 2 or not placed or not placed <= set(sides) or len(placed) != 1:
        return
    other = next(c for c in sides if c not in placed)
    for p in people:
        if p.affiliation is None:
            p.affiliation = other


# ----------------------------------------------------------------------------- kind


def _extract_kind(ctx: _Ctx, n_parties: int, n_people: int) -> MeetingKind:
    lang = ctx.lang
    title = " ".join(s.text for s in ctx.title) or (ctx.doc.source.title or "")
    first = ctx.body[0].text if ctx.body else ""
    lead = ctx.meeting_sents[0].text if ctx.meeting_found and ctx.meeting_sents else first
    # "met A, B and C separately", "held a series of meetings / calls": bilaterals, however many sides
    series = _has(lang, "series_cues", title) or _has(lang, "series_cues", lead)
    phone = _has(lang, "phone_cues", title) or _has(lang, "phone_cues", lead)
    lead_sents = ctx.meeting_sents[:1] if ctx.meeting_found else ctx.body[:1]
    gathering = not series and (
        n_parties >= 3 or _gathering(ctx, title, ctx.title) or _gathering(ctx, lead, lead_sents)
    )
    if phone:
        # a video conference of three or more sides, or of a council ("видеоконференция Совета министров":
        # the call and the gathering named together), is one multilateral meeting
        joined = [t for t in (title, lead) if _has(lang, "phone_cues", t)]
        together = any(_gathering(ctx, t, lead_sents if t == lead else ctx.title) for t in joined)
        return "multilateral" if not series and (n_parties >= 3 or together) else "phone-call"
    if _has(lang, "joint_cues", title) or _has(lang, "joint_cues", first[:200]):
        return "joint-statement"
    meeting_in_title = _has(lang, "meeting_cues", title)
    if series:
        return "bilateral-meeting"
    # "X met Y on the sidelines of the summit" stays bilateral: two people, a meeting verb
    sidelines = n_people == 2 and n_parties < 3 and meeting_in_title
    if (_has(lang, "multilateral_cues", title) and not sidelines) or gathering:
        return "multilateral"
    if _has(lang, "statement_cues", title) and not meeting_in_title:
        return "statement"
    if meeting_in_title or ctx.meeting_found:
        return "bilateral-meeting"
    return "statement"


def _gathering(ctx: _Ctx, text: str, sents: list[Sentence]) -> bool:
    """Whether ``text`` (of ``sents``) reports a gathering of three or more sides as the meeting itself: a
    multilateral cue that no setting or topic word precedes ("took part in the Council of Ministers", not
    "on the sidelines of the summit", "discussed preparations for the summit"; [meeting] setting_cues), or
    a list of three or more countries opening a sentence ("Switzerland, Austria, Germany and
    Liechtenstein agreed")."""
    if not text:
        return False
    setting = _cue_rx(ctx.lang, "setting_cues")
    for cue in _cue_rx(ctx.lang, "multilateral_cues").finditer(text):
        # the setting word before the cue ("на полях саммита") or just after it ("саммиті аясында", "外长会期间")
        if not setting.search(text, 0, cue.start()) and not setting.search(text, cue.end(), cue.end() + 16):
            return True
    return any(_countries_open(ctx, s) for s in sents)


def _countries_open(ctx: _Ctx, s: Sentence) -> bool:
    """Three or more countries joined only by list separators, within the first words of sentence ``s``
    (the document's mentions: the text is searched once)."""
    text = s.text
    ents = sorted((e for e in ctx.doc.mentions.sentence(s) if e.kind == "country"), key=lambda e: e.start)
    if not ents or len(_WORDS.findall(text[: ents[0].start])) > 2:
        return False
    run = [ents[0]]
    joins = _list_joiners(ctx.lang)
    for e in ents[1:]:
        if not joins.fullmatch(text[run[-1].end : e.start]):
            break
        run.append(e)
    return len({e.canonical for e in run}) >= 3


@cache
def _list_joiners(lang: str) -> re.Pattern[str]:
    """What may stand between two names of a list: a case ending left over ("Rusya'nın"), then a comma,
    a dash or the language's "and" ([meeting] conjunctions)."""
    words = "|".join(re.escape(c) for c in _list(resources(lang), "conjunctions"))
    join = rf"\s*[,،、–-]\s*|\s+(?:{words})\s+|(?:{words})" if words else r"\s*[,،、–-]\s*"
    return re.compile(rf"(?:['’]?\w{{0,4}})(?:{join})")


# ----------------------------------------------------------------------------- entry point


def _context(doc: Document) -> tuple[_Ctx, str | None, _Date | None]:
    lang = doc.lang if doc.lang else "und"
    title, body, dateline = _split_title(doc)
    dl = doc.dateline
    dl_city, dl_date, dl_sent = dl.city, dl.date, dl.read_in
    meeting_sent = next((s for s in body[:4] if _has(lang, "meeting_cues", s.text)), None)
    found = meeting_sent is not None
    if meeting_sent is None and body:
        meeting_sent = body[0]  # a statement: its speaker is in the first sentence
    ctx = _Ctx(doc, doc.res, lang, [*title, *body[:4]], title, body, dateline, meeting_sent, found)
    ctx.meeting_sents = [s for s in body[:4] if _has(lang, "meeting_cues", s.text)] or body[:1]
    ctx.dl_city, ctx.dl_sent, ctx.dl_date = dl_city, dl_sent, dl_date
    ctx.end_city, ctx.end_date = dl.end_city, dl.end_date
    return ctx, dl_city, dl_date


def meeting_sentences(doc: Document) -> list[Sentence]:
    """The sentences that state the meeting (who met whom, where, when): a key point's best evidence."""
    ctx, _, _ = _context(doc)
    return ctx.meeting_sents[:1] if ctx.meeting_found else ctx.body[:1]


def extract_meeting(doc: Document) -> Meeting:
    """Kind, date, place and participants (host first) of the meeting ``doc`` reports."""
    ctx, dl_city, dl_date = _context(doc)
    people = _extract_people(ctx)
    parties = {p.affiliation for p in people if p.affiliation}
    kind = _extract_kind(ctx, len(parties), len(people))
    date = _extract_date(ctx, dl_date)
    return Meeting(
        kind=kind,
        date=date,
        place=_extract_place(ctx, kind, dl_city, date),
        participants=people,
    )
