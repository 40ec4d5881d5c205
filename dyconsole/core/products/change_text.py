"""How a product-order change and its measured effect read, for the order panel, the review's changes list and the
report alike (pure): `effect_text` ("+¥1,234  (+¥200 … +¥2,300)" per minute, a rate's in percentage points, or the
caller's "too early to tell"), `EFFECT_TERMS` (the glossary entry each effect metric is shown under) and
`product_names` (titles told apart when two products share one). The words are the glossary's (core.glossary); the
caller brings its own word for "too early to tell" (Qt's tr() in a window, core.report_text in the report).
"""

from __future__ import annotations

from typing import Sequence

from dyconsole.core import glossary
from dyconsole.core.products.effect import Effect

#: the effect's metrics and the glossary entry each is shown under
EFFECT_TERMS: dict[str, str] = {"gmv": "gmv_per_min", "clicks": "product_clicks_per_min",
                                "ctr": "product_click_rate", "orders": "paid_orders_per_min"}


def effect_text(effect: Effect | None, lang: str, too_early: str) -> str:
    """The effect per minute with its interval, or `too_early` when there is none yet."""
    if effect is None or effect.too_early or effect.low is None or effect.high is None:
        return too_early
    key = EFFECT_TERMS[effect.metric]
    points = glossary.unit(key) == "ratio"  # a difference of two rates: percentage points, not a share

    def signed(v: float) -> str:
        sign = "+" if v > 0 else "−" if v < 0 else ""
        return sign + (f"{abs(v) * 100:.1f}" if points else glossary.fmt(key, abs(v), lang))

    text = f"{signed(effect.uplift)}  ({signed(effect.low)} … {signed(effect.high)})"
    return glossary.in_points(text, lang) if points else text


def product_names(products: Sequence[tuple[str, str]]) -> dict[str, str]:
    """id -> the name shown: the title, with the id's last digits where two products share a title."""
    seen: dict[str, int] = {}
    for _pid, title in products:
        seen[title] = seen.get(title, 0) + 1
    return {pid: (f"{title or pid} ·{pid[-4:]}" if seen[title] > 1 or not title else title) for pid, title in products}
