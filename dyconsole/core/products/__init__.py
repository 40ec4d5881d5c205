"""Products (pure): the product list over a broadcast, poll by poll (`history.ProductHistory`: per-product series,
per-minute counter gains, explanation over time; the live feed and review both keep one), each product's appeal
corrected for list position and explanation, estimated from the room's own product polls with an interval
(`appeal`, fitted by `click_fit`), a suggested product order with the reason for each place (`ordering`), and the
click-surge hint (`surge`, on the exposure of `click_exposure`). No Qt, no I/O.

Typical use from a poll loop::

    model = AppealModel()
    model.push(ts, product_samples)          # every product poll
    report = model.estimate()                # any time (refits warm)
    plan = suggest_order(latest_samples, report, pinned={"3500..."})
    hints = surge_detector.push(ts, product_samples)   # SurgeDetector: "商品X点击激增 → 延长讲解"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyconsole.core.products.appeal import AppealEstimate, AppealModel, AppealReport
    from dyconsole.core.products.ordering import OrderSuggestion, suggest_order
    from dyconsole.core.products.surge import SurgeDetector, SurgeHint

__all__ = ["AppealEstimate", "AppealModel", "AppealReport", "OrderSuggestion", "SurgeDetector", "SurgeHint",
           "suggest_order"]


def __getattr__(name: str) -> Any:
    """The names above, each imported from its module on first use: the live feed needs only `history` (and the
    window's first frame the feed), not the appeal fit, the ordering or the surge detector."""
    if name in ("AppealEstimate", "AppealModel", "AppealReport"):
        from dyconsole.core.products import appeal as home
    elif name in ("OrderSuggestion", "suggest_order"):
        from dyconsole.core.products import ordering as home
    elif name in ("SurgeDetector", "SurgeHint"):
        from dyconsole.core.products import surge as home
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(home, name)
