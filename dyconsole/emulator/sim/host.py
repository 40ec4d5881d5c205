"""The host at the microphone: which product is being explained each second. The host explains products in
the current list order, a few minutes each, skipping sold-out ones; the operator can override it (pin a
product) and hand back to the rotation, which then carries on after the pinned product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from dyconsole.emulator.sim import config as C

NOBODY = -1
_NEVER = 1 << 62


@dataclass
class HostState:
    current: int = NOBODY  # product index being explained
    slot_end: int = 0  # broadcast second the current slot ends (automatic rotation)
    slots: list[tuple[int, int]] = field(default_factory=list)  # (start second, product index), in order

    def copy(self) -> "HostState":
        return HostState(self.current, self.slot_end, list(self.slots))


def slot_lengths(seed: int, n: int = 4096) -> np.ndarray:
    """Seconds the host spends on the k-th explanation: 2.5 to 5.5 minutes."""
    return C.stream(seed, C.NS_SETUP, 4).integers(150, 331, size=n)


def run_host(state: HostState, c0: int, c1: int, lengths: np.ndarray, order_at: Callable[[int], tuple[int, ...]],
             pinned: list[tuple[int, int | None]], sold_out: np.ndarray) -> np.ndarray:
    """Advance the host over seconds [c0, c1); returns the product explained at each second.

    `pinned`: (second, product index or None) operator overrides, in time order."""
    out = np.empty(c1 - c0, dtype=np.int64)

    def pin_at(s: int) -> tuple[int | None, int]:
        """(pinned product or None, second of the next override change after s)."""
        value, nxt = None, _NEVER
        for sec, pid in pinned:
            if sec <= s:
                value = pid
            else:
                nxt = sec
                break
        return value, nxt

    def start_slot(s: int, product: int, end: int) -> None:
        state.current, state.slot_end = product, end
        state.slots.append((s, product))

    def next_after(s: int, product: int) -> int:
        order = order_at(s)
        pos = order.index(product) + 1 if product in order else 0
        for k in range(len(order)):
            candidate = order[(pos + k) % len(order)]
            if not sold_out[candidate]:
                return candidate
        return order[pos % len(order)]

    s = c0
    while s < c1:
        pin, next_change = pin_at(s)
        if pin is not None:
            if state.current != pin or state.slot_end != _NEVER:
                start_slot(s, pin, _NEVER)
        elif state.current == NOBODY or state.slot_end == _NEVER or s >= state.slot_end:
            product = next_after(s, state.current) if state.current != NOBODY else order_at(s)[0]
            start_slot(s, product, s + int(lengths[len(state.slots) % len(lengths)]))
        upto = min(c1, next_change, state.slot_end)
        out[s - c0:upto - c0] = state.current
        s = upto
    return out
