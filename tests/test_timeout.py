"""--timeout: a release that runs past its budget fails alone with one line; the batch goes on.

No release needs the guard (the analysis is linear): each test plants a slow stage by running the real
CLI in a child process whose ``core.analyse`` first sleeps on the releases named "slow" (the pool's
workers are forked from it, so they are slowed too; "slow" in the file name, not the folder's).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from communique.batch import ERROR_SCHEMA_ID

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
TXT = CLI_DATA / "fi-se-2020.txt"
ENV = {**os.environ, "NO_COLOR": "1", "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}

# the real entry point, with a stall planted in the analysis of the inputs named "slow"
PLANTED = """
import os, sys, time
from communique import core
real = core.analyse
def slow(src, opts=None):
    if "slow" in os.path.basename(src.name):
        time.sleep(60)
    return real(src, opts)
core.analyse = slow
from communique.cli import main
sys.argv[0] = "communique"
main()
"""


def _cq(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PLANTED, *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=120
    )


def test_summarize_past_the_budget_is_one_line_exit_1(tmp_path: Path) -> None:
    f = tmp_path / "slow.txt"
    shutil.copy(TXT, f)
    t = time.monotonic()
    p = _cq("summarize", str(f), "--format", "json", "--engine", "extractive", "--timeout", "1")
    assert time.monotonic() - t < 30
    assert p.returncode == 1
    assert p.stdout == ""
    assert p.stderr == f"communique: {f}: took longer than 1 s\n"


def test_summarize_within_the_budget_is_untouched(tmp_path: Path) -> None:
    p = _cq("summarize", str(TXT), "--format", "json", "--engine", "extractive", "--timeout", "20")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["schema"] == "communique.readout/1"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_records_the_slow_release_and_goes_on(tmp_path: Path, workers: str) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name in ("a.txt", "b-slow.txt", "c.txt", "d-slow.txt", "e.txt"):
        shutil.copy(TXT, root / name)
    jl, out = tmp_path / "all.jsonl", tmp_path / "out"
    t = time.monotonic()
    p = _cq(
        "batch", str(root), "--jsonl", str(jl), "--out", str(out), "--engine", "extractive",
        "--workers", workers, "--timeout", "4",
    )  # fmt: skip
    assert time.monotonic() - t < 100
    assert p.returncode == 1, p.stderr
    lines = [json.loads(ln) for ln in jl.read_text(encoding="utf-8").splitlines()]
    assert [Path(d["source"]).name for d in lines] == ["a.txt", "b-slow.txt", "c.txt", "d-slow.txt", "e.txt"]
    for d in lines:
        if "slow" in Path(d["source"]).name:
            assert d == {"schema": ERROR_SCHEMA_ID, "source": d["source"], "error": "took longer than 4 s"}
        else:
            assert d["schema"] == "communique.readout/1"  # the releases after a stall still get readouts
    assert sorted(x.name for x in out.iterdir()) == ["a.json", "c.json", "e.json"]  # no temp files left
    assert "took longer than 4 s" in p.stderr and "failed" in p.stderr  # the closing report
