"""Threshold and no-data rules through the engine: pending duration, missing values, hysteresis, cooldown,
severity, rule changes."""

from __future__ import annotations

import math

import pytest
from tests.support.alert_testkit import T0, frame, series

from dyconsole.core.alerts import (
    AlertEngine,
    Direction,
    NoDataRule,
    Severity,
    ThresholdRule,
    replay,
)


def below(**kw: object) -> ThresholdRule:
    base: dict[str, object] = dict(id="r", name="在线过低", metric="online", direction=Direction.BELOW,
                                   threshold=100.0)
    base.update(kw)
    return ThresholdRule(**base)  # type: ignore[arg-type]


def kinds_at(events: list) -> list[tuple[str, float]]:
    return [(e.kind, e.ts - T0) for e in events]


def test_fires_at_once_without_pending_and_carries_the_rule() -> None:
    events = replay([below(severity=Severity.CRITICAL)], series("online", [150, 120, 90, 80]))
    assert kinds_at(events) == [("fired", 10.0)]
    e = events[0]
    assert (e.rule_id, e.rule_name, e.rule_kind, e.metric) == ("r", "在线过低", "threshold", "online")
    assert e.severity is Severity.CRITICAL and e.value == 90 and e.threshold == 100
    assert "在线人数" in e.message_zh and "低于" in e.message_zh and "90" in e.message_zh
    assert e.message_en == "Online is 90, below 100"


def test_pending_duration_must_hold_continuously() -> None:
    rule = below(pending_s=20)
    # below from t=5..20 (15 s held), back above at 25, below again from 30: fires at 30+20 = 50
    values = [150, 90, 90, 90, 90, 150, 90, 90, 90, 90, 90, 90]
    assert kinds_at(replay([rule], series("online", values))) == [("fired", 50.0)]


def test_missing_value_pauses_the_pending_timer() -> None:
    rule = below(pending_s=20)
    # held 0..10 (10 s), missing 15..40, holds again 45..: the missing stretch does not count, nor reset
    values: list[float | None] = [90, 90, 90, None, None, None, None, None, None, 90, 90, 90]
    events = replay([rule], series("online", values))
    # 10 s accrued before the gap; after resuming at 45 it needs 10 s more -> fires at 55
    assert kinds_at(events) == [("fired", 55.0)]


def test_missing_value_neither_fires_nor_resolves() -> None:
    rule = below(recovery=120)
    events = replay([rule], series("online", [90, None, float("nan"), None, 200]))
    assert kinds_at(events) == [("fired", 0.0), ("resolved", 20.0)]


def test_hysteresis_no_flapping_around_the_threshold() -> None:
    rule = below(recovery=120)
    values = [90, 101, 95, 110, 99, 119, 121, 99]
    events = replay([rule], series("online", values))
    assert kinds_at(events) == [("fired", 0.0), ("resolved", 30.0), ("fired", 35.0)]
    resolved = events[1]
    assert resolved.value == 121 and "已恢复" in resolved.message_zh and "recovered" in resolved.message_en


def test_above_rule_with_recovery_below_threshold() -> None:
    rule = ThresholdRule(id="age", name="延迟", metric="data_age_s", direction=Direction.ABOVE, threshold=30,
                         recovery=10)
    frames = [frame(i * 5.0, {}, data_age_s=a) for i, a in enumerate([5, 31, 20, 11, 9])]
    assert kinds_at(replay([rule], frames)) == [("fired", 5.0), ("resolved", 20.0)]


def test_cooldown_after_resolving() -> None:
    rule = below(recovery=100, cooldown_s=30)
    values = [90, 150, 90, 90, 90, 90, 90, 90, 90]  # resolves at 5; cooldown until 35
    assert kinds_at(replay([rule], series("online", values))) == [("fired", 0.0), ("resolved", 5.0), ("fired", 35.0)]


