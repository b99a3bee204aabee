"""Renderers for the ledger: the steps as a rich table, Markdown, JSON lines or CSV; one step in full.

JSON: one object per line (``id, action, parties, due, kind, category, status, source, date, evidence,
fulfilled_by, sources``), streamed, for ``jq``. rich is imported only for the rich view.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import IO

from .batch import csv_cell
from .ledger.query import StepRow

CSV_COLUMNS = (
    "id",
    "date",
    "parties",
    "action",
    "due",
    "kind",
    "category",
    "status",
    "source",
    "evidence",
    "fulfilled_source",
    "fulfilled_date",
    "fulfilled_evidence",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _ws(s: str | None) -> str:
    return re.sub(r"\s+", " ", _CONTROL.sub("", s or "")).strip()


def _md(s: str | None) -> str:
    return _ws(s).replace("|", "\\|")


def to_json(row: StepRow) -> str:
    return json.dumps(row.to_dict(), ensure_ascii=False)


def _csv_row(r: StepRow) -> list[str]:
    f = r.fulfilled_by
    cells = [
        str(r.id),
        r.date or "",
        "; ".join(r.parties),
        r.action,
        r.due or "",
        r.kind,
        r.category,
        r.status,
        r.source,
        r.evidence,
        f.source if f else "",
        f.date if f else "",
        f.evidence if f else "",
    ]
    return [csv_cell(c) for c in cells]


def write_steps(rows: Iterable[StepRow], fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        for r in rows:
            out.write(to_json(r) + "\n")
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(CSV_COLUMNS)
        for r in rows:
            w.writerow(_csv_row(r))
    elif fmt == "markdown":
        out.write("| id | date | parties | action | due | kind | category | status | fulfilled by |\n")
        out.write("|---|---|---|---|---|---|---|---|---|\n")
        n = 0
        for r in rows:
            n += 1
            f = r.fulfilled_by
            done = f"{_md(f.source)} ({f.date})" if f else ""
            out.write(
                f"| {r.id} | {r.date or ''} | {_md(', '.join(r.parties))} | {_md(r.action)} | {_md(r.due)}"
                f" | {r.kind} | {r.category} | {r.status} | {done} |\n"
            )
        if not n:
            out.write("\nNo steps match.\n")
    else:
        _rich_steps(list(rows))
    out.flush()


_STATUS_STYLE = {"open": "yellow", "fulfilled": "green", "overdue": "red"}


def _rich_steps(rows: list[StepRow]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table(box=box.SIMPLE_HEAD, header_style="bold", title="Commitments", title_justify="left")
    for col, just in (("id", "right"), ("date", "left"), ("action / evidence", "left")):
        t.add_column(col, justify=just, overflow="fold")  # type: ignore[arg-type]
    for col in ("parties", "due", "kind", "category", "status"):
        t.add_column(col, overflow="fold")
    for r in rows:
        cell = Text(_ws(r.action))
        cell.append("\n“" + _ws(r.evidence) + "”", style="dim")
        if r.fulfilled_by:
            cell.append(f"\n✓ {_ws(r.fulfilled_by.source)} ({r.fulfilled_by.date})", style="green")
        t.add_row(
            str(r.id),
            r.date or "—",
            cell,
            Text(", ".join(r.parties)),
            Text(r.due or "—"),
            r.kind,
            r.category,
            Text(r.status, style=_STATUS_STYLE.get(r.status, "")),
        )
    console = Console()
    if rows:
        console.print(t)
    else:
        console.print("No steps match.")


def _step_text(r: StepRow) -> list[str]:
    lines = [
        f"step {r.id}: {_ws(r.action)}",
        f"status: {r.status}" + (f" (due {r.due}, by {r.deadline})" if r.due and r.deadline else ""),
        f"parties: {', '.join(r.parties) or '—'} · kind: {r.kind} · category: {r.category} · due: {r.due or '—'}",
        f"evidence: “{_ws(r.evidence)}”",
        "",
        f"stated by {len(r.sources)} release{'s' if len(r.sources) != 1 else ''}:",
    ]
    for m in r.sources:
        lines.append(f"  - {_ws(m.source)} ({m.date or 'no date'}), {m.kind}: “{_ws(m.evidence)}”")
    f = r.fulfilled_by
    lines.append("")
    lines.append(
        f"fulfilled by: {_ws(f.source)} ({f.date}): “{_ws(f.evidence)}”"
        if f
        else "fulfilled by: no release yet"
    )
    return lines


def write_step(r: StepRow, fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        out.write(json.dumps(r.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "rich":
        from rich.console import Console
        from rich.text import Text

        Console().print(Text("\n".join(_step_text(r))))
    else:
        out.write("\n".join(_step_text(r)) + "\n")
    out.flush()
