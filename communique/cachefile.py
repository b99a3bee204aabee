"""Derived data kept on disk (parsed language files, city indexes): written where it can be, never failing."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_first(paths: list[Path], blob: bytes) -> bool:
    """Write ``blob`` to the first of ``paths`` that can be written, atomically (parallel runs may race).

    A cache is an optimisation: a read-only install or a full disk leaves it unwritten, never fails a run.
    """
    for path in paths:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(blob)
            os.replace(tmp, path)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return False
