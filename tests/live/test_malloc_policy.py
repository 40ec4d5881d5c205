"""The window's allocator policy (services.malloc_policy): once the console is up, a large block freed goes back to
the system instead of leaving a hole in the heap, even after glibc moved its threshold up (as it does over hours)."""

from __future__ import annotations

import subprocess
import sys

import pytest

_PROBE = """
import ctypes, sys
import numpy as np
from dyconsole.services.malloc_policy import keep_large_blocks_apart

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks "
                                                "fordblks keepcost").split()]

info = ctypes.CDLL(None).mallinfo2
info.restype = MallInfo2
big = np.ones(4 << 20, dtype=np.uint8)  # mapped; freed, glibc moves its threshold up to 4 MiB
del big
if sys.argv[1] == "policy":
    assert keep_large_blocks_apart()
mapped = info().hblks
block = np.ones(1 << 20, dtype=np.uint8)  # 1 MiB: mapped apart, or carved from the heap
print(info().hblks - mapped)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_large_block_is_mapped_apart_once_the_policy_is_set() -> None:
    def mapped_blocks(mode: str) -> int:
        out = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True)
        return int(out.stdout.strip())

    assert mapped_blocks("default") == 0  # the threshold moved up: from the heap
    assert mapped_blocks("policy") == 1
