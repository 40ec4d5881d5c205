"""What core.decimate did before its pyramid was made compact (min/max values and int64 indices per block, a NaN
count per sample): kept as the oracle of tests/core/test_decimate_compact.py, which checks that the compact form
draws point for point what this one draws. Not used by the console."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyconsole.core.grow_array import GrowArray  # the growth is not what this form differs in

BRANCH = 4
SENTINEL = np.iinfo(np.int64).max
#: views whose mid buckets a pyramid keeps (the live charts draw one view a series; a second window or a pan
#: may add one)
VIEW_CACHE_SIZE = 4


@dataclass(slots=True)
class Blocks:
    """Min/max summaries of consecutive index ranges (blocks of a level, or pixel buckets of a view)."""

    mn: np.ndarray
    mx: np.ndarray
    imn: np.ndarray  # raw index of the min (SENTINEL when all NaN)
    imx: np.ndarray

    def __len__(self) -> int:
        return len(self.mn)


def _raw_blocks(values: np.ndarray, base: int) -> Blocks:
    """Each raw sample as a block of one (values is a slice starting at raw index `base`)."""
    idx = np.arange(base, base + len(values), dtype=np.int64)
    nan = np.isnan(values)
    finite_idx = np.where(nan, SENTINEL, idx)
    return Blocks(values, values, finite_idx, finite_idx)


def _edge_block(values: np.ndarray, lo: int, hi: int) -> Blocks:
    """Raw samples [lo, hi) as one block (a partial block at a view's edge): what reduce_blocks would make of
    their raw blocks, without building them."""
    seg = values[lo:hi]
    mn, mx = np.fmin.reduce(seg), np.fmax.reduce(seg)  # NaN only when every sample is NaN
    if mn != mn:
        return Blocks(np.array([np.nan]), np.array([np.nan]), np.array([SENTINEL]), np.array([SENTINEL]))
    return Blocks(np.array([mn]), np.array([mx]), np.array([lo + int(np.argmax(seg == mn))]),
                  np.array([lo + int(np.argmax(seg == mx))]))


def _argpick(vals: np.ndarray, pos: np.ndarray, fill: float) -> np.ndarray:
    """Within each row of `vals`, the `pos` of the position holding the extreme chosen by argmin of vals."""
    clean = np.where(np.isnan(vals), fill, vals)
    col = clean.argmin(axis=1) if fill > 0 else clean.argmax(axis=1)
    return pos[np.arange(len(vals)), col]


def reduce_blocks(b: Blocks, starts: np.ndarray) -> Blocks:
    """Merge consecutive blocks into groups beginning at `starts` (strictly increasing, starts[0] == 0)."""
    if len(b) == 0:
        return b
    counts = np.diff(np.append(starts, len(b)))
    with np.errstate(invalid="ignore"):
        mn = np.fmin.reduceat(b.mn, starts)
        mx = np.fmax.reduceat(b.mx, starts)
    cand_mn = np.where(b.mn == np.repeat(mn, counts), b.imn, SENTINEL)
    cand_mx = np.where(b.mx == np.repeat(mx, counts), b.imx, SENTINEL)
    return Blocks(
        mn,
        mx,
        np.minimum.reduceat(cand_mn, starts),
        np.minimum.reduceat(cand_mx, starts),
    )


class _Level:
    def __init__(self) -> None:
        self.mn, self.mx = GrowArray(), GrowArray()
        self.imn, self.imx = GrowArray(np.int64), GrowArray(np.int64)

    @property
    def n(self) -> int:
        return self.mn.n

    def blocks(self, j0: int, j1: int) -> Blocks:
        return Blocks(
            self.mn.view[j0:j1], self.mx.view[j0:j1], self.imn.view[j0:j1], self.imx.view[j0:j1]
        )

    def extend(self, b: Blocks) -> None:
        self.mn.extend(b.mn)
        self.mx.extend(b.mx)
        self.imn.extend(b.imn)
        self.imx.extend(b.imx)


class MinMaxPyramid:
    """The incremental min/max levels over one raw series (levels[k-1] has blocks of BRANCH**k samples), and
    the running count of NaN samples (nan_before[i] = NaNs among the first i samples)."""

    def __init__(self) -> None:
        self.levels: list[_Level] = []
        #: drawn indices of recent views' mid buckets (see _mid_indices), least recently used first
        self.view_cache: dict[tuple[int, int, int, int], np.ndarray] = {}
        self._nan_before = GrowArray(np.int64)
        self._nan_before.append(0)

    @property
    def nan_before(self) -> np.ndarray:
        return self._nan_before.view

    def level_blocks(self, values: np.ndarray, k: int, j0: int, j1: int) -> Blocks:
        """Blocks j0..j1 of level k (k = 0: raw samples)."""
        if k == 0:
            return _raw_blocks(values[j0:j1], j0)
        return self.levels[k - 1].blocks(j0, j1)

    def complete(self, k: int) -> int:
        return self.levels[k - 1].n if 0 < k <= len(self.levels) else 0

    def update(self, values: np.ndarray) -> None:
        """Bring every level up to date with the raw `values` (complete blocks only)."""
        n, k = len(values), 1
        done = self._nan_before.n - 1
        if done < n:
            counts = np.cumsum(np.isnan(values[done:n])) + self._nan_before.data[done]
            self._nan_before.extend(counts)
        while n // BRANCH**k:
            if len(self.levels) < k:
                self.levels.append(_Level())
            level = self.levels[k - 1]
            target = n // BRANCH**k
            if level.n < target:
                child = self.level_blocks(values, k - 1, level.n * BRANCH, target * BRANCH)
                level.extend(self._merge4(child))
            k += 1

    @staticmethod
    def _merge4(c: Blocks) -> Blocks:
        shape = (-1, BRANCH)
        mn, mx = c.mn.reshape(shape), c.mx.reshape(shape)
        with np.errstate(invalid="ignore"):
            bmn, bmx = np.fmin.reduce(mn, axis=1), np.fmax.reduce(mx, axis=1)
        return Blocks(
            bmn,
            bmx,
            _argpick(mn, c.imn.reshape(shape), np.inf),
            _argpick(mx, c.imx.reshape(shape), -np.inf),
        )


@dataclass(frozen=True, slots=True)
class _Plan:
    """How a view of raw range [i0, i1) reads the pyramid: `mid` blocks b0..b1 of level k (blocks of `size` raw
    samples) grouped into `mid_buckets` buckets, and the partial blocks at the edges read raw."""

    k: int
    size: int
    b0: int
    b1: int
    mid_buckets: int
    left: bool  # raw samples [i0, b0 * size) form a bucket of their own
    right: bool  # raw samples [b1 * size, i1) form a bucket of their own


def _plan(pyramid: MinMaxPyramid, i0: int, i1: int, n_buckets: int) -> _Plan:
    n = i1 - i0
    n_buckets = max(1, n_buckets)
    k = 0
    while k < len(pyramid.levels) and BRANCH ** (k + 1) * 2 <= n / n_buckets:
        k += 1
    size = BRANCH**k
    b0 = -(-i0 // size)
    b1 = min(i1 // size, pyramid.complete(k)) if k else i1
    if b1 - b0 < 2 or k == 0 or n_buckets < 4:
        k, size, b0, b1 = 0, 1, i0, i1
    left, right = b0 * size > i0, b1 * size < i1
    mid_buckets = max(1, min(n_buckets - int(left) - int(right), b1 - b0))
    return _Plan(k, size, b0, b1, mid_buckets, left, right)


def _mid_starts(plan: _Plan) -> np.ndarray:
    """The first block (relative to b0) of each mid bucket."""
    starts = np.linspace(0, plan.b1 - plan.b0, plan.mid_buckets + 1).astype(np.int64)[:-1]
    return starts[np.concatenate(([True], starts[1:] != starts[:-1]))]  # ascending: drop the repeats


def view_buckets(
    values: np.ndarray, pyramid: MinMaxPyramid, i0: int, i1: int, n_buckets: int
) -> tuple[np.ndarray, Blocks]:
    """Split raw range [i0, i1) into at most `n_buckets` consecutive buckets; return their raw start indices and
    min/max summaries. Reads O(n_buckets) pyramid blocks plus at most two partial blocks at the edges."""
    plan = _plan(pyramid, i0, i1, n_buckets)
    k, size, b0, b1 = plan.k, plan.size, plan.b0, plan.b1
    parts_starts: list[np.ndarray] = []
    parts: list[Blocks] = []
    if plan.left:
        parts_starts.append(np.array([i0]))
        parts.append(_edge_block(values, i0, b0 * size))
    starts = _mid_starts(plan)
    parts_starts.append((starts + b0) * size)
    parts.append(reduce_blocks(pyramid.level_blocks(values, k, b0, b1), starts))
    if plan.right:
        parts_starts.append(np.array([b1 * size]))
        parts.append(_edge_block(values, b1 * size, i1))
    merged = Blocks(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("mn", "mx", "imn", "imx")))
    return np.concatenate(parts_starts).astype(np.int64), merged


def _drawn_indices(b: Blocks) -> np.ndarray:
    """Per bucket the raw index of its min and of its max, in time order (one when they are the same sample; none
    for an all-NaN bucket)."""
    idx = np.stack([b.imn, b.imx], axis=1)
    idx[:, 1] = np.where(idx[:, 1] == idx[:, 0], SENTINEL, idx[:, 1])
    idx.sort(axis=1)
    pts = idx.ravel()
    return pts[pts != SENTINEL]


def _first_nan(nan_before: np.ndarray, a: int, b: int) -> int | None:
    """The first raw index strictly between a and b that holds a NaN (None when there is none)."""
    lo = a + 1
    if b <= lo or nan_before[b] <= nan_before[lo]:
        return None
    return int(np.searchsorted(nan_before, nan_before[lo] + 1, side="left")) - 1


def _with_inner_gaps(pts: np.ndarray, nan_before: np.ndarray) -> np.ndarray:
    """The drawn indices `pts` (ascending) with a break (the index of the first NaN) between any two of them that
    have a NaN between them in the raw data. Starts and ends with a point."""
    if len(pts) < 2:
        return pts
    lo, hi = pts[:-1] + 1, pts[1:]  # raw ranges [lo, hi) between drawn points
    has_gap = nan_before[hi] > nan_before[lo]
    if not has_gap.any():
        return pts
    # the first NaN in [lo, hi): the first j with nan_before[j + 1] > nan_before[lo]
    gap_at = np.searchsorted(nan_before, nan_before[lo[has_gap]] + 1, side="left") - 1
    order = np.concatenate([pts * 2 + 1, gap_at * 2])  # a break sorts before the point after it
    return np.concatenate([pts, gap_at])[np.argsort(order, kind="stable")]


def _stitch(segments: list[np.ndarray], nan_before: np.ndarray, i0: int, i1: int) -> np.ndarray:
    """Consecutive segments of drawn indices (each with its inner breaks) joined, with a break wherever the raw
    data between two segments, before the first or after the last (within [i0, i1)) holds a NaN."""
    out: list[np.ndarray] = []
    prev = i0 - 1
    for seg in segments:
        if not len(seg):
            continue
        gap = _first_nan(nan_before, prev, int(seg[0]))
        if gap is not None:
            out.append(np.array([gap], dtype=np.int64))
        out.append(seg)
        prev = int(seg[-1])
    gap = _first_nan(nan_before, prev, i1)
    if gap is not None:
        out.append(np.array([gap], dtype=np.int64))
    return np.concatenate(out).astype(np.int64, copy=False) if out else np.empty(0, dtype=np.int64)


def bucket_points(
    ts: np.ndarray, values: np.ndarray, b: Blocks, nan_before: np.ndarray, i0: int, i1: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per bucket its min and its max in time order; then a NaN break wherever the raw data between two drawn
    points (or before the first / after the last, within [i0, i1)) holds a NaN. Returns (x, y). The whole view
    at once (decimated_view draws the same points from the view cache)."""
    pts = _drawn_indices(b)
    # NaNs strictly between consecutive drawn points, and at the ends of the range
    bounds = np.concatenate([[i0 - 1], pts, [i1]])
    lo, hi = bounds[:-1] + 1, bounds[1:]  # raw ranges [lo, hi) between drawn points
    has_gap = nan_before[hi] > nan_before[lo]
    # the first NaN in [lo, hi): the first j with nan_before[j + 1] > nan_before[lo]
    gap_at = np.searchsorted(nan_before, nan_before[lo[has_gap]] + 1, side="left") - 1
    order = np.concatenate([pts * 2 + 1, gap_at * 2])  # a break sorts before the point after it
    all_idx = np.concatenate([pts, gap_at])[np.argsort(order, kind="stable")]
    return ts[all_idx].copy(), values[all_idx].copy()


def _mid_indices(values: np.ndarray, pyramid: MinMaxPyramid, plan: _Plan) -> np.ndarray:
    """The drawn indices (with their inner breaks) of a plan's mid buckets, from the pyramid's view cache when
    the same buckets were drawn before (complete blocks never change: the raw series only grows)."""
    key = (plan.k, plan.b0, plan.b1, plan.mid_buckets)
    cache = pyramid.view_cache
    hit = cache.pop(key, None)
    if hit is not None:
        cache[key] = hit  # the most recently used goes last
        return hit
    blocks = reduce_blocks(pyramid.level_blocks(values, plan.k, plan.b0, plan.b1), _mid_starts(plan))
    pts = _with_inner_gaps(_drawn_indices(blocks), pyramid.nan_before)
    if plan.k == 0:
        return pts  # raw samples: a view that moves changes its mid at every append, nothing to keep
    pts.flags.writeable = False
    if len(cache) >= VIEW_CACHE_SIZE:
        del cache[next(iter(cache))]  # the least recently used
    cache[key] = pts
    return pts


def decimated_view(
    ts: np.ndarray, values: np.ndarray, pyramid: MinMaxPyramid, i0: int, i1: int, max_points: int
) -> tuple[np.ndarray, np.ndarray]:
    """Raw range [i0, i1) as at most max_points points (plus one break per gap), peaks and troughs kept: the same
    points as bucket_points(view_buckets(...)), but the mid buckets (whole pyramid blocks) come from the view
    cache while they stay the same (a live view redrawn after each append: only its partial edge blocks change
    until the view crosses a block boundary), so a redraw mostly reads the edges."""
    if i1 - i0 <= max_points:
        return ts[i0:i1].copy(), values[i0:i1].copy()
    plan = _plan(pyramid, i0, i1, max(1, max_points // 2))
    nan_before = pyramid.nan_before
    segments: list[np.ndarray] = []
    # the edge blocks with their inner breaks (mended in both forms: a NaN between an edge block's min and max)
    if plan.left:
        segments.append(_with_inner_gaps(_drawn_indices(_edge_block(values, i0, plan.b0 * plan.size)), nan_before))
    segments.append(_mid_indices(values, pyramid, plan))
    if plan.right:
        segments.append(_with_inner_gaps(_drawn_indices(_edge_block(values, plan.b1 * plan.size, i1)), nan_before))
    idx = _stitch(segments, nan_before, i0, i1)
    return ts[idx], values[idx]
