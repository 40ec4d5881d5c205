"""Benchmark of the sources layer against the demo room (prints figures; not a test).

- in-process (httpx.ASGITransport): requests per real second through the whole client stack (rate limit off)
- over a loopback socket (uvicorn in a thread): median and p95 round trip of room/get
- parsing: room samples per second from room/get records

Run: python tests/benchmarks/bench_sources.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: tests.support

import httpx  # noqa: E402

from dyconsole.core.clock import ScaledClock  # noqa: E402
from dyconsole.emulator.demo import build_demo  # noqa: E402
from dyconsole.sources import parse  # noqa: E402
from dyconsole.sources.transport import ClientSettings  # noqa: E402
from tests.sources.test_src_emulator import LoopbackServer, authorize, make_source  # noqa: E402

FAST = ClientSettings(qps=1e6)
N = 300
NO_LIMIT = {"room/get": 1e6}  # the emulator's own QPS window off too


async def timed_calls(source, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        await source.qianchuan.room_list(parse.shanghai_date(source.clock.now()))
        times.append(time.perf_counter() - t0)
    return times


def bench(base_url: str | None, room) -> list[float]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=room.app) if base_url is None else None
    source = make_source(room, base_url or room.base_url, transport, FAST)

    async def main() -> list[float]:
        try:
            await authorize(source, room)
            await timed_calls(source, 20)  # warm up
            return await timed_calls(source, N)
        finally:
            await source.aclose()

    return asyncio.run(main())


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95)]
    print(f"{name}: {len(times) / sum(times):,.0f} req/s, median {statistics.median(times) * 1e3:.2f} ms, "
          f"p95 {p95 * 1e3:.2f} ms")


def main() -> None:
    room = build_demo(ScaledClock(speed=1.0), seed=1, qps=NO_LIMIT)
    report("in-process room/get", bench(None, room))
    room = build_demo(ScaledClock(speed=1.0), seed=2, qps=NO_LIMIT)
    with LoopbackServer(room) as base_url:
        report("loopback   room/get (server in a thread of this process: GIL-bound)", bench(base_url, room))
    record = dict(room.simulator.room_info()) | room.simulator.room_stats()
    record = {k: str(v) if isinstance(v, float) else v for k, v in record.items()}  # strings: the slow path
    t0 = time.perf_counter()
    for i in range(20_000):
        parse.room_sample(float(i), record)
    print(f"parse room sample (string values): {20_000 / (time.perf_counter() - t0):,.0f} /s")


if __name__ == "__main__":
    main()
