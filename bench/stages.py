"""Per-stage speed and growth: what the tests used to assert with a stopwatch, measured side by side.

    .venv/bin/python bench/stages.py [--repeat 5]

Two kinds of figures, both ratios so that a busy machine distorts them less than absolute times:

- growth: the time of a stage on an input four times larger, over its time on the base input
  (linear ≈ 4; a quadratic stage shows ≈ 16): gazetteer search, meeting facts, input cleaning of
  pathological markup, one huge HTML line, a large byte stream;
- rate: releases per second of a stage, next to the rate of the input stage on the same release.

Prints figures; asserts nothing. Absolute times depend on the machine's load: read the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from communique.analysis.entities import find_entities
from communique.core import analyse
from communique.document import Source
from communique.errors import InputError
from communique.input.sources import from_bytes, from_text
from communique.models.extractive import ExtractiveEngine
from communique.options import Options

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "data" / "inputs" / "page-chrome.html"
RELEASE = ROOT / "tests" / "data" / "extractive" / "en-tokyo.txt"
RU = (
    "Переговоры министров\n\nАстана, 11 октября 2018 года - Кайрат Абдрахманов, Министр иностранных дел "
    "Казахстана, провел переговоры с российским коллегой Сергеем Лавровым.\n\n"
)
RU_BODY = "Стороны обсудили двустороннее сотрудничество в торговле, энергетике и транспорте. "
EN = (
    "Foreign Ministers of Kazakhstan and Georgia hold talks in Astana\n\n"
    "Astana, 16 May 2018 - The Minister of Foreign Affairs of Kazakhstan held talks with his Georgian "
    "counterpart.\n\nThe ministers agreed to hold the next session of the intergovernmental commission "
    "in Tbilisi in the autumn.\n"
)


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs (the least disturbed by the other processes on the machine)."""
    fn()  # warm: patterns of the language compile once
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def _quiet(fn: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        with contextlib.suppress(InputError):
            fn()

    return run


def growth_cases() -> dict[str, Callable[[int], Callable[[], object]]]:
    """Each case: size factor → the call to time."""
    html_body = "".join(f"<p>{p.strip()}</p>" for p in EN.split("\n\n"))

    def huge_line(k: int) -> Callable[[], object]:
        filler = "".join(f'<div class="menu"><a href="/p{i}">Link {i}</a></div>' for i in range(750 * k))
        page = f"<html><head><title>T</title></head><body>{filler}<article>{html_body}</article>{filler}</body></html>"
        return lambda: from_bytes(page.encode(), name="line.html")

    cases: dict[str, Callable[[int], Callable[[], object]]] = {
        "gazetteer search (ru)": lambda k: (
            lambda: find_entities(
                "Министр иностранных дел Казахстана провел переговоры с Госсекретарем США. " * 15 * k, "ru"
            )
        ),
        "meeting + steps (ru)": lambda k: (
            lambda: analyse(Source(name="<bench>", text=RU + RU_BODY * 8 * k), Options(lang="ru"))
        ),
        "html: one huge line": huge_line,
        "bytes: large text": lambda k: (
            lambda: from_bytes((EN * 2000 * k).encode(), name="big.txt", max_chars=50_000)
        ),
    }
    for chunk in ("**a ", "[a](", "<!--", "a\n", "Share\n", "x-\ny", "<a", "_a "):

        def markup(k: int, chunk: str = chunk) -> Callable[[], object]:
            blob = chunk * (37_500 * k // len(chunk))
            return _quiet(
                lambda: (
                    _quiet(lambda: from_text("# Title\n\n" + blob, name="x.md"))(),
                    _quiet(lambda: from_text(blob))(),
                    from_bytes(("<html><body><p>" + blob).encode(), name="x.html"),
                )
            )

        cases[f"markup {chunk!r}"] = markup
    return cases


def rates(repeat: int) -> list[tuple[str, float]]:
    """Releases per second of each stage on one release."""
    page = PAGE.read_bytes()
    text = RELEASE.read_bytes()
    opts = Options(engine="extractive", lang="en")
    doc = analyse(from_bytes(text, name="r.txt"), opts)
    eng = ExtractiveEngine(opts)
    n = 50
    stages: list[tuple[str, Callable[[], object]]] = [
        ("input: plain text", lambda: [from_bytes(text, name=f"r{i}.txt") for i in range(n)]),
        ("input: html page", lambda: [from_bytes(page, name=f"p{i}.html") for i in range(n)]),
        (
            "analysis (meeting + steps)",
            lambda: [analyse(from_bytes(text, name="r.txt"), opts) for _ in range(n)],
        ),
        ("extractive digest", lambda: eng.digest_many([doc] * n)),
    ]
    return [(name, n / best(fn, repeat)) for name, fn in stages]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    print(f"{'growth (x4 input)':32s} {'base s':>9s} {'x4 s':>9s} {'ratio':>6s}   (linear ≈ 4)")
    for name, make in growth_cases().items():
        t1, t4 = best(make(1), a.repeat), best(make(4), a.repeat)
        print(f"{name:32s} {t1:9.4f} {t4:9.4f} {t4 / max(t1, 1e-9):6.1f}")
    print()
    out = rates(a.repeat)
    base = out[0][1]
    print(f"{'rate (one release, one core)':32s} {'per s':>9s} {'vs input':>9s}")
    for name, r in out:
        print(f"{name:32s} {r:9.0f} {r / base:9.2f}")


if __name__ == "__main__":
    main()
