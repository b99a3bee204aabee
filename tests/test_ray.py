"""batch --executor ray (Ray's local mode, on this machine): the same outputs as the local batch.

Skipped when Ray is not installed (``make install-ray`` installs it; CI runs this file after that).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app

DATA = Path(__file__).resolve().parent / "data"


def _tree(root: Path) -> None:
    root.mkdir()
    for p in (DATA / "ledger").iterdir():
        shutil.copy(p, root / p.name)
    (root / "sub").mkdir()
    for p in sorted((DATA / "extractive").iterdir())[:4]:
        shutil.copy(p, root / "sub" / p.name)
    (root / "empty.txt").write_bytes(b"")  # fails alone, on both paths
    if sys.platform != "win32":
        shutil.copy(
            DATA / "ledger" / "en-moscow-2022-04.txt", os.path.join(os.fsencode(root), b"caf\xe9.txt")
        )


def _batch(root: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "communique", "batch", str(root), "--engine", "extractive", "--quiet"]
    cmd += [
        "--out",
        str(dest / "out"),
        "--jsonl",
        str(dest / "all.jsonl"),
        "--steps-csv",
        str(dest / "s.csv"),
    ]
    cmd += ["--db", str(dest / "l.db"), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def _files(d: Path) -> dict[str, bytes]:
    return {os.fsdecode(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def _ledger_steps(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT category, kind, parties, date, due, fulfilled_date FROM steps ORDER BY id"
    ).fetchall()
    con.close()
    return rows


def test_ray_local_mode_gives_the_same_outputs(tmp_path: Path) -> None:
    pytest.importorskip("ray.data")
    root, local, distributed = tmp_path / "in", tmp_path / "local", tmp_path / "ray"
    _tree(root)
    a = _batch(root, local)
    b = _batch(root, distributed, "--executor", "ray", "--workers", "2")
    assert a.returncode == b.returncode == 1, (a.stderr, b.stderr)  # the empty file, on both
    assert "empty" in b.stderr and "Traceback" not in b.stderr
    assert (local / "all.jsonl").read_bytes() == (distributed / "all.jsonl").read_bytes()  # same order too
    assert (local / "s.csv").read_bytes() == (distributed / "s.csv").read_bytes()
    assert _files(local / "out") == _files(distributed / "out")
    assert _ledger_steps(local / "l.db") == _ledger_steps(distributed / "l.db")
    assert len((local / "all.jsonl").read_text(encoding="utf-8").splitlines()) == 11


def test_without_ray_the_executor_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError, as when it is absent
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(DATA / "ledger" / "en-moscow-2022-04.txt", root / "a.txt")
    r = CliRunner().invoke(app, ["batch", str(root), "--jsonl", "-", "--executor", "ray", "-e", "extractive"])
    assert r.exit_code == 2 and "communique[ray]" in r.stderr
