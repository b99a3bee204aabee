"""``batch --executor ray``: the batch pipeline on Ray Data, for archives past one machine.

The plan (discovery, output names, --resume) and the writing of every output (--out, --jsonl,
--steps-csv, --db) stay in ``batch.Batch``, in this process, exactly as on the local path; Ray only
replaces the pool: a dataset of jobs is mapped, in batches, through a callable class that holds the
engine (so a neural model is loaded once per Ray actor) and reads, analyses and summarizes each file
where it runs. Results come back in input order (``preserve_order``).

On a cluster the input folder must be visible at the same path on every node (a shared file system),
and communique (with its extra ``[ray]``) installed in the nodes' Python. With ``--device cuda`` and
a neural engine each actor asks Ray for one GPU.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .errors import ModelError, UsageError
from .options import Options

if TYPE_CHECKING:
    from .batch import Batch, Job, Result

FILES_PER_TASK = 8  # extractive: releases per Ray task (a task costs ~ms; a release ~5 ms)


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise UsageError(
            "--executor ray needs Ray: pip install 'communique[ray]' (or 'make install-ray')"
        ) from None
    return ray


class Summarizer:
    """A Ray Data UDF: a batch of pickled jobs in, a batch of pickled ``Result`` out."""

    def __init__(self, opts: Options, want_facts: bool) -> None:
        from . import core

        self.opts = opts
        self.want_facts = want_facts
        self.engine = core.resolve_engine(opts)[0]

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        jobs: list[Job] = [pickle.loads(x) for x in batch["job"]]
        results = self._run(jobs)
        return {"result": np.array([pickle.dumps(r) for r in results], dtype=object)}

    def _run(self, jobs: list[Job]) -> list[Result]:
        from . import batch as B
        from . import core

        out: dict[int, Result] = {}
        docs: list[tuple[Job, Any, float]] = []
        for j in jobs:
            t = time.perf_counter()
            try:
                docs.append((j, B._read(j, self.opts), t))
            except Exception as e:
                out[j.index] = B.Result(
                    j.index, j.path, error=B._reason(e, j), seconds=time.perf_counter() - t
                )
        try:
            readouts = core.summarize_documents([d for _, d, _ in docs], self.engine) if docs else []
        except ModelError:
            raise  # the model cannot run at all: the batch stops, as on the local path
        except Exception:
            readouts = None  # one bad document spoils the call: redo one by one
        for k, (j, d, t) in enumerate(docs):
            try:
                r = readouts[k] if readouts is not None else core.summarize_documents([d], self.engine)[0]
                res = B.Result(j.index, j.path, readout=r, steps=len(r.next_steps))
                if self.want_facts:
                    res.facts = B._facts(d)
            except Exception as e:
                res = B.Result(j.index, j.path, error=B._reason(e, j))
            res.seconds = time.perf_counter() - t
            out[j.index] = res
        return [out[j.index] for j in jobs]


def _actors(b: Batch, ray: Any, neural: bool, gpu: bool, n: int) -> int:
    if b.workers > 0:
        return min(b.workers, n)
    res = ray.cluster_resources()
    if gpu:
        return max(1, min(n, int(res.get("GPU", 1))))
    if neural:
        return 1  # one model in memory per node's worth of CPU: ask for more with --workers
    return max(1, min(n, int(res.get("CPU", 1))))


def ray_results(b: Batch, jobs: list[Job], want: bool) -> Iterator[Result]:
    """The batch's results in input order, computed on Ray; outputs are written here, as locally."""
    from . import batch as B

    ray = _ray()
    todo = [j for j in jobs if b._redo(j, want)]
    started = _init(ray, b.address) if todo else False
    it = _mapped(b, ray, todo) if todo else iter(())
    try:
        for j in jobs:
            if j.error is not None:
                yield B.Result(j.index, j.path, error=j.error)
            elif not b._redo(j, want):
                yield b._skipped(j, want)
            else:
                res = next(it)
                if res.readout is not None:
                    try:  # --out is written by this process: the same files as the local path
                        res.output = B._finish(j, res.readout, b.out_format, not j.skip, b.out).output
                    except Exception as e:
                        res = B.Result(j.index, j.path, error=B._reason(e, j), seconds=res.seconds)
                res.skipped = j.skip
                if not want and res.error is None:
                    res.readout = None
                yield res
        next(it, None)  # let Ray's iterator finish (its stats) before the shutdown
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()
        if started:
            ray.shutdown()


def _init(ray: Any, address: str | None) -> bool:
    """Connect to the cluster (``--address``, else RAY_ADDRESS, else a local Ray); True if we started it."""
    if ray.is_initialized():
        return False
    logging.getLogger("ray").setLevel(logging.ERROR)  # Ray's INFO lines would bury the batch's table
    kw: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    if address:
        kw["address"] = address
    elif not os.environ.get("RAY_ADDRESS"):
        kw["num_cpus"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ray.init(**kw)
    return True


def _mapped(b: Batch, ray: Any, todo: list[Job]) -> Iterator[Result]:
    from . import core

    eng = core.resolve_engine(b.opts)[0]
    neural = eng.loads_model
    gpu = neural and b.opts.device == "cuda"
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # results in input order, like the local path
    ctx.enable_progress_bars = False  # the CLI draws its own
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # set up by ray.init: its INFO lines too
    size = eng.group_size() if neural else FILES_PER_TASK
    batches = -(-len(todo) // size)  # no more actors than batches
    actors = _actors(b, ray, neural, gpu, batches)
    ds = ray.data.from_items([{"job": pickle.dumps(j)} for j in todo], override_num_blocks=min(batches, 200))
    ds = ds.map_batches(
        Summarizer,
        fn_constructor_kwargs={"opts": b.opts, "want_facts": b.db is not None},
        batch_size=size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
        num_gpus=1 if gpu else 0,
    )
    try:
        for row in ds.iter_rows():
            yield pickle.loads(row["result"])
    except Exception as e:
        cause = _cause(e)
        if isinstance(cause, ModelError):
            raise cause from None
        raise


def _cause(e: BaseException) -> BaseException:
    """The exception a Ray task raised, out of Ray's wrappers (RayTaskError and its chain)."""
    seen = e
    while True:
        inner = getattr(seen, "cause", None) or seen.__cause__
        if inner is None or inner is seen:
            return seen
        seen = inner
