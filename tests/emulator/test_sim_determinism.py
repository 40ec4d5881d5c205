"""The demo room is deterministic for a seed and does not depend on how time was split."""

from __future__ import annotations

import numpy as np

from dyconsole.emulator.sim import SimConfig, Simulator

START = SimConfig().start_ts


def _run(seed: int, steps: list[float]) -> Simulator:
    sim = Simulator(SimConfig(seed=seed, duration_s=1800))
    for t in steps:
        sim.advance_to(START + t)
    return sim


def _outputs(sim: Simulator) -> tuple:
    return (sim.room_stats(), sim.products(), sim.orders(), sim.flow("AllEcomFlowSource"),
            sim.flow("AllEcomGmvSource"), sim.audience("PAY", "CITY"), sim.audience("ENTER", "AGE"),
            sim.truth.concurrent.tolist())


def test_same_seed_same_outputs_and_different_seeds_differ() -> None:
    a, b, c = _run(7, [900]), _run(7, [900]), _run(8, [900])
    assert _outputs(a) == _outputs(b)
    assert a.room_stats() != c.room_stats()
    assert a.truth.concurrent.tolist() != c.truth.concurrent.tolist()


def test_advance_to_is_split_invariant() -> None:
    whole = _run(3, [1000])
    split = _run(3, [100, 200, 200, 333.7, 599, 600, 601, 1000])
    fine = _run(3, list(np.arange(1, 1001, 7.3)) + [1000])
    assert _outputs(whole) == _outputs(split) == _outputs(fine)


def test_advance_to_is_idempotent_and_never_goes_backwards() -> None:
    sim = _run(4, [500])
    before = _outputs(sim)
    sim.advance_to(START + 500.9)
    sim.advance_to(START + 100)
    assert _outputs(sim) == before
    assert sim.now_ts == START + 500 and sim.elapsed_s == 500


def test_split_invariance_holds_with_an_operator_action_mid_chunk() -> None:
    a, b = _run(5, [630]), _run(5, [610, 630])
    order = list(reversed(a.product_order()))
    for sim in (a, b):
        sim.set_product_order(order)
    a.advance_to(START + 1200)
    for t in (700, 719, 1111, 1200):
        b.advance_to(START + t)
    assert _outputs(a) == _outputs(b)


def test_an_action_never_rewrites_the_past() -> None:
    acted, plain = _run(6, [630]), _run(6, [630])
    acted.set_product_order(list(reversed(acted.product_order())))
    acted.set_explaining(acted.product_order()[3])
    for sim in (acted, plain):
        sim.advance_to(START + 1500)
    assert acted.truth.concurrent[:630].tolist() == plain.truth.concurrent[:630].tolist()
    before = START + 630
    assert [o for o in acted.orders() if o.create_time < before] == [o for o in plain.orders() if o.create_time < before]
    assert acted.room_stats() != plain.room_stats()  # while the future does change
