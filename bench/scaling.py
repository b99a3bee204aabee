"""Scaling: time per 1,000 characters for adversarial texts and ordinary releases at 10k, 50k, 150k.

    .venv/bin/python bench/scaling.py [--sizes 10000 50000 150000] [--family NAME ...] [--runs 1]

Each family is a release lead (dateline, a meeting sentence) followed by one pathological pattern repeated
to the size: a clause repeated ("agreed to agree to"), a digit run, a hyphen chain, one long word,
abbreviations, dates, comma clauses, nested brackets, quotes, mixed scripts. "ordinary" is real releases
(the dev corpus, or tests/data without it) joined to the same size. Everything runs in this one process,
side by side, through the public API (analysis + the extractive engine).

Prints, per family and size, CPU ms per 1,000 characters (best of --runs), the ratio to ordinary text of the same length, and
the growth of the per-character cost from the smallest to the largest size (1.0 = linear; 10x = quadratic
from 10k to 150k would print 15). Asserts nothing (aims: ratio <= 2 at 150k, growth <= 1.5).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from communique import core  # noqa: E402
from communique.options import Options  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
EXTS = {".txt", ".html", ".htm", ".md"}
LEAD = (
    "Astana, 16 May 2018 – Minister of Foreign Affairs Kairat Abdrakhmanov met with the Secretary of State "
    "of the United States in Washington. The sides agreed to hold consultations in the autumn.\n\n"
)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _commas(n: int) -> str:
    parts, size, i = [], 0, 0
    while size < n:
        p = f"the ministers discussed item {i} of the agenda"
        parts.append(p)
        size += len(p) + 2
        i += 1
    return ", ".join(parts)[:n]


def _brackets(n: int) -> str:
    half = n // 2
    return _repeat("(the parties [agreed «to ")(half) + _repeat("meet» again]) ")(n - half)


FAMILIES: dict[str, Callable[[int], str]] = {
    "agree-to": _repeat("The parties agreed to agree to agree to "),
    "digits": lambda n: "".join(str((i * 7) % 10) for i in range(n)),
    "hyphens": _repeat("Kazakh-"),
    "long-word": lambda n: "a" * n,
    "mr": _repeat("Mr. "),
    "dates": _repeat("3 May 2018, "),
    "commas": _commas,
    "brackets": _brackets,
    "quotes": _repeat('"«“agreed to» ”'),
    "mixed-scripts": _repeat("Москва北京Berlin الرياض Астана-Tokyo東京 "),
    "cues-ru": _repeat("Стороны договорились продолжить договорились "),
    "spaces": _repeat("a "),
}


def _ordinary_texts() -> list[str]:
    base = CORPUS if CORPUS.is_dir() else ROOT / "tests" / "data"
    out = []
    for p in sorted(base.rglob("*")):
        if p.suffix in EXTS and p.is_file() and ".gold." not in p.name:
            src = core.load(p)
            if len(src.text) > 500:
                out.append(src.text)
    if not out:
        sys.exit(f"no releases under {base}")
    return out


def ordinary(n: int, texts: list[str]) -> str:
    parts, size, i = [], 0, 0
    while size < n:
        parts.append(texts[i % len(texts)])
        size += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:n]


def family_text(name: str, n: int) -> str:
    return LEAD + FAMILIES[name](max(0, n - len(LEAD)))


def timed(text: str, opts: Options, engine: object, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()  # CPU time: others' load on the machine changes it far less than wall time
        doc = core.analyse(core.load(text, opts), opts)
        core.summarize_documents([doc], engine)  # type: ignore[arg-type]
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 150_000])
    ap.add_argument("--family", nargs="+", default=list(FAMILIES), choices=list(FAMILIES))
    ap.add_argument("--runs", type=int, default=2, help="best of N per cell")
    a = ap.parse_args()
    opts = Options(engine="extractive", lang="en", max_chars=max(a.sizes) + 10_000)
    auto = opts.with_(lang=None)
    engine, _ = core.resolve_engine(opts)
    texts = _ordinary_texts()
    timed(ordinary(20_000, texts), auto, engine, 1)  # warm: language files, gazetteer, lingua models
    base = {n: timed(ordinary(n, texts), auto, engine, a.runs) for n in a.sizes}
    lo, hi = a.sizes[0], a.sizes[-1]
    head = " ".join(f"{f'{n // 1000}k ms/kc':>11} {'ratio':>6}" for n in a.sizes)
    print(f"{'family':<14} {head} {'growth':>7}")

    def row(name: str, per: dict[int, float]) -> None:
        cells = " ".join(f"{per[n] / n * 1e6:>11.2f} {per[n] / base[n]:>6.2f}" for n in a.sizes)
        print(f"{name:<14} {cells} {(per[hi] / hi) / (per[lo] / lo):>7.2f}", flush=True)

    row("ordinary", base)
    for name in a.family:
        timed(family_text(name, 5_000), auto, engine, 1)  # warm: the language this text is read in
        # auto-detected language, as a user would run it (the lead is English, the filler may not be)
        row(name, {n: timed(family_text(name, n), auto, engine, a.runs) for n in a.sizes})
    print(
        f"ratio: to ordinary releases of the same length, measured in this run; growth: cost per character "
        f"at {hi // 1000}k over {lo // 1000}k (1.0 = linear). Load average now: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (others' work distorts absolute times, less the ratios)"
    )


if __name__ == "__main__":
    main()
