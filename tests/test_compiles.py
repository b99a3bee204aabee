"""No regular expression is compiled per release: every pattern is compiled once per language and process.

A batch reads thousands of releases, each naming other people; a pattern built from a release's own
words (a participant's name, a party) is compiled anew for every release and re's cache (512 entries)
overflows in a full pipeline. The check counts the compilations themselves, whatever the cache holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA

from communique import core
from communique.document import Source
from communique.options import Options

OPTS = Options(engine="extractive")
RELEASES = sorted((DATA / "extractive").glob("*.txt")) + sorted((DATA / "steps").glob("*.txt"))


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the patterns compiled (re's cache emptied first, so a hit is no excuse)."""
    seen: list[str] = []
    compiler = re._compiler  # type: ignore[attr-defined]
    real = compiler.compile

    def counting(pattern: object, flags: int = 0) -> object:
        seen.append(str(pattern)[:80])
        return real(pattern, flags)

    re.purge()
    monkeypatch.setattr(compiler, "compile", counting)
    return seen


_NAME = re.compile(r"\b([A-ZА-Я])([a-zа-я]{3,})\b")


def _renamed(src: Source, k: int) -> Source:
    """The release with its people (and places) renamed: new names must not mean new patterns."""
    return core.load(_NAME.sub(lambda m: m[1] + m[2][::-1] + "ov" * k, src.text), OPTS)


def _analyse(srcs: list[Source]) -> None:
    """What a batch does per release once it is read: the analysis and the readout."""
    engine, _ = core.resolve_engine(OPTS)
    for src in srcs:
        core.summarize_documents([core.analyse(src, OPTS)], engine)


def test_a_second_pass_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    srcs = [core.load(Path(p), OPTS) for p in RELEASES]
    assert len({core.detect_language(s.text) for s in srcs}) >= 6
    first = [_renamed(s, 1) for s in srcs]
    again = [_renamed(s, 2) for s in srcs]
    _analyse(srcs + first)  # the first use of each language compiles its patterns
    compiled = _counting(monkeypatch)
    re.compile("a pattern of this test alone")
    assert compiled == ["a pattern of this test alone"]  # the counter sees compilations
    _analyse(srcs + again)  # the same releases, and with other people in them
    assert compiled[1:] == []
