"""Benchmark: communique's batched seq2seq path vs. the model card's one-chunk-at-a-time loop.

The model is an mT5 with mT5-base dimensions (d_model 768, 12+12 layers, 12 heads, d_ff 2048,
vocabulary 250,112) and random weights: weights do not change the cost. Its tokenizer is a small
sentencepiece vocabulary trained on the releases, padded out to the model's vocabulary with pieces
that never match. Every chunk generates exactly --tokens new tokens (min = max) with the same beams.

Equal work: a prep process plans the chunks communique generates from (whole releases cut at
sentence boundaries to fit 512 tokens); every side runs exactly those chunks:
  card       the XLSum model card's code, one chunk at a time: tokenizer(..., padding="max_length",
             truncation=True, max_length=512) (the card pads every input to 512), model.generate(), decode
  nopad      the same loop without padding (padding=False): shows what batching alone gains
  ours       communique's engine: digest_many() over the analysed releases (batches sorted by length,
             beams sharing one cross-attention cache, evidence alignment, faithfulness guard, top-up)
  ours-int8  the same with --quantize int8
Each run is its own process, started from a parent that never imports torch, so its peak RSS
(ru_maxrss) is that side's own. All sides run one after another in the same run, each with the same
OMP_NUM_THREADS (--threads, default: the CPUs) and OMP_WAIT_POLICY (--omp-wait, default PASSIVE, the
engine's own default), set by the parent whatever the caller's shell had: torch and CTranslate2 read
both when they start, and a side that spins at OpenMP barriers on a loaded CPU pays for it in CPU time.
The sides alternate over --repeat rounds and the report gives each side's run of least CPU time (other
jobs on a shared machine only add to it) and its highest peak, with the load average around each run.

    .venv/bin/python bench/seq2seq.py [--releases 32] [--size base|medium|small] [--tokens 16] [--beams 4]
        [--batch-size 8] [--repeat 1] [--threads N] [--omp-wait PASSIVE|ACTIVE] [--sides card,ours,ct2]

  ct2        the engine with --backend ctranslate2 (int8 on a CPU); the conversion is made in the build
             step (in a cache beside the model), as a user's first run makes it, and is not timed
--size medium has mT5-small dimensions with the full vocabulary (quicker checks of decoding changes);
small checks the script. transformers 5 ties mT5's output layer to its embedding (MT5Config forces it),
so the base model has 390M distinct parameters; the FLOPs are mT5-base's.
After the sides, the compute bound: the FLOPs of the work at the least (real tokens only, the
cross-attention keys once per input) against this CPU's fp32 matmul rate measured in the same run.

Figures: README, "Speed". (Earlier figures, 2026-12-03, were not one run: the card side ran alone at
another time and load, with torch's default OpenMP spinning, the engine sides with PASSIVE.)
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from tiny_models import spm_bytes  # the tests' vocabulary trainer, one copy

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
VOCAB = 250_112


TEXTS_DIR: Path | None = None  # --texts: plain-text releases to use instead


def release_paths() -> list[Path]:
    for folder in ([TEXTS_DIR] if TEXTS_DIR else []) + [CORPUS, ROOT / "examples"]:
        files = (
            sorted(p for p in folder.glob("*") if p.suffix in {".txt", ".html", ".md"})
            if folder.is_dir()
            else []
        )
        if files:
            return files
    return []


def release_texts(n: int) -> list[str]:
    """n release texts: the dev corpus (else examples/) read the way communique reads them, cycled."""
    from communique.input import sources

    texts = []
    for p in release_paths():
        try:
            texts.append(sources.read_path(p).text)
        except Exception:  # an optional reader missing (e.g. trafilatura on a bare GPU machine)
            continue
    if not texts:  # synthetic: a user's clone without examples
        texts = [
            f"Meeting number {i}. The ministers discussed trade and energy cooperation." * 20
            for i in range(8)
        ]
    return [texts[i % len(texts)] for i in range(n)]


SIZES = {
    "small": dict(d_model=64, d_kv=16, d_ff=128, num_layers=2, num_decoder_layers=2, num_heads=4),
    # mT5-small dimensions: the full vocabulary (so the output layer's cost), a cheaper stack
    "medium": dict(d_model=512, d_kv=64, d_ff=1024, num_layers=8, num_decoder_layers=8, num_heads=6),
    "base": dict(d_model=768, d_kv=64, d_ff=2048, num_layers=12, num_decoder_layers=12, num_heads=12),
}


def build_model(folder: Path, size: str) -> Path:
    """Random mT5-base-sized checkpoint (safetensors) with a padded-out sentencepiece tokenizer."""
    if (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file():
        return folder
    import sentencepiece as spm
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    lines = [ln for t in release_texts(64) for ln in t.splitlines() if ln.strip()]
    proto = spm_bytes(lines, 4000)
    sp = spm.SentencePieceProcessor(model_proto=proto)
    pieces = [(sp.id_to_piece(i), float(sp.get_score(i))) for i in range(sp.get_piece_size())]
    vocab = max(len(pieces), 2048 if size == "small" else VOCAB)
    pieces += [(f"\u2400{i}\u2400", -1e4) for i in range(len(pieces), vocab)]  # never chosen, decodable
    dims = SIZES[size]
    cfg = MT5Config(
        vocab_size=vocab,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
        tie_word_embeddings=False,
        **dims,
    )
    torch.manual_seed(0)
    model = MT5ForConditionalGeneration(cfg).eval()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=512).save_pretrained(folder)
    return folder


def _ws(text: str) -> str:  # the XLSum card's WHITESPACE_HANDLER
    return re.sub(r"\s+", " ", re.sub("\n+", " ", text.strip()))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _threads_seen(side: str) -> int:
    """The thread count this side's runtime runs with (torch's; CTranslate2 takes OMP_NUM_THREADS)."""
    if side == "ct2":
        return int(os.environ.get("OMP_NUM_THREADS", "0"))
    import torch  # only now: the engine imports it itself, after its OpenMP setting

    return int(torch.get_num_threads())


def _cpu_s() -> float:
    """CPU seconds of this process: steadier than wall time when other jobs share the cores."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def prep(folder: Path, args: argparse.Namespace, out: Path) -> None:
    """Analyse the releases and plan communique's chunks once; every side reads the result."""
    from communique import core
    from communique.models.seq2seq import Seq2SeqEngine
    from communique.options import Options

    opts = Options(engine="seq2seq", model=str(folder), lang=args.lang)
    docs = [_analyse(core, t, opts) for t in release_texts(args.releases)]
    eng = Seq2SeqEngine(opts)
    chunks = [[" ".join(s.text for s in chunk) for chunk in eng.plan(d)] for d in docs]
    out.write_bytes(pickle.dumps({"docs": docs, "chunks": chunks}))


