"""The order variants run in over a plan's slots: a seeded, balanced, randomised switchback schedule.

Design: randomised blocks of adjacent slots. The slots are cut into consecutive blocks of k slots (k variants; for
an A/B test, pairs) and each block runs every variant once in an order drawn at random (AB or BA). Why:
- balanced: every variant gets exactly n_slots / k slots, and in every block;
- drift cancels: a broadcast's audience and mood drift over the hours, so the analysis compares the slots of one
  block, which are next to each other in time; a linear drift adds +d to half the blocks' differences and -d to the
  other half (the order is random), so it is no bias, only noise;
- randomised: the order within a block is random, which is what makes the comparison causal and the carry-over
  from one slot into the next (handled further by the washout) symmetric between the variants.
Bojinov, Simchi-Levi & Zhao, "Design and Analysis of Switchback Experiments" (Management Science, 2023) show
regular switchbacks with randomised assignment in each period are minimax-optimal when carry-over is shorter than a
period; the pairing here is their design with the randomisation restricted so each pair is balanced.
"""

from __future__ import annotations

import random
from typing import Sequence


def balanced_schedule(n_slots: int, seed: int, variants: Sequence[str] = ("A", "B")) -> list[str]:
    """The variant key of each slot: blocks of len(variants) adjacent slots, each a seeded random order of all the
    variants. The same (n_slots, seed, variants) always give the same schedule. Raises ValueError when n_slots is
    not a positive multiple of the number of variants (the plan's validation says so to the operator first)."""
    k = len(variants)
    if k < 2 or len(set(variants)) != k:
        raise ValueError("a schedule needs at least two distinct variants")
    if n_slots <= 0 or n_slots % k:
        raise ValueError(f"n_slots ({n_slots}) must be a positive multiple of {k}")
    rng = random.Random(f"ab-schedule:{seed}:{k}")
    out: list[str] = []
    for _ in range(n_slots // k):
        block = list(variants)
        rng.shuffle(block)
        out.extend(block)
    return out


def blocks(n_slots: int, k: int = 2) -> list[tuple[int, ...]]:
    """The slot indexes of each block (what the analysis compares within)."""
    return [tuple(range(b, min(b + k, n_slots))) for b in range(0, n_slots, k)]
