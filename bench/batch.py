"""Batch throughput and memory: ``communique batch`` over 250/500/1000 releases (extractive engine).

    .venv/bin/python bench/batch.py [--sizes 250 500 1000] [--workers 0]

The releases are copies of the dev corpus (or tests/data when ../shared is absent) in a temp folder.
Prints releases/s (wall), releases per CPU-second (what N idle cores multiply), and the peak memory (sum of RSS over the batch process and its pool workers);
asserts nothing (aims: >= 100 releases/s on 2 cores; memory flat from 250 to 1000 files).

First, side by side in this process on one core and the same texts: communique's extractive analysis and
readout against summa's TextRank summary (``pip install summa``: ``make bench`` installs it; skipped
without it), in releases per CPU-second.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
EXTS = {".txt", ".html", ".htm", ".md", ".pdf"}


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "communique"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "communique"]


def sources() -> list[Path]:
    base = CORPUS if CORPUS.is_dir() else ROOT / "tests" / "data"
    files = sorted(p for p in base.rglob("*") if p.suffix in EXTS and p.is_file() and p.stat().st_size > 200)
    if not files:
        sys.exit(f"no releases under {base}")
    return files


def make(folder: Path, n: int, files: list[Path]) -> None:
    for i in range(n):
        src = files[i % len(files)]
        sub = folder / f"batch{i // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, sub / f"{i:05d}-{src.name}")


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants (Linux /proc), in KiB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for t in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (t / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes the pool workers, once waited for
    return ru.ru_utime + ru.ru_stime


def run(folder: Path, out: Path, workers: int) -> tuple[float, float, int, int]:
    cmd = [
        *cli(),
        "batch",
        str(folder),
        "--out",
        str(out),
        "--steps-csv",
        str(out / "steps.csv"),
        "--engine",
        "extractive",
        "--workers",
        str(workers),
        "--quiet",
    ]
    c, t = _cpu(), time.perf_counter()
    p = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "HF_HUB_OFFLINE": "1"}
    )
    peak = 0
    while p.poll() is None:
        peak = max(peak, _tree_rss_kb(p.pid))
        time.sleep(0.02)
    wall, cpu = time.perf_counter() - t, _cpu() - c
    err = p.stderr.read().decode() if p.stderr else ""
    if p.returncode not in (0, 1) or not any(out.rglob("*.json")):
        sys.exit(f"the batch did not run (exit {p.returncode}):\n{err[-2000:]}")
    failed = sum(1 for ln in err.splitlines() if ln.startswith("communique: "))
    return wall, cpu, peak, failed


def peer(files: list[Path], n: int) -> None:
    """One core, in process, the same cleaned texts: communique (all four jobs) vs summa's TextRank."""
    sys.path.insert(0, str(ROOT))
    from communique import core
    from communique.options import Options

    opts = Options(engine="extractive")
    eng, _ = core.resolve_engine(opts)
    srcs = [core.load(f, opts) for f in files]
    texts = [srcs[i % len(srcs)] for i in range(n)]
    for s in srcs:  # first use of each language (files, patterns) is not what a batch pays per release
        core.summarize_documents([core.analyse(s, opts)], eng)
    t = time.process_time()
    for s in texts:
        core.summarize_documents([core.analyse(s, opts)], eng)
    ours = n / (time.process_time() - t)
    try:
        from summa.summarizer import summarize as textrank
    except ImportError:
        print(f"communique {ours:,.0f} releases/CPU-s (summa not installed: no peer)")
        return
    for s in srcs:
        textrank(s.text, ratio=0.2)
    t = time.process_time()
    for s in texts:
        textrank(s.text, ratio=0.2)
    theirs = n / (time.process_time() - t)
    print(
        f"one core, {n} releases in process: communique extractive {ours:,.0f}/CPU-s (language, sentences, "
        f"meeting facts, next steps, key points); summa TextRank {theirs:,.0f}/CPU-s (a summary); "
        f"ratio {ours / theirs:.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    ap.add_argument("--workers", type=int, default=0, help="0: the CLI's auto choice")
    ap.add_argument("--peer", type=int, default=400, help="releases for the in-process comparison (0: skip)")
    a = ap.parse_args()
    files = sources()
    if a.peer:
        peer(files, a.peer)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(files)} distinct releases copied round-robin; {cpus} CPUs; workers={a.workers or 'auto'}")
    print(
        f"{'files':>6} {'wall':>8} {'releases/s':>11} {'CPU':>8} {'per CPU-s':>10} {'peak RSS':>10} {'failed':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="cq-bench-") as tmp:
        for n in a.sizes:
            folder, out = Path(tmp) / f"in{n}", Path(tmp) / f"out{n}"
            make(folder, n, files)
            wall, cpu, peak, failed = run(folder, out, a.workers)
            print(
                f"{n:>6} {wall:7.2f}s {n / wall:>11.1f} {cpu:7.2f}s {n / cpu:>10.1f} {peak / 1024:>8.0f} MB"
                f" {failed:>7}"
            )
    print(
        f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (others' work slows the wall time;"
        " releases per CPU-second does not depend on it)"
    )


if __name__ == "__main__":
    main()
