"""Where the demo shop's parcels go and how long they take: each buyer's province and city (from the viewer's
city; the "other cities" viewers spread over the remaining provinces), each order's delivery time (ship to
logistics receipt) drawn from its province's log-normal distribution, and the promise to ship within 48 h.

The truth (per-province median and 90th percentile days, exact for the log-normal) is in
`GroundTruth.delivery_days` and the emulator's truth endpoint. Draws come from a hash of (seed, order, what), not
from the engine's streams, so the orders, refunds and repurchases are the same as without them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

from dyconsole.core.delivery import CITY_PROVINCE, DAY_S
from dyconsole.core.glossary.names import PROVINCE_NAMES
from dyconsole.emulator.sim.audience import CITIES

#: the shop promises to ship within this long after payment (exp_ship_time)
PROMISE_S = 48 * 3600
_STD_NORMAL = NormalDist()
_Z90 = _STD_NORMAL.inv_cdf(0.9)

#: province -> (GB/T 2260 code, full name as addresses carry it, median days, p90 days); the warehouse is near
#: Hangzhou: 江浙沪 next day, the far west about 5 days
PROVINCES: dict[str, tuple[str, str, float, float]] = {
    "北京": ("11", "北京市", 2.0, 3.0), "天津": ("12", "天津市", 2.0, 3.0), "河北": ("13", "河北省", 2.2, 3.2),
    "山西": ("14", "山西省", 2.5, 3.6), "内蒙古": ("15", "内蒙古自治区", 3.0, 4.4), "辽宁": ("21", "辽宁省", 2.6, 3.8),
    "吉林": ("22", "吉林省", 2.8, 4.0), "黑龙江": ("23", "黑龙江省", 3.0, 4.3), "上海": ("31", "上海市", 1.0, 1.5),
    "江苏": ("32", "江苏省", 1.0, 1.6), "浙江": ("33", "浙江省", 0.9, 1.4), "安徽": ("34", "安徽省", 1.4, 2.1),
    "福建": ("35", "福建省", 1.8, 2.7), "江西": ("36", "江西省", 1.8, 2.7), "山东": ("37", "山东省", 1.9, 2.8),
    "河南": ("41", "河南省", 2.0, 2.9), "湖北": ("42", "湖北省", 1.9, 2.8), "湖南": ("43", "湖南省", 2.0, 2.9),
    "广东": ("44", "广东省", 2.0, 3.0), "广西": ("45", "广西壮族自治区", 2.6, 3.8), "海南": ("46", "海南省", 3.0, 4.5),
    "重庆": ("50", "重庆市", 2.4, 3.5), "四川": ("51", "四川省", 2.5, 3.6), "贵州": ("52", "贵州省", 2.6, 3.8),
    "云南": ("53", "云南省", 3.0, 4.4), "西藏": ("54", "西藏自治区", 5.0, 6.5), "陕西": ("61", "陕西省", 2.4, 3.5),
    "甘肃": ("62", "甘肃省", 3.0, 4.3), "青海": ("63", "青海省", 3.6, 5.0), "宁夏": ("64", "宁夏回族自治区", 3.0, 4.3),
    "新疆": ("65", "新疆维吾尔自治区", 5.0, 6.5),
}
assert tuple(PROVINCES) == tuple(PROVINCE_NAMES)
_PROVINCE_LIST: tuple[str, ...] = tuple(PROVINCES)
#: the provinces an "other cities" viewer lives in (the named cities' big provinces are left to their cities)
_OTHER: tuple[str, ...] = tuple(p for p in _PROVINCE_LIST if p not in {"北京", "上海", "天津", "重庆"})
#: an illustrative prefecture city per province for the address (a named city keeps its own)
_CAPITALS: dict[str, str] = {p: c for c, p in reversed(list(CITY_PROVINCE.items()))}


#: province -> (median days, sigma of the log-normal)
_LOGNORMAL: dict[str, tuple[float, float]] = {p: (m, math.log(q / m) / _Z90) for p, (_c, _f, m, q) in PROVINCES.items()}


def truth_days() -> dict[str, dict[str, float]]:
    """Province -> its true median and 90th percentile delivery days."""
    return {p: {"median": m, "p90": q} for p, (_code, _full, m, q) in PROVINCES.items()}


def _uniform(seed: int, key: int, what: int) -> float:
    """A uniform in (0, 1) from a SplitMix64 hash of (seed, key, what)."""
    x = (int(seed) * 0x9E3779B97F4A7C15 + int(key) * 0xBF58476D1CE4E5B9 + what * 0x94D049BB133111EB) & (2**64 - 1)
    for shift, mul in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
        x = ((x ^ (x >> shift)) * mul) & (2**64 - 1)
    x ^= x >> 31
    return (x + 0.5) / 2**64


@dataclass(frozen=True, slots=True)
class Address:
    """The masked address's parts an order carries (province and city; the rest masked, as the platform does)."""

    province: str  # short key
    city: str

    def mask_post_addr(self) -> dict:
        code, full, _m, _q = PROVINCES[self.province]
        return {"province": {"id": code, "name": full}, "city": {"id": code + "01", "name": self.city + "市"},
                "town": {"id": code + "0102", "name": "**区"}, "street": {"id": code + "010201", "name": "****街道"},
                "detail": "**路*****号"}


@lru_cache(maxsize=65_536)
def buyer_address(seed: int, buyer: int, city_code: int) -> Address:
    """Where a buyer (viewer index) lives: the viewer's city and its province, or for "other cities" a province
    drawn once per buyer (so a repurchase goes to the same address)."""
    city = CITIES[city_code] if 0 <= city_code < len(CITIES) else ""
    if city in CITY_PROVINCE:
        return Address(CITY_PROVINCE[city], city)
    province = _OTHER[min(int(_uniform(seed, buyer, 1) * len(_OTHER)), len(_OTHER) - 1)]
    return Address(province, _CAPITALS.get(province, province))


def delivery_s(seed: int, order_seq: int, province: str) -> int:
    """An order's time from shipping to logistics receipt (seconds), log-normal with the province's median/p90."""
    median, sigma = _LOGNORMAL[province]
    z = _STD_NORMAL.inv_cdf(_uniform(seed, order_seq, 2))
    return int(round(median * DAY_S * math.exp(sigma * z)))


def delivery_fields(seed: int, order_seq: int, buyer: int, city_code: int, pay: int, ship: int, refund: int,
                    now: int) -> dict:
    """The address and delivery times of one order at `now` (SimOrder's fields; 0 = not yet): shipped when the
    ship time has come and no refund came first; received once its delivery time has passed."""
    address = buyer_address(seed, buyer, city_code)
    paid = pay <= now
    shipped = paid and ship <= now and ship < refund
    receipt = ship + delivery_s(seed, order_seq, address.province) if shipped else 0
    return {"mask_post_addr": address.mask_post_addr(), "exp_ship_time": pay + PROMISE_S if paid else 0,
            "ship_time": ship if shipped else 0, "logistics_receipt_time": receipt if 0 < receipt <= now else 0}

