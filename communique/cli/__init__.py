"""The command line: parse options, call the core, render, map errors to exit codes.

Kept thin on purpose: the work is in core.py and batch.py; this file only turns options into an
``Options``, errors into one line on stderr, and results into output. It never imports torch or
transformers, and imports rich only when it draws something.

Exit codes: 0 ok, 1 an input (or output) failed, 2 usage, 130 interrupted (Ctrl-C), 143 terminated.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from .. import options
from ..budget import DEFAULT_TIMEOUT
from ..errors import CommuniqueError
from ..options import Options
from .ledger import DbOpt, LedgerFlag, ledger_app, store_readout
from .models import models_app

if TYPE_CHECKING:
    from ..batch import Batch, Report
    from ..readout import Readout

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143

app = typer.Typer(
    name="communique",
    help="What happened and what was agreed: readouts of diplomatic press releases, in any language.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    epilog="Examples:  [b]communique summarize release.html[/b]  ·  [b]curl -s URL | communique summarize -[/b]  ·  "
    "[b]communique batch releases/ --out readouts/ --steps-csv steps.csv[/b]",
)
app.add_typer(models_app, name="models")
app.add_typer(ledger_app, name="ledger")


class Interrupted(BaseException):
    """Raised by our SIGINT/SIGTERM handler; a BaseException so no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


class Format(StrEnum):
    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    text = "text"


class OutFormat(StrEnum):
    json = "json"
    markdown = "markdown"


def _engine_names() -> list[str]:
    from ..models import engines

    return ["auto", *sorted(engines())]


def _parse_engine(value: str) -> str:
    # checked against the registry when used, so plugin engines work and startup stays light
    from ..models import registered

    if value == "auto" or registered(value):
        return value  # built in: the plugins need not be looked up
    names = _engine_names()
    if value not in names:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(names)}")
    return value


def _complete_engine(incomplete: str) -> list[str]:
    return [n for n in _engine_names() if n.startswith(incomplete)]


# Options shared by summarize and batch: each defined once here (defaults from ``Options``), all turned
# into one ``Options``.
_DEFAULTS = Options()
_DEFAULT_DEVICE, _DEFAULT_QUANTIZE, _DEFAULT_BACKEND = _DEFAULTS.device, _DEFAULTS.quantize, _DEFAULTS.backend
_NEURAL = "Neural engine"
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        "-e",
        parser=_parse_engine,
        autocompletion=_complete_engine,
        metavar="ENGINE",
        help="auto, extractive, seq2seq or a plugin engine ('communique models list'); auto: seq2seq when its model is on disk, else extractive.",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", envvar="COMMUNIQUE_MODEL", help="Model id or local folder (seq2seq)."),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", "-l", help="Language code, overriding detection (e.g. ru, en, kk).")
]
MaxPointsOpt = Annotated[
    int, typer.Option("--max-points", "-n", min=1, max=50, help="At most this many key points.")
]
MaxCharsOpt = Annotated[
    int, typer.Option("--max-chars", min=1000, help="Truncate inputs longer than this (with a warning).")
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No notes or progress on stderr (errors still show).")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout", min=0, metavar="SECONDS", help="Give up on a release after this long (0: no limit)."
    ),
]
DeviceOpt = Annotated[
    options.Device,
    typer.Option("--device", help="Where the model runs.", rich_help_panel=_NEURAL),
]
BeamsOpt = Annotated[
    int | None,
    typer.Option(
        "--num-beams",
        min=1,
        max=16,
        help="Beam search width (default: the model's).",
        rich_help_panel=_NEURAL,
    ),
]
NewTokOpt = Annotated[
    int | None,
    typer.Option(
        "--max-new-tokens",
        min=8,
        max=2048,
        help="Longest generated text, in tokens.",
        rich_help_panel=_NEURAL,
    ),
]
QuantOpt = Annotated[
    options.Quantize,
    typer.Option(
        "--quantize",
        help="int8: quantized weights (faster, smaller); none: float32; auto: int8 with ctranslate2 on a CPU, else float32.",
        rich_help_panel=_NEURAL,
    ),
]
BackendOpt = Annotated[
    options.Backend,
    typer.Option(
        "--backend",
        help="What runs the seq2seq model; auto: ctranslate2 when installed and the model converts, else transformers.",
        rich_help_panel=_NEURAL,
    ),
]
PickleOpt = Annotated[
    bool,
    typer.Option(
        "--allow-pickle",
        help="Also load .bin (pickle) weights; only for models you trust.",
        rich_help_panel=_NEURAL,
    ),
]
BatchSizeOpt = Annotated[
    int,
    typer.Option("--batch-size", min=1, max=256, help="Texts per generate() call.", rich_help_panel=_NEURAL),
]


