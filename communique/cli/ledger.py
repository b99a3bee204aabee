"""`communique ledger steps|show` and the --db / --ledger options (mounted by cli.py).

Thin: the store and its queries are in ``communique.ledger``, the tables in ``render_ledger``.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import CommuniqueError, UsageError

if TYPE_CHECKING:
    from ..readout import Readout

ledger_app = typer.Typer(
    help="The commitments kept across releases (stored with --db): what was promised, and was it done.",
    no_args_is_help=True,
)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store every readout in this ledger file (SQLite), for 'communique ledger'.",
        show_default=False,
    ),
]
LedgerFlag = Annotated[
    bool,
    typer.Option(
        "--ledger",
        help="Store every readout in the default ledger (COMMUNIQUE_DB, else the user data folder).",
    ),
]
ReadDbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The ledger file (default: COMMUNIQUE_DB, else the user data folder).",
        show_default=False,
    ),
]


class ListFormat(StrEnum):
    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class KindFilter(StrEnum):
    agreed = "agreed"
    pledge = "pledge"


class StatusFilter(StrEnum):
    open = "open"
    fulfilled = "fulfilled"
    overdue = "overdue"


def ledger_path(db: str | None, flag: bool) -> Path | None:
    """The ledger a summarize/batch run stores into: --db FILE, --ledger (the default one), or none."""
    if db is not None:
        return Path(db)
    if not flag:
        return None  # no ledger: its store (sqlite3) is not even imported
    from ..ledger import default_path

    return default_path()


def store_readout(readout: Readout, doc: Any, db: str | None, flag: bool) -> None:
    path = ledger_path(db, flag)
    if path is None:
        return
    from ..ledger import Ledger, facts

    with Ledger(path) as led:
        led.ingest(readout, facts(doc))


def _die(e: BaseException, debug: bool = False) -> typer.Exit:
    from . import _fail

    return _fail(e, debug)


def _open(db: str | None) -> Any:
    from ..ledger import Ledger, default_path

    return Ledger(Path(db) if db else default_path(), readonly=True)


def _iso(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{what} {value!r}: give a date as YYYY-MM-DD") from None


def _category(value: str | None) -> str | None:
    from ..readout import STEP_CATEGORIES

    if value is not None and value not in STEP_CATEGORIES:
        raise UsageError(f"--category {value!r} is not one of {', '.join(STEP_CATEGORIES)}")
    return value


@ledger_app.command("steps")
def steps_cmd(
    db: ReadDbOpt = None,
    party: Annotated[
        str | None, typer.Option("--party", "-p", help="Only steps binding this party (any language).")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Meetings on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Meetings on or before YYYY-MM-DD.")] = None,
    kind: Annotated[KindFilter | None, typer.Option("--kind", help="agreed or pledge.")] = None,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="meet, sign, cooperate, contact, mechanism, aid...")
    ] = None,
    status: Annotated[
        StatusFilter | None, typer.Option("--status", help="open, fulfilled or overdue.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many steps.")] = None,
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", help="auto: rich on a terminal, Markdown in a pipe; json: one object a line."
        ),
    ] = ListFormat.auto,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """The commitments, newest first, with their status (open, fulfilled, overdue) and evidence."""
    from .. import render_ledger
    from ..ledger import query

    with _edge(debug):
        f = query.Filters(
            party=party,
            since=_iso(since, "--since"),
            until=_iso(until, "--until"),
            kind=kind.value if kind else None,
            category=_category(category),
            status=status.value if status else None,
            limit=limit,
        )
        with _open(db) as led:
            rows = query.steps(led, f)
            render_ledger.write_steps(rows, _resolve(format), sys.stdout)


@ledger_app.command("show")
def show_cmd(
    step_id: Annotated[int, typer.Argument(help="The step's id (from 'ledger steps').", show_default=False)],
    db: ReadDbOpt = None,
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="rich, markdown or json.")
    ] = ListFormat.auto,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """One commitment: its evidence, every release that states it, and the one that reports it done."""
    from .. import render_ledger
    from ..ledger import query

    with _edge(debug):
        with _open(db) as led:
            row = query.step(led, step_id)
        render_ledger.write_step(row, _resolve(format), sys.stdout)


@contextlib.contextmanager
def _edge(debug: bool) -> Iterator[None]:
    """The CLI edge of a ledger command: a closed pipe ends quietly, an error is one line and an exit code."""
    try:
        yield
    except BrokenPipeError:
        from . import _pipe_closed

        _pipe_closed()
    except (CommuniqueError, OSError) as e:
        raise _die(e, debug) from None


def _resolve(fmt: ListFormat) -> str:
    if fmt is ListFormat.auto:
        return "rich" if sys.stdout.isatty() else "markdown"
    return fmt.value
