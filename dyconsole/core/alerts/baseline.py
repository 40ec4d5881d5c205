"""The room's own baseline, built from the samples of its past (cached) sessions: which metrics the rules need
from it, and each past session's per-minute values of those metrics (raw or derived, through the same
`Deriver` the live monitor uses), then `norms.Baseline.from_sessions`. Pure: the caller reads storage.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from dyconsole.core.alerts.norms import Baseline, per_minute
from dyconsole.core.alerts.rules import NormRule, NormSource, ProductNormRule, Rule
from dyconsole.core.derived import Deriver, is_gap
from dyconsole.core.model import RoomSample


def baseline_metrics(rules: Iterable[Rule]) -> list[str]:
    """Metrics the enabled rules compare with the room's own baseline (sorted, no duplicates). A per-product
    rule naming the baseline compares a product's click rate with the room's product click rate at that minute."""
    return sorted({r.metric for r in rules if r.enabled and isinstance(r, (NormRule, ProductNormRule))
                   and r.norm_source is NormSource.BASELINE})


def uses_baseline(rules: Iterable[Rule]) -> bool:
    return bool(baseline_metrics(rules))


def session_minutes(samples: Sequence[RoomSample], start_ts: float, metrics: Sequence[str]) -> dict[str, np.ndarray]:
    """Per-minute means (index = broadcast minute since `start_ts`) of `metrics` over one session's room samples
    (gap samples included: they restart the rates, as live)."""
    deriver = Deriver()
    elapsed: list[float] = []
    columns: dict[str, list[float | None]] = {m: [] for m in metrics}
    for sample in samples:
        derived = deriver.push(sample)
        if is_gap(sample):
            continue
        elapsed.append(sample.ts - start_ts)
        for m in metrics:
            columns[m].append(derived[m] if m in derived else sample.values.get(m))
    return {m: per_minute(elapsed, columns[m]) for m in metrics}


def build_baseline(sessions: Iterable[tuple[float, Sequence[RoomSample]]], metrics: Sequence[str],
                   min_sessions: int = 2, spread_min: int = 1) -> Baseline:
    """The baseline of `metrics` over past sessions given as (start_ts, room samples)."""
    per_session: dict[str, list[np.ndarray]] = {m: [] for m in metrics}
    for start_ts, samples in sessions:
        minutes = session_minutes(samples, start_ts, metrics)
        for m in metrics:
            per_session[m].append(minutes[m])
    return Baseline.from_sessions(per_session, min_sessions=min_sessions, spread_min=spread_min)

