"""The ordering service on a live feed fed by hand: products added and removed mid-show, stock-outs, and a
failed Apply (stored first, then marked failed, the room's order untouched)."""

from __future__ import annotations

import numpy as np

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import ProductsPolled
from dyconsole.core.model import ProductSample
from dyconsole.core.products.appeal import CLICKS
from dyconsole.core.products.ordering import STOCK
from dyconsole.services.live.feed import LiveFeed
from dyconsole.services.products.ordering import OrderingService

def poll(feed: LiveFeed, service: OrderingService, ts: float, ids: list[str], sold_out: str = "") -> None:
    products = [ProductSample(ts, pid, f"t{pid}", "", k, {CLICKS: ts / 10 * (k + 1), STOCK: 0 if pid == sold_out else 5})
                for k, pid in enumerate(ids, start=1)]
    feed.on_products(ts, products)
    service.on_products(ProductsPolled(ts, products))

def test_the_edit_follows_the_list_and_a_sold_out_product_goes_to_the_bottom(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(1000.0)
    feed = LiveFeed(clock)
    service = OrderingService(feed)
    poll(feed, service, 1000.0, ["a", "b", "c"])
    poll(feed, service, 1030.0, ["a", "c", "d"], sold_out="a")  # b gone, d new, a sold out
    assert service.complete(["b", "c", "a"]) == ["c", "a", "d"]
    assert service.suggestion()[-1].product_id == "a" and service.suggestion()[-1].reason == "sold_out"
    assert service.suggestion(pinned={"a"})[0].product_id == "a"  # pinned stays put, even sold out
    assert service.titles()["b"] == "tb"  # a product gone is still named
    service.shutdown()

def test_a_failed_apply_is_stored_first_then_marked_failed(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(1000.0)
    feed = LiveFeed(clock)
    stored: list[tuple[str, dict, float]] = []

    async def broken(_ids: list[str]) -> list[str]:
        assert [p["status"] for _k, p, _t in stored] == ["applied"]
        raise RuntimeError("room said no")

    service = OrderingService(feed, lambda kind, payload, ts: stored.append((kind, payload, ts)), broken)
    problems: list[str] = []
    service.problem.connect(problems.append)
    poll(feed, service, 1000.0, ["a", "b", "c"])
    change = qloop.run_until_complete(service.apply(["c", "b", "a"]))
    assert change.status == "failed" and problems == ["room said no"]
    assert [(k, p["status"], p["new_order"]) for k, p, _t in stored] == [
        ("order_change", "applied", ["c", "b", "a"]), ("order_change", "failed", ["c", "b", "a"])]
    assert service.effects() == {}  # a failed change did not happen in the room
    service.shutdown()

def test_the_appeal_refit_reads_the_feeds_product_history_and_keeps_no_copy(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Every poll is in the feed's product history: the refit on the worker reads that history (frozen as the refit
    is asked for, sharing its arrays) and the model keeps no rows of its own; the report is that of a model pushed
    the same polls."""
    from dyconsole.core.products.appeal import AppealModel

    feed = LiveFeed(ManualClock(1000.0))
    service = OrderingService(feed, refit_every=1)
    pushed = AppealModel()
    for k in range(12):
        ts = 1000.0 + 30.0 * k
        poll(feed, service, ts, ["a", "b", "c", "d"] if k % 3 else ["b", "a", "d", "c"])
        pushed.push(ts, feed.products)
        qtbot.waitUntil(lambda: not service._fitting, timeout=5000)
    service.refit()
    qtbot.waitUntil(lambda: not service._fitting, timeout=5000)
    history = service._model.history
    assert history is not feed.product_history and len(history) == len(feed.product_history) == 12
    assert all(np.shares_memory(a.data, b.data) for a, b in zip(history._fields, feed.product_history._fields))
    assert vars(service._model).keys() == {"level", "sure_ratio", "min_intervals", "history", "_fit", "_warm",
                                           "_report"}
    assert service.report is not None and service.report.rows == pushed.estimate().rows > 0
    service.shutdown()

class _CatchingUp(ManualClock):
    """A clock whose history is being caught up until told otherwise (core.clock.CatchUpClock's `catching_up`)."""

    catching_up = True

def test_no_appeal_fit_while_the_history_is_caught_up_and_one_on_the_first_poll_after(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The demo room's history is polled in about a second: a fit every REFIT_EVERY polls of it took CPU from that
    catch-up for reports nobody saw. No fit runs while it is caught up (the board still hears of every poll); the
    whole history is fitted once it is in (`history_polled`, as the window draws it), and polls go on as before."""
    clock = _CatchingUp(1000.0)
    feed = LiveFeed(clock)
    service = OrderingService(feed, refit_every=2)
    heard: list[None] = []
    service.products_polled.connect(lambda: heard.append(None))
    for k in range(8):
        poll(feed, service, 1000.0 + 30.0 * k, ["a", "b", "c"])
    assert not service._fitting and service.report is None and len(heard) == 8
    clock.catching_up = False
    service.history_polled()
    assert service._fitting
    qtbot.waitUntil(lambda: service.report is not None, timeout=5000)
    assert service._model.history is not None and len(service._model.history) == 8  # the whole history, once
    poll(feed, service, 1240.0, ["a", "b", "c"])  # the 9th: not a refit poll
    assert not service._fitting and len(heard) == 9
    poll(feed, service, 1270.0, ["a", "b", "c"])
    assert service._fitting
    qtbot.waitUntil(lambda: not service._fitting, timeout=5000)
    service.shutdown()

def test_with_no_history_nothing_is_fitted_when_it_is_said_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A real room has no catch-up: `history_polled` with no products polled yet fits nothing (an empty report would
    hold off the first real fit until REFIT_EVERY polls), and the first poll fits."""
    feed = LiveFeed(ManualClock(1000.0))
    service = OrderingService(feed)
    service.history_polled()
    assert not service._fitting and service.report is None
    poll(feed, service, 1000.0, ["a", "b"])
    assert service._fitting
    qtbot.waitUntil(lambda: service.report is not None, timeout=5000)
    service.shutdown()
