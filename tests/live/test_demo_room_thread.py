"""The console window's demo room runs on a thread of its own (commands.asgi_thread): its HTTP handling and
simulation are off the UI thread, its answers reach the clients whole, and stopping it ends the thread."""

from __future__ import annotations

import asyncio
import threading

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
