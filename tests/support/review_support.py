"""Recording demo-room sessions for the review tests and the review benchmark: the seeded simulator read at the
default poll intervals, turned into model objects by the sources' own parsers, and written through the real
Recorder (one transaction per poll), with a room gap, operator events and alerts like a real session has. As the
demo room (and the official APIs) the samples carry no online_user_cnt unless `serve_online` is set."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import Gap, PollFanOut, PollIntervals
from dyconsole.core.metrics import AUDIENCE_DIMENSIONS, AUDIENCE_EVENTS, REAL_ONLINE
from dyconsole.core.model import AudienceSample, FlowSample, RoomStatus
from dyconsole.core.wire import FLOW_KINDS
from dyconsole.emulator.sim.config import SimConfig
from dyconsole.emulator.sim.simulator import Simulator
from dyconsole.sources import parse
from dyconsole.storage.alert_store import add_alert
from dyconsole.storage.db import RECORDER_BUSY_TIMEOUT_MS, open_db
from dyconsole.storage.recorder import Recorder

DAY = 86_400.0
FIRST_START = 1_767_000_000.0  # 2025-12-29 17:20 Shanghai
FLOW_BY = FLOW_KINDS


@dataclasses.dataclass(frozen=True)
class Recorded:
    session_id: str
    title: str
    start: float
    end: float


def record_demo_session(path: Path, seed: int, minutes: float, start: float = FIRST_START, title: str = "",
                        intervals: PollIntervals = PollIntervals(), gap_at_min: float | None = None,
                        room_id: str = "7300000000000000001", serve_online: bool = False,
                        live_derived: bool = True) -> Recorded:
    """Record one demo broadcast of `minutes` into the database at `path` (created if needed). The room polls and
    room gaps reach the recorder through the live feed's fan-out, derived once as in the console, so the derived
    figures are stored with them; `live_derived=False` hands them to the recorder bare (a session stored without
    derived figures, as one recorded before schema 9)."""
    cfg = SimConfig(seed=seed, start_ts=start, duration_s=int(minutes * 60),
                    **({"title": title} if title else {}), room_id=room_id)
    sim = Simulator(cfg)
    clock = ManualClock(start)
    db = open_db(path, busy_timeout_ms=RECORDER_BUSY_TIMEOUT_MS)
    rec = Recorder(db, clock, source="demo")
    fanout = PollFanOut([rec])
    room_poll = fanout.publish if live_derived else rec.on_room
    room_gap = fanout.publish if live_derived else rec.on_gap
    try:
        sim.advance_to(start)
        info = parse.room_info(sim.room_info())
        assert info is not None and info.status is RoomStatus.LIVING
        rec.on_room_info(info)
        duration = int(minutes * 60)
        step = int(intervals.room)
        gap_s = None if gap_at_min is None else int(gap_at_min * 60) // step * step
        for t in range(step, duration, step):
            ts = start + t
            clock.set(ts)
            sim.advance_to(ts)
            if gap_s is not None and gap_s <= t < gap_s + 3 * step:
                room_gap(Gap("room", ts, "timeout after 10 s"))
            else:
                stats = {k: v for k, v in sim.room_stats().items() if serve_online or k != REAL_ONLINE}
                room_poll(parse.room_sample(ts, {**stats, **sim.room_info()}))
            if t % int(intervals.products) == 0:
                rec.on_products(ts, parse.products(ts, sim.products()))
            if t % int(intervals.flow) == 0:
                for by in FLOW_BY:
                    rec.on_flow(FlowSample(ts, by, dict(sim.flow(by))))
            if t % int(intervals.audience) == 0:
                for event in AUDIENCE_EVENTS:
                    for dim in AUDIENCE_DIMENSIONS:
                        rec.on_audience(AudienceSample(ts, event, dim, dict(sim.audience(event, dim))))
            if t == duration // 3:
                rec.add_event("order_change", {"order": sim.product_order()[:3]}, ts)
                add_alert(db, rec.session_id, "online_drop", "online", "warning", ts, "在线人数下降 30%", 123.0)
            if t == 2 * duration // 3:
                rec.add_event("note", {"text": "换主播"}, ts)
        clock.set(start + duration)
        sim.advance_to(start + duration)
        rec.on_room_info(parse.room_info(sim.room_info()))  # FINISH: the session ends
        sid = rec.session_id or ""
        rec.close()
        assert not fanout.failures, fanout.failures  # the fan-out logs a listener's failure: surface it here
        return Recorded(sid, cfg.title, start, start + duration)
    finally:
        db.close()
