"""The ledger at 10,000 releases: ingest cost, query latency of ``ledger steps --party``, flat memory.

    nice -n 10 .venv/bin/python bench/ledger.py [--releases 10000] [--queries 20]

The releases are synthesized from the test releases we wrote (tests/data/ledger): each copy gets
another pair of countries (in the release's language), another meeting date and a numbered sentence,
so every one is distinct content with its own steps, and later copies fulfil earlier ones' steps.

1. ``communique batch DIR --db L`` over all of them, side by side with the same batch without
   ``--db`` on the first 1,000: the ledger's share of the end-to-end time.
2. Ingest only: the stored readouts re-ingested into a fresh ledger through ``Ledger.ingest``, with the
   peak RSS after 25%, 50% and 100% (flat: the store streams, it keeps nothing per release in memory).
3. ``ledger steps --party P`` for a rare and a common party: in-process (the query and its rendering
   to JSON) and through the CLI (a process start included), median of ``--queries`` runs.
Asserts nothing; prints figures (absolute numbers move with the machine's load; the ratios less).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from communique.ledger import Ledger, query  # noqa: E402
from communique.ledger.followup import Facts, Report  # noqa: E402
from communique.readout import Readout  # noqa: E402
from communique.render_ledger import write_steps  # noqa: E402

DATA = ROOT / "tests" / "data" / "ledger"
# (English form, Russian form) of the countries the copies pair up
COUNTRIES = [
    ("Kazakhstan", "Казахстан", "Казахстана"),
    ("Uzbekistan", "Узбекистан", "Узбекистана"),
    ("Kyrgyzstan", "Киргизия", "Киргизии"),
    ("Tajikistan", "Таджикистан", "Таджикистана"),
    ("Turkmenistan", "Туркменистан", "Туркменистана"),
    ("Azerbaijan", "Азербайджан", "Азербайджана"),
    ("Armenia", "Армения", "Армении"),
    ("Georgia", "Грузия", "Грузии"),
    ("Mongolia", "Монголия", "Монголии"),
    ("Finland", "Финляндия", "Финляндии"),
    ("Estonia", "Эстония", "Эстонии"),
    ("Latvia", "Латвия", "Латвии"),
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
# the forms of the two sides each test release names: (form, which form of the new country), genitive first
SWAP: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]]]] = {
    "en-astana-2023-03.txt": ([("Kazakhstan", 0)], [("Uzbekistan", 0)]),
    "en-tashkent-2023-10.txt": ([("Kazakhstan", 0)], [("Uzbekistan", 0)]),
    "en-helsinki-2021-02.txt": ([("Finland", 0)], [("Estonia", 0)]),
    "en-moscow-2022-04.txt": ([("Kazakhstan", 0)], [("Russia", 0)]),
    "ru-astana-2023-03.txt": ([("Казахстана", 2), ("Казахстан", 1)], [("Узбекистана", 2), ("Узбекистан", 1)]),
    "ru-nur-sultan-2022-10.txt": ([("Казахстана", 2), ("Казахстан", 1)], [("России", 2)]),
}


def synthesize(folder: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    names = sorted(SWAP)
    texts = {p: (DATA / p).read_text(encoding="utf-8") for p in names}
    for i in range(n):
        name = names[i % len(names)]
        text = texts[name]
        for side, country in zip(SWAP[name], rnd.sample(COUNTRIES, 2), strict=True):
            for form, k in side:
                text = text.replace(form, country[k])
        ru = name.startswith("ru-")
        year, month, day = 2015 + i % 10, 1 + rnd.randrange(12), 1 + rnd.randrange(28)
        text = _redate(text, ru, year, month, day)
        tail = f"Делегация номер {i} также участвовала." if ru else f"Delegation number {i} also attended."
        sub = folder / f"b{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}-{name}").write_text(text + "\n" + tail + "\n", encoding="utf-8")


def _redate(text: str, ru: bool, y: int, m: int, d: int) -> str:
    import re

    if ru:
        return re.sub(r"\d{1,2} [а-я]+ 20\d\d года", f"{d} {MONTHS_RU[m - 1]} {y} года", text, count=1)
    return re.sub(r"\d{1,2} [A-Z][a-z]+ 20\d\d", f"{d} {MONTHS_EN[m - 1]} {y}", text, count=1)


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "communique"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "communique"]


def timed(cmd: list[str]) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reingest(src: Path, dst: Path, n: int) -> None:
    """Ingest only: readouts and reports read back from ``src``, stored again in a fresh ``dst``."""
    with Ledger(src) as a:
        reports: dict[int, list[Report]] = {}
        for rid, cat, when, parties, ev in a.db.execute(
            "SELECT release_id, category, date, parties, evidence FROM reports"
        ):
            reports.setdefault(rid, []).append(Report(cat, when, tuple(json.loads(parties)), ev))
        rows = a.db.execute(
            "SELECT r.id, r.hash, r.readout FROM releases r ORDER BY r.id"
        ).fetchall()  # ~ 25 MB of JSON text for 10k releases; the store side is what is measured
    marks = {n // 4, n // 2, n}
    t0 = time.perf_counter()
    with Ledger(dst) as b:
        for k, (rid, h, readout) in enumerate(rows, 1):
            b.ingest(Readout.from_dict(json.loads(readout)), Facts(h, reports.get(rid, [])))
            if k in marks:
                print(
                    f"  {k:>6} ingested: {1000 * (time.perf_counter() - t0) / k:.2f} ms/release, RSS {rss_mb():.0f} MB"
                )


def latency(db: Path, party: str, runs: int) -> tuple[float, float, int]:
    with Ledger(db, readonly=True) as led:
        times, n = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            buf = io.StringIO()
            write_steps(query.steps(led, query.Filters(party=party)), "json", buf)
            times.append(time.perf_counter() - t0)
            n = buf.getvalue().count("\n")
    cli_times = []
    for _ in range(max(3, runs // 4)):
        t0 = time.perf_counter()
        subprocess.run(
            [*cli(), "ledger", "steps", "--db", str(db), "--party", party, "-f", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        cli_times.append(time.perf_counter() - t0)
    return statistics.median(times), statistics.median(cli_times), n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--releases", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-ledger-") as tmp:
        work = Path(tmp)
        folder, db = work / "in", work / "ledger.sqlite"
        synthesize(folder, args.releases)
        small = work / "small"
        synthesize(small, min(1000, args.releases))
        print(f"ledger bench: {args.releases} synthesized releases, pid {os.getpid()}")
        plain = [*cli(), "batch", str(small), "-e", "extractive", "-q", "--jsonl", os.devnull]
        t_plain, t_db = float("inf"), float("inf")
        for k in range(3):  # interleaved, best of 3: the machine's load moves between runs
            t_plain = min(t_plain, timed(plain)[0])
            t_db = min(t_db, timed([*plain, "--db", str(work / f"s{k}.sqlite")])[0])

        n_small = min(1000, args.releases)
        print(
            f"1. batch over {n_small} (best of 3): {t_plain:.1f} s without --db, {t_db:.1f} s with "
            f"({t_db / t_plain:.2f}x; the ledger's share {1000 * (t_db - t_plain) / n_small:.2f} ms/release)"
        )
        t_all, peak = timed([*cli(), "batch", str(folder), "-e", "extractive", "-q", "--db", str(db)])
        with Ledger(db, readonly=True) as led:
            c = query.counts(led)
            ful = led.db.execute("SELECT count(*) FROM steps WHERE fulfilled_by IS NOT NULL").fetchone()[0]
        print(
            f"   batch --db over {args.releases}: {t_all:.1f} s ({args.releases / t_all:.0f} releases/s), "
            f"peak RSS of one process {peak / 1024:.0f} MB; {c['releases']} releases, {c['steps']} steps "
            f"({ful} fulfilled), {c['reports']} reports, file {db.stat().st_size / 1e6:.1f} MB"
        )
        print("2. ingest only (Ledger.ingest, one transaction each):")
        reingest(db, work / "again.sqlite", c["releases"])
        print(f"3. ledger steps --party, median of {args.queries}:")
        for party in ("Mongolia", "Kazakhstan"):
            inproc, via_cli, n = latency(db, party, args.queries)
            print(
                f"   {party:<11} {n:>5} steps: query + JSON {1000 * inproc:.1f} ms in process, {1000 * via_cli:.0f} ms via the CLI"
            )


if __name__ == "__main__":
    main()