def test_cooldown_then_pending_starts_afresh() -> None:
    rule = below(recovery=100, cooldown_s=30, pending_s=10)
    values = [90, 90, 90, 150] + [90] * 12  # fires at 10, resolves at 15, cooldown to 45, holds 45..55
    assert kinds_at(replay([rule], series("online", values))) == [("fired", 10.0), ("resolved", 15.0),
                                                                     ("fired", 55.0)]


def test_active_lists_alerts_until_resolved() -> None:
    engine = AlertEngine([below(recovery=110), below(id="r2", threshold=50)])
    engine.evaluate(frame(0, {"online": 80}))
    assert [a.rule_id for a in engine.active] == ["r"]
    engine.evaluate(frame(5, {"online": 40}))
    assert [a.rule_id for a in engine.active] == ["r", "r2"]
    engine.evaluate(frame(10, {"online": 200}))
    assert engine.active == []


def test_disabled_rules_do_nothing_and_frames_out_of_order_are_ignored() -> None:
    engine = AlertEngine([below(enabled=False), below(id="on")])
    assert [e.rule_id for e in engine.evaluate(frame(10, {"online": 1}))] == ["on"]
    assert engine.evaluate(frame(5, {"online": 500})) == []  # older than the last frame
    assert [a.rule_id for a in engine.active] == ["on"]


def test_set_rules_clears_alerts_of_changed_rules_and_keeps_the_others() -> None:
    keep, edit = below(id="keep"), below(id="edit")
    engine = AlertEngine([keep, edit])
    engine.evaluate(frame(0, {"online": 10}))
    cleared = engine.set_rules([keep, below(id="edit", threshold=5)])
    assert [(e.kind, e.rule_id) for e in cleared] == [("resolved", "edit")]
    assert [a.rule_id for a in engine.active] == ["keep"]
    assert engine.evaluate(frame(5, {"online": 10})) == []  # edited rule: 10 is not below 5; keep stays active


def test_duplicate_rule_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        AlertEngine([below(), below()])


def test_no_data_fires_on_down_and_on_stale_data() -> None:
    rule = NoDataRule(id="nd", name="数据中断", max_age_s=60)
    frames = [
        frame(0, {}, data_age_s=5),
        frame(5, {}, data_age_s=10, source_state="down"),
        frame(10, {}, data_age_s=2),
        frame(70, {}, data_age_s=61),
        frame(75, {}, data_age_s=1, source_state="ok"),
    ]
    events = replay([rule], frames)
    assert kinds_at(events) == [("fired", 5.0), ("resolved", 10.0), ("fired", 70.0), ("resolved", 75.0)]
    assert "断开" in events[0].message_zh and "down" in events[0].message_en
    assert events[2].message_zh == "数据已 1分01秒 未更新（上限 1分00秒）"
    assert events[2].message_en == "No new data for 1m 01s (limit 1m 00s)"
    assert events[0].severity is Severity.CRITICAL


def test_no_data_ignores_down_when_told_and_waits_for_an_age() -> None:
    rule = NoDataRule(id="nd", name="n", max_age_s=60, when_down=False)
    frames = [frame(0, {}, source_state="down"), frame(5, {}, data_age_s=None), frame(10, {}, data_age_s=math.inf)]
    events = replay([rule], frames)
    assert kinds_at(events) == [("fired", 10.0)]
    assert "未更新" in events[0].message_zh and "No new data" in events[0].message_en


def test_an_estimated_online_count_is_said_to_be_one_and_shown_whole() -> None:
    """A source without an online count: the value is the console's estimate, and the alert says so."""
    rule = below(threshold=500.0)
    estimated = replay([rule], [frame(0, {"online": 375.38, "online_is_estimate": 1.0})])
    assert estimated[0].message_zh == "在线人数（估算） 375，低于阈值 500"
    assert estimated[0].message_en == "Online (estimate) is 375, below 500"
    real = replay([rule], [frame(0, {"online": 375.0, "online_is_estimate": 0.0})])
    assert real[0].message_en == "Online is 375, below 500"
    small = replay([below(threshold=10.0)], [frame(0, {"online": 2.5, "online_is_estimate": 0.0})])
    assert small[0].message_en == "Online is 2.5, below 10"  # small counts keep their decimal
