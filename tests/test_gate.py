"""The eval gate (eval/gate.py): floors, refusals to lower them, and its scorer copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

GATE = ROOT / "eval" / "gate.py"


def _corpus(tmp_path: Path, steps_found: bool) -> Path:
    """A one-case corpus whose 'release' is a ready readout: the gate's command just prints it."""
    corpus = tmp_path / "set"
    corpus.mkdir()
    ev = "The ministers agreed to meet again in Tallinn in the spring."
    gold = {
        "id": "x",
        "language": "en",
        "kind": "bilateral-meeting",
        "meeting": {"date": "2021-03-04", "place": "Riga", "participants": ["Anna Ozola"]},
        "key_facts": [{"evidence": ev}],
        "next_steps": [{"evidence": ev, "kind": "agreed"}],
    }
    out = {
        "meeting": {
            "kind": "bilateral-meeting",
            "date": "2021-03-04",
            "place": "Riga",
            "participants": [{"name": "Anna Ozola"}],
        },
        "key_points": [{"text": ev, "evidence": [ev]}],
        "next_steps": [{"action": "meet", "kind": "agreed", "evidence": ev}] if steps_found else [],
    }
    (corpus / "x.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (corpus / "x.txt").write_text(json.dumps(out), encoding="utf-8")
    return corpus


def _gate(
    tmp_path: Path, corpus: Path, floor: float, *args: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    floors = tmp_path / "floors.json"
    table = {"t": {"corpus": str(corpus), "floors": {"steps_r": floor, "date": 1.0}}}
    floors.write_text(json.dumps(table), encoding="utf-8")
    cmd = f'{sys.executable} -c "import sys; print(open(sys.argv[1]).read())" {{file}}'
    r = subprocess.run(
        [sys.executable, str(GATE), "--floors", str(floors), "--cmd", cmd, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return r, floors


def test_a_figure_below_its_floor_fails_the_gate(tmp_path: Path) -> None:
    ok, _ = _gate(tmp_path, _corpus(tmp_path, steps_found=True), 1.0)
    assert ok.returncode == 0, ok.stderr
    other = tmp_path / "b"
    other.mkdir()
    low, _ = _gate(other, _corpus(other, steps_found=False), 1.0)
    assert low.returncode == 1 and "BELOW FLOOR: t.steps_r=0.000 < 1.000" in low.stderr


def test_lowering_a_floor_needs_the_explicit_flag(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, steps_found=False)
    refused, floors = _gate(tmp_path, corpus, 0.5, "--update")
    assert refused.returncode == 1 and "refusing to lower steps_r" in refused.stderr
    assert json.loads(floors.read_text())["t"]["floors"]["steps_r"] == 0.5
    lowered, floors = _gate(tmp_path, corpus, 0.5, "--update", "--allow-lower")
    assert lowered.returncode == 0, lowered.stderr
    assert json.loads(floors.read_text())["t"]["floors"] == {"steps_r": 0.0, "date": 1.0}


def test_an_absent_corpus_is_skipped(tmp_path: Path) -> None:
    r, _ = _gate(tmp_path, tmp_path / "nowhere", 1.0)
    assert r.returncode == 0 and "skipped" in r.stdout


def test_every_set_has_a_floor_per_figure() -> None:
    table = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))
    assert {"dev", "heldout", "blind"} <= set(table)
    for spec in table.values():
        assert set(spec["floors"]) == {
            *("steps_p", "steps_r", "steps_f1", "keyfacts", "date", "place", "people_p", "people_r", "kind")
        }
        assert all(0.0 <= v <= 1.0 for v in spec["floors"].values())


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").is_file(), reason="../shared is absent")
def test_the_scorer_copy_is_the_shared_scorer() -> None:
    shared = (SHARED / "tools" / "score.py").read_bytes()
    assert (ROOT / "eval" / "score.py").read_bytes() == shared, "eval/score.py drifted: copy it again"
