"""The database file: pragmas, tables, versioned migrations, and refusing what it cannot understand."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from dyconsole.core.derived import DERIVED_NAMES
from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.storage.db import open_db
from dyconsole.storage.errors import DatabaseMissing, DatabaseTooNew
from dyconsole.storage.migrations import SCHEMA_VERSION, migrate, schema_version
from dyconsole.storage.schema import DERIVED_REV

TABLES = {"rooms", "sessions", "room_samples", "product_samples", "flow_samples", "audience_samples", "orders",
          "gaps", "events", "alert_rules", "alerts", "ab_plans", "ab_slots"}


def test_a_new_database_is_wal_normal_sync_and_fully_migrated(db: Database) -> None:
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert schema_version(db) == SCHEMA_VERSION
    assert TABLES <= set(db.table_names())


def test_wide_tables_have_one_real_column_per_metric_and_time_indexes(db: Database) -> None:
    room = db["room_samples"].columns_dict
    assert all(room[name] is float for name in ROOM_METRIC_NAMES)
    assert {"session_id", "ts", "is_gap", "error"} <= set(room)
    product = db["product_samples"].columns_dict
    assert all(product[name] is float for name in PRODUCT_NUMERIC_FIELDS)
    for table in ("room_samples", "product_samples", "flow_samples", "audience_samples", "gaps", "events"):
        assert any(ix.columns == ["session_id", "ts"] for ix in db[table].indexes), table


def test_an_older_database_is_migrated_and_keeps_its_data(db_file: Path) -> None:
    old = Database(db_file)
    assert migrate(old, target=1) == [1]
    old["sessions"].insert({"id": "s1", "room_id": "r", "title": "老场次", "status": "ended", "started_at": 1.0})
    old["room_samples"].insert({"session_id": "s1", "ts": 2.0, "is_gap": 0, "total_live_watch_cnt": 42.0})
    old.close()
    assert "alerts" not in Database(db_file).table_names()

    db = open_db(db_file)
    assert schema_version(db) == SCHEMA_VERSION
    assert {"alert_rules", "alerts", "ab_plans", "ab_slots"} <= set(db.table_names())
    assert db["sessions"].get("s1")["title"] == "老场次"
    assert db.execute("SELECT total_live_watch_cnt FROM room_samples").fetchall() == [(42.0,)]
    db.close()


def test_a_metric_added_to_the_registry_gets_its_column_at_the_next_open(db_file: Path) -> None:
    db = open_db(db_file)
    db.execute("ALTER TABLE room_samples DROP COLUMN online_user_cnt")
    assert "online_user_cnt" not in db["room_samples"].columns_dict
    db.close()
    assert "online_user_cnt" in open_db(db_file)["room_samples"].columns_dict


def test_a_database_from_a_newer_dyconsole_is_refused_untouched(db_file: Path) -> None:
    db = open_db(db_file)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = db_file.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer dyconsole"):
        open_db(db_file)
    assert db_file.read_bytes() == before


def test_opening_without_create_or_read_only_needs_the_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="no session database"):
        open_db(tmp_path / "none.sqlite3", create=False)
    with pytest.raises(DatabaseMissing):
        open_db(tmp_path / "none.sqlite3", readonly=True)
    assert not (tmp_path / "none.sqlite3").exists()


def test_the_default_database_lives_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DYCONSOLE_DATA_DIR", str(tmp_path / "data"))
    open_db().close()
    assert (tmp_path / "data" / "sessions.sqlite3").exists()


def test_a_version_8_database_gains_the_derived_columns_its_old_polls_without_them(db_file: Path) -> None:
    old = Database(db_file)
    assert migrate(old, target=8) == [1, 2, 3, 4, 5, 6, 7, 8]
    old["room_samples"].insert({"session_id": "s1", "ts": 2.0, "is_gap": 0, "total_live_watch_cnt": 42.0})
    assert DERIVED_REV not in old["room_samples"].columns_dict
    old.close()
    db = open_db(db_file)
    room = db["room_samples"].columns_dict
    assert room[DERIVED_REV] is int and all(room[name] is float for name in DERIVED_NAMES)
    # a poll recorded before: no revision, so review derives its figures when the session opens
    assert db.execute(f"SELECT {DERIVED_REV}, online, total_live_watch_cnt FROM room_samples").fetchall() == [
        (None, None, 42.0)]
    db.close()
