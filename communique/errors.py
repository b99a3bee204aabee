"""communique's own exceptions. The CLI maps them to one-line messages and exit codes."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class: every error communique raises on purpose derives from it."""

    exit_code = 1


class InputError(CommuniqueError):
    """The input cannot be read or holds no usable text (missing, binary, empty, scanned PDF...)."""


class ModelError(CommuniqueError):
    """A model cannot be found, downloaded or loaded (offline and not cached, pickle refused...)."""


class UsageError(CommuniqueError):
    """The options do not make sense together (exit 2, like a usage error)."""

    exit_code = 2


class OutputError(CommuniqueError):
    """An output cannot be written (unwritable folder, name clash)."""
