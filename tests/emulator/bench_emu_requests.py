"""Benchmark (not a test): requests per second the in-process emulator answers, early and late in a broadcast.

Run: python tests/emulator/bench_emu_requests.py  — prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: tests.support

from tests.support.emu_support import Api, in_process, make_room, run  # noqa: E402

N = 200


async def _bench(label: str, call, n: int = N) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for _ in range(n):
        await call()
    dt = time.perf_counter() - t0
    print(f"  {label:<34} {n / dt:8.0f} req/s  ({dt / n * 1000:6.2f} ms each)")


async def main() -> None:
    room = make_room(seed=1)
    async with in_process(room) as client:
        api = Api(client, room.creds)
        await api.qc_login()
        await api.dd_login()
        room_id = room.demo.state.identity.room_id
        for elapsed in (1800, 3 * 3600 - 60):
            t0 = time.perf_counter()
            room.jump(elapsed - room.demo.simulator.elapsed_s)
            room.demo.state.now()
            print(f"at {elapsed} s (simulating to there took {time.perf_counter() - t0:.2f} s), "
                  f"{len(room.demo.simulator.orders())} orders:")
            await _bench("room/get (all fields)", lambda: api.qc_get("room/get"))
            await _bench("product_list/get (page_size 100)",
                         lambda: api.qc_get("room/product_list/get", room_id=room_id, page_size=100))
            await _bench("order/searchList (size 100, page 0)", lambda: api.orders(page=0, size=100), 50)

            async def step() -> None:  # one broadcast second per request: includes simulating it
                room.jump(1)
                await api.qc_get("room/get")

            await _bench("room/get + 1 s of simulation", step)


if __name__ == "__main__":
    run(main())
