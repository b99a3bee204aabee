"""Analysis: language identification and sentence splitting."""

from __future__ import annotations

import re

from .document import Sentence
from .lang import Resources

_SENT_END = re.compile(r"(?<=[.!?。！？؟])\s+")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('und' when unknown)."""
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    if re.search(r"[әғқңөұүһі]", text.lower()):
        return "kk"
    if re.search(r"[а-яё]", text.lower()):
        return "ru"
    return "en"


def split_sentences(text: str, res: Resources) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for pi, para in enumerate(text.split("\n\n")):
        start = text.index(para, pos)
        pos = start + len(para)
        for line in para.split("\n"):
            lstart = text.index(line, start)
            for piece in _SENT_END.split(line):
                piece = piece.strip()
                if not piece:
                    continue
                s = text.index(piece, lstart)
                out.append(Sentence(piece, s, s + len(piece), pi, len(out)))
                lstart = s + len(piece)
    return out
