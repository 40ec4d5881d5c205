"""SeriesBuffer and min/max decimation: every bucket keeps its true min and max, gaps stay breaks, the point
count is bounded, and incremental appends equal a bulk extend."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dyconsole.core.decimate import SENTINEL, VIEW_CACHE_SIZE, _plan, bucket_points, view_buckets
from dyconsole.core.series import SeriesBuffer, SeriesSet

values_st = st.lists(
    st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.just(math.nan)), min_size=1, max_size=3000
)


def _buffer(values: list[float]) -> SeriesBuffer:
    buf = SeriesBuffer("x")
    for i, v in enumerate(values):
        buf.append(1000.0 + i, v)
    return buf


def _nan_runs(v: np.ndarray) -> int:
    nan = np.isnan(v)
    return int(np.sum(nan & ~np.concatenate([[False], nan[:-1]])))


def _check_buckets(buf: SeriesBuffer, raw: np.ndarray, i0: int, i1: int, n_buckets: int) -> None:
    starts, b = view_buckets(buf.values, buf._pyramid, i0, i1, n_buckets)
    assert len(starts) <= n_buckets + 2 and starts[0] == i0 and np.all(np.diff(starts) > 0)
    ends = np.append(starts[1:], i1)
    for k, (a, e) in enumerate(zip(starts, ends)):
        chunk = raw[a:e]
        finite = chunk[~np.isnan(chunk)]
        if len(finite):
            assert b.mn[k] == finite.min() and b.mx[k] == finite.max()
            assert a <= b.imn[k] < e and raw[b.imn[k]] == finite.min()
            assert a <= b.imx[k] < e and raw[b.imx[k]] == finite.max()
        else:
            assert math.isnan(b.mn[k]) and b.imn[k] == SENTINEL


@settings(max_examples=60, deadline=None)
@given(values_st, st.integers(4, 400), st.data())
def test_every_bucket_keeps_its_true_min_and_max(values: list[float], n_buckets: int, data: st.DataObject) -> None:
    n = len(values)
    i0 = data.draw(st.integers(0, n - 1))
    i1 = data.draw(st.integers(i0 + 1, n))
    _check_buckets(_buffer(values), np.asarray(values), i0, i1, n_buckets)


def test_buckets_from_deep_pyramid_levels_match_brute_force() -> None:
    rng = np.random.default_rng(7)
    raw = np.cumsum(rng.normal(size=40_000))
    raw[rng.integers(0, 40_000, 30)] = np.nan
    raw[10_000:10_500] = np.nan
    buf = SeriesBuffer("x")
    buf.extend(np.arange(20_001.0), raw[:20_001])
    for i in range(20_001, 40_000):
        buf.append(float(i), raw[i])
    assert len(buf._pyramid.levels) >= 6
    for _ in range(25):
        i0 = int(rng.integers(0, 39_000))
        i1 = int(rng.integers(i0 + 1, 40_001))
        _check_buckets(buf, raw, i0, i1, int(rng.integers(4, 1200)))


@settings(max_examples=60, deadline=None)
@given(values_st, st.integers(4, 300))
def test_view_is_bounded_and_keeps_extremes_and_gaps(values: list[float], max_points: int) -> None:
    buf = _buffer(values)
    raw = np.asarray(values)
    x, y = buf.view(0.0, 1e12, max_points)
    assert len(x) <= max_points + _nan_runs(raw)
    assert np.all(np.diff(x) > 0)
    idx = (x - 1000.0).astype(int)
    assert np.array_equal(np.isnan(raw[idx]), np.isnan(y))
    assert np.array_equal(raw[idx][~np.isnan(y)], y[~np.isnan(y)])  # only real points
    finite = raw[~np.isnan(raw)]
    if len(finite):
        assert np.nanmin(y) == finite.min() and np.nanmax(y) == finite.max()
    # a line never joins two points across a gap, and never breaks where there is none
    fin = np.flatnonzero(~np.isnan(y))
    for a, b in zip(fin[:-1], fin[1:]):
        raw_gap = np.isnan(raw[idx[a] + 1 : idx[b]]).any()
        assert raw_gap == (b - a > 1)


def test_incremental_appends_equal_bulk_extend() -> None:
    rng = np.random.default_rng(3)
    v = rng.normal(size=5000)
    v[rng.integers(0, 5000, 40)] = np.nan
    ts = np.arange(5000.0)
    one = _buffer(list(v))
    bulk = SeriesBuffer("x")
    bulk.extend(ts[:1234] + 1000.0, v[:1234])
    bulk.extend(ts[1234:] + 1000.0, list(v[1234:]))
    for t0, t1, mp in [(0, 1e9, 500), (2000, 3000, 100), (1500, 5500, 37)]:
        a, b = one.view(t0, t1, mp), bulk.view(t0, t1, mp)
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1], equal_nan=True)


def test_short_view_is_raw_and_views_are_copies() -> None:
    buf = _buffer([1.0, None, 3.0])  # type: ignore[list-item]
    x, y = buf.view(0, 1e9, 100)
    assert list(x) == [1000.0, 1001.0, 1002.0] and math.isnan(y[1])
    y[0] = 99.0
    assert buf.values[0] == 1.0
    assert buf.view(1001.0, 1001.5)[0].tolist() == [1001.0]


def test_time_must_not_go_backwards_and_lookups() -> None:
    buf = _buffer([5.0, 6.0, math.nan])
    with pytest.raises(ValueError):
        buf.append(999.0, 1.0)
    assert buf.last() == (1001.0, 6.0)
    assert buf.value_at(1001.5) == 6.0 and buf.value_at(1002.0) is None and buf.value_at(10.0) is None
    assert SeriesBuffer().last() is None


def test_series_set_shares_one_time_axis() -> None:
    s = SeriesSet(["a", "b"])
    s.append(1.0, {"a": 1.0})
    s.append(2.0, {"a": 2.0, "b": 5.0})
    assert len(s) == 2 and s.span() == (1.0, 2.0)
    assert math.isnan(s["b"].values[0]) and s.view("b", 0, 3)[1][1] == 5.0
    s.extend_rows([3.0, 4.0], [{"a": 3.0}, {"b": 1.0}])
    assert s["a"].ts.tolist() == s["b"].ts.tolist() == [1.0, 2.0, 3.0, 4.0]


def _reference_view(buf: SeriesBuffer, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """The view computed in full (every bucket reduced again, no view cache)."""
    i0, i1 = buf.index_range(t0, t1)
    if i1 - i0 <= max_points:
        return buf.ts[i0:i1].copy(), buf.values[i0:i1].copy()
    _, b = view_buckets(buf.values, buf._pyramid, i0, i1, max(1, max_points // 2))
    return bucket_points(buf.ts, buf.values, b, buf._pyramid.nan_before, i0, i1)


def test_cached_live_views_equal_full_decimation_after_appends() -> None:
    """A live view redrawn after every append (the whole broadcast and a sliding window, gaps included) draws
    exactly what a full decimation draws, while its mid buckets come from the cache."""
    rng = np.random.default_rng(11)
    n = 30_000
    raw = np.cumsum(rng.normal(size=n))
    raw[rng.integers(0, n, 60)] = np.nan
    raw[20_500:20_540] = np.nan  # a long gap crossed while appending
    buf = SeriesBuffer("x")
    buf.extend(np.arange(20_000.0), raw[:20_000])
    hits = from_blocks = 0
    for i in range(20_000, 21_200):
        buf.append(float(i), raw[i])
        for t0, t1, mp in [(0.0, float(i), 788), (float(i) - 1800.0, float(i), 788), (5000.0, float(i), 301)]:
            i0, i1 = buf.index_range(t0, t1)
            plan = _plan(buf._pyramid, i0, i1, mp // 2)
            if plan.k:  # buckets of whole pyramid blocks (a view of raw samples keeps nothing)
                from_blocks += 1
                hits += (plan.k, plan.b0, plan.b1, plan.mid_buckets) in buf._pyramid.view_cache
            x, y = buf.view(t0, t1, mp)
            rx, ry = _reference_view(buf, t0, t1, mp)
            assert np.array_equal(x, rx) and np.array_equal(y, ry, equal_nan=True), (i, t0, t1, mp)
    # blocks of 4 and 16 samples here: the mid buckets change once in 4 and once in 16 appends
    assert from_blocks == 2 * 1200 and hits >= 0.8 * from_blocks
    assert len(buf._pyramid.view_cache) <= VIEW_CACHE_SIZE


@settings(max_examples=40, deadline=None)
@given(values_st, st.integers(4, 300), st.integers(1, 40))
# a NaN between the min and the max of the right edge block (raw 32..34: 30, NaN, 32): the cached view joined them
@example([0.0, math.nan], 8, 33)
def test_cached_view_equals_full_decimation(values: list[float], max_points: int, appends: int) -> None:
    buf = _buffer(values)
    for j in range(appends):
        buf.append(1000.0 + len(values) + j, math.nan if j % 7 == 3 else float(j))
        for t0 in (0.0, 1000.0 + len(values) // 3):
            x, y = buf.view(t0, 1e12, max_points)
            rx, ry = _reference_view(buf, t0, 1e12, max_points)
            assert np.array_equal(x, rx) and np.array_equal(y, ry, equal_nan=True)


def _same(a: SeriesBuffer, b: SeriesBuffer) -> bool:
    """The two buffers hold the same points and draw the same views."""
    if not (np.array_equal(a.ts, b.ts) and np.array_equal(a.values, b.values, equal_nan=True)):
        return False
    for t0, t1, mp in [(-1e12, 1e12, 2000), (-1e12, 1e12, 9), (2.5, 40.0, 6)]:
        va, vb = a.view(t0, t1, mp), b.view(t0, t1, mp)
        if not (np.array_equal(va[0], vb[0]) and np.array_equal(va[1], vb[1], equal_nan=True)):
            return False
    return True


def test_a_set_keeps_one_time_axis_for_all_its_series() -> None:
    s = SeriesSet(["a", "b", "c"])
    ref = {n: SeriesBuffer(n) for n in s.names}
    rng = np.random.default_rng(5)
    for i in range(300):
        row = {n: float(rng.normal()) for n in s.names if rng.random() > 0.1}  # a missing name is a gap
        s.append(float(i), row)
        for n, buf in ref.items():
            buf.append(float(i), row.get(n))
    assert s["a"].shares_axis_with(s["b"]) and s["b"].shares_axis_with(s["c"])
    assert all(_same(s[n], ref[n]) for n in s.names)
    with pytest.raises(ValueError):
        s.append(10.0, {"a": 1.0})
    assert len(s) == 300 and all(len(s[n]) == 300 for n in s.names)  # a refused poll left nothing behind


def test_a_series_of_a_set_appended_alone() -> None:
    s = SeriesSet(["a", "b"])
    ref = {"a": SeriesBuffer("a"), "b": SeriesBuffer("b")}

    def put(name: str, ts: float, v: float | None) -> None:
        s[name].append(ts, v)
        ref[name].append(ts, v)

    put("a", 1.0, 1.0)  # ahead of b: lengthens the shared axis
    put("a", 2.0, None)
    put("b", 1.0, 5.0)  # catches up on the same timestamps: still shared
    put("b", 2.0, 6.0)
    assert s["a"].shares_axis_with(s["b"]) and len(s) == 2
    put("a", 3.0, 3.0)
    put("b", 4.0, 7.0)  # not the axis's next timestamp: b takes a copy of its own
    assert not s["a"].shares_axis_with(s["b"])
    put("a", 5.0, 4.0)  # a's axis is untouched by b's divergence
    s.append(6.0, {"a": 8.0, "b": None})  # out of step: each buffer on its own axis
    ref["a"].append(6.0, 8.0)
    ref["b"].append(6.0, None)
    assert s["a"].ts.tolist() == [1.0, 2.0, 3.0, 5.0, 6.0] and s["b"].ts.tolist() == [1.0, 2.0, 4.0, 6.0]
    assert _same(s["a"], ref["a"]) and _same(s["b"], ref["b"])
    with pytest.raises(ValueError):
        s["b"].append(5.0, 1.0)


def test_set_extend_rows_and_whole_columns_share_the_axis_and_equal_appends() -> None:
    rng = np.random.default_rng(11)
    ts = np.cumsum(rng.uniform(1, 10, 3000))
    cols = {n: rng.normal(size=3000) for n in ("a", "b")}
    cols["a"][rng.integers(0, 3000, 60)] = np.nan
    cols["b"][500:900] = np.nan
    rows = [{n: (None if math.isnan(cols[n][i]) else float(cols[n][i])) for n in cols} for i in range(3000)]
    by_rows = SeriesSet(["a", "b"])
    by_rows.extend_rows(ts[:1000], rows[:1000])
    by_rows.extend_rows(ts[1000:], rows[1000:])
    by_columns = SeriesSet(["a", "b"])  # as a review opens a stored session: column after column
    for n in ("a", "b"):
        by_columns[n].extend(ts, cols[n])
    one_by_one = SeriesSet(["a", "b"])
    for i in range(3000):
        one_by_one.append(float(ts[i]), rows[i])
    for s in (by_rows, by_columns):
        assert s["a"].shares_axis_with(s["b"])
        assert all(_same(s[n], one_by_one[n]) for n in ("a", "b"))
    partly = SeriesSet(["a", "b"])  # b extended with a different time axis than a: its own
    partly["a"].extend(ts, cols["a"])
    partly["b"].extend(ts + 0.5, cols["b"])
    assert not partly["a"].shares_axis_with(partly["b"]) and partly["b"].ts[0] == ts[0] + 0.5
    assert partly["a"].ts[0] == ts[0]

