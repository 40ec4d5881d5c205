"""A suggested product order with the reason for each place: products ranked by their appeal corrected for
position and explanation (or by the expected GMV per impression it drives: appeal x order conversion x
price), pinned products kept in their places, sold-out products moved to the bottom.

The ranking key is the model's shrunk point estimate: a product with little data is pulled towards the median
product, so an uncertain product is not put at the top on a lucky streak. A product with no estimate yet ranks
as the median product. Conversion is each product's paid orders per click, shrunk towards the room's own
(`CONVERSION_PRIOR_CLICKS` clicks of prior weight) so that a product with few clicks is not ranked by noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Literal, Sequence

from dyconsole.core.model import ProductSample
from dyconsole.core.products.appeal import AppealEstimate, AppealReport
from dyconsole.core.products.fields import CLICKS, ORDERS, PRICE, STOCK  # noqa: F401 - also its API
CONVERSION_PRIOR_CLICKS = 50.0

Reason = Literal["pinned", "sold_out", "appeal", "expected_gmv", "too_early"]


@dataclass(frozen=True)
class OrderSuggestion:
    product_id: str
    title: str
    current_position: int  # 1-based
    suggested_position: int  # 1-based
    score: float  # the ranking key: relative appeal, or expected GMV per impression (yuan, relative units)
    estimate: AppealEstimate | None  # appeal with its interval and whether it is sure
    reason: Reason  # why it is where it is

    @property
    def move(self) -> int:
        """Places up (positive) or down (negative) from where it is now."""
        return self.current_position - self.suggested_position


def _conversion(samples: Sequence[ProductSample]) -> dict[str, float]:
    def value(s: ProductSample, key: str) -> float:
        v = s.values.get(key)
        return float(v) if v is not None and v >= 0 else 0.0

    clicks = sum(value(s, CLICKS) for s in samples)
    room = sum(value(s, ORDERS) for s in samples) / clicks if clicks > 0 else 0.0
    k = CONVERSION_PRIOR_CLICKS
    return {s.product_id: (value(s, ORDERS) + k * room) / (value(s, CLICKS) + k) for s in samples}


def suggest_order(samples: Sequence[ProductSample], report: AppealReport, pinned: Collection[str] = (),
                  by: Literal["appeal", "expected_gmv"] = "appeal") -> list[OrderSuggestion]:
    """The list `samples` (the latest product poll, in list order) re-ordered; returned in suggested order.

    `pinned`: product ids that keep their current place. `by`: "appeal", or "expected_gmv" (appeal x
    conversion x price; a product without a price scores 0 there)."""
    if by not in ("appeal", "expected_gmv"):
        raise ValueError(f"by must be 'appeal' or 'expected_gmv', got {by!r}")
    current = list(samples)
    conversion = _conversion(current) if by == "expected_gmv" else {}

    def score(s: ProductSample) -> float:
        est = report.products.get(s.product_id)
        appeal = est.appeal if est is not None and est.appeal is not None else 1.0
        if by == "appeal":
            return appeal
        price = s.values.get(PRICE)
        return appeal * conversion[s.product_id] * (float(price) if price is not None and price > 0 else 0.0)

    def sold_out(s: ProductSample) -> bool:
        stock = s.values.get(STOCK)
        return stock is not None and stock <= 0

    pinned_ids = set(pinned)
    scores = {s.product_id: score(s) for s in current}
    movable = [(k, s) for k, s in enumerate(current) if s.product_id not in pinned_ids]
    movable.sort(key=lambda ks: (sold_out(ks[1]), -scores[ks[1].product_id] if not sold_out(ks[1]) else 0.0, ks[0]))
    free = iter(k for k, s in enumerate(current) if s.product_id not in pinned_ids)
    placed: list[tuple[int, int, ProductSample]] = [(k, k, s) for k, s in enumerate(current) if s.product_id in pinned_ids]
    placed += [(next(free), k, s) for k, s in movable]
    placed.sort(key=lambda x: x[0])
    out = []
    for new, old, s in placed:
        est = report.products.get(s.product_id)
        if s.product_id in pinned_ids:
            reason: Reason = "pinned"
        elif sold_out(s):
            reason = "sold_out"
        elif est is None or est.appeal is None:
            reason = "too_early"
        else:
            reason = by
        out.append(OrderSuggestion(s.product_id, s.title, old + 1, new + 1, scores[s.product_id], est, reason))
    return out
