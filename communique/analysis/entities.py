"""Countries and international organizations named in a text, by a gazetteer (lang/entities.toml: kinds,
implied countries, issuers; lang/entities/<code>.toml: each language's forms and cities).

``find_entities(text, lang)`` returns every mention with its canonical short English name
("Kazakhstan", "United States", "IFRC"), kind and offsets; ``canonical(name, lang)`` names one
phrase. One matcher per language (``matcher.py``: an Aho–Corasick automaton), built on first use.
``Mentions`` is the index of one document (``Document.mentions``): its text searched once, read by
sentence or span.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..lang import data_file, fallback_language, resources
from .matcher import Matcher

if TYPE_CHECKING:
    from ..document import Document, Sentence

EntityKind = str  # "country" | "org"

_ACRONYM = re.compile(r"^[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ0-9\-]{2,8}\*?$")


@dataclass(frozen=True)
class Entity:
    canonical: str
    kind: EntityKind
    start: int
    end: int
    text: str = ""
    sent: int = -1  # the sentence index in a document's index (Mentions); -1 elsewhere


@cache
def _data() -> dict[str, Any]:
    return data_file("entities.toml") or {}


def entity_kinds() -> dict[str, EntityKind]:
    """Canonical name → kind, for every entity in the gazetteer."""
    return dict(_kinds())


@cache
def _kinds() -> dict[str, EntityKind]:
    return {name: str(k) for name, k in _data()["kind"].items()}


def entity_kind(name: str) -> EntityKind | None:
    """The kind of one canonical name ("country", "org"), None when the gazetteer does not know it."""
    return _kinds().get(name)


@cache
def language_data(code: str) -> dict[str, Any]:
    """The gazetteer of one language: ``lang/entities/<code>.toml`` (``cities``, ``[forms]``), then the
    language file's own ``[entities]`` table (lang/<code>.toml: a new language brings its names along).
    ``any`` is the forms valid in every language."""
    base = (data_file(f"entities/{code}.toml") if code else None) or {}
    own = resources(code).get("entities", {}) if code and code != "any" else {}
    forms = {k: list(v) for k, v in base.get("forms", {}).items()}
    for name, fs in own.get("forms", {}).items():
        forms[name] = [*forms.get(name, []), *fs]
    return {"forms": forms, "cities": (*base.get("cities", []), *own.get("cities", []))}


@cache
def cities(lang: str) -> tuple[str, ...]:
    """Base forms of well-known cities in ``lang`` (empty for a language without a list)."""
    return tuple(language_data(lang)["cities"]) if lang else ()


@cache
def city_set(lang: str) -> frozenset[str]:
    """``cities(lang)`` for membership tests."""
    return frozenset(cities(lang))


def _form_regex(form: str) -> str:
    """A gazetteer form → a regex body: ``*`` = inflection ending, space = any whitespace."""
    acronym = bool(_ACRONYM.match(form))
    body = form.replace("*", r"\w*")
    body = re.sub(r"\((?!\?)", "(?:", body)  # keep group numbers ours
    body = re.sub(r" +", r"\\s+", body)
    return f"(?-i:{body})" if acronym else body


def _forms(name: str, lang: str) -> list[str]:
    """The forms of one entity in ``lang``, then those valid in every language."""
    own = language_data(lang)["forms"].get(name, [])
    if not own:  # a language without forms of its own for it: the Latin-script ones are the best guess
        own = [f for k in _data().get("fallback", []) for f in language_data(k)["forms"].get(name, [])]
    return [*own, *language_data("any")["forms"].get(name, [])]


@cache
def _matcher(lang: str) -> tuple[Matcher, list[tuple[str, str]]]:
    """The language's matcher, built once: every form, tried in the order of ``_ordered``."""
    forms = _ordered(lang)
    script = resources(lang).script
    acr = [(f, bool(_ACRONYM.match(f))) for f, _, _ in forms]
    return Matcher(acr, _form_regex, script.spaced, script.name_prefix), [(n, k) for _, n, k in forms]


def _ordered(lang: str) -> list[tuple[str, str, str]]:
    """(form, canonical, kind) of every entity in ``lang``, the longest literal first (so "Republic of
    Korea" wins over "Korea" at the same position)."""
    script = resources(lang).script
    art = script.article
    entries: list[tuple[str, str, str]] = []
    for name, kind in _kinds().items():
        for f in _forms(name, lang):
            if art and script.name_prefix and f.startswith(art) and len(f) > len(art) + 2:
                f = f[len(art) :]  # the article is part of the clitic prefix ("للمملكة" = ل + المملكة)
            entries.append((f, name, kind))
    return sorted(entries, key=lambda t: -len(t[0].replace("*", "")))


def find_entities(text: str, lang: str) -> list[Entity]:
    """Every country and organization mention in ``text``, in order, non-overlapping."""
    m, names = _matcher(lang or fallback_language())
    out = []
    for a, b, idx in m.find(text):
        name, kind = names[idx]
        out.append(Entity(name, kind, a, b, text[a:b]))
    return out


