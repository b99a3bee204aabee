"""Per-language resources: one TOML file per language (``<code>.toml``), over ``default.toml``.

Each file has one table per concern: ``[script]`` (how the language is written: cased, spaced,
clitics, name order; the stages read it instead of testing language codes), ``[text]``
(abbreviations, sentence rules), ``[meeting]``
(months, titles, place and kind cues), ``[steps]`` (commitment cues, negation, modality, time
expressions), ``[points]`` (cue verbs, boilerplate markers, stop words). A language without a file
gets ``default.toml`` alone, so adding a language is adding a file.
"""

from __future__ import annotations

import hashlib
import marshal
import tomllib
from dataclasses import dataclass, fields
from functools import cache, cached_property
from importlib import resources as _ir
from pathlib import Path
from typing import Any

from ..cachefile import cache_paths, write_first

DEFAULT = "default"
_HERE = Path(__file__).parent
_CACHE_VERSION = 1  # bump when the cached form of the parsed files changes


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def data_file(rel: str) -> dict[str, Any] | None:
    """A TOML file of this folder, parsed (``"ru.toml"``, ``"entities/ru.toml"``); None when absent."""
    return _parsed().get(rel)


def _load(code: str) -> dict[str, Any] | None:
    return data_file(f"{code}.toml")


@cache
def _parsed() -> dict[str, dict[str, Any]]:
    """Every TOML file of lang/, parsed once per content: parsing the 31 files takes a third of a cold
    start, reading back their parsed form a hundredth. The cache is keyed by a hash of the files'
    bytes, kept beside the bytecode (``make install`` writes it), else in the user cache folder."""
    raw = {p.relative_to(_HERE).as_posix(): p.read_bytes() for p in sorted(_HERE.rglob("*.toml"))}
    h = hashlib.blake2b(str(_CACHE_VERSION).encode(), digest_size=16)
    for rel, data in raw.items():
        h.update(rel.encode() + b"\0" + data + b"\0")
    key = h.hexdigest()
    for path in _cache_paths():
        try:
            cached = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            continue
        if isinstance(cached, dict) and cached.get("key") == key:
            return dict(cached["files"])
    parsed = {rel: tomllib.loads(data.decode("utf-8")) for rel, data in raw.items()}
    _store({"key": key, "files": parsed})
    return parsed


def _cache_paths() -> list[Path]:
    return cache_paths(_HERE, "lang-data.marshal")


def _store(obj: dict[str, Any]) -> None:
    """Write the cache where it can be written; never fail a run."""
    try:
        blob = marshal.dumps(obj)
    except ValueError:  # a TOML value marshal cannot keep (a datetime): no cache, parse each time
        return
    write_first(_cache_paths(), blob)


@dataclass(frozen=True)
class Script:
    """How a language is written (its ``[script]`` table over ``default.toml``'s)."""

    cased: bool = True  # capitals mark names (False: Han, Arabic script)
    spaced: bool = True  # spaces between words (False: Chinese, Japanese)
    capitalised_nouns: bool = (
        False  # every noun takes a capital (German): one opening a sentence names nobody
    )
    compounds: bool = False  # words join into compounds (German): a cue may sit inside a word
    head_final: bool = False  # governing verbs come last (Kazakh, Turkish): the subject opens the clause
    role_after_name: bool = False  # the office may follow the name ("تميم بن حمد آل ثاني أمير دولة قطر")
    right_to_left: bool = False
    dotted_i: bool = False  # Turkic casing: i ↔ İ, ı ↔ I
    word_chars: str = ""  # a regex class body of characters a word boundary also respects ("\u0600-\u06ff")
    cue_prefix: str = ""  # a regex: letters a cue word may carry written onto it (Arabic "[وفبل]?")
    title_prefix: str = ""  # a regex: what a role title may carry written onto it (Arabic "و")
    name_prefix: str = (
        ""  # a regex: what a gazetteer name may carry (a conjunction, a preposition, the article)
    )
    article: str = (
        ""  # the definite article written onto nouns ("ال"): gazetteer forms drop it into name_prefix
    )
    stem_prefix: str = ""  # a regex: what is dropped from a word before its stem is compared (key points)
    full_stop: str = "."  # what ends a sentence the engine writes
    clause_separator: str = "; "  # what joins two clauses merged into one key point
    word_joiner: str = " "  # what joins two pieces of text
    variants: str = ""  # groups of one character's other written forms ("会會 国國"): a cue matches them all
    writing: str = (
        ""  # the writing systems of its city names ("Latn", "Cyrl", "Arab", "Hani Kana"): places.py
    )


class Resources:
    """The merged resources of one language; ``res.get("steps.agree")`` or ``res["meeting"]``."""

    def __init__(self, code: str, data: dict[str, Any], has_file: bool) -> None:
        self.code = code
        self.data = data
        self.has_file = has_file

    @cached_property
    def script(self) -> Script:
        table = self.data.get("script", {})
        return Script(**{f.name: table[f.name] for f in fields(Script) if f.name in table})

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data.get(section, {})

    def get(self, dotted: str, default: Any = None) -> Any:
        cur: Any = self.data
        for part in dotted.split("."):
            if not isinstance(cur, dict) or part not in cur:
                return default
            cur = cur[part]
        return cur

    def list(self, dotted: str) -> list[Any]:
        v = self.get(dotted, [])
        return list(v) if isinstance(v, list) else [v]


@cache
def resources(code: str) -> Resources:
    base = _load(DEFAULT) or {}
    own = _load(code) if code and code != DEFAULT else None
    return Resources(code, _merge(base, own or {}), own is not None)


@cache
def fallback_language() -> str:
    """The language a key no file sets falls back to (``fallback`` in ``default.toml``)."""
    return str(resources(DEFAULT).get("fallback", DEFAULT))


def available_languages() -> list[str]:
    return sorted(
        p.name[:-5]
        for p in _ir.files(__name__).iterdir()
        if p.name.endswith(".toml") and p.name not in (f"{DEFAULT}.toml", "entities.toml")
    )


@cache
def _variant_map(variants: str) -> dict[str, str]:
    return {g[0]: g for g in variants.split() if len(g) > 1}


def with_variants(pattern: str, variants: str) -> str:
    """A regex body whose letters also match their other written forms ([script] variants):
    "会见" → "[会會]见"; inside a class the forms are added to it. Escapes are kept as they are."""
    table = _variant_map(variants)
    if not table:
        return pattern
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            out.append(ch)
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        group = table.get(ch)
        out.append(ch if group is None else group if in_class else f"[{group}]")
    return "".join(out)
