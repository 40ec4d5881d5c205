"""Long work off the UI thread: `BackgroundWork` runs a plain function in an executor (a worker thread) and hands
its outcome back as a Qt signal, queued to the UI thread. The UI never waits on it: it asks, keeps turning, and
reacts to `finished(key, result)` or `failed(key, message)`, which are always emitted later, from the event loop of
the thread that owns the object (never from inside `submit`, even when the work is done before it returns).

A worker made `when_idle` (the per-poll product work: the surge detection, the appeal model, the changes' effects)
starts what is submitted only once the UI thread is back in its event loop, so its Python does not hold the GIL
while the rest of the poll is handled on the UI thread.

The function must not touch the UI thread's objects (it gets paths and values; a database is opened in the worker
with its own connection). A StorageError comes back as its message; anything else is logged and comes back as
its repr.
"""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from dyconsole.storage.errors import StorageError

log = logging.getLogger(__name__)


class BackgroundWork(QObject):
    """One worker (by default) that runs submitted functions in order; outcomes arrive as signals."""

    finished = Signal(object, object)  # key, result
    failed = Signal(object, str)  # key, message
    _outcome = Signal(object, object, object)  # key, result, exception: from the worker, queued to this thread

    def __init__(self, name: str, executor: concurrent.futures.Executor | None = None,
                 parent: QObject | None = None, when_idle: bool = False) -> None:
        super().__init__(parent)
        self.name = name
        self._own = executor is None
        self._executor = executor or concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=name)
        self._outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        #: when_idle: work submitted while the UI thread handles an event starts only once it is back in its event
        #: loop (a zero timer), so a worker's Python does not take the GIL from the rest of that event's handling
        #: (a products poll's other listeners, its repaint): per-poll work that must not slow the poll
        self.when_idle = when_idle
        self._closed = False  # its own executor shut down: what is submitted later is dropped (future cancelled)
        self._pending: list[tuple[Any, Callable[..., Any], tuple[Any, ...], concurrent.futures.Future]] = []  # type: ignore[type-arg]

    def submit(self, key: Any, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future:  # type: ignore[type-arg]
        """Run `fn(*args)` in the worker; returns at once (when_idle: the work starts once this thread is idle). `key`
        comes back with the outcome; the returned future completes with the work."""
        future: concurrent.futures.Future = concurrent.futures.Future()  # type: ignore[type-arg]
        if self._closed:  # an outcome delivered after shutdown asked for more: nobody waits for it
            future.cancel()
            return future
        if not self.when_idle:
            return self._start(key, fn, args)
        if not self._pending:
            QTimer.singleShot(0, self, self.flush)
        self._pending.append((key, fn, args, future))
        return future

    def flush(self) -> None:
        """Start the work waiting for this thread to be idle, in the order it was submitted."""
        pending, self._pending = self._pending, []
        for key, fn, args, future in pending:
            if self._closed:
                future.cancel()
                continue
            started = self._start(key, fn, args)
            started.add_done_callback(lambda f, mine=future: _copy_outcome(f, mine))

    def _start(self, key: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> concurrent.futures.Future:  # type: ignore[type-arg]
        future = self._executor.submit(fn, *args)
        future.add_done_callback(lambda f: self._done(key, f))
        return future

    def _done(self, key: Any, future: concurrent.futures.Future) -> None:  # type: ignore[type-arg]
        # runs in the worker thread (or in the caller's, when the work was done before add_done_callback): the
        # outcome is posted to this object's thread and delivered from its event loop
        if future.cancelled():
            return
        exc = future.exception()
        try:
            self._outcome.emit(key, None if exc is not None else future.result(), exc)
        except RuntimeError:  # this object was deleted meanwhile: nobody waits for the outcome any more
            log.debug("%s: %r finished after its receiver was deleted", self.name, key)

    def _deliver(self, key: Any, result: Any, exc: BaseException | None) -> None:
        if exc is None:
            self.finished.emit(key, result)
        elif isinstance(exc, StorageError):
            self.failed.emit(key, str(exc))
        else:
            log.error("%s: %r failed", self.name, key, exc_info=exc)
            self.failed.emit(key, repr(exc))

    def shutdown(self) -> None:
        """Start what waits for an idle moment, then wait for the work in flight (only an executor this object
        made)."""
        self.flush()
        if self._own:
            self._closed = True
            self._executor.shutdown(wait=True)


def _copy_outcome(source: concurrent.futures.Future, target: concurrent.futures.Future) -> None:  # type: ignore[type-arg]
    if source.cancelled():
        target.cancel()
    elif source.exception() is not None:
        target.set_exception(source.exception())
    else:
        target.set_result(source.result())
