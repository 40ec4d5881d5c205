"""An httpx transport that serves an in-process ASGI app (the demo room's emulator) on a thread of its own, with its
own asyncio loop, so the emulator's request handling and simulation do not run on the UI thread: the console's
loop only waits for the answer. Used by the composition root for the console window's demo room.

The transport is shared by the room's clients (closing one client must not stop it): `aclose` does nothing and
the owner calls `stop()` when the room is dropped. A request cancelled on the caller's side (a timeout) cancels
its handling on the emulator's thread.

Also owns `settle_trio_check()`: httpx's ASGITransport asks at every request whether trio runs by importing sniffio,
which is not installed here; that failing import searched every sys.path entry each time (~1.4 ms of the emulator's
thread a request: a third of its time while the demo room's history is polled). It is searched once instead.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
from typing import Any

import httpx


def settle_trio_check() -> None:
    """Where sniffio is not installed, record it as absent (None in sys.modules): the import httpx's ASGITransport
    tries at every request then fails at once, as it would anyway after searching sys.path. Installed: nothing."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


class ThreadedASGITransport(httpx.AsyncBaseTransport):
    """httpx.ASGITransport on `app`, run on a daemon thread's event loop (started on the first request)."""

    def __init__(self, app: Any, name: str = "dyconsole-demo-room") -> None:
        settle_trio_check()
        self._inner = httpx.ASGITransport(app=app)
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._stopped:
                raise httpx.ConnectError("the demo room has been closed")
            if self._loop is None:
                loop = asyncio.new_event_loop()
                ready = threading.Event()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(ready.set)
                    loop.run_forever()
                    try:  # requests still in flight (or queued behind the stop) end cancelled, not lost
                        loop.run_until_complete(asyncio.sleep(0))
                        pending = asyncio.all_tasks(loop)
                        for task in pending:
                            task.cancel()
                        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                    finally:
                        loop.close()

                self._thread = threading.Thread(target=serve, name=self._name, daemon=True)
                self._thread.start()
                ready.wait()
                self._loop = loop
            return self._loop

    async def _serve(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=body,
                              extensions=response.extensions)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body,
                             extensions=request.extensions)
        loop = self._start()
        future = asyncio.run_coroutine_threadsafe(self._serve(copy), loop)
        response = await asyncio.wrap_future(future)
        response.request = request
        return response

    async def aclose(self) -> None:
        """Shared by the room's clients: their closing leaves the room served (the owner calls stop())."""

    def stop(self) -> None:
        """Stop the emulator's loop and wait for its thread (idempotent)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
            self._stopped = True
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5.0)
