"""Rates from cumulative counters and the derived rows: never negative, None across gaps and resets (never 0),
and the incremental Deriver gives exactly the batch rows."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from dyconsole.core.derived import DERIVED, DERIVED_NAMES, Deriver, derive_rows
from dyconsole.core.metrics import ROOM_COUNTERS
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.core.rates import CounterWindow, counter_rates

# a counter trace: steps of (seconds elapsed, increase or None = missing, or "reset")
step_st = st.tuples(
    st.floats(1.0, 90.0),
    st.one_of(st.none(), st.just(-1.0), st.floats(0.0, 500.0)),
)


def _trace(steps: list[tuple[float, float | None]]) -> tuple[list[float], list[float | None]]:
    ts, vs, t, v = [], [], 0.0, 100.0
    for dt, inc in steps:
        t += dt
        if inc is None:
            vs.append(None)
            ts.append(t)
            continue
        v = v * 0.3 if inc < 0 else v + inc  # -1 marks a counter reset (a decrease)
        ts.append(t)
        vs.append(v)
    return ts, vs


@settings(max_examples=150, deadline=None)
@given(st.lists(step_st, min_size=1, max_size=80))
def test_rates_never_negative_and_none_across_gaps(steps: list[tuple[float, float | None]]) -> None:
    ts, vs = _trace(steps)
    rates = counter_rates(ts, vs, window_s=60.0)
    assert len(rates) == len(ts)
    for i, r in enumerate(rates):
        # the clean run behind sample i: back while within 60 s, with no gap, no decrease, no step over 60 s
        j = i
        while (
            vs[i] is not None
            and j > 0
            and ts[i] - ts[j - 1] <= 60.0
            and vs[j - 1] is not None
            and vs[j] >= vs[j - 1]  # type: ignore[operator]
            and ts[j] - ts[j - 1] <= 60.0
        ):
            j -= 1
        if vs[i] is None or ts[i] - ts[j] < 30.0:
            assert r is None
        else:
            assert r is not None and r >= 0
            assert math.isclose(r, (vs[i] - vs[j]) / (ts[i] - ts[j]) * 60.0)  # type: ignore[operator]


def test_rate_of_a_steady_counter_and_its_warm_up() -> None:
    ts = [float(5 * k) for k in range(30)]
    vs: list[float | None] = [float(10 * k) for k in range(30)]  # 10 per 5 s = 120 / min
    rates = counter_rates(ts, vs)
    assert rates[:6] == [None] * 6  # less than 30 s of data
    assert all(math.isclose(r, 120.0) for r in rates[6:])  # type: ignore[arg-type]
    vs[20] = None
    after = counter_rates(ts, vs)
    assert after[20] is None and after[21] is None  # never 0 across the gap
    assert after[27] is not None


def test_a_change_of_basis_restarts_the_window() -> None:
    w = CounterWindow(60.0)
    assert w.push(0.0, 10.0, basis=("a", "b")) is None
    assert w.push(40.0, 20.0, basis=("a", "b")) is not None
    assert w.push(45.0, 15.0, basis=("a",)) is None


START = 1_767_000_000.0


def _sample(t: float, k: int, gap: bool = False, **over: float | None) -> RoomSample:
    if gap:
        return RoomSample(START + t, "r", RoomStatus.LIVING, dict.fromkeys(ROOM_COUNTERS))
    values: dict[str, float | None] = {c: float(k * (i + 1)) for i, c in enumerate(ROOM_COUNTERS)}
    values["total_live_watch_cnt"] = 50.0 * k
    values["live_watch_one_minute_count"] = max(0.0, 25.0 * (k - 12))
    values["online_user_cnt"] = 321.0
    values.update(over)
    return RoomSample(START + t, "r", RoomStatus.LIVING, values)


def _session(n: int = 400, gaps: tuple[int, ...] = (150, 151, 300)) -> list[RoomSample]:
    return [_sample(5.0 * k, k, gap=k in gaps) for k in range(n)]


def test_incremental_equals_batch() -> None:
    samples = _session()
    batch = derive_rows(samples)
    d = Deriver()
    live = [d.push(s) for s in samples]
    assert live == batch
    # resuming mid-way with a fresh deriver fed the whole history gives the same tail as well
    d2 = Deriver()
    for s in samples[:200]:
        d2.push(s)
    assert [d2.push(s) for s in samples[200:]] == batch[200:]


def test_rows_cover_the_contract_and_gap_rows_are_all_none() -> None:
    assert DERIVED_NAMES == tuple(m.name for m in DERIVED) and "data_age_s" not in DERIVED_NAMES
    for name in ("entries_per_min", "interactions_per_min", "online", "online_is_estimate", "gpm", "live_roi"):
        assert name in DERIVED_NAMES
    rows = derive_rows(_session())
    assert all(set(r) == set(DERIVED_NAMES) for r in rows)
    assert all(v is None for v in rows[150].values())
    assert rows[152]["entries_per_min"] is None  # across the gap: missing, never 0
    row = rows[100]
    assert math.isclose(row["entries_per_min"], 600.0)  # type: ignore[arg-type]
    assert row["online_is_estimate"] == 0.0 and row["online"] == 321.0
    assert row["online_estimate"] is not None  # computed all the same, for comparison


def test_online_falls_back_to_the_estimate_and_says_so() -> None:
    samples = [_sample(5.0 * k, k, online_user_cnt=None) for k in range(200)]
    rows = derive_rows(samples)
    assert rows[0]["online"] is None  # too little data: no estimate yet
    last = rows[-1]
    assert last["online_is_estimate"] == 1.0 and last["online"] == last["online_estimate"]
    assert last["avg_dwell_s"] is not None and last["avg_dwell_s"] > 0


def test_ratios_and_cumulative_figures() -> None:
    samples = [
        _sample(5.0 * k, k, total_live_like_cnt=None, live_product_show_cnt_alias=None, stat_cost=0.0)
        for k in range(40)
    ]
    rows = derive_rows(samples)
    last, s = rows[-1], samples[-1]
    # interactions without likes: comments + shares + follows; product clicks per entry without impressions
    per_k = sum(ROOM_COUNTERS.index(c) + 1 for c in ("total_live_comment_cnt", "total_live_share_cnt",
                                                     "total_live_follow_cnt"))
    assert math.isclose(last["interactions_per_min"], per_k * 12.0)  # type: ignore[arg-type]
    assert math.isclose(last["interaction_rate"], per_k / 50.0)  # type: ignore[arg-type]
    clicks = ROOM_COUNTERS.index("live_click_product_count_alias") + 1
    assert math.isclose(last["product_click_rate"], clicks / 50.0)  # type: ignore[arg-type]
    gmv = s.get("live_pay_order_gmv_alias")
    assert math.isclose(last["gpm"], gmv / s.get("total_live_watch_cnt") * 1000)  # type: ignore[arg-type,operator]
    assert last["live_roi"] == s.get("live_pay_order_gmv_roi")  # no cost of ours: the platform's figure
