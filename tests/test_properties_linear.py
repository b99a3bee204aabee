"""Property tests over texts built to stall or crash a run, through the public API.

A small grammar joins the pathological families of bench/scaling.py (one token repeated, digit runs,
hyphen chains, long words, abbreviations, dates, comma clauses, brackets and quotes, mixed scripts) with
cue phrases of every language file. Whatever it draws, ``communique.summarize`` either gives a valid readout
whose evidence is verbatim, or raises communique's own error; the analysis stays within its structural
bounds (sentence length, cues per sentence) and within a CPU budget per character that only a super-linear
stage could exceed (about 20x the worst family in bench/scaling.py: a stall detector, not a speed figure).
"""

from __future__ import annotations

import re
import time
from functools import cache

import pytest
from conftest import validate_readout
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import communique
from communique import core
from communique.analysis.steps import MAX_CUES, find_candidates
from communique.analysis.steps.cues import cues_for
from communique.analysis.text import MAX_SENTENCE
from communique.errors import CommuniqueError
from communique.lang import available_languages
from communique.options import Options

MAX_LEN = 12_000
BUDGET_S = 1.0 + 50e-6 * MAX_LEN  # CPU seconds: a fixed part for first use, 50 ms per 1,000 characters
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _cues() -> list[str]:
    """Cue phrases written plainly in the language files (no pattern syntax), every language."""
    out = []
    for lang in available_languages():
        raw = cues_for(lang).raw
        for key in ("agree", "pledge", "future", "planned", "negation", "condition"):
            out += [f for f in raw.get(key, []) if isinstance(f, str) and re.fullmatch(r"[\w '’-]+", f)]
    return sorted(set(out))


UNITS = [
    "The parties agreed to agree to ",
    "Mr. ",
    "Kazakh-",
    "3 May 2018, ",
    "the ministers discussed the item, ",
    "(see [the «annex» ",
    ")] ",
    '"“«',
    '»”" ',
    "Москва北京Berlin الرياض 東京 ",
    "U.S. ",
    "1.2.3.4.",
    "\u200b",
    " ",
    "\n",
    "\n\n",
    "١٢٣٤",
    "e\u0301",
]
_DIGITS = st.integers(1, 6000).map(lambda n: "".join(str(i * 7 % 10) for i in range(n)))
_CHUNK = st.one_of(
    st.tuples(st.sampled_from(UNITS), st.integers(1, 600)).map(lambda t: t[0] * t[1]),
    _DIGITS,
    st.integers(1, 5000).map(lambda n: "a" * n),
    st.lists(st.sampled_from(_cues()), min_size=1, max_size=60).map(" ".join),
    st.lists(st.sampled_from(_cues()), min_size=1, max_size=60).map(", ".join),
    st.text(max_size=40),
)
LEAD = "Astana, 16 May 2018 – The ministers met in Astana. "
_TEXT = st.tuples(st.booleans(), st.lists(_CHUNK, min_size=1, max_size=6)).map(
    lambda t: ((LEAD if t[0] else "") + "".join(t[1]))[:MAX_LEN]
)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # each language's first use compiles its patterns: the budget is for the analysis, not that
    for lang in available_languages():
        communique.summarize(LEAD + "The sides agreed to meet again.", engine="extractive", lang=lang)


def _check(text: str) -> None:
    opts = Options(engine="extractive", max_chars=MAX_LEN)
    try:
        src = core.load(text, opts)
        readout = communique.summarize(src, engine="extractive", max_chars=MAX_LEN)
    except CommuniqueError as e:
        assert "\n" not in str(e)
        return
    # timed on a second run: a first one may load language-identification models for new candidates
    t0 = time.process_time()
    communique.summarize(src, engine="extractive", max_chars=MAX_LEN)
    spent = time.process_time() - t0
    validate_readout(readout.to_dict(), clean_text=src.text)
    assert spent <= BUDGET_S, f"{spent:.2f} s of CPU for {len(text)} characters"
    doc = core.analyse(src, opts)
    assert all(len(s.text) <= MAX_SENTENCE for s in doc.sentences)
    per: dict[int, int] = {}
    for c in find_candidates(doc, cues_for(doc.lang)):
        per[c.sentence.index] = per.get(c.sentence.index, 0) + 1
    assert max(per.values(), default=0) <= MAX_CUES


@SETTINGS
@given(text=_TEXT)
@example(text=(LEAD + "The parties agreed to agree to " * 400)[:MAX_LEN])
@example(text=LEAD + "".join(str(i * 7 % 10) for i in range(6000)) + " days.")
@example(text=(LEAD + "Kazakh-" * 2000)[:MAX_LEN])
@example(text=LEAD + "a" * 11_000)
@example(text=(LEAD + '"«“agreed to» ”' * 800)[:MAX_LEN])
def test_adversarial_texts_end_with_a_valid_readout(text: str) -> None:
    _check(text)
