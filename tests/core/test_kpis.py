"""KPI tiles: value now, change over the last N minutes, estimate marking, gaps change nothing."""

from __future__ import annotations

import pytest

from dyconsole.core.derived import derive_rows
from dyconsole.core.kpis import TILE_IDS, TILES, KpiTracker, kpi_tiles
from dyconsole.core.model import RoomSample, RoomStatus

START = 1_767_000_000.0


def _sample(k: int, online: float | None, gap: bool = False) -> RoomSample:
    if gap:
        return RoomSample(START + 5 * k, "r", RoomStatus.LIVING, {"total_live_watch_cnt": None})
    return RoomSample(
        START + 5 * k,
        "r",
        RoomStatus.LIVING,
        {
            "total_live_watch_cnt": 40.0 * k,
            "live_watch_one_minute_count": max(0.0, 20.0 * (k - 12)),
            "live_pay_order_count_alias": 1.0 * k,
            "live_pay_order_gmv_alias": 100.0 * k,
            "stat_cost": 20.0 * k,
            "online_user_cnt": online,
        },
    )


def test_tiles_values_and_changes_over_n_minutes() -> None:
    samples = [_sample(k, online=500.0 + k) for k in range(241)]  # 20 minutes at 5 s
    tiles = {t.id: t for t in kpi_tiles(samples, derive_rows(samples), change_min=5)}
    assert tuple(tiles) == TILE_IDS and all(t.zh and t.en for t in TILES)
    assert tiles["online_now"].value == 740.0 and tiles["online_now"].change == pytest.approx(60.0)
    assert not tiles["online_now"].is_estimate
    assert tiles["peak_online"].value == 740.0
    assert tiles["gmv"].value == 24_000.0 and tiles["gmv"].change == pytest.approx(6_000.0)
    assert tiles["paid_orders"].change == pytest.approx(60.0)
    assert tiles["conversion_rate"].value == pytest.approx(1 / 40) and tiles["conversion_rate"].change == 0
    assert tiles["live_roi"].value == pytest.approx(5.0)
    assert tiles["gpm"].value == pytest.approx(2500.0)
    assert tiles["avg_dwell"].is_estimate and tiles["avg_dwell"].value is not None
    ten = {t.id: t for t in kpi_tiles(samples, derive_rows(samples), change_min=10)}
    assert ten["gmv"].change == pytest.approx(12_000.0)


def test_no_change_without_enough_history_and_gaps_keep_last_values() -> None:
    tracker = KpiTracker()
    samples = [_sample(k, online=300.0 - k) for k in range(10)] + [_sample(10, None, gap=True)]
    for s, row in zip(samples, derive_rows(samples)):
        tracker.push(s, row)
    tiles = {t.id: t for t in tracker.tiles(5)}
    assert tiles["online_now"].value == 291.0 and tiles["online_now"].change is None
    assert tiles["peak_online"].value == 300.0
    assert tiles["online_now"].as_of == START + 45  # the gap at +50 s changed nothing
    with pytest.raises(ValueError):
        tracker.tiles(change_min=120)


def test_online_estimate_is_marked() -> None:
    samples = [_sample(k, online=None) for k in range(100)]
    tiles = {t.id: t for t in kpi_tiles(samples, derive_rows(samples))}
    assert tiles["online_now"].is_estimate and tiles["online_now"].value is not None
    assert tiles["peak_online"].is_estimate
