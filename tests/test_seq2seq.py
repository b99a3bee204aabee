"""The seq2seq engine on tiny random-weight MT5 and mBART checkpoints built here (no network)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import validate_readout
from tiny_models import RELEASE_EN, build_all, long_release
from typer.testing import CliRunner

from communique import core, hub
from communique.errors import ModelError
from communique.models import backend_transformers, hf_patches, seq2seq
from communique.models.backend_transformers import TransformersBackend
from communique.models.seq2seq import (
    Seq2SeqEngine,
    align_evidence,
    build_digest,
    plan_chunks,
    unsupported_facts,
)
from communique.options import Options


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(autouse=True)
def _isolated_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("COMMUNIQUE_MODEL", raising=False)
    core._engine.cache_clear()
    return cache


def _doc(text: str, opts: Options | None = None):
    return core.analyse(core.load(text, opts), opts)


def _engine(path: Path, **kw: object) -> Seq2SeqEngine:
    kw.setdefault("backend", "transformers")  # the ctranslate2 backend has its own file
    return Seq2SeqEngine(Options(engine="seq2seq", model=str(path), **kw))  # type: ignore[arg-type]


def _hf(eng: Seq2SeqEngine) -> TransformersBackend:
    eng.load()
    assert isinstance(eng.runner, TransformersBackend)
    return eng.runner


# ------------------------------------------------------------------ loading


def test_loads_by_path_and_readout_is_valid(tiny: dict[str, Path]) -> None:
    r = core.summarize(RELEASE_EN, engine="seq2seq", model=str(tiny["mt5"]), backend="transformers")
    assert r.engine.name == "seq2seq" and r.engine.model == str(tiny["mt5"])
    assert r.summary and r.key_points
    validate_readout(r.to_dict(), RELEASE_EN)
    # the contact line is boilerplate: never evidence
    assert not any("press@" in ev for kp in r.key_points for ev in kp.evidence)


def test_short_release_points_are_topped_up_to_max_points(tiny: dict[str, Path]) -> None:
    doc = _doc(RELEASE_EN)
    eng = _engine(tiny["mt5"], max_points=6)
    assert len(eng.plan(doc)) <= 4  # four generated points at most
    dg = eng.digest(doc)
    assert len(dg.key_points) == 6
    evidence = [ev for kp in dg.key_points for ev in kp.evidence]
    assert len(evidence) == len(set(evidence))  # no sentence backs two points
    order = {s.text: s.index for s in doc.sentences}
    firsts = [order[kp.evidence[0]] for kp in dg.key_points]
    assert firsts == sorted(firsts)  # in the release's order


def test_mbart_checkpoint_runs(tiny: dict[str, Path]) -> None:
    eng = _engine(tiny["mbart"])
    [dg] = eng.digest_many([_doc(RELEASE_EN)])
    assert eng.input_tokens == 128  # from max_position_embeddings
    assert dg.key_points and all(kp.evidence for kp in dg.key_points)


def test_bare_spiece_tokenizer_matches_sentencepiece(tiny: dict[str, Path]) -> None:
    import sentencepiece as spm
    from transformers import AutoTokenizer

    text = "The ministers  met in Vienna on 12 March 2024.\nСтороны договорились о визах ﬁ"
    sp = spm.SentencePieceProcessor(model_file=str(tiny["mt5_bare"] / "spiece.model"))
    built = seq2seq.load_tokenizer(tiny["mt5_bare"])
    assert not (tiny["mt5_bare"] / "tokenizer.json").exists()
    assert built(text)["input_ids"] == [*sp.encode(text), sp.eos_id()]
    assert built.decode(built(text)["input_ids"], skip_special_tokens=True) == sp.decode(sp.encode(text))
    saved = AutoTokenizer.from_pretrained(str(tiny["mt5"]))  # the tokenizer.json twin agrees on plain text
    plain = "The sides agreed to hold consultations in Vienna."
    assert built(plain)["input_ids"] == saved(plain)["input_ids"]
    eng = _engine(tiny["mt5_bare"])
    assert eng.digest(_doc(RELEASE_EN)).key_points


def test_loads_by_id_from_the_hf_cache(tiny: dict[str, Path], _isolated_hub: Path) -> None:
    model_id = "someone/tiny-summarizer"
    ok, why = hub.availability(model_id)
    assert not ok and model_id in why
    snap = _isolated_hub / "models--someone--tiny-summarizer" / "snapshots" / "abc123"
    shutil.copytree(tiny["mt5"], snap)
    (snap.parent.parent / "refs").mkdir()
    (snap.parent.parent / "refs" / "main").write_text("abc123")
    assert hub.availability(model_id) == (True, "")
    eng, note = core.resolve_engine(Options(engine="auto", model=model_id, backend="transformers"))
    assert note is None and eng.name == "seq2seq" and eng.model == model_id
    assert eng.digest(_doc(RELEASE_EN)).key_points


def test_offline_and_not_cached_is_one_line_model_error() -> None:
    with pytest.raises(ModelError) as e:
        Seq2SeqEngine(Options(engine="seq2seq"))
    msg = str(e.value)
    assert "\n" not in msg and hub.DEFAULT_MODEL in msg and "pull" in msg


def test_available_is_cheap_and_does_not_import_torch(tiny: dict[str, Path]) -> None:
    code = (
        "import sys; from communique import core; from communique.options import Options;"
        f"ok, why = core.engine_class('seq2seq').available(Options(model={str(tiny['mt5'])!r}));"
        "import communique.cli;"
        "print(ok, *(m in sys.modules for m in ('torch', 'transformers', 'ctranslate2')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False", "False"]


def test_pickle_weights_refused_unless_allowed(tiny: dict[str, Path], tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    folder = tmp_path / "pickled"
    shutil.copytree(tiny["mt5"], folder)
    state = load_file(folder / "model.safetensors")
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")
    ok, why = hub.availability(str(folder))
    assert not ok and "pickle" in why
    with pytest.raises(ModelError, match="--allow-pickle"):
        _engine(folder)
    eng = _engine(folder, allow_pickle=True)
    assert eng.digest(_doc(RELEASE_EN)).summary


@pytest.mark.parametrize("patches", ["on", "off"])
def test_quantize_int8(tiny: dict[str, Path], patches: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setenv(hf_patches.SWITCH_ENV, patches)
    eng = _engine(tiny["mt5"], quantize="int8", device="cpu")
    eng.load()
    kinds = {type(m).__module__ for m in _hf(eng).model.modules()}
    assert any("quantized" in k for k in kinds)
    assert not any(type(m) is torch.nn.Linear for m in _hf(eng).model.modules())
    assert eng.digest(_doc(RELEASE_EN)).key_points
    # layer by layer with the fp32 pages released, yet the same model as torch's quantize_dynamic
    from transformers import AutoModelForSeq2SeqLM

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = torch.ao.quantization.quantize_dynamic(
            AutoModelForSeq2SeqLM.from_pretrained(str(tiny["mt5"])).eval(),
            {torch.nn.Linear},
            dtype=torch.qint8,
        )
    ids = eng.tokenizer(["The ministers met in Vienna and agreed to meet again."], return_tensors="pt")[
        "input_ids"
    ]
    with torch.inference_mode():
        ours = _hf(eng).model(input_ids=ids, decoder_input_ids=ids[:, :4]).logits
        theirs = ref(input_ids=ids, decoder_input_ids=ids[:, :4]).logits
    assert torch.equal(ours, theirs)


# ------------------------------------------------------------------ chunking and batching


def test_long_release_is_chunked_and_fully_covered(tiny: dict[str, Path]) -> None:
    text = long_release(30)
    doc = _doc(text)
    eng = _engine(tiny["mt5"])
    chunks = eng.plan(doc)
    assert len(chunks) >= 5  # ~1,600 words in 96-token chunks: far beyond one input
    flat = [s for c in chunks for s in c]
    assert [s.index for s in flat] == sorted(s.index for s in flat)  # in order, no repeats
    wanted = {s.index for s in doc.sentences if not seq2seq.is_boilerplate(s, doc)}
    assert len(wanted) > 100 and wanted == {s.index for s in flat}  # every sentence covered
    for c in chunks:
        n = sum(eng.count_tokens([s.text for s in c]))
        assert n <= eng.input_tokens or len(c) == 1
    # whole paragraphs stay together when they fit
    for c in chunks:
        paras = [s.para for s in c]
        for p in set(paras[1:-1]):
            assert sum(1 for s in doc.sentences if s.para == p) == paras.count(p)
    dg = eng.digest(doc)
    assert 1 <= len(dg.key_points) <= 5
    validate_readout(core.summarize_documents([doc], eng)[0].to_dict(), text)


def test_plan_chunks_groups_paragraphs() -> None:
    from communique.document import Sentence

    sents = [Sentence(f"s{i}", 0, 0, para=p, index=i) for i, p in enumerate([0, 0, 1, 1, 1, 2, 3, 3])]
    lengths = [10, 10, 10, 10, 10, 50, 30, 30]
    chunks = plan_chunks(sents, lengths, 40)
    assert [[s.index for s in c] for c in chunks] == [[0, 1], [2, 3, 4], [5], [6], [7]]


def test_chunks_of_many_releases_are_batched_by_length(tiny: dict[str, Path]) -> None:
    eng = _engine(tiny["mt5"], batch_size=8, num_beams=1, max_new_tokens=8)
    eng.load()
    widths: list[int] = []
    real = _hf(eng).model.generate

    def spy(**kw):
        widths.append(int(kw["input_ids"].shape[1]))
        return real(**kw)

    _hf(eng).model.generate = spy
    docs = [
        _doc(RELEASE_EN),
        _doc(long_release(6)),
        _doc(long_release(12)),
        _doc(RELEASE_EN.replace("Vienna", "Graz")),
    ]
    n_chunks = sum(len(eng.plan(d)) for d in docs)
    digests = eng.digest_many(docs)
    assert len(digests) == 4 and all(d.key_points for d in digests)
    assert len(widths) == eng.generate_calls < n_chunks  # several chunks per generate() call
    assert widths == sorted(widths, reverse=True)  # longest first: little padding


def _plain_generate(eng, model_dir, texts):
    """The texts plain ``generate()`` gives, one text at a time, on a fresh copy of the model."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    ref = AutoModelForSeq2SeqLM.from_pretrained(str(model_dir)).eval()
    with torch.inference_mode():
        return [
            " ".join(
                eng.tokenizer.decode(
                    ref.generate(**eng.tokenizer(t, return_tensors="pt"), **eng.generate_kwargs)[0],
                    skip_special_tokens=True,
                ).split()
            )
            for t in texts
        ]


