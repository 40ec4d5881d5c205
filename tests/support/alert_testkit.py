"""Helpers for the alert tests: synthetic frames of a room whose conversion follows a known binomial process."""

from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np

from dyconsole.core.alerts.engine import MetricFrame, ProductFrame

T0 = 1_700_000_000.0  # broadcast start (epoch s); 1_700_000_000 is 22:13:20 UTC = 06:13:20 Beijing
PAID = "live_pay_order_count_alias"
ENTRIES = "total_live_watch_cnt"


def frame(ts_offset: float, values: dict[str, float | None] | None = None, **kw: object) -> MetricFrame:
    """A frame `ts_offset` broadcast seconds after T0."""
    return MetricFrame(ts=T0 + ts_offset, elapsed_s=ts_offset, values=values or {}, **kw)  # type: ignore[arg-type]


def series(metric: str, values: Sequence[float | None], step_s: float = 5.0) -> list[MetricFrame]:
    return [frame(i * step_s, {metric: v}) for i, v in enumerate(values)]


def binomial_room(
    seed: int, rates: Sequence[tuple[float, float]], entries_per_poll: float = 15.0, step_s: float = 5.0
) -> Iterator[MetricFrame]:
    """Frames of cumulative entries (Poisson per poll) and paid orders (Binomial(entries, p)).

    `rates` is [(until_s, p), ...]: p applies up to broadcast second until_s.
    """
    rng = np.random.default_rng(seed)
    entries = paid = 0.0
    t = 0.0
    for until, p in rates:
        while t < until:
            n = int(rng.poisson(entries_per_poll))
            entries += n
            paid += int(rng.binomial(n, p))
            yield frame(t, {PAID: paid, ENTRIES: entries})
            t += step_s


def product_frames(
    clicks_per_poll: Sequence[float], impressions_per_poll: float, step_s: float = 5.0, pid: str = "p1",
    title: str = "纯棉T恤",
) -> list[MetricFrame]:
    """Frames with one product whose clicks per poll are given and impressions per poll are constant."""
    out = []
    clicks = imps = 0.0
    for i, c in enumerate(clicks_per_poll):
        clicks += c
        imps += impressions_per_poll
        out.append(frame(i * step_s, {}, products=(ProductFrame(pid, title, clicks, imps),)))
    return out
