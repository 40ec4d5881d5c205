"""Min/max decimation kept incrementally: a pyramid of min/max blocks over a growing series, and the view that
draws at most ~2 points per pixel bucket while keeping every bucket's true min and max and every gap (NaN).

Level k of the pyramid holds blocks of BRANCH**k raw samples: min, max and the raw index of each (SENTINEL when
the block is all NaN). A level only holds complete blocks and is brought up to date after each append, so an
append costs O(1) amortised. Gaps are found with a running count of NaN samples: wherever two drawn points have a
NaN between them in the raw data, a NaN break is drawn between them, so a line never joins across a gap. A view of n samples into b buckets reads one level whose
blocks are 2-8 times smaller than a bucket, i.e. O(b) blocks plus at most two partial blocks of raw samples at
the edges: its cost depends on the screen width, not on the length of the broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BRANCH = 4
SENTINEL = np.iinfo(np.int64).max


class GrowArray:
    """An amortised-growth 1-D numpy array (capacity doubles)."""

    def __init__(self, dtype: type = np.float64, capacity: int = 256) -> None:
        self.data = np.empty(capacity, dtype=dtype)
        self.n = 0

    def _reserve(self, extra: int) -> None:
        need = self.n + extra
        if need > len(self.data):
            cap = max(need, 2 * len(self.data))
            new = np.empty(cap, dtype=self.data.dtype)
            new[: self.n] = self.data[: self.n]
            self.data = new

    def append(self, v: float) -> None:
        if self.n == len(self.data):
            self._reserve(1)
        self.data[self.n] = v
        self.n += 1

    def extend(self, vs: np.ndarray) -> None:
        self._reserve(len(vs))
        self.data[self.n : self.n + len(vs)] = vs
        self.n += len(vs)

    @property
    def view(self) -> np.ndarray:
        return self.data[: self.n]


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


def view_buckets(
    values: np.ndarray, pyramid: MinMaxPyramid, i0: int, i1: int, n_buckets: int
) -> tuple[np.ndarray, Blocks]:
    """Split raw range [i0, i1) into at most `n_buckets` consecutive buckets; return their raw start indices and
    min/max summaries. Reads O(n_buckets) pyramid blocks plus at most two partial blocks at the edges."""
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
    parts_starts: list[np.ndarray] = []
    parts: list[Blocks] = []
    edges = int(b0 * size > i0) + int(b1 * size < i1)
    mid_buckets = max(1, min(n_buckets - edges, b1 - b0))
    if b0 * size > i0:
        parts_starts.append(np.array([i0]))
        parts.append(_edge_block(values, i0, b0 * size))
    starts = np.linspace(0, b1 - b0, mid_buckets + 1).astype(np.int64)[:-1]
    starts = starts[np.concatenate(([True], starts[1:] != starts[:-1]))]  # ascending: drop the repeats
    parts_starts.append((starts + b0) * size)
    parts.append(reduce_blocks(pyramid.level_blocks(values, k, b0, b1), starts))
    if b1 * size < i1:
        parts_starts.append(np.array([b1 * size]))
        parts.append(_edge_block(values, b1 * size, i1))
    merged = Blocks(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("mn", "mx", "imn", "imx")))
    return np.concatenate(parts_starts).astype(np.int64), merged


def bucket_points(
    ts: np.ndarray, values: np.ndarray, b: Blocks, nan_before: np.ndarray, i0: int, i1: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per bucket its min and its max in time order; then a NaN break wherever the raw data between two drawn
    points (or before the first / after the last, within [i0, i1)) holds a NaN. Returns (x, y)."""
    idx = np.stack([b.imn, b.imx], axis=1)
    idx[:, 1] = np.where(idx[:, 1] == idx[:, 0], SENTINEL, idx[:, 1])
    idx.sort(axis=1)
    pts = idx.ravel()
    pts = pts[pts != SENTINEL]
    # NaNs strictly between consecutive drawn points, and at the ends of the range
    bounds = np.concatenate([[i0 - 1], pts, [i1]])
    lo, hi = bounds[:-1] + 1, bounds[1:]  # raw ranges [lo, hi) between drawn points
    has_gap = nan_before[hi] > nan_before[lo]
    # the first NaN in [lo, hi): the first j with nan_before[j + 1] > nan_before[lo]
    gap_at = np.searchsorted(nan_before, nan_before[lo[has_gap]] + 1, side="left") - 1
    order = np.concatenate([pts * 2 + 1, gap_at * 2])  # a break sorts before the point after it
    all_idx = np.concatenate([pts, gap_at])[np.argsort(order, kind="stable")]
    return ts[all_idx].copy(), values[all_idx].copy()


def decimated_view(
    ts: np.ndarray, values: np.ndarray, pyramid: MinMaxPyramid, i0: int, i1: int, max_points: int
) -> tuple[np.ndarray, np.ndarray]:
    """Raw range [i0, i1) as at most max_points points (plus one break per gap), peaks and troughs kept."""
    if i1 - i0 <= max_points:
        return ts[i0:i1].copy(), values[i0:i1].copy()
    _, buckets = view_buckets(values, pyramid, i0, i1, max(1, max_points // 2))
    return bucket_points(ts, values, buckets, pyramid.nan_before, i0, i1)
