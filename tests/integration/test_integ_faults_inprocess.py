"""The data spine end to end, in-process: real clients + poller + recorder against the demo room's emulator with
EACH fault kind switched on for the first half of a broadcast and off for the second half.

Checked for every fault: the recording survives; every stored value is one the emulator served and one the
simulator's truth took at that time (nothing fabricated, no zero where the truth is positive); counters never
decrease; failed polls are gap rows; the room poll recovers within two intervals of the faults going off; no
endpoint ever gets more requests per broadcast second than its QPS limit. Figures are printed (-s to see them).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.sources.ratelimit import DEFAULT_QPS
from tests.support.virtual_time import VirtualTimeLoop
from tests.support.integ_support import (
    INTERVALS,
    START,
    LoggingTransport,
    decreasing_counters,
    max_in_window,
    record_demo,
    served_room_records,
    truth_mismatches,
    unexplained_values,
)

SPEED = 300.0
DURATION_S = 600.0
OFF_AT_S = 300.0

FAULTS = {
    "latency": "latency=0.01",
    "http5xx": "http5xx=0.3",
    "timeout": "timeout=0.2,timeout_s=0.5",
    "ratelimit": "ratelimit=0.3",
    "expire_tokens": "expire_tokens=60",
    "malformed": "malformed=0.3",
    "truncated": "truncated=0.3",
    "missing": "missing=0.5",
    "nulls": "nulls=0.5",
    "strings": "strings=0.5",
}


def fault_was_served(kind: str, transport: LoggingTransport) -> bool:
    """Whether the emulator really served this fault during the recording (seen on the wire)."""
    log = transport.log
    if kind == "latency":
        before = [e for e in log if e.status is not None and e.sent_at < START + OFF_AT_S - 0.01 * SPEED]
        return bool(before) and all(e.answered_at - e.sent_at >= 0.01 * SPEED * 0.9 for e in before)
    if kind == "http5xx":
        return any(e.status is not None and e.status >= 500 for e in log)
    if kind == "timeout":
        return any(e.status is None for e in log)
    if kind == "ratelimit":
        return any(b'"code":40100' in e.body or b'"code":40110' in e.body or b'"code":60000' in e.body
                   for e in log)
    if kind == "expire_tokens":
        return any(e.path.endswith(("refresh_token/", "/token/refresh")) for e in log)
    if kind == "malformed":
        return any(e.body.startswith(b"<html") for e in log)
    if kind == "truncated":
        return any(e.status == 200 and not e.body.startswith(b"<") and not _parses(e.body) for e in log)
    raw = [rec for e in log if e.path.endswith("room/get/") and _parses(e.body)
           for rec in (json.loads(e.body).get("data") or {}).get("room_list") or []]
    names = ("total_live_watch_cnt", "live_pay_order_gmv_alias", "online_user_cnt", "stat_cost")
    if kind == "missing":
        return any(n not in r for r in raw for n in names)
    if kind == "nulls":
        return any(n in r and r[n] is None for r in raw for n in names)
    return any(isinstance(v, str) for r in raw for n, v in r.items() if n in ROOM_METRIC_NAMES)  # strings


def _parses(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_fault_kind_recorded_honestly_and_recovered(kind: str, tmp_path: Path) -> None:
    timeout = 0.05 if kind == "timeout" else None
    loop = VirtualTimeLoop(1000.0)  # virtual time: a loaded machine cannot thin the polls out
    try:
        rec = loop.run_until_complete(record_demo(tmp_path, FAULTS[kind], speed=SPEED, duration_s=DURATION_S,
                                                  off_at_s=OFF_AT_S, client_timeout_s=timeout))
    finally:
        loop.close()
    assert rec.session_id is not None
    assert fault_was_served(kind, rec.transport), f"the {kind} fault never happened: the test proves nothing"
    rows = rec.room_rows()
    samples = [r for r in rows if not r["is_gap"]]
    assert len(samples) >= 20, f"{len(samples)} samples in {DURATION_S:g} s"
    assert unexplained_values(rows, served_room_records(rec.transport)) == []
    assert decreasing_counters(rows) == []
    assert truth_mismatches(rows, rec.room, slack_s=int(SPEED * 0.5)) == []

    # every failed poll is a gap row with NULL metrics, never zeros
    for row in rows:
        if row["is_gap"]:
            assert row["total_live_watch_cnt"] is None and row["error"]
    # recovery: the first room poll after the faults go off that is not a gap comes within two ticks
    assert rec.off_at is not None
    after = [r for r in rows if r["ts"] >= rec.off_at]
    first_ok = next(i for i, r in enumerate(after) if not r["is_gap"])
    assert first_ok <= 1, f"{first_ok} gap ticks after the faults went off"
    late = after[len(after) // 4:]  # well after the switch: nothing fails any more
    assert not any(r["is_gap"] for r in late)
    # the per-endpoint QPS limit (client default, broadcast seconds) is never exceeded
    for endpoint in ("room/get/", "product_list/get/", "flow_performance/get/", "user/get/", "/order/searchList"):
        assert max_in_window(rec.transport.sends(endpoint)) <= int(DEFAULT_QPS), endpoint

    refreshes = len(rec.transport.sends("refresh_token/")) + len(rec.transport.sends("/token/refresh"))
    if kind == "expire_tokens":  # tokens expiring every broadcast minute are refreshed without a gap
        assert refreshes > 0 and rec.gaps() == []
    nulls = sum(r[n] is None for r in samples for n in ("total_live_watch_cnt", "live_pay_order_gmv_alias"))
    recovery_s = after[first_ok]["ts"] - rec.off_at
    print(f"\n[{kind}] room rows {len(rows)}, gaps {len(rows) - len(samples)} (all kinds {len(rec.gaps())}), "
          f"null watch/GMV cells {nulls}, recovery {first_ok} gap ticks, {recovery_s:.1f} s = "
          f"{recovery_s / INTERVALS.room:.2f} intervals, refreshes {refreshes}")
