"""How a headless verb (`record`, `emulator`) hears Ctrl+C and SIGTERM, on every platform.

POSIX event loops take `loop.add_signal_handler`; Windows' Proactor loop has none (NotImplementedError), so there the
handlers are Python's `signal.signal` for SIGINT, SIGBREAK (Ctrl+Break) and SIGTERM, handing the stop to the loop.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any, Callable


def on_stop_signals(loop: asyncio.AbstractEventLoop, stop: Callable[[], Any]) -> None:
    """Call `stop()` on the loop when the process is asked to stop (Ctrl+C, SIGTERM; on Windows also Ctrl+Break)."""
    if sys.platform == "win32":
        def handler(_signum: int, _frame: object) -> None:
            loop.call_soon_threadsafe(stop)

        for name in ("SIGINT", "SIGBREAK", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                signal.signal(number, handler)
        return
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop)
