"""The dateline, read once per release: "Astana, 16 May 2018 –", "BEIJING, Nov. 2 (Xinhua) --",
"14.04.2015 – Pressemitteilung", "عمّان - ...", or a signature line under the text ("Paris, le 30 mai 2022").

Three readers used to do this apart (the splitter, the meeting facts, the key points and the engine's lead);
now the splitter asks :func:`span` where a block's dateline ends, and :func:`read` gives the release's
:class:`Dateline` (city, date, agency or page label, and the sentence each was read in), carried on the
``Document`` as ``doc.dateline``. What varies by language is data: ``[text] dateline_separators``,
``dateline_patterns``, ``dateline_connectors``, ``dateline_max_words`` and ``[meeting] dateline_links``,
``labels`` of each ``lang/<code>.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _day
from functools import cache
from typing import TYPE_CHECKING

from ..lang import fallback_language, resources
from .cues import cue_list, date_langs, every, has, rx
from .dates import DIGITS, Date, find_dates, han_date_only, looks_like_date, weekdays
from .entities import cities
from .places import world_cities

if TYPE_CHECKING:
    from ..document import Document, Sentence
    from .text import _Rules

_EXT = [chr(c) for c in range(0x100, 0x250)]
_UP = "A-ZÀ-ÖØ-Þ" + "".join(c for c in _EXT if c.isupper()) + "А-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ"
_CASED = re.compile(rf"[{_UP}]")
_DASH = "–—\\-"
TASHKEEL = str.maketrans("", "", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")

# a dateline opening a sentence: "Astana, 16 May 2018 – ", "MOSCOW, March 3 -- " (a digit in its first 90)
_LEAD = re.compile(r"^(?=[^\n]{0,90}\d)[^\W\d_][^\n.!?:;]{1,90}?\s(?:[–—]|--?)\s+(?=\S)")
_LABEL = re.compile(r"\(([^()\d]{2,40})\)")  # "(Xinhua)", "(Kazinform)": the agency after the date


@dataclass(frozen=True)
class Dateline:
    """What the release's dateline says, with the sentences it was read in (the evidence)."""

    sentence: Sentence | None = None  # the splitter's dateline sentence (kind "dateline"), if any
    read_in: Sentence | None = None  # the sentence its date was read in (the dateline or a lead sentence)
    date: Date | None = None  # offsets in ``read_in.text``
    city: str | None = None  # as written in front of the date, or before a dash opening the text
    label: str | None = None  # the agency or page label ("Xinhua", "Pressemitteilung")
    end_date: Date | None = None  # a date line under the text, read when the top gives no year
    end_city: str | None = None
    end_in: Sentence | None = None


# ----------------------------------------------------------------------------- the splitter's span


def is_upper_start(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and not ch.islower() and not ch.isupper())


def span(text: str, bs: int, be: int, rules: _Rules) -> tuple[int, int] | None:
    """(end of the dateline, start of the rest) when the block ``text[bs:be]`` opens with a dateline."""
    line_end = text.find("\n", bs, be)
    line_end = be if line_end < 0 else line_end
    line = text[bs:line_end]
    for pat in rules.dateline_extra:
        m = pat.match(line)
        if m and m.end() > 0:
            rest = bs + m.end()
            while rest < be and text[rest].isspace():
                rest += 1
            return bs + len(line[: m.end()].rstrip()), rest
    # each separator in turn: "WASHINGTON, June 7, 2019 —" passes a comma and a space before its dash
    for m in rules.dateline.finditer(line):
        head = line[: m.start()]
        if len(head) > 120:
            break
        sep = m.group().strip()
        if not _head(head, rules, dash=bool(rx(r"[^.:]").search(sep))):
            continue
        dl_end = bs + len(line[: m.end()].rstrip())
        nxt = line[m.end() : m.end() + 1]
        if not nxt:
            return dl_end, line_end  # the whole line is the dateline
        if nxt in rules.openers or (nxt.isalpha() and (sep != "." or is_upper_start(nxt))):
            # after a bare dot the rest must open a sentence: "27 марта 2018 г. в Лондоне" goes on
            return dl_end, bs + m.end()
    if _head(line, rules) and len(line.split()) <= rules.dateline_max_words:
        return bs + len(line.rstrip()), line_end
    return None