def _options(
    engine: str,
    model: str | None,
    lang: str | None,
    max_points: int,
    max_chars: int,
    device: options.Device,
    num_beams: int | None,
    max_new_tokens: int | None,
    quantize: options.Quantize,
    allow_pickle: bool,
    batch_size: int,
    backend: options.Backend,
) -> Options:
    return Options(
        engine=engine,
        model=model,
        lang=lang,
        max_points=max_points,
        max_chars=max_chars,
        device=device,
        num_beams=num_beams,
        max_new_tokens=max_new_tokens,
        quantize=quantize,
        allow_pickle=allow_pickle,
        batch_size=batch_size,
        backend=backend,
    )


def _clean(msg: str) -> str:
    # one line, whatever a file name holds: control characters shown as \xNN, like the input layer does
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else "?" for c in msg)


def _err(msg: str) -> None:
    sys.stderr.write(f"communique: {_clean(msg)}\n")
    sys.stderr.flush()


def _fail(e: BaseException, debug: bool, name: str | None = None) -> typer.Exit:
    """One line on stderr (a traceback too with --debug) and the matching exit code."""
    if isinstance(e, Interrupted):
        raise e
    if debug:
        import traceback

        traceback.print_exception(e)
    if isinstance(e, CommuniqueError):
        _err(str(e))
        return typer.Exit(e.exit_code)
    where = f"{'<stdin>' if name == '-' else name}: " if name else ""
    _err(f"{where}internal error: {e!r} (run with --debug for the traceback)")
    return typer.Exit(EXIT_FAILED)


