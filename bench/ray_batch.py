"""``batch --executor ray`` (a local Ray on this machine) against the local batch: overhead per release.

    nice -n 10 .venv/bin/python bench/ray_batch.py [--sizes 200 800] [--workers 2]

Needs the [ray] extra (``make install-ray``). The releases are copies of the test releases we wrote
(tests/data/ledger and tests/data/extractive) with a numbered line, in a temp folder. Ray is started
once (its start cost printed apart); then for each size both paths run side by side, in this process,
through ``Batch`` over the same folder with the same number of workers, writing --jsonl (the readouts
are compared: they must be identical); best of ``--reps``. Prints wall times and Ray's extra cost
per release. Asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT))


def make(folder: Path, n: int) -> None:
    files = sorted((DATA / "ledger").glob("*.txt")) + sorted((DATA / "extractive").glob("*.txt"))
    for i in range(n):
        src = files[i % len(files)]
        sub = folder / f"b{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}-{src.name}").write_text(
            src.read_text(encoding="utf-8") + f"\n{i}\n", encoding="utf-8"
        )


def run(folder: Path, out: Path, workers: int, executor: str) -> float:
    from communique.batch import Batch
    from communique.options import Options

    t0 = time.perf_counter()
    b = Batch(folder, Options(engine="extractive"), jsonl=out, workers=workers, executor=executor)
    for _ in b.run():
        pass
    return time.perf_counter() - t0


def best(reps: int, *args: object) -> float:
    return min(run(*args) for _ in range(reps))  # type: ignore[arg-type]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 800])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reps", type=int, default=2)
    args = ap.parse_args()
    try:
        import ray
    except ImportError:
        sys.exit("needs the [ray] extra: make install-ray")
    t0 = time.perf_counter()
    ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    start = time.perf_counter() - t0
    print(f"Ray start (ray.init, {args.workers} CPUs): {start:.1f} s, paid once per batch command")
    rows = []
    with tempfile.TemporaryDirectory(prefix="communique-bench-ray-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"in{n}"
            make(folder, n)
            a, b = Path(tmp) / f"local{n}.jsonl", Path(tmp) / f"ray{n}.jsonl"
            t_local = best(args.reps, folder, a, args.workers, "local")
            t_ray = best(args.reps, folder, b, args.workers, "ray")
            same = a.read_bytes() == b.read_bytes()
            print(
                f"{n:>6} releases, {args.workers} workers each: local {t_local:6.1f} s ({n / t_local:4.0f}/s), "
                f"ray {t_ray:6.1f} s ({n / t_ray:4.0f}/s) = {t_ray / t_local:.2f}x, "
                f"overhead {1000 * (t_ray - t_local) / n:+.1f} ms/release; readouts identical: {same}"
            )
            rows.append((n, t_local, t_ray))
            shutil.rmtree(folder)
    ray.shutdown()
    if len(rows) >= 2:  # two sizes: a fixed cost per run (actors start, plan) and a cost per release
        (n1, l1, r1), (n2, l2, r2) = rows[0], rows[-1]
        pl, pr = (l2 - l1) / (n2 - n1), (r2 - r1) / (n2 - n1)
        print(
            f"per release: local {1000 * pl:.2f} ms, ray {1000 * pr:.2f} ms ({1000 * (pr - pl):+.2f} ms); "
            f"fixed per run: ray {r1 - pr * n1 - (l1 - pl * n1):+.1f} s over local (plus the Ray start)"
        )


if __name__ == "__main__":
    main()