_HAS_DIGIT = re.compile(r"\d")
_WORD_STOP = re.compile(r"([^\W\d_]{4,})[.!?]\s")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _head(head: str, rules: _Rules, dash: bool = False) -> bool:
    """Whether ``head`` looks like "Place, date" or a date alone (never a clause).

    ``dash``: the head is followed by a dash, where an all-capitals place alone will do ("WASHINGTON —").
    """
    h = head.strip()
    if not h or len(h) > 90 or rx(r"[;\"«»“”!?]").search(h):
        return False
    # a sentence end inside ("...talks. The") means a clause, not a dateline ("St. Petersburg" is fine)
    if any(m.group(1).islower() for m in _WORD_STOP.finditer(h)):
        return False
    toks = h.split()
    if len(toks) > rules.dateline_max_words:
        return False
    if not _HAS_DIGIT.search(h):
        letters = [c for c in rx(r"\([^)]*\)|/[^/]*/").sub("", h) if c.isalpha()]  # "ASTANA (Kazinform)"
        return dash and len(toks) <= 3 and len(letters) >= 4 and all(c.isupper() for c in letters)
    parts = rx(r"\s*[,،、]\s*").split(h, maxsplit=1)
    if len(parts) == 2 and not parts[0][:1].isdigit():
        place, date = parts
        pw = place.split()
        if not pw or len(pw) > 5:
            return False
        for w in pw:
            w0 = w.lstrip("(")[:1]
            if not (is_upper_start(w0) or w.lower() in rules.dateline_connectors):
                return False
        return len(date.split()) <= 8 and looks_like_date(date, rules.lang)
    # a date alone: "14.04.2015", "June 7, 2019", "2 марта 2019 года"
    if _HAN.search(h):
        # no spaces to count words by: "2024年4月9日，外交部长王毅在北京…" is a lead sentence, not a dateline
        return han_date_only(h)
    return len(toks) <= 6 and looks_like_date(h, rules.lang)


# ----------------------------------------------------------------------------- a dateline opening a sentence


def lead_end(text: str) -> int | None:
    """Where a "City, date – " dateline opening ``text`` ends (None: none, or nothing after it)."""
    m = _LEAD.match(text)
    return m.end() if m and len(text) - m.end() > 20 else None


def strip(text: str) -> str:
    """``text`` without the dateline it opens with."""
    end = lead_end(text)
    return text if end is None else text[end:]


def lead_of(text: str) -> str | None:
    """The dateline ``text`` opens with, as written."""
    end = lead_end(text)
    return None if end is None else text[:end].strip()


# ----------------------------------------------------------------------------- cities and labels


@cache
def all_cities() -> dict[str, str]:
    """Every known city of every language, without Arabic vowel marks → its written form."""
    out: dict[str, str] = {}
    for code in date_langs():
        for c in cities(code):
            out.setdefault(c.translate(TASHKEEL).lower(), c)
    return out


def known_city(text: str) -> str | None:
    """The longest known city inside ``text`` ("新华社北京" → "北京", "عمّان" → "عمان")."""
    low = text.translate(TASHKEEL).lower()
    found = [c for c in all_cities() if c in low and (len(c) >= 2)]
    if not found:
        return None
    best = max(found, key=len)
    for w in text.split():  # as the text writes it ("عمّان", with its shadda)
        if w.translate(TASHKEEL).lower() == best:
            return w
    return all_cities()[best]


def is_label(cand: str, lang: str) -> bool:
    """ "Pressemitteilung", "Comunicado No. 458", "Readout": the kind of text, not a place."""
    if rx(r"\d|\bN[ro]\.|№|[|·•]").search(cand):
        return True
    own, other = cue_list(resources(lang), "labels"), cue_list(resources(fallback_language()), "labels")
    labels = [x.lower() for x in (*own, *other)]
    if cand.lower() in labels or any(cand.lower().startswith(x + " ") for x in labels):
        return True
    return any(has(lang, k, cand) for k in ("statement_cues", "joint_cues")) and not known_city(cand)


