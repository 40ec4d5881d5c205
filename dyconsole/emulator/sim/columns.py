"""Growable numpy column stores (the simulator's viewers and orders): every column shares one capacity, doubled
when rows no longer fit, so adding rows costs amortised O(1) and the live rows stay contiguous."""

from __future__ import annotations

import numpy as np


def grow_columns(cols: dict[str, np.ndarray], used: int, needed: int) -> int:
    """Make room for `needed` rows in every column of `cols` (in place), keeping the first `used` rows; the
    capacity doubles until they fit. Returns the capacity (unchanged when they already fit)."""
    cap = len(next(iter(cols.values())))
    if needed <= cap:
        return cap
    while needed > cap:
        cap *= 2
    for name, arr in cols.items():
        grown = np.zeros(cap, dtype=arr.dtype)
        grown[:used] = arr[:used]
        cols[name] = grown
    return cap
