"""Batch: every release under a folder → one readout per file, plus JSONL and a CSV of next steps.

No typer or rich here: ``Batch.run()`` yields one ``Result`` per input, in input order, and the caller
(the CLI, or any Python program) renders progress however it likes::

    b = Batch("releases/", out="readouts/", jsonl="all.jsonl", steps_csv="steps.csv")
    jobs = b.plan()                 # discovery + output names + early checks (raises before any work)
    for r in b.run(jobs):
        print(r.source, r.error or "ok")
    print(b.report)

Hardening, in one place:
- outputs are written atomically (a hidden temp file in the same folder, then ``os.replace``), so an
  interrupted batch leaves only complete readouts; stale temp files are swept at the next start;
- ``resume=True`` skips inputs whose output already exists and is a complete readout;
- directory symlinks are followed once (a loop or a second path to the same folder is skipped);
- an output path can never leave ``out`` (``..``, absolute names, symlinks inside ``out``);
- two inputs that would share an output name (``a.txt`` and ``a.html``) both keep their full name
  (``a.txt.json``, ``a.html.json``), decided over the whole plan so it does not depend on timing;
- a file that vanishes, changes while read, or is not a regular file fails alone; the batch goes on
  (only a ``ModelError``, a model that cannot run at all, stops it: every file would fail the same way).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import fnmatch
import gc
import io
import json
import os
import re
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any, Literal, get_args

from .budget import DEFAULT_TIMEOUT, Alarm, expired
from .errors import CommuniqueError, ModelError, OutputError, UsageError
from .names import escape as escape_name
from .options import Executor, Options
from .readout import SCHEMA_ID, Readout

if TYPE_CHECKING:  # the engines load on the first run, not on import
    from .models.base import Engine

DEFAULT_PATTERNS: tuple[str, ...] = ("*.txt", "*.html", "*.htm", "*.md", "*.pdf")
OUT_EXT = {"json": ".json", "markdown": ".md"}
STEPS_CSV_COLUMNS = ("source", "date", "parties", "action", "due", "kind", "category", "evidence")
ERROR_SCHEMA_ID = "communique.error/1"  # a JSONL line for a release that failed: schema, source, error
TMP_SUFFIX = ".communique-tmp"
_TMP_RE = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}" + re.escape(TMP_SUFFIX) + "$")
_MD_END = "</sub>\n"  # render.to_markdown ends with this line: a complete Markdown readout

OutFormat = Literal["json", "markdown"]


@dataclass(slots=True)  # one per input file: a batch of 10,000 holds them all
class Job:
    index: int
    path: str  # as it will appear in the readout's "source" (root as given + relative path)
    rel: str  # POSIX path relative to the root
    output: Path | None = None
    skip: bool = False  # resume: a complete output is already there
    error: str | None = None  # known before any work (broken link, unreadable folder)


@dataclass
class Result:
    index: int
    source: str
    output: Path | None = None
    readout: Readout | None = None
    steps: int = 0
    error: str | None = None
    skipped: bool = False
    seconds: float = 0.0
    facts: Any = None  # ledger.Facts, when --db wants them (computed where the release was analysed)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Report:
    files: int = 0
    ok: int = 0
    skipped: int = 0
    failed: int = 0
    steps: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def add(self, r: Result) -> None:
        self.files += 1
        if r.error is not None:
            self.failed += 1
            self.failures.append((r.source, r.error))
            return
        self.ok += 1
        self.skipped += r.skipped
        self.steps += r.steps

    @property
    def rate(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0


# ---- paths ---------------------------------------------------------------------------------------


def _matches(name: str, patterns: Sequence[str], rel: str) -> bool:
    low, rlow = name.lower(), rel.lower()
    for p in patterns:
        p = p.lower()
        if fnmatch.fnmatchcase(rlow if "/" in p else low, p):
            return True
    return False


def discover(
    root: Path, patterns: Sequence[str] = DEFAULT_PATTERNS, exclude: Iterable[Path] = ()
) -> list[Job]:
    """The inputs under ``root``, sorted; hidden entries skipped, each real folder walked once."""
    seen: set[tuple[int, int]] = set()
    for ex in exclude:
        with contextlib.suppress(OSError):
            st = ex.stat()
            seen.add((st.st_dev, st.st_ino))
    jobs: list[Job] = []
    root_s = str(root)

    def add(rel: str, error: str | None = None) -> None:
        jobs.append(Job(len(jobs), os.path.join(root_s, *rel.split("/")), rel, error=error))

    def walk(d: Path, rel: str) -> None:
        try:
            st = d.stat()
            if (st.st_dev, st.st_ino) in seen:
                return  # a symlink loop, or a folder already walked by another path
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as e:
            add(rel or ".", f"cannot list folder ({e.strerror or e})")
            return
        for ent in entries:
            if ent.name.startswith("."):
                continue  # hidden files, .git, and our own temp files
            r = f"{rel}/{ent.name}" if rel else ent.name
            try:
                if ent.is_dir():  # follows symlinks; loops are cut by ``seen``
                    walk(Path(ent.path), r)
                elif ent.is_file():
                    if _matches(ent.name, patterns, r):
                        add(r)
                elif ent.is_symlink() and _matches(ent.name, patterns, r):
                    add(r, "broken symbolic link")
            except OSError as err:
                add(r, f"cannot read ({err.strerror or err})")

    walk(root, "")
    return jobs


def safe_join(out: Path, rel: str | PurePosixPath) -> Path:
    """``out / rel``, refusing anything that would land outside ``out`` (``..``, absolute, symlinks)."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"{rel}: output path would leave the output folder")
    target = out.joinpath(*parts)
    base = os.path.realpath(out)
    parent = os.path.realpath(target.parent)
    if os.path.commonpath([base, parent]) != base:
        raise OutputError(f"{rel}: output path would leave the output folder (symbolic link)")
    return target


