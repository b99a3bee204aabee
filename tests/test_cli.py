"""The CLI through Typer's runner and real processes: options, formats, errors, exit codes."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import ROOT, validate_readout
from typer.testing import CliRunner

from communique import core
from communique.cli import app

CLI_DATA = Path(__file__).resolve().parent / "data" / "cli"
TXT = CLI_DATA / "fi-se-2020.txt"
CQ = [sys.executable, "-m", "communique"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0
    assert r.stdout.strip() == f"communique {version('communique')}"


def test_help_keeps_shell_completion(runner: CliRunner) -> None:
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout
    for cmd in ("summarize", "batch", "models"):
        assert cmd in r.stdout
    r = runner.invoke(app, ["--show-completion", "bash"])
    assert r.exit_code == 0 and "complete -o default -F _communique_completion communique" in r.stdout


def test_engine_completion_lists_the_registry() -> None:
    from communique.cli import _complete_engine

    assert _complete_engine("")[:1] == ["auto"] and "extractive" in _complete_engine("ex")


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", str(TXT), "--format", "yaml"],
        ["summarize", str(TXT), "--engine", "no-such-engine"],
        ["summarize", str(TXT), "--max-points", "0"],
        ["summarize", str(TXT), "--device", "tpu"],
        ["summarize", str(TXT), "--quantize", "int4"],
        ["summarize", str(TXT), "--backend", "onnx"],
        ["summarize", str(TXT), "--no-such-option"],
        ["summarize", "a", "b"],
        ["batch"],
        ["batch", str(CLI_DATA)],  # nothing to write
        ["batch", str(CLI_DATA), "--jsonl", "-", "--steps-csv", "-"],
        ["batch", str(CLI_DATA), "--jsonl", "-", "--resume"],  # resume needs --out
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    r = runner.invoke(app, args)
    assert r.exit_code == 2, (args, r.output)
    assert "Traceback" not in r.output


def test_summarize_json_follows_the_schema(runner: CliRunner) -> None:
    r = runner.invoke(app, ["summarize", str(TXT), "--format", "json", "--engine", "extractive"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    validate_readout(d, core.load(TXT).text)
    assert d["source"] == str(TXT)
    assert d["engine"]["name"] == "extractive"


def test_max_points(runner: CliRunner) -> None:
    r = runner.invoke(app, ["summarize", str(TXT), "-f", "json", "-e", "extractive", "--max-points", "2"])
    assert r.exit_code == 0
    assert 1 <= len(json.loads(r.stdout)["key_points"]) <= 2


def test_auto_format_is_markdown_in_a_pipe(runner: CliRunner) -> None:
    r = runner.invoke(app, ["summarize", str(TXT), "--engine", "extractive"])
    assert r.exit_code == 0
    assert r.stdout.startswith("# ") and "## Key points" in r.stdout and "## Agreed next steps" in r.stdout
    assert "\x1b" not in r.stdout


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown"])
def test_every_format_shows_the_steps_evidence(runner: CliRunner, fmt: str) -> None:
    r = runner.invoke(app, ["summarize", str(TXT), "-f", fmt, "-e", "extractive"], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    d = json.loads(runner.invoke(app, ["summarize", str(TXT), "-f", "json", "-e", "extractive"]).stdout)
    flat = " ".join(r.stdout.split())
    assert "\x1b" not in r.stdout  # a pipe never gets escape codes, even with --format rich
    for s in d["next_steps"]:
        assert s["kind"] in flat and s["category"] in flat
        assert " ".join(s["evidence"].split()[:6]) in flat


def test_neural_options_reach_the_options(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real = core.resolve_engine

    def spy(opts: object) -> object:
        seen.append(opts)
        return real(opts.with_(engine="extractive"))  # type: ignore[attr-defined]

    monkeypatch.setattr(core, "resolve_engine", spy)
    args = [
        "--device",
        "cpu",
        "--num-beams",
        "3",
        "--max-new-tokens",
        "64",
        "--quantize",
        "int8",
        "--allow-pickle",
        "--batch-size",
        "4",
        "--backend",
        "ctranslate2",
        "--lang",
        "en",
        "--max-chars",
        "5000",
        "-n",
        "3",
    ]
    r = runner.invoke(app, ["summarize", str(TXT), "-f", "json", *args])
    assert r.exit_code == 0, r.output
    o = seen[0]
    assert (o.device, o.num_beams, o.max_new_tokens, o.quantize, o.allow_pickle, o.batch_size) == (
        "cpu",
        3,
        64,
        "int8",
        True,
        4,
    )
    assert (o.lang, o.max_chars, o.max_points, o.backend) == ("en", 5000, 3, "ctranslate2")


def test_engine_choices_come_from_the_registry(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.models import base
    from communique.models.extractive import ExtractiveEngine

    class Plugin(ExtractiveEngine):
        name = "plugin-test"

    monkeypatch.setitem(base._REGISTRY, "plugin-test", Plugin)
    r = runner.invoke(app, ["summarize", str(TXT), "-f", "json", "--engine", "plugin-test"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["engine"]["name"] == "plugin-test"


def test_missing_file_is_one_line_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    r = runner.invoke(app, ["summarize", str(missing)])
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"communique: {missing}: "), r.stderr
    assert "Traceback" not in r.output


def test_binary_file_fails_and_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 64)
    r = runner.invoke(app, ["summarize", str(f)])
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("communique: ") and len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, ["summarize", str(f), "--debug"])
    assert r.exit_code == 1 and "Traceback" in r.stderr


def test_a_folder_is_not_a_release(runner: CliRunner) -> None:
    r = runner.invoke(app, ["summarize", str(CLI_DATA)])
    assert r.exit_code == 1 and r.stderr.startswith(f"communique: {CLI_DATA}: ")


def test_import_cli_leaves_torch_and_transformers_alone() -> None:
    code = (
        "import sys, communique.cli\n"
        "heavy = [m for m in ('torch', 'transformers', 'tokenizers', 'sentencepiece') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_no_source_on_a_terminal_is_a_usage_error() -> None:
    master, slave = pty.openpty()
    try:
        p = subprocess.run([*CQ, "summarize"], stdin=slave, capture_output=True, text=True, timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    assert p.returncode == 2
    assert "pipe" in p.stderr and "communique summarize -" in p.stderr
    assert "Traceback" not in p.stderr


def test_no_shell_true_in_the_package() -> None:
    pkg = ROOT / "communique"
    offenders = []
    for f in pkg.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        for bad in ("shell=True", "os.system(", "os.popen("):
            if bad in text:
                offenders.append(f"{f.relative_to(ROOT)}: {bad}")
    assert not offenders, offenders
    assert len(list(pkg.rglob("*.py"))) > 5  # the check did look at the package


def test_quiet_hides_notes_not_errors(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = core.resolve_engine
    monkeypatch.setattr(
        core,
        "resolve_engine",
        lambda opts: (real(opts.with_(engine="extractive"))[0], "using the extractive engine (test)"),
    )
    loud = runner.invoke(app, ["summarize", str(TXT), "-f", "json"])
    assert loud.exit_code == 0 and loud.stderr == "communique: using the extractive engine (test)\n"
    quiet = runner.invoke(app, ["summarize", str(TXT), "-f", "json", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert json.loads(quiet.stdout) == json.loads(loud.stdout)
    # batch --quiet: no table, but each failure still gets its one line
    root = tmp_path / "in"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "good.txt").write_bytes(TXT.read_bytes())
    r = runner.invoke(app, ["batch", str(root), "--jsonl", str(tmp_path / "x.jsonl"), "--quiet"])
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert (
        len(lines) == 1 and lines[0].startswith(f"communique: {root / 'empty.txt'}: ") and "empty" in lines[0]
    )


def test_core_and_batch_never_import_typer_or_rich() -> None:
    code = (
        "import sys, communique, communique.core, communique.batch, communique.render\n"
        "print(','.join(m for m in ('typer', 'rich', 'click', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