def _pipe_closed() -> NoReturn:
    """stdout's reader went away (``| head -1``): stop quietly, as the Python docs recommend."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    except (OSError, ValueError):
        pass
    raise typer.Exit(EXIT_FAILED)


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _pipe_closed()


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """What happened and what was agreed: readouts of diplomatic press releases, in any language."""


# ---- summarize -----------------------------------------------------------------------------------


def _read_stdin(max_chars: int) -> Any:
    from ..errors import InputError
    from ..input import sources

    if sys.stdin is None:
        raise InputError("<stdin>: stdin is closed")
    try:
        stream = sys.stdin.buffer
    except (AttributeError, ValueError):
        raise InputError("<stdin>: stdin is closed") from None
    return sources.read_stream(stream, name="-", max_chars=max_chars)  # bounded: never more than it needs


def _print(readout: Readout, fmt: Format) -> None:
    from .. import render

    if fmt is Format.auto:
        fmt = Format.rich if sys.stdout.isatty() else Format.markdown
    if fmt is Format.rich:
        from rich.console import Console

        try:
            render.print_rich(readout, Console())  # detects the terminal: no colour codes in a pipe
            sys.stdout.flush()
        except BrokenPipeError:
            _pipe_closed()
        return
    out = {Format.json: render.to_json, Format.markdown: render.to_markdown, Format.text: render.to_text}[fmt]
    _write_stdout(out(readout))


@app.command()
def summarize(
    source: Annotated[
        str | None,
        typer.Argument(
            help="A file, or - for stdin (e.g. curl -s URL | communique summarize -).", show_default=False
        ),
    ] = None,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="auto: rich on a terminal, Markdown in a pipe.")
    ] = Format.auto,
    engine: EngineOpt = _DEFAULTS.engine,
    model: ModelOpt = None,
    lang: LangOpt = None,
    max_points: MaxPointsOpt = _DEFAULTS.max_points,
    max_chars: MaxCharsOpt = _DEFAULTS.max_chars,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    device: DeviceOpt = _DEFAULT_DEVICE,
    num_beams: BeamsOpt = None,
    max_new_tokens: NewTokOpt = None,
    quantize: QuantOpt = _DEFAULT_QUANTIZE,
    allow_pickle: PickleOpt = _DEFAULTS.allow_pickle,
    batch_size: BatchSizeOpt = _DEFAULTS.batch_size,
    backend: BackendOpt = _DEFAULT_BACKEND,
    db: DbOpt = None,
    ledger: LedgerFlag = False,
) -> None:
    """Summarize one release: meeting facts, key points and the agreed next steps."""
    if source is None:
        if sys.stdin is None or sys.stdin.isatty():
            _err("no input: give a file, or pipe one in:  curl -s URL | communique summarize -")
            raise typer.Exit(EXIT_USAGE)
        source = "-"
    opts = _options(
        engine,
        model,
        lang,
        max_points,
        max_chars,
        device,
        num_beams,
        max_new_tokens,
        quantize,
        allow_pickle,
        batch_size,
        backend,
    )
    try:
        from .. import core
        from ..budget import Watchdog
        from ..input import sources

        # the budget counts reading a file and the analysis; not waiting for stdin's producer, nor
        # loading the engine (a model is loaded once, whatever the input)
        t0 = time.monotonic()
        if source == "-":
            src, t0 = _read_stdin(max_chars), time.monotonic()
        else:
            with Watchdog(timeout, lambda: _expire(source, timeout)):
                src = sources.read_path(source, max_chars=max_chars)
        spent = time.monotonic() - t0
        eng, note = core.resolve_engine(opts)
        if note and not quiet:
            _err(note)
        left = max(timeout - spent, 1e-3) if timeout > 0 else 0.0
        with Watchdog(left, lambda: _expire(source, timeout)):
            doc = core.analyse(src, opts)
            readout = core.summarize_documents([doc], eng)[0]
        store_readout(readout, doc, db, ledger)
    except Exception as e:
        raise _fail(e, debug, source) from None
    _print(readout, format)


def _expire(source: str, seconds: float) -> NoReturn:
    """The release ran past --timeout: one line, exit 1, from the watchdog's thread (a search stuck in C
    cannot be interrupted, so the process ends; nothing has been written to stdout yet)."""
    from ..budget import expired

    _err(f"{'<stdin>' if source == '-' else source}: {expired(seconds)}")
    os._exit(EXIT_FAILED)


# ---- batch ---------------------------------------------------------------------------------------


def _progress(console: Any, disable: bool) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.1f} files/s" if speed else "– files/s", style="progress.data.speed")

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=disable,
        transient=False,
        redirect_stdout=False,
        redirect_stderr=False,  # stdout may carry the JSONL: never reroute it
    )


def _report(console: Any, rep: Report, outputs: list[str]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(title="communique batch", title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")
    for col in ("files", "ok", "resumed", "failed", "next steps", "time", "rate"):
        t.add_column(col, justify="right")
    t.add_row(
        str(rep.files),
        f"[green]{rep.ok - rep.skipped}[/]",
        str(rep.skipped),
        f"[red]{rep.failed}[/]" if rep.failed else "0",
        str(rep.steps),
        f"{rep.seconds:.1f} s",
        f"{rep.rate:,.1f}/s",
    )
    console.print(t)
    if rep.failures:
        f = Table(
            title="failed",
            title_justify="left",
            title_style="bold red",
            box=box.SIMPLE_HEAD,
            header_style="bold",
        )
        f.add_column("file", overflow="fold")
        f.add_column("reason", overflow="fold")
        for src, why in rep.failures:
            f.add_row(Text(_clean(src)), Text(_clean(why)))  # Text: a "[" in a file name is not markup
        console.print(f)
    for o in outputs:
        console.print(Text("→ " + _clean(o), style="dim"))


@app.command()
def batch(
    folder: Annotated[
        str, typer.Argument(help="The folder of releases (searched recursively).", show_default=False)
    ],
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write one readout per input here, mirroring the tree.")
    ] = None,
    out_format: Annotated[
        OutFormat, typer.Option("--format", "-f", help="Format of the --out readouts.")
    ] = OutFormat.json,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            help="One JSON readout per line, in input order: - streams to stdout (| jq); a FILE appears complete at the end.",
        ),
    ] = None,
    steps_csv: Annotated[
        str | None, typer.Option("--steps-csv", help="Every next step of every release as one CSV.")
    ] = None,
    glob: Annotated[
        list[str] | None,
        typer.Option(
            "--glob", "-g", help="File patterns (repeatable; default *.txt *.html *.htm *.md *.pdf)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option("--workers", "-w", min=0, max=64, help="Processes for the extractive engine (0: auto)."),
    ] = 0,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip inputs whose readout in --out is already complete.")
    ] = False,
    db: DbOpt = None,
    ledger: LedgerFlag = False,
    executor: Annotated[
        options.Executor,
        typer.Option(
            "--executor",
            help="local: this machine's processes; ray: a Ray cluster.",
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray)."),
    ] = None,
    engine: EngineOpt = _DEFAULTS.engine,
    model: ModelOpt = None,
    lang: LangOpt = None,
    max_points: MaxPointsOpt = _DEFAULTS.max_points,
    max_chars: MaxCharsOpt = _DEFAULTS.max_chars,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    device: DeviceOpt = _DEFAULT_DEVICE,
    num_beams: BeamsOpt = None,
    max_new_tokens: NewTokOpt = None,
    quantize: QuantOpt = _DEFAULT_QUANTIZE,
    allow_pickle: PickleOpt = _DEFAULTS.allow_pickle,
    batch_size: BatchSizeOpt = _DEFAULTS.batch_size,
    backend: BackendOpt = _DEFAULT_BACKEND,
) -> None:
    """Summarize every release under FOLDER: readouts, JSONL, a CSV of next steps. Failures never stop it.

    Two inputs that would share an output name ([b]a.txt[/b] and [b]a.html[/b]) both keep their full
    name ([b]a.txt.json[/b], [b]a.html.json[/b]). Exit 0 when all succeed, 1 when any failed.
    """
    from ..batch import DEFAULT_PATTERNS, Batch
    from .ledger import ledger_path

    db_path = ledger_path(db, ledger)
    if out is None and jsonl is None and steps_csv is None and db_path is None:
        _err("nothing to write: give --out DIR, --jsonl FILE|-, --steps-csv FILE or --db FILE")
        raise typer.Exit(EXIT_USAGE)
    opts = _options(
        engine,
        model,
        lang,
        max_points,
        max_chars,
        device,
        num_beams,
        max_new_tokens,
        quantize,
        allow_pickle,
        batch_size,
        backend,
    )
    try:
        b = Batch(
            folder,
            opts,
            out=out,
            out_format=out_format.value,
            jsonl=jsonl,
            steps_csv=steps_csv,
            patterns=tuple(glob or DEFAULT_PATTERNS),
            workers=workers,
            resume=resume,
            db=db_path,
            executor=executor,
            address=address,
            timeout=timeout,
        )
        jobs = b.plan()
    except Exception as e:
        raise _fail(e, debug) from None
    _run_batch(b, jobs, quiet, debug)


def _run_batch(b: Batch, jobs: list[Any], quiet: bool, debug: bool) -> None:
    from rich.console import Console

    console = Console(stderr=True)
    results = b.run(jobs)
    try:
        first = next(results, None)  # the pool (if any) is forked before the progress thread starts
        if b.note and not quiet:
            _err(b.note)
        # no bar when the JSONL lines go to the same terminal: they would tear it
        jsonl_on_tty = b.jsonl == "-" and sys.stdout.isatty()
        with _progress(console, disable=quiet or not console.is_terminal or jsonl_on_tty) as progress:
            task = progress.add_task("summarizing", total=len(jobs))
            res = first
            while res is not None:
                if res.error is not None and quiet:  # otherwise the closing table lists them
                    _err(f"{res.source}: {res.error}")
                progress.advance(task)
                res = next(results, None)
    except BrokenPipeError:
        results.close()
        _pipe_closed()
    except Exception as e:
        results.close()
        raise _fail(e, debug) from None
    except BaseException:
        results.close()  # temp files swept, partial JSONL/CSV discarded
        raise
    if not quiet:
        outs = [
            str(x) for x in (b.out, b.jsonl if b.jsonl != "-" else None, b.steps_csv, b.db) if x is not None
        ]
        _report(console, b.report, outs)
    raise typer.Exit(EXIT_FAILED if b.report.failed else EXIT_OK)


# ---- entry point ---------------------------------------------------------------------------------


def main() -> None:
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        app()
    except Interrupted as e:
        _err("interrupted" if e.signum == signal.SIGINT else "terminated")
        sys.exit(EXIT_INTERRUPTED if e.signum == signal.SIGINT else EXIT_TERMINATED)
    except BrokenPipeError:
        try:
            _pipe_closed()
        except typer.Exit:
            sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