def output_names(rels: Sequence[str], ext: str) -> list[str]:
    """Output names (relative, POSIX) for input names: ``a/b.txt`` → ``a/b.json``.

    Inputs that would share a name (compared case-insensitively) keep their full name instead:
    ``a.txt`` + ``a.html`` → ``a.txt.json`` + ``a.html.json``; a clash left after that gets ``~2``, ``~3``
    in input order. The rule looks at the whole list, so the names never depend on timing.
    """

    def short(r: str) -> str:
        p = PurePosixPath(r)
        return str(p.with_name(p.stem + ext)) if p.suffix else r + ext

    def full(r: str) -> str:
        return r + ext

    names = [short(r) for r in rels]
    for rule in (full, None):
        groups: dict[str, list[int]] = {}
        for i, n in enumerate(names):
            groups.setdefault(n.lower(), []).append(i)
        clashes = [ix for ix in groups.values() if len(ix) > 1]
        if not clashes:
            break
        for ix in clashes:
            for k, i in enumerate(ix):
                if rule is not None:
                    names[i] = rule(rels[i])
                elif k:
                    p = PurePosixPath(names[i])
                    names[i] = str(p.with_name(f"{p.stem}~{k + 1}{p.suffix}"))
    return names


# ---- atomic files ----------------------------------------------------------------------------


