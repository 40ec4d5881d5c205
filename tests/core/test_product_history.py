"""core.products.history.ProductHistory without Qt: appended poll by poll it equals the one built from the stored samples;
per-product series, per-minute counter gains (the heat map), the list in position order, explanation over time,
and products added / removed mid-show."""

from __future__ import annotations

import math

import numpy as np

from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS
from dyconsole.core.model import ProductSample
from dyconsole.core.products.history import CLICKS, GMV, ORDERS, ProductHistory

T0 = 1_700_000_000.0


def product(ts: float, pid: str, position: int, clicks: float, *, explain: str = "UNEXPLAIN",
            gmv: float | None = None) -> ProductSample:
    values = {CLICKS: clicks, GMV: gmv, ORDERS: None, "live_product_price": 9.9}
    return ProductSample(ts, pid, f"title {pid}", explain, position, values)


def show() -> list[tuple[float, list[ProductSample]]]:
    """Every 20 s for 4 minutes: a and b from the start; c added at 90 s; b removed from 150 s; a explained
    from 60 s to 120 s; the list order changes when c arrives (c first)."""
    polls = []
    for k in range(12):
        t = T0 + 20.0 * k
        items = [product(t, "a", 1 if t < T0 + 90 else 2, 100.0 + 5 * k,
                         explain="BEINGEXPLAIN" if T0 + 60 <= t < T0 + 120 else "UNEXPLAIN", gmv=10.0 * k)]
        if t < T0 + 150:
            items.append(product(t, "b", 2 if t < T0 + 90 else 3, 50.0 + k))
        if t >= T0 + 90:
            items.insert(0, product(t, "c", 1, 3.0 * (k - 3)))
        polls.append((t, items))
    return polls


def incremental() -> ProductHistory:
    h = ProductHistory()
    for t, items in show():
        h.append(t, items)
    return h


def test_appended_poll_by_poll_equals_built_from_the_stored_samples() -> None:
    live = incremental()
    stored = ProductHistory.build([p for _t, items in show() for p in items])
    assert live.ids == stored.ids == ["a", "b", "c"]
    assert live.titles == stored.titles
    assert np.array_equal(live.ts, stored.ts) and len(live) == 12
    assert np.array_equal(live.values, stored.values, equal_nan=True)
    for pid in live.ids:
        assert live.explain_states(pid) == stored.explain_states(pid)
        assert np.array_equal(live.positions(pid)[1], stored.positions(pid)[1], equal_nan=True)
    for field in (CLICKS, GMV):
        assert np.array_equal(live.minute_deltas(field).values, stored.minute_deltas(field).values, equal_nan=True)
    assert live.latest() == stored.latest()


def test_series_of_a_product_added_and_one_removed_mid_show() -> None:
    h = incremental()
    ts, clicks = h.series("c", CLICKS)
    listed = h.listed("c")
    assert np.array_equal(ts, T0 + 20.0 * np.arange(12))
    assert not listed[:5].any() and listed[5:].all()  # c arrives at 100 s (the first poll at or after 90 s)
    assert np.isnan(clicks[:5]).all() and clicks[5:].tolist() == [3.0 * (k - 3) for k in range(5, 12)]
    _, b_clicks = h.series("b", CLICKS)
    assert b_clicks[:8].tolist() == [50.0 + k for k in range(8)] and np.isnan(b_clicks[8:]).all()
    assert h.explain_states("b")[8:] == [None] * 4


def test_per_minute_counter_gains_for_the_heat_map() -> None:
    h = incremental()
    grid = h.minute_deltas(CLICKS)
    assert grid.ids == ["a", "b", "c"] and grid.start == T0 and grid.minutes == 4
    # a: 100 + 5k, polls k=0..11, three a minute; listed at the first poll, so it counts from its first value
    assert grid.values[0].tolist() == [10.0, 15.0, 15.0, 15.0]
    # b: 50 + k until k=7 (140 s): minute 0 +2, minute 1 +3, minute 2 +2 (k=6..7), then gone (NaN)
    assert grid.values[1, :3].tolist() == [2.0, 3.0, 2.0] and math.isnan(grid.values[1, 3])
    # c: listed from k=5 (100 s) with 6 clicks; added mid-show, so it counts from 0
    assert math.isnan(grid.values[2, 0]) and grid.values[2, 1:].tolist() == [6.0, 9.0, 9.0]
    # the gains add up to what each product gained since it was first seen (from 0 when added mid-show)
    assert np.nansum(grid.values[0]) == 155.0 - 100.0 and np.nansum(grid.values[2]) == 24.0


def test_minutes_from_a_given_start_use_the_value_before_it() -> None:
    grid = incremental().minute_deltas(CLICKS, start=T0 + 120.0)
    assert grid.start == T0 + 120.0 and grid.minutes == 2
    assert grid.values[0].tolist() == [15.0, 15.0]  # from a's 135 at 100 s, before the start
    assert grid.values[2].tolist() == [9.0, 9.0]


