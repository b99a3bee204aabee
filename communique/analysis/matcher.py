"""Many gazetteer forms found in one pass: an Aho–Corasick automaton (pyahocorasick) over folded text.

A form is the gazetteer's regex shorthand (``lang/entities.toml`` describes it): ``*`` = a word ending, a space = any
whitespace, character classes, optional letters and groups, ``(?-i:…)`` for letters matched as written.
Forms that spell out into a few literal strings (``Росси[яиюей]``, ``russ[oa]s?``, ``Kazakhstan*``) are
found by the automaton alone; the rest (a ``*`` inside, ``\\s?``) by their literal head, then checked with
their own small pattern, compiled when first needed. The result is the one a single alternation of all
forms would give (leftmost mention; at one place the form listed first; no overlaps).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick

# letters Python's case-insensitive matching takes as one: fold them alike, one character each
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "ς": "σ", "K": "k", "ẞ": "ß"})
_MAX_VARIANTS = 64


_FOLDED = tuple(chr(c) for c in _FOLD)


def fold(text: str) -> str:
    """Lowercase, one character for one (offsets stay those of ``text``)."""
    # most texts hold none of the six letters: a scan for each is cheaper than translating every character
    if any(ch in text for ch in _FOLDED):
        text = text.translate(_FOLD)
    return text.lower()


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class _Variant:
    literal: str  # as written (case-sensitive forms compare it); the automaton holds it folded
    tail: bool  # a word ending may follow (the form ended in "*")
    exact: bool  # letters as written


def _split_alts(body: str) -> list[str] | None:
    """``A|B|C`` at depth 0 → its alternatives."""
    out, depth, cur = [], 0, ""
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cur += body[i : i + 2]
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return [*out, cur]


def _group_end(form: str, i: int) -> int:
    """The index of the ``)`` closing the group opened at ``form[i]``."""
    depth = 0
    for j in range(i, len(form)):
        if form[j] == "\\":
            continue
        if form[j] == "(" and (j == 0 or form[j - 1] != "\\"):
            depth += 1
        elif form[j] == ")" and form[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _spell(form: str) -> list[str] | None:
    """The literal strings a form spells (``*`` kept only as a last character), None when it is more."""
    outs = [""]
    i = 0
    while i < len(form):
        ch = form[i]
        nxt_opt = False
        if ch == "\\":
            if i + 1 >= len(form) or form[i + 1].isalnum():
                return None  # \s, \w, \d: a class, not a letter
            alts, i = [form[i + 1]], i + 2
        elif ch == "[":
            j = form.find("]", i)
            body = form[i + 1 : j] if j > 0 else ""
            if not body or any(c in body for c in "\\-^["):
                return None
            alts, i = list(body), j + 1
        elif ch == "(":
            j = _group_end(form, i)
            if j < 0 or not form.startswith("(?:", i):
                return None
            parts = _split_alts(form[i + 3 : j])
            spelled = [_spell(p) for p in parts or []]
            if any(s is None for s in spelled):
                return None
            alts = [x for s in spelled for x in s or []]
            if any("*" in a for a in alts):
                return None
            i = j + 1
        elif ch == "*":
            if i != len(form) - 1:
                return None
            alts, i = ["*"], i + 1
        elif ch in "?+{}|.^$)]" or ch.isspace():
            return None  # a space stands for any run of whitespace: checked by the pattern
        else:
            alts, i = [ch], i + 1
        if i < len(form) and form[i] == "?":
            nxt_opt, i = True, i + 1
        if nxt_opt:
            alts = ["", *alts]
        outs = [o + a for o in outs for a in alts]
        if len(outs) > _MAX_VARIANTS:
            return None
    return outs


def _variants(form: str, acronym: bool) -> list[_Variant] | None:
    exact = acronym
    m = re.fullmatch(r"\(\?-i:(.*)\)", form)
    if m and _group_end(form, 0) == len(form) - 1:
        form, exact = f"(?:{m.group(1)})", True
    spelled = _spell(form)
    if spelled is None:
        return None
    out = []
    for s in spelled:
        tail = s.endswith("*")
        lit = s[:-1] if tail else s
        if not lit or "*" in lit:
            return None
        out.append(_Variant(lit, tail, exact))
    return out


def _head(form: str) -> str:
    """The literal letters a form begins with (what the automaton finds a checked form by)."""
    m = re.match(r"(?:[^\\\[\]()?*+.{}|^$\s]|\\[^\w\s])+", form)
    head = m.group() if m else ""
    if head and form[len(head) : len(head) + 1] == "?":
        head = head[:-1]  # the last letter is optional
    return head.replace("\\", "")


class Matcher:
    """Forms (in priority order) → their mentions in a text: (start, end, index of the form)."""

    def __init__(
        self,
        forms: list[tuple[str, bool]],  # (form, acronym: letters as written)
        to_regex: Callable[[str], str],  # a form → its regex body (the checked forms' patterns)
        spaced: bool,
        prefix: str = "",
    ) -> None:
        self.spaced = spaced
        self.prefix = re.compile(f"(?:{prefix})") if prefix else None
        self._to_regex = to_regex
        self._forms = forms
        self._checked: dict[int, re.Pattern[str]] = {}
        self._residual: list[tuple[int, re.Pattern[str]]] = []
        auto = ahocorasick.Automaton()
        keys: dict[str, list[tuple[int, _Variant | None]]] = {}
        for idx, (form, acronym) in enumerate(forms):
            vs = _variants(form, acronym)
            if vs is not None:
                for v in vs:
                    keys.setdefault(fold(v.literal), []).append((idx, v))
            elif head := _head(form):
                keys.setdefault(fold(head), []).append((idx, None))
            else:  # nothing literal to find it by: its own pattern, over the whole text
                self._residual.append((idx, self._pattern(idx)))
        for k, entries in keys.items():
            auto.add_word(k, (len(k), entries))
        if keys:
            auto.make_automaton()
        self._auto = auto if keys else None

    def _pattern(self, idx: int) -> re.Pattern[str]:
        if idx not in self._checked:
            post = r"(?!\w)" if self.spaced else ""
            self._checked[idx] = re.compile(f"(?:{self._to_regex(self._forms[idx][0])}){post}", re.IGNORECASE)
        return self._checked[idx]

    def _word_start(self, text: str, q: int) -> int:
        """Where the mention at ``q`` begins with what is written onto it (-1: it starts inside a word)."""
        if q == 0 or not _word(text[q - 1]):
            return q
        if self.prefix is None:
            return -1
        p = q
        while p > 0 and _word(text[p - 1]):
            p -= 1
        return p if self.prefix.fullmatch(text, p, q) else -1

    def find(self, text: str) -> list[tuple[int, int, int]]:
        cands: list[tuple[int, int, int, int, int]] = []  # (scan start, -prefix, form, start, end)
        n = len(text)
        if self._auto is not None:
            for last, (size, entries) in self._auto.iter(fold(text)):
                q = last + 1 - size
                p = self._word_start(text, q) if self.spaced else q
                if p < 0:
                    continue
                for idx, v in entries:
                    end = self._end(text, q, idx, v, n)
                    if end > q:
                        cands.append((p, p - q, idx, q, end))
        for idx, rx in self._residual:
            for m in rx.finditer(text):
                p = self._word_start(text, m.start()) if self.spaced else m.start()
                if p >= 0:
                    cands.append((p, p - m.start(), idx, m.start(), m.end()))
        cands.sort()
        out, pos = [], 0
        for p, _, idx, q, end in cands:
            if p >= pos:
                out.append((q, end, idx))
                pos = end
        return out

    def _end(self, text: str, q: int, idx: int, v: _Variant | None, n: int) -> int:
        """Where the form ends when it matches at ``q`` (-1: it does not)."""
        if v is None:
            m = self._pattern(idx).match(text, q)
            return m.end() if m else -1
        end = q + len(v.literal)
        if v.exact and text[q:end] != v.literal:
            return -1
        if v.tail:
            while end < n and _word(text[end]):
                end += 1
        elif self.spaced and end < n and _word(text[end]):
            return -1
        return end
