"""The extractive engine: key points are the release's own most important sentences."""

from __future__ import annotations

from collections.abc import Sequence

from ..document import Document
from ..readout import KeyPoint
from .base import Digest, Engine, register


@register
class ExtractiveEngine(Engine):
    name = "extractive"
    description = "ranks the release's own sentences; no model download, every language"

    def digest_many(self, docs: Sequence[Document]) -> list[Digest]:
        return [self._one(d) for d in docs]

    def _one(self, doc: Document) -> Digest:
        sents = doc.sentences[1:] if len(doc.sentences) > 1 else doc.sentences
        pts = [KeyPoint(s.text, [s.text]) for s in sents[: self.opts.max_points]]
        return Digest(summary=pts[0].text if pts else "", key_points=pts)