class AtomicFile:
    """A text file that appears complete or not at all: temp file in the same folder, then os.replace."""

    def __init__(self, target: Path, newline: str | None = None) -> None:
        self.target = target
        fd, self.tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
        self.f: IO[str] = open(fd, "w", encoding="utf-8", newline=newline)  # noqa: SIM115

    def commit(self) -> None:
        # no fsync: this guards against an interrupted or killed process (the common case), and an
        # fsync per readout costs more than the analysis; a power cut may still lose recent files
        self.f.close()
        os.chmod(self.tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a readout is an ordinary file
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.f.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


_UMASK = _umask()


def in_place(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is written where it is, streamed, instead of through a temp file and a rename.

    A temp file renamed over a character device (/dev/null), a FIFO, a socket, /dev/stdout, /dev/fd/N or
    a process substitution would replace it with a regular file (or fail to find its folder): those are
    opened and written in place, and never replaced or deleted. Regular files and new paths stay atomic.
    """
    p = os.path.abspath(path)
    if p.startswith(("/dev/", "/proc/")):
        return True  # /dev/stdout on a regular file is still the shell's descriptor, not a file to replace
    try:
        st = os.stat(p)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode)


class StreamFile:
    """An output written in place (see ``in_place``), with ``AtomicFile``'s interface: nothing to rename
    at the end, nothing to delete on failure."""

    def __init__(self, target: Path, newline: str | None = None) -> None:
        self.target = target
        self._sock: Any = None
        if _is_socket(target):  # a Unix socket cannot be open()ed: connect to its listener
            import socket

            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self._sock.connect(str(target))
            except OSError:
                self._sock.close()
                raise
            self.f: IO[str] = self._sock.makefile("w", encoding="utf-8", newline=newline)
        else:
            # append: /dev/stdout may be a file the shell opened (">" or ">>"); truncating it is not ours
            self.f = open(target, "a", encoding="utf-8", newline=newline)  # noqa: SIM115

    def commit(self) -> None:
        try:
            self.f.close()
        finally:
            self._close_socket()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.f.close()
        self._close_socket()

    def _close_socket(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()


def _is_socket(path: Path) -> bool:
    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def open_output(target: Path, newline: str | None = None) -> AtomicFile | StreamFile:
    """An output file: atomic for a regular file or a new path, streamed in place for anything else."""
    return StreamFile(target, newline) if in_place(target) else AtomicFile(target, newline)


def write_atomic(target: Path, text: str) -> None:
    af = open_output(target)
    try:
        af.f.write(text)
        af.commit()
    except BaseException:
        af.discard()
        raise


def sweep_temp_files(folder: Path) -> int:
    """Remove temp files an earlier, killed run left behind (only our own, by their exact pattern)."""
    n = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            if _TMP_RE.match(f):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(dirpath, f))
                    n += 1
    return n


def _check_writable(folder: Path, what: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe.", suffix=TMP_SUFFIX):
            pass
    except OSError as e:
        raise OutputError(f"{folder}: cannot write the {what} ({e.strerror or e})") from None


def complete_output(path: Path, source: str, fmt: OutFormat) -> Readout | bool:
    """For --resume: the readout (JSON) or True (Markdown) when ``path`` holds a complete output."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if fmt == "markdown":
        return text.endswith(_MD_END)
    try:
        d = json.loads(text)
        if not isinstance(d, dict) or d.get("schema") != SCHEMA_ID:
            return False
        if os.path.normpath(str(d.get("source"))) != os.path.normpath(escape_name(source)):
            return False
        return Readout.from_dict(d)
    except (ValueError, KeyError, TypeError):
        return False


# ---- the work on one file (in this process or in a pool worker) -----------------------------

_state: dict[str, Any] = {}


def _init_worker(opts: Options, fmt: OutFormat, want_readout: bool, want_facts: bool = False) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _state.update(opts=opts, fmt=fmt, want=want_readout, facts=want_facts)


def _facts(doc: Any) -> Any:
    from .ledger import facts

    return facts(doc)


def _worker_main(conn: Any, opts: Options, fmt: OutFormat, want_readout: bool, want_facts: bool) -> None:
    """A worker process: jobs in, results out, over its own pipe, until the parent sends None."""
    _init_worker(opts, fmt, want_readout, want_facts)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(_work_one(task))


def _die_with_parent() -> None:
    # a pool worker must not outlive a parent killed with SIGKILL (Linux only; elsewhere best effort)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _read(job: Job, opts: Options) -> Any:
    from . import core
    from .input import sources

    try:
        st = os.stat(job.path)
    except FileNotFoundError:
        raise CommuniqueError("vanished before it was read") from None
    except OSError as e:
        raise CommuniqueError(f"cannot read ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise CommuniqueError("not a regular file")
    src = sources.read_path(job.path, max_chars=opts.max_chars)
    try:
        st2 = os.stat(job.path)
    except OSError:
        raise CommuniqueError("vanished while it was read") from None
    if (st2.st_size, st2.st_mtime_ns, st2.st_ino) != (st.st_size, st.st_mtime_ns, st.st_ino):
        raise CommuniqueError("changed while it was read")
    return core.analyse(src, opts)


def _reason(e: BaseException, job: Job) -> str:
    msg = str(e) if isinstance(e, CommuniqueError) else f"internal error: {e!r}"
    shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", job.path)  # as sources names it
    for prefix in (f"{job.path}: ", f"{shown}: ", f"{job.rel}: "):
        if msg.startswith(prefix):  # the input layer names the file; the report names it already
            msg = msg[len(prefix) :]
    return msg or type(e).__name__


def _render(r: Readout, fmt: OutFormat) -> str:
    from . import render

    return render.to_json(r) + "\n" if fmt == "json" else render.to_markdown(r)


def _finish(job: Job, r: Readout, fmt: OutFormat, write: bool, out_root: Path | None) -> Result:
    res = Result(job.index, job.path, readout=r, steps=len(r.next_steps))
    if write and job.output is not None and out_root is not None:
        rel = job.output.relative_to(out_root)
        target = safe_join(out_root, rel.as_posix())
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            safe_join(out_root, rel.as_posix())  # again: a symlink may have appeared with the folder
            write_atomic(target, _render(r, fmt))
        except OSError as e:  # disk full, folder removed or made read-only during the run
            raise OutputError(f"cannot write {target} ({e.strerror or e})") from None
        res.output = target
    return res


def _work_one(args: tuple[Job, Path | None, bool]) -> Result:
    """Pool entry point: one file, end to end; exceptions become the file's error."""
    job, out_root, write = args
    from . import core

    t0 = time.perf_counter()
    opts: Options = _state["opts"]
    try:
        eng, _ = core.resolve_engine(opts)
        doc = _read(job, opts)
        r = core.summarize_documents([doc], eng)[0]
        res = _finish(job, r, _state["fmt"], write, out_root)
        if _state.get("facts"):
            res.facts = _facts(doc)
    except Exception as e:
        res = Result(job.index, job.path, error=_reason(e, job))
    if not _state["want"]:
        res.readout = None  # nothing to send back through the pipe
    res.seconds = time.perf_counter() - t0
    return res


# ---- sinks ---------------------------------------------------------------------------------------


_FORMULA = re.compile(r"^(?:[=+@\t\r]|-[^\s\d])")


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: text from a web page may start with ``=HYPERLINK(...)``."""
    return "'" + text if _FORMULA.match(text) else text


class _Sinks:
    """--jsonl and --steps-csv: streamed in input order; files appear atomically at the end."""

    def __init__(self, jsonl: str | Path | IO[str] | None, steps_csv: str | Path | IO[str] | None) -> None:
        self._streams: list[IO[str]] = [sys.stdout]  # flushed per readout: a reader sees each as it is done
        self._files: list[AtomicFile | StreamFile] = []
        self.jsonl = self._open(jsonl, None)
        self.csv_stream = self._open(steps_csv, "")
        self.csv = csv.writer(self.csv_stream) if self.csv_stream is not None else None
        if self.csv is not None:
            self.csv.writerow(STEPS_CSV_COLUMNS)

    def _open(self, dest: str | Path | IO[str] | None, newline: str | None) -> IO[str] | None:
        if dest is None:
            return None
        if isinstance(dest, io.TextIOBase) or hasattr(dest, "write"):
            return dest  # type: ignore[return-value]
        if str(dest) == "-":
            return sys.stdout
        try:
            af = open_output(Path(dest), newline=newline)
        except OSError as e:
            raise OutputError(f"{dest}: cannot write ({e.strerror or e})") from None
        self._files.append(af)
        if isinstance(af, StreamFile):
            self._streams.append(af.f)
        return af.f

    @property
    def wanted(self) -> bool:
        return self.jsonl is not None or self.csv is not None

    def add(self, r: Readout) -> None:
        """One record, written whole: text a UTF-8 file cannot hold (lone surrogates) is escaped."""
        if self.jsonl is not None:
            line = r.to_json(indent=None)
            if not _utf8(line):
                line = json.dumps(r.to_dict(), ensure_ascii=True)  # \udcXX escapes: still valid JSON
            self.jsonl.write(line + "\n")
            if self.jsonl in self._streams:
                self.jsonl.flush()  # a reader (| jq, a FIFO) sees each readout as it is done
        if self.csv_stream is not None:
            buf = io.StringIO(newline="")
            w = csv.writer(buf)
            for s in r.next_steps:
                row = [
                    r.source,
                    r.meeting.date or "",
                    "; ".join(s.parties),
                    s.action,
                    s.due or "",
                    s.kind,
                    s.category,
                    s.evidence,
                ]
                w.writerow([csv_cell(c) for c in row])
            rows = buf.getvalue()
            if not _utf8(rows):
                rows = rows.encode("utf-8", "backslashreplace").decode("utf-8")
            self.csv_stream.write(rows)
            if self.csv_stream in self._streams:
                self.csv_stream.flush()

    def error(self, source: str, reason: str) -> None:
        """A failed release's line in the JSONL (its own schema id: a reader tells it from a readout)."""
        if self.jsonl is not None:
            rec = {"schema": ERROR_SCHEMA_ID, "source": escape_name(source), "error": reason}
            line = json.dumps(rec, ensure_ascii=False)
            self.jsonl.write((line if _utf8(line) else json.dumps(rec)) + "\n")
            if self.jsonl in self._streams:
                self.jsonl.flush()

    def commit(self) -> None:
        for af in self._files:
            af.commit()
        self._files.clear()

    def discard(self) -> None:
        for af in self._files:
            af.discard()
        self._files.clear()


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# ---- the pool --------------------------------------------------------------------------------------


class _Worker:
    def __init__(self, ctx: Any, initargs: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, *initargs), daemon=True)
        self.proc.start()
        child.close()
        self.job: Job | None = None
        self.deadline = float("inf")


class _Pool:
    """Worker processes, one job at a time each, over their own pipes, so that one job can be stopped:
    a worker past the time budget (or one that died) is killed and replaced by a fresh one, and only its
    job fails. Results come back in any order; ``result()`` hands them out in input order, and jobs are
    sent at most ``AHEAD`` past the one awaited, so the results held stay few (memory flat)."""

    AHEAD = 64

    def __init__(self, ctx: Any, size: int, initargs: tuple[Any, ...], timeout: float) -> None:
        self.ctx, self.initargs, self.timeout = ctx, initargs, timeout
        self.workers = [_Worker(ctx, initargs) for _ in range(size)]
        self.done: dict[int, Result] = {}
        self.sent = 0  # jobs of the task list handed out so far
        self.killed = 0

    def result(self, job: Job, todo: list[Job], out: Path | None) -> Result:
        from multiprocessing.connection import wait

        while job.index not in self.done:
            for w in self.workers:
                if (
                    w.job is None
                    and self.sent < len(todo)
                    and todo[self.sent].index <= job.index + self.AHEAD
                ):
                    self._send(w, todo[self.sent], out)
            busy = [w for w in self.workers if w.job is not None]
            assert busy, "the awaited job is always sent: it is within AHEAD of itself"
            left = min(w.deadline for w in busy) - time.monotonic()
            ready = set(
                wait([w.conn for w in busy], timeout=max(0.0, left) if left != float("inf") else None)
            )
            for w in busy:
                if w.conn in ready:
                    self._receive(w)
                elif time.monotonic() >= w.deadline:
                    self._replace(w, expired(self.timeout))
        return self.done.pop(job.index)

    def _send(self, w: _Worker, j: Job, out: Path | None) -> None:
        w.job, self.sent = j, self.sent + 1
        w.deadline = time.monotonic() + self.timeout if self.timeout > 0 else float("inf")
        try:
            w.conn.send((j, out, not j.skip))
        except OSError:
            self._replace(w, "its worker process died")

    def _receive(self, w: _Worker) -> None:
        assert w.job is not None
        try:
            r: Result = w.conn.recv()
        except (EOFError, OSError):  # killed from outside, or out of memory
            self._replace(w, "its worker process died")
            return
        self.done[w.job.index] = r
        w.job, w.deadline = None, float("inf")

    def _replace(self, w: _Worker, why: str) -> None:
        """Fail the worker's job, kill the worker, and start a fresh one in its place."""
        assert w.job is not None
        self.done[w.job.index] = Result(w.job.index, w.job.path, error=why)
        self._stop(w)
        self.killed += 1
        self.workers[self.workers.index(w)] = _Worker(self.ctx, self.initargs)

    @staticmethod
    def _stop(w: _Worker) -> None:
        with contextlib.suppress(OSError, ValueError):
            w.proc.kill()
        w.proc.join()
        w.conn.close()

    def close(self) -> None:
        """Let idle workers end on their own (no job is lost: every result has been handed out)."""
        for w in self.workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
        for w in self.workers:
            w.proc.join(5)

    def kill(self) -> None:
        for w in self.workers:
            if w.proc.is_alive():
                self.killed += w.job is not None
                self._stop(w)
            else:
                w.proc.join()
                w.conn.close()


# ---- the batch -----------------------------------------------------------------------------------


class Batch:
    def __init__(
        self,
        root: str | Path,
        opts: Options | None = None,
        *,
        out: str | Path | None = None,
        out_format: OutFormat = "json",
        jsonl: str | Path | IO[str] | None = None,
        steps_csv: str | Path | IO[str] | None = None,
        patterns: Sequence[str] = DEFAULT_PATTERNS,
        workers: int = 0,
        resume: bool = False,
        db: str | Path | None = None,
        executor: Executor = "local",
        address: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if out_format not in OUT_EXT:
            raise UsageError(f"unknown output format {out_format!r} (json or markdown)")
        if resume and out is None:
            raise UsageError("--resume needs --out (it skips inputs whose readout is already there)")
        if str(jsonl) == "-" and str(steps_csv) == "-":
            raise UsageError("--jsonl - and --steps-csv - cannot both go to stdout")
        self.root = Path(root)
        self.opts = opts or Options()
        self.out = Path(out) if out is not None else None
        self.out_format: OutFormat = out_format
        self.jsonl, self.steps_csv = jsonl, steps_csv
        self.patterns = tuple(patterns) or DEFAULT_PATTERNS
        self.workers = workers
        self.resume = resume
        self.db = Path(db) if db is not None else None  # the ledger to store every readout in
        if executor not in get_args(Executor):
            raise UsageError(f"unknown executor {executor!r} ({' or '.join(get_args(Executor))})")
        self.executor, self.address = executor, address
        self.timeout = timeout  # seconds per release (0: none); a release past it fails alone
        self.report = Report()
        self.note: str | None = None  # the engine choice note, when auto fell back

    def plan(self) -> list[Job]:
        """Find the inputs, name the outputs, check the outputs can be written. No release is read."""
        if not self.root.exists():
            raise CommuniqueError(f"{self.root}: no such folder")
        if not self.root.is_dir():
            raise UsageError(f"{self.root}: not a folder (use 'communique summarize' for one file)")
        for dest, what in ((self.jsonl, "JSONL file"), (self.steps_csv, "steps CSV")):
            if isinstance(dest, str | Path) and str(dest) != "-":
                if in_place(dest):
                    continue  # a device, FIFO or descriptor: opened when the run starts, never probed
                if Path(dest).is_dir():
                    raise OutputError(f"{dest}: is a folder, not a file")
                _check_writable(Path(dest).resolve().parent, what)
        if self.out is not None:
            if self.out.resolve() == self.root.resolve():
                raise UsageError(f"{self.out}: --out cannot be the input folder itself (use a subfolder)")
            if self.out.exists() and not self.out.is_dir():
                raise OutputError(f"{self.out}: exists and is not a folder")
            _check_writable(self.out, "readouts")
            sweep_temp_files(self.out)
        jobs = discover(self.root, self.patterns, exclude=[self.out] if self.out is not None else [])
        if not jobs:
            raise CommuniqueError(f"{self.root}: no releases found ({' '.join(self.patterns)})")
        if self.out is not None:
            names = output_names([j.rel for j in jobs], OUT_EXT[self.out_format])
            inputs = {os.path.realpath(j.path) for j in jobs}
            for j, n in zip(jobs, names, strict=True):
                try:
                    j.output = safe_join(self.out, n)
                except OutputError as e:
                    j.error = j.error or _reason(e, j)
                    continue
                if os.path.realpath(j.output) in inputs:  # --out above the input folder, say
                    j.error = j.error or f"its readout {j.output} would overwrite an input"
                    j.output = None
                    continue
                if self.resume and j.error is None and j.output.is_file():
                    j.skip = bool(complete_output(j.output, j.path, self.out_format))
        return jobs

    def _pool_size(self, n: int, eng: Engine) -> int:
        if eng.loads_model:
            return 1  # it batches documents in one process (one model in memory)
        if self.workers > 0:
            return min(self.workers, n)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return min(cpus, 8, max(1, n // 50))  # a pool costs a fork per worker: worth it from ~50 files

    def run(self, jobs: Sequence[Job] | None = None) -> Generator[Result]:
        """Do the work; yields one ``Result`` per job, in input order. Failures never stop it."""
        from . import core

        jobs = list(self.plan() if jobs is None else jobs)
        t0 = time.perf_counter()
        eng, self.note = core.resolve_engine(self.opts)
        sinks = _Sinks(self.jsonl, self.steps_csv)
        ledger = _open_ledger(self.db)
        ok = False
        try:
            for res in self._results(jobs, eng, sinks.wanted or ledger is not None):
                if res.readout is not None:
                    _record(res, sinks, ledger)
                elif res.error is not None:
                    sinks.error(res.source, res.error)
                if not sinks.wanted:
                    res.readout = res.readout if self.out is None else None  # keep memory flat
                self.report.add(res)
                self.report.seconds = time.perf_counter() - t0
                yield res
            ok = True
        finally:
            if ledger is not None:
                ledger.close()
            if ok:
                sinks.commit()
            else:
                sinks.discard()
                if self.out is not None:
                    sweep_temp_files(self.out)  # a worker stopped mid-write leaves its temp file

    def _results(self, jobs: list[Job], eng: Engine, want: bool) -> Iterator[Result]:
        if self.executor == "ray":
            from .ray_batch import ray_results

            yield from ray_results(self, jobs, want)
            return
        n_work = sum(1 for j in jobs if not j.skip and j.error is None)
        size = self._pool_size(n_work, eng)
        # an engine without a model runs in workers whenever a budget is set: only a process can be
        # stopped in the middle of a search, and the batch goes on with a fresh one
        if size > 1 or (n_work and self.timeout > 0 and not eng.loads_model):
            yield from self._pooled(jobs, size, want)
        else:
            yield from self._serial(jobs, eng, want)

    def _redo(self, j: Job, want: bool) -> bool:
        """Must this job be summarized? (A resumed Markdown readout is redone, unwritten, for the sinks.)"""
        # a resumed readout is also redone for the ledger: it needs the release's text, not only its readout
        redo = self.out_format == "markdown" or self.db is not None
        return j.error is None and (not j.skip or (want and redo))

    def _skipped(self, j: Job, want: bool) -> Result:
        assert j.output is not None
        if not want:
            return Result(j.index, j.path, output=j.output, skipped=True)
        r = complete_output(j.output, j.path, "json")
        if not isinstance(r, Readout):
            return Result(j.index, j.path, error="its readout changed during the run")
        return Result(j.index, j.path, output=j.output, readout=r, steps=len(r.next_steps), skipped=True)

    def _pooled(self, jobs: list[Job], size: int, want: bool) -> Iterator[Result]:
        import multiprocessing as mp

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        # workers are forked here, before the caller starts any progress thread
        args = (self.opts, self.out_format, want, self.db is not None)
        # what this process holds (the task list, the loaded modules) is never collected in a worker: its
        # pages stay shared instead of being copied when the worker's collector walks them (gc.freeze)
        gc.collect()
        gc.freeze()
        try:
            pool = _Pool(mp.get_context(method), size, args, self.timeout)
        finally:
            gc.unfreeze()
        todo = [j for j in jobs if self._redo(j, want)]
        try:
            for j in jobs:
                if j.error is not None:
                    yield Result(j.index, j.path, error=j.error)
                elif not self._redo(j, want):
                    yield self._skipped(j, want)
                else:
                    r = pool.result(j, todo, self.out)
                    r.skipped = j.skip
                    yield r
            pool.close()
        finally:
            pool.kill()
            if pool.killed and self.out is not None:
                sweep_temp_files(self.out)  # a worker stopped mid-write leaves its temp file

    def _alarm(self, n: int) -> Alarm:
        # in this process (a neural engine's batch): the budget of n releases, checked between calls
        return Alarm(self.timeout * n, lambda: CommuniqueError(expired(self.timeout)))

    def _serial(self, jobs: list[Job], eng: Engine, want: bool) -> Iterator[Result]:
        from . import core

        group = eng.group_size()
        pending: list[tuple[Job, Any, float]] = []

        def flush() -> Iterator[Result]:
            if not pending:
                return
            docs = [d for _, d, _ in pending]
            try:
                with self._alarm(len(docs)):
                    readouts = core.summarize_documents(docs, eng)
            except ModelError:
                raise  # the model itself cannot run: every file would fail the same way
            except Exception:
                readouts = None  # one bad document spoils the batch call: redo one by one
            for k, (j, d, t) in enumerate(pending):
                try:
                    if readouts is not None:
                        r = readouts[k]
                    else:
                        with self._alarm(1):
                            r = core.summarize_documents([d], eng)[0]
                    res = _finish(j, r, self.out_format, not j.skip, self.out)
                    if self.db is not None:
                        res.facts = _facts(d)
                except Exception as e:
                    res = Result(j.index, j.path, error=_reason(e, j))
                res.skipped = j.skip
                res.seconds = time.perf_counter() - t
                yield res
            pending.clear()

        for j in jobs:
            if j.error is not None:
                yield from flush()
                yield Result(j.index, j.path, error=j.error)
                continue
            if not self._redo(j, want):
                yield from flush()
                yield self._skipped(j, want)
                continue
            t = time.perf_counter()
            try:
                with self._alarm(1):
                    doc = _read(j, self.opts)
            except Exception as e:
                yield from flush()
                yield Result(j.index, j.path, error=_reason(e, j), seconds=time.perf_counter() - t)
                continue
            pending.append((j, doc, t))
            if len(pending) >= group:
                yield from flush()
        yield from flush()


# ---- the ledger (--db) ---------------------------------------------------------------------------


def _open_ledger(path: Path | None) -> Any:
    if path is None:
        return None
    from .ledger import Ledger

    return Ledger(path)


def _record(res: Result, sinks: _Sinks, ledger: Any) -> None:
    """Write one readout to the sinks and the ledger; a record that fails there fails alone."""
    assert res.readout is not None
    try:
        sinks.add(res.readout)
        if ledger is not None:
            from .ledger import Facts, content_hash

            facts = res.facts or Facts(content_hash(res.readout.to_json(indent=None)))
            ledger.ingest(res.readout, facts)
    except (OSError, ValueError, CommuniqueError) as e:
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EIO, errno.EPIPE):
            raise  # the output itself is gone: every later record would fail the same way
        why = str(e) if isinstance(e, CommuniqueError) else f"cannot be written ({e})"
        res.error = why
