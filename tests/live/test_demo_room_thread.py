"""The console window's demo room runs on a thread of its own (commands.asgi_thread): its HTTP handling and
simulation are off the UI thread, its answers reach the clients whole, and stopping it ends the thread; httpx's check
for trio at every request does not search sys.path for sniffio each time."""

from __future__ import annotations

import asyncio
import importlib.machinery
import sys
import threading
from typing import Any

import httpx
import pytest

from dyconsole.commands.asgi_thread import ThreadedASGITransport


async def _echo_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    """An ASGI app that answers with the thread it ran on and the body it got."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 201, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": threading.current_thread().name.encode() + b"|" + body})


def test_the_room_answers_from_its_own_thread_and_stops_with_it() -> None:
    transport = ThreadedASGITransport(_echo_app, name="room-thread")

    async def ask() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://demo.invalid") as client:
            return await client.post("/x", content=b"hello")

    answer = asyncio.run(ask())
    assert answer.status_code == 201
    assert answer.text == "room-thread|hello"
    assert threading.current_thread().name != "room-thread"
    assert transport.running  # a client closing leaves the room served (its other clients share it)
    transport.stop()
    assert not transport.running
    with pytest.raises(httpx.ConnectError):
        asyncio.run(ask())


def test_the_check_for_trio_of_every_request_searches_for_sniffio_once_at_most(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sniffio", None)  # (so that sys.modules is as it was after the test)
    monkeypatch.delitem(sys.modules, "sniffio")  # as at the start (where it is installed: imported at once)
    searched: list[str] = []
    real = importlib.machinery.PathFinder.find_spec.__func__  # type: ignore[attr-defined]

    def find_spec(cls: Any, name: str, path: Any = None, target: Any = None) -> Any:
        searched.append(name)
        return real(cls, name, path, target)

    monkeypatch.setattr(importlib.machinery.PathFinder, "find_spec", classmethod(find_spec))
    transport = ThreadedASGITransport(_echo_app)

    async def ask() -> list[int]:
        async with httpx.AsyncClient(transport=transport, base_url="http://demo.invalid") as client:
            return [(await client.post("/x", content=b"hi")).status_code for _ in range(5)]

    try:
        assert asyncio.run(ask()) == [201] * 5
    finally:
        transport.stop()
    assert searched.count("sniffio") <= 1  # it was 5 (one a request: each ~1.4 ms of the room's thread)
