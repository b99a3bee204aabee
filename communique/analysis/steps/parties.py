"""Who a step binds: the meeting's parties (countries, organizations) and who is named in a sentence.

Names are canonical short English names from ``communique.entities`` ("Kazakhstan", "IFRC"); when
that module is missing or finds nothing, the participants' affiliations and names still work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...document import Document
from ...readout import Meeting

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,4}")
_TOKEN = re.compile(r"\w[\w'-]*")
_NAME_GAP = re.compile(r"[\s.\u00a0-]*")
_W = re.compile(r"\w")
_WORD_TAIL = re.compile(r"\w*")
# Names are found with str.find on case-folded text, not one pattern per name: every release names
# other people, and compiling their patterns was a third of a batch's time. The fold gives each letter
# the class re.IGNORECASE puts it in: the lower case, then the letters re also equates ("ı" and "i",
# "ς" and "σ"); "İ" first, the one letter whose lower case is two characters.
_DOTTED_I = str.maketrans({"İ": "i"})
_ALSO_EQUAL = str.maketrans(
    "ıſµ\u0345\u1fbeϐϵϑϰϖϱςϕᲀᲁᲂᲃᲄᲅᲆᲇᲈẛ\u1fd3\u1fe3ﬅ",
    "isμιιβεθκπρσφвдосттъѣꙋṡ\u0390\u03b0ﬆ",
)


def _fold(text: str) -> str:
    """``text`` case-folded letter by letter (the same length): equal folds are equal under re.IGNORECASE."""
    return text.translate(_DOTTED_I).lower().translate(_ALSO_EQUAL)


def _word_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and _W.match(text, i) is not None


def _name_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` stands as a whole word (as written): ``(?<!\\w)name(?!\\w)``."""
    out, i = [], 0
    while (p := text.find(name, i)) >= 0:
        e = p + len(name)
        if _word_at(text, p - 1) or _word_at(text, e):
            i = p + 1
            continue
        out.append((p, e))
        i = e
    return out


@dataclass(frozen=True)
class _Stem:
    """A participant's name stem: at a word start and read on to the word's end, in any case; a Chinese
    name as written, anywhere (Chinese runs words together)."""

    folded: str
    word: bool

    def spans(self, text: str, folded: str) -> list[tuple[int, int]]:
        out, i = [], 0
        while (p := folded.find(self.folded, i)) >= 0:
            if self.word and _word_at(text, p - 1):
                i = p + 1
                continue
            e = p + len(self.folded)
            if self.word:
                m = _WORD_TAIL.match(text, e)
                e = m.end() if m else e
            out.append((p, e))
            i = e
        return out


@dataclass
class Mention:
    name: str  # canonical party name
    start: int
    end: int
    party: bool  # one of the meeting's parties
    person: bool = False  # a participant named in person, not a country or organization


def _entities(text: str, lang: str) -> list[Any]:
    try:
        from ..entities import find_entities  # written by another stage; optional here
    except ImportError:
        return []
    try:
        return [e for e in find_entities(text, lang) if getattr(e, "kind", "") in ("country", "org")]
    except Exception:
        return []


def _canonical(name: str, lang: str) -> str:
    try:
        from ..entities import canonical
    except ImportError:
        return name
    try:
        return canonical(name, lang) or name
    except Exception:
        return name


