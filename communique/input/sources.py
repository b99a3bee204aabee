"""Input layer: bytes (a file, stdin, an API string) → clean text + metadata (a ``Source``).

Pipeline: sniff the format (PDF, HTML, Markdown, plain text) → refuse binary data → decode (BOM, HTML
meta charset, strict UTF-8, mixed UTF-8 repair, charset detection) → extract (trafilatura for HTML,
pypdfium2 for PDF, markup stripping for Markdown) → drop generic page chrome → normalize whitespace,
keeping paragraphs apart with ``"\\n\\n"`` (the sentence splitter relies on it).

Memory stays bounded: at most ~4 bytes per allowed character are ever read. The heavy libraries
(trafilatura, lxml, charset-normalizer, pypdfium2) are imported only when an input needs them, so plain
UTF-8 text costs nothing but regexes.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import BinaryIO

from ..analysis.dates import YEAR, YEAR_ONLY, find_dates
from ..document import Source
from ..errors import InputError
from ..lang import DEFAULT, available_languages, resources
from ..lang.forms import alt
from ..options import DEFAULT_MAX_CHARS

__all__ = ["decode", "from_bytes", "from_text", "normalize", "read_path", "read_stream"]

_SNIFF = 64 * 1024  # the head read to sniff the format
_MARGIN = 64 * 1024  # slack over 4 bytes/char (BOMs, markup in Markdown, a split sequence)
_HTML_MIN_BYTES = 8 * 1024 * 1024  # HTML is mostly markup: a page's article may sit after 1 MB of scripts
_PDF_MAX_BYTES = 64 * 1024 * 1024  # a PDF cannot be read partially
_NON_UTF8_NOTE_MIN = 8  # fewer stray bytes than this are not worth a charset-detection call

# ---------------------------------------------------------------------------------------------- reading


def _label(name: str, *, stdin: bool = True) -> str:
    """The input's name as it may appear in a one-line message."""
    if name == "-" and stdin:
        return "<stdin>"
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", name)


