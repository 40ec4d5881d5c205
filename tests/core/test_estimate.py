"""The online estimator on synthetic counters: Little's law in steady state, warm-up, gaps and resets."""

from __future__ import annotations

import math

import pytest

from dyconsole.core.estimate import EXPONENTIAL, DwellModel, OnlineEstimator


def _counters(t: float, rate: float, p60: float) -> tuple[float, float]:
    """Entries and 1-minute stayers of a room receiving `rate` entries/s since t = 0."""
    return rate * t, rate * p60 * max(0.0, t - 60.0)


@pytest.mark.parametrize("model", [EXPONENTIAL, DwellModel(0.7)])
def test_steady_state_is_entry_rate_times_mean_dwell(model: DwellModel) -> None:
    est = OnlineEstimator(model)
    rate, p60 = 3.0, 0.5
    out = None
    for k in range(1, 3 * 720):
        t = 5.0 * k
        out = est.push(t, *_counters(t, rate, p60))
    assert out is not None
    assert out.p60 == pytest.approx(p60)
    assert out.mean_dwell_s == pytest.approx(model.mean_dwell(p60))
    assert out.online == pytest.approx(rate * out.mean_dwell_s, rel=0.02)
    if model is EXPONENTIAL:
        assert out.mean_dwell_s == pytest.approx(-60.0 / math.log(p60))


def test_none_until_enough_data_then_an_estimate() -> None:
    est = OnlineEstimator()
    got = [est.push(5.0 * k, *_counters(5.0 * k, 2.0, 0.4)) for k in range(40)]
    first = next(i for i, g in enumerate(got) if g is not None)
    assert 5.0 * first >= 60.0 + 30.0  # the 60 s lag plus the shortest p window
    assert all(g is not None for g in got[first:])


def test_a_mid_broadcast_start_is_back_filled_not_started_empty() -> None:
    est = OnlineEstimator(EXPONENTIAL)
    rate, p60 = 3.0, 0.5
    out = None
    for k in range(0, 40):  # the console starts 2 hours into the broadcast
        t = 7200.0 + 5.0 * k
        out = est.push(t, *_counters(t, rate, p60))
    assert out is not None and out.online == pytest.approx(rate * out.mean_dwell_s, rel=0.05)


def test_short_gaps_are_bridged_and_resets_restart() -> None:
    est = OnlineEstimator()
    for k in range(1, 200):
        est.push(5.0 * k, *_counters(5.0 * k, 2.0, 0.4))
    assert est.push(1000.0, None, None) is None  # a gap sample: nothing to say, state kept
    bridged = est.push(1100.0, *_counters(1100.0, 2.0, 0.4))
    assert bridged is not None and bridged.p60 == pytest.approx(0.4)
    assert est.push(1105.0, 10.0, 1.0) is None  # the counters went down: start over
    assert est.push(5000.0, *_counters(5000.0, 2.0, 0.4)) is None  # too long a gap: start over


def test_a_long_broadcast_keeps_at_most_a_quarter_of_room_ahead_in_the_estimators_arrays() -> None:
    """The estimator keeps every poll of the broadcast (and its arrivals): its arrays grow by a quarter with the room
    ahead left unwritten, not doubled and filled (up to twice the polls, all resident)."""
    est = OnlineEstimator()
    n = 2100  # doubling from 256 would hold 4096
    for i in range(n):
        t = 1000.0 + 5.0 * i
        est.push(t, *_counters(t, 2.0, 0.4))
    arrays = (est._ts, est._w, est._m, est._arr_t, est._arr_n)
    assert est._ts.n == n and all(a.n for a in arrays)
    assert all(len(a.data) <= 1.25 * a.n + 256 for a in arrays)
