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
(ru_maxrss) is that side's own; the sides alternate over --repeat rounds (a shared machine is noisy)
and the report gives the fastest run and the highest peak of each.

    .venv/bin/python bench/seq2seq.py [--releases 32] [--size base|small] [--tokens 16] [--beams 4]
        [--batch-size 8] [--repeat 2] [--sides card,ours,ours-int8,ct2]

  ct2        the engine with --backend ctranslate2 (int8 on a CPU); the conversion is made in the build
             step (in a cache beside the model), as a user's first run makes it, and is not timed
After the sides, the compute bound: the FLOPs of the work at the least (real tokens only, the
cross-attention keys once per input) against this CPU's fp32 matmul rate measured in the same run.

Measured 2026-12-03, torch 2.13 CPU, transformers 5.25, ctranslate2 4.8.5, 2 cores shared with other
helpers' jobs, --releases 32 (63 chunks) --tokens 16 --beams 4 --batch-size 8 --repeat 1; the card side
alone (--sides card, load average 4-11), then ours and ct2 together (--sides ours / --sides ct2, 3-6):
  card   3097.9 s (CPU 1342.5 s)  0.33 tokens/s  1.00x                      peak RSS 2667 MB
  ours    353.6 s (CPU  253.8 s)  2.85 tokens/s  8.76x (5.29x by CPU time)  peak RSS 2558 MB (0.96x)
  ct2     180.1 s (CPU   85.1 s)  5.60 tokens/s  17.2x (15.8x by CPU time)  peak RSS 1532 MB (0.57x)
  bound: 7552 GFLOP (5146 in the encoder), 7492 MFLOP per generated token, 582 MFLOP a decoder step
  per beam; fp32 matmul 41-51 GFLOP per CPU-second -> 148-184 CPU-s (ours 73% of it, the card 12%).
The card side runs torch's default OpenMP spinning, which costs it most under load (README).
Earlier, 8 releases (before the larger batches): card 377 CPU-s, ours 2.03x by CPU, ct2 26x.
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


BACKENDS = {"ours": "transformers", "ours-int8": "transformers", "ct2": "ctranslate2"}


def _engine_options(side: str, folder: Path, args: argparse.Namespace) -> Any:
    from communique.options import Options

    quantize = {"ours": "none", "ours-int8": "int8", "ct2": "int8" if args.device == "cpu" else "auto"}
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
    """CTranslate2's copy made before any side is timed (once; the cache keeps it), as a user's
    first run would make it."""
    from communique.models.seq2seq import Seq2SeqEngine

    eng = Seq2SeqEngine(_engine_options("ct2", folder, args))
    eng.load()
    if eng.backend != "ctranslate2":
        raise SystemExit("the ctranslate2 conversion failed (see above)")


