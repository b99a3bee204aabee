"""communique: what happened and what was agreed, from a diplomatic press release in any language.

    >>> import communique
    >>> r = communique.summarize("release.txt")          # a path, bytes, or the text itself
    >>> r.meeting.date, [s.action for s in r.next_steps]
    >>> print(r.to_json())
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("communique")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .core import analyse, load, resolve_engine, summarize  # noqa: E402
from .errors import CommuniqueError, InputError, ModelError, OutputError, UsageError  # noqa: E402
from .options import Options  # noqa: E402
from .readout import KeyPoint, Meeting, NextStep, Participant, Readout  # noqa: E402

__all__ = [
    "CommuniqueError",
    "InputError",
    "KeyPoint",
    "Meeting",
    "ModelError",
    "NextStep",
    "Options",
    "OutputError",
    "Participant",
    "Readout",
    "UsageError",
    "__version__",
    "analyse",
    "load",
    "resolve_engine",
    "summarize",
]
