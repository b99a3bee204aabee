"""File names that are not UTF-8 survive into every output, escaped and reversible; one record that
cannot be written fails alone."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from communique import names
from communique.cli import app
from communique.ledger import Ledger, LedgerError

DATA = Path(__file__).resolve().parent / "data" / "ledger"
EX = ["--engine", "extractive", "--quiet"]
BAD = b"r\xe9union \xff[x].txt"  # Latin-1 bytes in a UTF-8 locale: not decodable

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_escape_is_reversible_and_valid_text(raw: bytes) -> None:
    name = os.fsdecode(raw)
    text = names.escape(name)
    text.encode("utf-8")  # always writable
    assert os.fsencode(names.unescape(text)) == raw


@pytest.mark.parametrize("name", ["a.txt", "Москва 2020.txt", "a\\b.txt", "年.md"])
def test_valid_names_are_left_alone(name: str) -> None:
    assert names.escape(name) == name and names.unescape(name) == name


def test_a_name_starting_with_a_quote_is_quoted_too() -> None:
    assert names.escape('"x".txt') == '"\\"x\\".txt"'
    assert names.unescape(names.escape('"x".txt')) == '"x".txt'


@posix_only
def test_non_utf8_name_reaches_every_output(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(DATA / "en-astana-2023-03.txt", os.path.join(os.fsencode(root), BAD))
    shutil.copy(DATA / "en-helsinki-2021-02.txt", root / "good.txt")
    out, jl, sc, db = tmp_path / "out", tmp_path / "a.jsonl", tmp_path / "s.csv", tmp_path / "l.db"
    args = ["batch", str(root), "-o", str(out), "--jsonl", str(jl), "--steps-csv", str(sc), "--db", str(db)]
    r = CliRunner().invoke(app, [*args, *EX])
    assert r.exit_code == 0, r.output
    raw_path = os.path.join(os.fsencode(root), BAD)
    sources = [json.loads(x)["source"] for x in jl.read_text(encoding="utf-8").splitlines()]
    assert len(sources) == 2
    bad = next(s for s in sources if "union" in s)
    assert bad.startswith('"') and "\\xe9" in bad and os.fsencode(names.unescape(bad)) == raw_path
    rows = list(csv.DictReader(sc.open(encoding="utf-8", newline="")))
    assert {row["source"] for row in rows} == set(sources)
    assert len([row for row in rows if row["source"] == bad]) == 2
    written = {os.fsencode(p.name) for p in out.iterdir()}
    assert written == {b"r\xe9union \xff[x].json", b"good.json"}  # the readout keeps the input's bytes
    readout = json.loads(out.joinpath(os.fsdecode(b"r\xe9union \xff[x].json")).read_text(encoding="utf-8"))
    assert readout["source"] == bad
    steps = CliRunner().invoke(app, ["ledger", "steps", "--db", str(db), "-f", "json"])
    assert {json.loads(x)["source"] for x in steps.stdout.splitlines()} == set(sources)
    # --resume knows the escaped name for the same file
    again = CliRunner().invoke(app, [*args, "--resume", *EX])
    assert again.exit_code == 0 and jl.read_text(encoding="utf-8").count(json.dumps(bad)) == 1


def test_one_record_that_cannot_be_stored_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for n in ("en-astana-2023-03.txt", "en-helsinki-2021-02.txt", "en-moscow-2022-04.txt"):
        shutil.copy(DATA / n, root / n)
    real = Ledger.ingest

    def flaky(self: Ledger, r: object, facts: object, source: str | None = None) -> object:
        if "helsinki" in getattr(r, "source", ""):
            raise LedgerError("disk says no for this one")
        return real(self, r, facts, source)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "ingest", flaky)
    jl, db = tmp_path / "a.jsonl", tmp_path / "l.db"
    r = CliRunner().invoke(
        app,
        ["batch", str(root), "--jsonl", str(jl), "--db", str(db), "--engine", "extractive"],
        env={"COLUMNS": "300"},
    )
    assert r.exit_code == 1 and "disk says no" in r.stderr
    assert len(jl.read_text(encoding="utf-8").splitlines()) == 3
    with Ledger(db) as led:
        assert led.db.execute("SELECT count(*) FROM releases").fetchone()[0] == 2
