"""Benchmark: communique's batched seq2seq path vs. the model card's one-release-at-a-time loop.

The model is an mT5 with mT5-base dimensions (d_model 768, 12+12 layers, 12 heads, d_ff 2048,
vocabulary 250,112) and random weights: weights do not change the cost. Its tokenizer is a small
sentencepiece vocabulary trained on the releases, padded out to the model's vocabulary with pieces
that never match, so both sides tokenize the same way. Every chunk generates exactly --tokens new
tokens (min = max), so both sides do equal decoding work per input.

Each side runs in its own process (peak RSS is per process), one after the other:
  baseline   the XLSum model card: for each release, tokenizer(..., padding="max_length",
             truncation=True, max_length=512), model.generate(...), tokenizer.decode(...)
  ours       communique's engine: digest_many() over all releases (chunking at sentence
             boundaries, batches sorted by length, evidence alignment and the faithfulness guard)
  ours-int8  the same with --quantize int8

    .venv/bin/python bench/seq2seq.py [--releases 32] [--tokens 32] [--beams 4] [--batch-size 8]

Measured 2026-11-27 (--releases 32 --tokens 16 --beams 4 --batch-size 8, the 14 dev releases cycled;
each side pinned to 2 cores of an idle 16-core host, OMP_NUM_THREADS=2; torch 2.11, transformers 5.17):
  baseline   0.307 releases/s, 32 chunks (truncated at 512 tokens), peak RSS 2958 MB
  ours       0.506 releases/s (1.65x; 2.42x per chunk), 47 chunks (whole releases), peak RSS 3998 MB
  ours-int8  0.856 releases/s (2.79x; 4.10x per chunk), peak RSS 4419 MB
On an H200 (--device cuda --tokens 32 --batch-size 16): 1.85 vs 4.82 releases/s (2.61x).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
VOCAB = 250_112


TEXTS_DIR: Path | None = None  # --texts: plain-text releases to use instead


def release_paths() -> list[Path]:
    for folder in ([TEXTS_DIR] if TEXTS_DIR else []) + [CORPUS, ROOT / "examples"]:
        files = sorted(p for p in folder.glob("*") if p.suffix in {".txt", ".html", ".md"}) if folder.is_dir() else []
        if files:
            return files
    return []


def release_texts(n: int) -> list[str]:
    """n release texts: the dev corpus (else examples/) read the way communique reads them, cycled."""
    from communique import sources

    texts = []
    for p in release_paths():
        try:
            texts.append(sources.read_path(p).text)
        except Exception:  # an optional reader missing (e.g. trafilatura on a bare GPU machine)
            continue
    if not texts:  # synthetic: a user's clone without examples
        texts = [f"Meeting number {i}. The ministers discussed trade and energy cooperation." * 20 for i in range(8)]
    return [texts[i % len(texts)] for i in range(n)]


def build_model(folder: Path, small: bool) -> Path:
    """Random mT5-base-sized checkpoint (safetensors) with a padded-out sentencepiece tokenizer."""
    if (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file():
        return folder
    import io

    import sentencepiece as spm
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    buf = io.BytesIO()
    lines = [ln for t in release_texts(64) for ln in t.splitlines() if ln.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=buf, vocab_size=4000, model_type="unigram",
        pad_id=0, eos_id=1, unk_id=2, bos_id=-1, hard_vocab_limit=False, character_coverage=1.0, minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    pieces = [(sp.id_to_piece(i), float(sp.get_score(i))) for i in range(sp.get_piece_size())]
    vocab = max(len(pieces), 2048 if small else VOCAB)
    pieces += [(f"\u2400{i}\u2400", -1e4) for i in range(len(pieces), vocab)]  # never chosen, decodable
    dims = dict(d_model=64, d_kv=16, d_ff=128, num_layers=2, num_decoder_layers=2, num_heads=4) if small else dict(
        d_model=768, d_kv=64, d_ff=2048, num_layers=12, num_decoder_layers=12, num_heads=12
    )
    cfg = MT5Config(vocab_size=vocab, decoder_start_token_id=0, pad_token_id=0, eos_token_id=1,
                    tie_word_embeddings=False, **dims)
    torch.manual_seed(0)
    model = MT5ForConditionalGeneration(cfg).eval()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=512).save_pretrained(folder)
    return folder


def _ws(text: str) -> str:  # the XLSum card's WHITESPACE_HANDLER
    return re.sub(r"\s+", " ", re.sub("\n+", " ", text.strip()))


def run_side(side: str, folder: Path, args: argparse.Namespace) -> dict[str, object]:
    texts = release_texts(args.releases)
    if side == "baseline":
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        t0 = time.perf_counter()
        tokenizer = AutoTokenizer.from_pretrained(str(folder))
        model = AutoModelForSeq2SeqLM.from_pretrained(str(folder)).to(args.device)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for text in texts:
            input_ids = tokenizer(
                [_ws(text)], return_tensors="pt", padding="max_length", truncation=True, max_length=512
            )["input_ids"].to(args.device)
            output_ids = model.generate(
                input_ids=input_ids, max_new_tokens=args.tokens, min_new_tokens=args.tokens,
                no_repeat_ngram_size=2, num_beams=args.beams,
            )[0]
            tokenizer.decode(output_ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        chunks = len(texts)
        threads = torch.get_num_threads()
    else:
        from communique import core
        from communique.models import seq2seq
        from communique.models.seq2seq import Seq2SeqEngine

        if args.slot_tokens:
            seq2seq.TOKENS_PER_BATCH = args.slot_tokens
        from communique.options import Options

        opts = Options(engine="seq2seq", model=str(folder), lang=args.lang, num_beams=args.beams, max_new_tokens=args.tokens,
                       batch_size=args.batch_size, quantize="int8" if side == "ours-int8" else "none", device=args.device)
        docs = [core.analyse(core.load(t, opts), opts) for t in texts]  # extractors: not engine work
        t0 = time.perf_counter()
        eng = Seq2SeqEngine(opts)
        eng.load()
        load_s = time.perf_counter() - t0
        eng.generate_kwargs.update(min_new_tokens=args.tokens, no_repeat_ngram_size=2)
        chunks = sum(len(eng.plan(d)) for d in docs)
        t0 = time.perf_counter()
        eng.digest_many(docs)
        import torch

        threads = torch.get_num_threads()
    secs = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.device == "cuda":
        import torch

        rss_mb = torch.cuda.max_memory_allocated() / 2**20  # the GPU's peak, not the host's
    return {"side": side, "releases": len(texts), "chunks": chunks, "seconds": round(secs, 2),
            "releases_per_s": round(len(texts) / secs, 3), "load_s": round(load_s, 1),
            "peak_rss_mb": round(rss_mb), "threads": threads}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=int, default=32)
    ap.add_argument("--tokens", type=int, default=32, help="new tokens per chunk (min = max)")
    ap.add_argument("--beams", type=int, default=4, help="num_beams, both sides (the XLSum card uses 4)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--no-int8", action="store_true", help="skip the --quantize int8 run (CPU only)")
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--lang", default=None, help="skip language detection (a machine without lingua)")
    ap.add_argument("--small", action="store_true", help="tiny dimensions: check the script, not the speed")
    ap.add_argument("--model-dir", type=Path, default=None, help="where the random checkpoint is kept")
    ap.add_argument("--texts", type=Path, default=None, help="a folder of .txt releases (default: the dev corpus)")
    ap.add_argument("--slot-tokens", type=int, default=0, help="override the engine's TOKENS_PER_BATCH (memory knob)")
    ap.add_argument("--build-only", action="store_true", help="build the random checkpoint and stop")
    ap.add_argument("--side", choices=["baseline", "ours", "ours-int8"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    global TEXTS_DIR
    TEXTS_DIR = args.texts
    folder = args.model_dir or Path(os.environ.get("TMPDIR", "/tmp")) / (
        "communique-bench-mt5" + ("-small" if args.small else "-base")
    )
    if args.side:
        print(json.dumps(run_side(args.side, folder, args)))
        return
    print(f"model: {folder} ({'small' if args.small else 'mT5-base dimensions'}), building if absent...", flush=True)
    build_model(folder, args.small)
    if args.build_only:
        return
    sides = ["baseline", "ours"] + ([] if args.no_int8 or args.device == "cuda" else ["ours-int8"])
    res: dict[str, dict[str, object]] = {}
    for side in sides:
        cmd = [sys.executable, __file__, "--side", side, "--model-dir", str(folder), "--releases", str(args.releases),
               "--tokens", str(args.tokens), "--beams", str(args.beams), "--batch-size", str(args.batch_size), "--slot-tokens", str(args.slot_tokens),
               "--device", args.device] + (["--lang", args.lang] if args.lang else []) + (
                   ["--texts", str(args.texts)] if args.texts else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            sys.exit(f"{side} failed:\n{out.stderr[-3000:]}")
        res[side] = json.loads(out.stdout.strip().splitlines()[-1])
        r = res[side]
        print(f"{side:<10} {r['releases_per_s']:>7} releases/s  {r['seconds']:>7} s  chunks {r['chunks']:>3}  "
              f"peak {'GPU' if args.device == 'cuda' else 'RSS'} {r['peak_rss_mb']} MB  load {r['load_s']} s  threads {r['threads']}", flush=True)
    b = res["baseline"]
    for side in sides[1:]:
        r = res[side]
        per_chunk = (float(b["seconds"]) / int(b["chunks"])) / (float(r["seconds"]) / int(r["chunks"]))  # type: ignore[arg-type]
        print(f"{side} / baseline: {float(r['releases_per_s']) / float(b['releases_per_s']):.2f}x releases/s "  # type: ignore[arg-type]
              f"({per_chunk:.2f}x per chunk: it reads every chunk, the card truncates at 512 tokens), "
              f"{int(r['peak_rss_mb']) / int(b['peak_rss_mb']):.2f}x peak memory")  # type: ignore[call-overload]
    print(json.dumps({"settings": vars(args) | {"model_dir": str(folder)}, "results": res}, default=str))


if __name__ == "__main__":
    main()
