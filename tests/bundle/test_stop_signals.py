"""`record` and `emulator` stop on Ctrl+C / SIGTERM on every platform (commands.stop_signals): the loop's signal
handlers on POSIX (tests/integration send real signals), Python's signal handlers on Windows, where the Proactor
loop has no add_signal_handler."""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any, Callable

import pytest

from dyconsole.commands import stop_signals


class FakeLoop:
    def __init__(self) -> None:
        self.added: list[int] = []
        self.scheduled: list[Callable[[], Any]] = []

    def add_signal_handler(self, number: int, callback: Callable[[], Any]) -> None:
        if sys.platform == "win32":
            raise NotImplementedError  # as asyncio's Proactor loop
        self.added.append(number)

    def call_soon_threadsafe(self, callback: Callable[[], Any]) -> None:
        self.scheduled.append(callback)


def test_on_windows_the_stop_goes_through_python_signal_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: dict[int, Callable[[int, object], None]] = {}
    monkeypatch.setattr(stop_signals.sys, "platform", "win32")
    monkeypatch.setattr(stop_signals.signal, "signal", lambda number, handler: installed.__setitem__(number, handler))
    monkeypatch.setattr(stop_signals.signal, "SIGBREAK", 21, raising=False)
    loop = FakeLoop()
    stopped: list[bool] = []
    stop_signals.on_stop_signals(loop, lambda: stopped.append(True))  # type: ignore[arg-type]
    assert loop.added == []
    assert set(installed) == {signal.SIGINT, signal.SIGTERM, 21}
    installed[signal.SIGINT](signal.SIGINT, None)  # Ctrl+C
    assert len(loop.scheduled) == 1 and not stopped  # handed to the loop, not run inside the signal handler
    loop.scheduled[0]()
    assert stopped == [True]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX event loop")
def test_on_posix_the_loop_hears_sigint_and_sigterm() -> None:
    loop = FakeLoop()
    stop_signals.on_stop_signals(loop, lambda: None)  # type: ignore[arg-type]
    assert loop.added == [signal.SIGINT, signal.SIGTERM]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX event loop")
def test_a_real_sigterm_stops_the_loop() -> None:
    import os

    async def main() -> bool:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        stop_signals.on_stop_signals(loop, stop.set)
        try:
            loop.call_later(0.05, os.kill, os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(stop.wait(), 5)
            return stop.is_set()
        finally:
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(number)

    assert asyncio.run(main())
