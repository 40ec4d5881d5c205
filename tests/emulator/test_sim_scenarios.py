"""Each shipped scenario starts within the first 30 minutes and changes what it claims, unambiguously; bad
scenario input fails with a ValueError that names the problem."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dyconsole.core.metrics import ROOM_COUNTERS
from dyconsole.emulator.scenarios import SCENARIO_NAMES, Scenario, ScenarioEvent, load_scenario
from dyconsole.emulator.sim import SimConfig, Simulator

START = SimConfig().start_ts


def _run(name: str, upto_s: int) -> tuple[Simulator, ScenarioEvent]:
    scenario = load_scenario(name)
    sim = Simulator(SimConfig(seed=21, duration_s=3 * 3600), scenario=scenario)
    sim.advance_to(START + upto_s)
    return sim, scenario.events[0]


def _stats_at(sim: Simulator, t: float) -> dict[str, float]:
    sim.advance_to(START + t)
    return sim.room_stats()


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_every_shipped_scenario_starts_early_and_lasts(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name and scenario.description
    assert scenario.events and all(e.at_s < 1800 and e.duration_s >= 600 for e in scenario.events)


def test_viewer_drop_empties_the_room() -> None:
    sim, ev = _run("viewer-drop", 0)
    sim.advance_to(START + ev.end_s)
    conc = sim.truth.concurrent
    before = np.mean(conc[int(ev.at_s) - 600:int(ev.at_s)])
    during = np.mean(conc[int(ev.at_s) + 180:int(ev.end_s)])
    assert during < 0.5 * before
    assert [e.kind for e, _, _ in sim.truth.events] == ["viewer_drop"]


def test_surge_brings_paid_traffic_and_spend() -> None:
    sim, ev = _run("surge", 0)
    at, end = int(ev.at_s), int(ev.end_s)
    s0, s1 = _stats_at(sim, at - 600), _stats_at(sim, at)
    flow_before = sim.flow("AllEcomFlowSource")
    s2 = _stats_at(sim, end)
    flow_after = sim.flow("AllEcomFlowSource")
    conc = sim.truth.concurrent
    assert np.mean(conc[at + 300:end]) > 1.8 * np.mean(conc[at - 600:at])
    spend_before = (s1["stat_cost"] - s0["stat_cost"]) / 600
    spend_during = (s2["stat_cost"] - s1["stat_cost"]) / (end - at)
    assert spend_during > 3 * max(spend_before, 0.1)
    paid_gain = flow_after["live_pc_qian_chuan"] - flow_before["live_pc_qian_chuan"]
    organic_gain = flow_after["homepage_hot"] - flow_before["homepage_hot"]
    assert paid_gain > organic_gain


def test_conversion_collapse_cuts_orders_per_click() -> None:
    sim, ev = _run("conversion-collapse", 0)
    at, end = int(ev.at_s), int(ev.end_s)
    s0, s1, s2 = _stats_at(sim, at - 1200), _stats_at(sim, at), _stats_at(sim, end)

    def per_click(a: dict[str, float], b: dict[str, float]) -> float:
        clicks = b["live_click_product_count_alias"] - a["live_click_product_count_alias"]
        return (b["live_create_order_count_alias"] - a["live_create_order_count_alias"]) / clicks

    assert per_click(s1, s2) < 0.4 * per_click(s0, s1)
    assert per_click(s0, s1) > 0


def test_viral_product_takes_the_clicks() -> None:
    sim, ev = _run("viral-product", 0)
    at, end = int(ev.at_s), int(ev.end_s)
    sim.advance_to(START + at)
    target = sim.truth.events[0][0].target
    assert target in sim.truth.appeal  # the seed chose one of the room's products
    assert sim.truth.appeal_now[target] == sim.truth.appeal[target]  # not yet

    def clicks_of(pid: str) -> tuple[int, int]:
        products = sim.products()
        mine = next(p["live_click_product_count_alias"] for p in products if p["productId"] == pid)
        return mine, sum(p["live_click_product_count_alias"] for p in products)

    mine0, all0 = clicks_of(target)
    sim.advance_to(START + end)
    mine1, all1 = clicks_of(target)
    assert sim.truth.appeal_now[target] == pytest.approx(ev.magnitude * sim.truth.appeal[target])
    share_before = mine0 / all0
    share_during = (mine1 - mine0) / (all1 - all0)
    assert share_during > 3 * share_before


def test_silent_source_is_silent_exactly_for_its_duration() -> None:
    sim, ev = _run("silent-source", 0)
    sim.advance_to(START + ev.at_s - 1)
    assert not sim.source_silent
    sim.advance_to(START + ev.at_s)
    assert sim.source_silent
    sim.advance_to(START + ev.end_s - 1)
    assert sim.source_silent
    sim.advance_to(START + ev.end_s)
    assert not sim.source_silent


def test_apply_event_starts_now_and_scenarios_keep_counters_monotonic() -> None:
    sim = Simulator(SimConfig(seed=22, duration_s=3600), scenario=load_scenario("viewer-drop"))
    previous = sim.room_stats()
    for t in range(0, 3600, 97):
        sim.advance_to(START + t)
        if t == 97 * 5:
            sim.apply_event(ScenarioEvent("surge", 0, 600))
            assert sim.truth.events[-1][1] == START + t
        stats = sim.room_stats()
        assert all(stats[k] >= previous[k] for k in ROOM_COUNTERS), t
        previous = stats


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_counters_never_decrease_through_each_scenario(name: str) -> None:
    sim = Simulator(SimConfig(seed=23, duration_s=3600), scenario=load_scenario(name))
    previous = sim.room_stats()
    rng = np.random.default_rng(1)
    t = 0.0
    while t < 3600 + 3 * 86_400:
        t += float(rng.uniform(1, 300)) if t < 3600 else 86_400.0
        sim.advance_to(START + t)
        stats = sim.room_stats()
        assert all(stats[k] >= previous[k] for k in ROOM_COUNTERS), (name, t)
        assert all(p["live_product_Inventory"] >= 0 for p in sim.products())
        previous = stats


def _write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_a_scenario_file_by_path_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps({"name": "mine", "description": "d", "events": [
        {"kind": "surge", "at_s": 60, "duration_s": 600, "magnitude": 2.5, "target": None}]}))
    scenario = load_scenario(path)
    assert isinstance(scenario, Scenario) and scenario.events[0].magnitude == 2.5


@pytest.mark.parametrize("content, needle", [
    ("{not json", "bad JSON"),
    ("[]", "JSON object"),
    ('{"name": "x", "events": {}}', "'events' must be a list"),
    ('{"events": []}', "'name'"),
    ('{"name": "x", "events": [{"kind": "meteor", "at_s": 1, "duration_s": 1}]}', "unknown event kind"),
    ('{"name": "x", "events": [{"kind": "surge", "at_s": -5, "duration_s": 1}]}', "at_s"),
    ('{"name": "x", "events": [{"kind": "surge", "at_s": 5, "duration_s": "long"}]}', "duration_s"),
    ('{"name": "x", "events": [{"kind": "surge", "at_s": 5}]}', "missing field"),
    ('{"name": "x", "events": [{"kind": "surge", "at_s": 5, "duration_s": 9, "speed": 2}]}', "unknown field"),
    ('{"name": "x", "events": [{"kind": "surge", "at_s": 5, "duration_s": 9, "magnitude": -1}]}', "magnitude"),
])
def test_bad_scenario_files_name_the_problem(tmp_path: Path, content: str, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        load_scenario(_write(tmp_path, content))


def test_unknown_names_and_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown scenario 'no-such-thing'"):
        load_scenario("no-such-thing")
    bad_target = Scenario("x", [ScenarioEvent("viral_product", 10, 60, target="nope")], "")
    with pytest.raises(ValueError, match="not a product"):
        Simulator(SimConfig(seed=1), scenario=bad_target)
