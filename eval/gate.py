#!/usr/bin/env python3
"""The eval gate: score each evaluation set and fail when a figure falls below its floor.

Floors live in ``eval/floors.json``, one table per set (its corpus folder, relative to the repository
root, and a floor per figure of the scorer's final line). The scorer is ``../shared/tools/score.py``
when the shared folder is there, else its copy ``eval/score.py`` (a test keeps the two equal). A set
whose corpus is absent (``dev`` lives in ``../shared``, missing from a user's clone) is skipped with
a note.

    python eval/gate.py                       # every set; exit 1 if a figure is below its floor
    python eval/gate.py --set blind           # one set
    python eval/gate.py --update              # raise floors to the figures measured now
    python eval/gate.py --update --allow-lower  # ... and lower those that fell (say why in the commit)

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "eval" / "floors.json"
SCORERS = (ROOT.parent / "shared" / "tools" / "score.py", ROOT / "eval" / "score.py")
_FIGURE = re.compile(r"(\w+)=(\d+(?:\.\d+)?)")


def scorer() -> Path:
    return next(p for p in SCORERS if p.is_file())


def default_cmd() -> str:
    exe = Path(sys.executable).parent / "communique"
    return f"{exe} summarize {{file}} --format json --engine extractive"


def figures(corpus: Path, cmd: str) -> dict[str, float]:
    """The scorer's final-line figures for one corpus (``cases``, ``schema_ok``, ``steps_p``, ...)."""
    cp = subprocess.run(
        [sys.executable, str(scorer()), str(corpus), "--cmd", cmd, "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [ln for ln in cp.stdout.splitlines() if ln.startswith("cases=")]
    if cp.returncode != 0 or not lines:
        raise RuntimeError(f"scorer failed on {corpus}: {cp.stderr.strip()[-300:] or cp.stdout[-300:]}")
    return {k: float(v) for k, v in _FIGURE.findall(lines[-1])}


def check(name: str, got: dict[str, float], floors: dict[str, float]) -> list[str]:
    """The figures of one set below their floors (and a lost case: every output must follow the schema)."""
    short = [f"{name}.{k}={got.get(k, 0.0):.3f} < {v:.3f}" for k, v in floors.items() if got.get(k, 0.0) < v]
    if got.get("schema_ok", 0) < got.get("cases", 0):
        short.append(f"{name}.schema_ok={got['schema_ok']:.0f} < cases={got['cases']:.0f}")
    return short


def update(floors: dict[str, float], got: dict[str, float], allow_lower: bool) -> list[str]:
    """Raise ``floors`` to ``got`` in place; lower one only with ``allow_lower``. Returns the refusals."""
    refused = []
    for k, v in floors.items():
        new = got.get(k, 0.0)
        if new < v and not allow_lower:
            refused.append(f"{k} {v:.3f} -> {new:.3f}")
            continue
        floors[k] = round(new, 3)
    return refused


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--set", action="append", dest="sets", help="a set of floors.json (repeatable; default all)"
    )
    ap.add_argument("--cmd", default=default_cmd(), help="the command the scorer runs per file ({file})")
    ap.add_argument("--floors", type=Path, default=FLOORS)
    ap.add_argument("--update", action="store_true", help="write the measured figures as the new floors")
    ap.add_argument("--allow-lower", action="store_true", help="with --update: a floor may go down")
    a = ap.parse_args(argv)
    table = json.loads(a.floors.read_text(encoding="utf-8"))
    unknown = [s for s in a.sets or [] if s not in table]
    if unknown:
        print(f"gate: no set {', '.join(unknown)} in {a.floors}", file=sys.stderr)
        return 2
    failed: list[str] = []
    for name in a.sets or list(table):
        corpus = (ROOT / table[name]["corpus"]).resolve()
        if not corpus.is_dir():
            print(f"{name:8s} skipped: {table[name]['corpus']} is absent")
            continue
        try:
            got = figures(corpus, a.cmd)
        except RuntimeError as e:
            print(f"gate: {e}", file=sys.stderr)
            return 1
        floors = table[name]["floors"]
        line = " ".join(f"{k}={got.get(k, 0.0):.3f}(>={v:.3f})" for k, v in floors.items())
        print(f"{name:8s} {line}")
        if a.update:
            failed += [
                f"{name}: refusing to lower {r} (--allow-lower)" for r in update(floors, got, a.allow_lower)
            ]
        else:
            failed += check(name, got, floors)
    if a.update and not failed:
        a.floors.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    for f in failed:
        print(f"BELOW FLOOR: {f}" if not a.update else f, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
