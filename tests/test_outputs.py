"""Outputs go wherever the shell points: FIFOs, devices, sockets, /dev/stdout, /dev/fd/N, process
substitution are written in place and streamed, never replaced; regular files stay atomic. Real processes."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from communique.batch import Batch, in_place

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
CQ = [sys.executable, "-m", "communique"]
ENV = {**os.environ, "NO_COLOR": "1", "HF_HUB_OFFLINE": "1"}
BATCH = ["batch", "--engine", "extractive", "--workers", "1", "--quiet"]


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name in ("fi-se-2020.txt", "fi-se-2020.html"):
        shutil.copy(CLI_DATA / name, d / name)
    return d


def _batch(folder: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kw}
    return subprocess.run([*CQ, *BATCH, str(folder), *args], env=ENV, cwd=ROOT, timeout=180, **pipes)  # type: ignore[call-overload]


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_which_paths_are_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "file.jsonl").write_text("old\n")
    assert in_place("/dev/null") and in_place("/dev/stdout") and in_place("/dev/fd/1") and in_place(fifo)
    assert not in_place(tmp_path / "file.jsonl") and not in_place(tmp_path / "new.jsonl")


def test_jsonl_into_a_fifo_with_a_reader(releases: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "readouts.fifo"
    os.mkfifo(fifo)
    got: list[str] = []

    def read() -> None:
        with open(fifo, encoding="utf-8") as f:  # blocks until the batch opens it for writing
            got.extend(f)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    p = _batch(releases, "--jsonl", str(fifo))
    reader.join(60)
    assert p.returncode == 0, p.stderr
    assert not reader.is_alive()
    assert [r["source"].rsplit("/", 1)[-1] for r in _records("".join(got))] == [
        "fi-se-2020.html",
        "fi-se-2020.txt",
    ]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a regular file put in its place
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in", "readouts.fifo"]  # no temp files left


def test_dev_null_stays_a_device(releases: Path) -> None:
    assert in_place("/dev/null")  # checked first: an atomic rename would replace the device (as root)
    before = os.stat("/dev/null")
    if not stat.S_ISCHR(before.st_mode):
        pytest.skip("/dev/null is not a device on this machine (something replaced it before this test)")
    p = _batch(releases, "--jsonl", "/dev/null", "--steps-csv", "/dev/null")
    assert p.returncode == 0, p.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino and after.st_rdev == before.st_rdev


def test_jsonl_to_dev_stdout_in_a_pipe(releases: Path) -> None:
    p = _batch(releases, "--jsonl", "/dev/stdout")
    assert p.returncode == 0, p.stderr
    assert len(_records(p.stdout.decode())) == 2


def test_dev_stdout_redirected_to_a_file_is_appended_not_replaced(releases: Path, tmp_path: Path) -> None:
    out = tmp_path / "shell.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        f.write('{"first": "line"}\n')
        f.flush()
        ino = os.fstat(f.fileno()).st_ino
        p = _batch(releases, "--jsonl", "/dev/stdout", stdout=f)
    assert p.returncode == 0, p.stderr
    assert os.stat(out).st_ino == ino
    recs = _records(out.read_text(encoding="utf-8"))
    assert recs[0] == {"first": "line"} and len(recs) == 3


def test_steps_csv_to_an_inherited_descriptor(releases: Path) -> None:
    r, w = os.pipe()
    p = subprocess.Popen(
        [*CQ, *BATCH, str(releases), "--steps-csv", f"/dev/fd/{w}"],
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=ROOT,
    )
    os.close(w)
    with os.fdopen(r, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert p.wait(180) == 0
    assert rows[0][:3] == ["source", "date", "parties"] and len(rows) > 1


@pytest.mark.skipif(not (shutil.which("bash") and shutil.which("gzip")), reason="needs bash and gzip")
def test_steps_csv_into_process_substitution(releases: Path, tmp_path: Path) -> None:
    gz = tmp_path / "steps.csv.gz"
    cmd = " ".join([*CQ, *BATCH, str(releases), "--steps-csv", f'>(gzip > "{gz}")']) + "; s=$?; wait; exit $s"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, env=ENV, cwd=ROOT, timeout=180)
    assert p.returncode == 0, p.stderr
    for _ in range(100):  # the substituted process may still be writing its last block
        try:
            text = gzip.decompress(gz.read_bytes()).decode("utf-8")
            break
        except (EOFError, OSError):
            threading.Event().wait(0.1)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "source" and len(rows) > 1


def test_jsonl_into_a_unix_socket(releases: Path, tmp_path: Path) -> None:
    path = tmp_path / "readouts.sock"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(str(path))
    srv.listen(1)
    chunks: list[bytes] = []

    def serve() -> None:
        conn, _ = srv.accept()
        with conn:
            while data := conn.recv(65536):
                chunks.append(data)

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        p = _batch(releases, "--jsonl", str(path))
        t.join(60)
    finally:
        srv.close()
    assert p.returncode == 0, p.stderr
    assert len(_records(b"".join(chunks).decode())) == 2
    assert stat.S_ISSOCK(os.stat(path).st_mode)


def test_regular_files_stay_atomic(releases: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    out.write_text("old\n")
    ino = os.stat(out).st_ino
    b = Batch(releases, jsonl=out)
    results = b.run()
    next(results)
    assert out.read_text() == "old\n"  # nothing shows until the batch is complete
    list(results)
    assert len(_records(out.read_text())) == 2 and os.stat(out).st_ino != ino  # renamed into place