@dataclass
class Mentions:
    """Every country and organization one document names: its text searched once, in its language.

    ``found`` holds offsets in the document's text and each mention's sentence index; ``sentence`` and
    ``span`` give them relative to a sentence or a slice of it, as a search of that text would.
    """

    text: str
    lang: str
    sentences: list[Sentence]
    found: list[Entity] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    _by_span: dict[tuple[int, int], list[Entity]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, doc: Document) -> Mentions:
        sents = doc.sentences
        starts = [s.start for s in sents]
        found = []
        for e in find_entities(doc.text, doc.lang):
            i = bisect_left(starts, e.start + 1) - 1  # the sentence that starts at or before it
            inside = i >= 0 and e.end <= sents[i].end
            found.append(
                Entity(e.canonical, e.kind, e.start, e.end, e.text, sents[i].index if inside else -1)
            )
        return cls(doc.text, doc.lang, sents, found, [e.start for e in found])

    def sentence(self, s: Sentence) -> list[Entity]:
        """The mentions of one sentence, offsets in ``s.text``."""
        key = (s.start, s.end)
        if key not in self._by_span:
            if self.text[s.start : s.end] != s.text:  # not a slice of this document: search it
                self._by_span[key] = find_entities(s.text, self.lang)
            else:
                lo, hi = bisect_left(self._starts, s.start), bisect_left(self._starts, s.end)
                self._by_span[key] = [
                    _moved(e, e.start - s.start, e.end - s.start) for e in self.found[lo:hi] if e.end <= s.end
                ]
        return self._by_span[key]

    def span(self, s: Sentence, a: int, b: int) -> list[Entity]:
        """The mentions inside ``s.text[a:b]``, offsets in that slice; one cut by an end is clipped to it."""
        b = min(b, len(s.text))
        return [
            _moved(e, max(e.start, a) - a, min(e.end, b) - a)
            for e in self.sentence(s)
            if e.end > a and e.start < b
        ]


def _moved(e: Entity, start: int, end: int) -> Entity:
    """``e`` at other offsets (dataclasses.replace, without its field-by-field introspection)."""
    return Entity(e.canonical, e.kind, start, end, e.text, e.sent)


@lru_cache(maxsize=16384)  # asked of the same words over and over (each capitalized word, each party)
def canonical(name: str, lang: str) -> str | None:
    """The canonical name of a country/organization phrase ("казахстанская сторона" → "Kazakhstan")."""
    name = name.strip()
    if not name:
        return None
    for code in dict.fromkeys([lang or fallback_language(), fallback_language()]):
        found = find_entities(name, code)
        if found:
            return found[0].canonical
    return None


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _bounded(form: str) -> str:
    """A form with word boundaries where its script has them (never around Chinese or Japanese)."""
    body = _form_regex(form)
    pre = "" if _CJK.match(form[:1]) else r"(?<!\w)"
    post = "" if _CJK.search(form[-1:]) else r"(?!\w)"
    return f"{pre}(?:{body}){post}"


@cache
def _implied() -> list[tuple[str, bool, re.Pattern[str]]]:
    """(country, needs confirmation, pattern) for each [implied] entry, unconfirmed forms first."""
    out: list[tuple[str, bool, re.Pattern[str]]] = []
    for confirm in (False, True):
        for country, e in _data().get("implied", {}).items():
            forms = e.get("confirm" if confirm else "forms", [])
            if forms:
                rx = re.compile("|".join(_bounded(f) for f in forms), re.IGNORECASE)
                out.append((country, confirm, rx))
    return out


def implied_country(text: str, named: Collection[str] | Callable[[], Collection[str]] = ()) -> str | None:
    """The country a role title or institution implies ("Secretary of State" → "United States").

    ``named``: the countries the release names (or a function that finds them, called only when needed);
    a form listed under ``confirm`` counts only for one of them.
    """
    for country, confirm, rx in _implied():
        if not rx.search(text):
            continue
        if confirm and callable(named):
            named = named()
        if not confirm or country in named:  # type: ignore[operator]
            return country
    return None


@cache
def _city_country() -> list[tuple[str, re.Pattern[str]]]:
    table = _data().get("city_country", {})
    return [
        (country, re.compile("|".join(_bounded(f) for f in forms), re.IGNORECASE))
        for country, forms in table.items()
    ]


def city_country(city: str) -> str | None:
    """The country of a well-known city, in any language ("Астанада" → "Kazakhstan")."""
    for country, rx in _city_country():
        if rx.match(city.strip()):
            return country
    return None


@cache
def _issuer_rx() -> re.Pattern[str]:
    cues = _data().get("issuer", {}).get("cues", [])
    return re.compile("|".join(_bounded(f) for f in cues) or r"(?!x)x", re.IGNORECASE)


def issuer_country(lines: list[str], lang: str) -> str | None:
    """The country named by a signature line ("Пресс-служба МИД РК" → "Kazakhstan"), if one is there."""
    for line in lines:
        line = line.strip()
        # a signature is a short line of its own, not a sentence ("... said the Ministry of Foreign Affairs.")
        if len(line) > 120 or line.endswith((".", "。", "!", "?", "؟")) or not _issuer_rx().search(line):
            continue
        countries = [e.canonical for e in find_entities(line, lang) if e.kind == "country"]
        if countries:
            return countries[0]
        if implied := implied_country(line):
            return implied
    return None
