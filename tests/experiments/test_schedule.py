"""The schedule is seeded, balanced in every block, and random between blocks."""

from __future__ import annotations

from collections import Counter

import pytest

from dyconsole.core.experiments.schedule import balanced_schedule, blocks


def test_same_seed_same_schedule_other_seed_other_schedule() -> None:
    assert balanced_schedule(20, 5) == balanced_schedule(20, 5)
    assert len({tuple(balanced_schedule(20, s)) for s in range(10)}) > 5


def test_every_pair_holds_a_and_b_once() -> None:
    s = balanced_schedule(30, 11)
    assert Counter(s) == {"A": 15, "B": 15}
    assert all(sorted(s[i:i + 2]) == ["A", "B"] for i in range(0, 30, 2))
    assert blocks(6) == [(0, 1), (2, 3), (4, 5)]


def test_the_order_within_pairs_is_random_not_alternating() -> None:
    firsts = Counter(balanced_schedule(2, seed)[0] for seed in range(400))
    assert 150 < firsts["A"] < 250  # AB and BA about equally often


def test_three_variants_in_blocks_of_three() -> None:
    s = balanced_schedule(9, 1, ("A", "B", "C"))
    assert all(sorted(s[i:i + 3]) == ["A", "B", "C"] for i in range(0, 9, 3))


@pytest.mark.parametrize("n", [0, 3, -2])
def test_unbalanced_counts_are_refused(n: int) -> None:
    with pytest.raises(ValueError):
        balanced_schedule(n, 1)
