"""The C allocator's policy for a process that runs for hours (the console window): `keep_large_blocks_apart`.

glibc serves a block of at least its mmap threshold with a mapping of its own, unmapped (back to the system) when
freed; smaller blocks come from the heap, whose free space is kept for reuse. The threshold starts at 128 KiB and
moves up to the size of every mapped block freed (up to 32 MiB), so after a while a window's large transient blocks
(a paint's images, a refit's or a redraw's numpy temporaries, a grown array's old copy) are carved from the heap
among long-lived small ones: freed, they leave holes the heap keeps (in the window's 12 h demo run at 600x the heap's
free space grew ~0.6 MB a broadcast hour, twice what the heap held in use). Setting the threshold fixes it (glibc
then stops moving it): blocks from MMAP_THRESHOLD_BYTES up are mapped and go back to the system when freed. Nothing
kept changes; only where large blocks live. Elsewhere than glibc (Windows, macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

#: blocks from this size up get a mapping of their own (a 256 KiB block is 32k float64 values)
MMAP_THRESHOLD_BYTES = 256 * 1024
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def keep_large_blocks_apart(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold at `threshold` bytes; True when it was set (glibc only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold))
