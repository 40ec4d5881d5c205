"""End to end against the demo room: the real emulator, clients and poller (on virtual time) feeding the alert
monitor with the shipped default rules. A viewer drop, a conversion collapse and a silent source each fire the
right alert, within one poll interval of the condition holding for its pending time (ground truth from the
simulator); a normal broadcast fires none. Detection delays for more seeds: bench_alert_detection.py.
"""

from __future__ import annotations

from dyconsole.core.alerts import default_rules
from dyconsole.core.alerts.defaults import CONVERSION_DROP_ID, NO_DATA_ID, ONLINE_LOW_ID
from tests.support.alert_scenarios import POLL_S, START, run_scenario, truth_fire_time

from dyconsole.services.alerts.recording import DEMO_ROOM_ONLINE_LEVEL as ONLINE_LEVEL  # the console's level for the demo


def _rules():  # type: ignore[no-untyped-def]
    return default_rules("en", online_level=ONLINE_LEVEL)


def _pending(rule_id: str) -> float:
    return next(r.pending_s for r in _rules() if r.id == rule_id)


def _online_low_delay(duration_s: float, serve_online: bool) -> float:
    """Seconds from the true audience holding below the level for the pending time to the (only) alert."""
    run = run_scenario(_rules(), "viewer-drop", seed=1, duration_s=duration_s, serve_online=serve_online)
    fired = run.fired()
    assert [e.rule_id for e in fired] == [ONLINE_LOW_ID], [e.message_en for e in fired]
    onset = run.truth_below(ONLINE_LEVEL, run.event_start())
    assert onset is not None
    return fired[0].ts - onset - _pending(ONLINE_LOW_ID)


def test_a_viewer_drop_fires_online_low_once_the_true_audience_is_below_the_level_for_the_pending_time() -> None:
    """With a real online count (a source that has one) the alert is as late as its pending time allows."""
    delay = _online_low_delay(1500, serve_online=True)
    assert 0.0 <= delay <= POLL_S, delay


#: the estimate follows a fall of the audience with a short lag (its stay share is measured over the last 120 s of
#: entries): measured 47 / 36 / 22 / 20 / -14 s beyond the pending time for seeds 1-5 (bench_alert_detection.py;
#: seed 5 fires 14 s early: the estimate ran below the falling truth). With a 300 s window it was 82-147 s.
ESTIMATE_LAG_BOUND_S = 60.0


def test_a_viewer_drop_fires_online_low_on_the_estimate_within_a_minute_of_the_truth() -> None:
    """As on the real platform (no online count): the rule sees the console's estimate."""
    delay = _online_low_delay(2100, serve_online=False)
    assert 0.0 <= delay <= ESTIMATE_LAG_BOUND_S, delay


def test_a_conversion_collapse_fires_the_conversion_drop_and_nothing_else() -> None:
    run = run_scenario(_rules(), "conversion-collapse", seed=1, duration_s=2700)
    fired = run.fired()
    assert [e.rule_id for e in fired] == [CONVERSION_DROP_ID], [e.message_en for e in fired]
    start = run.event_start()
    # a statistical detector: it needs the recent window's orders to tell; it fires during the collapse, and the
    # change point it estimates lies near the true start (within the 10-minute recent window)
    assert start < fired[0].ts < start + 1200
    assert fired[0].since_ts is not None and abs(fired[0].since_ts - start) <= 600
    assert "Conversion rate fell" in fired[0].message_en
    # within one poll of the rule's own test passing on the per-second truth (the polled run fired 770 s after
    # the true start, the same second as the truth for seed 1; seeds 2/4/5: 4 / 0 / 2 s later, bench)
    rule = [r for r in _rules() if r.id == CONVERSION_DROP_ID]
    truth_ts = truth_fire_time(run, rule, "conversion-collapse", fired[0].ts - START + POLL_S)
    assert truth_ts is not None
    assert 0.0 <= fired[0].ts - truth_ts <= POLL_S, (fired[0].ts, truth_ts)


def test_a_silent_source_fires_no_data_as_soon_as_the_poller_calls_it_down() -> None:
    run = run_scenario(_rules(), "silent-source", seed=1, duration_s=1900)
    fired = [e for e in run.events if e.kind == "fired"]
    assert [e.rule_id for e in fired] == [NO_DATA_ID]
    start = run.event_start()
    # the poller declares "down" after three failed room polls (each with its retries); the alert needs no more
    assert start < fired[0].ts <= start + 6 * POLL_S
    assert "down" in fired[0].message_en
    resolved = [e for e in run.events if e.kind == "resolved" and e.rule_id == NO_DATA_ID]
    end = run.demo.simulator.truth.events[0][2]
    assert resolved and end <= resolved[0].ts <= end + POLL_S


def test_a_normal_broadcast_raises_no_alert() -> None:
    for seed in (1, 2):
        run = run_scenario(_rules(), None, seed=seed, duration_s=3600)
        assert run.events == [], [(e.rule_id, e.message_en) for e in run.events]
        assert run.frames >= 3600 / POLL_S


def test_the_product_rule_names_the_product_whose_true_click_through_is_below_the_norm() -> None:
    """Seed 3's catalogue has one product (爆款面膜, hidden appeal 0.21) whose true click-through, 0.6%, is below
    the shipped level (80% of the demo room's 1% norm); the per-product rule finds it, and only it."""
    from dyconsole.core.alerts.defaults import PRODUCT_CLICK_LOW_ID
    from dyconsole.emulator.sim.config import BASE_CTR
    from dyconsole.services.alerts.recording import DEMO_ROOM_NORMS

    run = run_scenario(_rules(), None, seed=3, duration_s=2400)
    appeal = run.demo.simulator.truth.appeal
    margin = next(r.margin for r in _rules() if r.id == PRODUCT_CLICK_LOW_ID)  # type: ignore[union-attr]
    level = margin * (DEMO_ROOM_NORMS.get(None, "product_click_rate") or 0.0)
    truly_low = {pid for pid, a in appeal.items() if BASE_CTR * a < level}
    fired = run.fired()
    assert [e.rule_id for e in fired] == [PRODUCT_CLICK_LOW_ID]
    assert fired[0].subject in truly_low and fired[0].subject_name in fired[0].message_zh
    assert fired[0].value is not None and fired[0].value < level
