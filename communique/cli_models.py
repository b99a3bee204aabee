"""`communique models list|info|pull` (mounted by cli.py)."""

from __future__ import annotations

import typer

models_app = typer.Typer(help="The engines and models communique knows, and downloading a model.", no_args_is_help=True)


@models_app.command("list")
def list_models() -> None:
    """The engines and the checkpoints they can run."""
    from .models import engines

    for name, cls in engines().items():
        print(f"{name}: {cls.description}")
