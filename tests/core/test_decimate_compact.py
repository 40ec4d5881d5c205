"""The compact min/max pyramid (the offsets of each block's extremes within the block, min and max read back from
the raw values, NaN runs instead of a count per sample) against the form it replaced
(tests/core/decimate_reference.py): the same blocks, the same gap counts and point for point the same drawn views,
full and from the view cache, on random series with NaN runs."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyconsole.core import decimate as compact
from dyconsole.core.grow_array import GrowArray
from dyconsole.core.series import SeriesBuffer

_spec = importlib.util.spec_from_file_location("decimate_reference", Path(__file__).with_name("decimate_reference.py"))
assert _spec is not None and _spec.loader is not None
ref = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = ref  # its dataclasses look their module up
_spec.loader.exec_module(ref)


def _series_with_nan_runs(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random walk with ties (flat stretches, 0.0 and -0.0), isolated NaNs, short and long NaN runs (longer than
    a block of several levels), NaN at the start and at the end."""
    v = np.round(np.cumsum(rng.normal(size=n)), 1)
    for _ in range(max(1, n // 400)):
        a = int(rng.integers(0, n))
        v[a : a + int(rng.integers(1, 60))] = v[a]  # flat: min and max tie inside a block
    v[rng.integers(0, n, max(1, n // 300))] = 0.0
    v[rng.integers(0, n, max(1, n // 300))] = -0.0
    v[rng.integers(0, n, max(1, n // 50))] = np.nan
    for _ in range(max(1, n // 1000)):
        a = int(rng.integers(0, n))
        v[a : a + int(rng.choice([2, 5, 17, 70, 300, 1100]))] = np.nan
    v[: int(rng.integers(0, 6))] = np.nan
    if rng.random() < 0.5:
        v[-int(rng.integers(1, 9)) :] = np.nan
    return v


class _Pair:
    """One series kept in both forms, appended alike."""

    def __init__(self) -> None:
        self.ts, self.values = GrowArray(), GrowArray()
        self.new, self.old = compact.MinMaxPyramid(), ref.MinMaxPyramid()

    def extend(self, ts: np.ndarray, values: np.ndarray) -> None:
        self.ts.extend(ts)
        self.values.extend(values)
        self.new.update(self.values.view)
        self.old.update(self.values.view)

    def assert_same_pyramid(self) -> None:
        v = self.values.view
        assert np.array_equal(self.new.nan_before.as_counts(), self.old.nan_before)
        assert len(self.new.levels) == len(self.old.levels)
        for k in range(1, len(self.old.levels) + 1):
            n = self.old.complete(k)
            assert self.new.complete(k) == n
            a, b = self.new.level_blocks(v, k, 0, n), self.old.level_blocks(v, k, 0, n)
            assert np.array_equal(a.imn, b.imn) and np.array_equal(a.imx, b.imx), k
            assert np.array_equal(a.mn, b.mn, equal_nan=True) and np.array_equal(a.mx, b.mx, equal_nan=True), k

    def assert_same_view(self, i0: int, i1: int, max_points: int) -> None:
        t, v = self.ts.view, self.values.view
        x, y = compact.decimated_view(t, v, self.new, i0, i1, max_points)
        rx, ry = ref.decimated_view(t, v, self.old, i0, i1, max_points)
        assert np.array_equal(x, rx) and np.array_equal(y, ry, equal_nan=True), (i0, i1, max_points)
        nb = max(1, max_points // 2)
        starts, b = compact.view_buckets(v, self.new, i0, i1, nb)
        rstarts, rb = ref.view_buckets(v, self.old, i0, i1, nb)
        assert np.array_equal(starts, rstarts) and np.array_equal(b.imn, rb.imn) and np.array_equal(b.imx, rb.imx)
        assert np.array_equal(b.mn, rb.mn, equal_nan=True) and np.array_equal(b.mx, rb.mx, equal_nan=True)
        px, py = compact.bucket_points(t, v, b, self.new.nan_before, i0, i1)
        rpx, rpy = ref.bucket_points(t, v, rb, self.old.nan_before, i0, i1)
        assert np.array_equal(px, rpx) and np.array_equal(py, rpy, equal_nan=True)
        if i1 - i0 > max_points:  # the view from the cache draws what the whole view draws
            assert np.array_equal(x, px) and np.array_equal(y, py, equal_nan=True), (i0, i1, max_points)


def test_compact_pyramid_draws_what_the_full_one_drew_after_every_append() -> None:
    """A live session: bulk history, then appends one by one with live views (whole, sliding, a fixed start, a
    narrow one) redrawn after each, so both forms' view caches hit and miss alike."""
    for seed in (1, 2):
        rng = np.random.default_rng(seed)
        n0, n1 = 12_000, 12_600
        raw = _series_with_nan_runs(rng, n1)
        pair = _Pair()
        pair.extend(np.arange(n0, dtype=np.float64), raw[:n0])
        pair.assert_same_pyramid()
        for i in range(n0, n1):
            pair.extend(np.array([float(i)]), raw[i : i + 1])
            n = i + 1
            for i0, mp in ((0, 2000), (0, 788), (max(0, n - 1800), 788), (3000, 301), (max(0, n - 90), 40)):
                pair.assert_same_view(i0, n, mp)
        pair.assert_same_pyramid()
        for _ in range(200):  # any range, any width
            i0 = int(rng.integers(0, n1 - 1))
            pair.assert_same_view(i0, int(rng.integers(i0 + 1, n1 + 1)), int(rng.integers(2, 3000)))


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3000), st.integers(1, 5), st.data())
def test_compact_pyramid_equals_the_full_one_on_random_series(seed: int, n: int, chunks: int,
                                                              data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    raw = _series_with_nan_runs(rng, n)
    if data.draw(st.booleans()):
        raw[:] = np.nan if data.draw(st.booleans()) else 1.0  # all gaps, or all one value
    cuts = sorted(set(int(c) for c in rng.integers(1, n + 1, chunks)) | {n})
    pair, done = _Pair(), 0
    for c in cuts:
        pair.extend(np.arange(done, c, dtype=np.float64), raw[done:c])
        done = c
        i0 = data.draw(st.integers(0, c - 1))
        pair.assert_same_view(i0, data.draw(st.integers(i0 + 1, c)), data.draw(st.integers(2, 400)))
    pair.assert_same_pyramid()


def test_nan_runs_are_what_the_pyramid_keeps_of_the_gaps() -> None:
    """The gaps cost a few numbers a run, not one a sample, and answer the same counts as a count per sample."""
    buf = SeriesBuffer("x")
    v = np.arange(10_000, dtype=np.float64)
    v[100:400] = np.nan
    v[5000] = np.nan
    buf.extend(np.arange(10_000.0), v)
    buf.append(10_000.0, math.nan)
    buf.append(10_001.0, math.nan)  # the last run goes on
    buf.append(10_002.0, 1.0)
    runs = buf._pyramid.nan_before
    assert len(runs) == 3
    counts = runs.as_counts()
    assert np.array_equal(counts, np.concatenate(([0], np.cumsum(np.isnan(buf.values)))))
    assert runs.first_at_or_after(np.array([0, 400, 5000, 5001])).tolist() == [100, 5000, 5000, 10_000]


def test_a_level_keeps_where_its_extremes_are_in_as_few_bytes_as_its_blocks_need() -> None:
    """Two offsets a block, within the block: one byte each up to blocks of 256 samples, two up to 65,536."""
    buf = SeriesBuffer("x")
    v = np.sin(np.arange(4**9, dtype=np.float64))
    v[4**5 : 2 * 4**5] = np.nan  # an all-NaN block of level 5: offset 0, read back as none
    buf.extend(np.arange(float(len(v))), v)
    levels = buf._pyramid.levels
    assert [lv.n for lv in levels] == [4 ** (9 - k) for k in range(1, 10)]
    assert [lv.imn.data.dtype for lv in levels] == [np.uint8] * 4 + [np.uint16] * 4 + [np.uint32]
    assert levels[4].blocks(buf.values, 1, 2).imn.tolist() == [compact.SENTINEL]
    assert sum(lv.n * 2 * lv.imn.data.itemsize for lv in levels) / len(v) < 0.7  # bytes a sample


def test_a_bulk_load_builds_each_level_from_the_blocks_just_made_below_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a stored session extends each series at once: every level is merged from the blocks just added to the
    level below (not read back from its offsets and the raw values), and the levels are those of appending the
    samples one by one."""
    rng = np.random.default_rng(5)
    v = _series_with_nan_runs(rng, 5000)
    one = SeriesBuffer("one")
    for i, x in enumerate(v.tolist()):
        one.append(float(i), x)

    def no_read_back(self, values, j0, j1):  # type: ignore[no-untyped-def]
        raise AssertionError("a level read back during a bulk load")

    bulk = SeriesBuffer("bulk")
    with monkeypatch.context() as m:
        m.setattr(compact._Level, "blocks", no_read_back)
        bulk.extend(np.arange(5000.0), v)
    levels = [(lv.imn.view.tolist(), lv.imx.view.tolist()) for lv in bulk._pyramid.levels]
    assert levels == [(lv.imn.view.tolist(), lv.imx.view.tolist()) for lv in one._pyramid.levels]
    assert len(levels) == 6
