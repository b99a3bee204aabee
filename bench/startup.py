"""Startup time of the CLI: ``communique --help`` and one extractive summary (median of several runs).

    .venv/bin/python bench/startup.py [--runs 7] [SAMPLE]

Prints wall and CPU seconds (user + system of the child: others' load on a shared machine changes it far
less than wall time); asserts nothing (aims: --help < 0.4 s, summarize < 0.35 s). Python compiles the
package's modules on every start when no bytecode is cached (``PYTHONDONTWRITEBYTECODE`` set, a fresh
editable checkout): that is measured too, apart, as "no bytecode". ``make install`` caches it.
To see what is slow: ``python -X importtime -c 'import communique.cli' 2> imports.txt``.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _child_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    subprocess.run(cmd, capture_output=True, env=env, check=True)  # warm the page cache once
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), _child_cpu()
        subprocess.run(cmd, capture_output=True, env=env, check=True)
        wall.append(time.perf_counter() - t)
        cpu.append(_child_cpu() - c)
    return wall, cpu


def _bytecode(cached: bool, env: dict[str, str]) -> dict[str, str]:
    """The package's modules with bytecode cached (as an install leaves them), or without (each start
    compiles them: a fresh editable checkout where ``PYTHONDONTWRITEBYTECODE`` is set)."""
    pkg = ROOT / "communique"
    if cached:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(pkg)], check=True, env=env)
        return env
    for d in pkg.rglob("__pycache__"):
        shutil.rmtree(d)
    return {**env, "PYTHONDONTWRITEBYTECODE": "1"}


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
            0.35,
        ),
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    print(f"{'command':<72} {'median':>8} {'min':>7} {'CPU':>7}  aim")
    for label, cmd, aim in cases:
        for how, cached in ((" (no bytecode)", False), ("", True)):
            wall, cpu = timed(cmd, a.runs, _bytecode(cached, env))
            med = statistics.median(wall)
            flag = "ok" if med < aim else "SLOW"
            print(
                f"{label + how:<72} {med:7.3f}s {min(wall):6.3f}s {statistics.median(cpu):6.3f}s  < {aim} s {flag}"
            )
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (wall times suffer from it)")


if __name__ == "__main__":
    main()