@pytest.mark.parametrize("patches", ["on", "off"])
@pytest.mark.parametrize("name", ["mt5", "mbart"])
def test_batched_beam_search_matches_plain_generate(
    tiny: dict[str, Path], name: str, patches: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with the patches (hf_patches) the engine computes the cross-attention cache once per input, not
    # per beam, and the beams share it; it encodes a few rows at a time (here one or two) and sorts by
    # length: the texts must come out exactly as from an untouched model's generate(), one at a time.
    # With the off switch, plain batched generate() gives the same texts.

    monkeypatch.setattr(backend_transformers, "ENCODE_TOKENS", 24)
    monkeypatch.setenv(hf_patches.SWITCH_ENV, patches)

    eng = _engine(tiny[name], num_beams=3, max_new_tokens=12)
    texts = [
        "The ministers met in Vienna.",
        "Стороны договорились провести консультации осенью в Вене.",
        "Anna Berg spoke.",
    ]
    ours = eng.generate(texts)
    runner = _hf(eng)
    assert runner.shares_cross_cache == runner.beam_cache == (patches == "on")
    plain = _plain_generate(eng, tiny[name], texts)
    assert ours == plain and eng.generate_calls == 1


def test_shared_attention_reaches_stacks_that_keep_their_own_config(
    tiny: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # transformers 5.17 sets the attention on the top config only: the encoder and decoder stacks kept
    # sdpa, met the shared cache, and beam search broke on the shapes. The patch reaches every stack.
    from transformers import MT5ForConditionalGeneration

    def top_only(self, impl):
        self.config._attn_implementation = impl

    monkeypatch.setattr(MT5ForConditionalGeneration, "set_attn_implementation", top_only)
    eng = _engine(tiny["mt5"], num_beams=3, max_new_tokens=12)
    texts = ["The ministers met in Vienna.", "Anna Berg spoke."]
    ours = eng.generate(texts)
    model = _hf(eng).model
    impls = {m.config._attn_implementation for m in model.modules() if getattr(m, "config", None)}
    assert _hf(eng).shares_cross_cache and impls == {hf_patches.SHARED_ATTENTION}
    assert ours == _plain_generate(eng, tiny["mt5"], texts)


def test_in_place_processors_give_the_same_scores() -> None:
    # generate()'s length and n-gram processors and their in-place twins (hf_patches): the same scores,
    # below and above the minimum length, with n-grams that repeat and an id past the vocabulary.
    import torch
    from transformers.generation import logits_process as lp

    torch.manual_seed(3)
    ids = torch.randint(2, 6, (5, 9))
    ids[0, -1] = 40  # past the scores' vocabulary: banned nowhere
    ids[0, 3] = 40
    procs = [
        lp.NoRepeatNGramLogitsProcessor(2),
        lp.NoRepeatNGramLogitsProcessor(3),
        lp.MinLengthLogitsProcessor(12, [1, 4]),
        lp.MinLengthLogitsProcessor(5, 1),
        lp.MinNewTokensLengthLogitsProcessor(1, 12, torch.tensor([3])),
        lp.MinNewTokensLengthLogitsProcessor(3, 4, [1]),
    ]
    for proc in procs:
        twin = hf_patches.in_place(proc)
        assert twin is not proc
        banned = 0
        for length in (1, 2, 6, 9):
            scores = torch.randn(5, 32)
            want = proc(ids[:, :length], scores.clone())
            assert torch.equal(twin(ids[:, :length], scores.clone()), want)
            banned += int((want == float("-inf")).sum())
        assert banned  # the cases ban something


@pytest.mark.parametrize("name", ["mt5", "mbart"])
def test_minimum_length_and_ngrams_in_place_give_plain_generate_texts(
    tiny: dict[str, Path], name: str
) -> None:
    eng = _engine(tiny[name], num_beams=3, max_new_tokens=8)
    eng.load()
    eng.generate_kwargs.update(min_new_tokens=8, no_repeat_ngram_size=2)
    texts = ["The ministers met in Vienna.", "Стороны договорились провести консультации осенью в Вене."]
    assert eng.generate(texts) == _plain_generate(eng, tiny[name], texts)


@pytest.mark.parametrize("patches", ["on", "off"])
def test_linear_layers_run_by_onednn_on_the_cpu(
    tiny: dict[str, Path], patches: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every fp32 Linear layer runs oneDNN's matmul on its own weights (hf_patches.onednn_linears):
    # the same values as torch's linear but for rounding; none with the patches off.
    import torch

    monkeypatch.setenv(hf_patches.SWITCH_ENV, patches)
    runner = _hf(_engine(tiny["mt5"]))
    linears = [m for m in runner.model.modules() if type(m) is torch.nn.Linear]
    if patches == "off":
        assert runner.onednn_layers == 0
        return
    if not torch.backends.mkldnn.is_available():
        pytest.skip("this torch has no oneDNN")
    assert runner.onednn_layers == len(linears) > 0
    x = torch.randn(2, 3, linears[0].in_features)
    with torch.inference_mode():
        got, want = linears[0](x), torch.nn.functional.linear(x, linears[0].weight, linears[0].bias)
    assert got.shape == want.shape and torch.allclose(got, want, rtol=1e-5, atol=1e-5)


def test_generation_settings_from_options_over_model(tiny: dict[str, Path]) -> None:
    eng = _engine(tiny["mt5"])
    eng.load()
    assert eng.generate_kwargs["num_beams"] >= 1 and eng.generate_kwargs["max_new_tokens"] > 0
    eng2 = _engine(tiny["mt5"], num_beams=2, max_new_tokens=12)
    eng2.load()
    assert eng2.generate_kwargs["num_beams"] == 2 and eng2.generate_kwargs["max_new_tokens"] == 12


# ------------------------------------------------------------------ evidence and faithfulness


def test_align_evidence_finds_the_source_sentences() -> None:
    doc = _doc(RELEASE_EN)
    ev = align_evidence("Norland is to open a consulate in Port Elm, the ministers agreed.", doc.sentences)
    assert any("consulate in Port Elm" in s.text for s in ev)
    two = align_evidence(
        "Next round of consultations in autumn; views exchanged on regional security and climate change.",
        doc.sentences,
    )
    texts = " ".join(s.text for s in two)
    assert "consultations" in texts and "climate change" in texts and len(two) == 2


def test_unsupported_facts() -> None:
    src = RELEASE_EN
    assert unsupported_facts("Minister Berg met Piet Larsen in Vienna on 12 March 2024.", src) == []
    assert unsupported_facts("Berg and Larsen met in Vienna in 2019.", src) == ["2019"]
    assert unsupported_facts("The ministers met in Vienna with Secretary Hoffmann.", src) == [
        "Secretary",
        "Hoffmann",
    ]
    # an inflected form of a name in the source is the same name
    assert (
        unsupported_facts("Переговоры с министром Бергом прошли в Вене.", "Министр Берг прибыла в Вену.")
        == []
    )


def test_faithfulness_guard_replaces_invented_point() -> None:
    doc = _doc(RELEASE_EN)
    plan = [doc.sentences]
    dg = build_digest(doc, plan, ["Norland will open 7 consulates in Port Elm, said minister Hoffmann."], 5)
    assert len(dg.key_points) == 1
    kp = dg.key_points[0]
    assert kp.text == kp.evidence[0] and "consulate in Port Elm" in kp.text  # the source sentence instead
    assert dg.warnings and "7" in dg.warnings[0] and "Hoffmann" in dg.warnings[0]
    ok = build_digest(doc, plan, ["Norland will open a consulate in Port Elm."], 5)
    assert ok.key_points[0].text == "Norland will open a consulate in Port Elm." and not ok.warnings


# ------------------------------------------------------------------ through the CLI and core


def test_cli_summarize_json_names_the_model(tiny: dict[str, Path], tmp_path: Path) -> None:
    from communique.cli import app

    f = tmp_path / "release.txt"
    f.write_text(RELEASE_EN, encoding="utf-8")
    res = CliRunner().invoke(
        app,
        [
            "summarize",
            str(f),
            "--engine",
            "seq2seq",
            "--model",
            str(tiny["mt5"]),
            "--format",
            "json",
            "--backend",
            "transformers",
        ],
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["engine"] == {
        "name": "seq2seq",
        "model": str(tiny["mt5"]),
        "version": d["engine"]["version"],
        "backend": "transformers",
    }
    validate_readout(d, RELEASE_EN)


def test_cli_offline_error_and_auto_fallback(tmp_path: Path) -> None:
    from communique.cli import app

    f = tmp_path / "release.txt"
    f.write_text(RELEASE_EN, encoding="utf-8")
    res = CliRunner().invoke(
        app, ["summarize", str(f), "--engine", "seq2seq", "--model", "someone/absent", "-f", "json"]
    )
    assert res.exit_code == 1
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and "someone/absent" in err and "pull" in err
    res = CliRunner().invoke(app, ["summarize", str(f), "--model", "someone/absent", "-f", "json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["engine"]["name"] == "extractive"
    assert "someone/absent" in res.stderr and "extractive" in res.stderr


def test_env_var_selects_the_model(tiny: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_MODEL", str(tiny["mt5"]))
    eng, note = core.resolve_engine(Options(engine="auto"))
    assert note is None and eng.name == "seq2seq" and eng.model == str(tiny["mt5"])


def test_cli_batch_with_the_neural_engine(tiny: dict[str, Path], tmp_path: Path) -> None:
    from communique.cli import app

    src = tmp_path / "in"
    src.mkdir()
    texts = {"a.txt": RELEASE_EN, "b.txt": long_release(8), "c.txt": RELEASE_EN.replace("Vienna", "Graz")}
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    jsonl = tmp_path / "all.jsonl"
    res = CliRunner().invoke(
        app,
        [
            "batch",
            str(src),
            "--jsonl",
            str(jsonl),
            "-e",
            "seq2seq",
            "-m",
            str(tiny["mt5"]),
            "-q",
            "--backend",
            "transformers",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    for row in rows:
        assert row["engine"]["name"] == "seq2seq" and row["engine"]["model"] == str(tiny["mt5"])
        validate_readout(row, texts[Path(row["source"]).name])


def test_openmp_threads_sleep_and_the_texts_do_not_change(tiny: dict[str, Path]) -> None:
    # The engine sets OMP_WAIT_POLICY=PASSIVE before torch is imported (its threads sleep at a barrier
    # instead of spinning); a user's own value wins. The generated texts are the same either way.
    import os

    code = (
        "import json, os, sys\n"
        "from communique.options import Options\n"
        "from communique.models.seq2seq import Seq2SeqEngine\n"
        f"eng = Seq2SeqEngine(Options(engine='seq2seq', model={str(tiny['mt5'])!r}, backend='transformers',"
        " num_beams=3, max_new_tokens=10))\n"
        "before = 'torch' in sys.modules\n"
        "texts = eng.generate(['The ministers met in Vienna.', 'Anna Berg spoke on trade.'])\n"
        "print(json.dumps([before, os.environ.get('OMP_WAIT_POLICY'), texts]))\n"
    )
    runs = {}
    for policy in (None, "ACTIVE"):
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        if policy:
            env["OMP_WAIT_POLICY"] = policy
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        runs[policy] = json.loads(out.stdout.strip().splitlines()[-1])
    assert runs[None][:2] == [False, "PASSIVE"] and runs["ACTIVE"][:2] == [False, "ACTIVE"]
    assert runs[None][2] == runs["ACTIVE"][2] and all(runs[None][2])


def _resident_pages(tensor) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(present, whole pages) of a tensor's memory in this process, from /proc/self/pagemap (Linux)."""
    import mmap
    import struct

    page = mmap.PAGESIZE
    start = tensor.data_ptr()
    lo, hi = -(-start // page), (start + tensor.numel() * tensor.element_size()) // page
    if hi <= lo:
        return 0, 0
    with open("/proc/self/pagemap", "rb") as f:
        f.seek(lo * 8)
        entries = struct.unpack(f"{hi - lo}Q", f.read((hi - lo) * 8))
    return sum(1 for e in entries if e >> 63), hi - lo


@pytest.mark.skipif(not Path("/proc/self/pagemap").exists(), reason="Linux page map")
def test_encoder_weights_leave_memory_while_decoding_and_texts_do_not_change(
    tiny: dict[str, Path],
) -> None:
    # One chunk a batch: each batch encodes (its pages read back from the file), drops the encoder's
    # pages, then decodes. The texts are those of an untouched model's generate().

    eng = _engine(tiny["mt5"], num_beams=3, max_new_tokens=10, batch_size=1)
    texts = ["The ministers met in Vienna.", "Anna Berg spoke on trade and energy.", "Стороны договорились."]
    ours = eng.generate(texts)
    runner = _hf(eng)
    assert eng.generate_calls == 3 and runner.encoder_pages is not None
    model = runner.model
    enc = [_resident_pages(p) for p in runner.encoder_pages.tensors]
    assert sum(n for _, n in enc) > 0 and sum(r for r, _ in enc) == 0  # whole pages all dropped
    dec = [_resident_pages(p) for p in model.get_decoder().parameters()]
    assert sum(r for r, _ in dec) > 0  # the decoder's stay (the measure sees resident pages)
    shared = {p.data_ptr() for p in runner.encoder_pages.tensors} & {
        p.data_ptr() for p in model.get_decoder().parameters()
    }
    assert not shared  # the embedding the decoder reads too is never dropped
    plain = _plain_generate(eng, tiny["mt5"], texts)
    assert ours == plain


def test_heap_threshold_is_fixed_on_glibc() -> None:
    import platform

    from communique.models import backends

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    assert backends.tidy_heap()
