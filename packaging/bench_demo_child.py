"""Benchmark helper, not the product: the console window's demo room served from a child process instead of the
window's own thread (commands.asgi_thread), for `bench_live_view.py --demo-room process`. It measures issue 15's
hypothesis that the emulator's thread, holding the GIL, is what stretches the window's event-loop lag: in a child it
holds none of the window's.

Parent side, `ProcessASGITransport`: an httpx transport that forwards each request (with the window's broadcast time)
over the child's stdin and gives back the answer read from its stdout by a thread of its own. Child side (this file
run as a script): builds the demo room of its first message on a clock that follows the window's (never backwards),
answers with the room's credentials and identity, then serves each request with the room's ASGI app until stdin
ends. Messages: a JSON header and a byte body, sent as two little-endian 4-byte lengths, the header, the body.
`use_child_room()` makes the window's demo room this one (started at the first frame, as the in-thread room's
imports are). Not wired for a frozen app: this script is started with this Python.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

import httpx

_LENGTHS = struct.Struct("<II")
#: real seconds to wait for the child's credentials, and for the child to end once told
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 2.0


# --- the pipe's messages -----------------------------------------------------------------------------------------
def send(stream: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    head = json.dumps(header, separators=(",", ":")).encode()
    stream.write(_LENGTHS.pack(len(head), len(body)) + head + body)
    stream.flush()


def _exactly(stream: BinaryIO, n: int) -> bytes | None:
    chunks: list[bytes] = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def receive(stream: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    """The next message (blocking), or None at the end of the stream."""
    lengths = _exactly(stream, _LENGTHS.size)
    if lengths is None:
        return None
    head_n, body_n = _LENGTHS.unpack(lengths)
    head = _exactly(stream, head_n)
    body = _exactly(stream, body_n) if body_n else b""
    if head is None or body is None:
        return None
    return json.loads(head), body


def _raw(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]


def _text(headers: Any) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]


# --- the window's side -------------------------------------------------------------------------------------------
class ProcessASGITransport(httpx.AsyncBaseTransport):
    """The demo room of `plan` (seed, scenario, start_ts) served by a child process, its clock following `clock`."""

    def __init__(self, clock: Any, plan: dict[str, Any]) -> None:
        self._clock = clock
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future[Any]]] = {}
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._ready = threading.Event()
        self._first: dict[str, Any] = {}
        self._gone: str | None = None
        self._child = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       bufsize=0)
        self._send({**plan, "speed": clock.speed})
        self._reader = threading.Thread(target=self._read, name="bench-demo-room-pipe", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self._child.pid

    def cpu_s(self) -> float | None:
        """The child's CPU seconds so far (Linux's /proc; None elsewhere)."""
        try:
            fields = Path(f"/proc/{self._child.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError, AttributeError):
            return None

    def connection(self) -> tuple[Any, Any]:
        """The room's connection and identity, once the child has built it (waits)."""
        from dyconsole.services.live.connection import DoudianLogin, QianchuanLogin, RoomConnection

        if not self._ready.wait(READY_TIMEOUT_S) or "credentials" not in self._first:
            raise ConnectionError(self._first.get("error") or self._gone or "the demo room did not start")
        c = self._first["credentials"]
        q, d, url = c["qianchuan"], c["doudian"], c["base_url"]
        connection = RoomConnection(
            QianchuanLogin(url, q["app_id"], q["secret"], q["advertiser_id"], q["aweme_id"], q["auth_code"]),
            DoudianLogin(url, d["app_key"], d["app_secret"], d["shop_id"], d["code"]))
        return connection, SimpleNamespace(state=SimpleNamespace(identity=SimpleNamespace(**self._first["identity"])),
                                           base_url=url)

    def _send(self, header: dict[str, Any], body: bytes = b"") -> None:
        with self._writing:
            assert self._child.stdin is not None
            send(self._child.stdin, header, body)

    def _read(self) -> None:
        assert self._child.stdout is not None
        first = receive(self._child.stdout)
        self._first = first[0] if first is not None else {}
        self._ready.set()
        while first is not None:
            message = receive(self._child.stdout)
            if message is None:
                break
            with self._lock:
                waiting = self._pending.pop(int(message[0]["id"]), None)
            if waiting is not None:
                waiting[0].call_soon_threadsafe(_settle, waiting[1], *message)
        self._gone = "the demo room's process ended"
        with self._lock:
            pending, self._pending = list(self._pending.values()), {}
        for loop, future in pending:
            loop.call_soon_threadsafe(_settle, future, {"gone": self._gone}, b"")

    async def handle_async_request(self, request: Any) -> Any:
        body = await request.aread()
        if self._gone is not None:
            raise httpx.ConnectError(self._gone, request=request)
        rid = next(self._ids)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        with self._lock:
            self._pending[rid] = (loop, future)
        try:
            self._send({"id": rid, "t": self._clock.now(), "speed": self._clock.speed, "method": request.method,
                        "url": str(request.url), "headers": _text(request.headers.raw)}, body)
            head, content = await future
        except (OSError, ValueError) as exc:
            raise httpx.ConnectError(f"the demo room's process is gone: {exc}", request=request) from exc
        except asyncio.CancelledError:
            with self._lock:
                self._pending.pop(rid, None)
            self._send({"id": rid, "cancel": True})
            raise
        if "gone" in head:
            raise httpx.ConnectError(head["gone"], request=request)
        if "error" in head:
            raise httpx.RemoteProtocolError(head["error"], request=request)
        return httpx.Response(head["status"], headers=_raw(head["headers"]), content=content, request=request)

    async def aclose(self) -> None:
        """Shared by the room's clients: the owner calls stop()."""

    def stop(self) -> None:
        """End the child (its stdin closed), wait briefly, kill it if it has not ended."""
        try:
            if self._child.stdin is not None:
                self._child.stdin.close()
        except OSError:
            pass
        try:
            self._child.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait(STOP_TIMEOUT_S)
        self._reader.join(STOP_TIMEOUT_S)


