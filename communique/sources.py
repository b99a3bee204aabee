"""Input layer: bytes (a file, stdin, an API string) → clean text + metadata (a ``Source``)."""

from __future__ import annotations

import re
from pathlib import Path

from .document import Source
from .errors import InputError
from .options import DEFAULT_MAX_CHARS

_HTML_HINT = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|div|p)\b", re.I)


def read_path(path: str | Path, *, max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory (use 'communique batch')") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    return from_bytes(data, name=str(path), max_chars=max_chars)


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes as detect

    best = detect(data).best()
    if best is None:
        raise InputError("binary data, not text")
    return str(best), best.encoding


def normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    paras = re.split(r"\n\s*\n", text)
    out = []
    for para in paras:
        lines = [re.sub(r"[ \t\f\v]+", " ", ln).strip() for ln in para.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def _from_html(html: str, name: str) -> Source:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    meta = trafilatura.extract_metadata(html)
    if not text:
        raise InputError(f"{name}: HTML page with no article text")
    return Source(
        name=name,
        text=normalize(text),
        title=(meta.title if meta else None) or None,
        date=(meta.date if meta else None) or None,
        format="html",
    )


def from_bytes(data: bytes, *, name: str = "-", max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    text, enc = decode(data)
    if _HTML_HINT.search(data[:4096]):
        src = _from_html(text, name)
    else:
        src = from_text(text, name=name, max_chars=max_chars)
    src.encoding = enc
    return src


def from_text(text: str, *, name: str = "<text>", max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    warnings: list[str] = []
    if len(text) > max_chars:
        text = text[:max_chars]
        warnings.append(f"input truncated at {max_chars} characters")
    clean = normalize(text)
    if not clean:
        raise InputError(f"{name}: no text")
    first = clean.split("\n", 1)[0]
    title = first if len(first) < 200 and not first.rstrip().endswith((".", "。")) else None
    return Source(name=name, text=clean, title=title, format="text", warnings=warnings)
