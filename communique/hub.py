"""Model management: the known checkpoints, where they live on disk, and downloading them.

Nothing here imports torch or transformers: ``--engine auto`` asks :func:`availability` on every run,
so it must stay cheap (file-system checks only). huggingface_hub is imported only to download.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as _ir
from pathlib import Path
from typing import Any

from .cachefile import user_cache
from .errors import ModelError

DEFAULT_MODEL = "csebuetnlp/mT5_multilingual_XLSum"
MODEL_ENV = "COMMUNIQUE_MODEL"

# safetensors first; pickle (.bin/.pt) only when the user allows it, since unpickling can run code
SAFE_WEIGHTS = ("model.safetensors", "model.safetensors.index.json")
PICKLE_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")
# what a pull fetches: configs, tokenizer files and safetensors weights; never code (no remote code)
SAFE_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.txt", "*.md"]
PICKLE_PATTERNS = ["pytorch_model*.bin"]
_TRUE = {"1", "true", "yes", "on"}


@dataclass
class ModelCard:
    """A checkpoint an engine knows how to run (for ``communique models list``)."""

    id: str
    engine: str
    languages: str
    size: str
    licence: str
    notes: str = ""


@dataclass
class Card(ModelCard):
    """A known checkpoint (the model card in brief) with its input size and generation settings."""

    input_tokens: int | None = None
    generate: dict[str, Any] = field(default_factory=dict)


@cache
def known_cards() -> dict[str, Card]:
    raw = tomllib.loads(_ir.files("communique.models").joinpath("known.toml").read_text(encoding="utf-8"))
    return {m["id"]: Card(**m) for m in raw.get("model", [])}


def card(model: str) -> Card | None:
    return known_cards().get(model)


def default_model(model: str | None = None) -> str:
    """The model to run: the option, else $COMMUNIQUE_MODEL, else the default checkpoint."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def is_offline() -> bool:
    return any(
        os.environ.get(v, "").strip().lower() in _TRUE for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def cache_dir() -> Path:
    """The Hugging Face hub cache, resolved like huggingface_hub does (read at call time)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    return user_cache() / "huggingface" / "hub"


def looks_like_path(model: str) -> bool:
    return (
        model.startswith((".", "/", "~"))
        or os.sep in model.replace("/", "", 1)
        or Path(model).expanduser().is_dir()
    )


def weights_kind(folder: Path) -> str | None:
    """ "safetensors", "pickle" or None for a model folder (only complete shard sets count)."""

    def complete(name: str) -> bool:
        f = folder / name
        if not f.is_file():
            return False
        if name.endswith(".index.json"):
            try:
                shards = set(json.loads(f.read_text(encoding="utf-8"))["weight_map"].values())
            except (OSError, ValueError, KeyError):
                return False
            return all((folder / s).is_file() for s in shards)
        return True

    if any(complete(n) for n in SAFE_WEIGHTS):
        return "safetensors"
    if any(complete(n) for n in PICKLE_WEIGHTS):
        return "pickle"
    return None


def _repo_dir(model: str) -> Path:
    return cache_dir() / ("models--" + model.replace("/", "--"))


def cached_snapshot(model: str) -> Path | None:
    """The cached snapshot folder of a hub id holding a config and weights (main first), or None."""
    repo = _repo_dir(model)
    snaps = repo / "snapshots"
    if not snaps.is_dir():
        return None
    order: list[Path] = []
    ref = repo / "refs" / "main"
    if ref.is_file():
        order.append(snaps / ref.read_text(encoding="utf-8").strip())
    order += sorted((p for p in snaps.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for snap in order:
        if (snap / "config.json").is_file() and weights_kind(snap):
            return snap
    return None


def local_path(model: str) -> Path | None:
    """A folder to load ``model`` from without a network: the folder itself, or its cached snapshot."""
    p = Path(model).expanduser()
    if p.is_dir():
        return p if (p / "config.json").is_file() else None
    if looks_like_path(model):
        return None
    return cached_snapshot(model)


def _missing(model: str) -> str:
    if Path(model).expanduser().is_dir():
        return f"no config.json in {model}"
    return "no such model folder" if looks_like_path(model) else "not downloaded"


def _pull_hint(model: str) -> str:
    if looks_like_path(model):
        return "give a folder holding config.json, tokenizer files and model weights"
    if is_offline():
        return f"unset HF_HUB_OFFLINE and run 'communique models pull {model}', or pass --model FOLDER"
    known = card(model)
    return f"run 'communique models pull {model}' (about {known.size if known else 'a few GB'})"


def availability(model: str | None, allow_pickle: bool = False) -> tuple[bool, str]:
    """(True, "") when ``model`` can be loaded from disk now; else (False, a one-line reason)."""
    model = default_model(model)
    path = local_path(model)
    if path is None:
        where = (
            f"not in the Hugging Face cache ({cache_dir()})"
            if _missing(model) == "not downloaded"
            else _missing(model)
        )
        return False, f"model {model} is not available locally: {where}"
    kind = weights_kind(path)
    if kind is None:
        return False, f"model {model} has no weights in {path}"
    if kind == "pickle" and not allow_pickle:
        return False, f"model {model} has only pickle (.bin) weights, refused without --allow-pickle"
    return True, ""


def resolve(model: str | None, allow_pickle: bool = False) -> Path:
    """The folder to load ``model`` from, or a one-line ``ModelError`` saying how to get it."""
    model = default_model(model)
    path = local_path(model)
    if path is None:
        raise ModelError(f"model {model} is not available ({_missing(model)}): {_pull_hint(model)}")
    kind = weights_kind(path)
    if kind is None:
        raise ModelError(f"model {model} has no model.safetensors (or pytorch_model.bin) weights in {path}")
    if kind == "pickle" and not allow_pickle:
        raise ModelError(
            f"model {model} has only pickle (.bin) weights, which can run code when loaded: "
            "pass --allow-pickle if you trust its source, or convert it to safetensors"
        )
    return path


def _size_on_disk(folder: Path) -> int:
    total = 0
    for f in folder.rglob("*"):
        try:
            if f.is_file():
                total += f.stat().st_size  # follows the hub cache's symlinks to blobs
        except OSError:
            continue
    return total


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit in ("B", "KB") else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def info(model: str) -> dict[str, Any]:
    """What is known about ``model``: its card, whether and where it is on disk, its architecture."""
    c = card(model)
    path = local_path(model)
    out: dict[str, Any] = {"id": model, "known": c is not None}
    if c:
        out.update(engine=c.engine, languages=c.languages, size=c.size, licence=c.licence, notes=c.notes)
        if c.generate:
            out["generate"] = dict(c.generate)
    out["local"] = str(path) if path else None
    if path:
        out["weights"] = weights_kind(path)
        out["disk"] = human_size(_size_on_disk(path))
        try:
            cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cfg = {}
        keys = ("model_type", "d_model", "num_layers", "encoder_layers", "decoder_layers", "vocab_size")
        out["config"] = {k: cfg[k] for k in keys if k in cfg}
    else:
        out["get"] = _pull_hint(model)
    return out


def pull(
    model: str,
    allow_pickle: bool = False,
    revision: str | None = None,
    snapshot_download: Callable[..., str] | None = None,
    list_files: Callable[[str], list[str]] | None = None,
) -> Path:
    """Download ``model`` into the Hugging Face cache (safetensors only unless ``allow_pickle``).

    ``snapshot_download`` and ``list_files`` default to huggingface_hub's (swappable for tests).
    """
    if looks_like_path(model):
        raise ModelError(f"{model} is a folder, not a hub id: nothing to download")
    if is_offline():
        raise ModelError(
            f"cannot download {model}: offline (HF_HUB_OFFLINE is set); unset it or copy the folder and use --model"
        )
    try:
        if snapshot_download is None or list_files is None:
            from huggingface_hub import HfApi
            from huggingface_hub import snapshot_download as _sd

            snapshot_download = snapshot_download or _sd
            if list_files is None:

                def list_files(repo: str) -> list[str]:
                    return list(HfApi().list_repo_files(repo, revision=revision))

        files = list_files(model)
        has_safe = any(f.endswith(".safetensors") for f in files)
        has_pickle = any(f.endswith(".bin") and "model" in f for f in files)
        if not has_safe and not (has_pickle and allow_pickle):
            why = (
                "publishes only pickle (.bin) weights: pass --allow-pickle if you trust its source"
                if has_pickle
                else "has no safetensors weights"
            )
            raise ModelError(f"cannot use {model}: it {why}")
        patterns = SAFE_PATTERNS + (PICKLE_PATTERNS if allow_pickle and not has_safe else [])
        path = Path(
            snapshot_download(
                repo_id=model, revision=revision, allow_patterns=patterns, cache_dir=str(cache_dir())
            )
        )
    except ModelError:
        raise
    except Exception as e:  # network, auth, missing repo: one line, not a traceback
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ModelError(f"cannot download {model}: {msg}") from e
    return path
