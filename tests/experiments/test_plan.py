"""A plan round-trips through JSON, and every fault the planner can make is named at its field in zh and en."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dyconsole.core import glossary
from dyconsole.core.experiments.plan import AB_METRICS, PlanSpec, Variant, validate


def good() -> PlanSpec:
    return PlanSpec(name="话术对比", hypothesis="新话术提高转化", variants=(Variant("A", "旧话术", "原稿"),
                    Variant("B", "新话术", "强调限时优惠")), metric="conversion_rate", slot_minutes=15,
                    washout_minutes=3, n_slots=12, seed=7, broadcasts=2, min_effect=0.1)


def test_a_good_plan_passes_and_round_trips() -> None:
    spec = good()
    assert validate(spec) == []
    back = PlanSpec.from_json(spec.to_json())
    assert back == spec and back.variants[1].change == "强调限时优惠" and back.control == "A"
    assert back.variant_names() == {"A": "旧话术", "B": "新话术"}


def test_every_ab_metric_is_a_glossary_key_with_both_labels() -> None:
    for key in AB_METRICS:
        assert glossary.label(key, "zh") != glossary.label(key, "en")
    assert {"gpm", "paid_orders_per_min", "product_click_rate", "conversion_rate", "avg_dwell_s",
            "interaction_rate"} == set(AB_METRICS)


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "  "}, "name"),
    ({"variants": (Variant("A", "a"),)}, "variants"),
    ({"variants": (Variant("A", "a"), Variant("A", "b"))}, "variants"),
    ({"variants": (Variant("A", "a"), Variant("", "b"))}, "variants"),
    ({"metric": "online"}, "metric"),
    ({"metric": "no_such"}, "metric"),
    ({"slot_minutes": 1, "washout_minutes": 0.5}, "slot_minutes"),
    ({"slot_minutes": 500}, "slot_minutes"),
    ({"washout_minutes": 15}, "washout_minutes"),
    ({"washout_minutes": -1}, "washout_minutes"),
    ({"n_slots": 11}, "n_slots"),
    ({"n_slots": 2}, "n_slots"),
    ({"broadcasts": 0}, "broadcasts"),
    ({"seed": -3}, "seed"),
    ({"min_effect": 0.0}, "min_effect"),
])
def test_each_fault_is_named_at_its_field_in_both_languages(change: dict, field: str) -> None:
    problems = validate(replace(good(), **change))
    assert [p.field for p in problems] == [field]
    p = problems[0]
    assert p.zh and p.en and p.zh != p.en and p.text("en") == p.en and p.text("zh") == p.zh


def test_three_variants_need_a_multiple_of_three_slots() -> None:
    three = replace(good(), variants=(*good().variants, Variant("C", "c")))
    assert [p.field for p in validate(replace(three, n_slots=10))] == ["n_slots"]
    assert validate(three) == []  # 12 slots: four blocks of A, B, C
