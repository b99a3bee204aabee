"""communique: what happened and what was agreed, from a diplomatic press release in any language.

    >>> import communique
    >>> r = communique.summarize("release.txt")          # a path, bytes, or the text itself
    >>> r.meeting.date, [s.action for s in r.next_steps]
    >>> print(r.to_json())

The public names are loaded on first use (PEP 562), so ``communique --help`` does not pay for the
analysis modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# stated here, read by the build (pyproject: dynamic version): importlib.metadata costs a cold start 40 ms
__version__ = "0.1.0"

_LAZY = {
    "summarize": "core",
    "analyse": "core",
    "load": "core",
    "resolve_engine": "core",
    "Options": "options",
    "Readout": "readout",
    "Meeting": "readout",
    "Participant": "readout",
    "KeyPoint": "readout",
    "NextStep": "readout",
    "CommuniqueError": "errors",
    "InputError": "errors",
    "ModelError": "errors",
    "OutputError": "errors",
    "UsageError": "errors",
}

__all__ = [  # noqa: RUF022  (kept in the order of _LAZY)
    "__version__",
    "summarize",
    "analyse",
    "load",
    "resolve_engine",
    "Options",
    "Readout",
    "Meeting",
    "Participant",
    "KeyPoint",
    "NextStep",
    "CommuniqueError",
    "InputError",
    "ModelError",
    "OutputError",
    "UsageError",
]

if TYPE_CHECKING:
    from .core import analyse, load, resolve_engine, summarize
    from .errors import CommuniqueError, InputError, ModelError, OutputError, UsageError
    from .options import Options
    from .readout import KeyPoint, Meeting, NextStep, Participant, Readout


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'communique' has no attribute {name!r}")
    value = getattr(import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value
