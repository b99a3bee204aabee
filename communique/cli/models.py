"""`communique models list|info|pull` (mounted by cli.py). Never imports torch or transformers."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

models_app = typer.Typer(
    help="The engines and models communique knows, and downloading a model.", no_args_is_help=True
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _fail(e: Exception) -> typer.Exit:
    sys.stderr.write(f"communique: {e}\n")
    return typer.Exit(getattr(e, "exit_code", 1))


def _listing() -> dict[str, Any]:
    from .. import hub
    from ..models import engines

    cards = []
    for c in hub.known_cards().values():
        path = hub.local_path(c.id)
        cards.append(
            {
                "id": c.id,
                "engine": c.engine,
                "languages": c.languages,
                "size": c.size,
                "licence": c.licence,
                "local": str(path) if path else None,
                "default": c.id == hub.DEFAULT_MODEL,
            }
        )
    return {
        "engines": [{"name": n, "description": cls.description} for n, cls in engines().items()],
        "models": cards,
        "cache": str(hub.cache_dir()),
        "offline": hub.is_offline(),
        "selected": hub.default_model(None),
    }


@models_app.command("list")
def list_models(as_json: JsonOpt = False) -> None:
    """The engines and the checkpoints they can run, and which are downloaded."""
    d = _listing()
    if as_json:
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return
    print("engines:")
    for e in d["engines"]:
        print(f"  {e['name']:<11} {e['description']}")
    print("models:")
    for m in d["models"]:
        state = f"downloaded: {m['local']}" if m["local"] else "not downloaded"
        tag = " (default)" if m["default"] else ""
        print(f"  {m['id']}{tag} [{m['engine']}] {state}")
        print(f"      languages: {m['languages']}")
        print(f"      size: {m['size']}; licence: {m['licence']}")
    offline = " (offline: HF_HUB_OFFLINE)" if d["offline"] else ""
    print(f"cache: {d['cache']}{offline}")
    print(f"--engine auto uses: {d['selected']} when downloaded, else extractive")


@models_app.command("info")
def info(
    model: Annotated[
        str, typer.Argument(help="A model id (e.g. csebuetnlp/mT5_multilingual_XLSum) or a folder.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """What communique knows about one model, and whether it is on this machine."""
    from .. import hub

    d = hub.info(model)
    if as_json:
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return
    for k, v in d.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a}={b}" for a, b in v.items())
        print(f"{k}: {'-' if v is None else v}")


@models_app.command("pull")
def pull(
    model: Annotated[
        str | None, typer.Argument(help="A hub id; default: $COMMUNIQUE_MODEL or the default model.")
    ] = None,
    allow_pickle: Annotated[
        bool,
        typer.Option(
            "--allow-pickle", help="Also fetch pickle (.bin) weights when a model has no safetensors."
        ),
    ] = False,
    revision: Annotated[str | None, typer.Option("--revision", help="A branch, tag or commit.")] = None,
) -> None:
    """Download a checkpoint into the Hugging Face cache (safetensors weights, configs, tokenizer)."""
    from .. import hub
    from ..errors import CommuniqueError

    model_id = hub.default_model(model)
    try:
        path = hub.pull(model_id, allow_pickle=allow_pickle, revision=revision)
    except CommuniqueError as e:
        raise _fail(e) from None
    except KeyboardInterrupt:
        sys.stderr.write("communique: interrupted\n")
        raise typer.Exit(130) from None
    print(f"{model_id}: {path}")
