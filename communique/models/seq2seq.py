"""The seq2seq engine: abstractive key points from a transformers checkpoint (torch loaded lazily)."""

from __future__ import annotations

from collections.abc import Sequence

from ..document import Document
from ..errors import ModelError
from ..options import Options
from .base import Digest, Engine, register

DEFAULT_MODEL = "csebuetnlp/mT5_multilingual_XLSum"


@register
class Seq2SeqEngine(Engine):
    name = "seq2seq"
    description = "a transformers encoder-decoder summarizer (mT5 XLSum by default)"

    @classmethod
    def available(cls, opts: Options) -> tuple[bool, str]:
        return False, f"model {opts.model or DEFAULT_MODEL} is not available locally"

    def digest_many(self, docs: Sequence[Document]) -> list[Digest]:
        raise ModelError("the seq2seq engine is not built yet")
