"""The verdict: adjacent pairs compared, drift cancelled, the interval valid at every look, the words right."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dyconsole.core.experiments.analysis import (
    HIGHER, INCONCLUSIVE, LOWER, NO_DIFFERENCE, TOO_EARLY, SlotOutcome, analyse, pair_log_ratios, verdict_text)
from dyconsole.core.experiments.schedule import balanced_schedule


def run(effect: float, n: int, seed: int, noise: float = 0.1, drift_per_slot: float = 0.0) -> list[SlotOutcome]:
    rng = np.random.default_rng(seed)
    out = []
    for i, v in enumerate(balanced_schedule(n, seed)):
        level = 100 * math.exp(drift_per_slot * i + rng.normal(0, noise / math.sqrt(2)))
        out.append(SlotOutcome(i, v, level * (1 + effect if v == "B" else 1), i * 900.0, i * 900.0, 0.0))
    return out


def test_a_clear_effect_is_found_with_its_size_in_the_interval() -> None:
    v = analyse(run(0.3, 20, 1), planned_slots=20)
    assert v.state == HIGHER and v.lo is not None and v.hi is not None and v.lo < 0.3 < v.hi and v.lo > 0
    assert v.slots_used == 20 and v.pairs == 10 and not v.stopped_early
    down = analyse(run(-0.3, 20, 2), planned_slots=20)
    assert down.state == LOWER and down.hi is not None and down.hi < 0


def test_strong_drift_cancels_in_adjacent_pairs() -> None:
    # the room grows 8% a slot (2.5x over 12 slots) and B is no better: rarely a false verdict, effect centred on 0
    verdicts = [analyse(run(0.0, 12, seed, noise=0.05, drift_per_slot=0.08), planned_slots=12) for seed in range(200)]
    assert sum(v.state in (HIGHER, LOWER) for v in verdicts) <= 10
    assert abs(float(np.mean([v.effect for v in verdicts]))) < 0.01
    assert {v.state for v in verdicts} <= {INCONCLUSIVE, HIGHER, LOWER}


def test_too_early_and_how_many_more() -> None:
    outs = run(0.3, 20, 3)
    v = analyse(outs[:2], planned_slots=20)
    assert v.state == TOO_EARLY and v.lo == -1.0 and v.hi == math.inf
    v4 = analyse(outs[:6], planned_slots=20)
    assert v4.state == TOO_EARLY and v4.more_slots_needed is not None and v4.more_slots_needed >= 2
    assert verdict_text(v4, "zh") == f"还不能下结论：约需再 {v4.more_slots_needed} 个时段"
    assert verdict_text(v4, "en") == f"Too early to tell: about {v4.more_slots_needed} more slots needed"
    assert analyse([]).state == TOO_EARLY and verdict_text(analyse([]), "en") == "Too early to tell"
    ended = analyse(outs[:4], planned_slots=4)  # two pairs cannot bound the effect: no made-up interval
    assert ended.state == INCONCLUSIVE and verdict_text(ended, "zh") == "全部时段跑完仍无明确差别（95% 区间 尚无界）"
    assert verdict_text(ended, "en") == "No clear difference after all slots (95% interval not bounded yet)"


def test_stopping_early_and_the_words() -> None:
    v = analyse(run(0.5, 40, 5), planned_slots=40)
    assert v.state == HIGHER
    early = analyse(run(0.5, 40, 5)[:12], planned_slots=40)
    assert early.state == HIGHER and early.stopped_early
    zh = verdict_text(early, "zh", {"A": "旧", "B": "新"})
    pct = f"{round(early.effect * 100)}%"
    assert zh.startswith(f"新 比 旧 高 {pct}（95% 区间 ") and zh.endswith("可提前结束")
    assert verdict_text(early, "en").startswith(f"B is {pct} higher than A (95% interval ")


def test_no_difference_when_the_interval_sits_inside_the_smallest_effect() -> None:
    v = analyse(run(0.0, 60, 6, noise=0.02), planned_slots=60, min_effect=0.1)
    assert v.state == NO_DIFFERENCE and -0.1 < v.lo < v.hi < 0.1  # type: ignore[operator]
    assert "无实质差别" in verdict_text(v, "zh")


def test_missing_values_and_zeros_drop_their_pair_only() -> None:
    outs = run(0.2, 8, 7)
    outs[0] = SlotOutcome(0, outs[0].variant, None, 0, 0, 0)
    outs[3] = SlotOutcome(3, outs[3].variant, 0.0, 0, 0, 0)
    assert len(pair_log_ratios(outs, "A", "B")) == 2
    assert analyse(outs).slots_used == 4


def test_the_interval_is_wider_with_fewer_slots() -> None:
    outs = run(0.1, 40, 8)
    widths = [analyse(outs[:n]).hi - analyse(outs[:n]).lo for n in (8, 16, 40)]  # type: ignore[operator]
    assert widths[0] > widths[1] > widths[2]


def test_three_variants_compare_the_treatment_within_blocks_of_three() -> None:
    schedule = balanced_schedule(9, 4, ("A", "B", "C"))
    level = [100.0, 100.0, 100.0, 200.0, 200.0, 200.0, 400.0, 400.0, 400.0]  # each block at its own level
    mult = {"A": 1.0, "B": 1.1, "C": 1.3}
    outs = [SlotOutcome(i, v, level[i] * mult[v], 0, 0) for i, v in enumerate(schedule)]
    assert pair_log_ratios(outs, "A", "C", k=3) == pytest.approx([math.log(1.3)] * 3)
    v = analyse(outs[:3], treatment="C", block=3)
    assert v.pairs == 1 and v.effect == pytest.approx(0.3) and v.treatment == "C"
