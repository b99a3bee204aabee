"""Renderers: the same Readout as rich terminal output, Markdown, plain text or JSON.

Every format shows the same content (the schema's rule): meeting facts, the summary, key points with
their evidence when it differs from the point, and each next step with its kind, category and the
verbatim evidence sentence. rich is imported only inside ``print_rich``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .readout import KeyPoint, Participant, Readout

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

KIND_LABEL = {
    "bilateral-meeting": "bilateral meeting",
    "phone-call": "phone call",
    "multilateral": "multilateral meeting",
    "joint-statement": "joint statement",
    "statement": "statement",
}
NO_STEPS = "No agreed next steps in this release."


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _ws(s: str) -> str:
    # one line, and no control characters: a release must not drive the reader's terminal (ESC, CSI...)
    return re.sub(r"\s+", " ", _CONTROL.sub("", s)).strip()


def _person(p: Participant) -> str:
    extra = ", ".join(x for x in (p.role, p.affiliation) if x)
    return f"{p.name} ({extra})" if extra else p.name


def _facts(r: Readout) -> str:
    m = r.meeting
    return _ws(" · ".join(x for x in (KIND_LABEL.get(m.kind, m.kind), m.date, m.place) if x))


def _footer(r: Readout) -> str:
    model = f" ({r.engine.model})" if r.engine.model else ""
    return f"language {r.language} · engine {r.engine.name}{model} · communique {r.engine.version}"


def _extra_evidence(kp: KeyPoint) -> list[str]:
    """The evidence worth showing under a key point: not when it only repeats the point."""
    text = _ws(kp.text)
    return [e for e in kp.evidence if _ws(e) != text]


def to_json(r: Readout) -> str:
    return r.to_json()


# ---- Markdown ----------------------------------------------------------------------------------


def _md_cell(s: str) -> str:
    return _ws(s).replace("\\", "\\\\").replace("|", "\\|") or "—"


def _md_inline(s: str) -> str:
    return _ws(s).replace("<", "&lt;")


def to_markdown(r: Readout) -> str:
    lines = [f"# {_md_inline(r.title or r.source)}", "", f"*{_facts(r)}*", ""]
    if r.meeting.participants:
        lines += (
            ["**Participants**", ""] + [f"- {_md_inline(_person(p))}" for p in r.meeting.participants] + [""]
        )
    if r.summary:
        lines += ["## Summary", "", _md_inline(r.summary), ""]
    lines += ["## Key points", ""]
    for i, kp in enumerate(r.key_points, 1):
        lines.append(f"{i}. {_md_inline(kp.text)}")
        lines += [f"   > {_md_inline(e)}" for e in _extra_evidence(kp)]
    if not r.key_points:
        lines.append("No key points.")
    lines += ["", "## Agreed next steps", ""]
    if r.next_steps:
        lines += [
            "| # | Action | Parties | Due | Kind | Category | Evidence |",
            "|---|---|---|---|---|---|---|",
        ]
        for i, s in enumerate(r.next_steps, 1):
            cells = [str(i), s.action, ", ".join(s.parties), s.due or "—", s.kind, s.category, s.evidence]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    else:
        lines.append(NO_STEPS)
    if r.warnings:
        lines += ["", "## Warnings", ""] + [f"- {_md_inline(w)}" for w in r.warnings]
    # the last line marks a complete readout (batch --resume checks for it)
    lines += ["", f"<sub>{_md_inline(r.source)} · {_footer(r)}</sub>"]
    return "\n".join(lines) + "\n"


# ---- plain text ----------------------------------------------------------------------------------


def to_text(r: Readout) -> str:
    lines = [_ws(r.title or r.source), _facts(r)]
    lines += [f"participant: {_ws(_person(p))}" for p in r.meeting.participants]
    if r.summary:
        lines += ["", "Summary: " + _ws(r.summary)]
    lines += ["", "Key points:"]
    for i, kp in enumerate(r.key_points, 1):
        lines.append(f"  {i}. {_ws(kp.text)}")
        lines += [f"     evidence: {_ws(e)}" for e in _extra_evidence(kp)]
    if not r.key_points:
        lines.append("  none")
    lines += ["", "Agreed next steps:"]
    if not r.next_steps:
        lines.append("  none")
    for i, s in enumerate(r.next_steps, 1):
        lines.append(f"  {i}. [{s.kind}, {s.category}] {_ws(s.action)}")
        lines.append(f"     parties: {_ws(', '.join(s.parties)) or '-'}; due: {_ws(s.due or '') or '-'}")
        lines.append(f"     evidence: {_ws(s.evidence)}")
    lines += [f"warning: {_ws(w)}" for w in r.warnings]
    lines += ["", _ws(_footer(r) + f" · {r.source}")]
    return "\n".join(lines) + "\n"


# ---- rich ----------------------------------------------------------------------------------------


def print_rich(r: Readout, console: Console) -> None:
    """The terminal view: wraps to the console width; colours only when the console allows them."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head: list[RenderableType] = [Text(_ws(r.title or r.source), style="bold")]
    facts = Text()
    m = r.meeting
    for label, value in (("", KIND_LABEL.get(m.kind, m.kind)), ("", m.date), ("", m.place)):
        if value:
            if facts:
                facts.append("  ·  ", style="dim")
            facts.append(label + value, style="cyan")
    head.append(facts)
    if m.participants:
        people = Table.grid(padding=(0, 2))
        people.add_column(style="bold", no_wrap=False)
        people.add_column(style="italic")
        people.add_column(style="green")
        for p in m.participants:
            people.add_row(Text(_ws(p.name)), Text(_ws(p.role or "")), Text(_ws(p.affiliation or "")))
        head += [Text(""), people]
    console.print(
        Panel(Group(*head), title="communique", title_align="left", border_style="blue", padding=(0, 1))
    )

    if r.summary:
        console.print(Padding(Text(_ws(r.summary)), (1, 1, 0, 1)))

    console.print(Padding(Text("Key points", style="bold underline"), (1, 1, 0, 1)))
    if not r.key_points:
        console.print(Padding(Text("none", style="dim"), (0, 3)))
    points = Table.grid(padding=(0, 1))
    points.add_column(justify="right", style="bold", no_wrap=True)
    points.add_column(ratio=1)
    for i, kp in enumerate(r.key_points, 1):
        cell = Text(_ws(kp.text))
        for e in _extra_evidence(kp):
            cell.append("\n“" + _ws(e) + "”", style="dim italic")
        points.add_row(f"{i}.", cell)
    if r.key_points:
        console.print(Padding(points, (0, 1)))
    console.print()

    if r.next_steps and console.width < 72:
        # too narrow for six columns: one block per step, same content
        console.print(Text("Agreed next steps", style="bold"))
        steps = Table.grid(padding=(0, 1))
        steps.add_column(justify="right", style="bold", no_wrap=True)
        steps.add_column(ratio=1)
        for i, s in enumerate(r.next_steps, 1):
            cell = Text(_ws(s.action))
            cell.append(
                f"  [{s.kind} · {s.category}]", style="bold green" if s.kind == "agreed" else "yellow"
            )
            cell.append(f"\nparties: {_ws(', '.join(s.parties)) or '—'} · due: {_ws(s.due or '') or '—'}")
            cell.append("\n“" + _ws(s.evidence) + "”", style="dim italic")
            steps.add_row(f"{i}.", cell)
        console.print(Padding(steps, (0, 1)))
    elif r.next_steps:
        t = Table(
            title="Agreed next steps",
            title_style="bold",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_lines=True,
            expand=True,
            header_style="bold",
        )
        t.add_column("#", justify="right", no_wrap=True, width=3)
        t.add_column("Action / evidence", ratio=5)
        t.add_column("Parties", ratio=2, min_width=8)
        t.add_column("Due", max_width=18, overflow="fold")  # its own width: an ISO date stays whole
        t.add_column("Kind", no_wrap=True)
        t.add_column("Category", no_wrap=True)
        for i, s in enumerate(r.next_steps, 1):
            action = Text(_ws(s.action))
            action.append("\n“" + _ws(s.evidence) + "”", style="dim italic")
            kind = Text(s.kind, style="bold green" if s.kind == "agreed" else "yellow")
            # Text, not str: a "[" in a party or a date is text, never rich markup
            t.add_row(
                str(i),
                action,
                Text(_ws(", ".join(s.parties)) or "—"),
                Text(_ws(s.due or "") or "—"),
                kind,
                Text(s.category),
            )
        console.print(t)
    else:
        console.print(
            Panel(
                Text(NO_STEPS, style="dim"),
                title="Agreed next steps",
                title_align="left",
                border_style="dim",
                padding=(0, 1),
            )
        )
    for w in r.warnings:
        console.print(Text("warning: " + _ws(w), style="yellow"))
    console.print(Text(_ws(_footer(r)), style="dim"), justify="right")
