"""SKU orders as Doudian reports them: the order store (numpy columns), each order's whole life drawn once
when it is created (payment, shipping, receipt and settlement, refund, a later repurchase), and its state at
any time. A state is a function of the time asked about, so settlement and refunds keep moving after the
broadcast ends as the clock advances (days ahead, if it jumps).

order_status (Doudian-like ints): 1 created/unpaid, 2 paid, 3 shipped, 4 cancelled (unpaid after 30 min, or
refunded), 5 completed (receipt confirmed; the order settles then).
after_sale_status: 0 none, 12 refund succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.emulator.sim import config as C
from dyconsole.emulator.sim.columns import grow_columns

UNPAID, PAID, SHIPPED, CANCELLED, COMPLETED = 1, 2, 3, 4, 5
AFTER_SALE_NONE, AFTER_SALE_REFUNDED = 0, 12
NEVER = np.iinfo(np.int64).max
#: uniforms drawn per candidate order (fixed, so the order stream stays in step when a chunk is re-simulated)
UNIFORMS_PER_ORDER = 14  # [12] units in the order, [13] which present viewer buys
_ORDER_ID_BASE = 6_920_000_000_000_000_000


def order_id_base(origin_ts: int) -> int:
    """Order ids unique per broadcast, as the platform's are: the same seed broadcast twice (two demo recordings
    into one database) never reuses an id; the same broadcast rebuilt (a resumed recording) gives the same ids."""
    return _ORDER_ID_BASE + (int(origin_ts) % 10**9) * 10**6


@dataclass(frozen=True)
class SimOrder:
    """One SKU order; amounts in fen, times unix seconds."""

    order_id: str
    room_id: str
    author_id: str
    product_id: str
    item_num: int
    pay_amount: int
    order_amount: int
    create_time: int
    pay_time: int | None
    update_time: int
    order_status: int
    after_sale_status: int
    buyer_id: str  # a per-user identifier: consoles must mask it
    theme_type: str = "1"  # "1" = live room
    is_repurchase: bool = False  # a later order by a buyer the broadcast won (theme_type "0": not in the room)
    # the masked address (province and city named, the rest masked) and the delivery times (sim.delivery; 0 = not yet)
    mask_post_addr: dict | None = None
    exp_ship_time: int = 0
    ship_time: int = 0
    logistics_receipt_time: int = 0


_COLUMNS: dict[str, type] = {
    "seq": np.int64, "product": np.int32, "buyer": np.int64, "source": np.int8, "item_num": np.int32,
    "order_fen": np.int64, "pay_fen": np.int64, "create": np.int64, "pay": np.int64, "cancel": np.int64,
    "ship": np.int64, "complete": np.int64, "refund": np.int64, "repurchase": np.bool_,
}


class OrderStore:
    def __init__(self) -> None:
        self.n = 0
        self.next_seq = 0
        self._cap = 1024
        self._cols = {name: np.zeros(self._cap, dtype=t) for name, t in _COLUMNS.items()}

    def col(self, name: str) -> np.ndarray:
        return self._cols[name][: self.n]

    def add(self, **values: int | bool) -> None:
        self._cap = grow_columns(self._cols, self.n, self.n + 1)
        for name in _COLUMNS:
            self._cols[name][self.n] = values[name]
        self.n += 1

    def truncate(self, n: int, next_seq: int) -> None:
        self.n, self.next_seq = n, next_seq

    def create(self, *, ts: int, product: int, price_fen: int, item_num: int, buyer: int, source: int,
               refund_p: float, u: np.ndarray) -> None:
        """A live-room order created at `ts`, with its life drawn from the uniforms `u` (UNIFORMS_PER_ORDER);
        a paid order is refunded with probability `refund_p`."""
        seq = self.next_seq
        self.next_seq += 1
        amount = price_fen * item_num
        paid = u[0] < C.PAY_P
        pay = ts + 5 + int(u[1] * 115) if paid else NEVER
        cancel = NEVER if paid else ts + C.UNPAID_CANCEL_S
        ship, complete, refund = self._after_payment(pay, u[2], u[3], u[4], u[5], refund_p) if paid else (NEVER,) * 3
        self.add(seq=2 * seq, product=product, buyer=buyer, source=source, item_num=item_num, order_fen=amount,
                 pay_fen=amount, create=ts, pay=pay, cancel=cancel, ship=ship, complete=complete, refund=refund,
                 repurchase=False)
        if paid and refund == NEVER and u[6] < C.REPURCHASE_P:
            again = pay + C.DAY_S + int(u[7] * 6 * C.DAY_S)
            pay2 = again + 30 + int(u[8] * 300)
            # u[11] decides the refund and, rescaled below refund_p, when it comes
            ship2, complete2, refund2 = self._after_payment(pay2, u[9], u[10], u[11], u[11] / refund_p, refund_p)
            self.add(seq=2 * seq + 1, product=product, buyer=buyer, source=source, item_num=item_num,
                     order_fen=amount, pay_fen=amount, create=again, pay=pay2, cancel=NEVER, ship=ship2,
                     complete=complete2, refund=refund2, repurchase=True)

    @staticmethod
    def _after_payment(pay: int, u_ship: float, u_done: float, u_refund: float, u_when: float,
                       refund_p: float) -> tuple[int, int, int]:
        """Ship 4-48 h after payment; receipt confirmed (completed, settled) 2-5 days after shipping; a refund,
        when there is one, lands before completion."""
        ship = pay + 4 * 3600 + int(u_ship * 44 * 3600)
        complete = ship + 2 * C.DAY_S + int(u_done * 3 * C.DAY_S)
        if u_refund < refund_p:
            refund = pay + 1800 + int(u_when * (complete - pay - 1800 - 1))
            return ship, NEVER, refund
        return ship, complete, NEVER

    # --- reading, at a time ---------------------------------------------------------------------------------
    def visible(self, now: int) -> np.ndarray:
        return np.nonzero(self.col("create") <= now)[0]

    def live(self) -> np.ndarray:
        return ~self.col("repurchase")

    def update_times(self, idx: np.ndarray, now: int) -> np.ndarray:
        """The update_time of orders `idx` at `now`: state_at's third figure, for many orders at once."""
        c = {name: self._cols[name][idx] for name in ("create", "pay", "cancel", "ship", "complete", "refund")}
        unpaid = c["pay"] > now
        return np.select([unpaid & (c["cancel"] <= now), unpaid, c["refund"] <= now, c["complete"] <= now,
                          c["ship"] <= now], [c["cancel"], c["create"], c["refund"], c["complete"], c["ship"]],
                         c["pay"])

    def state_at(self, i: int, now: int) -> tuple[int, int, int]:
        """(order_status, after_sale_status, update_time) of order i at `now`."""
        c = self._cols
        create, pay, cancel = int(c["create"][i]), int(c["pay"][i]), int(c["cancel"][i])
        ship, complete, refund = int(c["ship"][i]), int(c["complete"][i]), int(c["refund"][i])
        if pay > now:
            return (CANCELLED, AFTER_SALE_NONE, cancel) if cancel <= now else (UNPAID, AFTER_SALE_NONE, create)
        if refund <= now:
            return CANCELLED, AFTER_SALE_REFUNDED, refund
        if complete <= now:
            return COMPLETED, AFTER_SALE_NONE, complete
        if ship <= now:
            return SHIPPED, AFTER_SALE_NONE, ship
        return PAID, AFTER_SALE_NONE, pay

    def to_sim_order(self, i: int, now: int, room_id: str, author_id: str, product_ids: tuple[str, ...],
                     buyer_salt: int, id_base: int = _ORDER_ID_BASE, delivery: dict | None = None) -> SimOrder:
        c = self._cols
        status, after_sale, update = self.state_at(i, now)
        pay = int(c["pay"][i])
        repurchase = bool(c["repurchase"][i])
        buyer = (int(c["buyer"][i]) * 2_654_435_761 + buyer_salt) % (1 << 48)
        return SimOrder(
            order_id=str(id_base + int(c["seq"][i])), room_id=room_id, author_id=author_id,
            product_id=product_ids[int(c["product"][i])], item_num=int(c["item_num"][i]),
            pay_amount=int(c["pay_fen"][i]), order_amount=int(c["order_fen"][i]), create_time=int(c["create"][i]),
            pay_time=pay if pay <= now else None, update_time=update, order_status=status,
            after_sale_status=after_sale, buyer_id=f"dy{buyer:012x}", theme_type="0" if repurchase else "1",
            is_repurchase=repurchase, **(delivery or {}),
        )


def item_count(u: float) -> int:
    """Units in one order: mostly 1 (mean config.MEAN_ITEM_NUM)."""
    return 1 if u < 0.88 else (2 if u < 0.97 else 3)
