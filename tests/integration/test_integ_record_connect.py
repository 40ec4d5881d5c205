"""The record verb's first connection: a network that is down at start is waited for (retried with backoff, each
retry said on stderr) and the recording starts once it is back; a refused authorization fails at once with a clear
message; a signal during the retries ends the verb (exit 1, nothing recorded; tests/sources shows the stop cuts an
attempt or a wait short)."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from dyconsole.commands.demo_wiring import demo_connection
from dyconsole.commands.record import RecordFailure, connect_with_retries
from dyconsole.core.clock import ScaledClock
from dyconsole.sources.credentials import MemoryTokenStore
from tests.support.virtual_time import VirtualTimeLoop
from tests.support.cli_support import Background

START = 1_767_000_000.0


class DownAtStart(httpx.AsyncBaseTransport):
    """Refuses every connection until broadcast time `up_at`, then passes requests to the room; counts them."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: ScaledClock, up_at: float) -> None:
        self.inner, self.clock, self.up_at = inner, clock, up_at
        self.refused = 0
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.clock.now() < self.up_at:
            self.refused += 1
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)


def connect(down_s: float, tweak: dict | None = None, doudian_tweak: dict | None = None) -> tuple[object, DownAtStart,
                                                                                                    float]:
    """Connect to the demo room through a network down for `down_s` broadcast seconds (virtual time); the result
    (a source, or the RecordFailure), the transport and the broadcast seconds it took."""

    async def main() -> tuple[object, DownAtStart, float]:
        clock = ScaledClock(speed=1.0, start=START, monotonic=asyncio.get_running_loop().time)
        connection, inner, _room = demo_connection(clock, 2)
        if tweak:
            connection = dataclasses.replace(connection, qianchuan=dataclasses.replace(connection.qianchuan, **tweak))
        if doudian_tweak:
            connection = dataclasses.replace(connection, doudian=dataclasses.replace(connection.doudian,
                                                                                     **doudian_tweak))
        transport = DownAtStart(inner, clock, START + down_s)
        try:
            source = await connect_with_retries(connection, clock, MemoryTokenStore(), asyncio.Event(),
                                                transport=transport)
        except RecordFailure as err:
            return err, transport, clock.now() - START
        try:
            assert (await source.find_live_room()) is not None  # it really works
        finally:
            await source.aclose()
        return source, transport, clock.now() - START

    loop = VirtualTimeLoop(1000.0)
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


def test_a_network_down_at_start_is_waited_for_and_the_connection_made_once_it_is_back(
        capsys: pytest.CaptureFixture[str]) -> None:
    source, transport, took = connect(down_s=90.0)
    err = capsys.readouterr().err
    assert not isinstance(source, RecordFailure), str(source)
    assert transport.refused >= 5 and 90.0 <= took < 90.0 + 70.0  # retried until back, not much later
    retries = [line for line in err.splitlines() if "cannot reach the room yet" in line]
    assert retries and "Connection refused" in retries[0] and "retry 1 in" in retries[0]
    assert f"connected after {len(retries)} retries" in err


@pytest.mark.parametrize("what, tweak, doudian_tweak, says", [
    ("wrong Qianchuan secret", {"secret": "0" * 40}, None, "app_id or secret is wrong"),
    ("unknown auth code", {"auth_code": "f" * 32}, None, "auth_code is invalid"),
    ("unknown Doudian code", None, {"code": "e" * 32}, "authorize Doudian again"),
])
def test_a_refused_authorization_fails_at_once_with_a_clear_message(what: str, tweak: dict | None,
                                                                    doudian_tweak: dict | None, says: str) -> None:
    failure, transport, took = connect(down_s=0.0, tweak=tweak, doudian_tweak=doudian_tweak)
    assert isinstance(failure, RecordFailure), what
    message = str(failure)
    assert "authorization refused" in message and says in message and "a code works once" in message
    grants = [p for p in transport.paths if p.endswith(("oauth2/access_token/", "/token/create"))]
    assert len(grants) <= 2 and took < 1.0  # one try each: no retry, no wait
    for secret in ("0" * 40, "f" * 32, "e" * 32):
        assert secret not in message


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigterm_while_the_first_connection_is_retried_ends_the_verb_at_once(tmp_path: Path) -> None:
    bg = Background.start(["record", "--source", "live", "--db", str(tmp_path / "c.db"), "--speed", "10",
                           "--api-base", f"http://127.0.0.1:{_closed_port()}", "--app-id", "1",
                           "--advertiser-id", "2", "--auth-code", "code-1"], extra_env={"DYCONSOLE_SECRET": "s" * 24})
    try:
        bg.wait_for("cannot reach the room yet", count=2, timeout=30)
        sent = time.monotonic()
        bg.proc.send_signal(signal.SIGTERM)
        code, out = bg.finish(timeout=15)
        took = time.monotonic() - sent
    finally:
        bg.kill()
    text = bg.stderr()
    assert code == 1 and out == "", text
    assert "stopped by signal before the room was connected" in text and "Traceback" not in text
    print(f"\nSIGTERM during the first connection's retries: exit after {took:.2f} s")
    assert "s" * 24 not in text and "code-1" not in text


class _Recorder:
    """What ProgressLines needs of the storage recorder, for its status lines alone."""

    session_id = None
    recording = False

    def __init__(self) -> None:
        self.health: list[object] = []

    def on_health(self, health: object) -> None:
        self.health.append(health)


def test_status_lines_show_the_current_error_only(capsys: pytest.CaptureFixture[str]) -> None:
    from dyconsole.commands.record import ProgressLines
    from dyconsole.core.feed import HealthChanged, PollFanOut
    from dyconsole.core.model import ConnectionState, SourceHealth

    recorder = _Recorder()
    polls = PollFanOut()
    polls.subscribe(HealthChanged, lambda e: recorder.on_health(e.health), "recorder")
    polls.add(ProgressLines(recorder))
    polls.publish(HealthChanged(SourceHealth(ConnectionState.DEGRADED, "orders: Doudian authorization expired")))
    polls.publish(HealthChanged(SourceHealth(ConnectionState.OK, "today_live/room/get/: no answer within 10 s")))  # a stale error
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["dyconsole record: source degraded: orders: Doudian authorization expired",
                     "dyconsole record: source ok"]
    assert len(recorder.health) == 2


class GarbledFirstGrant(httpx.AsyncBaseTransport):
    """The first token exchange reaches the room (which takes the one-time code) but its answer arrives garbled."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.garbled = inner, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith("oauth2/access_token/") and not self.garbled:
            self.garbled += 1
            await response.aread()
            return httpx.Response(200, content=b'{"code": 0, "data": {"access_tok', request=request)
        return response


def test_a_garbled_first_grant_does_not_blame_the_app_id_secret_or_code() -> None:
    async def main() -> object:
        clock = ScaledClock(speed=1.0, start=START, monotonic=asyncio.get_running_loop().time)
        connection, inner, _room = demo_connection(clock, 2)
        transport = GarbledFirstGrant(inner)
        try:
            return await connect_with_retries(connection, clock, MemoryTokenStore(), asyncio.Event(),
                                              transport=transport)
        except RecordFailure as err:
            return err

    loop = VirtualTimeLoop(1000.0)
    try:
        failure = loop.run_until_complete(main())
    finally:
        loop.close()
    assert isinstance(failure, RecordFailure)
    message = str(failure)
    assert "answer was lost or garbled" in message and "not a JSON object" in message
    assert "authorize again for a new code" in message and "not in question" in message
    assert "check the app id" not in message
