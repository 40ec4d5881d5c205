"""The 7-day ROI with repurchases (core.roi): the session's buyers' later orders count up to the cut-off, net of
refunds by then; other buyers, unmasked orders and orders after the cut-off do not. Its projection
(core.roi_projection): the prior alone, pooled history, a range that holds the room's sessions."""

from __future__ import annotations

import pytest

from dyconsole.core.model import OrderRecord, OrderState
from dyconsole.core.roi import SETTLE_WINDOW_S, roi_7d
from dyconsole.core.roi_projection import PRIOR_FACTOR, net_factor, project_roi7, settled_roi7

START, END = 1_000.0, 5_000.0
CUT = END + SETTLE_WINDOW_S


def _o(i: int, pay: float | None, fen: int, state: OrderState, buyer: str, update: float | None = None,
       room: str = "r") -> OrderRecord:
    return OrderRecord(f"o{i}", room, "p", 1, fen, fen, (pay or 0.0) - 60, update if update is not None else pay or 0.0,
                       pay, state, buyer)


def test_repurchases_of_the_sessions_buyers_count_to_the_cut_off_net_of_refunds() -> None:
    orders = [
        _o(1, 1_100.0, 10_000, OrderState.SETTLED, "a"),
        _o(2, 2_000.0, 20_000, OrderState.REFUNDED, "b", update=2_000.0 + 3_600),  # refunded: deducted
        _o(3, 3_000.0, 5_000, OrderState.SETTLED, ""),  # no buyer id: counts, but can have no repurchase
        _o(4, END + 86_400, 3_000, OrderState.SETTLED, "a", room="other"),  # a's repurchase, any room: +30
        _o(5, END + 2 * 86_400, 4_000, OrderState.REFUNDED, "b", update=END + 3 * 86_400),  # refunded by cut: 0
        _o(6, END + 5 * 86_400, 6_000, OrderState.REFUNDED, "a", update=CUT + 60),  # refunded after the cut: +60
        _o(7, END + 86_400, 9_000, OrderState.SETTLED, "z"),  # not a buyer of the session
        _o(8, CUT + 1, 7_000, OrderState.SETTLED, "a"),  # after the cut-off
        _o(9, END + 3_600, 8_000, OrderState.CANCELLED, "a"),  # never paid
        _o(10, None, 1_000, OrderState.CREATED, "a"),
    ]
    r = roi_7d(orders, ad_spend_yuan=100.0, session_start=START, session_end=END, now=CUT, room_id="r")
    assert (r.paid_yuan, r.refunded_yuan) == (350.0, 200.0)
    assert r.repurchase_yuan == 90.0 and r.repurchases == 3  # o4, o5 (refunded), o6
    assert r.sales_fen == 35_000 - 20_000 + 9_000 and r.sales_yuan == 240.0
    assert r.roi == pytest.approx((240.0 - 100.0) / 100.0) and r.final
    assert r.net_factor == pytest.approx(240.0 / 350.0)
    assert not roi_7d(orders, 100.0, START, END, now=CUT - 1).final


def test_the_last_read_of_an_order_wins() -> None:
    early = _o(1, 1_100.0, 10_000, OrderState.PAID, "a")
    late = _o(1, 1_100.0, 10_000, OrderState.REFUNDED, "a", update=1_100.0 + 600)
    assert roi_7d([early, late], 10.0, START, END, now=CUT).refunded_yuan == 100.0
    assert roi_7d([late, early], 10.0, START, END, now=CUT).refunded_yuan == 0.0


def test_the_prior_alone_and_history_pooled() -> None:
    prior = net_factor([])
    assert prior.sessions == 0 and prior.factor == pytest.approx(PRIOR_FACTOR)
    assert prior.low < prior.factor < prior.high
    steady = net_factor([1.05] * 12)
    assert steady.sessions == 12
    assert abs(steady.factor - 1.05) < abs(prior.factor - 1.05)  # history pulls the factor to itself
    assert steady.high - steady.low < prior.high - prior.low  # and narrows the range
    spread = net_factor([0.8, 1.3] * 6)
    assert spread.high - spread.low > steady.high - steady.low  # a room that varies keeps a wide range
    sessions = [0.8, 1.3] * 6
    assert sum(spread.low <= f <= spread.high for f in sessions) >= len(sessions) // 2


def test_projection_and_settled_figures() -> None:
    factor = net_factor([1.0, 1.1, 0.9])
    p = project_roi7(1_000.0, 250.0, factor)
    assert not p.settled and p.term == "roi7_projected" and p.sessions == 3
    assert p.value == pytest.approx((1_000.0 * factor.factor - 250.0) / 250.0)
    assert p.low < p.value < p.high
    assert project_roi7(1_000.0, 0.0, factor).value is None and project_roi7(None, 10.0, factor).value is None
    s = settled_roi7(2.5)
    assert s.settled and s.term == "roi7_settled" and s.low == s.high == 2.5