def _read_upto(stream: BinaryIO, n: int) -> bytes:
    chunks: list[bytes] = []
    got = 0
    while got < n:
        chunk = stream.read(min(n - got, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _byte_budget(max_chars: int, html: bool) -> int:
    n = 4 * max(1, max_chars) + _MARGIN
    return max(n, _HTML_MIN_BYTES) if html else n


def read_stream(stream: BinaryIO, *, name: str = "-", max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """Read a binary stream (stdin, an open file) without ever holding more than the budget."""
    try:
        head = _read_upto(stream, _SNIFF)
        if _is_pdf(head):
            data = head + _read_upto(stream, _PDF_MAX_BYTES + 1 - len(head))
            if len(data) > _PDF_MAX_BYTES:
                raise InputError(f"{_label(name)}: PDF larger than {_PDF_MAX_BYTES >> 20} MB")
            return _from_pdf(data, name, max_chars)
        budget = _byte_budget(max_chars, _looks_html(head, name))
        data = head + _read_upto(stream, budget + 1 - len(head)) if len(head) == _SNIFF else head
    except OSError as e:
        raise InputError(f"{_label(name)}: cannot read ({e.strerror or e})") from None
    return _from_data(data, name, max_chars)


def read_path(path: str | os.PathLike[str], *, max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """A ``Source`` from a file; every failure is an ``InputError`` naming the file."""
    label = _label(str(path), stdin=False)
    if not str(path):
        raise InputError("'': empty file name")
    try:
        p = Path(path)
        with p.open("rb") as f:
            return read_stream(f, name=str(path), max_chars=max_chars)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except NotADirectoryError:
        raise InputError(f"{label}: no such file (a parent is not a folder)") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory (use 'communique batch')") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as e:
        raise InputError(f"{label}: cannot read ({e.strerror or e})") from None
    except ValueError as e:  # embedded NUL in the name, unencodable name
        raise InputError(f"{label}: invalid file name ({e})") from None


def from_bytes(data: bytes, *, name: str = "-", max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """A ``Source`` from raw bytes (stdin, an HTTP body, a file's content) in any supported format."""
    if _is_pdf(data[:_SNIFF]):
        if len(data) > _PDF_MAX_BYTES:
            raise InputError(f"{_label(name)}: PDF larger than {_PDF_MAX_BYTES >> 20} MB")
        return _from_pdf(bytes(data), name, max_chars)
    budget = _byte_budget(max_chars, _looks_html(data[:_SNIFF], name))
    return _from_data(data[: budget + 1], name, max_chars)


def from_text(text: str, *, name: str = "<text>", max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """A ``Source`` from a string that is already text (HTML and Markdown strings are recognized)."""
    warnings: list[str] = []
    if len(text) > max_chars:
        # like bytes: a text is cut to the limit, an HTML page to its (larger) markup budget
        html = _looks_html_text(text[:_SNIFF])
        text = text[: _byte_budget(max_chars, html) if html else max_chars + 1]
    if not text.strip():
        raise InputError(f"{_label(name)}: {'empty input' if not text else 'only whitespace, no text'}")
    return _from_str(text, name, max_chars, warnings, encoding=None)


# ---------------------------------------------------------------------------------------- sniffing

_HTML_START = re.compile(
    rb"^(?:\s|<!--.{0,4000}?-->|<\?xml[^>]{0,500}>)*<\s*(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|main|meta|title)\b", re.I)
_HTML_BLOCK = re.compile(
    rb"<\s*/?\s*(?:p|div|br|span|h[1-6]|li|ul|table|td|a|section|strong|em)\b[^>]*>", re.I
)
_HTML_START_S = re.compile(
    r"^(?:\s|<!--.{0,4000}?-->|<\?xml[^>]{0,500}>)*<\s*(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG_S = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|article|main|meta|title)\b", re.I)
_HTML_BLOCK_S = re.compile(
    r"<\s*/?\s*(?:p|div|br|span|h[1-6]|li|ul|table|td|a|section|strong|em)\b[^>]*>", re.I
)


_PDF_HEADER = re.compile(rb"(?:^|[\r\n])%PDF-\d")


def _is_pdf(head: bytes) -> bool:
    # the header may follow a little junk (PDF 1.7, annex H), but it starts a line
    return _PDF_HEADER.search(head, 0, 1024) is not None


def _strip_bom(head: bytes) -> bytes:
    for bom, enc in _BOMS:
        if head.startswith(bom):
            try:
                return head[len(bom) : len(bom) + 8192].decode(enc, errors="ignore").encode("utf-8", "ignore")
            except LookupError:  # pragma: no cover
                return head
    return head


_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


def _looks_html(head: bytes, name: str = "") -> bool:
    if name and Path(name).suffix.lower() in _HTML_SUFFIXES and b"<" in head:
        return True
    head = _strip_bom(head[:_SNIFF])
    if _HTML_START.match(head) or _HTML_TAG.search(head, 0, 8192):
        return True
    # a fragment (<p>...</p><p>...</p>) without <html>: many block tags near the start
    return head.lstrip()[:1] == b"<" and len(_HTML_BLOCK.findall(head, 0, 8192)) >= 2


def _looks_html_text(head: str) -> bool:
    if _HTML_START_S.match(head) or _HTML_TAG_S.search(head, 0, 8192):
        return True
    return head.lstrip()[:1] == "<" and len(_HTML_BLOCK_S.findall(head, 0, 8192)) >= 2


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
_MD_FEATURES = (
    _MD_HEADING,
    re.compile(r"!?\[[^\]\n]{1,300}\]\([^)\s]{1,2000}(?:\s+\"[^\"\n]{0,300}\")?\)"),  # [text](url)
    re.compile(r"^ {0,3}[-*+][ \t]+\S", re.M),  # bullets
    re.compile(r"(\*\*|__)\S[^\n]{0,500}?\S\1"),  # bold
    re.compile(r"^ {0,3}(```|~~~)", re.M),  # code fences
    re.compile(r"^ {0,3}>[ \t]?\S", re.M),  # block quotes
    re.compile(r"^\S[^\n]*\n {0,3}(=+|-{3,})[ \t]*$", re.M),  # setext headings
)
_MD_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


def _looks_markdown(text: str, name: str) -> bool:
    if Path(name).suffix.lower() in _MD_SUFFIXES:
        return True
    head = text[:8192]
    hits = sum(1 for rx in _MD_FEATURES if rx.search(head))
    return hits >= 3 or (hits >= 2 and _MD_HEADING.search(head) is not None)


# -------------------------------------------------------------------------------------- binary data

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O binary"),
    (b"\xfe\xed\xfa\xce", "a Mach-O binary"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "a FLAC file"),
    (b"RIFF", "a RIFF media file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"%!PS", "a PostScript file"),
    (b"{\\rtf", "an RTF document (save it as text or PDF)"),
)
_MP4 = re.compile(rb"^....ftyp", re.S)

# C0 controls (except tab, LF, FF, CR), DEL and C1 controls: rare in text, common in decoded binary
_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd]")


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and not (len(data) > 0x40 and b"\x00" in data[:0x40]):
                continue  # "MZ" starting a real text line
            if magic == b"ID3" and not (len(data) > 10 and data[3] < 10):
                continue
            if magic == b"BZh" and not data[3:4].isdigit():
                continue
            if magic == b"RIFF" and data[8:12] not in (b"WAVE", b"AVI ", b"WEBP"):
                continue
            return what
    if _MP4.match(data[:12]):
        return "an MP4/QuickTime media file"
    return None


# -------------------------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.I,
)
# WHATWG: what browsers really use for some labels (Latin-1 labels mean windows-1252, GB2312 means GBK...)
_SUPERSETS = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}


def _codec(label: str) -> str | None:
    """The Python codec for a charset label, mapped to the superset browsers use; None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a meta tag read as ASCII cannot be UTF-16: browsers take UTF-8
    return _SUPERSETS.get(name, name)


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head[:32768])  # past a big inline <script> in <head>, still cheap
    if not m:
        return None
    return _codec((m.group(1) or m.group(2)).decode("ascii", "ignore"))


def _decode_with(data: bytes, enc: str, final: bool) -> str:
    dec = codecs.getincrementaldecoder(enc)(errors="replace")
    return dec.decode(data, final=final)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16/32 text saved without a BOM: NUL bytes all on one side of each code unit."""
    sample = data[:4096]
    sample = sample[: len(sample) // 4 * 4]
    if len(sample) < 8:
        return None
    for enc in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        if (
            text
            and not _CTRL.search(text)
            and sum(c.isprintable() or c in "\n\r\t" for c in text) > 0.95 * len(text)
        ):
            return enc
    return None


# What releases really come in; charset-normalizer also proposes EBCDIC or Johab for short random bytes
_PLAUSIBLE = {
    *(f"cp{n}" for n in range(1250, 1259)), *(f"iso8859-{n}" for n in range(1, 17)),
    "utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "koi8-r", "koi8-u", "kz1048", "ptcp154",
    "cp866", "mac-cyrillic", "mac-roman", "cp437", "cp850", "gb18030", "big5hkscs", "cp950", "cp932",
    "shift_jis", "euc_jp", "iso2022_jp", "cp949", "cp874", "hz",
}  # fmt: skip


# Charsets tried first, in order of how often ministries still use them; near-ties go to the earlier one
_PRIORS = (
    "cp1251", "cp1252", "gb18030", "cp1256", "koi8-r", "koi8-u", "big5hkscs", "cp932", "euc_jp", "cp949",
    "kz1048", "cp866", "iso8859-5", "iso8859-6", "mac-cyrillic", "cp1250", "cp1253", "cp1254", "cp1255",
    "cp1257", "iso8859-7", "iso8859-8", "cp874",
)  # fmt: skip
# Frequent Chinese characters (simplified and traditional): real Chinese is full of them, a wrong CJK
# decoding (Big5 read as GBK, Shift-JIS read as GB18030...) is not
_COMMON_HAN = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用"
    "道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实日者意无"
    "力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二"
    "等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教原东声提立及比员解水名真论处走义各入几"
    "口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命山金指许统区保"
    "至队形社便空决治展马科司五基书非则听白却界达光放强即难且权思王象完设式色路记南品住告类求据程北边死张该交"
    "规万取格望觉术领共确传师观清今切院让识带导争运飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失"
    "转夫令准布始怎存未远台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究"
    "线似官火断精满支视消越器容照须九增研写称企八功包片史委乎查轻易早曾除农找装广显阿李标谈双协议外长部会谈"
    "國們這來為會說時過對後裡發當經種還與開進點現實問動長見學關體義話個於應該從並議協談雙邊會"
)


# Letters where Windows-1251 puts what KZ-1048 uses for Kazakh letters (Serbian/Macedonian only)
_RARE_LETTERS = frozenset("ЂђЃѓЉљЊњЌќЋћЏџЈјЅѕ")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    if head in ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC"):
        return "CJK"
    return head


# what _oddness asks of a character, answered once per character: (a letter, its script, the category,
# odd on its own, a Han character)
_CLASS: dict[str, tuple[bool, str, str, bool, bool]] = {}
_SYMBOLS = frozenset(("So", "Sk", "Sm", "Co", "Cn", "Cc", "Cf", "Sc"))


def _class(ch: str) -> tuple[bool, str, str, bool, bool]:
    got = _CLASS.get(ch)
    if got is None:
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            sc = _script(ch)
            han = sc == "CJK" and cat == "Lo" and not ("\u3040" <= ch <= "\u30ff")
            got = (True, sc, cat, sc == "HALFWIDTH" or ch in _RARE_LETTERS, han)
        else:
            got = (False, "", cat, cat in _SYMBOLS or "\u00a0" < ch < "\u00c0", False)
        if len(_CLASS) >= 50_000:  # random bytes in a CJK codec reach many characters
            _CLASS.clear()
        _CLASS[ch] = got
    return got


# the ASCII characters odd on their own ("<", "$", controls), and ASCII's letters: counted in bytes (fast)
_ASCII_ALONE = bytes(c for c in range(128) if not chr(c).isspace() and _class(chr(c))[3])
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))
_ASCII_HUMP = re.compile(rb"[a-z](?=[A-Z])")  # "iPhone": a case hump between two ASCII letters


def _count(data: bytes, which: bytes) -> int:
    return len(data) - len(data.translate(None, which))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _oddness(text: str, beat: float = float("inf")) -> float:
    """How implausible a decoding looks (0 = natural text): symbols, case humps, scripts mixed in a word,
    half-width kana, all-capital text, rare Chinese characters. Cheap enough for a few candidates.

    Each character's part depends on it and the one before it alone, so ASCII (which every candidate
    decodes alike) is counted by patterns and the other characters are read one by one. The score only
    grows as they are read: once it cannot be below ``beat`` the reading stops (inf)."""
    n = max(len("".join(text.split())), 1)  # the characters that count (str.split drops isspace ones)
    ascii_ = text.encode("ascii", "replace")  # the same length: another character is "?"
    odd = float(_count(ascii_, _ASCII_ALONE) + len(_ASCII_HUMP.findall(ascii_)))
    upper, lower = _count(ascii_, _ASCII_UPPER), _count(ascii_, _ASCII_LOWER)
    han = common = 0
    for k, m in enumerate(_NON_ASCII.finditer(text)):
        if not k & 15 and odd / n >= beat:
            return float("inf")
        i = m.start()
        prev = text[i - 1] if i else " "
        p_letter, p_script, p_cat = _class(prev)[:3] if not prev.isspace() else (False, "", "")
        p_lower = p_letter and p_cat == "Ll"
        for ch in m.group():
            if ch.isspace():
                p_letter = p_lower = False
                continue
            letter, sc, cat, alone, is_han = _class(ch)
            if not letter:
                odd += alone
                p_letter = p_lower = False
                continue
            if alone:
                odd += 1
            elif p_letter and sc != p_script:
                odd += 1  # "Рiзн" or Hangul glued to Han: a wrong code page
            if cat == "Lu":
                upper += 1
                odd += p_lower  # "мИНИСТР": KOI8-R read as Windows-1251
            elif cat == "Ll":
                lower += 1
            if is_han:
                han += 1
                common += ch in _COMMON_HAN
            p_letter, p_script, p_lower = True, sc, cat == "Ll"
        nxt = text[m.end() : m.end() + 1]
        if p_letter and nxt.isascii() and nxt.isalpha():  # the ASCII letter after: its script, its hump
            odd += (p_script != "LATIN") + (p_lower and nxt.isupper())
    cased = upper + lower
    if cased > 20 and upper > 0.5 * cased:
        odd += upper - 0.5 * cased
    if han >= 8 and common < 0.4 * han:
        odd += 0.4 * han - common
    return odd / n


def _detect(data: bytes) -> str | None:
    """The most plausible legacy charset: charset-normalizer's proposals and the usual suspects, each
    decoded and judged by ``_oddness``; None when nothing decodes."""
    from charset_normalizer import from_bytes as cn_from_bytes

    sample = data[:_SNIFF]
    proposed = [_codec(m.encoding) for m in cn_from_bytes(sample)]
    candidates = dict.fromkeys([*_PRIORS, *(c for c in proposed if c in _PLAUSIBLE)])
    best, best_score = None, 0.0
    probe = sample[:6000]
    for enc in candidates:
        try:
            text = codecs.getincrementaldecoder(enc)().decode(probe, final=len(probe) == len(data))
        except (UnicodeDecodeError, LookupError):
            continue
        bonus = 0.002 if enc in proposed[:1] else 0.0  # charset-normalizer's first choice wins exact ties
        # a candidate is read only as far as it could still win
        score = _oddness(text[:3000], float("inf") if best is None else best_score - 0.005 + bonus) - bonus
        if best is None or score < best_score - 0.005:
            best, best_score = enc, score
    return best


_SURROGATE_RUN = re.compile(r"[\udc80-\udcff]+")


def _decode_mixed(data: bytes, final: bool, warnings: list[str]) -> str:
    """Mostly UTF-8 with stray legacy bytes: keep the UTF-8, decode each invalid run as the guessed charset."""
    dec = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    text = dec.decode(data, final=final)
    runs = _SURROGATE_RUN.findall(text)
    raw = b"".join(r.encode("utf-8", "surrogateescape") for r in runs)
    enc = (_detect(raw) if len(raw) >= _NON_UTF8_NOTE_MIN else None) or "cp1252"
    if enc == "utf-8":
        enc = "cp1252"

    def fix(m: re.Match[str]) -> str:
        return m.group().encode("utf-8", "surrogateescape").decode(enc, errors="replace")

    warnings.append(f"invalid UTF-8: {len(raw)} stray byte(s) decoded as {enc} (mixed encodings?)")
    return _SURROGATE_RUN.sub(fix, text)


def _decode(data: bytes, *, html: bool, final: bool, warnings: list[str]) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom) :], enc, final), enc
    if b"\x00" in data[:4096]:  # NUL bytes are valid UTF-8: try UTF-16/32 without a BOM first
        enc16 = _utf16_without_bom(data)
        if enc16:
            return _decode_with(data, enc16, final), enc16
    try:
        text = (
            data.decode("utf-8")
            if final
            else codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        )
        utf8_ok, err_at = True, 0
    except UnicodeDecodeError as e:
        text, utf8_ok, err_at = "", False, e.start
    if html:
        declared = _declared_charset(data)
        # a page declared in a legacy charset but valid UTF-8 beyond ASCII was transcoded: UTF-8 wins
        if declared and declared != "utf-8" and not (utf8_ok and not text.isascii()):
            return _decode_with(data, declared, final), declared
    if utf8_ok:
        return text, "utf-8"
    # judge around the first error: an ASCII head says nothing about the bytes further on
    window = data[max(0, err_at - 4096) : err_at + _SNIFF]
    loose = window.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd") - window.count(b"\xef\xbf\xbd")
    good = sum(1 for c in loose if c > "\x7f" and c != "\ufffd")
    if good and good >= bad:
        # mostly valid UTF-8 with stray legacy bytes: repair the strays, keep the rest
        return _decode_mixed(data, final, warnings), "utf-8"
    found = _detect(window)
    enc = "cp1252" if found is None or found == "utf-8" else found
    if enc == "cp1252" and found != "cp1252":
        warnings.append("unknown character encoding: decoded as windows-1252")
    return _decode_with(data, enc, final), enc


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, codec name): BOM, strict UTF-8, mixed-UTF-8 repair, else charset detection."""
    text, enc = _decode(data, html=_looks_html(data[:_SNIFF]), final=True, warnings=[])
    return text, enc


# ------------------------------------------------------------------------------------ normalization

_NEWLINES = re.compile(r"\r\n?|[\x85\u2028\x0b]")
_PARA_SEPS = re.compile(r"[\x0c\u2029]")
# invisible formatting: zero-width space, bidi marks and embeddings, word joiner, BOM, soft hyphen
# (ZWJ/ZWNJ stay: they change spelling in Persian, Arabic and Indic scripts)
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\ufffe\uffff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_PARA_SPLIT = re.compile(r"\n[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*\n\s*")
_HAS_WORD = re.compile(r"[^\W_]")


def normalize(text: str) -> str:
    """Clean whitespace: one space inside lines, ``\\n`` between lines, ``\\n\\n`` between paragraphs.

    Invisible characters go, text is NFC, and lines without a letter or digit (rules, "* * *") are dropped.
    Idempotent: ``normalize(normalize(s)) == normalize(s)``.
    """
    text = _NEWLINES.sub("\n", text)
    text = _PARA_SEPS.sub("\n\n", text)
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    out = []
    for para in _PARA_SPLIT.split(text):
        lines = [_SPACES.sub(" ", ln).strip() for ln in para.split("\n")]
        lines = [ln for ln in lines if _HAS_WORD.search(ln)]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


# --------------------------------------------------------------------------------- page chrome (general)

# Page chrome words: the [page] table of every language file at once (the language is not known yet),
# matched against whole short lines or separator-split segments only, never inside sentences.


@cache
def _page(key: str) -> str:
    """The ``[page]`` forms ``key`` of every language file in one alternation (letters as written)."""
    codes = (*available_languages(), DEFAULT)
    return alt([f for c in codes for f in resources(c).get(f"page.{key}", []) or []], strict=True)


@cache
def _page_rx(key: str, template: str) -> re.Pattern[str]:
    """``template`` with ``{}`` standing for the ``[page]`` forms ``key``, compiled once, any case."""
    return re.compile(template.replace("{}", _page(key)), re.I)


_DATE_ANY = re.compile(
    r"\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}(?:\s*г\.?)?|\d{1,2}:\d{2}(?::\d{2})?|\d{4}年\d{1,2}月\d{1,2}日|"
    r"\d{4}-\d{2}-\d{2}T[\d:+.Z-]+"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SEGMENT_SEP = re.compile(r"\s*(?:[|•·»›◦▪>]|\s[-–/]\s)\s*")
_RULE_LINE = re.compile(r"^[\W_]*(?:o+O+o+|0+O+0+|-\s*30\s*-|#{3,}|\*{3,}|x{3,})[\W_]*$")
_COPYRIGHT = r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|{}"
_SHARE = r"(?<!\w)(?:{})(?!\w)"
_CAPTION = r"^(?:{})\s*[:：]"
# a photo credit or caption inside a short line ("... y Elmer Schialer. Foto: X @Cancilleria"); a credit word
# with its own dot needs no colon ("fot. X")
_CREDIT = r"(?<!\w)(?:{})\s*[:：]|(?<!\w)fot\.\s"
# a caption that ends in its credit after a dash ("O ministro ..., Fulano. - Foto: X/Agência")
_DASHED_CREDIT = r"\s[-–—|]\s*(?:{})\s*[:：]"
_TAGS = r"^(?:{})\s*[:：]"
_RELATED = r"^(?:{})\s*:?$"
# who wrote, edited or supplied the item: "Автор: ...", "autor: ...", "Kaynak: ...", "(责任编辑:admin)"
_BYLINE = r"^\(?(?:{})\s*[:：]"
_BYLINE_LEAD = r"^(?:{})\s"
# a caption that places people ("王毅(左)与…(右)", "(left)", "(слева)")
_PLACED = r"[(（](?:{})[)）]"
# navigation and tickers: "Skip Links", "You are in: Home", "Breaking News" (and the run of headlines after it)
_NAV_PREFIX = r"^(?:{})\s*:.*$"
_NAV = r"^(?:{})$"
# a view counter ("Lu: 664", "Просмотров: 1249")
_VIEWS = r"(?<!\w)(?:{})\s*[:：]?\s*\d[\d\s.,]*$"


def _is(key: str, template: str, line: str, match: bool = True) -> bool:
    rx = _page_rx(key, template)
    return bool(rx.match(line) if match else rx.search(line))


def _nav(line: str) -> bool:
    return any(_is(k, t, line) for k, t in (("nav", _NAV), ("tickers", _NAV), ("nav_prefix", _NAV_PREFIX)))


_COUNT = re.compile(r"^\d{1,7}$")
_SENT_END = re.compile(r"[.!?。！？؟…]['\"»”’)\]]*$")


def _chrome_line(line: str) -> str | None:
    """``line`` without page chrome: None to drop it, a shorter string to keep a date from a share bar."""
    words = line.split()
    if _RULE_LINE.match(line):
        return None
    if len(words) <= 60 and (
        _is("cookie", "{}", line, match=False) or _is("notice", "{}", line, match=False)
    ):
        return None
    if len(words) <= 25 and _is("rights", _COPYRIGHT, line, match=False):
        return None
    if len(words) <= 12 and any(
        _is(k, tpl, line)
        for k, tpl in (
            ("photo", _CAPTION),
            ("tags", _TAGS),
            ("byline", _BYLINE),
            ("byline_lead", _BYLINE_LEAD),
        )
    ):
        return None
    if _nav(line) or (_COUNT.match(line) and not YEAR_ONLY.fullmatch(line)):
        return None
    if (
        (len(words) <= 30 and _is("placed", _PLACED, line, match=False))
        or (len(words) <= 16 and _is("photo", _CREDIT, line, match=False))
        or (len(words) <= 30 and _is("photo", _DASHED_CREDIT, line, match=False))
    ):
        return None
    if len(words) <= 16 and (views := _page_rx("views", _VIEWS).search(line)):
        line = line[: views.start()].rstrip()
        if not line:
            return None
        words = line.split()
    if len(words) > 16 or _SENT_END.search(line):
        return line
    # a share/print bar: nothing but interface words, separators and dates ("Partager | Imprimer | 08/11/2018")
    rest = _page_rx("share", _SHARE).sub(" ", line.casefold())
    if rest != line.casefold():
        dates = _DATE_ANY.findall(rest)
        if not _HAS_LETTER.search(_DATE_ANY.sub(" ", rest)):
            return " ".join(dates) or None
    segs = [s.strip() for s in _SEGMENT_SEP.split(line) if s.strip()]
    # breadcrumbs: "Home > News > Statements" (three or more short crumbs joined by > or »)
    if len(segs) >= 3 and re.search(r"[>»›]", line) and all(len(s.split()) <= 6 for s in segs):
        return None
    # a tag line: "Argentina | Mario Lubetkin | reunión" (short words between bars, no date)
    if (
        len(segs) >= 3
        and line.count("|") >= 2
        and all(len(s.split()) <= 4 for s in segs)
        and not find_dates(line)
    ):
        return None
    return line


def _teasers(lines: list[str]) -> list[str]:
    """``lines`` without a "Read also" label and the headlines under it (unpunctuated or bulleted
    lines): a teaser list that shares a paragraph with the text it follows."""
    out: list[str] = []
    teasers = False
    for ln in lines:
        s = ln.strip()
        if _is("related", _RELATED, s):
            teasers = True
            continue
        if teasers and (s[:1] in "-–—•·*►" or not _SENT_END.search(s)):
            continue
        teasers = False
        out.append(ln)
    return out


def _is_ticker(para: str) -> bool:
    """A run of headlines after a "Breaking News" label: long, with no sentence inside."""
    return len(para.split()) > 12 and not re.search(r"[.!?。！？؟](?:\s|$)", para.replace("Dr. ", "Dr "))


def _strip_chrome(text: str) -> str:
    paras = text.split("\n\n")
    out: list[str] = []
    total = len(paras)
    ticker = False
    for i, para in enumerate(paras):
        lines = para.split("\n")
        if i >= max(1, total // 2) and len(lines) == 1 and _is("related", _RELATED, lines[0].strip()):
            break  # "Related news" near the end: the rest is teasers
        if ticker and _is_ticker(para):
            continue
        ticker = len(lines) == 1 and _is("tickers", _NAV, lines[0].strip())
        kept = [k for k in (_chrome_line(ln) for ln in _teasers(lines)) if k]
        if kept:
            out.append("\n".join(kept))
    return "\n\n".join(out)


# ------------------------------------------------------------------------------------------------ title

_HEADLINE_END = re.compile(r"[.;,:!?。；，：！？؟…]$")


# a dateline alone ("Astana, 16 May 2018", "16.05.2018", "May 16, 2018", "2021年3月22日"): not a headline
_DATELINE = re.compile(r"^(?:[^\W\d_][^,\d]{0,40},\s*\d|\d|[^\W\d_]{3,9}\.?\s+\d{1,2},\s+(?:19|20)\d{2})")


def _is_headline(line: str) -> bool:
    """Short, a letter in it, no final stop: how headlines look in every language here."""
    if not line or len(line) > 250 or len(line.split()) > 35 or "\n" in line:
        return False
    if len(line.split()) <= 8 and _DATELINE.match(line) and YEAR.search(line):
        return False
    if _HEADLINE_END.search(line) and not line.endswith("..."):
        return False
    return re.search(r"[^\W\d_]", line) is not None


def _is_label(line: str) -> bool:
    """A section label ("Diplomacia", "国・地域") or a date alone ("Qui, 09 de Outubro") over a headline:
    one word (a few letters in a script without spaces), or nothing but a date and its weekday."""
    words = line.split()
    if len(words) == 1 and (len(line) < 6 or not _cjk(line[0])):
        return True
    if len(words) > 5:
        return False
    dates = find_dates(line)
    rest = line
    for d in reversed(dates):
        rest = rest[: d.start] + rest[d.end :]
    return bool(dates) and len(_WORD.findall(rest)) <= 1


_WORD = re.compile(r"[^\W\d_]{2,}")


def _headline(text: str) -> str | None:
    """The first line of ``text`` when it reads as a headline and more text follows (over one section
    label or date line)."""
    lines = [ln.strip() for ln in text.split("\n", 3)[:3] if ln.strip()]
    while len(lines) > 1 and _is_label(lines[0]) and _is_headline(lines[0]):
        lines.pop(0)
    first = lines[0] if lines else ""
    return (
        first if first and len(first) < len(text) and _is_headline(first) and not _is_label(first) else None
    )


# --------------------------------------------------------------------------------------------- formats


_CONT_END = re.compile(r"[.!?:;。！？؟…；：'\"»”’)\]]$")


def _unwrap(text: str) -> str:
    """Join hard-wrapped lines (e-mails, copies from PDF viewers) back into their paragraph.

    A line is a wrapped continuation when the next one starts in lower case, or when the paragraph looks
    wrapped at a fixed width (every line but the last 50-110 characters long, none ending a sentence).
    Titles, datelines and lists keep their own lines.
    """
    out = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        if len(lines) < 2:
            out.append(para)
            continue
        body = lines[:-1]
        width = all(50 <= len(ln) <= 110 for ln in body) and not any(_CONT_END.search(ln) for ln in body)
        joined: list[str] = []
        cur = [lines[0]]  # the pieces of the line being rebuilt (joined once: no quadratic concatenation)
        for prev, nxt in itertools.pairwise(lines):
            if not _CONT_END.search(prev) and (width or nxt[:1].islower()):
                cur.append(nxt if (_cjk(prev[-1]) and _cjk(nxt[0])) else " " + nxt)
            else:
                joined.append("".join(cur))
                cur = [nxt]
        joined.append("".join(cur))
        out.append("\n".join(joined))
    return "\n\n".join(out)


def _from_data(data: bytes, name: str, max_chars: int) -> Source:
    """Bytes (already capped to the budget + 1) → Source."""
    label = _label(name)
    if not data:
        raise InputError(f"{label}: {'empty input' if name == '-' else 'empty file'}")
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"{label}: binary data ({kind}), not text")
    html = _looks_html(data[:_SNIFF], name)
    budget = _byte_budget(max_chars, html)
    final = len(data) <= budget
    data = data[:budget]
    warnings: list[str] = []
    if not final:
        warnings.append(f"input truncated at {max_chars} characters")
    has_bom = any(data.startswith(b) for b, _ in _BOMS)
    if not has_bom:
        nul = data.count(b"\x00", 0, _SNIFF)
        if nul and _utf16_without_bom(data) is None and nul > max(1, len(data[:_SNIFF]) // 1000):
            raise InputError(f"{label}: binary data (NUL bytes), not text")
    text, enc = _decode(data, html=html, final=final, warnings=warnings)
    sample = text[:_SNIFF]
    if sample and len(_CTRL.findall(sample)) > 0.05 * len(sample):
        raise InputError(f"{label}: binary data (control characters), not text")
    if not _HAS_WORD.search(text):
        if not text:
            raise InputError(f"{label}: empty file (only a byte-order mark)")
        what = "only whitespace" if not text.strip() else "no letters or digits"
        raise InputError(f"{label}: {what}, no text")
    return _from_str(text, name, max_chars, warnings, encoding=enc, html=html)


def _from_str(
    text: str,
    name: str,
    max_chars: int,
    warnings: list[str],
    *,
    encoding: str | None,
    html: bool | None = None,
) -> Source:
    if html is None:
        html = _looks_html_text(text[:_SNIFF])
    if html:
        src = _from_html(text, name, warnings)
    elif _looks_markdown(text, name):
        if len(text) > 2 * max_chars:
            text = text[: 2 * max_chars]  # markup is dropped below; the final cut is by characters
        src = _from_markdown(text, name, warnings)
    else:
        if len(text) > max_chars:
            text = _cut(text, max_chars)
            if (note := f"input truncated at {max_chars} characters") not in warnings:
                warnings.append(note)
        body = _strip_chrome(_unwrap(normalize(text)))
        src = Source(name=name, text=body, title=_headline(body), format="text", warnings=warnings)
    src.encoding = encoding
    return _finish(src, max_chars)


def _cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a paragraph, line or word break when one is near."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for sep in ("\n\n", "\n", " "):
        k = head.rfind(sep)
        if k >= limit * 0.8:
            return head[:k]
    return head


def _finish(src: Source, max_chars: int) -> Source:
    label = _label(src.name)
    note = f"input truncated at {max_chars} characters"
    if len(src.text) > max_chars:
        src.text = normalize(_cut(src.text, max_chars))
        if note not in src.warnings:
            src.warnings.append(note)
    if not src.text:
        raise InputError(f"{label}: no text found")
    if src.title and len(src.title) > 300:
        src.title = src.title[:300].rsplit(" ", 1)[0]
    return src


# ---- Markdown

_MD_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_BLOCK: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}(```|~~~).*$", re.M), ""),  # fence lines (their content stays)
    (re.compile(r"^ {0,3}\[[^\]\n]{1,300}\]:[ \t]*\S.*$", re.M), ""),  # reference definitions
    (re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M), "\n"),  # horizontal rules
    (re.compile(r"^(\S[^\n]*)\n {0,3}(?:=+|-+)[ \t]*$", re.M), r"\n\1\n"),  # setext headings
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M), r"\n\1\n"),  # ATX headings
    (re.compile(r"^(?: {0,3}>[ \t]?)+", re.M), ""),  # block quotes
    # list items and numbered points start their own line (\x01 marks them; normalize() drops it later);
    # numbers stay: they are content
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), "\x01"),
    (re.compile(r"^[ \t]*(?=\d{1,3}[.)][ \t])", re.M), "\x01"),
    (
        re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M),
        "",
    ),  # table rules
)
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)"), ""),  # images
    (re.compile(r"\[([^\]\n]{1,300})\]\([^)\n]{0,2000}\)"), r"\1"),  # links
    (re.compile(r"\[([^\]\n]{1,300})\]\[[^\]\n]{0,300}\]"), r"\1"),  # reference links
    (re.compile(r"\[\^[^\]\n]{1,50}\]"), ""),  # footnote marks
    (re.compile(r"<(https?://[^>\s]{1,2000}|[^@>\s]{1,300}@[^>\s]{1,300})>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics *x*
    (re.compile(r"(?<![\w_])_(?=\S)(.{1,500}?)(?<=\S)_(?![\w_])"), r"\1"),  # italics _x_
    (re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~"), r"\1"),  # strike-through
    (re.compile(r"`+([^`\n]{1,500})`+"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
)
_MD_RULES = _MD_BLOCK + _MD_INLINE


def _strip_comments(text: str) -> str:
    """Drop <!-- comments --> in linear time (a regex rescans the rest of the text at every unclosed one)."""
    out: list[str] = []
    i = 0
    while (j := text.find("<!--", i)) >= 0:
        k = text.find("-->", j + 4)
        if k < 0:
            break
        out.append(text[i:j])
        i = k + 3
    out.append(text[i:])
    return "".join(out)


def _from_markdown(text: str, name: str, warnings: list[str]) -> Source:
    import html as _html

    text = _NEWLINES.sub("\n", text).lstrip("\ufeff")
    title = date = None
    m = _MD_FRONT.match(text)
    if m and re.search(r"^\w[\w-]*\s*:", m.group(1), re.M):
        for line in m.group(1).splitlines():
            key, _, val = line.partition(":")
            val = val.strip().strip("\"'")
            if key.strip().lower() == "title" and val:
                title = val
            elif key.strip().lower() == "date" and re.match(r"\d{4}-\d{2}-\d{2}", val):
                date = val[:10]
        text = text[m.end() :]
    heading = re.search(
        r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^(\S[^\n]*)\n {0,3}=+[ \t]*$", text, re.M
    )
    text = _strip_comments(text)
    for rx, repl in _MD_RULES:
        text = rx.sub(repl, text)
    # table rows: "| a | b |" → "a | b" (cells stay apart, pipes at the edges go)
    text = re.sub(r"^[ \t]*\|(.*?)\|?[ \t]*$", lambda mm: "\x01" + mm.group(1).strip(), text, flags=re.M)
    # a single newline inside a paragraph is a soft break; two trailing spaces or a backslash make it hard
    text = re.sub(r"(?<![ \t\\\n])(?<!  )[ \t]?\n(?=[ \t]*[^\s\x01])", " ", text)
    text = re.sub(r"(?:  |\\)\n", "\n", text)
    body = _strip_chrome(normalize(_html.unescape(text)))
    if title is None and heading is not None:
        title = (
            normalize(_html.unescape(_strip_inline_md(heading.group(1) or heading.group(2) or ""))) or None
        )
    if title is None:
        title = _headline(body)
    return Source(name=name, text=body, title=title, date=date, format="markdown", warnings=warnings)


def _strip_inline_md(s: str) -> str:
    for rx, repl in _MD_INLINE:
        s = rx.sub(repl, s)
    return s


# ---- HTML

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TITLE_SEPS = re.compile(
    r"\s+[|\-–—:·•»/_]\s+|\s*[|•»]\s*|(?<=[\u3400-\u9fff）)])_|_(?=[\u3400-\u9fff（(])"
    r"|\s*(?:——|—|－)\s*(?=[\u3400-\u9fff])"
)
# words, but each CJK character on its own (CJK titles have no spaces to split on)
_WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+"
)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "section",
    "article", "blockquote", "pre", "dd", "dt", "dl", "header", "footer", "main", "figure", "figcaption",
    "address", "hr", "td", "th",
}  # fmt: skip


def _parse_html(html: str) -> object | None:
    """An lxml tree; never touches the network (no DTD, no entities, no external resources)."""
    import lxml.html
    from lxml import etree

    html = _XML_DECL.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    parser = lxml.html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,
        huge_tree=False,
    )
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return tree


def _tokens(s: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(s)}


# Words that name a publisher, not an event: a title part made of one is the site's name
_ORG = re.compile(
    r"\b(?:ministry|ministère|ministerio|ministerium|ministero|министерств|міністерств|министрліг|мид\b|"
    r"мзс\b|department|government|gouvernement|gobierno|regierung|правительств|уряд|embassy|ambassade|"
    r"embajada|botschaft|посольств|secretaría|auswärtiges amt|foreign office|state department|"
    r"gov\.\w+|gob\.\w+|gouv\.\w+)|外交部|وزارة|سفارة",
    re.I,
)


def _clean_title(title: str | None, site: str | None) -> str | None:
    """``title`` without its site-name parts ("Headline | Ministry | Government", "Headline - GOV.UK")."""
    if not title:
        return None
    title = " ".join(title.split())
    site_toks = _tokens(site or "")
    if site_toks and _tokens(title) and _tokens(title) <= site_toks:
        return None  # the page's <title> is only the site's name
    parts = [p.strip() for p in _TITLE_SEPS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    seps = _TITLE_SEPS.findall(title)
    keep = [p for p in parts if not (site_toks and _tokens(p) and _tokens(p) <= site_toks)]
    if any(sep.strip() in ("|", "•", "»", "_") or sep in ("——", "—", "－") for sep in seps):
        # pipes separate the headline from site chrome: the longest part is the headline
        keep = [max(keep or parts, key=len)]
    elif len(keep) == len(parts):
        # "Headline - Publisher" / "Publisher: Headline" with no og:site_name to go by
        if _ORG.search(parts[-1]) and len(title) - len(parts[-1]) >= 20:
            keep = parts[:-1]
        elif _ORG.search(parts[0]) and len(title) - len(parts[0]) >= 20:
            keep = parts[1:]
    if not keep or len(keep) == len(parts):
        return title
    # rebuild from the original so that a " - " inside the headline survives
    start = title.find(keep[0])
    end = title.rfind(keep[-1]) + len(keep[-1])
    return title[start:end].strip() if start >= 0 and end > start else keep[0]


def _meta(tree: object, *keys: str) -> str | None:
    for key in keys:
        for el in tree.xpath(f'//meta[@property="{key}" or @name="{key}"]'):  # type: ignore[attr-defined]
            val = (el.get("content") or "").strip()
            if val:
                return val
    return None


def _site_name(tree: object, site: str | None) -> str | None:
    """The publisher: og:site_name, else the <title> part that names a ministry ("... | MFA of Ukraine")."""
    if site and site.strip():
        return " ".join(site.split())
    for el in tree.xpath("//title"):  # type: ignore[attr-defined]
        parts = [x.strip() for x in _TITLE_SEPS.split(el.text_content() or "") if x.strip()]
        for part in parts[1:][::-1] + parts[:1]:
            if _ORG.search(part) and len(part) <= 120:
                return " ".join(part.split())
    return None


def _html_title(tree: object, meta_title: str | None, site: str | None) -> str | None:
    import html as _html

    og = _meta(tree, "og:title", "twitter:title")
    tt = None
    for el in tree.xpath("//title"):  # type: ignore[attr-defined]
        tt = " ".join(el.text_content().split()) or None
        break
    site = site or _meta(tree, "og:site_name", "application-name")
    # og:title is the cleanest when present, but some sites put only their own name there
    base = _clean_title(og, site) or _clean_title(tt, site) or _clean_title(meta_title, site)
    if base:
        base = _html.unescape(base)
    h1s = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")[:5]]  # type: ignore[attr-defined]
    base_toks = _tokens(base or "")
    site_toks = _tokens(site or "")
    best = None
    for h in h1s:
        ht = _tokens(h)
        if len(h) < 10 or not ht or (site_toks and ht <= site_toks):
            continue
        if base_toks and len(ht & base_toks) >= 0.6 * len(base_toks):
            best = h
            break
        if not base_toks and best is None:
            best = h
    return best or base


def _visible_text(html: str) -> str:
    """The page's visible text, block by block (used when no article is found): no scripts, no navigation,
    no blocks made mostly of links (menus, teaser lists)."""
    tree = _parse_html(html)
    if tree is None:
        return ""
    drop = (
        "//script|//style|//noscript|//template|//head|//nav|//footer|//header|//aside|//form|//svg"
        "|//button|//select|//iframe"
    )
    for el in tree.xpath(drop):  # type: ignore[attr-defined]
        el.drop_tree()
    for el in list(tree.iter("div", "td", "ul", "ol", "li", "p", "section", "table", "span")):  # type: ignore[attr-defined]
        if el.getparent() is None:
            continue
        size = len("".join(el.text_content().split()))
        if 0 < size < 2000:
            links = sum(len("".join(a.text_content().split())) for a in el.iter("a"))
            if links > 0.6 * size:
                el.drop_tree()
    parts: list[str] = []
    stack: list[tuple[object, bool]] = [(tree, False)]
    while stack:  # document order without recursion: (element, closing?)
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        brk = "\n" if tag == "br" else "\n\n" if tag in _BLOCK_TAGS else ""
        if closing:
            parts.append(brk)
            if el.tail:  # type: ignore[attr-defined]
                parts.append(el.tail)  # type: ignore[attr-defined]
            continue
        parts.append(brk)
        if el.text and tag:  # type: ignore[attr-defined]
            parts.append(el.text)  # type: ignore[attr-defined]
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))  # type: ignore[call-overload]
    return "".join(parts)


def _from_html(html: str, name: str, warnings: list[str]) -> Source:
    label = _label(name)
    tree = _parse_html(html)
    if tree is None:
        raise InputError(f"{label}: HTML page with no text")
    meta_title = meta_date = None
    body = ""
    site = _meta(tree, "og:site_name", "application-name")
    title = _html_title(tree, None, site)
    h1s = {normalize(h.text_content()).replace("\n", " ") for h in tree.xpath("//h1")[:5]}  # type: ignore[attr-defined]
    try:
        from trafilatura import bare_extraction

        def extract(tables: bool) -> object:
            return bare_extraction(
                tree,
                fast=True,
                favor_precision=True,
                include_comments=False,
                include_tables=tables,
                include_images=False,
                include_links=False,
                with_metadata=True,
                deduplicate=False,
                # meta tags and structured data only: free-text search takes "© 2019" for a date
                date_extraction_params={"extensive_search": False, "original_date": True},
            )

        # no tables: their cells come out as "| a | b |" rows; a page laid out in <table>s (older sites)
        # finds no article here and goes to the visible-text fallback below
        doc = extract(False)
        if doc is not None:
            meta_title, meta_date, body = doc.title, doc.date, doc.text or ""  # type: ignore[attr-defined]
    except Exception:
        # a third-party extractor's bug on a strange page must not lose the page (nor escape as a
        # non-communique error): fall back to its visible text
        pass
    if not title:
        title = _clean_title(meta_title, site)
    # trafilatura's text: one block per line; a list item starts with "- "
    paras = [re.sub(r"^- ", "", ln) for ln in body.split("\n")]
    text = _strip_chrome(normalize("\n\n".join(paras)))
    if len(text) < 300:  # little or nothing found: is the page's visible text much richer?
        visible = _strip_chrome(normalize(_visible_text(html)))
        if (not text and len(visible) >= 80) or (len(visible.split()) >= 30 and len(visible) > 3 * len(text)):
            warnings.append("no article found in the HTML page: using its visible text")
            text = visible
    if not text:
        raise InputError(f"{label}: HTML page with no article text")
    if title:
        title = normalize(title).replace("\n", " ") or None
    # like a text release: the headline first, then the body. The article's own headline (an <h1> kept in
    # the article, or a line like the page title, often fuller) may follow a date or a kicker: move it up
    paras = text.split("\n\n")
    for i, para in enumerate(paras[:3]):
        if _is_headline(para) and (para in h1s or (title and (para == title or _same_headline(para, title)))):
            title = para
            del paras[i]
            break
    if title:
        text = "\n\n".join([title, *paras])
    # the date the page shows beside its headline first: a meta timestamp is often UTC, a day off the
    # ministry's local date ("2021-02-06T02:15Z" for a release dated "February 5, 2021")
    date = _visible_date(tree) or (
        meta_date if meta_date and re.match(r"\d{4}-\d{2}-\d{2}$", meta_date) else None
    )
    return Source(
        name=name,
        text=text,
        title=title,
        date=date,
        format="html",
        warnings=warnings,
        site=_site_name(tree, site),
    )


def _visible_date(tree: object) -> str | None:
    """The date the page shows: a short date line beside the headline (ministry sites print
    "10 октября 2020 г., 03:15" or "Comunicado No. 458 | 08 de octubre de 2021" next to the <h1>), else a
    <time datetime>."""
    h1 = tree.xpath("//h1")  # type: ignore[attr-defined]
    if not h1:
        return _time_element(tree)
    before, after = list(h1[0].itersiblings(preceding=True))[:3], list(h1[0].itersiblings())[:3]
    lines = [normalize(el.text_content()) for el in (*before, *after) if isinstance(el.tag, str)]
    for line in lines:
        if 0 < len(line) <= 120:  # a date or meta line, not a paragraph of the article
            for d in find_dates(line):
                if d.year and (iso := d.iso()):
                    return iso
    return _time_element(tree)


def _time_element(tree: object) -> str | None:
    for value in tree.xpath("//article//time/@datetime | //time/@datetime")[:3]:  # type: ignore[attr-defined]
        if re.match(r"\d{4}-\d{2}-\d{2}", str(value)):
            return str(value)[:10]
    return None


def _same_headline(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    return len(ta & tb) >= 0.8 * min(len(ta), len(tb)) and len(a) <= 2 * len(b) + 40


# ---- PDF


_PAGE_NUMBER = re.compile(
    r"(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?|(?:page|стр\.?|страница|сторінка|p\.)\s*\d+(?:\s*(?:of|из|з|/)\s*\d+)?",
    re.I,
)


def _pdf_reflow(lines: list[str]) -> str:
    """PDF lines → paragraphs: wrapped lines are joined, hyphenated words mended, short lines end paragraphs."""
    lines = [" ".join(ln.split()) for ln in lines]
    lengths = sorted(len(ln) for ln in lines if ln)
    if not lengths:
        return ""
    full = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else lengths[-1]
    out: list[str] = []
    cur: list[str] = []  # pieces of the paragraph being rebuilt
    for i, ln in enumerate(lines):
        if not ln:
            if cur:
                out.append("".join(cur))
                cur = []
            continue
        if _PAGE_NUMBER.fullmatch(ln):
            continue
        if cur:
            prev = cur[-1]
            if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and ln[:1].islower():
                cur[-1] = prev[:-1]  # a word hyphenated at the line end
                cur.append(ln)
            elif _cjk(prev[-1]) and _cjk(ln[0]):
                cur.append(ln)
            else:
                cur.append(" " + ln)
        else:
            cur = [ln]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        wrapped = len(ln) >= 0.7 * full and not _SENT_END.search(ln)
        if not (wrapped or (nxt[:1].islower() and not _SENT_END.search(ln))):
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return "\n\n".join(out)


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _from_pdf(data: bytes, name: str, max_chars: int) -> Source:
    label = _label(name)
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a dependency, but keep the message clear
        raise InputError(f"{label}: reading PDF needs the pypdfium2 package") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise InputError(f"{label}: PDF is password-protected") from None
        raise InputError(f"{label}: damaged or unsupported PDF ({e})") from None
    warnings: list[str] = []
    pages: list[list[str]] = []
    total = 0
    try:
        meta_title = (pdf.get_metadata_dict().get("Title") or "").strip()
        for i in range(len(pdf)):
            if total > max_chars:
                warnings.append(f"input truncated at {max_chars} characters")
                break
            page = pdf[i]
            try:
                tp = page.get_textpage()
                try:
                    lines = _pdf_page_lines(tp)
                finally:
                    tp.close()
            finally:
                page.close()
            pages.append(lines)
            total += sum(len(ln) for ln in lines)
    except pdfium.PdfiumError as e:
        raise InputError(f"{label}: damaged PDF ({e})") from None
    finally:
        pdf.close()
    if not any(normalize(ln) for p in pages for ln in p):
        raise InputError(f"{label}: PDF has no text layer (a scanned document?); run OCR on it first")
    sample = "".join(ln for p in pages for ln in p)[:_SNIFF]
    if len(_UNREADABLE.findall(sample)) > 0.3 * len(sample):
        # glyph codes without a Unicode map come out as control or private-use characters
        raise InputError(
            f"{label}: PDF text layer is unreadable (fonts without a Unicode map); run OCR on it"
        )
    lines = [ln for p in _drop_running_lines(pages) for ln in [*p, ""]]
    text = _strip_chrome(normalize(_pdf_reflow(lines)))
    title = meta_title if _good_pdf_title(meta_title) else _headline(text)
    return _finish(Source(name=name, text=text, title=title, format="pdf", warnings=warnings), max_chars)


_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")


def _pdf_page_lines(tp: object) -> list[str]:
    """A page's lines in reading order; "" where a vertical gap (a new paragraph) separates two lines."""
    rects = [tp.get_rect(i) for i in range(tp.count_rects())]  # type: ignore[attr-defined]
    rows: list[list[float | str]] = []  # [top, bottom, text]
    for left, bottom, right, top in rects:
        t = " ".join(tp.get_text_bounded(left, bottom, right, top).split())  # type: ignore[attr-defined]
        if not t:
            continue
        if rows and abs((float(rows[-1][0]) + float(rows[-1][1])) / 2 - (top + bottom) / 2) < 0.5 * (
            top - bottom
        ):
            rows[-1][2] = f"{rows[-1][2]} {t}"  # another run on the same line
        else:
            rows.append([top, bottom, t])
    if not rows:
        text = tp.get_text_bounded()  # type: ignore[attr-defined]
        return _NEWLINES.sub("\n", text).split("\n")
    pitches = sorted(
        float(a[1]) - float(b[1]) for a, b in itertools.pairwise(rows) if float(a[1]) > float(b[1])
    )
    pitch = pitches[len(pitches) // 4] if pitches else 0.0  # the line pitch: most steps, and the smallest
    out: list[str] = [str(rows[0][2])]
    for prev, cur in itertools.pairwise(rows):
        step = float(prev[1]) - float(cur[1])
        if pitch and (step > 1.4 * pitch or step < 0):  # a blank line's worth of space, or a new column
            out.append("")
        out.append(str(cur[2]))
    return out


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop headers and footers: the same line at the top or bottom of most pages of a multi-page PDF."""
    if len(pages) < 3:
        return pages
    from collections import Counter

    def edges(p: list[str]) -> set[str]:
        # the first and last line, or the short blocks set apart by a gap at the top and the bottom
        top = p[: p.index("")] if "" in p else p[:1]
        bottom = p[len(p) - p[::-1].index("") :] if "" in p else p[-1:]
        return {*(top if len(top) <= 3 else top[:1]), *(bottom if len(bottom) <= 3 else bottom[-1:])} - {""}

    seen: Counter[str] = Counter()
    for p in pages:
        seen.update(edges(p))
    running = {ln for ln, n in seen.items() if n >= 0.6 * len(pages) and len(ln) < 120}
    out = []
    for p in pages:
        drop = edges(p) & running
        out.append([ln for ln in p if ln not in drop])
    return out


def _good_pdf_title(t: str) -> bool:
    if not t or len(t) < 8 or len(t) > 250:
        return False
    low = t.lower()
    return not (
        low.startswith(("microsoft word", "untitled", "document", "press release", "пресс-релиз"))
        or re.search(r"\.(docx?|pdf|odt|rtf|indd|txt)$", low)
        or not re.search(r"[^\W\d_]{3}", t)
    )
