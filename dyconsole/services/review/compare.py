"""The comparison of two recorded sessions (直播PK), aligned by broadcast minute (minutes since each session's
start): the whole-session KPIs (`session_kpis`, `compare_kpis`: A, B, B−A, % per KPI, online figures labelled
when estimated) and the per-minute series (`minute_values`, `minute_view`, `compared_minutes`) that
ui.compare_view lays out. Sessions are core.review's `RecordedSession`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dyconsole.core import glossary
from dyconsole.core.derived import AD_COST, ENTRIES, GMV, INTERACTION_COUNTERS, PAID_ORDERS, PRODUCT_CLICKS
from dyconsole.core.review.session import RecordedSession


@dataclass(frozen=True, slots=True)
class KpiSpec(glossary.Named):
    key: str
    term: str  # its core.glossary key: the label and unit (count / yuan / ratio / multiple / seconds) come from there


COMPARE_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec("length_s", "length_s"),
    KpiSpec("peak_online", "peak_online"),
    KpiSpec("avg_online", "avg_online"),
    KpiSpec("views", ENTRIES),
    KpiSpec("interactions", "interactions"),
    KpiSpec("product_clicks", PRODUCT_CLICKS),
    KpiSpec("paid_orders", PAID_ORDERS),
    KpiSpec("gmv", GMV),
    KpiSpec("conversion", "conversion_rate"),
    KpiSpec("gpm", "gpm"),
    KpiSpec("ad_spend", AD_COST),
    KpiSpec("live_roi", "live_roi"),
    # the 7-day ROI beside the GMV/cost ROI: a settled session's figure and a projection are never one row
    KpiSpec("roi7_settled", "roi7_settled"),
    KpiSpec("roi7_projected", "roi7_projected"),
    KpiSpec("alerts", "alert_count"),
)


def _last(session: RecordedSession, name: str) -> float | None:
    v = session.series[name].values
    finite = v[np.isfinite(v)]
    return float(finite[-1]) if len(finite) else None


def _div(a: float | None, b: float | None, scale: float = 1.0) -> float | None:
    return a / b * scale if a is not None and b else None


def session_kpis(session: RecordedSession) -> dict[str, float | None]:
    """The whole-session figures two sessions are compared on (keys of COMPARE_KPIS)."""
    online = session.series["online"].values
    online = online[np.isfinite(online)]
    views, gmv, orders, cost = (_last(session, n) for n in (ENTRIES, GMV, PAID_ORDERS, AD_COST))
    parts = [x for x in (_last(session, n) for n in INTERACTION_COUNTERS) if x is not None]
    return {
        "length_s": session.length_s,
        "peak_online": float(online.max()) if len(online) else None,
        "avg_online": float(online.mean()) if len(online) else None,
        "views": views,
        "interactions": float(sum(parts)) if parts else None,
        "product_clicks": _last(session, PRODUCT_CLICKS),
        "paid_orders": orders,
        "gmv": gmv,
        "conversion": _div(orders, views),
        "gpm": _div(gmv, views, 1000.0),
        "ad_spend": cost,
        "live_roi": _div(gmv, cost),
        **_roi7(session),
        "alerts": float(len(session.alerts)),
    }


def _roi7(session: RecordedSession) -> dict[str, float | None]:
    """The session's 7-day ROI in the row of its kind (settled or projected), the other row empty."""
    figure = session.roi7.figure if session.roi7 is not None else None
    settled = figure.value if figure is not None and figure.settled else None
    projected = figure.value if figure is not None and not figure.settled else None
    return {"roi7_settled": settled, "roi7_projected": projected}


#: the KPIs that are the console's estimate when a session's source has no real online count
ONLINE_KPIS = frozenset({"peak_online", "avg_online"})


@dataclass(frozen=True, slots=True)
class KpiDiff:
    spec: KpiSpec
    a: float | None
    b: float | None
    estimate: bool = False  # A's or B's figure is the console's estimate (label it so)

    @property
    def diff(self) -> float | None:
        return self.b - self.a if self.a is not None and self.b is not None else None

    @property
    def pct(self) -> float | None:
        """(B − A) / |A|; None when A is missing or 0."""
        d = self.diff
        return d / abs(self.a) if d is not None and self.a else None


def compare_kpis(a: RecordedSession, b: RecordedSession) -> list[KpiDiff]:
    ka, kb = session_kpis(a), session_kpis(b)
    estimate = a.online_is_estimate or b.online_is_estimate
    return [KpiDiff(spec, ka[spec.key], kb[spec.key], estimate and spec.key in ONLINE_KPIS) for spec in COMPARE_KPIS]


def minute_values(session: RecordedSession, name: str, minutes: int) -> np.ndarray:
    """The series' value at each whole broadcast minute 0..minutes-1 (the last point at or before start + 60 m;
    NaN before the first point, in a gap, or after the session's end)."""
    buf = session.series[name]
    times = session.start + 60.0 * np.arange(minutes)
    idx = np.searchsorted(buf.ts, times, side="right") - 1
    out = np.full(minutes, np.nan)
    ok = (idx >= 0) & (times <= session.end)
    out[ok] = buf.values[idx[ok]]
    return out


def minute_view(session: RecordedSession, name: str, m0: float, m1: float,
                max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """The decimated view of a series between broadcast minutes m0 and m1, x in minutes since the start."""
    x, y = session.view(name, session.start + 60.0 * m0, session.start + 60.0 * m1, max_points)
    return (x - session.start) / 60.0, y


def compared_minutes(a: RecordedSession, b: RecordedSession) -> int:
    """How many whole broadcast minutes the longer of the two sessions covers."""
    return int(math.floor(max(a.minute(a.end), b.minute(b.end)))) + 1
