"""The report tests' session: one demo broadcast recorded into a session cache (`record_demo_session`).

The demo room's simulator feeds a Recorder directly (no HTTP): 40 minutes of room polls every 5 s with a
2-minute outage (gap polls), products and traffic every 30 s, the audience every minute, the orders at the end,
two alerts and an operator note. Tests only read the file (each opens it read-only, or copies it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import Gap
from dyconsole.core.metrics import AUDIENCE_DIMENSIONS, AUDIENCE_EVENTS, PRODUCT_NUMERIC_FIELDS
from dyconsole.core.model import (
    AudienceSample,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    RoomStatus,
)
from dyconsole.emulator.sim import SimConfig, Simulator
from dyconsole.emulator.sim.readout import FLOW_BY
from dyconsole.sources.orders import order_state
from dyconsole.storage.alert_store import add_alert, resolve_alert
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

START = 1_800_000_003.0  # not on a minute boundary: buckets must not assume the session starts on one
MINUTES = 40
POLL_S = 5.0
OUTAGE = (START + 600.0, START + 720.0)  # room polls fail for 2 minutes
ROOM_ID = "7300000000000000001"
TITLE = "好物直播间 · 冬季上新专场"


@dataclass(frozen=True)
class RecordedSession:
    db_file: Path
    session_id: str
    start: float


def record_demo_session(path: Path) -> str:
    db = open_db(path)
    clock = ManualClock(START)
    sim = Simulator(SimConfig(seed=7, start_ts=START, duration_s=MINUTES * 60 + 60, n_products=24, room_id=ROOM_ID,
                              title=TITLE))
    rec = Recorder(db, clock)
    rec.on_room_info(RoomInfo(ROOM_ID, TITLE, RoomStatus.LIVING, start_time=START))
    for i in range(1, int(MINUTES * 60 / POLL_S) + 1):
        clock.advance(POLL_S)
        now = clock.now()
        sim.advance_to(now)
        if OUTAGE[0] <= now < OUTAGE[1]:
            rec.on_gap(Gap("room", now, "HTTP 502"))
        else:
            rec.on_room(RoomSample(now, ROOM_ID, RoomStatus.LIVING, sim.room_stats()))
        if i % 6 == 0:
            rec.on_products(now, [ProductSample(now, p["productId"], p["title"], p["explain_status"], k,
                                                {f: p.get(f) for f in PRODUCT_NUMERIC_FIELDS})
                                  for k, p in enumerate(sim.products(), 1)])
            for by in FLOW_BY:
                rec.on_flow(FlowSample(now, by, sim.flow(by)))
        if i % 12 == 0:
            for event in AUDIENCE_EVENTS:
                for dim in AUDIENCE_DIMENSIONS:
                    rec.on_audience(AudienceSample(now, event, dim, dict(sim.audience(event, dim))))
        if i == 200:
            rec.add_event("note", {"text": "主推款讲解延长 5 分钟"})
    rec.on_orders(clock.now(), [OrderRecord(
        o.order_id, o.room_id, o.product_id, o.item_num, o.pay_amount, o.order_amount, float(o.create_time),
        float(o.update_time), None if o.pay_time is None else float(o.pay_time),
        order_state(o.order_status, o.after_sale_status), "u***") for o in sim.orders() if not o.is_repurchase])
    sid = rec.session_id or ""
    alert = add_alert(db, sid, "在线人数骤降", "online", "critical", START + 605.0, "在线人数 5 分钟内下降 40%", 120.0)
    resolve_alert(db, alert, START + 900.0)
    add_alert(db, sid, "转化率偏低", "conversion_rate", "warning", START + 1500.0, "成交转化率低于常模", 0.004)
    rec.close()
    db.close()
    return sid