def test_the_latest_list_in_position_order_and_explanation_over_time() -> None:
    h = incremental()
    assert [r.product_id for r in h.latest()] == ["c", "a"]
    assert [r.position for r in h.latest()] == [1, 2]
    assert h.being_explained(T0 + 59.0) == [] and h.being_explained(T0 + 60.0) == ["a"]
    assert h.being_explained(T0 + 130.0) == [] and h.being_explained(T0 - 1.0) == []
    at = h.at(T0 + 110.0)  # by GMV: a has some, b and c none
    assert at[0].product_id == "a" and at[0].gmv == 50.0 and at[0].explain_status == "BEINGEXPLAIN"
    assert {r.product_id for r in at} == {"a", "b", "c"}
    assert h.explain_states("a")[2:6] == ["UNEXPLAIN", "BEINGEXPLAIN", "BEINGEXPLAIN", "BEINGEXPLAIN"]


def test_an_empty_poll_adds_nothing_and_a_late_one_joins_the_last_poll() -> None:
    h = ProductHistory()
    h.append(T0, [])
    assert len(h) == 0 and h.latest() == [] and h.at(T0) == [] and h.minute_deltas(CLICKS).minutes == 0
    h.append(T0, [product(T0, "a", 1, 1.0)])
    h.append(T0 - 5.0, [product(T0, "b", 2, 2.0)])  # late: filed with the poll at T0
    assert len(h) == 1 and [r.product_id for r in h.latest()] == ["a", "b"]


def test_many_products_and_polls_grow_the_arrays() -> None:
    h = ProductHistory()
    for k in range(300):
        h.append(T0 + k, [product(T0 + k, f"p{j}", j + 1, float(k)) for j in range(k % 40 + 1)])
    assert len(h) == 300 and len(h.ids) == 40
    assert h.series("p39", CLICKS)[1][39] == 39.0 and math.isnan(h.series("p39", CLICKS)[1][40])
    assert [r.product_id for r in h.latest()] == [f"p{j}" for j in range(299 % 40 + 1)]


def test_a_frozen_view_stays_as_it_was_while_the_history_goes_on() -> None:
    """What a worker reads (the order changes' effects) while the UI thread appends: the first 5 polls, whatever
    comes after (a new product, growth of the arrays, more polls)."""
    polls = show()
    h, first = ProductHistory(), ProductHistory()
    for t, items in polls[:5]:
        h.append(t, items)
        first.append(t, items)
    frozen = h.frozen()
    for t, items in polls[5:]:
        h.append(t, items)
    for k in range(40):  # enough polls and products to regrow every array
        t = T0 + 400.0 + 20.0 * k
        h.append(t, [product(t, f"n{k}", 1, float(k))])
    assert len(h) == 12 + 40 and len(h.ids) == 3 + 40
    assert len(frozen) == 5 and frozen.ids == first.ids == ["a", "b"]
    assert np.array_equal(frozen.ts, first.ts)
    assert np.array_equal(frozen.values, first.values, equal_nan=True)
    for pid in frozen.ids:
        assert frozen.explain_states(pid) == first.explain_states(pid)
    assert np.array_equal(frozen.minute_deltas(CLICKS).values, first.minute_deltas(CLICKS).values, equal_nan=True)
    assert frozen.latest() == first.latest()


