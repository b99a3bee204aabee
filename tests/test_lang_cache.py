"""The parsed language files' cache (lang/__init__.py): the same data as parsing, renewed when a file changes."""

from __future__ import annotations

import marshal
import tomllib
from pathlib import Path

import pytest

from communique import lang

LANG = Path(lang.__file__).parent


def _fresh(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> dict[str, dict[str, object]]:
    monkeypatch.setattr(lang, "_cache_paths", lambda: paths)
    lang._parsed.cache_clear()
    try:
        return lang._parsed()
    finally:
        lang._parsed.cache_clear()


def test_cached_data_is_the_parsed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "c" / "lang.marshal"
    first = _fresh(monkeypatch, [cache])  # parses and writes the cache
    assert cache.is_file()
    again = _fresh(monkeypatch, [cache])  # reads it back
    for p in sorted(LANG.rglob("*.toml")):
        rel = p.relative_to(LANG).as_posix()
        assert first[rel] == again[rel] == tomllib.loads(p.read_text(encoding="utf-8")), rel


def test_a_stale_cache_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "lang.marshal"
    cache.write_bytes(marshal.dumps({"key": "old", "files": {"en.toml": {"stale": True}}}))
    data = _fresh(monkeypatch, [cache])
    assert "stale" not in data["en.toml"]
    assert marshal.loads(cache.read_bytes())["key"] != "old"  # renewed


def test_no_writable_cache_folder_still_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    data = _fresh(monkeypatch, [blocker / "sub" / "lang.marshal"])
    assert data["default.toml"]
