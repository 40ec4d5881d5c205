"""Validation messages for each bad field, shipped defaults, and the plain-dict codec."""

from __future__ import annotations

import json
import math

import pytest

from dyconsole.core.alerts import (
    EXAMPLE_NORMS,
    ChangeRule,
    Direction,
    NoDataRule,
    NormRule,
    ProductNormRule,
    RuleDecodeError,
    Severity,
    ThresholdRule,
    default_rules,
    event_from_dict,
    event_to_dict,
    norms_from_dict,
    norms_to_dict,
    replay,
    rule_from_dict,
    rule_to_dict,
    validate,
    validate_rules,
)
from dyconsole.core.alerts.engine import MetricFrame

GOOD_T = ThresholdRule(id="t", name="在线", metric="online", direction=Direction.BELOW, threshold=100, recovery=120)


def fields_of(rule: object) -> set[str]:
    errors = validate(rule)  # type: ignore[arg-type]
    for e in errors:
        assert e.message_zh and e.message_en and e.message_zh != e.message_en
    return {e.field for e in errors}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": " "}, "id"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"metric": "no_such_metric"}, "metric"),
        ({"threshold": math.nan}, "threshold"),
        ({"threshold": math.inf}, "threshold"),
        ({"recovery": 90.0}, "recovery"),  # below: recovery under the threshold
        ({"recovery": math.nan}, "recovery"),
        ({"pending_s": -1.0}, "pending_s"),
        ({"cooldown_s": -0.5}, "cooldown_s"),
        ({"pending_s": math.nan}, "pending_s"),
        ({"severity": "loud"}, "severity"),
        ({"direction": "sideways"}, "direction"),
        ({"enabled": "yes"}, "enabled"),
    ],
)
def test_threshold_rule_bad_fields(changes: dict, field: str) -> None:
    fields = dict(id="t", name="在线", metric="online", direction=Direction.BELOW, threshold=100.0, recovery=120.0)
    fields.update(changes)
    assert fields_of(ThresholdRule(**fields)) == {field}


def test_recovery_side_depends_on_direction() -> None:
    above = ThresholdRule(id="a", name="a", metric="data_age_s", direction=Direction.ABOVE, threshold=30, recovery=40)
    assert fields_of(above) == {"recovery"}
    assert fields_of(ThresholdRule(id="a", name="a", metric="data_age_s", direction=Direction.ABOVE, threshold=30,
                                   recovery=20)) == set()
    assert fields_of(GOOD_T) == set()


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (NormRule(id="n", name="n", metric="bogus"), "metric"),
        (NormRule(id="n", name="n", metric="gpm", margin=0.0), "margin"),
        (NormRule(id="n", name="n", metric="gpm", margin=math.nan), "margin"),
        (NormRule(id="n", name="n", metric="gpm", margin=0.8, recovery_margin=0.7), "recovery_margin"),
        (NormRule(id="n", name="n", metric="gpm", norm_source="market"), "norm_source"),  # type: ignore[arg-type]
        (ProductNormRule(id="p", name="p", window_s=0), "window_s"),
        (ProductNormRule(id="p", name="p", min_impressions=-5), "min_impressions"),
        (ChangeRule(id="c", name="c", numerator=("nope",)), "numerator"),
        (ChangeRule(id="c", name="c", denominator=()), "denominator"),
        (ChangeRule(id="c", name="c", numerator=("total_live_watch_cnt",)), "denominator"),
        (ChangeRule(id="c", name="c", metric="??"), "metric"),
        (ChangeRule(id="c", name="c", recent_s=-1), "recent_s"),
        (ChangeRule(id="c", name="c", recent_s=600, baseline_s=300), "baseline_s"),
        (ChangeRule(id="c", name="c", min_events=0), "min_events"),
        (ChangeRule(id="c", name="c", min_relative_change=1.5), "min_relative_change"),
        (ChangeRule(id="c", name="c", min_evidence=math.inf), "min_evidence"),
        (ChangeRule(id="c", name="c", direction="sideways"), "direction"),  # type: ignore[arg-type]
        (NoDataRule(id="d", name="d", max_age_s=0), "max_age_s"),
        (NoDataRule(id="d", name="d", when_down=1), "when_down"),  # type: ignore[arg-type]
    ],
)
def test_other_rule_kinds_bad_fields(rule: object, field: str) -> None:
    assert fields_of(rule) == {field}


def test_errors_are_reported_for_every_bad_field_at_once() -> None:
    rule = ThresholdRule(id="", name="", metric="x", direction=Direction.BELOW, threshold=math.nan, pending_s=-1)
    assert fields_of(rule) == {"id", "name", "metric", "threshold", "pending_s"}


def test_validate_rules_flags_duplicate_ids() -> None:
    errors = validate_rules([GOOD_T, GOOD_T, NoDataRule(id="d", name="d")])
    assert list(errors) == ["t"] and [e.field for e in errors["t"]] == ["id"]


def test_shipped_defaults_are_valid_and_cover_the_brief() -> None:
    for lang in ("zh", "en"):
        rules = default_rules(lang)
        assert validate_rules(rules) == {}
        kinds = {r.kind for r in rules}
        assert kinds == {"threshold", "product_norm", "change", "no_data"}
    online = [r for r in default_rules(online_level=200) if r.kind == "threshold"][0]
    assert online.metric == "online" and online.threshold == 200


def test_every_rule_kind_round_trips_through_json() -> None:
    rules = [*default_rules(), GOOD_T, NormRule(id="n", name="n", metric="gpm", severity=Severity.INFO)]
    for rule in rules:
        data = json.loads(json.dumps(rule_to_dict(rule)))
        assert rule_from_dict(data) == rule


def test_decoding_ignores_unknown_keys_and_fills_defaults() -> None:
    rule = rule_from_dict({"kind": "no_data", "id": "d", "name": "d", "future_field": 1})
    assert rule == NoDataRule(id="d", name="d")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "magic", "id": "x", "name": "x"}, "kind"),
        ({"kind": "threshold", "id": "x", "name": "x", "direction": "below", "threshold": 1}, "metric"),
        ({"kind": "threshold", "id": "x", "name": "x", "metric": "online", "direction": "up", "threshold": 1},
         "direction"),
        ({"kind": "threshold", "id": "x", "name": "x", "metric": "online", "direction": "below",
          "threshold": "high"}, "threshold"),
        ({"kind": "change", "id": "x", "name": "x", "numerator": [1, 2]}, "numerator"),
        ({"kind": "no_data", "id": 5, "name": "x"}, "id"),
    ],
)
def test_undecodable_fields_raise_with_the_field(data: dict, field: str) -> None:
    with pytest.raises(RuleDecodeError) as info:
        rule_from_dict(data)
    assert [e.field for e in info.value.errors] == [field]


def test_events_and_norms_round_trip() -> None:
    frames = [MetricFrame(1000.0 + i, float(i), {"online": v}) for i, v in enumerate([150.0, 90.0, 130.0])]
    events = replay([GOOD_T], frames)
    assert [e.kind for e in events] == ["fired", "resolved"]
    for e in events:
        assert event_from_dict(json.loads(json.dumps(event_to_dict(e)))) == e
    assert norms_from_dict(json.loads(json.dumps(norms_to_dict(EXAMPLE_NORMS)))) == EXAMPLE_NORMS
    assert norms_from_dict({"a": {"x": "bad", "y": math.nan}, "b": {"z": 1}}).values == {"b": {"z": 1.0}}
