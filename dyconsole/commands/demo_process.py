"""Composition-root helper: the console window's demo room served by a child process (`DemoRoomProcess`).

The demo room's emulator (the simulation and its HTTP handling) is Python, and Python threads share one lock (the
GIL): on a thread of the console's process it made the UI thread wait whenever it ran (event-loop lag, issue 15).
In a child process (`dyconsole emulator` on a free loopback port; in the frozen bundle the app itself is that
command) it runs beside the UI on its own core. The console keeps the room's clock (its catch-up is paced by the
room's polls): every request carries the console's broadcast time (emulator.request_clock), so the room is where
the console's clock says, as it was in process. The room's credentials are the child's one JSON line on stdout.

The child is stopped with the console (`stop()`: stdin closed, then terminated, then killed), and stops by itself
when the console ends any other way (its stdin closes). A child that cannot start (a bad --scenario, no port) is an
OSError carrying its message, which the room watch shows in the window.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import subprocess
import sys
import threading
from typing import IO, Any

import httpx

from dyconsole.core.clock import Clock
from dyconsole.emulator.demo import DEMO_DURATION_S, DemoCredentials
from dyconsole.emulator.request_clock import NOW_HEADER

log = logging.getLogger(__name__)

#: real seconds the child may take to print its credentials (a cold start on a loaded PC imports for a few)
START_TIMEOUT_S = 60.0
#: real seconds the child has to stop once asked (stdin closed), then once terminated
STOP_WAIT_S = 3.0


def emulator_command() -> list[str]:
    """The `dyconsole emulator` command of this installation: the frozen app itself, or this interpreter."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "emulator"]
    return [sys.executable, "-m", "dyconsole", "emulator"]


class ClockHeaderTransport(httpx.AsyncBaseTransport):
    """Loopback HTTP to the child's room, each request carrying the console's broadcast time (NOW_HEADER). Shared
    by the room's clients (closing one must not close it): the owner closes it (`close_pool`)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers[NOW_HEADER] = repr(float(self.clock.now()))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Shared by the room's clients: their closing leaves the room's connections open."""

    async def close_pool(self) -> None:
        await self._inner.aclose()


class DemoRoomProcess:
    """One demo room in a child process, starting at the console's broadcast time now (`start()`)."""

    def __init__(self, clock: Clock, seed: int, scenario: str | None = None) -> None:
        self.clock = clock
        self.seed = seed
        self.scenario = scenario
        self.start_ts = float(clock.now())
        self.duration_s = float(DEMO_DURATION_S)
        self.credentials: DemoCredentials | None = None
        self.transport = ClockHeaderTransport(clock)
        self._child: subprocess.Popen[bytes] | None = None
        self._said: collections.deque[str] = collections.deque(maxlen=20)  # the child's last stderr lines

    @property
    def base_url(self) -> str:
        return self.credentials.base_url if self.credentials is not None else ""

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None

    @property
    def running(self) -> bool:
        return self._child is not None and self._child.poll() is None

    def command(self) -> list[str]:
        speed = max(0.01, float(getattr(self.clock, "speed", 1.0)))
        args = emulator_command() + ["--host", "127.0.0.1", "--port", "0", "--seed", str(self.seed),
                                     "--speed", repr(speed), "--clock-from-requests", repr(self.start_ts),
                                     "--exit-with-parent"]
        return args + (["--scenario", self.scenario] if self.scenario else [])

    async def start(self) -> DemoCredentials:
        """Start the child and wait (off the UI thread) for its credentials. OSError with the child's message when
        it cannot start."""
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window beside the app's
        try:
            child = self._child = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                   stderr=subprocess.PIPE, creationflags=flags)
        except OSError as exc:
            raise OSError(f"the demo room could not start: {exc}") from exc
        assert child.stdout is not None and child.stderr is not None
        threading.Thread(target=self._relay, args=(child.stderr,), name="demo-room-log", daemon=True).start()
        loop = asyncio.get_running_loop()
        try:
            line = await asyncio.wait_for(loop.run_in_executor(None, child.stdout.readline), START_TIMEOUT_S)
        except asyncio.TimeoutError:
            self.stop()
            raise OSError(f"the demo room did not start in {START_TIMEOUT_S:.0f} s") from None
        except BaseException:
            self.stop()
            raise
        if not line:
            code = await loop.run_in_executor(None, child.wait)
            await asyncio.sleep(0.1)  # its last words relayed
            self.stop()
            said = "; ".join(self._said) or f"exit code {code}"
            raise OSError(f"the demo room could not start: {said}")
        try:
            self.credentials = DemoCredentials.from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            self.stop()
            raise OSError(f"the demo room answered what it should not: {exc}") from exc
        return self.credentials

    def _relay(self, stream: IO[bytes]) -> None:
        """The child's log lines into the console's log (and the last ones kept for an error), until it ends."""
        with stream:
            for raw in iter(stream.readline, b""):
                text = raw.decode("utf-8", "replace").rstrip()
                if text:
                    self._said.append(text)
                    log.info("demo room: %s", text)

    def stop(self) -> None:
        """Stop the child and wait for it (idempotent): its stdin closed (it stops by itself), else terminated,
        else killed."""
        child, self._child = self._child, None
        if child is None:
            return
        try:
            if child.stdin is not None:
                child.stdin.close()
        except OSError:
            pass
        for end in (None, child.terminate, child.kill):
            try:
                if end is not None:
                    end()
                child.wait(timeout=STOP_WAIT_S)
                break
            except subprocess.TimeoutExpired:
                log.warning("the demo room did not stop in %.0f s", STOP_WAIT_S)
            except OSError:  # it ended meanwhile
                pass
        if child.stdout is not None:
            child.stdout.close()
