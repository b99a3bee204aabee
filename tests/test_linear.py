"""Inputs built to stall or crash a run: run-on text, digit runs, repeated cues. Each must end, in a
bounded number of sentences and cues, with verbatim evidence (speed itself is measured in bench/scaling.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import validate_readout

from communique import core
from communique.analysis.steps import MAX_CUES, find_candidates
from communique.analysis.steps.cues import cues_for
from communique.analysis.text import MAX_SENTENCE, split_sentences
from communique.lang import resources
from communique.options import Options

CQ = [sys.executable, "-m", "communique"]
LEAD = "Astana, 16 May 2018 – The ministers met in Astana. "


def test_a_run_on_sentence_is_cut_into_bounded_verbatim_pieces() -> None:
    body = ", ".join(f"The ministers discussed point {i} of the plan" for i in range(400)) + "."
    text = LEAD + body
    sents = split_sentences(text, resources("en"))
    assert len(sents) > 10
    for s in sents:
        assert len(s.text) <= MAX_SENTENCE
        assert text[s.start : s.end] == s.text
    # nothing is lost: the pieces cover the body, cut after a comma
    assert "".join(s.text for s in sents if s.start >= len(LEAD)).replace(" ", "") == body.replace(" ", "")
    assert all(s.text.endswith((",", ".")) for s in sents[2:])


def test_one_long_word_is_cut_too() -> None:
    text = LEAD + "X" * (5 * MAX_SENTENCE)
    sents = split_sentences(text, resources("en"))
    assert max(len(s.text) for s in sents) <= MAX_SENTENCE
    assert sum(len(s.text) for s in sents if s.start >= len(LEAD)) == 5 * MAX_SENTENCE


def test_ordinary_sentences_are_not_cut() -> None:
    s = "The ministers agreed to " + " and ".join(f"hold round {i} of talks" for i in range(40)) + "."
    assert len(s) < MAX_SENTENCE
    assert [x.text for x in split_sentences(s, resources("en"))] == [s]


def test_repeated_cues_open_a_bounded_number_of_candidates() -> None:
    text = LEAD + "The parties agreed to agree to " * 30 + "meet."
    doc = core.analyse(core.load(text, Options(engine="extractive")))
    per: dict[int, int] = {}
    for c in find_candidates(doc, cues_for("en")):
        per[c.sentence.index] = per.get(c.sentence.index, 0) + 1
    assert per and max(per.values()) == MAX_CUES


def test_a_6000_digit_number_gives_a_readout(tmp_path: Path) -> None:
    digits = "".join(str(i * 7 % 10) for i in range(6000))
    f = tmp_path / "digits.txt"
    f.write_text(f"{LEAD}The sides agreed to review item {digits} within {digits} days.\n", encoding="utf-8")
    p = subprocess.run(
        [*CQ, "summarize", str(f), "--format", "json", "--engine", "extractive"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert "internal error" not in p.stderr
    validate_readout(json.loads(p.stdout), clean_text=core.load(f).text)
