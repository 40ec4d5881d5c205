"""Products (pure): each product's appeal corrected for list position and explanation, estimated from the
room's own product polls with an interval (`appeal`, fitted by `click_fit`), and a suggested product order with
the reason for each place (`ordering`). No Qt, no I/O.

Typical use from a poll loop::

    model = AppealModel()
    model.push(ts, product_samples)          # every product poll
    report = model.estimate()                # any time (refits warm)
    plan = suggest_order(latest_samples, report, pinned={"3500..."})
"""

from dyconsole.core.products.appeal import AppealEstimate, AppealModel, AppealReport
from dyconsole.core.products.ordering import OrderSuggestion, suggest_order

__all__ = ["AppealEstimate", "AppealModel", "AppealReport", "OrderSuggestion", "suggest_order"]
