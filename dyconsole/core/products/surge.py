"""The product click-surge hint: a product whose clicks jump against its own recent rate, per unit of exposure
(click_exposure.py), raises "商品X点击激增 → 延长讲解" once, like an alert.

Per product poll (`SurgeDetector.push`), each product's clicks and exposure accumulate in a CounterHistory and
the alert engine's change test judges them (the statistic of core.alerts.change: Poisson likelihood ratio of the
last `recent_s` against the `baseline_s` before, upwards only, with `min_events`, `min_relative_change` and
`min_evidence`); a gate per product (core.alerts.gate's rules) adds the pending time, keeps the hint up until the
rate is back near its level before the jump, then holds a cooldown. The state is kept in numpy arrays, one row a
product and one column a poll, and every product is judged at once (a push for 60 products costs well under a
millisecond). The defaults (SURGE_RULE) were chosen with
tests/benchmarks/bench_product_surge.py. A product added mid-show starts its own comparison; a counter that goes
down or an exposure that cannot be compared starts it afresh (no hint from the jump across it). Pure: time comes
in with each poll.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Iterable

import numpy as np

from dyconsole.core.alerts.change import poisson_rate_g
from dyconsole.core.alerts.rules import ChangeDirection, ChangeRule, Severity
from dyconsole.core.model import ProductSample
from dyconsole.core.products.click_exposure import ExplanationFactor, Interval, Reading, intervals

#: the test's settings (recent_s is replaced by the windows of SURGE_WINDOWS). Chosen on the demo room, seeds 1-5,
#: polls every 30 s (tests/benchmarks/bench_product_surge.py): min_evidence 10 with no pending time catches the
#: viral product within two polls in 4 of 5 seeds (the fifth needs 6: its 6x jump brought 6 clicks in two polls
#: where 2.6 were expected), at about 1 hint an hour on a normal broadcast of 34-38 products (2 without
#: impressions). 14 gives 0.5 an hour but 5-9 polls; a pending time of 30 s gives 0.1 an hour but 3-10 polls.
#: min_relative_change 2 (three times the rate): the statistical test decides, this floor only keeps a
#: significant but modest rise of a busy product from reading as a surge.
SURGE_RULE = ChangeRule(
    id="products.click_surge", name="商品点击激增", numerator=(), denominator=(), metric="product_click_rate",
    direction=ChangeDirection.UP, recent_s=60.0, baseline_s=1200.0, min_events=0.5, min_relative_change=2.0,
    min_evidence=10.0, pending_s=0.0, cooldown_s=600.0, severity=Severity.INFO,
)
#: (recent window s, extra evidence) judged at every poll, a jump is caught by the first that sees enough of it:
#: two polls, for a strong jump at once, and five minutes, for a product with few clicks whose jump shows only
#: in more of them (asked for more evidence: each window judged is one more chance of a false hint)
SURGE_WINDOWS: tuple[tuple[float, float], ...] = ((60.0, 0.0), (300.0, 4.0))
#: a comparison is judged only once its baseline (before the recent window) is this long: a product just listed,
#: moved to another band without impressions, or whose counter restarted, first gathers its own rate
MIN_BASELINE_S = 300.0


@dataclass(frozen=True, slots=True)
class SurgeHint:
    """A product's clicks jumped. Rates are clicks per unit of exposure (per impression when
    `by_impressions`, else per click of the room's other products), explanation-adjusted; `evidence` is the
    likelihood-ratio statistic; `since_ts` the estimated start of the jump."""

    product_id: str
    title: str
    at: float
    evidence: float
    rate_before: float
    rate_after: float
    by_impressions: bool
    since_ts: float | None = None

    @property
    def ratio(self) -> float:
        return self.rate_after / self.rate_before if self.rate_before > 0 else math.inf

    @property
    def message_zh(self) -> str:
        return f"商品{self.title or self.product_id}点击激增 → 延长讲解"

    @property
    def message_en(self) -> str:
        return f"Clicks on {self.title or self.product_id} surging → extend its demonstration"

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang.startswith("zh") else self.message_en


_GROW = 64  # rows (products) and columns (polls) are added in chunks of this many


@dataclass(slots=True)
class SurgeDetector:
    """Feed every product poll in time order; returns the hints it raised. Not thread-safe; cheap."""

    rule: ChangeRule = SURGE_RULE
    windows: tuple[tuple[float, float], ...] = SURGE_WINDOWS
    _rules: tuple[ChangeRule, ...] = field(default=(), init=False)
    _readings: dict[str, Reading] = field(default_factory=dict, init=False)
    _factor: ExplanationFactor = field(default_factory=ExplanationFactor, init=False)
    _last_ts: float | None = field(default=None, init=False)
    _row: dict[str, int] = field(default_factory=dict, init=False)  # product id -> row of the arrays
    _free: list[int] = field(default_factory=list, init=False)  # rows of forgotten products
    _times: list[float] = field(default_factory=list, init=False)  # poll ts of the kept columns
    _base: int = field(default=0, init=False)  # absolute number of the first kept column
    _k: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), init=False)  # clicks so far, row x column
    _n: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), init=False)  # exposure so far
    _s: dict[str, np.ndarray] = field(default_factory=dict, init=False)  # per-row state (see _new_rows)

    def __post_init__(self) -> None:
        windows = sorted(self.windows or ((self.rule.recent_s, 0.0),))
        self._rules = tuple(replace(self.rule, recent_s=w, min_evidence=self.rule.min_evidence + extra)
                            for w, extra in windows)
        self._s = self._new_rows(0)

    @property
    def active(self) -> list[str]:
        """Ids of the products whose hint is up."""
        on = self._s["active"]
        return [pid for pid, r in self._row.items() if on[r]]

    def push(self, ts: float, products: Iterable[ProductSample]) -> list[SurgeHint]:
        if self._last_ts is not None and ts <= self._last_ts:
            return []
        titles: dict[str, str] = {}
        current: dict[str, Reading] = {}
        for sample in products:
            reading = Reading.from_sample(ts, sample)
            if reading is not None:
                current[sample.product_id] = reading
                titles[sample.product_id] = sample.title
        moved = intervals(self._readings, current, self._last_ts)
        for pid, interval in moved.items():
            self._factor.learn(pid, interval)
        col = self._add_column(ts)
        rows = np.empty(len(current), dtype=np.int64)
        weights: dict[bool, float | None] = {}
        for i, pid in enumerate(current):
            row = self._row.get(pid)
            if row is None:
                row = self._row[pid] = self._take_row()
                self._restart(row, ts)
            elif pid in moved:
                self._accumulate(row, moved[pid], ts, weights)
            rows[i] = row
        s = self._s  # (rebound when rows were added)
        self._k[:, col] = s["clicks"]
        self._n[:, col] = s["exposure"]
        s["last_seen"][rows] = ts
        fired = self._judge(rows, ts)
        hints = [self._hint(pid, titles[pid], int(r), ts, *found)
                 for pid, r, found in ((p, rows[i], f) for i, p, f in fired)]
        self._readings.update(current)
        self._last_ts = ts
        self._forget(ts)
        return hints

    # ---- rows and columns

    @staticmethod
    def _new_rows(n: int) -> dict[str, np.ndarray]:
        return {"clicks": np.zeros(n), "exposure": np.zeros(n), "by_impressions": np.zeros(n, bool),
                "points": np.zeros(n, np.int64), "origin": np.zeros(n, np.int64), "origin_ts": np.zeros(n),
                "last_seen": np.full(n, -math.inf), "active": np.zeros(n, bool), "reference": np.zeros(n),
                "held": np.zeros(n), "last_hold": np.full(n, math.nan), "cooldown_until": np.full(n, -math.inf)}

    def _take_row(self) -> int:
        if self._free:
            row = self._free.pop()
            fresh = self._new_rows(1)
            for name, values in self._s.items():
                values[row] = fresh[name][0]
            return row
        row = len(self._row)  # no free row: every row in use belongs to a product
        if row >= len(self._s["clicks"]):  # grow by a chunk of rows
            fresh = self._new_rows(_GROW)
            self._s = {name: np.concatenate([values, fresh[name]]) for name, values in self._s.items()}
            pad = np.zeros((_GROW, self._k.shape[1]))
            self._k, self._n = np.vstack([self._k, pad]), np.vstack([self._n, pad])
        return row

    def _add_column(self, ts: float) -> int:
        """A column for this poll (counts of absent products carried forward); old columns dropped in chunks,
        keeping the last one at or before the horizon."""
        keep_from = bisect_right(self._times, ts - self._horizon_s) - 1
        if keep_from > _GROW:
            del self._times[:keep_from]
            self._k, self._n = self._k[:, keep_from:], self._n[:, keep_from:]
            self._base += keep_from
        self._times.append(ts)
        col = len(self._times) - 1
        if col >= self._k.shape[1]:
            pad = np.zeros((self._k.shape[0], _GROW))
            self._k, self._n = np.hstack([self._k, pad]), np.hstack([self._n, pad])
        return col

    def _restart(self, row: int, ts: float) -> None:
        """The product's comparison starts afresh at this poll."""
        s = self._s
        s["clicks"][row] = s["exposure"][row] = 0.0
        s["points"][row] = 1
        s["origin"][row] = self._base + len(self._times) - 1
        s["origin_ts"][row] = ts

    def _accumulate(self, row: int, interval: Interval, ts: float, weights: dict[bool, float | None]) -> None:
        s = self._s
        weight = None
        if interval.comparable:
            if not any(interval.explaining):
                weight = 1.0
            else:  # the room's explanation factor, once a poll per exposure kind
                if interval.by_impressions not in weights:
                    weights[interval.by_impressions] = self._factor.value(interval.by_impressions)
                weight = weights[interval.by_impressions]
        changed = bool(interval.by_impressions) is not bool(s["by_impressions"][row])
        s["by_impressions"][row] = interval.by_impressions
        if weight is None or changed and s["points"][row] > 1:
            self._restart(row, ts)
            return
        s["clicks"][row] += interval.clicks
        s["exposure"][row] += interval.exposure * weight
        s["points"][row] += 1

    @property
    def _horizon_s(self) -> float:
        return self._rules[-1].recent_s + self.rule.baseline_s

    # ---- the test and the gate, every product at once

    def _index_at(self, ts: float) -> int:
        """Absolute column of the latest poll at or before `ts` (the first kept one if none)."""
        return self._base + max(bisect_right(self._times, ts) - 1, 0)

    def _reaches(self, ts: float) -> bool:
        """Some kept poll is at or before `ts`."""
        return bisect_right(self._times, ts) > 0

    def _counts(self, rows: np.ndarray, since: np.ndarray, until: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Clicks and exposure of each row between two absolute columns (per row)."""
        a, b = since - self._base, until - self._base
        return self._k[rows, b] - self._k[rows, a], self._n[rows, b] - self._n[rows, a]

    def _judge(self, rows: np.ndarray, ts: float) -> list[tuple[int, str, tuple[float, float, float, int]]]:
        """Steps every present product's gate; returns (position in `rows`, id, (evidence, before, after,
        baseline start column)) of each that fires."""
        s, rule = self._s, self.rule
        last = np.full(len(rows), self._base + len(self._times) - 1)
        origin = s["origin"][rows]
        active = s["active"][rows]
        # a hint that is up: back near the rate before the jump over the shortest window
        split = np.full(len(rows), self._index_at(ts - self._rules[0].recent_s))
        k, n = self._counts(rows, split, last)
        ref = s["reference"][rows]
        reached = (split >= origin) & self._reaches(ts - self._rules[0].recent_s)
        with np.errstate(divide="ignore", invalid="ignore"):
            told = reached & (n > 0) & (ref * n >= rule.min_events) & (ref > 0)
            recovered = told & (np.abs(k / n - ref) / ref < rule.min_relative_change / 2.0)
        done = rows[active & recovered]
        s["active"][done] = False
        s["cooldown_until"][done] = ts + rule.cooldown_s
        s["held"][done], s["last_hold"][done] = 0.0, math.nan
        # the others: each window in turn, the first that detects wins
        idle = ~active
        judged = np.zeros(len(rows), bool)
        found = np.zeros(len(rows), bool)
        evidence, before, after = np.zeros(len(rows)), np.zeros(len(rows)), np.zeros(len(rows))
        start_col = np.zeros(len(rows), np.int64)
        for r in self._rules:
            split_col = self._index_at(ts - r.recent_s)
            if not self._reaches(ts - r.recent_s):
                continue
            start = np.maximum(self._index_at(ts - r.recent_s - rule.baseline_s), origin)
            ok = idle & (ts - r.recent_s - s["origin_ts"][rows] >= MIN_BASELINE_S) & (split_col >= origin)
            ok &= (split_col < last) & (start < split_col)
            split = np.full(len(rows), split_col)
            k0, n0 = self._counts(rows, start, split)
            k1, n1 = self._counts(rows, split, last)
            with np.errstate(divide="ignore", invalid="ignore"):
                b0, a1 = k0 / n0, k1 / n1
                ok &= (n0 > 0) & (n1 > 0) & (k0 >= rule.min_events) & (b0 * n1 >= rule.min_events)
                g = poisson_rate_g(np.where(ok, k0, 0), np.where(ok, n0, 1), np.where(ok, k1, 0),
                                   np.where(ok, n1, 1))
                hit = ok & ((a1 - b0) / b0 >= rule.min_relative_change) & (g >= r.min_evidence) & ~found
            judged |= ok
            evidence[hit], before[hit], after[hit], start_col[hit] = g[hit], b0[hit], a1[hit], start[hit]
            found |= hit
        fire = self._gate(rows, ts, idle, judged, found)
        by_row = {r: pid for pid, r in self._row.items()} if fire.any() else {}
        return [(int(i), by_row[int(rows[i])], (float(evidence[i]), float(before[i]), float(after[i]),
                                                int(start_col[i]))) for i in np.flatnonzero(fire)]

    def _gate(self, rows: np.ndarray, ts: float, idle: np.ndarray, judged: np.ndarray,
              found: np.ndarray) -> np.ndarray:
        """core.alerts.gate.Gate's idle step, for every row at once: pending time, None pauses, cooldown."""
        s, rule = self._s, self.rule
        cooling = idle & (ts < s["cooldown_until"][rows])
        reset = rows[cooling | idle & judged & ~found]
        s["held"][reset], s["last_hold"][reset] = 0.0, math.nan
        s["last_hold"][rows[idle & ~cooling & ~judged]] = math.nan
        hold = idle & ~cooling & found
        held_rows = rows[hold]
        last_hold = s["last_hold"][held_rows]
        s["held"][held_rows] += np.where(np.isnan(last_hold), 0.0, ts - last_hold)
        s["last_hold"][held_rows] = ts
        fire = hold.copy()
        fire[hold] = s["held"][held_rows] >= rule.pending_s
        fired = rows[fire]
        s["active"][fired] = True
        s["held"][fired], s["last_hold"][fired] = 0.0, math.nan
        return fire

    def _hint(self, pid: str, title: str, row: int, ts: float, evidence: float, before: float, after: float,
              start_col: int) -> SurgeHint:
        self._s["reference"][row] = before
        return SurgeHint(pid, title, ts, evidence, before, after, bool(self._s["by_impressions"][row]),
                         self._since(row, start_col))

    def _since(self, row: int, start_col: int) -> float | None:
        """core.alerts.change.change_point over the row's columns from the baseline's start (upwards only)."""
        a = start_col - self._base
        ts = np.asarray(self._times[a:])
        k, n = self._k[row, a:len(self._times)], self._n[row, a:len(self._times)]
        if len(ts) < 3:
            return None
        k0, n0, k1, n1 = k[1:-1] - k[0], n[1:-1] - n[0], k[-1] - k[1:-1], n[-1] - n[1:-1]
        g = poisson_rate_g(k0, n0, k1, n1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = (k1 / n1 - k0 / n0) / (k0 / n0)
        rel = np.nan_to_num(rel, nan=0.0, posinf=np.inf, neginf=-np.inf)
        valid = (n0 > 0) & (n1 > 0) & (rel >= 0) & (rel != 0)
        return float(ts[1 + int(np.argmax(np.where(valid, g, -1.0)))]) if valid.any() else None

    def _forget(self, ts: float) -> None:
        """Drop products gone from the list for longer than the comparison reaches back."""
        seen = self._s["last_seen"]
        for pid in [p for p, r in self._row.items() if ts - seen[r] > self._horizon_s]:
            self._free.append(self._row.pop(pid))
            self._readings.pop(pid, None)
