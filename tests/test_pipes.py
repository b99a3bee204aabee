"""Real processes and real pipes: stdin, curl from a local HTTP server, closed pipes, Ctrl-C, kill + resume."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, validate_readout

from communique import core

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
TXT, HTML = CLI_DATA / "fi-se-2020.txt", CLI_DATA / "fi-se-2020.html"
CQ = [sys.executable, "-m", "communique"]
ENV = {**os.environ, "NO_COLOR": "1", "HF_HUB_OFFLINE": "1", "COLUMNS": "120"}


def _run(args: list[str], stdin: bytes | None = None, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CQ, *args], input=stdin, capture_output=True, env=ENV, cwd=ROOT, timeout=120, **kw
    )  # type: ignore[call-overload]


def _no_traceback(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "BrokenPipeError" not in text and "Exception ignored" not in text, text


def _essence(d: dict) -> tuple[list[str], list[tuple[str, str, str, str]]]:
    return (
        [k["text"] for k in d["key_points"]],
        [(s["action"], s["kind"], s["category"], s["evidence"]) for s in d["next_steps"]],
    )


def test_cat_into_summarize_dash() -> None:
    cat = subprocess.Popen(["cat", str(TXT)], stdout=subprocess.PIPE)
    p = subprocess.run(
        [*CQ, "summarize", "-", "--format", "json", "-e", "extractive"],
        stdin=cat.stdout,
        capture_output=True,
        env=ENV,
        timeout=120,
    )
    assert cat.stdout is not None
    cat.stdout.close()
    cat.wait()
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["source"] == "-"
    validate_readout(d, core.load(TXT).text)
    # no SOURCE and a piped stdin: the same
    q = _run(["summarize", "--format", "json", "-e", "extractive"], stdin=TXT.read_bytes())
    assert q.returncode == 0 and _essence(json.loads(q.stdout)) == _essence(d)


@pytest.fixture
def http_server() -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(CLI_DATA)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        srv.terminate()
        srv.wait(10)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_html_page_into_summarize(http_server: str) -> None:
    curl = subprocess.Popen(["curl", "-s", f"{http_server}/{HTML.name}"], stdout=subprocess.PIPE)
    p = subprocess.run(
        [*CQ, "summarize", "-", "--format", "json", "-e", "extractive"],
        stdin=curl.stdout,
        capture_output=True,
        env=ENV,
        timeout=120,
    )
    assert curl.stdout is not None
    curl.stdout.close()
    assert curl.wait() == 0
    assert p.returncode == 0, p.stderr
    from_html = json.loads(p.stdout)
    validate_readout(from_html)
    from_text = json.loads(_run(["summarize", str(TXT), "--format", "json", "-e", "extractive"]).stdout)
    assert _essence(from_html) == _essence(from_text)
    assert from_html["key_points"]  # the comparison compares something


def test_empty_stdin_is_one_line_exit_1() -> None:
    p = _run(["summarize", "-"], stdin=b"")
    assert p.returncode == 1
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("communique: ") and "empty input" in lines[0], lines


def test_closed_stdin() -> None:
    # '<&-' closes fd 0 in the child: Python then has no sys.stdin at all
    p = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *CQ, "summarize", "-"], capture_output=True, env=ENV, timeout=120
    )
    assert p.returncode == 1 and b"stdin is closed" in p.stderr
    _no_traceback(p.stderr)
    p = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *CQ, "summarize"], capture_output=True, env=ENV, timeout=120
    )
    assert p.returncode == 2  # no SOURCE and nothing to read: usage
    _no_traceback(p.stderr)


@pytest.mark.parametrize("fmt", ["markdown", "rich", "json"])
def test_stdout_closed_early_is_quiet(fmt: str) -> None:
    p = subprocess.Popen(
        [*CQ, "summarize", str(TXT), "-f", fmt, "-e", "extractive"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader is gone before the first byte: every write gets EPIPE
    err = p.stderr.read()
    assert p.wait(120) == 1
    _no_traceback(err)
    assert err == b""


def test_summarize_into_head() -> None:
    big = (
        TXT.read_text()
        + "\n\n"
        + "\n\n".join(f"Paragraph {i} repeats the point at length." for i in range(3000))
    )
    p = subprocess.Popen(
        [*CQ, "summarize", "-", "-f", "text", "-e", "extractive", "-n", "50"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    head = subprocess.Popen(["head", "-1"], stdin=p.stdout, stdout=subprocess.PIPE)
    assert p.stdout is not None and p.stdin is not None and p.stderr is not None
    p.stdout.close()
    p.stdin.write(big.encode())
    p.stdin.close()
    first = head.communicate(timeout=120)[0]
    err = p.stderr.read()
    p.wait(120)
    assert first.strip()
    _no_traceback(err)


def _wait_blocked_on_read(pid: int) -> None:
    """Until the process sits in read() on its stdin pipe, so its signal handler is surely installed."""
    wchan = Path(f"/proc/{pid}/wchan")  # e.g. "anon_pipe_read" or "pipe_read" while blocked on the pipe
    if not wchan.exists():
        time.sleep(3)  # no /proc: give it time to start
        return
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if "pipe" in wchan.read_text():
                return
        time.sleep(0.05)


def test_ctrl_c_exits_130_with_one_line() -> None:
    p = subprocess.Popen(
        [*CQ, "summarize", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    _wait_blocked_on_read(p.pid)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130
    assert err.decode().strip() == "communique: interrupted"
    assert out == b""


def _make_releases(folder: Path, n: int) -> None:
    paras = TXT.read_text(encoding="utf-8").split("\n\n")
    text = "\n\n".join([*paras[:2], paras[4]])  # short releases: title, dateline, one agreed step
    for i in range(n):
        sub = folder / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"r{i:04d}.txt").write_text(
            text.replace("12 February 2020", f"{1 + i % 28} March 2021"), encoding="utf-8"
        )


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _kill_midway(args: list[str], out: Path, sig: int, at_least: int) -> subprocess.Popen[bytes]:
    p = subprocess.Popen(
        [*CQ, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and p.poll() is None:
        if out.is_dir() and sum(1 for _ in out.rglob("*.json")) >= at_least:
            break
        time.sleep(0.02)
    assert p.poll() is None, "the batch finished before it could be interrupted"
    if sig == signal.SIGKILL:
        os.killpg(p.pid, sig)  # the whole group, parent and pool workers, like a crash
    else:
        p.send_signal(sig)
    p.wait(60)
    return p


def test_kill_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _make_releases(src, 240)
    full, broken = tmp_path / "full", tmp_path / "broken"
    base = ["batch", str(src), "-e", "extractive", "--workers", "2", "--quiet"]
    assert _run([*base, "--out", str(full)]).returncode == 0
    _kill_midway([*base, "--out", str(broken)], broken, signal.SIGKILL, at_least=20)
    partial = _tree(broken)
    assert 0 < sum(1 for k in partial if k.endswith(".json")) < 240
    for k, v in partial.items():  # whatever it left is complete, or a hidden temp file the next run sweeps
        if not Path(k).name.startswith("."):
            validate_readout(json.loads(v))
    p = _run([*base, "--out", str(broken), "--resume"])
    assert p.returncode == 0, p.stderr
    assert _tree(broken) == _tree(full)


def test_ctrl_c_during_a_batch(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _make_releases(src, 300)
    p = _kill_midway(
        [
            "batch",
            str(src),
            "--out",
            str(out),
            "-e",
            "extractive",
            "--workers",
            "2",
            "--jsonl",
            str(tmp_path / "all.jsonl"),
        ],
        out,
        signal.SIGINT,
        at_least=10,
    )
    assert p.stderr is not None
    err = p.stderr.read().decode()
    assert p.returncode == 130, err
    assert err.strip().splitlines()[-1] == "communique: interrupted"
    _no_traceback(err.encode())
    left = _tree(out)
    assert left and all(not Path(k).name.startswith(".") for k in left)  # no temp files
    for v in left.values():
        validate_readout(json.loads(v))
    assert not (tmp_path / "all.jsonl").exists()  # a partial JSONL is not left behind as if complete


def test_batch_jsonl_into_head(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _make_releases(src, 60)
    p = subprocess.Popen(
        [*CQ, "batch", str(src), "--jsonl", "-", "-e", "extractive", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    head = subprocess.Popen(["head", "-1"], stdin=p.stdout, stdout=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()
    first = head.communicate(timeout=120)[0]
    err = p.stderr.read()
    p.wait(120)
    validate_readout(json.loads(first))
    _no_traceback(err)
