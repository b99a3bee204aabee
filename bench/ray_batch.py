"""``batch --executor ray`` (a local Ray on this machine) against the local batch: overhead per release.

    nice -n 10 .venv/bin/python bench/ray_batch.py [--sizes 200 800] [--workers 2]

Needs the [ray] extra (``make install-ray``). The releases are copies of the test releases we wrote
(tests/data/ledger and tests/data/extractive) with a numbered line, in a temp folder. For each size,
both paths run side by side over the same folder, writing --jsonl (the readouts are compared: they
must be identical). Prints wall times and, from two sizes, Ray's fixed start cost and its extra cost
per release (the slope difference). Asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "communique"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "communique"]


def make(folder: Path, n: int) -> None:
    files = sorted((DATA / "ledger").glob("*.txt")) + sorted((DATA / "extractive").glob("*.txt"))
    for i in range(n):
        src = files[i % len(files)]
        sub = folder / f"b{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}-{src.name}").write_text(
            src.read_text(encoding="utf-8") + f"\n{i}\n", encoding="utf-8"
        )


def run(folder: Path, out: Path, workers: int, *extra: str) -> float:
    cmd = [*cli(), "batch", str(folder), "-e", "extractive", "-q", "-w", str(workers), "--jsonl", str(out)]
    t0 = time.perf_counter()
    subprocess.run([*cmd, *extra], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 800])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    try:
        import ray  # noqa: F401
    except ImportError:
        sys.exit("needs the [ray] extra: make install-ray")
    rows = []
    with tempfile.TemporaryDirectory(prefix="communique-bench-ray-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"in{n}"
            make(folder, n)
            a, b = Path(tmp) / f"local{n}.jsonl", Path(tmp) / f"ray{n}.jsonl"
            t_local = run(folder, a, args.workers)
            t_ray = run(folder, b, args.workers, "--executor", "ray")
            same = a.read_bytes() == b.read_bytes()
            rows.append((n, t_local, t_ray))
            print(
                f"{n:>6} releases: local {t_local:6.1f} s ({n / t_local:5.0f}/s), ray {t_ray:6.1f} s "
                f"({n / t_ray:5.0f}/s), ray/local {t_ray / t_local:.2f}x, readouts identical: {same}"
            )
            shutil.rmtree(folder)
    if len(rows) >= 2:
        (n1, l1, r1), (n2, l2, r2) = rows[0], rows[-1]
        per_local, per_ray = (l2 - l1) / (n2 - n1), (r2 - r1) / (n2 - n1)
        fixed = (r1 - per_ray * n1) - (l1 - per_local * n1)
        print(
            f"per release: local {1000 * per_local:.2f} ms, ray {1000 * per_ray:.2f} ms "
            f"(overhead {1000 * (per_ray - per_local):+.2f} ms/release); Ray's fixed start cost ~{fixed:.1f} s"
        )


if __name__ == "__main__":
    main()
