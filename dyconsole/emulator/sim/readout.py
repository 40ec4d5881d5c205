"""What the room shows at a moment, in the API's field names: the room's cumulative stats and platform
gauges, the product list, traffic and GMV by source, and the audience breakdowns. Read from the engine's
per-second record and its viewers and orders as of the last simulated second; money in yuan, 2 dp.
"""

from __future__ import annotations

import numpy as np
import numpy.ma  # noqa: F401  (np.unique, the audience's readout, imports it at its first call, mid-history)

from dyconsole.core.metrics import FLOW_SOURCES, PAID_FLOW_SOURCES, ROOM_METRIC_NAMES
from dyconsole.core.wire import FLOW_BY_GMV, FLOW_BY_VIEWERS, FLOW_KINDS
from dyconsole.emulator.sim import audience as A
from dyconsole.emulator.sim.engine import COL, Engine

FLOW_BY: tuple[str, ...] = FLOW_KINDS
_PAID_SOURCES = np.array([s in PAID_FLOW_SOURCES for s in FLOW_SOURCES])


def _ratio(num: float, den: float, digits: int = 4) -> float:
    return round(num / den, digits) if den > 0 else 0.0


def _yuan(fen: float) -> float:
    return round(float(fen) / 100.0, 2)


def order_masks(engine: Engine, now: int) -> dict[str, np.ndarray]:
    """Boolean masks over the order store: live-room orders created, paid, settled, refunded by `now`."""
    o = engine.orders
    live = ~o.col("repurchase")
    return {
        "created": live & (o.col("create") <= now),
        "paid": live & (o.col("pay") <= now),
        "settled": live & (o.col("complete") <= now),
        "refunded": live & (o.col("refund") <= now),
    }


def room_stats(engine: Engine, now: int, living: bool) -> dict[str, float]:
    e = engine.elapsed
    s = engine.tally.sums(e)
    o = engine.orders
    m = order_masks(engine, now)
    pay_fen = o.col("pay_fen")
    paid_sources = _PAID_SOURCES[o.col("source").astype(np.int64)] if o.n else np.zeros(0, dtype=bool)
    gmv = _yuan(pay_fen[m["paid"]].sum())
    cost = round(float(s[COL["spend"]]), 2)
    watch = float(s[COL["entries"]])
    clicks = float(s[COL["product_clicks"]])
    ad_impr, ad_clicks = float(s[COL["ad_impressions"]]), float(s[COL["ad_clicks"]])
    created, paid = float(m["created"].sum()), float(m["paid"].sum())
    convert = float((m["paid"] & paid_sources).sum())
    settle_amount = _yuan(pay_fen[m["settled"]].sum())
    stats: dict[str, float] = {
        "total_live_watch_cnt": watch,
        "live_watch_one_minute_count": float(engine.viewers.hist.one_minute[:e].sum()),
        "total_live_show_cnt": float(s[COL["room_impressions"]]),
        "total_live_like_cnt": float(s[COL["likes"]]),
        "total_live_comment_cnt": float(s[COL["comments"]]),
        "total_live_share_cnt": float(s[COL["shares"]]),
        "total_live_follow_cnt": float(s[COL["follows"]]),
        "total_live_fans_club_join_cnt": float(s[COL["fans_club"]]),
        "total_live_gift_cnt": float(s[COL["gifts"]]),
        "total_live_gift_amount": round(float(s[COL["gift_amount"]]), 2),
        "live_product_show_cnt_alias": float(s[COL["product_impressions"]]),
        "live_click_product_count_alias": clicks,
        "live_click_cart_count_alias": float(s[COL["cart_clicks"]]),
        "live_create_order_count_alias": created,
        "live_pay_order_count_alias": paid,
        "live_pay_order_gmv_alias": gmv,
        "stat_cost": cost,
        "click_cnt": ad_clicks,
        "convert_cnt": convert,
        "live_order_settle_amount_7d": settle_amount,
        "live_order_settle_count_7d": float(m["settled"].sum()),
        "live_order_refund_amount_7d": _yuan(pay_fen[m["refunded"]].sum()),
        "ctr": _ratio(ad_clicks, ad_impr),
        "cpm_platform": round(cost * 1000.0 / ad_impr, 2) if ad_impr > 0 else 0.0,
        "convert_rate": _ratio(convert, ad_clicks),
        "live_create_order_rate": _ratio(created, clicks),  # orders created / product clicks
        "live_pay_order_rate": _ratio(paid, clicks),  # paid orders / product clicks
        "live_pay_order_gmv_roi": _ratio(gmv, cost, 2),
        "total_live_pay_order_gpm": round(gmv * 1000.0 / watch, 2) if watch > 0 else 0.0,
        "ad_live_order_settle_roi_7d": _ratio(settle_amount, cost, 2),
        "online_user_cnt": engine.tally.value("concurrent", e - 1) if living and e > 0 else 0.0,
    }
    assert set(stats) == set(ROOM_METRIC_NAMES)
    return {name: stats[name] for name in ROOM_METRIC_NAMES}


