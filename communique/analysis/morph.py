"""Base forms of role titles by a morphological dictionary ([meeting] morphology: pymorphy3's language).

Slavic roles come in every case ("главой МИД", "белорусским коллегой", "министром иностранных дел"):
ending tables guess ("главая"), a dictionary knows. The analyser (pymorphy3 and its dictionary package)
is loaded on the first role that needs it (a tenth of a second), never at import.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

_INFLECTED = frozenset({"ADJF", "PRTF"})  # words that agree with the head noun
_CASES = frozenset({"gent", "datv", "accs", "ablt", "loct", "gen2", "loc2", "acc2"})


@cache
def _analyzer(lang: str) -> Any | None:
    try:
        import pymorphy3
    except ImportError:  # not installed: the ending tables decide
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    except (ValueError, OSError):  # no dictionary for the language
        return None


def available(lang: str) -> bool:
    return _analyzer(lang) is not None


def _nom(parse: Any, gender: str | None = None) -> str | None:
    """An adjective in the nominative singular of ``gender`` (its dictionary form is the masculine)."""
    form = parse.inflect({"nomn", "sing", gender}) if gender and gender != "masc" else None
    return str(form.word) if form is not None else str(parse.normal_form)


def _keep_case(src: str, dst: str) -> str:
    if src.isupper() and len(src) > 1:
        return dst.upper()
    return dst[:1].upper() + dst[1:] if src[:1].isupper() else dst


def _readings(morph: Any, word: str) -> list[Any]:
    return [p for p in morph.parse(word.lower()) if p.tag.POS in _INFLECTED or p.tag.POS == "NOUN"]


def _agreeing(parses: list[Any], after: list[Any]) -> Any | None:
    """The word's adjective reading when it is one: its only reading, its first, or one in the case of
    a noun reading of the next word ("Високим представником": an adjective, not the surname Високий)."""
    adjs = [p for p in parses if p.tag.POS in _INFLECTED]
    if not adjs:
        return None
    if parses[0].tag.POS in _INFLECTED or all(p.tag.POS in _INFLECTED for p in parses):
        return adjs[0]
    # an adjective reading about as likely as the noun's (the Russian dictionary weighs them: "главой"
    # is a noun), in the case of a noun after it that declines (not "МИД")
    cases = {p.tag.case for p in after if p.tag.POS == "NOUN" and "Abbr" not in p.tag}
    return next((p for p in adjs if p.tag.case in cases and p.score >= parses[0].score / 2), None)


@lru_cache(maxsize=4096)
def role_nominative(role: str, lang: str) -> str | None:
    """The role in the nominative singular: the agreeing words before the head noun (in the head's
    gender) and the head noun take it, the complement after the head stays as written ("главой МИД" →
    "глава МИД"). None when the dictionary is missing or reads the first word as no noun or adjective."""
    morph = _analyzer(lang)
    if morph is None:
        return None
    words = role.split(" ")
    out = list(words)
    adjs: list[tuple[int, Any]] = []
    readings = [_readings(morph, w) for w in words]
    for i, w in enumerate(words):
        parses = readings[i]
        if not parses:
            return None if i == 0 else " ".join(out)
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        adj = _agreeing(parses, readings[i + 1] if i + 1 < len(words) else [])
        if adj is not None or not nouns:
            if adj is None:  # no noun, no adjective of the role: the words after are its complement
                return None if i == 0 else " ".join(out)
            adjs.append((i, adj))
            continue
        # the head noun: already nominative singular stays; otherwise its dictionary form
        # (the Ukrainian dictionary tags the nominative singular with no case: "NOUN,anim masc")
        head = next((p for p in nouns if p.tag.case in ("nomn", None) and p.tag.number != "plur"), None)
        if head is None:
            head = next((p for p in nouns if p.tag.case in _CASES), nouns[0])
            out[i] = _keep_case(w, str(head.normal_form))  # a noun's dictionary form: nominative singular
        gender = head.tag.gender if head.tag.gender in ("masc", "femn", "neut") else None
        for k, adj in adjs:
            if base := _nom(adj, gender):
                out[k] = _keep_case(words[k], base)
        return " ".join(out)
    return " ".join(out)
