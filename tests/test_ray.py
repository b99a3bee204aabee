"""batch --executor ray (Ray's local mode, on this machine): the same outputs as the local batch.

Skipped when Ray is not installed (``make install-ray`` installs it; CI runs this file after that).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique import batch as B
from communique.cli import app
from communique.models import base
from communique.models.extractive import ExtractiveEngine
from communique.options import Options

DATA = Path(__file__).resolve().parent / "data"


def _tree(root: Path) -> None:
    root.mkdir()
    for p in (DATA / "ledger").iterdir():
        shutil.copy(p, root / p.name)
    (root / "sub").mkdir()
    for p in sorted((DATA / "extractive").iterdir())[:4]:
        shutil.copy(p, root / "sub" / p.name)
    (root / "empty.txt").write_bytes(b"")  # fails alone, on both paths
    if sys.platform != "win32":
        shutil.copy(
            DATA / "ledger" / "en-moscow-2022-04.txt", os.path.join(os.fsencode(root), b"caf\xe9.txt")
        )


def _batch(root: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "communique", "batch", str(root), "--engine", "extractive", "--quiet"]
    cmd += [
        "--out",
        str(dest / "out"),
        "--jsonl",
        str(dest / "all.jsonl"),
        "--steps-csv",
        str(dest / "s.csv"),
    ]
    cmd += ["--db", str(dest / "l.db"), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def _files(d: Path) -> dict[str, bytes]:
    return {os.fsdecode(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def _ledger_steps(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT category, kind, parties, date, due, fulfilled_date FROM steps ORDER BY id"
    ).fetchall()
    con.close()
    return rows


def test_ray_local_mode_gives_the_same_outputs(tmp_path: Path) -> None:
    pytest.importorskip("ray.data")
    root, local, distributed = tmp_path / "in", tmp_path / "local", tmp_path / "ray"
    _tree(root)
    a = _batch(root, local)
    b = _batch(root, distributed, "--executor", "ray", "--workers", "2")
    assert a.returncode == b.returncode == 1, (a.stderr, b.stderr)  # the empty file, on both
    assert "empty" in b.stderr and "Traceback" not in b.stderr
    assert (local / "all.jsonl").read_bytes() == (distributed / "all.jsonl").read_bytes()  # same order too
    assert (local / "s.csv").read_bytes() == (distributed / "s.csv").read_bytes()
    assert _files(local / "out") == _files(distributed / "out")
    assert _ledger_steps(local / "l.db") == _ledger_steps(distributed / "l.db")
    schemas = [
        json.loads(line)["schema"] for line in (local / "all.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert (
        schemas.count("communique.readout/1") == 11 and schemas.count("communique.error/1") == 1
    )  # the empty file


def test_without_ray_the_executor_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError, as when it is absent
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(DATA / "ledger" / "en-moscow-2022-04.txt", root / "a.txt")
    r = CliRunner().invoke(app, ["batch", str(root), "--jsonl", "-", "--executor", "ray", "-e", "extractive"])
    assert r.exit_code == 2 and "communique[ray]" in r.stderr


# ---- the executor's logic against a stand-in for Ray (runs without Ray installed) ---------------


class _FakeDataset:
    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows

    def map_batches(
        self, fn: type, *, fn_constructor_kwargs: dict, batch_size: int, **kw: object
    ) -> _FakeDataset:
        _FAKE["map"] = {"batch_size": batch_size, **kw}
        udf = fn(**fn_constructor_kwargs)  # one "actor"
        out: list[dict] = []
        for i in range(0, len(self.rows), batch_size):
            res = udf({"job": [r["job"] for r in self.rows[i : i + batch_size]]})
            out += [{"result": x} for x in res["result"]]
        return _FakeDataset(out)

    def iter_rows(self) -> object:
        yield from self.rows


_FAKE: dict[str, object] = {}


def _fake_ray() -> types.ModuleType:
    ray = types.ModuleType("ray")
    data = types.ModuleType("ray.data")
    ctx = types.SimpleNamespace(
        execution_options=types.SimpleNamespace(preserve_order=False), enable_progress_bars=True
    )
    data.DataContext = types.SimpleNamespace(get_current=lambda: ctx)  # type: ignore[attr-defined]
    data.from_items = lambda items, override_num_blocks: _FakeDataset(items)  # type: ignore[attr-defined]
    data.ActorPoolStrategy = lambda size: ("actors", size)  # type: ignore[attr-defined]
    ray.data = data  # type: ignore[attr-defined]
    ray.is_initialized = lambda: False  # type: ignore[attr-defined]
    ray.init = lambda **kw: _FAKE.__setitem__("init", kw)  # type: ignore[attr-defined]
    ray.shutdown = lambda: _FAKE.__setitem__("shutdown", True)  # type: ignore[attr-defined]
    ray.cluster_resources = lambda: {"CPU": 16.0, "GPU": 2.0}  # type: ignore[attr-defined]
    _FAKE["ctx"] = ctx
    return ray


class _NeuralStandIn(ExtractiveEngine):
    """An engine that loads a model: batched, and on GPUs with --device cuda."""

    name = "neural-stand-in"
    loads_model = True
    auto_rank = None


def test_executor_asks_for_gpus_and_keeps_input_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ray = _fake_ray()
    monkeypatch.setitem(sys.modules, "ray", ray)
    monkeypatch.setitem(sys.modules, "ray.data", ray.data)  # type: ignore[attr-defined]
    monkeypatch.setitem(base._REGISTRY, _NeuralStandIn.name, _NeuralStandIn)
    root = tmp_path / "in"
    _tree(root)
    opts = Options(engine=_NeuralStandIn.name, device="cuda", batch_size=3)
    got = list(B.Batch(root, opts, jsonl=tmp_path / "r.jsonl", executor="ray").run())
    want = list(B.Batch(root, opts, jsonl=tmp_path / "l.jsonl").run())
    assert [(r.source, r.error) for r in got] == [(r.source, r.error) for r in want]
    assert (tmp_path / "r.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
    m = _FAKE["map"]
    assert (
        isinstance(m, dict) and m["num_gpus"] == 1 and m["compute"] == ("actors", 2) and m["batch_size"] == 3
    )
    assert _FAKE["ctx"].execution_options.preserve_order is True  # type: ignore[attr-defined]
    assert _FAKE.get("shutdown") is True
    cpu = Options(engine="extractive", device="cuda")  # the extractive engine never asks for a GPU
    list(B.Batch(root, cpu, jsonl=tmp_path / "c.jsonl", executor="ray", workers=3).run())
    m = _FAKE["map"]  # 10 releases, 8 a task: 2 tasks, so 2 actors of the 3 asked for
    assert isinstance(m, dict) and m["num_gpus"] == 0 and m["compute"] == ("actors", 2)
