"""The demo shop's orders as the console reads them, for the delivery tests and benchmark: whole demo broadcasts
rebuilt from their seeds with the clock where `dyconsole settle` reads them (7 days and an hour after the end),
their orders put through the emulator's wire format (emulator.doudian_api) and the client's parser
(sources.orders), then made Shipments (core.delivery) as storage.deliveries reads them back."""

from __future__ import annotations

from dyconsole.core.delivery import DAY_S, Shipment
from dyconsole.core.model import OrderRecord, OrderState
from dyconsole.emulator.doudian_api import _shop_order
from dyconsole.emulator.sim import config as C
from dyconsole.emulator.sim.simulator import Simulator
from dyconsole.sources.orders import sku_orders

START = 1_790_000_000.0
READ_AFTER_END_S = 7 * 86_400 + 3600


def emulated_shipments(seeds: tuple[int, ...]) -> list[Shipment]:
    out: list[Shipment] = []
    for k, seed in enumerate(seeds):
        cfg = C.SimConfig(seed=seed, start_ts=START + k * 86_400.0)
        sim = Simulator(cfg)
        now = cfg.start_ts + cfg.duration_s + READ_AFTER_END_S
        sim.advance_to(now)
        records, skipped = sku_orders([_shop_order(o, "shop") for o in sim.orders()], b"salt")
        assert skipped == 0
        out += [Shipment(r.order_id, r.province, r.city, r.ship_time, r.receipt_time, sim.now_ts) for r in records]
    return out


def truth_days(seed: int = 1) -> dict[str, dict[str, float]]:
    """The simulator's per-province median and p90 delivery days (its truth endpoint's `delivery_days`)."""
    return Simulator(C.SimConfig(seed=seed, start_ts=START)).truth.delivery_days


def delivered_orders(province: str, city: str, days: float, n: int, base: int, prefix: str = "o"
                     ) -> list[OrderRecord]:
    """`n` settled orders of an earlier session of the shop, shipped and received `days` later in `province`/`city`
    (as storage.settlements.store_page keeps them)."""
    ship = 1_700_000_000.0
    return [OrderRecord(f"{prefix}{base + i}", "r", "p", 1, 100, 100, ship - 3600, ship + days * DAY_S, ship - 3000,
                        OrderState.SETTLED, "m", province=province, city=city, ship_time=ship,
                        receipt_time=ship + days * DAY_S) for i in range(n)]
