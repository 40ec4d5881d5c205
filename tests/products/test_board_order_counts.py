"""The product board's order counts over a long broadcast, through the live window: the window keeps only the latest
orders as records (every order is in the database), yet the board counts every order of the session, each once
however often the orders poll repeats it."""

from __future__ import annotations

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import OrdersPolled, PollFanOut, ProductsPolled
from dyconsole.core.model import OrderRecord, OrderState, ProductSample
from dyconsole.core.products.appeal import CLICKS, IMPRESSIONS
from dyconsole.core.products.ordering import ORDERS as PAID
from dyconsole.services.live.feed import RECENT_ORDERS, LiveFeed
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.products.attachment import BOARD_TAB_KEY, attach_products

START = 1_800_000_000.0


def _order(i: int, pid: str, state: OrderState = OrderState.CREATED) -> OrderRecord:
    return OrderRecord(f"o{i}", "r", pid, 1, 100, 100, START + i, START + i, None, state)


def test_the_board_counts_every_order_while_the_window_keeps_the_latest(qtbot) -> None:  # type: ignore[no-untyped-def]
    feed = LiveFeed(ManualClock(START))
    window = MainWindow(feed, "en")
    qtbot.addWidget(window)
    ui = attach_products(window, feed, lang="en")
    polls = PollFanOut([feed, ui])
    window.show()
    polls.publish(ProductsPolled(START, [
        ProductSample(START, pid, pid.upper(), "", n, {IMPRESSIONS: 10000.0, CLICKS: 900.0, PAID: 1.0})
        for n, pid in enumerate(("a", "b"), start=1)
    ]))
    pids = ["a" if i % 3 else "b" for i in range(3 * RECENT_ORDERS)]
    for first in range(0, len(pids), 100):  # polls of 100 new orders, each also repeating the last 50 with news
        repeated = [_order(i, pids[i], OrderState.PAID) for i in range(max(0, first - 50), first)]
        polls.publish(OrdersPolled(START + first, repeated + [_order(i, pids[i]) for i in range(first, first + 100)]))
    assert len(feed.orders) == RECENT_ORDERS and list(feed.orders)[-1] == f"o{len(pids) - 1}"
    assert feed.order_count == len(pids) and feed.orders_created == {"a": pids.count("a"), "b": pids.count("b")}
    window.show_side_tab(BOARD_TAB_KEY)
    window.refresh_text(force=True)
    board = ui.board
    shown = {pid: board.model.row(board.model.row_of(pid)).orders for pid in ("a", "b")}
    assert shown == {"a": pids.count("a"), "b": pids.count("b")}  # 400 and 200: every order once
    window.close()
