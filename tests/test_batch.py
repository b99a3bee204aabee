"""Batch: the CLI and the Python API over temp folders, and its hardening (names, links, resume, races)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import validate_readout
from typer.testing import CliRunner

from communique import batch as B
from communique import core
from communique.cli import app
from communique.errors import OutputError
from communique.input import sources
from communique.models import base
from communique.models.base import Digest
from communique.models.extractive import ExtractiveEngine
from communique.options import Options

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
TXT, HTML = CLI_DATA / "fi-se-2020.txt", CLI_DATA / "fi-se-2020.html"
EXTRACTIVE = ["--engine", "extractive"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Good releases (text, HTML, nested), an empty file, a binary file, and a file that is not a release."""
    root = tmp_path / "in"
    (root / "nested" / "deeper").mkdir(parents=True)
    shutil.copy(TXT, root / "one.txt")
    shutil.copy(HTML, root / "nested" / "two.html")
    shutil.copy(TXT, root / "nested" / "deeper" / "three.md")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (root / "notes.csv").write_text("not,a,release\n")
    (root / ".hidden.txt").write_text("hidden files are skipped")
    return root


def test_batch_good_and_bad_files(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    out, jl, sc = tmp_path / "out", tmp_path / "all.jsonl", tmp_path / "steps.csv"
    r = runner.invoke(
        app,
        ["batch", str(tree), "--out", str(out), "--jsonl", str(jl), "--steps-csv", str(sc), *EXTRACTIVE],
        env={"COLUMNS": "1000"},
    )
    assert r.exit_code == 1, r.output  # some failed
    assert "Traceback" not in r.output
    for bad, why in (("empty.txt", "empty"), ("binary.txt", "binary")):
        line = next(ln for ln in r.stderr.splitlines() if bad in ln)
        assert why in line.lower(), line
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["nested/deeper/three.json", "nested/two.json", "one.json"]
    readouts = [json.loads(p.read_text()) for p in sorted(out.rglob("*.json"))]
    for d in readouts:
        validate_readout(d, core.load(d["source"]).text)
    lines = [json.loads(ln) for ln in jl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5  # in input order: three readouts, and a record for each failed file
    for d in lines:
        if d["schema"] == B.ERROR_SCHEMA_ID:
            assert Path(d["source"]).name in ("empty.txt", "binary.txt") and d["error"]
        else:
            validate_readout(d)
    assert sum(d["schema"] == B.ERROR_SCHEMA_ID for d in lines) == 2
    rows = list(csv.reader(sc.open(encoding="utf-8", newline="")))
    assert tuple(rows[0]) == B.STEPS_CSV_COLUMNS
    assert len(rows) - 1 == sum(len(d["next_steps"]) for d in readouts)
    for row in rows[1:]:
        assert row[5] in ("agreed", "pledge") and row[7]
    assert "5" in r.stderr and "failed" in r.stderr  # the closing table


def test_batch_all_good_exits_0_and_jsonl_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for i in range(3):
        shutil.copy(TXT, root / f"r{i}.txt")
    r = runner.invoke(app, ["batch", str(root), "--jsonl", "-", *EXTRACTIVE])
    assert r.exit_code == 0, r.output
    docs = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert [Path(d["source"]).name for d in docs] == ["r0.txt", "r1.txt", "r2.txt"]  # input order
    assert "files" in r.stderr and "{" not in r.stderr  # the table went to stderr, the readouts to stdout


def test_markdown_outputs_and_glob(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    r = runner.invoke(
        app,
        [
            "batch",
            str(tree),
            "-o",
            str(out),
            "-f",
            "markdown",
            "--glob",
            "*.html",
            "--glob",
            "*.md",
            *EXTRACTIVE,
        ],
    )
    assert r.exit_code == 0, r.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert files == ["nested/deeper/three.md", "nested/two.md"]
    assert all(B.complete_output(out / f, "", "markdown") for f in files)


def test_python_api_yields_results_in_order(tree: Path, tmp_path: Path) -> None:
    b = B.Batch(tree, Options(engine="extractive"), jsonl=tmp_path / "x.jsonl")
    jobs = b.plan()
    results = list(b.run(jobs))
    assert [r.index for r in results] == list(range(len(jobs)))
    assert b.report.files == 5 and b.report.ok == 3 and b.report.failed == 2
    assert {Path(s).name for s, _ in b.report.failures} == {"empty.txt", "binary.txt"}


def test_output_names_disambiguate_deterministically() -> None:
    rels = ["a.txt", "a.html", "b.txt", "sub/a.txt", "C.md", "c.txt", "noext"]
    names = B.output_names(rels, ".json")
    assert names == [
        "a.txt.json",
        "a.html.json",
        "b.json",
        "sub/a.json",
        "C.md.json",
        "c.txt.json",
        "noext.json",
    ]
    assert B.output_names(list(reversed(rels)), ".json") == list(reversed(names))
    # a clash the full names cannot settle either still ends with distinct names
    tricky = B.output_names(["x.txt", "x.html", "x.txt.md"], ".json")
    assert len({n.lower() for n in tricky}) == 3


def test_same_stem_inputs_both_get_readouts(runner: CliRunner, tmp_path: Path) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    shutil.copy(TXT, root / "a.txt")
    shutil.copy(HTML, root / "a.html")
    r = runner.invoke(app, ["batch", str(root), "--out", str(out), *EXTRACTIVE])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["a.html.json", "a.txt.json"]
    assert json.loads((out / "a.html.json").read_text())["source"].endswith("a.html")


@pytest.mark.parametrize("rel", ["../../x.json", "/etc/x.json", "a/../../x.json", "", "a/.."])
def test_output_paths_never_escape(tmp_path: Path, rel: str) -> None:
    with pytest.raises(OutputError):
        B.safe_join(tmp_path / "out", rel)


def test_symlink_inside_out_cannot_lead_outside(runner: CliRunner, tmp_path: Path) -> None:
    root, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    (root / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    out.mkdir()
    shutil.copy(TXT, root / "sub" / "r.txt")
    shutil.copy(TXT, root / "ok.txt")
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    r = runner.invoke(app, ["batch", str(root), "--out", str(out), *EXTRACTIVE], env={"COLUMNS": "1000"})
    assert r.exit_code == 1
    assert "leave the output folder" in r.stderr
    assert list(elsewhere.iterdir()) == []
    assert (out / "ok.json").is_file()


def test_symlink_loops_and_outside_links(runner: CliRunner, tmp_path: Path) -> None:
    root, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "outside"
    (root / "a").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(TXT, root / "a" / "r.txt")
    shutil.copy(TXT, outside / "far.txt")
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)  # a → loop → root → a ...
    (root / "a" / "self").symlink_to(".", target_is_directory=True)
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    r = runner.invoke(app, ["batch", str(root), "--out", str(out), *EXTRACTIVE], env={"COLUMNS": "1000"})
    assert r.exit_code == 1  # the dangling link fails, alone
    assert "broken symbolic link" in r.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["a/r.json", "link/far.json"]  # each folder once; outputs stay under --out
    for p in out.rglob("*"):
        assert out.resolve() in p.resolve().parents


def test_unwritable_output_fails_before_any_work(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (blocker / "sub", blocker):
        r = runner.invoke(app, ["batch", str(tree), "--out", str(out), *EXTRACTIVE])
        assert r.exit_code == 1
        assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("communique: ")
    r = runner.invoke(app, ["batch", str(tree), "--jsonl", str(blocker / "x.jsonl"), *EXTRACTIVE])
    assert r.exit_code == 1 and "cannot write" in r.stderr
    if os.geteuid() != 0:  # root writes anywhere; the file cases above cover it
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o500)
        r = runner.invoke(app, ["batch", str(tree), "--out", str(ro / "out"), *EXTRACTIVE])
        assert r.exit_code == 1 and "cannot write" in r.stderr


def test_missing_or_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(app, ["batch", str(tmp_path / "none"), "--jsonl", "-"])
    assert r.exit_code == 1 and "no such folder" in r.stderr
    r = runner.invoke(app, ["batch", str(tmp_path), "--jsonl", "-"])
    assert r.exit_code == 1 and "no releases found" in r.stderr
    r = runner.invoke(app, ["batch", str(TXT), "--jsonl", "-"])
    assert r.exit_code == 2 and "not a folder" in r.stderr


def test_vanishing_and_changing_files_fail_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(TXT, root / name)
    b = B.Batch(root, Options(engine="extractive"), out=tmp_path / "out", workers=1)
    jobs = b.plan()
    (root / "a.txt").unlink()  # vanishes after discovery
    real = sources.read_path

    def racing(path: str | Path, **kw: object) -> object:
        src = real(path, **kw)  # type: ignore[arg-type]
        if str(path).endswith("b.txt"):
            with open(path, "a", encoding="utf-8") as f:  # written to while being read
                f.write("\nA late paragraph.\n")
        return src

    monkeypatch.setattr(sources, "read_path", racing)
    res = {Path(r.source).name: r for r in b.run(jobs)}
    assert res["a.txt"].error is not None and "vanished" in res["a.txt"].error
    assert res["b.txt"].error is not None and "changed" in res["b.txt"].error
    assert res["c.txt"].ok and (tmp_path / "out" / "c.json").is_file()
    assert not (tmp_path / "out" / "b.json").exists()


def test_resume_skips_complete_outputs_and_redoes_broken_ones(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["batch", str(tree), "--out", str(out), *EXTRACTIVE])
    assert first.exit_code == 1
    before = {p: p.read_bytes() for p in out.rglob("*.json")}
    (out / "one.json").write_text('{"schema": "communique.readout/1", "sou')  # a torn write from elsewhere
    (out / "nested" / "two.json").unlink()
    stale = out / "nested" / ".three.json.abc123xy.communique-tmp"
    stale.write_text("{")  # what a killed run leaves
    b = B.Batch(tree, Options(engine="extractive"), out=out, resume=True, steps_csv=tmp_path / "s.csv")
    results = list(b.run())
    assert b.report.skipped == 1  # three.json only
    assert {Path(r.source).name for r in results if r.skipped} == {"three.md"}
    assert {p: p.read_bytes() for p in out.rglob("*.json")} == before
    assert not stale.exists()
    # the steps CSV of a resumed run still covers every release
    rows = list(csv.reader((tmp_path / "s.csv").open(encoding="utf-8", newline="")))
    steps = sum(len(json.loads(v)["next_steps"]) for v in before.values())
    assert len(rows) - 1 == steps


def test_out_inside_the_input_folder_is_not_read_back(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(TXT, root / "r.txt")
    for _ in range(2):
        r = runner.invoke(
            app, ["batch", str(root), "--out", str(root / "readouts"), "-f", "markdown", *EXTRACTIVE]
        )
        assert r.exit_code == 0, r.output
    assert [p.name for p in (root / "readouts").rglob("*") if p.is_file()] == ["r.md"]


class _CountingEngine(ExtractiveEngine):
    """Stands in for a neural engine: records how documents are grouped into digest_many calls."""

    name = "counting-test"
    loads_model = True
    auto_rank = None
    calls: list[int] = []  # noqa: RUF012

    def digest_many(self, docs: Sequence[object]) -> list[Digest]:
        type(self).calls.append(len(docs))
        if any("POISON" in d.text for d in docs):  # type: ignore[attr-defined]
            raise RuntimeError("this document breaks the model")
        return super().digest_many(docs)  # type: ignore[arg-type]


def test_neural_path_batches_documents_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(base._REGISTRY, _CountingEngine.name, _CountingEngine)
    _CountingEngine.calls = []
    root = tmp_path / "in"
    root.mkdir()
    for i in range(7):
        shutil.copy(TXT, root / f"r{i}.txt")
    (root / "r3.txt").write_text(TXT.read_text() + "\nPOISON paragraph.\n")
    b = B.Batch(root, Options(engine="counting-test", batch_size=3), jsonl=tmp_path / "x.jsonl", workers=4)
    results = list(b.run())
    assert [Path(r.source).name for r in results] == [f"r{i}.txt" for i in range(7)]
    assert [r.ok for r in results] == [True, True, True, False, True, True, True]
    assert "breaks the model" in (results[3].error or "")
    # groups of 3 across files (one process, no pool); the group with the bad one is redone one by one
    assert _CountingEngine.calls[:2] == [3, 3] and _CountingEngine.calls[-1] == 1


class _NoModelEngine(ExtractiveEngine):
    name = "nomodel-test"
    loads_model = True
    auto_rank = None

    def digest_many(self, docs: Sequence[object]) -> list[Digest]:
        from communique.errors import ModelError

        raise ModelError("model x/y is not available locally")


def test_a_model_that_cannot_load_stops_the_batch_once(
    runner: CliRunner, tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(base._REGISTRY, _NoModelEngine.name, _NoModelEngine)
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(tree), "--out", str(out), "--engine", "nomodel-test"])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1] == "communique: model x/y is not available locally"
    assert not any(out.rglob("*.json"))


def test_outputs_never_overwrite_inputs(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data"
    root = data / "in"
    (root / "in").mkdir(parents=True)
    shutil.copy(TXT, root / "y.md")
    shutil.copy(TXT, root / "in" / "y.md")  # its Markdown readout in data/ would be data/in/y.md: an input
    before = (root / "y.md").read_bytes()
    r = runner.invoke(
        app, ["batch", str(root), "--out", str(data), "-f", "markdown", *EXTRACTIVE], env={"COLUMNS": "1000"}
    )
    assert r.exit_code == 1 and "would overwrite an input" in r.stderr
    assert (root / "y.md").read_bytes() == before
    assert (data / "y.md").is_file()
    r = runner.invoke(app, ["batch", str(root), "--out", str(root), *EXTRACTIVE])
    assert r.exit_code == 2 and "cannot be the input folder" in r.stderr


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd|x", "'-cmd|x"),
        ("- a dash bullet", "- a dash bullet"),
        ("-5 degrees", "-5 degrees"),
        ("hold talks", "hold talks"),
        ("", ""),
    ],
)
def test_steps_csv_cells_cannot_be_formulas(cell: str, safe: str) -> None:
    assert B.csv_cell(cell) == safe


def test_odd_file_names(runner: CliRunner, tmp_path: Path) -> None:
    root, out = tmp_path / "in [red]", tmp_path / "out [bold]"
    root.mkdir()
    shutil.copy(TXT, root / "good [red] name.txt")
    (root / "bad\nname [red].txt").write_bytes(b"")
    r = runner.invoke(app, ["batch", str(root), "--out", str(out), *EXTRACTIVE], env={"COLUMNS": "1000"})
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert (out / "good [red] name.json").is_file()
    assert (
        "bad\\x0aname [red].txt" in r.stderr and "empty" in r.stderr
    )  # shown as text (not markup); a newline cannot break the line


class _PreferredEngine(ExtractiveEngine):
    """A plugin that ``auto`` prefers to every built-in engine, when it can run."""

    name = "preferred-test"
    auto_rank = 99
    remedy = "set PREFERRED_OK"
    loads_model = True

    @classmethod
    def available(cls, opts: Options) -> tuple[bool, str]:
        ok = os.environ.get("PREFERRED_OK") == "1"
        return ok, "" if ok else "its model is not here"


def test_auto_follows_the_engines_ranks_and_says_what_it_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from communique import core

    monkeypatch.setitem(base._REGISTRY, _PreferredEngine.name, _PreferredEngine)
    monkeypatch.setenv("COMMUNIQUE_MODEL", str(tmp_path / "no-model"))  # the neural engine cannot run
    monkeypatch.delenv("PREFERRED_OK", raising=False)
    eng, note = core.resolve_engine(Options(batch_size=5))
    assert eng.name == "extractive" and note is not None
    assert "its model is not here; set PREFERRED_OK" in note and "communique models pull" in note
    assert eng.group_size() == 1
    monkeypatch.setenv("PREFERRED_OK", "1")
    eng, note = core.resolve_engine(Options(batch_size=5))
    assert (eng.name, note, eng.group_size()) == ("preferred-test", None, 5)
