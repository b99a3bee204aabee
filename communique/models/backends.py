"""How the seq2seq engine's model runs: one small interface, one module per runtime.

The engine owns everything a backend shares: the tokenizer, chunking, batching by length across
releases, evidence alignment and the faithfulness guard. A backend only turns a batch of token ids
into generated token ids. ``transformers`` runs the checkpoint as it is; ``ctranslate2`` runs a copy
converted once by CTranslate2's own converter. Nothing here imports torch, transformers or ctranslate2
at import time.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ModelError
from ..options import Options

T5_FAMILY = {"t5", "mt5", "umt5", "longt5"}  # fp16 overflows in these: fp32 (or bf16) even on a GPU


def cpu_threads() -> int:
    """The CPUs this process may use (a container's share), not the host's count."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


WAIT_POLICY_ENV = "OMP_WAIT_POLICY"


def sleeping_openmp_threads() -> bool:
    """Make torch's OpenMP threads sleep at a barrier instead of spinning (``OMP_WAIT_POLICY=PASSIVE``).

    A spinning thread burns its core while it waits for a sibling that the scheduler has put off: on
    a CPU shared with other jobs (a laptop, a loaded server) every small decoder-step matmul ends in
    such a wait, and beam search ran several times slower by CPU and by wall time (bench/seq2seq.py).
    OpenMP reads the variable once, when torch is first imported: set before that, and never over the
    user's own value (``OMP_WAIT_POLICY=ACTIVE`` restores spinning). True when the policy is passive.
    """
    if "torch" not in sys.modules:
        os.environ.setdefault(WAIT_POLICY_ENV, "PASSIVE")
    return os.environ.get(WAIT_POLICY_ENV, "").strip().upper() == "PASSIVE"


# bytes: a block this large or larger is its own mapping, unmapped when freed (full-vocabulary logits,
# 4 MB a beam row on mT5); below it, blocks are reused from the heap
MMAP_THRESHOLD = 16 << 20
# bytes of free heap top kept resident: with glibc's 128 KB (its fixed value once the mmap threshold is
# set) every freed activation at the top went back to the OS and its next allocation faulted its pages
# in again; gelu_new on 450 x 2048 cost 17.8 ms of CPU that way, 3.0 with the heap kept
TRIM_THRESHOLD = 64 << 20


def tidy_heap() -> bool:
    """Return the loader's freed memory to the OS and keep large tensors out of the heap (glibc only).

    Loading the tokenizer and model frees hundreds of MB that glibc keeps in the heap; and glibc raises
    its mmap threshold each time a large block is freed, so later full-vocabulary logits and cache
    tensors land in the heap too, where freed space fragments and stays resident: 250 MB of the peak
    of a batch of eight mT5-base chunks. A fixed threshold (``M_MMAP_THRESHOLD``) maps each such block
    on its own and unmaps it when freed; a fixed trim threshold keeps the heap's activations (the
    encoder's, a few MB each) resident for reuse instead of faulting them in at every op (mT5-base,
    4 and 12 releases: 16-21% less CPU time, 20-60 MB more peak). False where the C library is not glibc.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        trim, mallopt = libc.malloc_trim, libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD (fixing it also stops glibc's dynamic raising)
    mallopt(-1, TRIM_THRESHOLD)  # M_TRIM_THRESHOLD
    trim(0)
    return True


def ctranslate2_installed() -> bool:
    return importlib.util.find_spec("ctranslate2") is not None


class ConversionError(ModelError):
    """A backend could not convert the checkpoint to its own format (the engine falls back to transformers)."""


class Backend(ABC):
    """A loaded model that generates: token ids in, token ids out (special tokens included)."""

    name: ClassVar[str]
    # the beams of an input share one cross-attention cache: a batch's memory does not grow with beams
    shares_cross_cache: bool = False
    # how many times the engine's batch budget (input positions) this backend's memory allows
    batch_scale: int = 1

    def __init__(self, path: Path, model_id: str, opts: Options, model_type: str) -> None:
        self.path = path
        self.model_id = model_id
        self.opts = opts
        self.model_type = model_type
        self.device = "cpu"

    @abstractmethod
    def load(self) -> None:
        """Load the model (raises ``ModelError`` with a one-line reason when it cannot)."""

    @abstractmethod
    def generate(self, batch: list[list[int]], pad_id: int, settings: dict[str, Any]) -> list[list[int]]:
        """Generated ids for each row of ``batch`` (rows of any length; ``settings``: generate() names)."""


def backend_class(name: str) -> type[Backend]:
    if name == "ctranslate2":
        from .backend_ctranslate2 import CTranslate2Backend

        return CTranslate2Backend
    from .backend_transformers import TransformersBackend

    return TransformersBackend
