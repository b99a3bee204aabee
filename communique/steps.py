"""Next steps: the commitments a release records (who will do what, by when)."""

from __future__ import annotations

from .document import Document
from .readout import Meeting, NextStep


def extract_steps(doc: Document, meeting: Meeting) -> list[NextStep]:
    return []
