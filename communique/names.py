"""File names as text: every name survives into UTF-8 outputs, escaped and reversible.

On POSIX a file name is bytes; Python reads bytes that are not UTF-8 as lone surrogates
(``surrogateescape``), which no UTF-8 writer accepts. ``escape`` turns such a name into plain text the
way git quotes paths: a name that is valid UTF-8 (and does not start with ``"``) is kept as it is;
any other is written in double quotes with C escapes (``\\xHH`` for a byte that is not UTF-8, ``\\\\``
and ``\\"``). ``unescape`` gives the original name back, so ``os.fsencode(unescape(s))`` is the exact
bytes on disk.
"""

from __future__ import annotations

import os
import re

_QUOTE = '"'
_ESC = re.compile(r'\\(x[0-9a-fA-F]{2}|\\|")')


def needs_escape(name: str) -> bool:
    if name.startswith(_QUOTE):
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def escape(name: str) -> str:
    """``name`` as valid Unicode text; unchanged unless it holds bytes that are not UTF-8."""
    if not needs_escape(name):
        return name
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate no file system gave (API text): its UTF-8 bytes, escaped
        raw = name.encode("utf-8", "surrogatepass")
    out: list[str] = []
    text = raw.decode("utf-8", "surrogateescape")
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch in '\\"':
            out.append("\\" + ch)
        else:
            out.append(ch)
    return _QUOTE + "".join(out) + _QUOTE


def unescape(text: str) -> str:
    """The inverse of ``escape``: the name as ``os`` functions take it (surrogateescape str)."""
    if not (len(text) >= 2 and text.startswith(_QUOTE) and text.endswith(_QUOTE)):
        return text
    body = text[1:-1]
    parts: list[bytes] = []
    pos = 0
    for m in _ESC.finditer(body):
        parts.append(body[pos : m.start()].encode("utf-8"))
        e = m[1]
        parts.append(bytes([int(e[1:], 16)]) if e[0] == "x" else e.encode())
        pos = m.end()
    parts.append(body[pos:].encode("utf-8"))
    return os.fsdecode(b"".join(parts))