def _place(before: str, lang: str, dateline: bool) -> str | None:
    """The place written in front of a dateline's date ("Astana, ", "Paris, le ", "عمّان في ")."""
    cand = before.strip().rstrip(",،，·|:– ").strip()
    words = cand.split()
    while words and words[-1].lower() in every("dateline_links") and len(words) > 1:
        words.pop()
        cand = " ".join(words).rstrip(",،， ").strip()
    if not cand or is_label(cand, lang):
        return None
    if any((a, b) == (0, len(cand)) for _, a, b in weekdays(cand)):
        return None  # "Viernes, 28 de octubre": the day of the week, not a place
    cased = bool(rx(r"[^\W\d]").match(cand)) and cand[:1].lower() != cand[:1].upper()
    if cased:
        if 0 < len(cand) <= 40 and len(words) <= 4 and _CASED.match(cand):
            return cand
        return None
    # no capitals to go by: only a known city ("新华社北京" → "北京", "عمّان" → "عمان"), else the longest of the
    # world's cities ("新華社匈牙利格德勒": the country before the city is not the place)
    if not (dateline or len(words) <= 3):
        return None
    return known_city(cand) or _world_city(cand, lang)


def _world_city(text: str, lang: str) -> str | None:
    world = world_cities(lang)
    found = world.find(text) if world is not None else []
    if not found:
        return None
    a, b = max(found, key=lambda x: x[1] - x[0])
    return text[a:b]


# ----------------------------------------------------------------------------- reading


def _in_sentence(s: Sentence, lang: str) -> tuple[str | None, Date | None]:
    """A dateline inside a sentence: "Astana, 16 May 2018 – ..." / "14.04.2015 – Pressemitteilung"."""
    text = s.text.translate(DIGITS)
    for d in find_dates(text)[:1]:
        if d.start > 45:
            return None, None
        after = text[d.end : d.end + 4]
        before = text[: d.start].strip()
        if s.kind != "dateline" and not (
            rx(rf"\s*[{_DASH}(]").match(after) or d.end >= len(text.rstrip(" .")) - 1
        ):
            return None, None
        linked = bool(before) and before.split()[-1].lower() in every("dateline_links")
        if before.endswith((",", "،", "，")) or linked or (before and s.kind == "dateline"):
            return _place(before, lang, s.kind == "dateline"), d
        if before:
            return None, None
        return None, d
    return None, None


def _at_end(doc: Document, lang: str) -> tuple[str | None, Date | None, Sentence | None]:
    """A dateline or signature line under the text: "Рейкьявик, 19 мая 2021 года", "Paris, le 30 mai 2022"."""
    for s in doc.sentences[-4:][::-1]:
        if s.kind == "title" or len(s.text) > 80:
            continue
        text = s.text.translate(DIGITS)
        dates = [d for d in find_dates(text) if d.year]
        if not dates:
            continue
        d = dates[-1]
        if rx(r"[^\W\d_]").search(text[d.end :].strip(" .")) and len(text[d.end :].strip(" .")) > 6:
            continue  # the date is not the line's end
        before = text[: d.start]
        if len(before.split()) > 5:
            continue
        return (_place(before, lang, True) if before.strip() else None), d, s
    return None, None, None


def _lead_city(s: Sentence) -> str | None:
    """ "عمّان - ...", "AMMAN – ...", "Brasília ; ...": a known city and a dash opening the text."""
    m = rx(rf"^\s*([^\d{_DASH}:,،;]{{2,30}}?)\s+[{_DASH};]\s").match(s.text)  # "Brasília ; ..." too
    if not m or len(m.group(1).split()) > 3:
        return None
    cand = m.group(1).strip("( )")
    city = known_city(cand)
    return city if city and len(city) >= len(cand.translate(TASHKEEL)) - 4 else None


def _label(doc: Document, s: Sentence | None, d: Date | None, lang: str) -> str | None:
    """The agency after the date ("(Xinhua)") or the label after a date alone ("– Pressemitteilung",
    which the splitter may leave as the next sentence)."""
    if s is None or d is None:
        return None
    text = s.text.translate(DIGITS)
    if m := _LABEL.match(text[d.end :].lstrip(" ,")):
        return m.group(1).strip()
    rest = text[d.end :].strip(f" {_DASH}:|").strip()
    nxt = doc.sentences[s.index + 1] if s.index + 1 < len(doc.sentences) else None
    if not rest and nxt is not None and nxt.para == s.para and len(nxt.text.split()) <= 3:
        rest = nxt.text.strip(f" {_DASH}:|.")
    return rest if rest and s.kind == "dateline" and is_label(rest, lang) else None


