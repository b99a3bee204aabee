"""Meeting facts: kind, date, place and participants of the meeting a release reports."""

from __future__ import annotations

import re

from .document import Document
from .readout import Meeting

_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")


def extract_meeting(doc: Document) -> Meeting:
    m = Meeting()
    if doc.source.date and _ISO.match(doc.source.date):
        m.date = doc.source.date[:10]
    return m
