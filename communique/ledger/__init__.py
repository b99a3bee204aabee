"""The commitments ledger: every readout kept in one embedded SQLite file, and what became of each step.

``store`` writes (one transaction per release, idempotent by content hash), ``followup`` finds the
releases that report a commitment done, ``query`` reads the steps back. Nothing here imports typer
or rich; the CLI (``cli.ledger``) and the renderers (``render_ledger``) sit on top.
"""

from __future__ import annotations

import os
from pathlib import Path

from .followup import Facts, Report, content_hash, facts
from .store import Ledger, LedgerError

ENV_VAR = "COMMUNIQUE_DB"


def default_path() -> Path:
    """``$COMMUNIQUE_DB``, else ``ledger.sqlite`` in the user data folder (platformdirs)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("communique", appauthor=False)) / "ledger.sqlite"


__all__ = ["ENV_VAR", "Facts", "Ledger", "LedgerError", "Report", "content_hash", "default_path", "facts"]
