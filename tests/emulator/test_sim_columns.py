"""The simulator's growable column stores: capacity doubles until the rows fit, the live rows are kept, and both
stores (viewers, orders) keep every row they were given past their first capacity."""

from __future__ import annotations

import numpy as np

from dyconsole.emulator.sim.columns import grow_columns
from dyconsole.emulator.sim.orders import OrderStore
from dyconsole.emulator.sim.viewers import ViewerStore


def test_grow_keeps_the_used_rows_and_dtypes_and_doubles_until_they_fit() -> None:
    cols = {"a": np.arange(4, dtype=np.int64), "b": np.array([0.5, 1.5, 2.5, 3.5], dtype=np.float32)}
    same = cols["a"]
    assert grow_columns(cols, 3, 4) == 4 and cols["a"] is same  # fits: untouched
    assert grow_columns(cols, 3, 13) == 16
    assert [len(c) for c in cols.values()] == [16, 16]
    assert cols["a"].dtype == np.int64 and cols["b"].dtype == np.float32
    assert cols["a"][:3].tolist() == [0, 1, 2] and cols["b"][:3].tolist() == [0.5, 1.5, 2.5]
    assert not cols["a"][3:].any()  # rows past `used` start empty


def test_stores_keep_every_row_past_their_first_capacity() -> None:
    viewers = ViewerStore(duration_s=100)
    k = 5000  # more than the initial 4096
    arrival = np.arange(k, dtype=np.int64) % 50
    viewers.append(arrival=arrival, departure=arrival + 10, source=np.zeros(k, np.int8), city=np.zeros(k, np.int8),
                   gender=np.zeros(k, np.int8), age=np.zeros(k, np.int8), propensity=np.ones(k, np.float32))
    viewers.append(arrival=arrival[:3], departure=arrival[:3] + 20, source=np.zeros(3, np.int8),
                   city=np.zeros(3, np.int8), gender=np.zeros(3, np.int8), age=np.zeros(3, np.int8),
                   propensity=np.ones(3, np.float32))
    assert viewers.n == k + 3
    assert np.array_equal(viewers.col("arrival")[:k], arrival)
    assert viewers.col("departure")[k:].tolist() == [20, 21, 22]

    orders = OrderStore()
    n = 2100  # more than the initial 1024, twice over
    for i in range(n):
        orders.add(seq=i, product=i % 7, buyer=i, source=0, item_num=1, order_fen=100 + i, pay_fen=100 + i,
                   create=i, pay=i + 5, cancel=0, ship=0, complete=0, refund=0, repurchase=bool(i % 2))
    assert orders.n == n
    assert np.array_equal(orders.col("order_fen"), 100 + np.arange(n))
    assert orders.col("repurchase").sum() == n // 2
