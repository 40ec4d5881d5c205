"""The sessions of a range as storage loads them (storage.session_figures): migration 4 gives every session the
channel douyin; one query with the figures cached per session; old sessions summed up from their samples once,
and again when they gained samples; filters by days, room and channel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.support.history_sessions import OTHER_ROOM, PLAN, HistoryDb

from dyconsole.core.history.ranges import day_bounds
from dyconsole.storage import session_figures as figures_module
from dyconsole.storage.db import open_db
from dyconsole.storage.migrations import SCHEMA_VERSION, schema_version
from dyconsole.storage.session_figures import load_range, rooms_and_channels


def _all(db, h: HistoryDb, **kw):  # type: ignore[no-untyped-def]
    return load_range(db, *day_bounds(h.today - timedelta(days=60), h.today), **kw)


def test_every_recorded_session_is_of_douyin(history_db: HistoryDb) -> None:
    db = open_db(history_db.path)
    try:
        assert schema_version(db) == SCHEMA_VERSION >= 4
        assert rooms_and_channels(db) == (sorted(set(history_db.rooms)), ["douyin"])
        assert {s.channel for s in _all(db, history_db)} == {"douyin"}
        assert _all(db, history_db, channels=("kuaishou",)) == []
    finally:
        db.close()


def test_figures_are_the_sessions_last_values_and_are_cached(history_db: HistoryDb,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_db(history_db.path)
    try:
        loaded = _all(db, history_db)
        assert [s.id for s in loaded] == [r.session_id for r in sorted(history_db.sessions, key=lambda r: r.start)]
        for s in loaded:
            gmv, views = db.execute(
                "SELECT max(live_pay_order_gmv_alias), max(total_live_watch_cnt) FROM room_samples "
                "WHERE session_id = ? AND is_gap = 0", [s.id]).fetchone()
            assert s.figures["live_pay_order_gmv_alias"] == gmv and s.figures["total_live_watch_cnt"] == views
            recorded = next(r for r in history_db.sessions if r.session_id == s.id)
            assert s.figures["length_s"] == recorded.end - recorded.start
            assert s.figures["alert_count"] == 1.0  # the recording helper logs one alert a session
        assert db.execute("SELECT count(*) FROM sessions WHERE figures IS NULL").fetchone()[0] == 0

        def no_samples(*_a):  # type: ignore[no-untyped-def]
            raise AssertionError("cached figures must not read the samples again")

        monkeypatch.setattr(figures_module, "load_room_samples", no_samples)
        assert [s.figures for s in _all(db, history_db)] == [s.figures for s in loaded]
        # a session that gained samples since (resumed) is summed up again
        newest = loaded[-1]
        db.execute("UPDATE sessions SET figures_upto = figures_upto - 1 WHERE id = ?", [newest.id])
        with pytest.raises(AssertionError, match="must not read"):
            _all(db, history_db)
    finally:
        db.close()


def test_filters_by_days_and_room(history_db: HistoryDb) -> None:
    db = open_db(history_db.path)
    try:
        week = load_range(db, *day_bounds(history_db.today - timedelta(days=6), history_db.today))
        assert len(week) == sum(1 for ago, *_ in PLAN if ago <= 6)
        other = _all(db, history_db, rooms=(OTHER_ROOM,))
        assert [s.room_id for s in other] == [OTHER_ROOM] * history_db.rooms.count(OTHER_ROOM)
    finally:
        db.close()
