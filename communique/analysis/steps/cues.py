"""The [steps] table of a language, compiled: cue phrases, mode markers, time expressions.

Every list in the table is a list of regular expressions (case-insensitive). In languages written
with spaces a cue must start at a word start; in those written without (``[script] spaced = false``)
anywhere; a cue may carry what ``[script] cue_prefix`` allows written onto it (Arabic و ف ب ل). A cue
may span several words (``agreed to``, ``стороны условились``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ...lang import Script, resources, with_variants

# Cue families that open a candidate: how strong each is, and whether the cue words belong to the
# action ("шукатиме шляхи" keeps its verb; "agreed to" does not).
CUE_KINDS: dict[str, tuple[str, bool]] = {
    "agree": ("strong", False),  # mutual agreement: the sides agreed / decided / set a target
    "pledge": ("strong", False),  # one side commits: ready to, intends to, committed to, pledged
    "accept": ("strong", True),  # accepted an invitation
    "planned": ("planned", True),  # an event to come, no agent needed: will be held / signed
    "future": ("weak", False),  # future auxiliaries: will, будет, буде, werden, va
    "future_verb": ("weak", True),  # synthetic futures: ampliará, шукатиме, продолжат
    "deontic": ("deontic", False),  # soll / shall / должны: a step only after an agreement
}

MODES = ("negation", "hypothetical", "historical", "thanks", "opinion", "background")


@dataclass
class Cues:
    lang: str
    script: Script
    spaced: bool  # words separated by spaces (False for zh, ja)
    head_final: bool  # governing verbs come last (kk): mode markers after a cue also rule it
    negation_before: int
    negation_after: int
    patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    abbreviations: frozenset[str] = frozenset()  # the [text] table's, lower case: "ds." ends nothing
    _found: dict[tuple[str, str], list[re.Match[str]]] = field(default_factory=dict, repr=False)

    def find(self, name: str, text: str) -> list[re.Match[str]]:
        """Every match in ``text`` (shared, do not modify): the mode checks of each cue in a sentence
        ask the same questions of it, so answers are kept for a while."""
        key = (name, text)
        hit = self._found.get(key)
        if hit is None:
            p = self.patterns.get(name)
            hit = list(p.finditer(text)) if p is not None else []
            if len(self._found) >= 4096:
                self._found.clear()
            self._found[key] = hit
        return hit

    def abbreviation_before(self, text: str, dot: int) -> bool:
        """Whether the "." at ``dot`` closes an abbreviation ("grupa robocza ds. energii")."""
        words = text[: dot + 1].split()
        return bool(words) and words[-1].lower().lstrip('(«"') in self.abbreviations

    def search(self, name: str, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The first match in text[start:end]; lookbehinds see the whole text (no word cut in two)."""
        p = self.patterns.get(name)
        if p is None:
            return None
        return p.search(text, start, len(text) if end is None else end)


def word_start(script: Script) -> str:
    """What a cue starts with in ``script``: a word start and the letters it may carry written onto it."""
    boundary = rf"(?<![\w{script.word_chars}])" if script.word_chars else r"(?<!\w)"
    return boundary + (f"(?:{script.cue_prefix})" if script.cue_prefix else "")


def _compile(
    forms: list[str], script: Script, whole: bool = False, bound: bool = True
) -> re.Pattern[str] | None:
    forms = [with_variants(f, script.variants) for f in forms if f]
    if not forms:
        return None
    # a whole word, or an elided one that a word follows ("d'intensifier": the cue ends at "d'")
    end = r"(?:(?<=['’])|(?!\w))" if whole else ""
    body = "|".join(f"(?:{f}){end}" for f in sorted(forms, key=len, reverse=True))
    if script.cue_prefix:  # a clitic may be written onto the cue, separator or not
        return re.compile(rf"{word_start(script)}(?:{body})", re.IGNORECASE)
    if not script.spaced or not bound:
        return re.compile(f"(?:{body})", re.IGNORECASE)
    return re.compile(rf"{word_start(script)}(?:{body})", re.IGNORECASE)


LIST_KEYS = (
    *CUE_KINDS,
    *MODES,
    "sides",
    "split",
    "cut",
    "nonaction",
    "report",
    "vague",
    "period_ref",
    "tail",
    "relative",
    "itinerary",
    "complement",
    "coord",
    "own_side",
    "adverbial",
    "nonobject",
    "invite",
    "subjunctive",
    "condition",  # a condition after the cue: "if", "unless" ("if necessary" is excluded in the data)
    "condition_when",  # "when", "once": a condition only when it asks for someone's readiness
    "condition_state",  # what such a clause asks besides readiness ("stops", "withdraws")
    "contrast",  # "but", "however": a clause that may take the cue back
    "anaphor",  # "such", "такої": a denial that points back at the cue
    "np_infinitive",  # "efforts to", "attempts to": an infinitive that belongs to a noun
    "coord_object",  # "and on", "وعلى": a second object of the same agreement verb
    "case_suffix",  # Turkish "Azerbaycan'a": a name in an oblique case is no co-subject
    "invite_to",  # where an accepted invitation's content starts ("to", "à", "посетить")
    "host",  # "hosted by", "at the invitation of": the host is not a side for that alone
    "attribution",  # "according to", "segundo": a source named, which rules no planned event
    "list_item",  # kk "тереңдетуге,": a word before a comma that joins the items of one action
    "topic",  # "touched on", "谈及": a coordinated part these open is a topic discussed, no action
)


@cache
def cues_for(lang: str) -> Cues:
    res = resources(lang)
    tbl: dict[str, Any] = res["steps"]
    c = Cues(
        lang=lang,
        script=res.script,
        spaced=res.script.spaced,
        head_final=res.script.head_final,
        negation_before=int(tbl.get("negation_before", 3)),
        negation_after=int(tbl.get("negation_after", 0)),
        raw=tbl,
        abbreviations=frozenset(str(a).lower() for a in res.get("text.abbreviations", None) or []),
    )
    for key in LIST_KEYS:
        v = tbl.get(key, [])
        seps = key in ("split", "cut", "tail", "case_suffix")  # separators: may start with a comma or a space
        whole = bool(tbl.get("whole_words", False)) and not seps
        c.patterns[key] = _compile(list(v) if isinstance(v, list) else [v], res.script, whole, not seps)
    return c
