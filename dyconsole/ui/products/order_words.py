"""The order panel's and the order-changes list's own words, zh and en (the metric names come from the
glossary, core.glossary), and how an effect and a change's status read."""

from __future__ import annotations

import time
from typing import Sequence

from dyconsole.core import glossary
from dyconsole.core.products.effect import Effect

WORDS: dict[str, tuple[str, str]] = {
    "title": ("调整商品顺序", "Adjust product order"),
    "marker": ("调整顺序", "Order changed"),
    "menu": ("商品(&P)", "&Products"),
    "action": ("调整商品顺序(&O)…", "Adjust product &order…"),
    "current": ("当前顺序", "Current order"),
    "edit": ("新顺序（建议，可拖动调整）", "New order (suggested; drag to change)"),
    "col_new": ("新位置", "New"),
    "col_product": ("商品", "Product"),
    "col_move": ("现位置 → 建议", "Now → suggested"),
    "col_appeal": ("吸引力（90%区间）", "Appeal (90% interval)"),
    "col_sure": ("把握", "How sure"),
    "col_pin": ("固定", "Pinned"),
    "up": ("上移", "Move up"),
    "down": ("下移", "Move down"),
    "pin": ("固定/取消固定", "Pin / unpin"),
    "use": ("采用建议", "Use suggestion"),
    "apply": ("应用", "Apply"),
    "confirm": ("确认已应用", "Confirm"),
    "sure": ("有把握", "sure"),
    "too_early": ("尚难判断", "too early to tell"),
    "sold_out": ("售罄", "sold out"),
    "explaining": ("讲解中", "explaining"),
    "pinned": ("已固定", "pinned"),
    "history": ("调整记录与效果", "Changes and their effect"),
    "col_time": ("时间", "Time"),
    "col_status": ("状态", "Status"),
    "col_moved": ("调整", "Change"),
    "moved": ("移动 {n} 个商品", "{n} products moved"),
    "status_applied": ("已应用", "applied"),
    "status_pending": ("待确认", "pending"),
    "status_confirmed": ("已确认", "confirmed"),
    "status_failed": ("失败", "failed"),
    "real_platform": ("平台没有设置商品顺序的接口：请在直播中控台按新顺序调整商品，然后点“确认已应用”。",
                      "No API sets the order on the platform: apply it in the live control panel, then Confirm."),
    "demo_room": ("演示直播间：点“应用”即把新顺序发送到直播间。",
                  "Demo room: Apply sends the new order to the room."),
    "applied_notice": ("新顺序已应用，效果几分钟后可见。", "The new order is applied; its effect shows in a few minutes."),
    "pending_notice": ("已记录。请在直播中控台应用新顺序，然后点“确认已应用”。",
                       "Recorded. Apply it in the live control panel, then Confirm."),
    "confirmed_notice": ("已确认，从现在起计算效果。", "Confirmed; its effect is measured from now."),
    "failed_notice": ("应用失败：{msg}（调整已记录）", "Applying failed: {msg} (the change is recorded)"),
    "gone_notice": ("已不在商品列表，已从新顺序中移除：{names}", "No longer listed, dropped from the new order: {names}"),
    "added_notice": ("新上架，已加在末尾：{names}", "Newly listed, added at the end: {names}"),
    "no_products": ("还没有商品数据。", "No product data yet."),
    "points": ("{v} 个百分点", "{v} pp"),
    "effect_tip": ("与不调整相比（按调整前的趋势和位置模型推算），每分钟；区间为90%。",
                   "Against the room without the change (its trend before and the position model), per minute; "
                   "90% interval."),
}

#: the effect's metrics and the glossary entry each is shown under
EFFECT_TERMS: dict[str, str] = {"gmv": "gmv_per_min", "clicks": "product_clicks_per_min",
                                "ctr": "product_click_rate", "orders": "paid_orders_per_min"}


def w(key: str, lang: str, **values: object) -> str:
    zh, en = WORDS[key]
    text = en if lang.startswith("en") else zh
    return text.format(**values) if values else text


def effect_text(effect: Effect | None, lang: str) -> str:
    """"+¥1,234 (90%: +¥200 … +¥2,300)" per minute, or "too early to tell"."""
    if effect is None or effect.too_early or effect.low is None or effect.high is None:
        return w("too_early", lang)
    key = EFFECT_TERMS[effect.metric]
    points = glossary.unit(key) == "ratio"  # a difference of two rates: percentage points, not a share

    def signed(v: float) -> str:
        sign = "+" if v > 0 else "−" if v < 0 else ""
        return sign + (f"{abs(v) * 100:.1f}" if points else glossary.fmt(key, abs(v), lang))

    text = f"{signed(effect.uplift)}  ({signed(effect.low)} … {signed(effect.high)})"
    return w("points", lang, v=text) if points else text


def product_names(products: Sequence[tuple[str, str]]) -> dict[str, str]:
    """id -> the name shown: the title, with the id's last digits where two products share a title."""
    seen: dict[str, int] = {}
    for _pid, title in products:
        seen[title] = seen.get(title, 0) + 1
    return {pid: (f"{title or pid} ·{pid[-4:]}" if seen[title] > 1 or not title else title) for pid, title in products}


def clock_text(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))
