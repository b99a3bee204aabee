"""The core pipeline: source → analysis (language, sentences, meeting, steps) → engine → Readout.

Nothing here imports typer, rich, torch or transformers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from . import __version__
from .analysis.meeting import extract_meeting
from .analysis.steps import extract_steps
from .analysis.text import detect_language, split_sentences
from .document import Document, Source
from .errors import UsageError
from .input.sources import from_bytes, from_text, read_path
from .lang import resources
from .models import Engine, auto_candidates, engine_class
from .names import escape as escape_name
from .options import Options
from .readout import EngineInfo, Readout


def load(source: str | bytes | os.PathLike[str] | Source, opts: Options | None = None) -> Source:
    """A ``Source`` from a path, raw bytes, a text string, or a ready ``Source``.

    A ``str`` is a path when it names an existing file and holds no newline; otherwise it is text.
    """
    opts = opts or Options()
    if isinstance(source, Source):
        return source
    if isinstance(source, bytes):
        return from_bytes(source, name="-", max_chars=opts.max_chars)
    if isinstance(source, os.PathLike):
        return read_path(source, max_chars=opts.max_chars)
    if "\n" not in source and len(source) < 4096 and _is_file(source):
        return read_path(source, max_chars=opts.max_chars)
    return from_text(source, max_chars=opts.max_chars)


def _is_file(s: str) -> bool:
    try:
        return Path(s).is_file()
    except (OSError, ValueError):  # too long for a file name, or not one at all (NUL)
        return False


def analyse(src: Source, opts: Options | None = None) -> Document:
    opts = opts or Options()
    lang = opts.lang or detect_language(src.text)
    res = resources(lang)
    doc = Document(source=src, lang=lang, res=res, sentences=split_sentences(src.text, res))
    doc.meeting = extract_meeting(doc)
    doc.steps = extract_steps(doc, doc.meeting)
    return doc


@lru_cache(maxsize=4)
def _engine(name: str, opts: Options) -> Engine:
    # one instance per (engine, options) per process: a neural model is loaded once
    return engine_class(name)(opts)


def resolve_engine(opts: Options) -> tuple[Engine, str | None]:
    """The engine to run, and a one-line note when ``auto`` had to pass over a preferred one."""
    if opts.engine != "auto":
        return _engine(opts.engine, opts), None
    passed: list[str] = []
    for cls in auto_candidates():
        ok, why = cls.available(opts)
        if ok:
            note = f"using the {cls.name} engine ({'; '.join(passed)})" if passed else None
            return _engine(cls.name, opts), note
        passed.append(f"{why}; {cls.remedy}" if cls.remedy else why)
    raise UsageError(f"no engine can run now ({'; '.join(passed) or 'none registered'})")


def summarize_documents(docs: Sequence[Document], engine: Engine) -> list[Readout]:
    digests = engine.digest_many(docs)
    out = []
    for doc, dg in zip(docs, digests, strict=True):
        assert doc.meeting is not None
        out.append(
            Readout(
                source=escape_name(doc.source.name),  # a name that is not UTF-8: quoted, reversible
                language=doc.lang,
                title=doc.source.title,
                meeting=doc.meeting,
                summary=dg.summary,
                key_points=dg.key_points,
                next_steps=doc.steps,
                engine=EngineInfo(
                    name=engine.name, model=engine.model, version=__version__, backend=engine.backend
                ),
                warnings=[*doc.source.warnings, *doc.warnings, *dg.warnings],
            )
        )
    return out


def summarize(
    source: str | bytes | os.PathLike[str] | Source,
    *,
    engine: str = "auto",
    lang: str | None = None,
    options: Options | None = None,
    **kw: object,
) -> Readout:
    """Summarize one release (a path, bytes, or text) into a ``Readout``."""
    opts = (options or Options()).with_(engine=engine, lang=lang, **kw)
    eng, _note = resolve_engine(opts)
    doc = analyse(load(source, opts), opts)
    return summarize_documents([doc], eng)[0]
