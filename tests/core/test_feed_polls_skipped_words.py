"""The command line's and the log's words for skipped polls: a real plural, the kinds, the run's total."""

from __future__ import annotations

from dyconsole.core.feed import PollsSkipped


def test_one_poll_is_singular_and_more_are_plural() -> None:
    assert PollsSkipped(0.0, 1, 12, (("room", 1),)).summary() == "1 poll skipped (room 1), 12 in all"
    assert PollsSkipped(0.0, 3, 3, (("room", 2), ("products", 1))).summary() == (
        "3 polls skipped (room 2, products 1), 3 in all")