def _analyse(core: Any, text: str, opts: Any) -> Any:
    """The release as communique analyses it; language and sentences alone if an extractor fails
    (they are not engine work, and another module may be mid-change while this runs)."""
    src = core.load(text, opts)
    try:
        return core.analyse(src, opts)
    except Exception:
        from communique.analysis.text import detect_language, split_sentences
        from communique.document import Document
        from communique.lang import resources

        lang = opts.lang or detect_language(src.text)
        res = resources(lang)
        return Document(source=src, lang=lang, res=res, sentences=split_sentences(src.text, res))


# ours-half and ct2-int8 are for a GPU: bfloat16 / int8_bfloat16 for mT5 (float16 / int8_float16 for others)
BACKENDS = {
    "ours": "transformers",
    "ours-int8": "transformers",
    "ours-half": "transformers",
    "ct2": "ctranslate2",
    "ct2-int8": "ctranslate2",
}


def _engine_options(side: str, folder: Path, args: argparse.Namespace) -> Any:
    from communique.options import Options

    quantize = {
        "ours": "none",
        "ours-int8": "int8",
        "ours-half": "auto",
        "ct2": "int8" if args.device == "cpu" else "auto",
        "ct2-int8": "int8",
    }
    return Options(
        engine="seq2seq",
        model=str(folder),
        lang=args.lang,
        num_beams=args.beams,
        max_new_tokens=args.tokens,
        batch_size=args.batch_size,
        quantize=quantize[side],  # type: ignore[arg-type]
        backend=BACKENDS[side],  # type: ignore[arg-type]
        device=args.device,
    )


def convert_for_ct2(folder: Path, args: argparse.Namespace) -> None:
    """CTranslate2's copies made before any side is timed (once; the cache keeps them), as a user's
    first run would make them."""
    from communique.models.seq2seq import Seq2SeqEngine

    for side in (s for s in args.sides.split(",") if BACKENDS.get(s) == "ctranslate2"):
        eng = Seq2SeqEngine(_engine_options(side, folder, args))
        eng.load()
        if eng.backend != "ctranslate2":
            raise SystemExit(f"{side}: the ctranslate2 conversion failed (see above)")


