"""Startup time of the CLI: ``communique --help`` and one extractive summary (median of several runs).

    .venv/bin/python bench/startup.py [--runs 7] [SAMPLE]

Prints figures; asserts nothing (aims: --help < 0.4 s, summarize < 1 s). To see what is slow:
``python -X importtime -c 'import communique.cli' 2> imports.txt``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    ROOT.parent / "shared" / "corpus" / "dev" / "en-kz-mfa-georgia-2018.txt",
    ROOT / "tests" / "data" / "cli" / "fi-se-2020.txt",
]


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "communique"
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("communique")
    return [found] if found else [sys.executable, "-m", "communique"]


def timed(cmd: list[str], runs: int) -> list[float]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    subprocess.run(cmd, capture_output=True, env=env, check=True)  # warm the page cache once
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env, check=True)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sample", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    sample = a.sample or next(p for p in SAMPLES if p.is_file())
    base = cli()
    cases = [
        ("communique --help", [*base, "--help"], 0.4),
        (
            f"summarize {sample.name} --engine extractive --format json",
            [*base, "summarize", str(sample), "--engine", "extractive", "--format", "json"],
            1.0,
        ),
    ]
    print(f"{'command':<62} {'median':>8} {'min':>7} {'max':>7}  aim")
    for label, cmd, aim in cases:
        ts = timed(cmd, a.runs)
        med = statistics.median(ts)
        flag = "ok" if med < aim else "SLOW"
        print(f"{label:<62} {med:7.3f}s {min(ts):6.3f}s {max(ts):6.3f}s  < {aim} s {flag}")


if __name__ == "__main__":
    main()
