"""Delivery promises by region: the shop's own delivery days per province, measured from its past Doudian orders
(ship time to logistics receipt, by the masked address's province), beside the audience's regions (the ENTER and
PAY city breakdowns, cities put in their province), and the line the host can say. Pure: no Qt, no I/O.

Measurement: an order shipped and received is a delivery of (receipt - ship) days; one shipped and not received
when it was read is still on its way, known only to take longer than it has so far (censored). The median and the
90th percentile come from the Kaplan-Meier estimate over both, so the orders still in transit do not pull the
figures down; the median carries its 90% range (Brookmeyer-Crowley: the times where the survival curve is within
1.645 standard errors of 1/2, Greenwood's variance). A region with fewer than MIN_DELIVERED received orders shows
"not enough orders yet" instead of figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from dyconsole.core import glossary
from dyconsole.core.estimate import Z90  # the median's 90% range
from dyconsole.core.glossary.names import OTHER_REGION, PROVINCE_NAMES, bare_place, region_label

DAY_S = 86_400.0
#: received orders a region needs before its delivery days are shown (the threshold the view states)
MIN_DELIVERED = 20
#: a region whose median is at most this many days is "next day" (次日达); at least SLOW_DAYS it is named as slow
NEXT_DAY_DAYS = 1.5
SLOW_DAYS = 4.0

#: the suffixes of full province names in addresses (江苏省, 新疆维吾尔自治区, 北京市)
#: the cities the audience breakdown names, in their province (short names; "市" is dropped before the lookup)
CITY_PROVINCE: dict[str, str] = {
    "北京": "北京", "上海": "上海", "天津": "天津", "重庆": "重庆",
    "广州": "广东", "深圳": "广东", "东莞": "广东", "佛山": "广东", "杭州": "浙江", "宁波": "浙江", "温州": "浙江",
    "南京": "江苏", "苏州": "江苏", "无锡": "江苏", "成都": "四川", "武汉": "湖北", "西安": "陕西", "长沙": "湖南",
    "郑州": "河南", "青岛": "山东", "济南": "山东", "合肥": "安徽", "福州": "福建", "厦门": "福建", "沈阳": "辽宁",
    "大连": "辽宁", "哈尔滨": "黑龙江", "长春": "吉林", "石家庄": "河北", "太原": "山西", "昆明": "云南",
    "贵阳": "贵州", "南宁": "广西", "南昌": "江西", "海口": "海南", "兰州": "甘肃", "西宁": "青海", "银川": "宁夏",
    "乌鲁木齐": "新疆", "拉萨": "西藏", "呼和浩特": "内蒙古",
}
#: the words of the view that are no metric (the metrics' words are the glossary's)
TEXT: dict[str, tuple[str, str]] = {
    "region": ("地区", "Region"),
    "not_enough": ("订单不足", "Not enough orders yet"),
    "threshold": ("已签收订单少于 {n} 单的地区不显示送达天数。", "Regions with fewer than {n} delivered orders show no delivery days."),
    "no_orders": ("还没有足够的已签收订单，说不出送达时间。", "Not enough delivered orders yet to promise a delivery time."),
    "next_day": ("{names}次日达", "next-day delivery to {names}"),
    "about": ("{names}约 {days} 天", "{names} about {days} days"),
    "rest": ("其他地区约 {days} 天", "elsewhere about {days} days"),
    "jzh": ("江浙沪", "Jiangsu, Zhejiang, Shanghai"),
    "and": ("、", ", "),
    "last": ("、", " and "),
    "sep": ("，", "; "),
    "legend": ("颜色：送达天数中位数（绿快红慢，灰色为订单不足）；白条：观众占比。",
               "Colour: median delivery days (green fast, red slow, grey not enough orders); white bar: share of "
               "viewers."),
    "basis": ("送达天数 = 发货到物流签收，来自本店已结算场次的抖店订单（已发货 {n} 单，按收货省份）；中位数附 90% 区间。",
              "Delivery days = ship to logistics receipt, from the shop's Doudian orders of settled sessions ({n} "
              "shipped orders, by the delivery province); the median with its 90% range."),
    "say": ("主播可以说：", "The host can say: "),
}
_JZH = ("江苏", "浙江", "上海")


def text(key: str, lang: str, **values: object) -> str:
    zh, en = TEXT[key]
    return (en if lang.startswith("en") else zh).format(**values)


def province_key(name: str) -> str:
    """A province as the console keys it (the short name of core.glossary PROVINCE_NAMES) from an address's full
    name; "" for none; an unknown name stays as sent."""
    name = (name or "").strip()
    if not name:
        return ""
    if name in PROVINCE_NAMES:
        return name
    bare = bare_place(name)
    return bare if bare in PROVINCE_NAMES else name


def city_region(city: str) -> str:
    """The province a city of the audience breakdown is in; OTHER_REGION when the city is not known (其他)."""
    short = (city or "").strip().removesuffix("市")
    if short in CITY_PROVINCE:
        return CITY_PROVINCE[short]
    key = province_key(city)
    return key if key in PROVINCE_NAMES else OTHER_REGION


def shares_by_region(values: Mapping[str, float] | None) -> dict[str, float]:
    """An audience city breakdown (city -> count or share) as shares (0..1) by region; {} when empty."""
    if not values:
        return {}
    total = sum(max(0.0, float(v)) for v in values.values())
    if total <= 0:
        return {}
    out: dict[str, float] = {}
    for city, v in values.items():
        region = city_region(city)
        out[region] = out.get(region, 0.0) + max(0.0, float(v)) / total
    return out


@dataclass(frozen=True, slots=True)
class Shipment:
    """What an order tells about delivery: its province and city (nothing finer is kept), when it was shipped and
    received (None: not yet), and when that was read."""

    order_id: str
    province: str
    city: str
    ship_time: float | None
    receipt_time: float | None
    seen_at: float

    def days(self) -> tuple[float, bool] | None:
        """(days, received) for a shipped order: the delivery, or the time on the way so far; None when unshipped."""
        if self.ship_time is None:
            return None
        if self.receipt_time is not None:
            return max(0.0, (self.receipt_time - self.ship_time) / DAY_S), True
        return max(0.0, (self.seen_at - self.ship_time) / DAY_S), False


@dataclass(frozen=True, slots=True)
class DeliveryFigure:
    """One region's delivery days (None where they cannot be said)."""

    delivered: int
    in_transit: int
    median: float | None
    median_low: float | None
    median_high: float | None
    p90: float | None

    @property
    def enough(self) -> bool:
        return self.delivered >= MIN_DELIVERED


