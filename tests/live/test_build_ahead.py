"""commands.build_ahead.BuildAhead: a piece built on a thread of its own, taken once by the UI thread; a build that
raised raises again at take(), on the taker's thread."""

from __future__ import annotations

import threading

import pytest

from dyconsole.commands.build_ahead import BuildAhead


def test_the_piece_is_built_on_a_thread_of_its_own_and_taken_once() -> None:
    go = threading.Event()

    def build() -> str:
        go.wait(5.0)
        return threading.current_thread().name

    ahead = BuildAhead(build, name="builder")
    assert not ahead.done  # built meanwhile: the caller goes on
    go.set()
    assert ahead.take() == "builder" and ahead.done
    with pytest.raises(RuntimeError):
        ahead.take()


def test_a_build_that_raised_raises_at_take() -> None:
    def build() -> None:
        raise ValueError("no such scenario")

    ahead = BuildAhead(build)
    with pytest.raises(ValueError, match="no such scenario"):
        ahead.take()
