"""The time budget of one release: the guard behind ``--timeout``.

Every stage is linear in its input (bench/scaling.py), so no release in practice comes near the budget;
this catches what is not foreseen. A regular-expression search in C cannot be interrupted by a signal,
so the guard is a timer thread whose ``fire`` ends the process that holds the release (the CLI for
``summarize``, a pool worker in a batch, which the batch replaces with a fresh one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

DEFAULT_TIMEOUT = 30.0  # seconds per release; a release of 200,000 characters takes about one


def expired(seconds: float) -> str:
    """The one-line reason a release that ran past its budget fails with."""
    return f"took longer than {seconds:g} s"


class Watchdog:
    """Calls ``fire`` from a timer thread once ``seconds`` pass, unless the block ends first.

    ``fire`` runs at most once, never after the block has ended (both sides take one lock), and
    ``seconds <= 0`` means no budget at all.
    """

    def __init__(self, seconds: float, fire: Callable[[], None]) -> None:
        self.seconds = seconds
        self._fire = fire
        self._lock = threading.Lock()
        self._done = False
        self._timer: threading.Timer | None = None

    def _expire(self) -> None:
        with self._lock:
            if not self._done:
                self._done = True
                self._fire()  # usually ends the process, lock held: the block cannot finish meanwhile

    def __enter__(self) -> Watchdog:
        if self.seconds > 0:
            self._timer = threading.Timer(self.seconds, self._expire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, tp: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self._done = True
        if self._timer is not None:
            self._timer.cancel()


class Alarm:
    """Raises ``exc()`` in the main thread once ``seconds`` pass inside the block (SIGALRM), for work that
    must stay in this process (a neural engine's batch). Python code and sleeps are interrupted; a long
    call into C is interrupted when it returns. Outside the main thread, or without SIGALRM, it does nothing.
    """

    def __init__(self, seconds: float, exc: Callable[[], BaseException]) -> None:
        self.seconds, self.exc = seconds, exc
        self._armed = False
        self._old: object = None

    def _ring(self, _signum: int, _frame: object) -> None:
        raise self.exc()

    def __enter__(self) -> Alarm:
        import signal

        if (
            self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        ):
            self._old = signal.signal(signal.SIGALRM, self._ring)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self._armed = True
        return self

    def __exit__(
        self, tp: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)  # type: ignore[arg-type]
            self._armed = False
