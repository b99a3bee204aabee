"""The seq2seq engine's ctranslate2 backend on the tiny MT5 and mBART checkpoints (no network).

Skipped without the ``ctranslate2`` package (``make install-ct2`` installs it; CI runs this file).
Conversions are cached per module (one Hugging Face cache for the file), as they would be for a user.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import validate_readout
from tiny_models import RELEASE_EN, build_all, build_unconvertible, long_release

from communique import core
from communique.models import backend_ctranslate2 as ct2b
from communique.models.backend_ctranslate2 import CTranslate2Backend
from communique.models.seq2seq import Seq2SeqEngine
from communique.options import Options

ctranslate2 = pytest.importorskip("ctranslate2")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny-ct2")
    models = build_all(root)
    models["blenderbot"] = build_unconvertible(root / "tiny-blenderbot", root / "spm" / "spiece.model")
    return models


@pytest.fixture(scope="module")
def hub_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("hf-cache-ct2")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_CACHE", str(cache))
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.delenv("COMMUNIQUE_MODEL", raising=False)
        yield cache


@pytest.fixture(autouse=True)
def _fresh_engines(hub_cache: Path) -> None:
    core._engine.cache_clear()


def _doc(text: str):
    return core.analyse(core.load(text))


def _engine(path: Path, **kw: object) -> Seq2SeqEngine:
    kw.setdefault("backend", "ctranslate2")
    return Seq2SeqEngine(Options(engine="seq2seq", model=str(path), device="cpu", **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["mt5", "mbart", "mt5_bare"])
def test_converts_and_generates_with_verbatim_evidence(tiny: dict[str, Path], name: str) -> None:
    text = RELEASE_EN + "\n" + long_release(4)
    opts = Options(engine="seq2seq", model=str(tiny[name]), backend="ctranslate2", device="cpu")
    r = core.summarize(text, engine="seq2seq", options=opts)
    assert (r.engine.name, r.engine.backend) == ("seq2seq", "ctranslate2")
    assert r.key_points
    validate_readout(r.to_dict(), text)  # every evidence sentence verbatim in the text
    eng, _ = core.resolve_engine(opts)
    assert isinstance(eng, Seq2SeqEngine)
    runner = eng.runner
    assert isinstance(runner, CTranslate2Backend) and runner.compute_type == "int8"
    assert eng.generate_calls >= 1
    assert any(s for s in eng.generate(["The ministers met in Vienna and agreed to meet again."]))


def test_auto_backend_is_ctranslate2_when_installed(tiny: dict[str, Path]) -> None:
    eng = Seq2SeqEngine(Options(engine="seq2seq", model=str(tiny["mt5"])))
    assert eng.backend is None  # auto: decided at load
    eng.digest(_doc(RELEASE_EN))
    assert eng.backend == "ctranslate2"


@pytest.mark.parametrize("name", ["mt5", "mbart"])
def test_float32_copy_scores_like_transformers(tiny: dict[str, Path], name: str) -> None:
    # --quantize none keeps float32: the converted model gives transformers' log-probabilities, which
    # pins the converter fixes (mT5's output scale under transformers 5, mBART's pre-norm layers)
    import torch
    from transformers import AutoModelForSeq2SeqLM

    eng = _engine(tiny[name], quantize="none")
    eng.load()
    runner = eng.runner
    assert isinstance(runner, CTranslate2Backend) and runner.compute_type == "float32"
    src = eng.tokenizer("The sides agreed to hold consultations in Vienna.")["input_ids"]
    target = eng.tokenizer("Стороны договорились о визах.")["input_ids"]
    ref = AutoModelForSeq2SeqLM.from_pretrained(str(tiny[name])).eval()
    start = ref.generation_config.decoder_start_token_id
    with torch.inference_mode():
        logits = ref(
            input_ids=torch.tensor([src]), decoder_input_ids=torch.tensor([[start, *target[:-1]]])
        ).logits
    theirs = logits[0].log_softmax(-1).gather(1, torch.tensor(target)[:, None])[:, 0]
    tokens = [runner.vocab[i] for i in src], [runner.vocab[i] for i in target]
    [scored] = runner.translator.score_batch([tokens[0]], [tokens[1][:-1]])  # it appends </s> itself
    assert torch.allclose(torch.tensor(scored.log_probs), theirs, atol=1e-3)


def test_conversion_is_cached_by_revision_and_quantization(tiny: dict[str, Path], hub_cache: Path) -> None:
    int8 = ct2b.cache_path(str(tiny["mt5"]), tiny["mt5"], "int8")
    f32 = ct2b.cache_path(str(tiny["mt5"]), tiny["mt5"], "float32")
    assert int8 != f32 and int8.parent == f32.parent and hub_cache in int8.parents
    _engine(tiny["mt5"]).load()
    stamp = (int8 / "model.bin").stat().st_mtime_ns
    _engine(tiny["mt5"]).load()  # a second process-level load reads the same copy, no new conversion
    assert (int8 / "model.bin").stat().st_mtime_ns == stamp
    # a hub id is keyed by its snapshot's revision, beside the checkpoint in the hub cache
    snap = hub_cache / "models--someone--tiny" / "snapshots" / "rev123"
    snap.parent.mkdir(parents=True)
    snap.symlink_to(tiny["mt5"], target_is_directory=True)
    path = ct2b.cache_path("someone/tiny", snap, "int8")
    assert path == hub_cache / "models--someone--tiny" / "ctranslate2" / "rev123-int8"


def test_compute_types() -> None:
    assert ct2b.compute_type("auto", "cpu", "mt5") == "int8"
    assert ct2b.compute_type("none", "cpu", "mt5") == "float32"
    assert ct2b.compute_type("auto", "cuda", "mbart") == "float16"
    assert ct2b.compute_type("int8", "cuda", "mbart") == "int8_float16"
    assert ct2b.compute_type("auto", "cuda", "mt5") == "bfloat16"  # fp16 overflows in mT5


def test_failed_conversion_falls_back_with_one_stderr_line(tiny: dict[str, Path], tmp_path: Path) -> None:
    # CTranslate2 has no converter for Blenderbot-small: the engine says so once and runs transformers
    f = tmp_path / "release.txt"
    f.write_text(RELEASE_EN, encoding="utf-8")
    cmd = [sys.executable, "-m", "communique", "summarize", str(f), "-e", "seq2seq", "-f", "json"]
    for _ in range(2):  # the second run reads the recorded failure instead of converting again
        res = subprocess.run(
            [*cmd, "-m", str(tiny["blenderbot"])], capture_output=True, text=True, check=False
        )
        assert res.returncode == 0, res.stderr
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "transformers backend" in lines[0] and "BlenderbotSmall" in lines[0]
        d = json.loads(res.stdout)
        assert d["engine"]["backend"] == "transformers"
        validate_readout(d, RELEASE_EN)


@pytest.mark.parametrize("name", ["mt5", "mbart"])
def test_float32_greedy_texts_equal_transformers(tiny: dict[str, Path], name: str) -> None:
    # the same engine code around either backend: same chunks in, same texts out (greedy, float32)
    texts = [
        "The ministers met in Vienna.",
        "Стороны договорились провести консультации осенью в Вене.",
        "The sides agreed to hold the next round of consultations in the autumn.",
    ]
    outs = [
        _engine(tiny[name], backend=b, quantize="none", num_beams=1, max_new_tokens=12).generate(texts)
        for b in ("transformers", "ctranslate2")
    ]
    assert outs[0] == outs[1] and all(outs[0])
