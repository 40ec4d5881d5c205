"""The live projection of a session's 7-day ROI, from the room's own history of refunds and repurchases.

While on air only the paid GMV and the ad spend are known. What 7 days will make of each yuan paid (the net
factor: 1 - refund share + repurchase share) is taken from the room's settled sessions (core.roi's `net_factor`
of each), pooled with a prior worth PRIOR_WEIGHT sessions (the prior alone when the room has none):

    factor  = (w0 * f0 + sum f_i) / (w0 + n)
    spread  = sqrt((w0 * s0^2 + sum (f_i - factor)^2) / (w0 + n))
    range   = factor -/+ Z * spread * sqrt(1 + 1 / (w0 + n))          (a predictive interval for one new session)
    ROI7    = (GMV * factor - spend) / spend, and the same at both ends of the range.

It is a projection and says so (`Roi7Figure.settled` is False); a settled figure (core.roi over the following
week's orders) replaces it once the session is settled. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from dyconsole.core.estimate import Z90
from dyconsole.core.roi import Roi7d

#: the prior net factor when the room has no settled session: refunds about as large as repurchases
PRIOR_FACTOR = 0.97
#: its spread (wide: refund shares of 0-25% and repurchase shares of 0-15% are all plausible)
PRIOR_SD = 0.10
#: the prior counts as this many settled sessions
PRIOR_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class NetFactor:
    """What the room's history says one yuan paid becomes in 7 days."""

    factor: float
    low: float
    high: float
    sessions: int  # settled sessions behind it (0: the prior alone)


@dataclass(frozen=True, slots=True)
class Roi7Figure:
    """A session's 7-day ROI as shown: settled (exact) or projected (with its range)."""

    value: float | None
    low: float | None
    high: float | None
    settled: bool
    sessions: int = 0  # projection: settled sessions of the room behind it

    @property
    def term(self) -> str:
        """Its glossary key: the settled figure and the projection are labelled differently."""
        return "roi7_settled" if self.settled else "roi7_projected"


def net_factor(history: Sequence[float]) -> NetFactor:
    """The net factor from the room's settled sessions' factors (see the module doc)."""
    f = [float(x) for x in history if x is not None and math.isfinite(x)]
    w = PRIOR_WEIGHT + len(f)
    mean = (PRIOR_WEIGHT * PRIOR_FACTOR + sum(f)) / w
    var = (PRIOR_WEIGHT * PRIOR_SD ** 2 + sum((x - mean) ** 2 for x in f)) / w
    half = Z90 * math.sqrt(var * (1.0 + 1.0 / w))
    return NetFactor(mean, max(0.0, mean - half), mean + half, len(f))


def _roi(sales: float, spend: float) -> float:
    return (sales - spend) / spend


def project_roi7(gmv_yuan: float | None, spend_yuan: float | None, factor: NetFactor) -> Roi7Figure:
    """The projected 7-day ROI of a session with this paid GMV and ad spend (None without spend or GMV)."""
    if gmv_yuan is None or spend_yuan is None or spend_yuan <= 0:
        return Roi7Figure(None, None, None, False, factor.sessions)
    g, s = float(gmv_yuan), float(spend_yuan)
    return Roi7Figure(_roi(g * factor.factor, s), _roi(g * factor.low, s), _roi(g * factor.high, s), False,
                      factor.sessions)


def settled_roi7(roi: float | None) -> Roi7Figure:
    """A settled 7-day ROI: exact, no range."""
    return Roi7Figure(roi, roi, roi, True)


@dataclass(frozen=True, slots=True)
class SessionRoi7:
    """A recorded session's 7-day ROI as the review, the comparison, the sessions list and the report show it: the
    settled figure with its parts once settled, else the projection from the session's GMV and spend."""

    figure: Roi7Figure
    gmv_yuan: float | None  # the platform's paid GMV of the session (the GMV/cost ROI's numerator)
    spend_yuan: float | None
    settled: Roi7d | None = None  # the settled figures, once settled
    factor: NetFactor | None = None  # the projection's net factor