def compute_bound(folder: Path, args: argparse.Namespace) -> dict[str, object]:
    """FLOPs of the work (the minimum: real tokens, cross-attention keys once per input) and this
    CPU's fp32 matmul rate measured now, in this process, with the engine's thread count."""
    import torch
    from transformers import AutoConfig, AutoTokenizer

    from communique.models.backends import cpu_threads

    torch.set_num_threads(cpu_threads())
    work = pickle.loads(Path(args.work).read_bytes())
    texts = [c for release in work["chunks"] for c in release]
    tok = AutoTokenizer.from_pretrained(str(folder))
    lengths = [len(x) for x in tok(texts, truncation=True, max_length=512)["input_ids"]]
    cfg = AutoConfig.from_pretrained(str(folder))
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
    for m, k, n in (
        (512, d, ff),
        (args.batch_size * args.beams, d, ff),
        (args.batch_size * args.beams, d, vocab),
    ):
        a, b = torch.randn(m, k), torch.randn(k, n)
        a @ b
        t0, c0, reps = time.perf_counter(), _cpu_s(), 0
        while time.perf_counter() - t0 < 2.0:
            a @ b
            reps += 1
        rate = max(rate, 2 * m * k * n * reps / (time.perf_counter() - t0))
        cpu_rate = max(cpu_rate, 2 * m * k * n * reps / max(1e-9, _cpu_s() - c0))
    total = enc + cross_kv + dec
    generated = len(lengths) * args.tokens
    return {
        "gflop": round(total / 1e9, 1),
        "gflop_encoder": round((enc + cross_kv) / 1e9, 1),
        "mflop_per_generated_token": round(total / generated / 1e6),
        "decoder_mflop_per_token_per_beam": round(row / 1e6),
        "matmul_gflops": round(rate / 1e9, 1),
        "matmul_gflop_per_cpu_s": round(cpu_rate / 1e9, 1),
        "bound_s": round(total / rate, 2),
        "bound_cpu_s": round(total / cpu_rate, 2),
        "bound_tokens_per_s": round(generated * rate / total, 2),
        "input_tokens": sum(lengths),
    }


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
            tokenizer.decode(output_ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
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
        t0, c0 = time.perf_counter(), _cpu_s()
        eng.digest_many(docs)
    secs, cpu = time.perf_counter() - t0, _cpu_s() - c0
    peak = _peak_mb()
    import torch  # only now: the engine imports it itself, after its OpenMP setting

    if args.device == "cuda":
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
        "load_s": round(load_s, 1),
        "load_peak_mb": round(load_peak),
        "peak_rss_mb": round(peak),
        "threads": torch.get_num_threads(),
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
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{side} failed:\n{out.stderr[-3000:]}")
    return out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=int, default=32)
    ap.add_argument("--tokens", type=int, default=16, help="new tokens per chunk (min = max)")
    ap.add_argument("--beams", type=int, default=4, help="num_beams, every side (the XLSum card uses 4)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument(
        "--repeat", type=int, default=2, help="rounds; the sides alternate, the fastest run is reported"
    )
    ap.add_argument(
        "--sides",
        default="card,ours,ours-int8,ct2",
        help="comma-separated: card nopad ours ours-int8 ct2 (ct2: --backend ctranslate2, int8 on a CPU)",
    )
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
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
        if "ct2" in args.sides.split(","):
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
        f"model: {folder} ({'mT5-base dimensions' if args.size == 'base' else args.size}), building if absent...",
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
        for rnd in range(max(1, args.repeat)):
            for side in sides if rnd % 2 == 0 else sides[::-1]:
                r = json.loads(_child(args, folder, side, ["--work", str(work)]).strip().splitlines()[-1])
                runs[side].append(r)
                print(
                    f"  round {rnd + 1} {side:<10} {r['seconds']:>7} s  (CPU {r['cpu_s']} s)  {r['releases_per_s']:>6} releases/s  "
                    f"{r['chunks_per_s']:>6} chunks/s  {r['tokens_per_s']:>6} tokens/s  peak {r['peak_rss_mb']} MB (after load {r['load_peak_mb']} MB)",
                    flush=True,
                )
    res = {s: _summary(rs) for s, rs in runs.items()}
    unit = "GPU" if args.device == "cuda" else "RSS"
    print(
        f"\n{res[sides[0]]['releases']} releases, {res[sides[0]]['chunks']} chunks (the same on every side), "
        f"{args.tokens} new tokens per chunk, {args.beams} beams, best of {max(1, args.repeat)} runs, highest peak:"
    )
    base = res.get("card") or res[sides[0]]
    for side in sides:
        r = res[side]
        ratio = float(base["seconds"]) / float(r["seconds"])  # type: ignore[arg-type]
        cpu_ratio = float(base["cpu_s"]) / float(r["cpu_s"])  # type: ignore[arg-type]
        mem = int(r["peak_rss_mb"]) / int(base["peak_rss_mb"])  # type: ignore[call-overload]
        print(
            f"{side:<10} {r['releases_per_s']:>6} releases/s  {r['tokens_per_s']:>6} tokens/s  {ratio:5.2f}x card ({cpu_ratio:.2f}x by CPU time)  "
            f"peak {unit} {r['peak_rss_mb']} MB ({mem:.2f}x card)  load {r['load_s']} s  threads {r['threads']}  "
            f"{float(bound['bound_cpu_s']) / float(r['cpu_s']):.0%} of the fp32 bound by CPU time"  # type: ignore[arg-type]
        )
    print(
        f"compute bound: {bound['gflop']} GFLOP for this work ({bound['gflop_encoder']} in the encoder and "
        f"cross-attention keys), {bound['mflop_per_generated_token']} MFLOP per generated token "
        f"({args.beams} beams; {bound['decoder_mflop_per_token_per_beam']} MFLOP a decoder step per beam); "
        f"this CPU's fp32 matmul rate, measured now: {bound['matmul_gflops']} GFLOP/s -> at best "
        f"{bound['bound_s']} s, {bound['bound_tokens_per_s']} tokens/s in fp32 (int8 kernels may go past it); "
        f"{bound['matmul_gflop_per_cpu_s']} GFLOP per CPU-second -> {bound['bound_cpu_s']} CPU-s"
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
    """The fastest run (other jobs only ever add time), with the highest peak memory of all runs."""
    best = min(rs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    return best | {"peak_rss_mb": max(int(r["peak_rss_mb"]) for r in rs)}  # type: ignore[call-overload]


if __name__ == "__main__":
    main()