def test_many_polls_and_products_added_late_keep_every_cell_and_a_tight_width() -> None:
    """Past a few doublings of the rows and with products added one at a time mid-show (the arrays grow, only the
    rows in use are written): every cell reads what was appended, NaN where a product was not listed, the same as
    the history built whole from the stored samples; the columns stay near the products listed (memory)."""
    rng = np.random.default_rng(2)
    live, samples = ProductHistory(), []
    for k in range(300):
        t = T0 + 30.0 * k
        listed = [f"p{j}" for j in range(min(40, 3 + k // 7)) if rng.random() > 0.2]
        items = [product(t, pid, i + 1, float(k * 10 + i)) for i, pid in enumerate(listed)]
        live.append(t, items)
        samples += items
    stored = ProductHistory.build(samples)
    assert len(live) == len(stored) == 300 and live.ids == stored.ids
    late = 0
    assert np.array_equal(live.values, stored.values, equal_nan=True)
    for pid in live.ids:
        assert np.array_equal(live.positions(pid)[1], stored.positions(pid)[1], equal_nan=True)
        assert live.explain_states(pid) == stored.explain_states(pid)
        first = next(i for i, p in enumerate(samples) if p.product_id == pid)
        before = live.series(pid, CLICKS)[1][live.ts < samples[first].ts]
        assert np.isnan(before).all()  # listed late: nothing before its first poll
        late += len(before) > 0
    assert late >= 30  # most products came after the rows had grown
    assert live.values.shape[1] == 40 and all(c.data.shape[1] <= 40 + 5 for c in (*live._fields, live._position))


def test_counts_are_kept_as_int32_until_a_value_is_not_a_whole_count_and_read_the_same() -> None:
    """Memory: the fields of whole counts take 4 bytes a cell and a list place 2, money 4 (in fen); a value such a
    cell cannot hold exactly (a fraction, -0.0, beyond int32; money with more than two decimals) turns that field to
    float64, every value the same."""
    h = ProductHistory()
    for k in range(30):
        t = T0 + 30.0 * k
        h.append(t, [product(t, "a", 1, 1_000.0 + k, gmv=12.34 * k), product(t, "b", 2, float(k))])
    fields = dict(zip(PRODUCT_NUMERIC_FIELDS, h._fields))
    assert fields[CLICKS].data.dtype == np.int32 and fields[ORDERS].data.dtype == np.int32
    assert fields["live_product_price"].data.dtype == np.int32  # ¥9.9 kept as 990 fen
    assert fields[GMV].data.dtype == np.float64  # 12.34 x 3 is 37.019999999999996 as a float: not a fen figure
    assert h.series("a", GMV)[1].tolist() == [12.34 * k for k in range(30)]  # every value the very float given
    assert h._position.data.dtype == np.int16
    bytes_a_cell = sum(c.data.itemsize for c in (*h._fields, h._position)) + h._explain.itemsize
    assert bytes_a_cell == 2 * 8 + 8 * 4 + 2 + 2  # was 10 * 8 + 8 + 2
    assert h.series("a", CLICKS)[1].tolist() == [1_000.0 + k for k in range(30)]
    assert np.isnan(h.series("a", ORDERS)[1]).all() and h.positions("b")[1].tolist() == [2.0] * 30
    frozen = h.frozen()
    before = h.values
    for extra, pos in ((2.5, 3), (-0.0, 4), (3e9, 40_000)):
        t = float(h.ts[-1]) + 30.0
        h.append(t, [product(t, "c", pos, extra)])
        column = h.series("c", CLICKS)[1]
        assert column[-1] == extra and np.signbit(column[-1]) == np.signbit(extra)
        assert h.positions("c")[1][-1] == pos
    assert h._fields[_FIELD_INDEX[CLICKS]].data.dtype == np.float64 and h._position.data.dtype == np.float64
    assert h._fields[_FIELD_INDEX[ORDERS]].data.dtype == np.int32  # the other count fields are not affected
    assert np.array_equal(h.values[:30, :2], before, equal_nan=True)
    assert len(frozen) == 30 and np.array_equal(frozen.values, before, equal_nan=True)
    stored = ProductHistory.build([p for t in h.ts.tolist() for p in _samples_at(h, t)])
    assert np.array_equal(stored.values, h.values, equal_nan=True)


_FIELD_INDEX = {f: k for k, f in enumerate(PRODUCT_NUMERIC_FIELDS)}


def test_money_is_kept_in_fen_and_reads_back_the_very_float_it_was() -> None:
    h = ProductHistory()
    prices = [9.9, 0.01, 199.0, 1234.56, 21_474_836.47]
    for k, price in enumerate(prices):
        t = T0 + 30.0 * k
        h.append(t, [product(t, "a", 1, float(k), gmv=price)])
    assert h._fields[_FIELD_INDEX[GMV]].data.dtype == np.int32
    assert h.series("a", GMV)[1].tolist() == prices  # exactly, not merely close
    for odd in (0.1 + 0.2, 21_474_836.48, -0.0):  # three decimals' worth, beyond int32 fen, a signed zero
        h2 = ProductHistory()
        h2.append(T0, [product(T0, "a", 1, 1.0, gmv=9.9)])
        h2.append(T0 + 30.0, [product(T0 + 30.0, "a", 1, 2.0, gmv=odd)])
        column = h2.series("a", GMV)[1]
        assert h2._fields[_FIELD_INDEX[GMV]].data.dtype == np.float64
        assert column.tolist() == [9.9, odd] and np.signbit(column[-1]) == np.signbit(odd)


def _samples_at(h: ProductHistory, t: float) -> list[ProductSample]:
    """The products of poll `t` as stored samples (every field, place and state)."""
    i = int(np.searchsorted(h.ts, t))
    out = []
    for pid in h.ids:
        if not h.listed(pid)[i]:
            continue
        values = {f: (None if math.isnan(v) else v) for f in PRODUCT_NUMERIC_FIELDS
                  for v in [float(h.series(pid, f)[1][i])]}
        pos = h.positions(pid)[1][i]
        out.append(ProductSample(t, pid, h.titles[pid], h.explain_states(pid)[i] or "", int(pos), values))
    return out


def test_a_poll_of_new_products_gets_exactly_their_columns() -> None:
    """Memory: every poll writes a row of every column, so the 34 products of a first poll take 34 columns (not
    the next step of the growth, 36); one product added later still grows the columns by a step."""
    h = ProductHistory()
    h.append(T0, [product(T0, f"p{j}", j + 1, 1.0) for j in range(34)])
    assert h._explain.shape[1] == 34 and all(c.data.shape[1] == 34 for c in (*h._fields, h._position))
    h.append(T0 + 30.0, [product(T0 + 30.0, f"p{j}", j + 1, 2.0) for j in range(35)])
    assert h._explain.shape[1] == 38 and h.series("p34", CLICKS)[1].tolist()[1:] == [2.0]
