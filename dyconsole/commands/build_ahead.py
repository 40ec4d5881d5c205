"""Composition-root helper: `BuildAhead`, a piece of the console built on a thread of its own while the UI thread builds
the rest, taken when it is needed (`take()`).

The console window's demo room has its modules (the emulator, its simulator, starlette) imported so from its first frame
on (commands.demo_room.DemoRoomParts.import_ahead): until now the UI thread imported them among the features and when
the room watch connected, and the history's catch-up waited for that. Nothing Qt is made there; a build that raised
raises again at `take()`, on the UI thread, where doing it there would have raised.
"""

from __future__ import annotations

import threading
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class BuildAhead(Generic[T]):
    """`build()` run on a daemon thread from now on; `take()` waits for it and returns its result (or raises what it
    raised), once: a second take() is a RuntimeError (the piece is the first taker's)."""

    def __init__(self, build: Callable[[], T], name: str = "dyconsole-build-ahead") -> None:
        self._build = build
        self._result: T | None = None
        self._error: BaseException | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._build()
        except BaseException as exc:  # noqa: BLE001 - handed to the taker, raised there
            self._error = exc

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def take(self) -> T:
        if self._taken:
            raise RuntimeError("this piece was taken already")
        self._taken = True
        self._thread.join()
        error, self._error = self._error, None
        if error is not None:
            raise error
        result, self._result = self._result, None
        return result  # type: ignore[return-value]
