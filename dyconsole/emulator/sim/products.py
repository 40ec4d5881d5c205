"""The room's product list: the catalog chosen by the seed (title, price, stock, hidden appeal) and the
product funnel's rates: how list position and the product being explained drive impressions, how appeal
drives clicks and orders. The simulator draws from these rates; `expected_gmv_per_s` is their expectation,
the true effect of a product order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.emulator.sim import config as C

_ITEMS: tuple[tuple[str, float, float], ...] = (  # name, low price, high price (yuan)
    ("加绒卫衣", 59, 169), ("羊毛围巾", 49, 199), ("保暖内衣套装", 69, 199), ("羽绒马甲", 99, 299),
    ("雪地靴", 89, 259), ("针织开衫", 79, 229), ("保温杯", 29, 99), ("电热毯", 79, 199),
    ("护手霜礼盒", 29, 89), ("面霜", 59, 299), ("口红", 49, 199), ("坚果礼盒", 39, 129),
    ("牛肉干", 29, 79), ("速溶咖啡", 29, 99), ("红枣枸杞茶", 19, 59), ("毛绒拖鞋", 19, 69),
    ("四件套", 99, 399), ("蚕丝被", 199, 599), ("暖手宝", 29, 79), ("加湿器", 59, 199),
    ("空气炸锅", 149, 399), ("养生壶", 69, 199), ("厚款袜子", 19, 49), ("羊绒手套", 39, 129),
    ("儿童羽绒服", 129, 359), ("冲锋衣", 199, 599), ("打底裤", 29, 89), ("面膜", 39, 129),
)
_ADJ: tuple[str, ...] = ("冬季", "新款", "加厚", "轻奢", "爆款", "经典", "舒适", "高端", "网红", "限定")


@dataclass(frozen=True)
class Catalog:
    """The products as the seed made them; arrays are indexed by product index (the id's order)."""

    ids: tuple[str, ...]
    titles: tuple[str, ...]
    img_urls: tuple[str, ...]
    price_fen: np.ndarray  # int64
    stock0: np.ndarray  # int64, units at the start
    appeal: np.ndarray  # float, hidden: drives click-through and conversion (median 1)
    initial_order: tuple[int, ...]  # product indices in the list order the room starts with

    def __len__(self) -> int:
        return len(self.ids)


def make_catalog(seed: int, n_products: int | None) -> Catalog:
    rng = C.stream(seed, C.NS_SETUP, 1)
    n = int(n_products) if n_products is not None else int(rng.integers(20, 61))
    picks = rng.integers(0, len(_ITEMS), size=n)
    adj = rng.integers(0, len(_ADJ), size=n)
    u_price = rng.random(n)
    appeal = np.exp(rng.normal(0.0, 0.45, size=n))
    stock = rng.integers(150, 1500, size=n)
    ids, titles, urls, prices = [], [], [], []
    base = 3_500_000_000_000 + (abs(int(seed)) % 100_000) * 1000
    for i in range(n):
        name, lo, hi = _ITEMS[picks[i]]
        price = np.floor(lo + (hi - lo) * u_price[i]) + 0.9  # prices end in .9, as shops like them
        pid = str(base + i)
        ids.append(pid)
        titles.append(f"{_ADJ[adj[i]]}{name}")
        urls.append(f"https://demo-room.invalid/img/{pid}.jpg")
        prices.append(int(round(price * 100)))
    order = tuple(int(i) for i in rng.permutation(n))
    return Catalog(tuple(ids), tuple(titles), tuple(urls), np.array(prices, dtype=np.int64),
                   stock.astype(np.int64), appeal, order)


def position_weight(rank: np.ndarray) -> np.ndarray:
    """Share of attention a product gets at 0-based list position `rank` (the top of the list sees most)."""
    return 1.0 / (1.0 + np.asarray(rank, dtype=float) / 3.0) ** 1.3


def click_through(appeal: np.ndarray, explaining: np.ndarray | bool) -> np.ndarray:
    boost = np.where(explaining, C.EXPLAIN_CTR_BOOST, 1.0)
    return np.minimum(C.BASE_CTR * appeal * boost, C.MAX_CTR)


def create_probability(appeal: np.ndarray, conversion: np.ndarray | float, long_share: np.ndarray | float) -> np.ndarray:
    """Cart click -> order created. Viewers past 3 minutes convert more: `long_share` of present viewers."""
    dwell_factor = 0.4 + 2.0 * np.asarray(long_share, dtype=float)
    return np.minimum(C.BASE_CREATE_P * np.sqrt(appeal) * conversion * dwell_factor, 0.95)


def refund_probability(appeal: np.ndarray) -> np.ndarray:
    """Paid orders that come back: less appealing products disappoint more buyers."""
    return C.REFUND_P * np.clip(1.0 / np.sqrt(appeal), 0.5, 2.0)


def expected_gmv_per_s(catalog: Catalog, order: list[int], appeal: np.ndarray, concurrent: float,
                       long_share: float) -> float:
    """Expected GMV (yuan) per broadcast second under a list order, at a given audience, before stock runs
    out; the host explains products in turn, so each is explained 1/n of the time."""
    n = len(catalog)
    rank = np.empty(n)
    rank[np.asarray(order)] = np.arange(n)
    share_explained = 1.0 / n
    impressions = concurrent * C.PRODUCT_VIEW_RATE * position_weight(rank)
    imp_plain = impressions * (1 - share_explained)
    imp_expl = impressions * share_explained * C.EXPLAIN_BOOST
    clicks = imp_plain * click_through(appeal, False) + imp_expl * click_through(appeal, True)
    paid = clicks * C.CART_P * create_probability(appeal, 1.0, long_share) * C.PAY_P
    return float(np.sum(paid * catalog.price_fen / 100.0 * C.MEAN_ITEM_NUM))
