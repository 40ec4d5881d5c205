"""Long work off the UI thread: `BackgroundWork` runs a plain function in an executor (a worker thread) and hands
its outcome back as a Qt signal, queued to the UI thread. The UI never waits on it: it asks, keeps turning, and
reacts to `finished(key, result)` or `failed(key, message)`.

The function must not touch the UI thread's objects (it gets paths and values; a database is opened in the worker
with its own connection). A StorageError comes back as its message; anything else is logged and comes back as
its repr.
"""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from dyconsole.storage.errors import StorageError

log = logging.getLogger(__name__)


class BackgroundWork(QObject):
    """One worker (by default) that runs submitted functions in order; outcomes arrive as signals."""

    finished = Signal(object, object)  # key, result
    failed = Signal(object, str)  # key, message

    def __init__(self, name: str, executor: concurrent.futures.Executor | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._own = executor is None
        self._executor = executor or concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix=name)

    def submit(self, key: Any, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future:  # type: ignore[type-arg]
        """Run `fn(*args)` in the worker; returns at once. `key` comes back with the outcome."""
        future = self._executor.submit(fn, *args)
        future.add_done_callback(lambda f: self._done(key, f))
        return future

    def _done(self, key: Any, future: concurrent.futures.Future) -> None:  # type: ignore[type-arg]
        # runs in the worker thread: a signal emitted here is queued to the receivers on the UI thread
        if future.cancelled():
            return
        exc = future.exception()
        if exc is None:
            self.finished.emit(key, future.result())
        elif isinstance(exc, StorageError):
            self.failed.emit(key, str(exc))
        else:
            log.error("%s: %r failed", self.name, key, exc_info=exc)
            self.failed.emit(key, repr(exc))

    def shutdown(self) -> None:
        """Wait for the work in flight (only an executor this object made)."""
        if self._own:
            self._executor.shutdown(wait=True)
