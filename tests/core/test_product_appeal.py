"""The appeal estimate recovers known appeal from clicks confounded by list position and explanation, with
intervals that cover the truth; it copes with products added or removed mid-show, missing impressions and
missing click counts; the suggested order ranks by appeal (or expected GMV), keeps pinned products in place
and sends sold-out products to the bottom."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pytest

from dyconsole.core.model import ProductSample
from dyconsole.core.products import AppealModel, AppealReport, suggest_order
from dyconsole.core.products.appeal import CLICKS, EXPLAINING, IMPRESSIONS, history_rows
from dyconsole.core.products.history import ProductHistory

POLL_S = 30


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


@dataclass
class Room:
    """A synthetic room of the click model's own form: impressions ~ Poisson(audience x position weight x
    explanation boost), clicks ~ Binomial(impressions, base CTR x appeal x explanation CTR boost); the host
    explains products in list order for 3-5 minutes each. Stepped in 10 s, polled every 30 s."""

    seed: int
    n: int = 30
    order: list[int] = field(default_factory=list)  # product indices, top first
    appeal: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.appeal = np.exp(self.rng.normal(0.0, 0.45, self.n))
        if not self.order:
            self.order = [int(i) for i in self.rng.permutation(self.n)]
        self.clicks, self.shows = np.zeros(self.n), np.zeros(self.n)
        self.t, self.current, self.slot_end, self.slot = 0, -1, 0, -1

    def ids(self) -> list[str]:
        return [f"p{i}" for i in range(self.n)]

    def step(self, seconds: int = POLL_S, sub: int = 10) -> None:
        for _ in range(seconds // sub):
            if self.t >= self.slot_end:
                self.slot += 1
                self.current = self.order[self.slot % len(self.order)]
                self.slot_end = self.t + int(self.rng.integers(180, 301))
            rank = np.full(self.n, np.inf)
            rank[self.order] = np.arange(len(self.order))
            weight = np.where(np.isfinite(rank), 1.0 / (1.0 + rank / 3.0) ** 1.3, 0.0)
            explained = np.arange(self.n) == self.current
            audience = 800.0 + 300.0 * math.sin(self.t / 500.0)
            shows = self.rng.poisson(audience * sub * 0.01 * weight * np.where(explained, 6.0, 1.0))
            self.shows += shows
            self.clicks += self.rng.binomial(shows, np.minimum(0.03 * self.appeal * np.where(explained, 1.5, 1.0), 1))
            self.t += sub

    def poll(self, impressions: bool = True) -> list[ProductSample]:
        out = []
        for pos, i in enumerate(self.order, start=1):
            values = {CLICKS: float(self.clicks[i]), "live_product_price": 99.0, "live_product_Inventory": 100.0,
                      "live_pay_order_count_alias": float(self.clicks[i] // 20)}
            if impressions:
                values[IMPRESSIONS] = float(self.shows[i])
            status = "BEINGEXPLAIN" if i == self.current else "UNEXPLAIN"
            out.append(ProductSample(float(self.t), f"p{i}", f"product {i}", status, pos, values))
        return out


def run_room(room: Room, minutes: int = 30, impressions: bool = True, model: AppealModel | None = None,
             reshuffle_at: int | None = None) -> AppealModel:
    model = model or AppealModel()
    model.push(float(room.t), room.poll(impressions))
    for k in range(minutes * 60 // POLL_S):
        if reshuffle_at is not None and k * POLL_S == reshuffle_at * 60:
            room.order = [int(i) for i in room.rng.permutation(room.order)]
        room.step()
        model.push(float(room.t), room.poll(impressions))
    return model


def estimates(report: AppealReport, ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    est = np.array([report.products[i].appeal for i in ids])
    return est, np.array([report.products[i].low for i in ids]), np.array([report.products[i].high for i in ids])


def worst_on_top(seed: int) -> Room:
    """The least appealing products at the top of the list (and so explained first): clicks rank them high."""
    probe = Room(seed)
    return Room(seed, order=[int(i) for i in np.argsort(probe.appeal)])


def test_recovers_appeal_that_position_and_explanation_hide_from_the_click_ranking() -> None:
    room = worst_on_top(1)
    report = run_room(room).estimate()
    est, _, _ = estimates(report, room.ids())
    naive = spearman(room.clicks, room.appeal)
    assert naive < 0.0  # the click ranking is upside down ...
    assert spearman(est, room.appeal) >= 0.85  # ... the appeal estimate is not
    assert report.uses_impressions
    assert report.explain_factor == pytest.approx(1.5, rel=0.2)  # the explanation's CTR boost, learnt


def test_without_impressions_position_is_learnt_from_an_order_change() -> None:
    room = Room(2)
    report = run_room(room, minutes=40, impressions=False, reshuffle_at=20).estimate()
    est, _, _ = estimates(report, room.ids())
    assert not report.uses_impressions
    assert spearman(est, room.appeal) >= 0.85 > spearman(room.clicks, room.appeal)
    # the position curve is estimated, not given: the top of the list draws clearly more clicks
    assert report.position_factor(10) < 0.5 * report.position_factor(1)
    assert report.explain_factor > 4.0  # explanation multiplies impressions (x6) and CTR (x1.5)


def test_intervals_cover_the_relative_truth_in_most_runs() -> None:
    covered, total = 0, 0
    for seed in range(10, 18):
        room = Room(seed)
        report = run_room(room, minutes=20, impressions=seed % 2 == 0).estimate()
        _, low, high = estimates(report, room.ids())
        rel = room.appeal / np.median(room.appeal)
        covered += int(np.sum((low <= rel) & (rel <= high)))
        total += room.n
    assert report.level == 0.9
    assert covered / total >= 0.8


def test_too_early_to_tell_until_the_data_narrows_the_interval() -> None:
    room = Room(3)
    model = run_room(room, minutes=1)
    early = model.estimate()
    assert not any(e.is_sure for e in early.products.values())
    late = run_room(room, minutes=30, model=model).estimate()
    assert sum(e.is_sure for e in late.products.values()) >= 0.7 * room.n
    widths = [e.high / e.low for e in late.products.values()]
    assert min(widths) < min(e.high / e.low for e in early.products.values())


def test_products_added_and_removed_mid_show() -> None:
    room = Room(4, n=24)
    room.order = room.order[:20]  # products 20..23 are not listed yet
    late_ones = [i for i in range(24) if i not in room.order]
    model = run_room(room, minutes=15)
    removed = room.order[0]
    room.order = [i for i in room.order[1:]] + late_ones  # the top product leaves, four are added
    run_room(room, minutes=15, model=model)
    report = model.estimate()
    assert set(report.products) == set(room.ids())
    gone, added = report.products[f"p{removed}"], [report.products[f"p{i}"] for i in late_ones]
    assert gone.appeal is not None and gone.intervals == 30  # kept from its first 15 minutes
    assert all(e.appeal is not None and e.intervals == 30 for e in added)
    est, _, _ = estimates(report, room.ids())
    assert spearman(est, room.appeal) >= 0.8
    # a product seen in one poll only has no interval of data: too early to tell
    model.push(float(room.t + 30), room.poll() + [ProductSample(room.t + 30, "new", "new", "", 25, {CLICKS: 3.0})])
    fresh = model.estimate().products["new"]
    assert fresh.appeal is None and fresh.too_early


def test_a_source_without_impressions_or_with_gaps() -> None:
    room = Room(5)
    model = AppealModel()
    model.push(0.0, room.poll())
    for k in range(60):
        room.step()
        samples = room.poll()
        if k % 20 == 7:  # now and then a poll misses one product's impressions, another's clicks
            s = samples[3]
            samples[3] = ProductSample(s.ts, s.product_id, s.title, s.explain_status, s.position,
                                       {key: v for key, v in s.values.items() if key != IMPRESSIONS})
            s = samples[5]
            samples[5] = ProductSample(s.ts, s.product_id, s.title, s.explain_status, s.position,
                                       {key: None if key == CLICKS else v for key, v in s.values.items()})
        model.push(room.t, samples)
    report = model.estimate()
    assert report.uses_impressions
    gap = samples[5].product_id  # its clicks over the gap are kept: the next delta spans both intervals
    assert report.products[gap].clicks == room.clicks[int(gap[1:])]
    est, _, _ = estimates(report, room.ids())
    assert spearman(est, room.appeal) >= 0.85


def test_a_click_counter_that_goes_back_restarts_instead_of_counting_negative_clicks() -> None:
    room = Room(6, n=10)
    model = run_room(room, minutes=10)
    restarted = [ProductSample(s.ts + 30, s.product_id, s.title, s.explain_status, s.position,
                               {CLICKS: 0.0, IMPRESSIONS: 0.0}) for s in room.poll()]
    model.push(room.t + 30, restarted)
    after = model.estimate()
    assert all(e.clicks >= 0 for e in after.products.values())
    assert sum(e.clicks for e in after.products.values()) == room.clicks.sum()


def test_a_warm_refit_agrees_with_a_cold_fit() -> None:
    room = Room(7)
    polls = []
    model = AppealModel()
    polls.append((float(room.t), room.poll()))
    for _ in range(40):
        room.step()
        polls.append((float(room.t), room.poll()))
    for k, (ts, samples) in enumerate(polls):
        model.push(ts, samples)
        if k % 10 == 5:
            model.estimate()  # earlier fits make the last one warm
    cold = AppealModel()
    for ts, samples in polls:
        cold.push(ts, samples)
    warm_est, cold_est = model.estimate(), cold.estimate()
    assert warm_est is model.estimate()  # no new poll: the same report, no refit
    for pid in room.ids():
        assert warm_est.products[pid].appeal == pytest.approx(cold_est.products[pid].appeal, rel=1e-3)


# --- the suggested order ---------------------------------------------------------------------------------------

def _fitted(seed: int = 8) -> tuple[Room, AppealReport, list[ProductSample]]:
    room = Room(seed, n=12)
    report = run_room(room, minutes=30).estimate()
    return room, report, room.poll()


def test_suggested_order_ranks_by_appeal_and_says_why() -> None:
    room, report, latest = _fitted()
    plan = suggest_order(latest, report)
    assert sorted(s.product_id for s in plan) == sorted(room.ids())
    assert [s.suggested_position for s in plan] == list(range(1, 13))
    appeal = [report.products[s.product_id].appeal for s in plan]
    assert appeal == sorted(appeal, reverse=True)
    current = {s.product_id: s.position for s in latest}
    for s in plan:
        assert s.reason == "appeal" and s.estimate is report.products[s.product_id]
        assert s.current_position == current[s.product_id]
        assert s.move == s.current_position - s.suggested_position


def test_pinned_products_keep_their_places_and_sold_out_go_to_the_bottom() -> None:
    room, report, latest = _fitted()
    pinned = {latest[0].product_id, latest[6].product_id}
    out_of_stock = latest[1].product_id
    latest[1] = ProductSample(latest[1].ts, out_of_stock, latest[1].title, latest[1].explain_status,
                              latest[1].position, {**latest[1].values, "live_product_Inventory": 0.0})
    best = max(room.ids(), key=lambda pid: report.products[pid].appeal)
    assert best not in pinned and best != out_of_stock  # the seed leaves the best product free to move
    plan = suggest_order(latest, report, pinned=pinned)
    where = {s.product_id: s for s in plan}
    assert where[latest[0].product_id].suggested_position == 1 and where[latest[0].product_id].reason == "pinned"
    assert where[latest[6].product_id].suggested_position == 7
    assert where[out_of_stock].suggested_position == 12 and where[out_of_stock].reason == "sold_out"
    assert where[best].suggested_position == 2  # the best movable product takes the first free place


def test_expected_gmv_weighs_price_and_conversion() -> None:
    room, report, latest = _fitted()
    cheap = min(room.ids(), key=lambda pid: -report.products[pid].appeal)  # the most appealing product ...
    priced = [ProductSample(s.ts, s.product_id, s.title, s.explain_status, s.position,
                            {**s.values, "live_product_price": 1.0 if s.product_id == cheap else 99.0})
              for s in latest]
    by_appeal = suggest_order(priced, report)
    by_gmv = suggest_order(priced, report, by="expected_gmv")
    assert by_appeal[0].product_id == cheap
    assert by_gmv[-1].product_id == cheap and by_gmv[-1].reason == "expected_gmv"  # ... sells for 1 yuan
    with pytest.raises(ValueError):
        suggest_order(priced, report, by="clicks")  # type: ignore[arg-type]


def test_a_product_without_an_estimate_ranks_as_the_median_product() -> None:
    room, report, latest = _fitted()
    newcomer = ProductSample(latest[0].ts, "new", "new", "", 13, {CLICKS: 0.0})
    plan = suggest_order(latest + [newcomer], report)
    where = {s.product_id: s for s in plan}
    assert where["new"].reason == "too_early" and where["new"].score == 1.0
    above = [s for s in plan if s.suggested_position < where["new"].suggested_position]
    assert all(s.score >= 1.0 for s in above)


def test_without_impressions_and_a_fixed_order_no_product_is_sure_and_the_report_says_why() -> None:
    room = worst_on_top(7)  # a list ordered by appeal (upside down): from clicks alone it cannot be told
    fixed = run_room(room, minutes=30, impressions=False).estimate()
    assert not fixed.uses_impressions and fixed.position_confounded
    assert not any(e.is_sure for e in fixed.products.values())
    assert fixed.caveat("en") == "position and appeal cannot be told apart until the order changes"
    assert "位置与吸引力" in (fixed.caveat("zh") or "")
    # once the order changes, products move within themselves: the doubt is lifted
    moved = run_room(worst_on_top(7), minutes=40, impressions=False, reshuffle_at=20).estimate()
    assert not moved.position_confounded and moved.caveat("en") is None
    assert any(e.is_sure for e in moved.products.values())
    # with impressions the position acts through them: no such doubt
    assert not run_room(worst_on_top(7), minutes=10).estimate().position_confounded


def test_the_interval_carries_the_uncertainty_of_the_median_product() -> None:
    from dyconsole.core.products.appeal import relative_sd
    alpha = np.array([-0.4, -0.1, 0.0, 0.05, 0.5])
    cov = np.diag(np.full(5, 0.01))
    sd = relative_sd(alpha, cov)
    # far from the median: wider than the product's own sd (the median moves too), narrower than twice it
    assert sd[0] > 0.1 and sd[-1] > 0.1 and np.all(sd < 0.2)
    assert sd[2] < sd[0]  # the median product is partly its own reference
    assert np.array_equal(sd, relative_sd(alpha, cov))


def _rows_as_pushed(polls: list[tuple[float, list[ProductSample]]]) -> list[tuple[float, ...]]:
    """The fit's rows as the model kept them of each pushed poll before it read them from the product history (the
    oracle): per product the last poll with a click count; a row (poll, product, clicks, impressions, place, both,
    one, span) per product and interval, none when the count went back or the place is unknown at both ends."""
    index: dict[str, int] = {}
    last: dict[str, tuple[int, float, float, float, int | None, bool]] = {}
    out = []
    for group, (ts, products) in enumerate(polls):
        for s in products:
            j = index.setdefault(s.product_id, len(index))
            clicks, shows = s.values.get(CLICKS), s.values.get(IMPRESSIONS)
            if clicks is None:
                continue
            now = (group, ts, float(clicks), math.nan if shows is None else float(shows), s.position,
                   s.explain_status == EXPLAINING)
            before, last[s.product_id] = last.get(s.product_id), now
            if before is None or now[2] < before[2]:
                continue
            place = before[4] if before[4] is not None else now[4]
            if place is None:
                continue
            gained = now[3] - before[3]
            out.append((float(group), float(j), now[2] - before[2], gained if gained >= 0 else math.nan,
                        float(place), float(before[5] and now[5]), float(before[5] != now[5]), ts - before[1]))
    return out


def test_the_fit_reads_its_rows_from_the_product_history_as_it_kept_them_of_each_poll() -> None:
    """The model keeps no rows of its own: they are read from the product history, and are those it kept of each
    pushed poll (oracle above), through missing click counts and impressions, unknown places, products listed late
    or gone, explanation starting and ending, and a counter that goes back."""
    rng = np.random.default_rng(11)
    ids = [f"p{i}" for i in range(12)]
    clicks, shows = np.zeros(len(ids)), np.zeros(len(ids))
    polls = []
    for g in range(150):
        ts = 1_700_000_000.0 + 30.0 * g + rng.random()
        clicks += rng.poisson(4.0, len(ids))
        shows += rng.poisson(60.0, len(ids))
        listed = [i for i in rng.permutation(len(ids)).tolist() if rng.random() < 0.9 and (i < 9 or g > 40)]
        products = []
        for pos, i in enumerate(listed, start=1):
            values: dict[str, float] = {}
            if rng.random() < 0.9:
                values[CLICKS] = float(clicks[i] if rng.random() < 0.98 else clicks[i] // 2)  # now and then back
            if rng.random() < 0.8:
                values[IMPRESSIONS] = float(shows[i] - (rng.random() < 0.03) * 500.0)
            place = pos if rng.random() < 0.9 else None
            status = EXPLAINING if rng.random() < 0.2 else "UNEXPLAIN"
            products.append(ProductSample(ts, ids[i], f"product {i}", status, place, values))
        polls.append((ts, products))
    model = AppealModel()
    for ts, products in polls:
        model.push(ts, products)
    rows, span = history_rows(model.history)
    got = np.column_stack([rows.group, rows.product, rows.clicks, rows.exposure, rows.position, rows.explained_both,
                           rows.explained_one, span])
    want = np.array(_rows_as_pushed(polls))
    assert len(got) == len(want) > 1000
    order = np.lexsort(want.T[::-1])  # the history's rows go by product within a poll, the pushed ones by place
    assert np.array_equal(got[np.lexsort(got.T[::-1])], want[order], equal_nan=True)
    assert np.isnan(want[:, 3]).any() and (want[:, 5] > 0).any() and (want[:, 6] > 0).any()


def test_the_live_fit_reads_the_feeds_history_and_agrees_with_one_pushed_every_poll() -> None:
    """Given the live feed's product history (frozen, as the ordering service's worker gets it), the model keeps no
    copy of the polls: it reads the feed's arrays; its estimate is that of a model pushed the same polls."""
    room, feed, pushed, live = Room(5, n=15), ProductHistory(), AppealModel(), AppealModel()
    for k in range(80):
        room.step()
        feed.append(float(room.t), room.poll())
        pushed.push(float(room.t), room.poll())
        if k % 20 == 19:
            frozen = feed.frozen()
            report = live.estimate_from(frozen)
            assert live.history is frozen
            assert all(np.shares_memory(a.data, b.data) for a, b in zip(frozen._fields, feed._fields))
            want = pushed.estimate()
            for pid, est in want.products.items():
                assert report.products[pid].appeal == pytest.approx(est.appeal, rel=1e-6)
            assert report.rows == want.rows