def kaplan_meier(durations: Iterable[tuple[float, bool]]) -> list[tuple[float, float, float]]:
    """The survival curve of (days, received) pairs: (time, S(time), Greenwood sum) at each delivery time."""
    data = sorted(durations)
    at_risk = len(data)
    s, greenwood, out = 1.0, 0.0, []
    i = 0
    while i < len(data):
        t = data[i][0]
        d = c = 0
        while i < len(data) and data[i][0] == t:
            d, c = (d + 1, c) if data[i][1] else (d, c + 1)
            i += 1
        if d:
            s *= 1.0 - d / at_risk
            greenwood += d / (at_risk * (at_risk - d)) if at_risk > d else math.inf
            out.append((t, s, greenwood))
        at_risk -= d + c
    return out


def _quantile(curve: Sequence[tuple[float, float, float]], q: float) -> float | None:
    return next((t for t, s, _g in curve if s <= 1.0 - q + 1e-12), None)


def delivery_figure(shipments: Sequence[Shipment], z: float = Z90) -> DeliveryFigure:
    """A region's delivery days from its orders (see the module doc); `z` sets the median's range (90%: 1.645)."""
    durations = [d for d in (s.days() for s in shipments) if d is not None]
    delivered = sum(1 for _t, received in durations if received)
    in_transit = len(durations) - delivered
    if delivered < MIN_DELIVERED:
        return DeliveryFigure(delivered, in_transit, None, None, None, None)
    curve = kaplan_meier(durations)
    inside = [t for t, s, g in curve if abs(s - 0.5) <= z * s * math.sqrt(g)]
    median = _quantile(curve, 0.5)
    low = min(inside) if inside else median
    high = next((t for t, s, g in curve if s < 0.5 - z * s * math.sqrt(g)), None)
    return DeliveryFigure(delivered, in_transit, median, low, high, _quantile(curve, 0.9))


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One row of the delivery view: a region, its share of viewers and of buyers, its delivery days."""

    region: str  # a PROVINCE_NAMES key, or OTHER_REGION
    viewer_share: float | None
    buyer_share: float | None
    figure: DeliveryFigure

    def label(self, lang: str) -> str:
        return region_label(self.region, lang)


def region_rows(shipments: Sequence[Shipment], enter: Mapping[str, float] | None,
                pay: Mapping[str, float] | None) -> list[RegionRow]:
    """Every region with viewers, buyers or orders: biggest share of viewers first, then by delivered orders."""
    by_region: dict[str, list[Shipment]] = {}
    for s in shipments:
        key = province_key(s.province) or OTHER_REGION
        by_region.setdefault(key if key in PROVINCE_NAMES else OTHER_REGION, []).append(s)
    viewers, buyers = shares_by_region(enter), shares_by_region(pay)
    regions = set(by_region) | set(viewers) | set(buyers)
    rows = [RegionRow(r, viewers.get(r, 0.0) if viewers else None, buyers.get(r, 0.0) if buyers else None,
                      delivery_figure(by_region.get(r, []))) for r in regions]
    rows.sort(key=lambda row: (row.region == OTHER_REGION, -(row.viewer_share or 0.0), -row.figure.delivered,
                               row.region))
    return rows


def _names(regions: Sequence[str], lang: str) -> str:
    regions = list(regions)
    words: list[str] = []
    if all(r in regions for r in _JZH):
        words.append(text("jzh", lang))
        regions = [r for r in regions if r not in _JZH]
    words += [region_label(r, lang) for r in regions]
    if len(words) < 2:
        return "".join(words)
    return text("and", lang).join(words[:-1]) + text("last", lang) + words[-1]


def host_line(rows: Sequence[RegionRow], lang: str) -> str:
    """The sentence the host can say: the next-day regions, the rest's typical days, the slow regions by name
    ("江浙沪次日达，其他地区约 2 天，新疆、西藏约 5 天"); regions without enough orders are left out."""
    known = [r for r in rows if r.figure.enough and r.figure.median is not None and r.region != OTHER_REGION]
    if not known:
        return text("no_orders", lang)
    fast = [r for r in known if (r.figure.median or 0.0) <= NEXT_DAY_DAYS]
    slow = [r for r in known if (r.figure.median or 0.0) >= SLOW_DAYS]
    middle = [r for r in known if r not in fast and r not in slow]
    parts: list[str] = []
    if fast:
        parts.append(text("next_day", lang, names=_names([r.region for r in fast], lang)))
    if middle:
        medians = sorted(r.figure.median or 0.0 for r in middle)
        parts.append(text("rest", lang, days=_days(medians[len(medians) // 2])))
    slow.sort(key=lambda r: -(r.figure.median or 0.0))
    for days in sorted({_days(r.figure.median or 0.0) for r in slow}, key=float, reverse=True):
        group = [r.region for r in slow if _days(r.figure.median or 0.0) == days]
        parts.append(text("about", lang, names=_names(group, lang), days=days))
    line = text("sep", lang).join(parts)
    return line[0].upper() + line[1:] if lang.startswith("en") else line


def _days(median: float) -> str:
    """Days as a host says them: whole days (half days below 3)."""
    if median < 3:
        half = round(median * 2) / 2
        return f"{half:g}"
    return str(int(round(median)))


def last_city_values(audience: Iterable[object], event: str) -> dict[str, float]:
    """The latest CITY breakdown of `event` (ENTER or PAY) among AudienceSamples; {} when there is none."""
    latest: object | None = None
    for sample in audience:
        if getattr(sample, "dimension", "") == "CITY" and getattr(sample, "action_event", "") == event:
            if latest is None or getattr(sample, "ts") >= getattr(latest, "ts"):
                latest = sample
    return dict(getattr(latest, "values", {}) or {}) if latest is not None else {}


#: the table's columns: (key, unit); "region" is TEXT's, the rest glossary terms; the range is text
COLUMNS: tuple[tuple[str, str], ...] = (
    ("region", "text"), ("viewer_share", "ratio"), ("buyer_share", "ratio"), ("delivery_median_days", "days"),
    ("delivery_median_range", "text"), ("delivery_p90_days", "days"), ("delivered_orders", "count"),
    ("in_transit_orders", "count"))


def range_text(figure: DeliveryFigure, lang: str) -> str:
    if figure.median_low is None:
        return "—"
    high = f"{figure.median_high:.1f}" if figure.median_high is not None else "?"
    return f"{figure.median_low:.1f} – {high}"


def row_values(row: RegionRow, lang: str) -> tuple[object, ...]:
    """One row's cells in COLUMNS order (numbers stay numbers; "not enough orders yet" stands for the days)."""
    f = row.figure
    if f.enough:
        days: tuple[object, ...] = (f.median, range_text(f, lang), f.p90)
    else:
        days = (text("not_enough", lang), "—", None)
    return (row.label(lang), row.viewer_share, row.buyer_share, *days, float(f.delivered), float(f.in_transit))


