"""Renderers: every format shows the same content (facts, points, steps with kind, category, evidence)."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import validate_readout
from rich.console import Console

from communique import render
from communique.readout import EngineInfo, KeyPoint, Meeting, NextStep, Participant, Readout

EVIDENCE_1 = "The two ministers agreed to hold the next round of consultations in Helsinki in the autumn."
EVIDENCE_2 = "Sweden pledged to support the mediation initiative | at the United Nations."


def _readout(steps: bool = True) -> Readout:
    return Readout(
        source="releases/fi-se.txt",
        language="en",
        title="Foreign Ministers of Finland and Sweden meet in Stockholm",
        meeting=Meeting(
            kind="bilateral-meeting",
            date="2020-02-12",
            place="Stockholm",
            participants=[
                Participant("Pekka Haavisto", "Minister for Foreign Affairs", "Finland"),
                Participant("Ann Linde", "Minister for Foreign Affairs", "Sweden"),
            ],
        ),
        summary="Pekka Haavisto met Ann Linde in Stockholm on 12 February 2020.",
        key_points=[
            KeyPoint("Consultations will continue in Helsinki", [EVIDENCE_1]),
            KeyPoint(
                "The ministers discussed Baltic security.", ["The ministers discussed Baltic security."]
            ),
        ],
        next_steps=[
            NextStep(
                "hold the next round of consultations",
                ["Finland", "Sweden"],
                "2020-09",
                "agreed",
                "meet",
                EVIDENCE_1,
            ),
            NextStep("support the mediation initiative", ["Sweden"], None, "pledge", "support", EVIDENCE_2),
        ]
        if steps
        else [],
        engine=EngineInfo("extractive", None, "0.1.0"),
        warnings=["input truncated at 200000 characters"],
    )


def test_json_follows_the_schema() -> None:
    validate_readout(json.loads(render.to_json(_readout())))
    validate_readout(json.loads(render.to_json(_readout(steps=False))))


def test_markdown_has_headings_list_and_pipe_table() -> None:
    md = render.to_markdown(_readout())
    assert md.startswith("# Foreign Ministers of Finland and Sweden meet in Stockholm\n")
    assert "*bilateral meeting · 2020-02-12 · Stockholm*" in md
    assert "- Pekka Haavisto (Minister for Foreign Affairs, Finland)" in md
    assert "## Key points" in md and "1. Consultations will continue in Helsinki" in md
    assert f"   > {EVIDENCE_1}" in md  # a point's evidence shows when it is not the point itself
    assert "> The ministers discussed Baltic security." not in md
    rows = [ln for ln in md.splitlines() if ln.startswith("| ")]
    assert len(rows) == 3  # header + 2 steps
    assert (
        "| 1 | hold the next round of consultations | Finland, Sweden | 2020-09 | agreed | meet |" in rows[1]
    )
    assert "pledge" in rows[2] and "support" in rows[2]
    assert "initiative \\| at the United Nations" in rows[2]  # a pipe in a cell cannot break the table
    assert rows[2].count(" | ") == 6
    assert "## Warnings" in md
    assert md.endswith("</sub>\n")  # batch --resume reads this as "complete"


def test_markdown_and_text_say_when_there_are_no_steps() -> None:
    assert render.NO_STEPS in render.to_markdown(_readout(steps=False))
    assert "Agreed next steps:\n  none" in render.to_text(_readout(steps=False))


def test_text_shows_the_same_content() -> None:
    t = render.to_text(_readout())
    for piece in (
        "participant: Ann Linde (Minister for Foreign Affairs, Sweden)",
        "[agreed, meet]",
        "[pledge, support]",
        f"evidence: {EVIDENCE_1}",
        f"evidence: {EVIDENCE_2}",
        "due: 2020-09",
        "warning: input truncated",
    ):
        assert piece in t
    assert "\x1b" not in t


_COLOUR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|9[0-7])(?:;[0-9]+)*m")


def _rich(r: Readout, width: int, **kw: object) -> str:
    buf = io.StringIO()
    render.print_rich(r, Console(file=buf, width=width, **kw))  # type: ignore[arg-type]
    return buf.getvalue()


@pytest.mark.parametrize("width", [60, 100, 160])
def test_rich_wraps_to_the_width_and_shows_evidence_and_kinds(width: int) -> None:
    out = _rich(_readout(), width)
    assert "\x1b" not in out  # not a terminal: no escape codes at all
    assert all(len(ln) <= width for ln in out.splitlines())
    flat = " ".join(out.split())
    for piece in (
        "Agreed next steps",
        "Pekka Haavisto",
        "Minister for Foreign Affairs",
        "Sweden",
        "bilateral meeting",
        "2020-02-12",
        "Stockholm",
        "agreed",
        "pledge",
        "support",
        "meet",
        "Key points",
        "warning: input truncated",
    ):
        assert piece in flat, piece
    # the evidence sentences are there, however they were wrapped
    assert "next round of consultations in Helsinki in the autumn" in flat


def test_rich_says_when_there_are_no_steps() -> None:
    out = _rich(_readout(steps=False), 100)
    assert "Agreed next steps" in out and render.NO_STEPS in out


def test_rich_honours_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = _rich(_readout(), 100, force_terminal=True)
    assert not _COLOUR.search(out)  # no colour codes (bold and italic may stay)
    monkeypatch.delenv("NO_COLOR")
    coloured = _rich(_readout(), 100, force_terminal=True, color_system="standard")
    assert _COLOUR.search(
        coloured
    )  # the same call with colours allowed does colour: the check above can fail


def test_hostile_text_cannot_drive_the_terminal_or_break_markup() -> None:
    r = _readout()
    r.title = "Talks \x1b]0;pwned\x07 in \x1b[31mred\x1b[0m"
    r.next_steps[0].parties = ["[/]", "[bold]Sweden"]
    r.next_steps[0].due = "\x9b2J soon"
    r.meeting.participants[0].name = "[/] [link=http://x]Haavisto"
    for out in (render.to_markdown(r), render.to_text(r), _rich(r, 100), _rich(r, 60)):
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "[/]" in out  # shown as text, not taken for rich markup
