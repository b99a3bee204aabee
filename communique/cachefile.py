"""Derived data kept on disk (parsed language files, city indexes): written where it can be, never failing."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def user_cache() -> Path:
    """The user cache folder as XDG says (read at call time): ``$XDG_CACHE_HOME``, else ``~/.cache``."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg).expanduser() if xdg else Path.home() / ".cache"


def cache_paths(package_dir: Path, name: str) -> list[Path]:
    """Where a package keeps derived file ``name``: beside its bytecode (``make install`` writes it
    there), else in the user cache. The interpreter's tag is in the name: the data is its pickle."""
    stem, _, ext = name.rpartition(".")
    tagged = f"{stem}.{sys.implementation.cache_tag}.{ext}"
    return [package_dir / "__pycache__" / tagged, user_cache() / "communique" / tagged]


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
