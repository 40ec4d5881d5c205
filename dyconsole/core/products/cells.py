"""`Cells`: one field of the product history, [poll, product], read as float64 (NaN = none), kept in fewer bytes
when its values allow it without changing any: a field of counts is kept as whole numbers in a small integer type
(the type's lowest value for none) until a value comes that it cannot hold exactly (a fraction, -0.0, out of
range); from then on that field is float64. Money is kept the same way in fen (`scale` 100: a yuan figure of at most
two decimals reads back as the very float it was), ratios are float64 from the start."""

from __future__ import annotations

import numpy as np


#: (highest, lowest) of each integer type kept (np.iinfo is slow to build, and asked on every write)
_LIMITS: dict[type, tuple[int, int]] = {t: (int(np.iinfo(t).max), int(np.iinfo(t).min))
                                         for t in (np.int8, np.int16, np.int32, np.int64)}


class Cells:
    """A [poll, product] array of one field (rows grow, columns grow), exact whatever is written."""

    def __init__(self, dtype: type = np.float64, scale: int = 1) -> None:
        self.data = np.empty((0, 0), dtype=dtype)
        self.scale = scale  # while whole: what is kept is the value times this (100: yuan kept in fen)

    @property
    def _whole(self) -> bool:
        return self.data.dtype.kind == "i"

    @property
    def missing(self) -> float | int:
        """What an empty cell holds (NaN, or the integer type's lowest value)."""
        return _LIMITS[self.data.dtype.type][1] if self._whole else np.nan

    def resized(self, polls: int, products: int, n: int) -> None:
        """Room for `polls` x `products`: the first n rows copied, their new columns empty, the rest unwritten."""
        old = self.data
        new = np.empty((polls, products), dtype=old.dtype)
        new[:n, : old.shape[1]] = old[:n]
        new[:n, old.shape[1] :] = self.missing
        self.data = new

    def clear(self, r0: int, r1: int) -> None:
        self.data[r0:r1] = self.missing

    def write(self, rows: np.ndarray | int, cols: np.ndarray, values: np.ndarray) -> None:
        """data[rows, cols] = values (float64, NaN = none)."""
        if self._whole:
            kept = self._kept(values)
            if kept is not None:
                self.data[rows, cols] = kept
                return
            self.data = self.as_float(self.data)
        self.data[rows, cols] = values

    def _kept(self, values: np.ndarray) -> np.ndarray | None:
        """`values` as this array keeps them (NaN as the type's lowest value), or None when one cannot be kept
        exactly (a fraction, -0.0, out of range)."""
        top, bottom = _LIMITS[self.data.dtype.type]
        kept = np.round(values * self.scale) if self.scale != 1 else np.round(values)
        nan = np.isnan(values)
        nans = int(np.count_nonzero(nan))
        if nans == len(kept):
            return np.full(kept.shape, bottom, dtype=self.data.dtype)
        back = kept / self.scale if self.scale != 1 else kept
        if int(np.count_nonzero(back != values)) != nans:  # NaN never equals itself: any other is inexact
            return None
        if not (np.fmin.reduce(kept, axis=None) > bottom and np.fmax.reduce(kept, axis=None) <= top):
            return None
        if np.signbit(kept).any() and np.any((kept == 0) & np.signbit(values)):  # -0.0 would read back as 0.0
            return None
        if nans:
            kept[nan] = bottom
        return kept.astype(self.data.dtype)

    def read(self, rows: slice | int, cols: slice | int | np.ndarray) -> np.ndarray:
        """The cells as float64 (NaN = none); a copy when kept as whole numbers."""
        return self.as_float(self.data[rows, cols])

    def as_float(self, a: np.ndarray) -> np.ndarray:
        if not self._whole:
            return a
        out = a.astype(np.float64)
        if self.scale != 1:
            out /= self.scale  # correctly rounded: the float the kept yuan figure was
        out[a == np.iinfo(a.dtype).min] = np.nan
        return out
