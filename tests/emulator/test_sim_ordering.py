"""Product order matters as the truth says: an order by appeal beats the reverse in expected GMV, and the
realised GMV of the same room agrees; the operator's order and pinned product take effect."""

from __future__ import annotations

import pytest

from dyconsole.emulator.sim import SimConfig, Simulator

START = SimConfig().start_ts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_order_by_appeal_beats_the_reverse_expected_and_realised(seed: int) -> None:
    results = {}
    for name in ("best", "worst"):
        sim = Simulator(SimConfig(seed=seed, duration_s=3600))
        sim.advance_to(START)
        appeal = sim.truth.appeal
        order = sorted(appeal, key=appeal.__getitem__, reverse=(name == "best"))
        expected = sim.truth.expected_gmv_rate(order)
        sim.set_product_order(order)
        assert sim.product_order() == order
        sim.advance_to(START + 3600)
        results[name] = (expected, sim.room_stats()["live_pay_order_gmv_alias"])
    assert results["best"][0] > results["worst"][0] > 0
    assert results["best"][1] > results["worst"][1] > 0


def test_set_product_order_validates() -> None:
    sim = Simulator(SimConfig(seed=4, duration_s=600))
    order = sim.product_order()
    for bad in (order[:-1], order + ["x"], order[:-1] + [order[0]], ["nope"] * len(order)):
        with pytest.raises(ValueError):
            sim.set_product_order(bad)
    with pytest.raises(ValueError):
        sim.set_explaining("nope")
    with pytest.raises(ValueError):
        sim.truth.expected_gmv_rate(order[:-1])


def test_the_host_rotates_in_list_order_and_a_pin_holds() -> None:
    sim = Simulator(SimConfig(seed=5, duration_s=3600))
    seen: list[str] = []
    for t in range(0, 1500, 30):
        sim.advance_to(START + t)
        being = [p["productId"] for p in sim.products() if p["explain_status"] == "BEINGEXPLAIN"]
        assert len(being) == (1 if t > 0 else 0)
        if being and (not seen or seen[-1] != being[0]):
            seen.append(being[0])
    order = sim.product_order()
    assert len(seen) >= 4 and seen == order[: len(seen)]  # a few minutes each, in list order
    pinned = order[-1]
    sim.set_explaining(pinned)
    for t in range(1500, 2400, 60):
        sim.advance_to(START + t + 1)
        assert [p["productId"] for p in sim.products() if p["explain_status"] == "BEINGEXPLAIN"] == [pinned]
    sim.set_explaining(None)
    sim.advance_to(START + 2500)
    being = [p["productId"] for p in sim.products() if p["explain_status"] == "BEINGEXPLAIN"]
    assert being == [order[0]]  # the rotation carries on after the pinned (last) product
    counts = {p["productId"]: p["live_product_explain_cnt"] for p in sim.products()}
    assert counts[pinned] == 1 and counts[order[0]] == 2