def _hosts(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the name at text[start:end] only hosts ("hosted by China", "应中方邀请", "بدعوة من"):
    a host is a side only when one of its people takes part (the participants' affiliations)."""
    from .cues import cues_for

    pat = cues_for(lang).patterns.get("host")
    if pat is None:
        return False
    for m in pat.finditer(text, max(0, start - 24), min(len(text), end + 16)):
        if 0 <= start - m.end() <= 12 or 0 <= m.start() - end <= 3:
            return True
    return False


def _dedupe(xs: list[str]) -> list[str]:
    out: list[str] = []
    for x in xs:
        if x and x not in out:
            out.append(x)
    return out


class Parties:
    """The parties of one release and a resolver for the mentions in its sentences."""

    def __init__(self, doc: Document, meeting: Meeting) -> None:
        self.lang = doc.lang
        self.doc = doc
        self._sents = {s.text: s for s in doc.sentences}  # a sentence's mentions come from the index
        self._cache: dict[str, list[Mention]] = {}
        affs = [_canonical(p.affiliation, doc.lang) for p in meeting.participants if p.affiliation]
        self.parties = _dedupe(affs)
        # people: surname stems → affiliation (None when unknown)
        self.people: list[tuple[_Stem, str | None]] = []
        for p in meeting.participants:
            toks = [t for t in _TOKEN.findall(p.name) if len(t) >= 3]
            if not toks and _CJK.fullmatch(p.name.strip()):
                toks = [p.name.strip()]  # "王毅": a Chinese name is written whole, two or three characters
            for t in toks[-1:] + toks[:-1]:
                cjk = bool(_CJK.match(t))
                aff = _canonical(p.affiliation, doc.lang) if p.affiliation else None
                self.people.append((_Stem(_fold(t if cjk else t[: max(4, len(t) - 2)]), not cjk), aff))
        if (len(self.parties) < 2 and meeting.kind != "statement") or not self.parties:
            self._from_lead(doc)
        want = max(2, len(meeting.participants)) if meeting.kind != "statement" else 1
        if len(self.parties) < want:
            self._from_body(doc, want)

    def _from_lead(self, doc: Document) -> None:
        # the countries and organizations the title and lead name, in order: the meeting's sides
        lead = [doc.source.title or ""] + [s.text for s in doc.sentences[:3]]
        found: list[str] = []
        for i, t in enumerate(lead):
            if i >= 2 and len(_dedupe(self.parties + found)) >= 2:
                break  # the title and the lead sentence name the sides; later ones name topics
            ents = sorted(self._entities(t), key=lambda e: e.start)
            found += [e.canonical for e in ents if not _hosts(t, e.start, e.end, doc.lang)]
        self.parties = _dedupe(self.parties + found)[:6]

    def _from_body(self, doc: Document, want: int) -> None:
        # the sides a release keeps naming ("中方", "la France", "Deutschland") are the meeting's
        counts: dict[str, int] = {}
        for s in doc.sentences:
            for e in self._entities(s.text):
                if not _hosts(s.text, e.start, e.end, doc.lang):  # a host is named often, not a side
                    counts[e.canonical] = counts.get(e.canonical, 0) + 1
        ranked = sorted(
            (n for n in counts if n not in self.parties and counts[n] >= 2), key=lambda n: -counts[n]
        )
        self.parties = self.parties + ranked[: want - len(self.parties)]

    def _entities(self, text: str) -> list[Any]:
        """The countries and organizations in ``text``: a sentence's from the document's index."""
        s = self._sents.get(text)
        if s is None:
            return _entities(text, self.lang)
        return [e for e in self.doc.mentions.sentence(s) if e.kind in ("country", "org")]

    def mentions(self, text: str) -> list[Mention]:
        if text not in self._cache:  # several cues in one sentence share its mentions
            self._cache[text] = self._mentions(text)
        return self._cache[text]

    def _mentions(self, text: str) -> list[Mention]:
        out = [
            Mention(e.canonical, e.start, e.end, e.canonical in self.parties) for e in self._entities(text)
        ]
        # a side the gazetteer does not know, written as its canonical name ("Guatemala enviará")
        for name in self.parties:
            for a, b in _name_spans(text, name) if len(name) >= 4 else ():
                if not any(x.start < b and a < x.end for x in out):
                    out.append(Mention(name, a, b, True))
        folded = _fold(text) if self.people else text
        for stem, aff in self.people:
            for a, b in stem.spans(text, folded):
                # a participant whose affiliation is unknown still counts as a party ("" = unnamed)
                out.append(Mention(aff or "", a, b, True, person=True))
        out.sort(key=lambda m: m.start)
        # "Гайко Маас", "S.V. Lavrov": a first name and a surname are one person, not two
        merged: list[Mention] = []
        for m in out:
            p = merged[-1] if merged else None
            if (
                p is not None
                and p.person
                and m.person
                and p.name == m.name
                and _NAME_GAP.fullmatch(text[p.end : m.start])
            ):
                p.end = max(p.end, m.end)
                continue
            merged.append(m)
        return merged
