"""What the input and analysis layers hand to the engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis.dateline import Dateline
    from .analysis.entities import Mentions
    from .lang import Resources
    from .readout import Meeting, NextStep


@dataclass
class Source:
    """Clean text and metadata read from one input (file, stdin, bytes)."""

    name: str  # the path as given; "-" for stdin; "<text>" for API strings
    text: str  # normalized text, paragraphs separated by "\n\n"
    title: str | None = None
    date: str | None = None  # ISO date from metadata (HTML), if any
    format: str = "text"  # text | markdown | html | pdf
    site: str | None = None  # the publisher (HTML og:site_name or the <title>'s site part): whose ministry
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    text: str  # verbatim slice of Source.text (whitespace normalized)
    start: int  # character offsets in Source.text
    end: int
    para: int  # paragraph index (0-based)
    index: int  # sentence index in the document
    kind: str = "body"  # title | dateline | body  (set by the splitter)


@dataclass
class Document:
    """A release after analysis: language, sentences, meeting facts and next steps."""

    source: Source
    lang: str
    res: Resources
    sentences: list[Sentence]
    meeting: Meeting | None = None
    steps: list[NextStep] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def mentions(self) -> Mentions:
        """The countries and organizations the text names, found once (the gazetteer's index)."""
        from .analysis.entities import Mentions

        return Mentions.of(self)

    @cached_property
    def dateline(self) -> Dateline:
        """Where and when the release says it was written, and by whom (``analysis/dateline.py``), read once."""
        from .analysis.dateline import read

        return read(self)
