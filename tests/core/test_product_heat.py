"""core.products.heat.ProductHeat without Qt: updated poll by poll it equals the heat of the whole history at once
(and the history's own minute gains), cells read back clicks, CTR and explanation, rows follow the current list
order, order changes come from the session events, and the report's picture keeps the top products."""

from __future__ import annotations

import numpy as np
import pytest

from dyconsole.core.model import ProductSample
from dyconsole.core.products.change_log import OrderChange, changes_from_events, order_text
from dyconsole.core.products.heat import CTR_MODE, ProductHeat, heat_picture
from dyconsole.core.products.history import CLICKS, IMPRESSIONS, ProductHistory
from dyconsole.core.session_records import SessionEvent

T0 = 1_700_000_000.0


def _poll(t: float, k: int) -> list[ProductSample]:
    """a then b; from minute 2 b is first; a is explained in minute 1; b appears at minute 1."""
    def p(pid: str, pos: int, clicks: float, shows: float, explain: str = "UNEXPLAIN") -> ProductSample:
        return ProductSample(t, pid, f"商品{pid}", explain, pos, {CLICKS: clicks, IMPRESSIONS: shows})
    items = [p("a", 1 if t < T0 + 120 else 2, 10.0 * k, 100.0 * k,
               "BEINGEXPLAIN" if T0 + 60 <= t < T0 + 120 else "UNEXPLAIN")]
    if t >= T0 + 60:
        items.append(p("b", 2 if t < T0 + 120 else 1, 4.0 * k, 20.0 * k))
    return items


def _history(polls: int) -> ProductHistory:
    h = ProductHistory()
    for k in range(polls):
        h.append(T0 + 15.0 * k, _poll(T0 + 15.0 * k, k))
    return h


def test_poll_by_poll_equals_the_whole_history_at_once() -> None:
    live, h = ProductHeat(), ProductHistory()
    changed = []
    for k in range(16):  # 4 minutes, a poll every 15 s
        h.append(T0 + 15.0 * k, _poll(T0 + 15.0 * k, k))
        changed.append(live.update(h))
    assert live.update(h) is None  # nothing new
    assert changed[:5] == [0, 0, 0, 0, 1]
    whole = ProductHeat()
    whole.update(h)
    assert live.minutes == whole.minutes == 4
    assert np.array_equal(live.matrix(), whole.matrix(), equal_nan=True)
    assert np.array_equal(live.matrix(), h.minute_deltas(CLICKS).values, equal_nan=True)
    assert np.array_equal(live.explained(), whole.explained())
    assert live.explained()[0].tolist() == [False, True, False, False]
    assert not live.explained()[1].any()


def test_cells_read_back_clicks_ctr_and_explanation() -> None:
    heat = ProductHeat()
    heat.update(_history(16))
    cell = heat.cell(0, 1)
    assert cell is not None and cell.title == "商品a" and cell.explained
    assert cell.clicks == pytest.approx(40.0) and cell.impressions == pytest.approx(400.0)
    assert cell.ctr == pytest.approx(0.1)
    assert cell.minute_start == T0 + 60
    assert heat.matrix(CTR_MODE)[0, 1] == pytest.approx(0.1)
    assert heat.cell(5, 0) is None and heat.cell(0, 99) is None
    # b first in the list from minute 2
    assert [heat.ids[k] for k in heat.display_order()] == ["b", "a"]


def test_a_shorter_history_starts_over() -> None:
    heat = ProductHeat()
    heat.update(_history(16))
    assert heat.update(_history(3)) == 0
    assert heat.minutes == 1 and heat.ids == ["a"]


def test_order_changes_and_the_report_picture() -> None:
    events = [SessionEvent(T0 + 200, "note", {}), SessionEvent(T0 + 90, "order_change", {"order": ["b", "a"]}),
              SessionEvent(T0 + 30, "order_change", {"new_order": ["a", "b", "c", "d"], "old_order": ["b", "a"],
                                                    "status": "confirmed"})]
    changes = changes_from_events(events)  # the one reader of order changes (older payloads without ids too)
    assert changes == [OrderChange(T0 + 30, ("b", "a"), ("a", "b", "c", "d"), "confirmed", id="#0"),
                       OrderChange(T0 + 90, (), ("b", "a"), id="#1")]
    assert order_text(changes[0].new_order, {"a": "商品a", "b": "商品b"}) == "商品a、商品b、c…"
    picture = heat_picture(_history(16), [c.ts for c in changes], rows=1)
    assert picture is not None
    assert picture.titles == ("商品a",)  # the most clicked
    assert picture.clicks.shape == (1, 4) and picture.changes == (T0 + 30, T0 + 90)
    assert heat_picture(ProductHistory()) is None


@pytest.mark.parametrize("start", [None, T0 + 45.0, T0 - 60.0])
def test_poll_by_poll_gains_are_the_historys_with_products_coming_going_and_missing_values(start) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(4)
    h, heat = ProductHistory(), ProductHeat(start)
    counts = np.zeros(6)
    for k in range(60):  # irregular polls over ~10 minutes
        t = T0 + 10.0 * k + float(rng.uniform(0, 5))
        counts += rng.poisson(3, 6)
        listed = [j for j in range(6) if rng.random() > 0.2 and (j < 4 or k > 20)]  # 4, 5 come later
        h.append(t, [ProductSample(t, f"p{j}", f"p{j}", "UNEXPLAIN", i + 1,
                                   {CLICKS: float(counts[j]) if rng.random() > 0.1 else None,
                                    IMPRESSIONS: 10.0 * counts[j]}) for i, j in enumerate(listed)])
        if k % 3 == 0:
            heat.update(h)
    heat.update(h)
    expected = h.minute_deltas(CLICKS, start)
    assert heat.ids == expected.ids and heat.minutes == expected.minutes
    assert np.allclose(heat.matrix(), expected.values, equal_nan=True)
