"""Storage speed figures (not a test): python tests/storage/bench_storage.py [hours]

Records a broadcast of `hours` (default 4) at the default poll intervals through the Recorder (one transaction
per poll, WAL, synchronous=NORMAL), then times listing the sessions, loading the room samples and the CSV export.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dyconsole.core.clock import ManualClock
from dyconsole.core.metrics import FLOW_SOURCES, PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.core.model import FlowSample, ProductSample, RoomInfo, RoomSample, RoomStatus
from dyconsole.storage.db import RECORDER_BUSY_TIMEOUT_MS, open_db
from dyconsole.storage.export_csv import export_session_csv
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.sessions import list_sessions, load_room_samples


def main(hours: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        db = open_db(path, busy_timeout_ms=RECORDER_BUSY_TIMEOUT_MS)
        clock = ManualClock(1_800_000_000.0)
        rec = Recorder(db, clock)
        rec.on_room_info(RoomInfo("r1", "bench", RoomStatus.LIVING))
        polls = int(hours * 3600 / 5)
        room_times: list[float] = []
        product_times: list[float] = []
        t_all = time.perf_counter()
        for i in range(polls):
            clock.advance(5)
            values = {name: float(i * 3 + k) for k, name in enumerate(ROOM_METRIC_NAMES)}
            t0 = time.perf_counter()
            rec.on_room(RoomSample(clock.now(), "r1", RoomStatus.LIVING, values))
            room_times.append(time.perf_counter() - t0)
            if i % 6 == 0:  # products and flow every 30 s
                products = [ProductSample(clock.now(), f"p{j}", f"商品{j}", "UNEXPLAIN", j,
                                          {n: float(j) for n in PRODUCT_NUMERIC_FIELDS}) for j in range(30)]
                t0 = time.perf_counter()
                rec.on_products(clock.now(), products)
                product_times.append(time.perf_counter() - t0)
                rec.on_flow(FlowSample(clock.now(), "AllEcomFlowSource", {s: 1.0 for s in FLOW_SOURCES}))
        total = time.perf_counter() - t_all
        rec.close()
        room_times.sort()
        product_times.sort()
        print(f"recorded {hours} h: {polls} room polls, {len(product_times)} product polls (30 products) "
              f"in {total:.2f} s")
        print(f"room poll write: median {room_times[len(room_times) // 2] * 1e3:.3f} ms, "
              f"p99 {room_times[int(len(room_times) * 0.99)] * 1e3:.3f} ms")
        print(f"product poll write: median {product_times[len(product_times) // 2] * 1e3:.3f} ms, "
              f"p99 {product_times[int(len(product_times) * 0.99)] * 1e3:.3f} ms")
        sid = rec.session_id or ""
        t0 = time.perf_counter()
        list_sessions(db)
        print(f"list_sessions: {(time.perf_counter() - t0) * 1e3:.1f} ms")
        t0 = time.perf_counter()
        n = len(load_room_samples(db, sid))
        print(f"load_room_samples ({n} rows): {(time.perf_counter() - t0) * 1e3:.1f} ms")
        t0 = time.perf_counter()
        export_session_csv(db, sid, Path(tmp) / "out.csv")
        print(f"export_session_csv ({n} rows, with derived columns): {(time.perf_counter() - t0) * 1e3:.1f} ms")
        print(f"database size: {sum(p.stat().st_size for p in Path(tmp).glob('bench.sqlite3*')) / 1e6:.1f} MB")
        db.close()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.0)