def compute_bound(folder: Path, args: argparse.Namespace) -> dict[str, object]:
    """FLOPs of the work (the minimum: real tokens, cross-attention keys once per input) and this
    CPU's fp32 matmul rate measured now, in this process, with the engine's thread count."""
    import torch
    from transformers import AutoConfig, AutoTokenizer

    from communique.models.backends import cpu_threads

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or cpu_threads()))
    work = pickle.loads(Path(args.work).read_bytes())
    texts = [c for release in work["chunks"] for c in release]
    tok = AutoTokenizer.from_pretrained(str(folder))
    lengths = [len(x) for x in tok(texts, truncation=True, max_length=512)["input_ids"]]
    cfg = AutoConfig.from_pretrained(str(folder))
    rates: dict[str, float] = {}
    d, inner, ff, vocab = cfg.d_model, cfg.num_heads * cfg.d_kv, cfg.d_ff, cfg.vocab_size
    mats = 3 if cfg.is_gated_act else 2  # gated-gelu: wi_0, wi_1, wo
    enc = sum(n * cfg.num_layers * (2 * (4 * d * inner + mats * d * ff) + 4 * n * inner) for n in lengths)
    cross_kv = sum(n * cfg.num_decoder_layers * 2 * 2 * d * inner for n in lengths)
    row = cfg.num_decoder_layers * 2 * (4 * d * inner + 2 * d * inner + mats * d * ff) + 2 * d * vocab
    dec = sum(
        args.beams * (row + cfg.num_decoder_layers * 4 * (n + t) * inner)
        for n in lengths
        for t in range(args.tokens)
    )
    rate = cpu_rate = 0.0  # per second of wall time, and per CPU-second (steadier under others' load)
    for name, mul in _matmuls(torch).items():
        for m, k, n in (
            (512, d, ff),
            (args.batch_size * args.beams, d, ff),
            (args.batch_size * args.beams, d, vocab),
        ):
            a, w = torch.randn(m, k), torch.randn(n, k)  # a Linear layer's (out, in) weight
            mul(a, w)
            t0, c0, reps = time.perf_counter(), _cpu_s(), 0
            while time.perf_counter() - t0 < 2.0:
                mul(a, w)
                reps += 1
            wall_rate = 2 * m * k * n * reps / (time.perf_counter() - t0)
            per_cpu = 2 * m * k * n * reps / max(1e-9, _cpu_s() - c0)
            rates[name] = max(rates.get(name, 0.0), per_cpu)
            rate, cpu_rate = max(rate, wall_rate), max(cpu_rate, per_cpu)
    total = enc + cross_kv + dec
    generated = len(lengths) * args.tokens
    return {
        "gflop": round(total / 1e9, 1),
        "gflop_encoder": round((enc + cross_kv) / 1e9, 1),
        "mflop_per_generated_token": round(total / generated / 1e6),
        "decoder_mflop_per_token_per_beam": round(row / 1e6),
        "matmul_gflops": round(rate / 1e9, 1),
        "matmul_gflop_per_cpu_s": round(cpu_rate / 1e9, 1),
        "matmul_gflop_per_cpu_s_by_library": {k: round(v / 1e9, 1) for k, v in rates.items()},
        "bound_s": round(total / rate, 2),
        "bound_cpu_s": round(total / cpu_rate, 2),
        "bound_tokens_per_s": round(generated * rate / total, 2),
        "input_tokens": sum(lengths),
    }


def _matmuls(torch: Any) -> dict[str, Any]:
    """The fp32 matmuls this torch has: its default BLAS (``linear``) and oneDNN's, which the engine
    uses on a CPU (hf_patches.onednn_linears); the bound takes the faster."""
    out = {"torch linear (MKL)": torch.nn.functional.linear}
    op = getattr(torch.ops.mkldnn, "_linear_pointwise", None)
    if op is not None and torch.backends.mkldnn.is_available():
        out["oneDNN"] = lambda a, w: op(a, w, None, "none", [], "")
    return out


