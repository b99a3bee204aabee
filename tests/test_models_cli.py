"""`communique models list|info|pull` and the hub helpers behind them (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique import hub
from communique.cli import app
from communique.errors import ModelError

XLSUM = "csebuetnlp/mT5_multilingual_XLSum"
GAZETA = "IlyaGusev/mbart_ru_sum_gazeta"


@pytest.fixture(autouse=True)
def _isolated_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "hf-home" / "hub"
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # the cache is HF_HOME/hub
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("COMMUNIQUE_MODEL", raising=False)
    return cache


def _fake_snapshot(cache: Path, model_id: str, weights: str = "model.safetensors") -> Path:
    repo = cache / ("models--" + model_id.replace("/", "--"))
    snap = repo / "snapshots" / "0123abcd"
    snap.mkdir(parents=True)
    (snap / "config.json").write_text(json.dumps({"model_type": "mt5", "d_model": 768}), encoding="utf-8")
    (snap / weights).write_bytes(b"\0" * 2048)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0123abcd", encoding="utf-8")
    return snap


def test_list_shows_engines_models_licences_and_cache_state(_isolated_hub: Path) -> None:
    res = CliRunner().invoke(app, ["models", "list"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    for needle in ("extractive", "seq2seq", XLSUM, GAZETA, "CC BY-NC-SA 4.0", "Apache-2.0", "not downloaded"):
        assert needle in out
    assert str(_isolated_hub) in out and "offline" in out
    _fake_snapshot(_isolated_hub, GAZETA)
    d = json.loads(CliRunner().invoke(app, ["models", "list", "--json"]).stdout)
    local = {m["id"]: m["local"] for m in d["models"]}
    assert local[XLSUM] is None and local[GAZETA] and local[GAZETA].endswith("0123abcd")
    assert {e["name"] for e in d["engines"]} >= {"extractive", "seq2seq"}


def test_hub_cache_env_takes_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "elsewhere"))
    assert hub.cache_dir() == tmp_path / "elsewhere"


def test_info_known_and_local(_isolated_hub: Path) -> None:
    res = CliRunner().invoke(app, ["models", "info", XLSUM])
    assert res.exit_code == 0
    assert "CC BY-NC-SA 4.0" in res.stdout and "communique models pull" in res.stdout
    _fake_snapshot(_isolated_hub, XLSUM)
    d = json.loads(CliRunner().invoke(app, ["models", "info", XLSUM, "--json"]).stdout)
    assert d["weights"] == "safetensors" and d["config"]["d_model"] == 768 and d["local"]


def test_pickle_only_snapshot_is_not_available_without_permission(_isolated_hub: Path) -> None:
    _fake_snapshot(_isolated_hub, XLSUM, weights="pytorch_model.bin")
    ok, why = hub.availability(XLSUM)
    assert not ok and "pickle" in why
    assert hub.availability(XLSUM, allow_pickle=True) == (True, "")


def test_incomplete_sharded_weights_do_not_count(_isolated_hub: Path) -> None:
    snap = _fake_snapshot(_isolated_hub, XLSUM, weights="other.txt")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    (snap / "model.safetensors.index.json").write_text(json.dumps(index), encoding="utf-8")
    (snap / "model-00001-of-00002.safetensors").write_bytes(b"\0")
    assert hub.local_path(XLSUM) is None  # a half-finished download
    (snap / "model-00002-of-00002.safetensors").write_bytes(b"\0")
    assert hub.local_path(XLSUM) == snap


def test_pull_offline_is_one_line_error_exit_1() -> None:
    res = CliRunner().invoke(app, ["models", "pull", GAZETA])
    assert res.exit_code == 1
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and GAZETA in err and "offline" in err


def test_pull_fetches_safetensors_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    calls: list[dict[str, object]] = []

    def fake_download(**kw: object) -> str:
        calls.append(kw)
        return str(tmp_path / "snap")

    files = ["config.json", "spiece.model", "model.safetensors", "pytorch_model.bin"]
    path = hub.pull(XLSUM, snapshot_download=fake_download, list_files=lambda _: files)
    assert path == tmp_path / "snap"
    patterns = calls[0]["allow_patterns"]
    assert (
        isinstance(patterns, list) and "*.safetensors" in patterns and not any(".bin" in p for p in patterns)
    )
    assert calls[0]["cache_dir"] == str(hub.cache_dir())
    # a pickle-only repository: refused unless allowed, then the .bin comes too
    only_bin = ["config.json", "spiece.model", "pytorch_model.bin"]
    with pytest.raises(ModelError, match="--allow-pickle"):
        hub.pull(XLSUM, snapshot_download=fake_download, list_files=lambda _: only_bin)
    hub.pull(XLSUM, allow_pickle=True, snapshot_download=fake_download, list_files=lambda _: only_bin)
    assert any(".bin" in p for p in calls[-1]["allow_patterns"])  # type: ignore[union-attr]


def test_pull_network_failure_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")

    def no_network(_: str) -> list[str]:
        raise OSError("Name or service not known\nmore details")

    with pytest.raises(ModelError) as e:
        hub.pull(GAZETA, snapshot_download=lambda **_: "", list_files=no_network)
    assert str(e.value) == f"cannot download {GAZETA}: Name or service not known"