def _settle(future: asyncio.Future[Any], head: dict[str, Any], body: bytes) -> None:
    if not future.done():
        future.set_result((head, body))


def use_child_room() -> None:
    """The window's demo room served by a child (this benchmark's run only: the demo room's parts,
    commands.demo_room.DemoRoomParts, are patched)."""
    from dyconsole.commands.demo_room import DemoRoomParts
    from dyconsole.core.clock import CatchUpClock

    def start(room: Any) -> None:
        if getattr(room, "_bench_child", None) is None:
            clock = room.clock
            room._bench_child = ProcessASGITransport(clock, {"seed": room.args.seed, "scenario": room.args.scenario,
                                                             "start_ts": clock.now()})

    def connect(room: Any, _settings: Any) -> tuple[Any, Any]:
        transport = room._bench_child
        connection, room.demo = transport.connection()
        room.transport = transport
        clock = room.clock
        if isinstance(clock, CatchUpClock) and clock.paused:
            clock.resume()
        return connection, transport

    DemoRoomParts.import_ahead = start  # type: ignore[method-assign]
    DemoRoomParts.connection = connect  # type: ignore[method-assign]


# --- the child's side --------------------------------------------------------------------------------------------
class FollowedClock:
    """The window's broadcast clock as last told (`follow`): now() is the latest time given, never going back."""

    def __init__(self, start: float, speed: float = 1.0) -> None:
        self._now, self._speed = float(start), float(speed)

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        return self._now

    def real_seconds(self, broadcast_seconds: float) -> float:
        return max(0.0, broadcast_seconds) / self._speed if self._speed > 0 else float("inf")

    def follow(self, now: float, speed: float | None = None) -> None:
        self._now = max(self._now, float(now))
        if speed is not None:
            self._speed = float(speed)


async def _serve(room: Any, clock: FollowedClock, stdin: BinaryIO, stdout: BinaryIO) -> None:
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue[tuple[dict[str, Any], bytes] | None] = asyncio.Queue()

    def read() -> None:
        while True:
            message = receive(stdin)
            loop.call_soon_threadsafe(inbox.put_nowait, message)
            if message is None:
                return

    threading.Thread(target=read, name="demo-room-pipe", daemon=True).start()
    transport = httpx.ASGITransport(app=room.app)
    tasks: dict[int, asyncio.Task[None]] = {}

    async def answer(rid: int, head: dict[str, Any], body: bytes) -> None:
        content = b""
        try:
            request = httpx.Request(head["method"], head["url"], headers=_raw(head["headers"]), content=body)
            response = await transport.handle_async_request(request)
            content = await response.aread()
            reply = {"id": rid, "status": response.status_code, "headers": _text(response.headers.raw)}
        except Exception as exc:  # noqa: BLE001 - the room's failure is the request's
            reply = {"id": rid, "error": f"{type(exc).__name__}: {exc}"}
        finally:
            tasks.pop(rid, None)
        send(stdout, reply, content)

    while (message := await inbox.get()) is not None:
        head, body = message
        rid = int(head["id"])
        if head.get("cancel"):
            if rid in tasks:
                tasks[rid].cancel()
            continue
        clock.follow(head["t"], head.get("speed"))
        tasks[rid] = loop.create_task(answer(rid, head, body))


def child_main() -> int:
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb", buffering=0)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # what the room's modules print goes to stderr
    first = receive(stdin)
    if first is None:
        return 0
    from dyconsole.commands.asgi_thread import settle_trio_check
    from dyconsole.commands.demo_wiring import DEFAULT_DEMO_SEED
    from dyconsole.emulator.demo import build_demo

    plan = first[0]
    clock = FollowedClock(plan["start_ts"], plan.get("speed", 1.0))
    try:
        room = build_demo(clock, seed=DEFAULT_DEMO_SEED if plan.get("seed") is None else int(plan["seed"]),
                          scenario=plan.get("scenario"))
    except Exception as exc:  # noqa: BLE001 - told to the window
        send(stdout, {"error": f"{type(exc).__name__}: {exc}"})
        return 1
    settle_trio_check()
    identity = room.state.identity
    send(stdout, {"credentials": room.credentials.to_dict(),
                  "identity": {"start_ts": identity.start_ts, "duration_s": identity.duration_s}})
    asyncio.run(_serve(room, clock, stdin, stdout))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(child_main())