def products(engine: Engine, now: int, living: bool, list_second: int) -> list[dict]:
    """The product list in its order at broadcast second `list_second` (the operator's latest)."""
    cat, e, o = engine.catalog, engine.elapsed, engine.orders
    n = len(cat)
    m = order_masks(engine, now)
    prod = o.col("product").astype(np.int64)
    pay_fen = o.col("pay_fen").astype(float)
    gmv = np.bincount(prod[m["paid"]], weights=pay_fen[m["paid"]], minlength=n)
    paid = np.bincount(prod[m["paid"]], minlength=n)
    settled = np.bincount(prod[m["settled"]], weights=pay_fen[m["settled"]], minlength=n)
    shows, clicks = engine.tally.product_sums(e)
    cost = float(engine.tally.column("spend", e).sum())
    total_clicks = float(clicks.sum())
    explained = np.bincount([p for start, p in engine.host.slots if start < e], minlength=n)
    current = engine.host.current if living and e > 0 else -1
    out = []
    for i in engine.controls.order_at(list_second):
        status = "BEINGEXPLAIN" if i == current else ("HASEXPLAIN" if explained[i] else "UNEXPLAIN")
        out.append({
            "productId": cat.ids[i], "title": cat.titles[i], "img_url": cat.img_urls[i],
            "explain_status": status, "live_product_explain_cnt": int(explained[i]),
            "live_product_price": round(float(cat.price_fen[i]) / 100.0, 2),
            "live_product_Inventory": int(engine.stock[i]),
            "live_cost_per_product": round(cost * float(clicks[i]) / total_clicks, 2) if total_clicks else 0.0,
            "live_pay_order_gmv_alias": round(float(gmv[i]) / 100.0, 2),
            "live_pay_order_count_alias": int(paid[i]),
            "product_click_pay_ucnt_ratio": _ratio(float(paid[i]), float(clicks[i])),
            "live_order_settle_amount_7d": round(float(settled[i]) / 100.0, 2),
            "live_product_show_cnt_alias": int(shows[i]),
            "live_click_product_count_alias": int(clicks[i]),
        })
    return out


def flow(engine: Engine, now: int, by: str) -> dict[str, float]:
    if by == FLOW_BY_VIEWERS:
        values = engine.tally.source_sums(engine.elapsed).astype(float)
    elif by == FLOW_BY_GMV:
        paid = order_masks(engine, now)["paid"]
        o = engine.orders
        values = np.bincount(o.col("source")[paid].astype(np.int64), weights=o.col("pay_fen")[paid].astype(float),
                             minlength=len(FLOW_SOURCES)) / 100.0
        values = np.round(values, 2)
    else:
        raise ValueError(f"flow_source must be one of {FLOW_BY}, got {by!r}")
    return {name: (int(v) if by == FLOW_BY_VIEWERS else float(v)) for name, v in zip(FLOW_SOURCES, values)}


def audience(engine: Engine, now: int, action_event: str, dimension: str) -> list[tuple[str, int]]:
    A.check_query(action_event, dimension)
    column = dimension.lower()
    if action_event == "ENTER":
        return A.breakdown_counts(dimension, engine.viewers.code_counts(column, len(A.LABELS[dimension])))
    paid = order_masks(engine, now)["paid"]
    buyers = np.unique(engine.orders.col("buyer")[paid])  # paying users, each once
    return A.breakdown(dimension, engine.viewers.values(column, buyers))