def undated_len(text: str) -> int:
    """How many word characters a line has besides its dates."""
    for d in reversed(find_dates(text)):
        text = text.translate(DIGITS)[: d.start] + text[d.end :]
    return len(rx(r"\W").sub("", text))


def head(doc: Document) -> tuple[list[Sentence], list[Sentence], Sentence | None]:
    """(title, body, dateline sentence) of a release: where its dateline and meeting are looked for."""
    sents = doc.sentences
    title = [s for s in sents if s.kind == "title"]
    dateline = next((s for s in sents if s.kind == "dateline"), None)
    body = [s for s in sents if s.kind == "body"]
    dl_dates = find_dates(dateline.text) if dateline is not None else []
    rest = dateline.text.translate(DIGITS)[dl_dates[-1].end :] if dl_dates and dateline is not None else ""
    if dateline is not None and undated_len(dateline.text) > 15 and len(rx(r"\W").sub("", rest)) > 15:
        body = [dateline, *body]  # a splitter may leave the first sentence glued to its dateline
    if not title and sents and doc.source.title:
        t = rx(r"\s+").sub(" ", doc.source.title).strip()
        if rx(r"\s+").sub(" ", sents[0].text).strip().startswith(t[: max(10, len(t) // 2)]):
            title = [s for s in sents if s.para == sents[0].para]
            body = [s for s in body if s.para != sents[0].para]
    # a first paragraph of one unpunctuated line is a headline
    one_line = len(sents) > 1 and sents[0].para != sents[1].para
    if not title and one_line and not rx(r"[.!?。]$").search(sents[0].text.strip()):
        title = [sents[0]]
        body = [s for s in body if s is not sents[0]]
    return title, body, dateline


def _same_day_city(
    later: list[Sentence], s: Sentence, d: Date, lang: str
) -> tuple[Sentence, str | None, Date]:
    """A later "TEHRAN, Nov. 16 (Xinhua) --" of the day of a city-less stamp ``d`` or up to a few weeks
    before it (a page's "updated" day): that line is the dateline, its year, when it writes none, the
    stamp's (or the one before, for a December line under a January stamp); else the stamp."""
    for t in later:
        city, date = _in_sentence(t, lang)
        if not (city and date and (iso := d.iso())):
            continue
        stamp = _day.fromisoformat(iso)
        for year in [date.year] if date.year else [d.year, (d.year or 1) - 1]:
            at = Date(date.start, date.end, year, date.month, date.day).iso()
            if at and 0 <= (stamp - _day.fromisoformat(at)).days <= 45:
                return t, city, Date(date.start, date.end, year, date.month, date.day)
    return s, None, d


def _article_stamp(title: list[Sentence], s: Sentence, d: Date, lang: str) -> tuple[Sentence, Date]:
    """A page's date line at the top may be the day it was read ("Viernes, 29 de marzo de 2024"): a dated
    line under the headline, nearer the text, is the article's own."""
    for t in title[::-1]:
        if t.index <= s.index:
            break
        city, date = _in_sentence(t, lang)
        if date is not None and date.year and city is None:
            return t, date
    return s, d


def read(doc: Document) -> Dateline:
    """The release's dateline: the first of its dateline sentence, first body sentences and later title
    lines that opens with a date; else a city and a dash opening the text; a date line under the text
    when the top gives no year."""
    lang = doc.lang if doc.lang else "und"
    title, body, sentence = head(doc)
    city, date, read_in = None, None, None
    # three body sentences: a page may repeat its headline twice above "Бішкек, 2026 жылғы 16 ақпан –"
    cands = [*([sentence] if sentence else []), *body[:3], *title[1:]]
    for i, s in enumerate(cands):
        city, date = _in_sentence(s, lang)
        if date:
            read_in = s
            if (
                city is None
            ):  # a page's byline stamp ("Xinhua) 21:28, November 16, 2023"): the city's line below
                read_in, city, date = _same_day_city(cands[i + 1 :], s, date, lang)
            if city is None and s is sentence:
                read_in, date = _article_stamp(title, s, date, lang)
            break
    if city is None and body:
        city = _lead_city(body[0])
    end_city, end_date, end_in = None, None, None
    if date is None or date.year is None:
        end_city, end_date, end_in = _at_end(doc, lang)
    return Dateline(
        sentence, read_in, date, city, _label(doc, read_in, date, lang), end_date, end_city, end_in
    )
