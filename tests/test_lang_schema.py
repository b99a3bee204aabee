"""Every language file against one schema; its patterns compile; no code branches on a language code."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources as ir
from pathlib import Path

import jsonschema
import pytest

from communique.analysis.entities import _form_regex, entity_kinds
from communique.lang import Script, available_languages, resources
from communique.lang.forms import form as _form

LANG = Path(ir.files("communique.lang"))  # type: ignore[arg-type]
FILES = sorted(p for p in LANG.glob("*.toml") if p.name != "entities.toml")
SCHEMA = json.loads((LANG / "schema.json").read_text(encoding="utf-8"))
GAZETTEER = sorted((LANG / "entities").glob("*.toml"))  # one file of gazetteer forms per language
CODE = Path(ir.files("communique"))  # type: ignore[arg-type]


def _data(p: Path) -> dict:
    return tomllib.loads(p.read_text(encoding="utf-8"))


def _compiles(pattern: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as e:
        raise AssertionError(f"{where}: {pattern!r}: {e}") from e


def test_every_language_file_is_covered() -> None:
    names = {p.stem for p in FILES}
    assert "default" in names and set(available_languages()) <= names
    assert {"ja", "fa"} <= names  # Japanese has a file of its own; Persian is data alone


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_language_file_follows_the_schema(path: Path) -> None:
    jsonschema.validate(_data(path), SCHEMA)


_LITERAL = {"name_end"}  # characters, matched as written


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_patterns_compile(path: Path) -> None:
    d = _data(path)
    steps = d.get("steps", {})
    for key, v in steps.items():
        tables = v.values() if isinstance(v, dict) else [v]
        for f in (x for xs in tables if isinstance(xs, list) for x in xs):
            _compiles(f, f"{path.stem} steps.{key}")
    meeting = d.get("meeting", {})
    for key, v in meeting.items():
        if isinstance(v, list) and all(isinstance(x, str) for x in v) and key not in _LITERAL:
            for f in v:
                _compiles(_form(f), f"{path.stem} meeting.{key}")
    dates = d.get("dates", {})
    for key, v in dates.items():
        for f in (x for xs in (v if key == "months" else [v]) if isinstance(xs, list) for x in xs):
            _compiles(_form(f), f"{path.stem} dates.{key}")
    for f in d.get("text", {}).get("dateline_patterns", []):
        _compiles(f, f"{path.stem} text.dateline_patterns")
    sc = d.get("script", {})
    for key in ("cue_prefix", "title_prefix", "name_prefix", "stem_prefix"):
        _compiles(sc.get(key, ""), f"{path.stem} script.{key}")


def test_the_script_table_sets_only_known_keys() -> None:
    known = set(Script.__dataclass_fields__)
    assert set(SCHEMA["properties"]["script"]["properties"]) == known
    for p in FILES:
        assert set(_data(p).get("script", {})) <= known, p.stem
    assert resources("zh").script.spaced is False and resources("ar").script.cased is False
    assert resources("de").script.capitalised_nouns and resources("en").script == Script(writing="Latn")


# a language code compared in code: `lang == "de"`, `lang in ("zh", "ja")`, `code in {...}`
_BRANCH = re.compile(r"""\b(?:lang|code|language)\s*(?:==|!=|(?:not\s+)?in)\s*[(\[{]?\s*["'][a-z]{2}["']""")


def test_no_code_branches_on_a_language_code() -> None:
    # language identification (text.py) names languages by what it sees; nothing decides by one
    hits = [
        f"{p.relative_to(CODE)}:{i}: {line.strip()}"
        for p in sorted(CODE.rglob("*.py"))
        if p.name != "text.py"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if _BRANCH.search(line) and not line.lstrip().startswith("for ")  # a loop over codes decides nothing
    ]
    assert not hits, "\n".join(hits)


@pytest.mark.parametrize("path", GAZETTEER, ids=lambda p: p.stem)
def test_gazetteer_file_follows_the_schema(path: Path) -> None:
    """A language's gazetteer file has the shape of a language file's [entities] table, names only
    entities of lang/entities.toml, and its forms compile."""
    d = _data(path)
    jsonschema.validate(d, {**SCHEMA["properties"]["entities"], "$defs": SCHEMA["$defs"]})
    kinds = entity_kinds()
    assert set(d.get("forms", {})) <= set(kinds), set(d.get("forms", {})) - set(kinds)
    for name, forms in d.get("forms", {}).items():
        for f in forms:
            _compiles(_form_regex(f), f"entities/{path.stem} {name}")


def test_gazetteer_files_cover_the_languages() -> None:
    assert {p.stem for p in GAZETTEER} >= {"any", "en", "ru", "zh", "ar"}
    assert set(entity_kinds().values()) == {"country", "org"}
    for p in FILES:  # forms a language file brings along name known entities too
        assert set(_data(p).get("entities", {}).get("forms", {})) <= set(entity_kinds()), p.stem