def run_side(side: str, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    work = pickle.loads(Path(args.work).read_bytes())
    chunks: list[list[str]] = work["chunks"]
    n_chunks = sum(len(c) for c in chunks)

    if side in ("card", "nopad"):
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        t0 = time.perf_counter()
        tokenizer = AutoTokenizer.from_pretrained(str(folder))
        model = AutoModelForSeq2SeqLM.from_pretrained(str(folder)).to(args.device)
        load_s = time.perf_counter() - t0
        load_peak = _peak_mb()
        pad = {"padding": "max_length"} if side == "card" else {"padding": False}
        texts: list[str] = []
        t0, c0 = time.perf_counter(), _cpu_s()
        for text in (c for release in chunks for c in release):
            input_ids = tokenizer([_ws(text)], return_tensors="pt", truncation=True, max_length=512, **pad)[
                "input_ids"
            ].to(args.device)
            output_ids = model.generate(
                input_ids=input_ids,
                max_new_tokens=args.tokens,
                min_new_tokens=args.tokens,
                no_repeat_ngram_size=2,
                num_beams=args.beams,
            )[0]
            texts.append(
                tokenizer.decode(output_ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
            )
    else:
        from communique.models import seq2seq
        from communique.models.seq2seq import Seq2SeqEngine

        if args.slot_tokens:
            seq2seq.TOKENS_PER_BATCH = args.slot_tokens
        t0 = time.perf_counter()
        eng = Seq2SeqEngine(_engine_options(side, folder, args))
        eng.load()
        load_s = time.perf_counter() - t0
        if eng.backend != BACKENDS[side]:
            raise SystemExit(f"{side}: the engine runs {eng.backend}, not {BACKENDS[side]}")
        load_peak = _peak_mb()
        eng.generate_kwargs.update(min_new_tokens=args.tokens, no_repeat_ngram_size=2)
        docs = work["docs"]
        planned = [[" ".join(s.text for s in chunk) for chunk in eng.plan(d)] for d in docs]
        if planned != chunks:
            raise SystemExit("the engine planned other chunks than the prep process")
        texts = []
        generate = eng.generate

        def kept(batch: Any, **kw: Any) -> list[str]:
            out = generate(batch, **kw)
            texts.extend(out)
            return out

        eng.generate = kept  # type: ignore[method-assign]
        t0, c0 = time.perf_counter(), _cpu_s()
        eng.digest_many(docs)
    secs, cpu = time.perf_counter() - t0, _cpu_s() - c0
    peak = _peak_mb()
    if args.device == "cuda":
        import torch

        peak = torch.cuda.max_memory_allocated() / 2**20  # the GPU's peak, not the host's
    return {
        "side": side,
        "releases": len(chunks),
        "chunks": n_chunks,
        "seconds": round(secs, 2),
        "cpu_s": round(cpu, 2),
        "releases_per_s": round(len(chunks) / secs, 3),
        "chunks_per_s": round(n_chunks / secs, 3),
        "tokens_per_s": round(n_chunks * args.tokens / secs, 2),  # generated tokens (each of --beams beams)
        "tokens_per_cpu_s": round(n_chunks * args.tokens / max(cpu, 1e-9), 3),
        "load_s": round(load_s, 1),
        "load_peak_mb": round(load_peak),
        "peak_rss_mb": round(peak),
        "threads": _threads_seen(side),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "texts": [" ".join(t.split()) for t in texts],  # each chunk's generated text, in chunk order
    }


def _child(args: argparse.Namespace, folder: Path, side: str, extra: list[str]) -> str:
    cmd = [
        sys.executable,
        __file__,
        "--side",
        side,
        "--model-dir",
        str(folder),
        "--releases",
        str(args.releases),
        "--tokens",
        str(args.tokens),
        "--beams",
        str(args.beams),
        "--batch-size",
        str(args.batch_size),
        "--slot-tokens",
        str(args.slot_tokens),
        "--device",
        args.device,
        "--size",
        args.size,
        "--sides",
        args.sides,
        *extra,
    ]
    cmd += (["--lang", args.lang] if args.lang else []) + (["--texts", str(args.texts)] if args.texts else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, env=_child_env(args))
    if out.returncode != 0:
        sys.exit(f"{side} failed:\n{out.stderr[-3000:]}")
    return out.stdout


def _child_env(args: argparse.Namespace) -> dict[str, str]:
    """Every side's environment: the same thread count and OpenMP wait policy (torch and CTranslate2
    both read them when they start), whatever the caller's shell had."""
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(args.threads)
    env["OMP_WAIT_POLICY"] = args.omp_wait
    env.pop("MKL_NUM_THREADS", None)
    return env


def _default_threads() -> int:
    """The CPUs this process may use (the engine's own default), computed without importing torch."""
    return max(1, len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=int, default=32)
    ap.add_argument("--tokens", type=int, default=16, help="new tokens per chunk (min = max)")
    ap.add_argument("--beams", type=int, default=4, help="num_beams, every side (the XLSum card uses 4)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds; the sides alternate, the run of least CPU time is reported",
    )
    ap.add_argument(
        "--sides",
        default="card,ours,ct2",
        help="comma-separated: card nopad ours ours-int8 ct2 (ct2: --backend ctranslate2, int8 on a CPU)",
    )
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument(
        "--threads",
        type=int,
        default=_default_threads(),
        help="OMP_NUM_THREADS of every side (default: the CPUs)",
    )
    ap.add_argument(
        "--omp-wait",
        choices=["PASSIVE", "ACTIVE"],
        default="PASSIVE",
        help="OMP_WAIT_POLICY of every side (PASSIVE: the engine's default; ACTIVE: spinning)",
    )
    ap.add_argument("--lang", default=None, help="skip language detection (a machine without lingua)")
    ap.add_argument(
        "--size",
        choices=sorted(SIZES),
        default="base",
        help="base: mT5-base dimensions; small: check the script",
    )
    ap.add_argument("--model-dir", type=Path, default=None, help="where the random checkpoint is kept")
    ap.add_argument(
        "--texts", type=Path, default=None, help="a folder of .txt releases (default: the dev corpus)"
    )
    ap.add_argument(
        "--slot-tokens", type=int, default=0, help="override the engine's TOKENS_PER_BATCH (memory knob)"
    )
    ap.add_argument("--build-only", action="store_true", help="build the random checkpoint and stop")
    ap.add_argument(
        "--side",
        choices=["build", "prep", "bound", "card", "nopad", *BACKENDS],
        help=argparse.SUPPRESS,
    )
    ap.add_argument("--work", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    global TEXTS_DIR
    TEXTS_DIR = args.texts
    folder = args.model_dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"communique-bench-mt5-{args.size}"
    os.environ.setdefault("HF_HUB_CACHE", f"{folder}-hf-cache")  # CTranslate2's copy, beside the model
    if args.side == "build":
        build_model(folder, args.size)
        if any(BACKENDS.get(s) == "ctranslate2" for s in args.sides.split(",")):
            convert_for_ct2(folder, args)
        return
    if args.side == "bound":
        print(json.dumps(compute_bound(folder, args)))
        return
    if args.side == "prep":
        prep(folder, args, Path(args.work))
        return
    if args.side:
        print(json.dumps(run_side(args.side, folder, args)))
        return
    # the parent imports neither torch nor the engine: a child's ru_maxrss starts from the parent's
    print(
        f"model: {folder} ({args.size}: {SIZES[args.size]}), building if absent...",
        flush=True,
    )
    _child(args, folder, "build", [])
    if args.build_only:
        return
    sides = [s for s in args.sides.split(",") if s]
    if args.device == "cuda":
        sides = [s for s in sides if s != "ours-int8"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work.pickle"
        _child(args, folder, "prep", ["--work", str(work)])
        bound = json.loads(_child(args, folder, "bound", ["--work", str(work)]).strip().splitlines()[-1])
        runs: dict[str, list[dict[str, object]]] = {s: [] for s in sides}
        print(
            f"every side: OMP_NUM_THREADS={args.threads} OMP_WAIT_POLICY={args.omp_wait}, its own process, "
            "one after another in this run",
            flush=True,
        )
        for rnd in range(max(1, args.repeat)):
            for side in sides if rnd % 2 == 0 else sides[::-1]:
                began, load0 = time.strftime("%H:%M:%S", time.gmtime()), _load()
                r = json.loads(_child(args, folder, side, ["--work", str(work)]).strip().splitlines()[-1])
                r |= {"began_utc": began, "load_before": load0, "load_after": _load()}
                runs[side].append(r)
                print(
                    f"  round {rnd + 1} {side:<10} from {began} UTC  {r['seconds']:>7} s  (CPU {r['cpu_s']} s)  "
                    f"{r['tokens_per_s']:>6} tokens/s  peak {r['peak_rss_mb']} MB (after load {r['load_peak_mb']} MB)  "
                    f"threads {r['threads']} {r['omp_wait_policy']}  load average {load0} -> {r['load_after']}",
                    flush=True,
                )
    seen = {(r["threads"], r["omp_wait_policy"]) for rs in runs.values() for r in rs}
    if len(seen) != 1:
        sys.exit(f"the sides ran with different thread settings: {sorted(seen)}")
    res = {s: _summary(rs) for s, rs in runs.items()}
    unit = "GPU" if args.device == "cuda" else "RSS"
    print(
        f"\n{res[sides[0]]['releases']} releases, {res[sides[0]]['chunks']} chunks (the same on every side), "
        f"{args.tokens} new tokens per chunk, {args.beams} beams, least CPU time of {max(1, args.repeat)} run(s), highest peak:"
    )
    base = res.get("card") or res[sides[0]]
    print(
        f"{'side':<10} {'CPU s':>8} {'wall s':>8} {'peak MB':>8} {'tokens/s':>9} {'tok/CPU-s':>9}  "
        f"{'x card CPU':>10} {'x card wall':>11} {'x card mem':>10}  of the fp32 bound (CPU)"
    )
    for side in sides:
        r = res[side]
        ratio = float(base["seconds"]) / float(r["seconds"])  # type: ignore[arg-type]
        cpu_ratio = float(base["cpu_s"]) / float(r["cpu_s"])  # type: ignore[arg-type]
        mem = int(r["peak_rss_mb"]) / int(base["peak_rss_mb"])  # type: ignore[call-overload]
        print(
            f"{side:<10} {r['cpu_s']:>8} {r['seconds']:>8} {r['peak_rss_mb']:>8} {r['tokens_per_s']:>9} "
            f"{r['tokens_per_cpu_s']:>9}  {cpu_ratio:>9.2f}x {ratio:>10.2f}x {mem:>9.2f}x  "
            f"{float(bound['bound_cpu_s']) / float(r['cpu_s']):.0%}"  # type: ignore[arg-type]
        )
    print(f"(unit of peak: {unit}; threads {args.threads}, OMP_WAIT_POLICY={args.omp_wait} on every side)")
    for side in sides:
        if side != "card" and "card" in res:
            mine, card = list(res[side]["texts"]), list(res["card"]["texts"])  # type: ignore[call-overload]
            same = sum(a == b for a, b in zip(mine, card, strict=True))
            print(
                f"{side}: the same generated text as the card loop on {same} of {len(card)} chunks (its inputs "
                "are whitespace-normalised and padded to 512 positions, so its sums round differently)"
            )
    print(
        f"compute bound: {bound['gflop']} GFLOP for this work ({bound['gflop_encoder']} in the encoder and "
        f"cross-attention keys), {bound['mflop_per_generated_token']} MFLOP per generated token "
        f"({args.beams} beams; {bound['decoder_mflop_per_token_per_beam']} MFLOP a decoder step per beam); "
        f"this CPU's fp32 matmul rate, measured now: {bound['matmul_gflops']} GFLOP/s -> at best "
        f"{bound['bound_s']} s, {bound['bound_tokens_per_s']} tokens/s in fp32 (int8 kernels may go past it); "
        f"{bound['matmul_gflop_per_cpu_s']} GFLOP per CPU-second -> {bound['bound_cpu_s']} CPU-s "
        f"(fastest fp32 matmul per CPU-second: {bound['matmul_gflop_per_cpu_s_by_library']})"
    )
    if "card" in res:
        best = float(res["card"]["cpu_s"]) / float(bound["bound_cpu_s"])  # type: ignore[arg-type]
        print(f"so by CPU time no fp32 implementation of this work beats the card by more than {best:.2f}x")
    if "nopad" in res:
        for side in (s for s in sides if s.startswith("ours")):
            print(
                f"{side} / nopad: {float(res['nopad']['seconds']) / float(res[side]['seconds']):.2f}x, "  # type: ignore[arg-type]
                f"{float(res['nopad']['cpu_s']) / float(res[side]['cpu_s']):.2f}x by CPU time "  # type: ignore[arg-type]
                "(batching alone, no padding on either side)"
            )
    print(
        json.dumps(
            {
                "settings": vars(args) | {"model_dir": str(folder)},
                "bound": bound,
                "results": res,
                "runs": runs,
            },
            default=str,
        )
    )


def _summary(rs: list[dict[str, object]]) -> dict[str, object]:
    """The run of least CPU time (other jobs only ever add to it), with the highest peak memory of all runs."""
    best = min(rs, key=lambda r: float(r["cpu_s"]))  # type: ignore[arg-type]
    return best | {"peak_rss_mb": max(int(r["peak_rss_mb"]) for r in rs)}  # type: ignore[call-overload]


if __name__ == "__main__":
    main()
