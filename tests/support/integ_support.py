"""Helpers of the end-to-end tests: a transport that logs every request (endpoint, broadcast time, status, body),
an in-process recording of the demo room through the real clients, poller and recorder, and the checks that a
recording holds only what the emulator served (no fabricated value) and what the simulator's truth allows.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from dyconsole.commands.demo_wiring import demo_connection
from dyconsole.commands.record import record_broadcast
from dyconsole.core.clock import ScaledClock
from dyconsole.core.feed import PollIntervals
from dyconsole.core.metrics import ROOM_COUNTERS, ROOM_METRIC_NAMES
from dyconsole.emulator.faults import FaultSpec
from dyconsole.services.live.connection import connect_room
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.schema import ROOM_SAMPLES

START = 1_767_000_000.0  # 2025-12-29 17:20 in Shanghai: far from midnight
ROOM_GET = "today_live/room/get/"
INTERVALS = PollIntervals()


@dataclass
class Served:
    """One request as the transport saw it."""

    path: str
    sent_at: float  # broadcast time the request left the client
    answered_at: float
    status: int | None  # None: no answer (timeout, connection error)
    body: bytes = b""


class LoggingTransport(httpx.AsyncBaseTransport):
    """Wraps another transport and logs every request and its answer (what the emulator really served)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: Any) -> None:
        self.inner = inner
        self.clock = clock
        self.log: list[Served] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        entry = Served(request.url.path, self.clock.now(), math.nan, None)
        self.log.append(entry)
        response = await self.inner.handle_async_request(request)
        entry.body = await response.aread()
        entry.status, entry.answered_at = response.status_code, self.clock.now()
        return httpx.Response(response.status_code, headers=response.headers, content=entry.body)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def sends(self, suffix: str) -> list[float]:
        return [e.sent_at for e in self.log if e.path.endswith(suffix)]


@dataclass
class Recording:
    db: Any
    session_id: str | None
    room: Any  # DemoRoom
    transport: LoggingTransport
    poller: Any
    off_at: float | None
    rows: list[dict[str, Any]] = field(default_factory=list)

    def room_rows(self) -> list[dict[str, Any]]:
        return list(self.db.query(f"SELECT * FROM {ROOM_SAMPLES} WHERE session_id = ? ORDER BY ts, id",
                                  [self.session_id]))

    def gaps(self, kind: str | None = None) -> list[dict[str, Any]]:
        rows = list(self.db.query("SELECT * FROM gaps WHERE session_id = ? ORDER BY ts", [self.session_id]))
        return [r for r in rows if kind is None or r["kind"] == kind]


async def record_demo(tmp: Path, faults: str = "", *, speed: float = 300.0, duration_s: float = 600.0,
                      off_at_s: float | None = None, client_timeout_s: float | None = None,
                      seed: int = 3) -> Recording:
    """Record the in-process demo room with `faults` on until `off_at_s` broadcast seconds (then off). The clock
    runs on the loop's time, so under tests.support.virtual_time.VirtualTimeLoop the run is exact and load-proof."""
    clock = ScaledClock(speed=speed, start=START, monotonic=asyncio.get_running_loop().time)
    clock.pause()
    connection, inner, room = demo_connection(clock, seed, faults=faults)
    clock.resume()
    transport = LoggingTransport(inner, clock)
    source = await connect_room(connection, clock, MemoryTokenStore(), transport=transport)
    if client_timeout_s is not None:
        for client in (source.qianchuan, source.doudian):
            client.http.settings = dataclasses.replace(client.http.settings, timeout_s=client_timeout_s)
    db = open_db(tmp / "integ.db")
    recorder = Recorder(db, clock, source="demo")
    off_at = None if off_at_s is None else START + off_at_s

    async def switch_off() -> None:
        assert off_at is not None
        while clock.now() < off_at:
            await asyncio.sleep(clock.real_seconds(off_at - clock.now()))
        room.state.set_faults(FaultSpec())

    helper = asyncio.create_task(switch_off()) if off_at is not None else None
    try:
        poller = await record_broadcast(source, clock, recorder, INTERVALS, until_ts=START + duration_s)
    finally:
        await source.aclose()
        if helper is not None:
            helper.cancel()
            await asyncio.gather(helper, return_exceptions=True)
    return Recording(db, recorder.session_id, room, transport, poller, off_at)


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def served_room_records(transport: LoggingTransport) -> list[tuple[float, dict[str, float | None]]]:
    """(answered_at, metrics) of every room/get answer that parsed, as served (strings read as numbers)."""
    out = []
    for e in transport.log:
        if not e.path.endswith(ROOM_GET) or e.status != 200:
            continue
        try:
            body = json.loads(e.body)
        except ValueError:
            continue
        if not isinstance(body, dict) or body.get("code") != 0 or not isinstance(body.get("data"), dict):
            continue
        for record in body["data"].get("room_list") or []:
            out.append((e.answered_at, {name: _number(record.get(name)) for name in ROOM_METRIC_NAMES}))
    return out


def unexplained_values(rows: list[dict[str, Any]], served: list[tuple[float, dict[str, float | None]]]) -> list[str]:
    """Stored values no single served answer (at or before the sample) accounts for: fabricated ones."""
    problems = []
    for row in rows:
        if row["is_gap"]:
            continue
        stored = {n: row[n] for n in ROOM_METRIC_NAMES if row[n] is not None}
        if not any(at <= row["ts"] + 1e-6 and all(rec[n] == v for n, v in stored.items()) for at, rec in served):
            problems.append(f"sample at {row['ts']:.1f}: {stored}")
    return problems


def decreasing_counters(rows: list[dict[str, Any]]) -> list[str]:
    last: dict[str, float] = {}
    problems = []
    for row in rows:
        for name in ROOM_COUNTERS:
            value = row[name]
            if value is None:
                continue
            if value < last.get(name, -math.inf):
                problems.append(f"{name} fell from {last[name]} to {value} at {row['ts']:.1f}")
            last[name] = value
    return problems


def truth_mismatches(rows: list[dict[str, Any]], room: Any, slack_s: int) -> list[str]:
    """Stored watch count and online count against the simulator's truth over the `slack_s` seconds before each
    sample (the request was answered within them): the stored value must be one the truth took then."""
    truth = room.simulator.truth
    origin = int(room.simulator._origin)
    watch, online = np.cumsum(truth.entries), truth.concurrent
    problems = []
    for row in rows:
        if row["is_gap"]:
            continue
        k = int(math.floor(row["ts"])) - origin  # seconds simulated when the sample was taken
        lo = max(0, k - slack_s)
        for name, series in (("total_live_watch_cnt", watch), ("online_user_cnt", online)):
            value = row[name]
            taken = set(series[max(0, lo - 1):k].tolist()) | ({0.0} if lo == 0 else set())  # 0 before second 1
            if value is not None and value not in taken:
                problems.append(f"{name}={value} at +{k}s is not the truth of +{lo}..{k}s")
    return problems


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """Most requests inside any `window` seconds (sliding)."""
    times, best, j = sorted(times), 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best
