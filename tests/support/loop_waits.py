"""Waiting inside a running qasync loop for the console to reach a state (tests that drive the live window)."""

from __future__ import annotations

import asyncio
from typing import Callable


async def until(check: Callable[[], bool], timeout_s: float = 20.0) -> None:
    """Wait (with the loop running) until `check()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)
