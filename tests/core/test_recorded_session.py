"""core.review without Qt or a database: a RecordedSession assembled from plain records answers "what was it at
time t" (room sample, products, tiles) and a ReplaySource clips it at the cursor."""

from __future__ import annotations

import numpy as np

from dyconsole.core.derived import ENTRIES, GMV, ONE_MIN, PAID_ORDERS, derive_rows
from dyconsole.core.feed import Gap
from dyconsole.core.kpis import kpi_tiles
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.model import ProductSample, RoomSample, RoomStatus
from dyconsole.core.products.history import CLICKS, ProductHistory
from dyconsole.core.review.replay import ReplaySource
from dyconsole.core.review.room_columns import room_columns
from dyconsole.core.review.session import RecordedSession, ReviewTiles, recorded_session
from dyconsole.core.session_records import SessionSummary

T0 = 1_700_000_000.0
ROOM = "r1"
GAP_AT = {60, 61}  # polls 60 and 61 (at 300 s and 305 s) failed


def room(k: int) -> RoomSample:
    ts = T0 + 5.0 * k
    if k in GAP_AT:
        return RoomSample(ts, ROOM, RoomStatus.LIVING, dict.fromkeys(ROOM_METRIC_NAMES))
    return RoomSample(ts, ROOM, RoomStatus.LIVING, {ENTRIES: 40.0 * k, ONE_MIN: 400.0, PAID_ORDERS: float(k // 10),
                                                    GMV: 99.0 * (k // 10)})


def session() -> tuple[RecordedSession, list[RoomSample]]:
    samples = [room(k) for k in range(1, 180)]
    products = [ProductSample(T0 + 30.0 * k, pid, pid.upper(), "UNEXPLAIN", j + 1,
                              {CLICKS: float(k * (j + 1)), GMV: float(10 * k * j)})
                for k in range(1, 30) for j, pid in enumerate(("a", "b"))]
    summary = SessionSummary("s1", ROOM, "show", T0, T0 + 900.0, "ended", 177, 2, None, None, None, "finish", "",
                             "demo")
    return recorded_session(summary, room_columns(samples), ProductHistory.build(products), [], [], [], [],
                            [Gap("room", T0 + 300.0, "timeout")]), samples


def test_the_session_answers_at_any_time_and_skips_gaps() -> None:
    s, _samples = session()
    assert s.id == "s1" and s.start == T0 and s.end == T0 + 5.0 * 179 and s.length_s == 900.0
    assert s.sample_at(T0 + 302.0).ts == T0 + 295.0  # the last good poll before the gap
    assert s.sample_at(T0 + 310.0).get(ENTRIES) == 40.0 * 62
    assert s.sample_at(T0) is None
    rows = s.products_at(T0 + 95.0)  # the poll at 90 s, by GMV: b first
    assert [(r.product_id, r.title, r.clicks, r.gmv) for r in rows] == [("b", "B", 6.0, 30.0), ("a", "A", 3.0, 0.0)]
    assert s.minute(T0 + 90.0) == 1.5


def test_replay_clips_at_the_cursor() -> None:
    s, _samples = session()
    src = ReplaySource(s)
    assert src.at_end and src.span() == s.span()
    src.cursor = T0 + 400.0
    assert not src.at_end and src.span() == (T0 + 5.0, T0 + 400.0)
    x, y = src.view(ENTRIES, T0, s.end, 1000)
    assert x.max() == T0 + 400.0 and np.isnan(y[x == T0 + 300.0]).all()


def test_tiles_at_the_cursor_equal_the_batch_tiles_going_back_and_forth() -> None:
    s, samples = session()
    rows = derive_rows(samples)
    tiles = ReviewTiles(s)
    assert s.tiles is not None
    for at in (T0 + 600.0, T0 + 200.0, T0 + 880.0):
        n = sum(1 for x in samples if x.ts <= at)
        expected = {t.id: (t.value, t.change) for t in kpi_tiles(samples[:n], rows[:n])}
        got = {t.id: (t.value, t.change) for t in tiles.tiles_at(at)}
        assert got == expected and got["gmv"][0] is not None
