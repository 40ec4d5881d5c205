"""The demo room's A/B variant: the hidden true effect multiplies conversion while the treatment runs (orders and
GMV follow, entries do not), from the second it is switched, and the truth tells it; the control endpoint takes
the variant and refuses nonsense."""

from __future__ import annotations

import pytest
from tests.support.emu_support import in_process, make_room, run

from dyconsole.emulator.scenarios import scenario_from_dict
from dyconsole.emulator.sim import SimConfig, Simulator
from dyconsole.emulator.sim.config import AB_EFFECT_RANGE

START = SimConfig().start_ts


def _hour(variant: str | None, effect: float, seed: int) -> dict[str, float]:
    sim = Simulator(SimConfig(seed=seed, duration_s=3600, ab_effect=effect))
    sim.advance_to(START)
    sim.set_ab_variant(variant)
    sim.advance_to(START + 3600)
    return sim.room_stats()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_treatment_moves_orders_by_its_true_effect_and_not_entries(seed: int) -> None:
    a, b = _hour("A", 0.5, seed), _hour("B", 0.5, seed)
    assert a == _hour(None, 0.5, seed)  # the control is the room as it is
    assert b["total_live_watch_cnt"] == a["total_live_watch_cnt"]  # same viewers: the effect is on conversion
    assert b["live_click_product_count_alias"] == a["live_click_product_count_alias"]
    ratio = b["live_pay_order_count_alias"] / a["live_pay_order_count_alias"]
    assert 1.2 < ratio < 1.8  # 1.5 expected; about 60 orders an hour, so +-0.3 is 2.5 sd
    assert _hour("B", 0.0, seed) == a


def test_a_switch_applies_from_its_second_and_the_past_stays() -> None:
    sim = Simulator(SimConfig(seed=3, duration_s=1800, ab_effect=1.0))
    sim.advance_to(START + 900)
    before = sim.room_stats()
    sim.set_ab_variant("B")
    assert sim.room_stats() == before
    sim.advance_to(START + 1800)
    base = Simulator(SimConfig(seed=3, duration_s=1800, ab_effect=1.0))
    base.advance_to(START + 1800)
    assert sim.room_stats()["live_pay_order_count_alias"] > base.room_stats()["live_pay_order_count_alias"]
    assert sim.truth.ab_variant == "B" and sim.truth.ab_effects["B"] == 1.0 and "gpm" in sim.truth.ab_applies_to


def test_the_effect_is_drawn_from_the_seed_unless_given() -> None:
    drawn = {Simulator(SimConfig(seed=s, duration_s=600)).ab_effect("B") for s in range(1, 9)}
    assert len(drawn) == 8 and all(AB_EFFECT_RANGE[0] <= e <= AB_EFFECT_RANGE[1] for e in drawn)
    assert Simulator(SimConfig(seed=1, duration_s=600)).ab_effect("B") in drawn  # same seed, same effect
    assert Simulator(SimConfig(seed=1, duration_s=600)).ab_effect("A") == 0.0
    scenario = scenario_from_dict({"name": "ab", "events": [], "ab_effect": 0.2})
    assert Simulator(SimConfig(seed=1, duration_s=600), scenario).ab_effect("B") == 0.2
    with pytest.raises(ValueError):
        scenario_from_dict({"name": "ab", "events": [], "ab_effect": "big"})
    with pytest.raises(ValueError):
        SimConfig(ab_effect=-2.0)


def test_the_control_endpoint_takes_the_variant_and_the_truth_keeps_the_effect() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            assert (await client.get("/_emulator/ab")).json() == {"variant": None}
            r = await client.post("/_emulator/ab", json={"variant": "B"})
            assert r.status_code == 200 and r.json() == {"variant": "B"}
            assert "effect" not in str(r.json())  # hidden from the runner
            truth = (await client.get("/_emulator/truth")).json()["truth"]
            assert truth["ab_variant"] == "B"
            assert truth["ab_effects"]["B"] == room.demo.simulator.ab_effect("B")
            for bad in ({}, {"variant": 3}, {"variant": ""}):
                bad_r = await client.post("/_emulator/ab", json=bad)
                assert bad_r.status_code == 400 and bad_r.json()["error"], bad
            assert (await client.post("/_emulator/ab", json={"variant": None})).json() == {"variant": None}

    run(go())


def test_the_consoles_switch_reaches_the_demo_room() -> None:
    from dyconsole.commands.demo_wiring import ab_variant_control, demo_connection
    from dyconsole.core.clock import ManualClock

    _conn, _transport, demo = demo_connection(ManualClock(START), 5)
    switch = ab_variant_control(lambda: demo)
    assert run(switch("B")) == "B" and demo.simulator.ab_variant() == "B"
    assert run(switch(None)) is None and demo.simulator.truth.ab_variant is None
    with pytest.raises(RuntimeError, match="variant"):
        run(switch(""))
    with pytest.raises(RuntimeError, match="not connected"):
        run(ab_variant_control(lambda: None)("A"))
