"""The product list over a broadcast: `ProductHistory`, one row per product poll, for the live product board and
the review alike.

It is appended one poll's product list at a time (`append(ts, products)`, what the live feed does on every products
poll) or built from stored samples (`ProductHistory.build(samples)`, or `from_columns(...)` of the stored columns,
what review does); all give the same history.
What it offers:
- `series(product_id, field)`: a product's numeric field (core.metrics.PRODUCT_NUMERIC_FIELDS) poll by poll, NaN
  where the product was not listed or the field not reported; `positions(product_id)` its place in the list;
- `minute_deltas(field, start)`: what a counter (clicks, impressions, orders, GMV: COUNTER_FIELDS) gained per
  broadcast minute, products x minutes, for the click heat map;
- `latest()`: the last poll's products in list position order; `at(ts)`: the products at a moment by GMV;
- `explain_states(product_id)` and `being_explained(ts)`: the explanation state (讲解) over time.

A poll that lists no product adds no row (storage cannot tell it from a missing poll); a poll whose time is not
after the last one is filed at the last one's time, so the history stays in time order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS
from dyconsole.core.model import ProductSample
from dyconsole.core.products.cells import Cells
from dyconsole.core.products.fields import CLICKS, IMPRESSIONS, ORDERS, PRICE
from dyconsole.core.products.fields import EXPLAINING as BEING_EXPLAINED

GMV = "live_pay_order_gmv_alias"
#: the cumulative product counters whose per-minute gains the heat map shows
COUNTER_FIELDS: tuple[str, ...] = (CLICKS, IMPRESSIONS, ORDERS, GMV)

_FIELD = {name: k for k, name in enumerate(PRODUCT_NUMERIC_FIELDS)}
_NOT_LISTED = -1  # explanation code of a product absent from a poll
#: fields of whole counts, kept as int32 while every value is one (core.products.cells); ratios float64
WHOLE_FIELDS: frozenset[str] = frozenset({"live_product_explain_cnt", "live_product_Inventory", ORDERS, IMPRESSIONS,
                                          CLICKS})


#: money fields, kept in fen as int32 while every value has at most two decimals and fits (up to ¥21.47 million)
FEN_FIELDS: frozenset[str] = frozenset({"live_product_price", "live_cost_per_product", "live_pay_order_gmv_alias",
                                        "live_order_settle_amount_7d"})


def _field_cells() -> list[Cells]:
    return [Cells(np.int32) if f in WHOLE_FIELDS else Cells(np.int32, 100) if f in FEN_FIELDS else Cells(np.float64)
            for f in PRODUCT_NUMERIC_FIELDS]


@dataclass(frozen=True, slots=True)
class ProductRow:
    """One product as a table shows it at a moment (None = not reported)."""

    product_id: str
    title: str
    price: float | None
    clicks: float | None
    orders: float | None
    gmv: float | None
    position: int | None = None
    explain_status: str = ""


@dataclass(frozen=True, slots=True)
class ProductMinutes:
    """Per-minute gains of one counter: `values[product, minute]` (NaN where the product had no value that
    minute); minute m covers broadcast time [start + 60 m, start + 60 (m + 1))."""

    field: str
    ids: list[str]
    start: float
    values: np.ndarray  # shape (len(ids), minutes)

    @property
    def minutes(self) -> int:
        return int(self.values.shape[1])


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


class ProductHistory:
    """Every product poll of a broadcast as arrays [poll, product] (NaN where a product was not listed)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.titles: dict[str, str] = {}
        self._index: dict[str, int] = {}
        self._statuses: list[str] = []  # explanation states seen, coded by their place here
        self._n = 0
        self._ts = np.empty(0)
        self._fields = _field_cells()  # one a field of PRODUCT_NUMERIC_FIELDS, [poll, product]
        self._position = Cells(np.int16)  # 1-based place in the list
        self._explain = np.full((0, 0), _NOT_LISTED, dtype=np.int16)

    @classmethod
    def build(cls, samples: Sequence[ProductSample]) -> "ProductHistory":
        """The history of stored samples (in time order; one poll = the samples of one time)."""
        history = cls()
        i = 0
        while i < len(samples):
            j = i + 1
            while j < len(samples) and samples[j].ts == samples[i].ts:
                j += 1
            history.append(samples[i].ts, samples[i:j])
            i = j
        return history

    @classmethod
    def from_columns(cls, ts: np.ndarray, product_ids: Sequence[str], titles: Sequence[str],
                     explain_statuses: Sequence[str], positions: np.ndarray, values: np.ndarray) -> "ProductHistory":
        """The history of stored samples given as columns, one row a product sample in time order (`values`: rows x
        PRODUCT_NUMERIC_FIELDS, NaN = not reported): the same history as `build`, filled whole arrays at once."""
        history = cls()
        if not len(ts):
            return history
        new_poll = np.empty(len(ts), dtype=bool)
        new_poll[0], new_poll[1:] = True, ts[1:] != ts[:-1]
        poll = np.cumsum(new_poll) - 1
        index = {p: k for k, p in enumerate(dict.fromkeys(product_ids))}  # in the order they first appear
        cols = np.fromiter(map(index.__getitem__, product_ids), dtype=np.intp, count=len(ts))
        codes = {e: k for k, e in enumerate(dict.fromkeys(explain_statuses))}
        explain = np.fromiter(map(codes.__getitem__, explain_statuses), dtype=np.int16, count=len(ts))
        history.ids, history._index, history._statuses = list(index), index, list(codes)
        # the last title given wins, as appending (every sample titled, the usual case: the same dict, built in C)
        history.titles = dict(zip(product_ids, titles)) if all(titles) else \
            {p: t for p, t in zip(product_ids, titles) if t}
        history._grow(int(poll[-1]) + 1, len(index))
        history._n = int(poll[-1]) + 1
        history._clear_rows(0, history._n)
        history._ts[:history._n] = ts[new_poll]
        values = np.asarray(values, dtype=np.float64)
        for k, cells in enumerate(history._fields):
            cells.write(poll, cols, values[:, k])
        history._position.write(poll, cols, np.asarray(positions, dtype=np.float64))
        history._explain[poll, cols] = explain
        return history

    # --- appending ---------------------------------------------------------------------------------------------
    def append(self, ts: float, products: Sequence[ProductSample]) -> None:
        """Add one products poll (the list as the source gave it at `ts`)."""
        if not products:
            return
        new = len({p.product_id for p in products} - self._index.keys())
        if new:  # room for all of the poll's new products at once: the columns are as many as the products
            self._grow(self._n, len(self.ids) + new)
        if self._n and ts <= self._ts[self._n - 1]:
            row = self._n - 1  # same (or an earlier) time: the same poll
        else:
            row = self._n
            self._grow(row + 1, len(self.ids))
            self._clear_rows(row, row + 1)
            self._ts[row] = ts
            self._n += 1
        cols = np.array([self._column(p) for p in products], dtype=np.intp)
        values = np.array([[p.values.get(f) for f in PRODUCT_NUMERIC_FIELDS] for p in products], dtype=np.float64)
        for k, cells in enumerate(self._fields):
            cells.write(row, cols, values[:, k])
        self._position.write(row, cols, np.array([p.position for p in products], dtype=np.float64))
        self._explain[row, cols] = [self._status_code(p.explain_status) for p in products]

    def _column(self, p: ProductSample) -> int:
        if p.title:
            self.titles[p.product_id] = p.title
        j = self._index.get(p.product_id)
        if j is None:
            j = self._index[p.product_id] = len(self.ids)
            self.ids.append(p.product_id)
            self._grow(self._n, len(self.ids))
        return j

    def _status_code(self, status: str) -> int:
        try:
            return self._statuses.index(status)
        except ValueError:
            self._statuses.append(status)
            return len(self._statuses) - 1

    def _grow(self, polls: int, products: int) -> None:
        """Room for `polls` rows of `products` columns. Rows double; columns grow by an eighth (at least 4), so
        the columns of a row are about the products listed (a row is ~64 bytes a column and every poll writes one).
        The new arrays are left unwritten past the rows in use (a row is cleared when a poll takes it): the pages
        ahead are not touched, so a doubling does not add its whole capacity to the process's memory at once."""
        cap_p, cap_k = self._explain.shape
        if polls <= cap_p and products <= cap_k:
            return
        new_p = max(polls, cap_p + cap_p // 4 if polls > cap_p else cap_p, 16)
        new_k = max(products, cap_k + max(4, cap_k // 8)) if products > cap_k else cap_k
        n = self._n
        ts = np.empty(new_p)
        ts[:n] = self._ts[:n]
        explain = np.empty((new_p, new_k), dtype=np.int16)
        explain[:n, :cap_k] = self._explain[:n]
        explain[:n, cap_k:] = _NOT_LISTED
        for cells in (*self._fields, self._position):
            cells.resized(new_p, new_k, n)
        self._ts, self._explain = ts, explain

    def _clear_rows(self, r0: int, r1: int) -> None:
        """Rows r0..r1 as no product listed (before a poll writes them)."""
        for cells in (*self._fields, self._position):
            cells.clear(r0, r1)
        self._explain[r0:r1] = _NOT_LISTED

    def frozen(self) -> "ProductHistory":
        """The history as it is now, for a reader on another thread while this one goes on appending: it shares
        the arrays (no copy: a poll only ever writes rows after the last one, and growing makes new arrays),
        with its own length, ids and titles."""
        out = ProductHistory()
        out.ids, out.titles, out._index = list(self.ids), dict(self.titles), dict(self._index)
        out._statuses, out._n = list(self._statuses), self._n
        out._ts, out._explain = self._ts, self._explain
        out._fields = [_shared(c) for c in self._fields]
        out._position = _shared(self._position)
        return out

    # --- reading -----------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    @property
    def ts(self) -> np.ndarray:
        """The time of each products poll."""
        return self._ts[:self._n]

    @property
    def values(self) -> np.ndarray:
        """[poll, product, field] of PRODUCT_NUMERIC_FIELDS (a copy; `field` reads one field)."""
        k = len(self.ids)
        out = np.empty((self._n, k, len(PRODUCT_NUMERIC_FIELDS)))
        for j, cells in enumerate(self._fields):
            out[:, :, j] = cells.read(slice(0, self._n), slice(0, k))
        return out

    def field(self, field: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        """[poll, product] of one of PRODUCT_NUMERIC_FIELDS over polls start..stop (NaN where not listed or not
        reported; do not change it)."""
        stop = self._n if stop is None else min(stop, self._n)
        return self._fields[_FIELD[field]].read(slice(start, stop), slice(0, len(self.ids)))

    def places(self) -> np.ndarray:
        """[poll, product] of the 1-based place in the list (NaN where unknown or not listed)."""
        return self._position.read(slice(0, self._n), slice(0, len(self.ids)))

    def explaining(self) -> np.ndarray:
        """[poll, product]: whether the product was being explained (False where not listed)."""
        if BEING_EXPLAINED not in self._statuses:
            return np.zeros((self._n, len(self.ids)), dtype=bool)
        return self._explain[:self._n, :len(self.ids)] == self._statuses.index(BEING_EXPLAINED)

    def listed(self, product_id: str) -> np.ndarray:
        """Per poll: whether the product was in the list."""
        return self._explain[:self._n, self._index[product_id]] != _NOT_LISTED

    def series(self, product_id: str, field: str) -> tuple[np.ndarray, np.ndarray]:
        """(poll times, the product's `field` at each poll; NaN where it was not listed or not reported)."""
        return self.ts, self._fields[_FIELD[field]].read(slice(0, self._n), self._index[product_id])

    def positions(self, product_id: str) -> tuple[np.ndarray, np.ndarray]:
        """(poll times, the product's 1-based place in the list; NaN where unknown or not listed)."""
        return self.ts, self._position.read(slice(0, self._n), self._index[product_id])

    def explain_states(self, product_id: str) -> list[str | None]:
        """The product's explanation state at each poll (None where it was not listed)."""
        return [None if c == _NOT_LISTED else self._statuses[c]
                for c in self._explain[:self._n, self._index[product_id]].tolist()]

    def being_explained(self, ts: float) -> list[str]:
        """The products being explained at the last poll at or before `ts`."""
        i = self._poll_at(ts)
        if i < 0 or BEING_EXPLAINED not in self._statuses:
            return []
        code = self._statuses.index(BEING_EXPLAINED)
        return [self.ids[j] for j in np.flatnonzero(self._explain[i, :len(self.ids)] == code).tolist()]

    def _poll_at(self, ts: float) -> int:
        return int(np.searchsorted(self.ts, ts, side="right")) - 1

    def _rows(self, i: int) -> list[ProductRow]:
        rows = []
        listed = np.flatnonzero(self._explain[i, :len(self.ids)] != _NOT_LISTED)
        price, clicks, orders, gmv, position = (
            c.read(i, listed).tolist() for c in (*(self._fields[_FIELD[f]] for f in (PRICE, CLICKS, ORDERS, GMV)),
                                                 self._position))
        for r, j in enumerate(listed.tolist()):
            pid, pos = self.ids[j], position[r]
            rows.append(ProductRow(pid, self.titles.get(pid, pid), _finite(price[r]), _finite(clicks[r]),
                                   _finite(orders[r]), _finite(gmv[r]), int(pos) if math.isfinite(pos) else None,
                                   self._statuses[self._explain[i, j]]))
        return rows

    def at(self, ts: float) -> list[ProductRow]:
        """The products of the last poll at or before `ts`, by GMV (largest first)."""
        i = self._poll_at(ts)
        return [] if i < 0 else sorted(self._rows(i), key=lambda r: -(r.gmv or 0.0))

    def latest(self) -> list[ProductRow]:
        """The last poll's products in list position order (those without a place last, as listed)."""
        if not self._n:
            return []
        return sorted(self._rows(self._n - 1), key=lambda r: (r.position is None, r.position or 0))

    def minute_deltas(self, field: str, start: float | None = None) -> ProductMinutes:
        """What the counter `field` gained in each broadcast minute from `start` (default: the first poll) to the
        last poll, per product: its last value in the minute minus its last value before. A product listed at the
        first poll counts from that first value (what came before is unknown); one listed later counts from 0."""
        k = _FIELD[field]
        t0 = float(self.ts[0]) if start is None and self._n else float(start or 0.0)
        minute = np.floor((self.ts - t0) / 60.0).astype(np.int64)
        out = np.full((len(self.ids), int(minute[-1]) + 1 if self._n and minute[-1] >= 0 else 0), np.nan)
        grid = self._fields[k].read(slice(0, self._n), slice(0, len(self.ids)))
        for j in range(len(self.ids)):
            column = grid[:, j]
            known = np.flatnonzero(np.isfinite(column))
            counted = known[minute[known] >= 0]
            if not len(counted):
                continue
            m, v = minute[counted], column[counted]
            ends = np.flatnonzero(np.diff(m, append=m[-1] + 1))  # the last poll of each minute
            if counted[0] != known[0]:
                before = column[known[known < counted[0]][-1]]  # its last value before `start`
            else:
                before = v[0] if known[0] == 0 else 0.0
            out[j, m[ends]] = v[ends] - np.concatenate(([before], v[ends][:-1]))
        return ProductMinutes(field, list(self.ids), t0, out)


def _shared(cells: Cells) -> Cells:
    """Another Cells over the same array (a frozen history keeps it when the live one grows or widens a type)."""
    out = Cells(cells.data.dtype.type, cells.scale)
    out.data = cells.data
    return out