def shipped(rows: Sequence[RegionRow]) -> int:
    """The shipped orders the figures stand on (delivered or on their way)."""
    return sum(r.figure.delivered + r.figure.in_transit for r in rows)


def column_words(lang: str) -> list[str]:
    """The table's column words (glossary terms; the region column's word is this module's)."""
    return [text(key, lang) if key == "region" else glossary.label(key, lang) for key, _unit in COLUMNS]


def delivery_report(shipments: Sequence[Shipment], audience: Iterable[object], lang: str,
                    ) -> tuple[list[tuple[str, str, str]], list[tuple[object, ...]], str]:
    """The report's delivery table: (columns as (key, word, unit), rows, caption: the host's line, the basis and the
    threshold), from the shop's deliveries and the session's audience samples."""
    audience = list(audience)
    rows = region_rows(shipments, last_city_values(audience, "ENTER"), last_city_values(audience, "PAY"))
    columns = [(key, word, unit if unit != "days" else "mixed") for (key, unit), word in zip(COLUMNS, column_words(lang))]
    cells = [tuple((v, "text" if isinstance(v, str) else "days") if unit == "days" else v
                   for v, (_key, unit) in zip(row_values(r, lang), COLUMNS)) for r in rows]
    caption = " ".join((text("say", lang) + host_line(rows, lang), text("basis", lang, n=shipped(rows)),
                        text("threshold", lang, n=MIN_DELIVERED)))
    return columns, cells, caption
