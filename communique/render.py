"""Renderers: the same Readout as rich terminal output, Markdown, plain text or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .readout import Readout

if TYPE_CHECKING:
    from rich.console import Console


def _participants(r: Readout) -> list[str]:
    out = []
    for p in r.meeting.participants:
        extra = ", ".join(x for x in (p.role, p.affiliation) if x)
        out.append(f"{p.name} ({extra})" if extra else p.name)
    return out


def _when_where(r: Readout) -> str:
    return " · ".join(x for x in (r.meeting.kind, r.meeting.date, r.meeting.place) if x)


def to_json(r: Readout) -> str:
    return r.to_json()


def to_markdown(r: Readout) -> str:
    lines = [f"# {r.title or r.source}", "", f"*{_when_where(r)}*", ""]
    if r.meeting.participants:
        lines += ["**Participants:** " + "; ".join(_participants(r)), ""]
    if r.summary:
        lines += ["## Summary", "", r.summary, ""]
    lines += ["## Key points", ""]
    for i, kp in enumerate(r.key_points, 1):
        lines.append(f"{i}. {kp.text}")
    lines += ["", "## Agreed next steps", ""]
    if r.next_steps:
        lines += ["| # | Action | Parties | Due | Kind | Category | Evidence |", "|---|---|---|---|---|---|---|"]
        for i, s in enumerate(r.next_steps, 1):
            cells = [str(i), s.action, ", ".join(s.parties), s.due or "—", s.kind, s.category, s.evidence]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    else:
        lines.append("No next steps were agreed in this release.")
    if r.warnings:
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in r.warnings]
    lines += ["", f"<sub>{r.language} · engine {r.engine.name}{' · ' + r.engine.model if r.engine.model else ''}</sub>"]
    return "\n".join(lines) + "\n"


def to_text(r: Readout) -> str:
    lines = [r.title or r.source, _when_where(r)]
    lines += [f"participant: {p}" for p in _participants(r)]
    if r.summary:
        lines += ["", r.summary]
    lines += ["", "Key points:"] + [f"  {i}. {kp.text}" for i, kp in enumerate(r.key_points, 1)]
    lines += ["", "Agreed next steps:"]
    if not r.next_steps:
        lines.append("  none")
    for i, s in enumerate(r.next_steps, 1):
        lines.append(f"  {i}. [{s.kind}/{s.category}] {s.action} — {', '.join(s.parties)}; due: {s.due or '-'}")
        lines.append(f"     evidence: {s.evidence}")
    lines += [f"warning: {w}" for w in r.warnings]
    return "\n".join(lines) + "\n"


def print_rich(r: Readout, console: Console) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = Text()
    head.append(r.title or r.source, style="bold")
    if _when_where(r):
        head.append("\n" + _when_where(r), style="cyan")
    for p in _participants(r):
        head.append("\n• " + p)
    console.print(Panel(head, title="communique", title_align="left"))
    if r.summary:
        console.print(Text(r.summary), "")
    console.print(Text("Key points", style="bold underline"))
    for i, kp in enumerate(r.key_points, 1):
        console.print(f"{i}. {kp.text}", markup=False)
    console.print()
    t = Table(title="Agreed next steps", show_lines=True, expand=True)
    for col, kw in (("#", {"width": 3}), ("Action", {"ratio": 4}), ("Parties", {"ratio": 2}), ("Due", {"ratio": 1}),
                    ("Kind", {"ratio": 1}), ("Category", {"ratio": 1})):
        t.add_column(col, overflow="fold", **kw)
    for i, s in enumerate(r.next_steps, 1):
        t.add_row(str(i), s.action, ", ".join(s.parties), s.due or "—", s.kind, s.category)
    if r.next_steps:
        console.print(t)
    else:
        console.print(Panel("No next steps were agreed in this release.", title="Agreed next steps"))
    for w in r.warnings:
        console.print(Text("warning: " + w, style="yellow"))
