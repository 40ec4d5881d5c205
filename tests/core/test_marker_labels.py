"""Time-marker labels on a chart never overlap and are never cut by the plot's edge (core.marker_labels)."""

from __future__ import annotations

import random

import pytest

from dyconsole.core.marker_labels import place_labels


def test_a_label_goes_left_of_its_line_then_right_then_nowhere() -> None:
    # placed in the order given: the first takes the left of 50, the second (same line) its right, the third none
    assert place_labels([50, 50, 50], [10, 10, 10], 0, 100) == ["left", "right", None]


def test_the_plot_edges_push_a_label_to_the_other_side_or_hide_it() -> None:
    assert place_labels([5], [10], 0, 100) == ["right"]  # left would start before the plot
    assert place_labels([97], [10], 0, 100) == ["left"]
    assert place_labels([50], [120], 0, 100) == [None]  # wider than the plot either way
    assert place_labels([150], [10], 0, 100) == [None]  # a line drawn just outside the range shown
    assert place_labels([8], [10], 0, 100, gap=1) == ["right"]  # the gap is kept from the edge too
    assert place_labels([0.5], [10], 0, 100, gap=1) == ["right"]  # a line at the edge: its text goes inwards
    assert place_labels([-0.5], [10], 0, 100) == [None]  # off the plot


def test_the_gap_is_kept_between_labels() -> None:
    assert place_labels([50, 61], [10, 10], 0, 100) == ["left", "left"]  # 51..61 clears 40..50
    assert place_labels([50, 61], [10, 10], 0, 100, gap=2) == ["left", "right"]  # not by 2: the right, 61..71
    assert place_labels([50, 51], [10, 10], 0, 100) == ["left", "right"]  # touching is allowed without a gap
    assert place_labels([50, 51], [10, 10], 0, 100, gap=2) == ["left", None]  # 51..61 starts within 2 of 50
    assert place_labels([50, 75], [10, 10], 0, 100, gap=2) == ["left", "left"]


def test_random_layouts_hold_the_promises() -> None:
    rng = random.Random(7)
    shown_some = 0
    for _ in range(300):
        n = rng.randint(1, 40)
        xs = [rng.uniform(-20, 120) for _ in range(n)]
        ws = [rng.uniform(1, 30) for _ in range(n)]
        sides = place_labels(xs, ws, 0, 100, gap=1.5)
        spans = [(x - w, x) if s == "left" else (x, x + w) for x, w, s in zip(xs, ws, sides) if s]
        shown_some += len(spans)
        for (a, b), x, s in zip(spans, [x for x, s in zip(xs, sides) if s], [s for s in sides if s]):
            assert 0 <= x <= 100 and (a >= 1.5 if s == "left" else b <= 98.5)
        spans.sort()
        for (_, b), (a, _) in zip(spans, spans[1:]):
            assert a >= b + 1.5
        # a hidden label had no room on either side
        placed = [(x - w, x) if s == "left" else (x, x + w) for x, w, s in zip(xs, ws, sides) if s]
        for x, w, s in zip(xs, ws, sides):
            if s is None:
                if not 0 <= x <= 100:
                    continue
                for a, b, cut in ((x - w, x, x - w < 1.5), (x, x + w, x + w > 98.5)):
                    assert cut or any(not (b + 1.5 <= pa or a >= pb + 1.5) for pa, pb in placed)
    assert shown_some > 1000


def test_one_width_per_label() -> None:
    with pytest.raises(ValueError):
        place_labels([1, 2], [1], 0, 10)
