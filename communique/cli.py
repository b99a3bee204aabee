"""The command line: parse options, call the core, render, map errors to exit codes.

Kept thin on purpose; it never imports torch or transformers (the neural engine loads them lazily).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .cli_models import models_app
from .errors import CommuniqueError
from .options import DEFAULT_MAX_CHARS, DEFAULT_MAX_POINTS, Options

app = typer.Typer(
    name="communique",
    help="What happened and what was agreed: readouts of diplomatic press releases, in any language.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

app.add_typer(models_app, name="models")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Format(str, Enum):
    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    text = "text"


class EngineChoice(str, Enum):
    auto = "auto"
    extractive = "extractive"
    seq2seq = "seq2seq"


# Options shared by summarize and batch: defined once here, turned into one ``Options``.
EngineOpt = Annotated[EngineChoice, typer.Option("--engine", "-e", help="Engine: auto picks seq2seq when its model is on disk.")]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", envvar="COMMUNIQUE_MODEL", help="Model id or local folder (seq2seq).")]
LangOpt = Annotated[str | None, typer.Option("--lang", "-l", help="Language code, overriding detection (e.g. ru, en, kk).")]
MaxPointsOpt = Annotated[int, typer.Option("--max-points", "-n", min=1, max=50, help="At most this many key points.")]
MaxCharsOpt = Annotated[int, typer.Option("--max-chars", min=1000, help="Truncate inputs longer than this (with a warning).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


def _options(engine: EngineChoice, model: str | None, lang: str | None, max_points: int, max_chars: int) -> Options:
    return Options(engine=engine.value, model=model, lang=lang, max_points=max_points, max_chars=max_chars)


def _err(msg: str) -> None:
    sys.stderr.write(f"communique: {msg}\n")


def _fail(e: BaseException, debug: bool) -> typer.Exit:
    if debug:
        import traceback

        traceback.print_exception(e)
    if isinstance(e, KeyboardInterrupt):
        _err("interrupted")
        return typer.Exit(EXIT_INTERRUPTED)
    _err(str(e) if isinstance(e, CommuniqueError) else f"internal error: {e!r}")
    return typer.Exit(getattr(e, "exit_code", EXIT_FAILED))


def _version(value: bool) -> None:
    if value:
        print(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """What happened and what was agreed: readouts of diplomatic press releases, in any language."""


@app.command()
def summarize(
    source: Annotated[str | None, typer.Argument(help="A file, or - for stdin (e.g. curl -s URL | communique summarize -).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="auto: rich on a terminal, Markdown in a pipe.")] = Format.auto,
    engine: EngineOpt = EngineChoice.auto,
    model: ModelOpt = None,
    lang: LangOpt = None,
    max_points: MaxPointsOpt = DEFAULT_MAX_POINTS,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Summarize one release: meeting facts, key points and the agreed next steps."""
    from . import core, render, sources

    if source is None:
        if sys.stdin is None or sys.stdin.isatty():
            _err("no input: give a file, or pipe one in (curl -s URL | communique summarize -)")
            raise typer.Exit(EXIT_USAGE)
        source = "-"
    opts = _options(engine, model, lang, max_points, max_chars)
    try:
        eng, note = core.resolve_engine(opts)
        if note and not quiet:
            _err(note)
        if source == "-":
            src = sources.from_bytes(sys.stdin.buffer.read(), name="-", max_chars=max_chars)
        else:
            src = sources.read_path(source, max_chars=max_chars)
        readout = core.summarize_documents([core.analyse(src, opts)], eng)[0]
    except (CommuniqueError, KeyboardInterrupt) as e:
        raise _fail(e, debug) from None
    fmt = format
    if fmt is Format.auto:
        fmt = Format.rich if sys.stdout.isatty() else Format.markdown
    if fmt is Format.rich:
        from rich.console import Console

        render.print_rich(readout, Console())
    else:
        out = {Format.json: render.to_json, Format.markdown: render.to_markdown, Format.text: render.to_text}[fmt](readout)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
