"""core.products.effect on synthetic product polls with a known effect of the order."""

from __future__ import annotations

import numpy as np
import pytest

from dyconsole.core.model import ProductSample
from dyconsole.core.products.appeal import CLICKS, IMPRESSIONS
from dyconsole.core.products.change_log import OrderChange
from dyconsole.core.products.effect import measure_change, measure_changes
from dyconsole.core.products.history import GMV, ProductHistory
from dyconsole.core.products.ordering import ORDERS

N = 12
VIEWS_PER_S = 12.0  # impressions per second at the top of the list
CONVERSION = 0.08
PRICE = 50.0


def weight(position: int) -> float:
    return 1.0 / (1.0 + (position - 1) / 3.0) ** 1.3


CTR = np.linspace(0.02, 0.12, N)  # product k's click-through; product 11 is the best
IDS = [f"p{k}" for k in range(N)]


def broadcast(order_after: list[str], change_min: float, end_min: float, seed: int = 7
              ) -> tuple[ProductHistory, OrderChange]:
    """Polls every 30 s; the list is IDS until change_min, then order_after."""
    rng = np.random.default_rng(seed)
    history = ProductHistory()
    totals = np.zeros((N, 4))  # impressions, clicks, orders, gmv (cumulative)
    t0 = 1_700_000_000.0
    for step in range(int(end_min * 2) + 1):
        ts = t0 + 30.0 * step
        order = IDS if ts - t0 <= change_min * 60 else order_after
        if step:
            for pos, pid in enumerate(order, start=1):
                k = IDS.index(pid)
                shows = rng.poisson(VIEWS_PER_S * 30 * weight(pos))
                clicks = rng.binomial(shows, CTR[k])
                orders = rng.binomial(clicks, CONVERSION)
                totals[k] += (shows, clicks, orders, orders * PRICE)
        history.append(ts, [ProductSample(ts, pid, pid, "", pos, {
            IMPRESSIONS: totals[IDS.index(pid), 0], CLICKS: totals[IDS.index(pid), 1],
            ORDERS: totals[IDS.index(pid), 2], GMV: totals[IDS.index(pid), 3]})
            for pos, pid in enumerate(order, start=1)])
    return history, OrderChange(t0 + change_min * 60, tuple(IDS), tuple(order_after))


def expected_clicks_per_min(order: list[str]) -> float:
    return sum(60 * VIEWS_PER_S * weight(pos) * CTR[IDS.index(pid)] for pos, pid in enumerate(order, start=1))


BEST_FIRST = sorted(IDS, key=lambda pid: -CTR[IDS.index(pid)])


def test_a_known_uplift_is_recovered_with_an_interval_that_covers_it() -> None:
    history, change = broadcast(BEST_FIRST, 20, 50)
    effect = measure_change(history, change)
    true = expected_clicks_per_min(BEST_FIRST) - expected_clicks_per_min(IDS)
    clicks = effect.room["clicks"]
    assert effect.minutes_before == 20 and effect.minutes_after == 30
    assert not clicks.too_early and clicks.clear
    assert clicks.low is not None and clicks.high is not None
    assert clicks.uplift == pytest.approx(true, rel=0.25)
    assert effect.room["gmv"].uplift > 0 and effect.room["orders"].uplift > 0
    # per product: the best product moved from the bottom to the top gained clicks, the one pushed down lost
    assert effect.products["p11"]["clicks"].clear and effect.products["p11"]["clicks"].uplift > 0
    assert effect.products["p0"]["clicks"].uplift < 0
    # CTR per product does not move with position (it is clicks per impression)
    ctr = effect.products["p11"]["ctr"]
    assert ctr.low is not None and ctr.high is not None and ctr.low <= 0.0 <= ctr.high


def test_the_interval_of_a_known_uplift_covers_it_about_as_often_as_its_level_says() -> None:
    true = expected_clicks_per_min(BEST_FIRST) - expected_clicks_per_min(IDS)
    effects = [measure_change(*broadcast(BEST_FIRST, 20, 50, seed=s), products=False).room["clicks"]
               for s in range(10)]
    covered = sum(e.low is not None and e.high is not None and e.low <= true <= e.high for e in effects)
    assert covered >= 8  # a 90% interval
    assert all(e.clear and e.uplift > 0 for e in effects)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_change_gives_an_interval_that_covers_zero(seed: int) -> None:
    history, change = broadcast(list(IDS), 20, 50, seed=seed)
    effect = measure_change(history, change)
    for metric in ("clicks", "orders", "gmv"):
        e = effect.room[metric]
        assert not e.too_early
        assert e.low is not None and e.high is not None and e.low <= 0.0 <= e.high, (metric, e)


def test_too_early_to_tell_before_enough_minutes() -> None:
    history, change = broadcast(BEST_FIRST, 20, 23)
    effect = measure_change(history, change)
    assert effect.minutes_after == 3
    assert effect.too_early
    assert all(e.too_early and e.low is None for e in effect.room.values())
    later, _ = broadcast(BEST_FIRST, 20, 26)
    assert not measure_change(later, change).too_early


def test_changes_are_measured_each_up_to_the_next_and_payloads_round_trip() -> None:
    history, change = broadcast(BEST_FIRST, 20, 50)
    back = OrderChange.from_payload(0.0, change.payload())
    assert back == change
    pending = OrderChange(change.ts + 600, change.new_order, change.old_order, status="pending")
    second = OrderChange(change.ts + 900, change.new_order, change.new_order, status="confirmed")
    effects = measure_changes(history, [second, pending, change])
    assert [e.change for e in effects] == [change, second]  # a pending change did not happen in the room
    assert effects[0].minutes_after == 15  # up to the next change


def test_the_change_log_reads_one_change_per_id_with_its_latest_status_and_lists_rows() -> None:
    from dyconsole.core.products.change_log import changes_from_events
    from dyconsole.core.review.order_changes import effect_rows
    from dyconsole.core.session_records import SessionEvent

    history, change = broadcast(BEST_FIRST, 20, 50)
    asked = OrderChange(change.ts - 120, change.old_order, change.new_order, "pending", "operator", "c1")
    confirmed = OrderChange(change.ts, change.old_order, change.new_order, "confirmed", "operator", "c1")
    failed = OrderChange(change.ts + 60, change.new_order, change.old_order, "failed", "operator", "c2")
    events = [SessionEvent(c.ts, "order_change", c.payload()) for c in (failed, asked, confirmed)]
    events.append(SessionEvent(change.ts, "note", {"text": "x"}))
    changes = changes_from_events(events)
    assert [(c.id, c.status, c.ts) for c in changes] == [("c1", "confirmed", change.ts), ("c2", "failed", change.ts + 60)]
    rows = effect_rows(changes, measure_changes(history, changes), {"p11": "best"})
    assert rows[0]["status"] == "confirmed" and rows[0]["moved"][0] == "best" and not rows[0]["too_early"]
    assert rows[0]["clicks"]["low"] <= rows[0]["clicks"]["uplift"] <= rows[0]["clicks"]["high"]
    assert rows[1]["too_early"] and "clicks" not in rows[1]  # failed: never measured
