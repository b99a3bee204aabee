"""The engine interface and registry. A new engine is one module with one ``@register`` class.

Engines turn analysed documents into a ``Digest`` (summary + key points). Meeting facts and next
steps come from their own extractors, before the engine runs, so every engine gets them for free
(the extractive engine uses the meeting facts to write its summary sentence).
Third-party engines register through the ``communique.engines`` entry-point group.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Document
from ..errors import UsageError
from ..hub import ModelCard
from ..options import Options
from ..readout import KeyPoint

_REGISTRY: dict[str, type[Engine]] = {}


@dataclass
class Digest:
    summary: str
    key_points: list[KeyPoint]
    warnings: list[str] = field(default_factory=list)


class Engine(ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""
    # What the pipeline needs to know of an engine, so that core and batch never name one:
    # an engine that loads a model keeps one instance per process and gets documents in groups;
    # one that does not is cheap to fork, and batch spreads it over worker processes.
    loads_model: ClassVar[bool] = False
    # ``--engine auto`` runs the available engine of the highest rank; None: only when named
    auto_rank: ClassVar[int | None] = None
    # what a user does to make an unavailable engine available (the note ``auto`` prints)
    remedy: ClassVar[str] = ""

    def __init__(self, opts: Options) -> None:
        self.opts = opts

    @property
    def model(self) -> str | None:
        """The model id or path this engine runs, for the readout's ``engine.model``."""
        return None

    @property
    def backend(self) -> str | None:
        """What runs the model, for the readout's ``engine.backend`` (None: no model)."""
        return None

    @classmethod
    def available(cls, opts: Options) -> tuple[bool, str]:
        """Can it run now without a download? (ok, a one-line reason when not)."""
        return True, ""

    @classmethod
    def known_models(cls) -> list[ModelCard]:
        return []

    def group_size(self) -> int:
        """Documents per ``digest_many`` call in a batch: a model batches their chunks together."""
        return max(1, self.opts.batch_size) if self.loads_model else 1

    @abstractmethod
    def digest_many(self, docs: Sequence[Document]) -> list[Digest]:
        """Summaries and key points for several documents (one batch, in order)."""

    def digest(self, doc: Document) -> Digest:
        return self.digest_many([doc])[0]


def register(cls: type[Engine]) -> type[Engine]:
    _REGISTRY[cls.name] = cls
    return cls


_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from importlib.metadata import entry_points  # 40 ms of imports: only when a plugin may be asked for

    for ep in entry_points(group="communique.engines"):
        ep.load()  # the module registers its engine(s) on import


def engines() -> dict[str, type[Engine]]:
    _load_plugins()
    return dict(_REGISTRY)


def auto_candidates() -> list[type[Engine]]:
    """The engines ``--engine auto`` may run, the preferred first."""
    ranked = [c for c in engines().values() if c.auto_rank is not None]
    return sorted(ranked, key=lambda c: -(c.auto_rank or 0))


def registered(name: str) -> bool:
    """Whether ``name`` is an engine registered so far (the built-in ones, before any plugin lookup)."""
    return name in _REGISTRY


def engine_class(name: str) -> type[Engine]:
    if name in _REGISTRY:  # a built-in engine: no need to look for plugins (each takes a name of its own)
        return _REGISTRY[name]
    reg = engines()
    if name not in reg:
        raise UsageError(f"unknown engine {name!r} (known: {', '.join(sorted(reg))})")
    return reg[name]
