"""Opening a session reads the derived figures the recorder stored from the live feed (schema 9) instead of deriving
every poll again; a session stored without them (recorded before, or bare) is derived when opened, to the same
series, and the figures are stored then; the tiles primed from the last hour equal the tiles of every poll; the product history built from the stored
columns equals the one built from ProductSample objects."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from tests.support.review_support import Recorded, record_demo_session

from dyconsole.core.derived import DERIVED_NAMES, DERIVED_REVISION, derive_rows
from dyconsole.core.kpis import kpi_tiles
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.review.session import REVIEW_SERIES, RecordedSession
from dyconsole.storage.db import open_db
from dyconsole.storage.loaders import load_product_samples, load_room_samples
from dyconsole.storage.recorded_session import load_review

MINUTES = 80  # longer than the tiles' hour of history, so priming starts after the session's first polls


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Recorded, Path, Recorded]:
    """One broadcast recorded twice: through the live feed (derived figures stored) and bare (none stored)."""
    folder = tmp_path_factory.mktemp("derived")
    fed = record_demo_session(folder / "fed.sqlite3", seed=4, minutes=MINUTES, gap_at_min=30)
    bare = record_demo_session(folder / "bare.sqlite3", seed=4, minutes=MINUTES, gap_at_min=30, live_derived=False)
    return folder / "fed.sqlite3", fed, folder / "bare.sqlite3", bare


def _series(session: RecordedSession) -> dict[str, np.ndarray]:
    return {name: session.series[name].values.copy() for name in REVIEW_SERIES}


def _tiles(tiles: list) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {t.id: (t.value, t.change, t.is_estimate, t.as_of) for t in tiles}


def _stored(path: Path, session_id: str) -> list[tuple]:  # type: ignore[type-arg]
    db = open_db(path)
    try:
        return db.execute(f"SELECT is_gap, derived_rev, {', '.join(DERIVED_NAMES)} FROM room_samples "
                          "WHERE session_id = ? ORDER BY ts, id", [session_id]).fetchall()
    finally:
        db.close()


def test_the_recorder_stores_the_live_feeds_derived_figures_with_their_revision(twins) -> None:  # type: ignore[no-untyped-def]
    fed_path, fed, bare_path, bare = twins
    db = open_db(fed_path)
    samples = load_room_samples(db, fed.session_id)
    db.close()
    stored = _stored(fed_path, fed.session_id)
    assert len(stored) == len(samples) and sum(r[0] for r in stored) == 3
    assert all(r[1] == DERIVED_REVISION for r in stored if not r[0])
    assert all(v is None for r in stored if r[0] for v in r[2:])  # a failed poll: no figure, never 0
    expected = derive_rows(samples)  # the live feed's rows are the batch derivation of the same polls
    assert [dict(zip(DERIVED_NAMES, r[2:])) for r in stored] == expected
    assert any(row["online"] is not None for row in expected)
    db = open_db(bare_path)
    assert db.execute("SELECT count(*) FROM room_samples WHERE derived_rev IS NOT NULL OR online IS NOT NULL"
                      ).fetchone()[0] == 0
    db.close()


def test_a_session_stored_without_derived_figures_opens_with_the_same_series_and_keeps_them(  # type: ignore[no-untyped-def]
        twins, tmp_path: Path) -> None:
    fed_path, fed, bare_file, bare = twins
    bare_path = tmp_path / "bare.sqlite3"
    bare_path.write_bytes(bare_file.read_bytes())
    with_stored, derived_now = load_review(fed_path, fed.session_id), load_review(bare_path, bare.session_id)
    a, b = _series(with_stored), _series(derived_now)
    assert len(with_stored.series) == len(derived_now.series) > MINUTES * 60 / 5 - 5
    for name in REVIEW_SERIES:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    assert _tiles(with_stored.tiles.tiles_at(with_stored.end)) == _tiles(derived_now.tiles.tiles_at(derived_now.end))
    # the figures derived when it opened are stored: the next opening reads them, the same as the live feed's
    assert _stored(bare_path, bare.session_id) == _stored(fed_path, fed.session_id)
    again = _series(load_review(bare_path, bare.session_id))
    for name in REVIEW_SERIES:
        np.testing.assert_array_equal(again[name], a[name], err_msg=name)


def test_the_stored_figures_are_read_and_an_other_revision_is_derived_again(twins, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fed_path, fed, _bare_path, _bare = twins
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(fed_path.read_bytes())
    derived = load_review(path, fed.session_id).series["gmv_per_min"].values.copy()
    db = open_db(path)
    row_id, ts = db.execute("SELECT id, ts FROM room_samples WHERE session_id = ? AND is_gap = 0 "
                            "AND gmv_per_min IS NOT NULL ORDER BY ts LIMIT 1 OFFSET 100", [fed.session_id]).fetchone()
    db.execute("UPDATE room_samples SET gmv_per_min = 123456.0 WHERE id = ?", [row_id])
    db.conn.commit()
    db.close()
    got = load_review(path, fed.session_id).series["gmv_per_min"]
    i = int(np.searchsorted(got.ts, ts))
    assert got.values[i] == 123456.0 != derived[i]  # what was stored is what opens: no re-deriving
    db = open_db(path)
    db.execute("UPDATE room_samples SET derived_rev = ? WHERE id = ?", [DERIVED_REVISION + 1, row_id])
    db.conn.commit()
    db.close()
    again = load_review(path, fed.session_id).series["gmv_per_min"].values
    np.testing.assert_array_equal(again, derived)  # a poll of another revision: the session is derived again


def test_the_tiles_primed_from_the_last_hour_equal_the_tiles_of_every_poll(twins, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fed_path, fed, _bare_path, _bare = twins
    path = tmp_path / "peak.sqlite3"
    path.write_bytes(fed_path.read_bytes())
    db = open_db(path)  # a peak online in the first minutes, marked the real count: before the hour primed
    db.execute("UPDATE room_samples SET online = 987654.0, online_is_estimate = 0.0 WHERE id = (SELECT id FROM "
               "room_samples WHERE session_id = ? AND is_gap = 0 ORDER BY ts LIMIT 1 OFFSET 20)", [fed.session_id])
    db.conn.commit()
    db.close()
    session = load_review(path, fed.session_id)
    assert session.end - session.start > 3600 + 600
    polls = list(session.polls_between(0, len(session.series)))
    expected = kpi_tiles([p for p, _ in polls], [r for _, r in polls])
    got = session.tiles.tiles_at(session.end)
    assert _tiles(got) == _tiles(expected)
    peak = next(t for t in got if t.id == "peak_online")
    assert peak.value == 987654.0 and not peak.is_estimate
    online = next(t for t in got if t.id == "online_now")
    assert online.is_estimate and online.change is not None and not math.isnan(online.change)


def test_the_product_history_from_the_stored_columns_equals_the_one_from_samples(twins) -> None:  # type: ignore[no-untyped-def]
    fed_path, fed, _bare_path, _bare = twins
    got = load_review(fed_path, fed.session_id).products
    db = open_db(fed_path)
    expected = ProductHistory.build(load_product_samples(db, fed.session_id))
    db.close()
    assert len(got) == len(expected) > 100 and got.ids == expected.ids and got.titles == expected.titles
    np.testing.assert_array_equal(got.ts, expected.ts)
    np.testing.assert_array_equal(got.values, expected.values)
    for pid in expected.ids:
        np.testing.assert_array_equal(got.positions(pid)[1], expected.positions(pid)[1])
        assert got.explain_states(pid) == expected.explain_states(pid)
    assert got.latest() == expected.latest() and got.at(got.ts[len(got) // 2]) == expected.at(got.ts[len(got) // 2])
    assert ProductHistory.from_columns(np.empty(0), [], [], [], np.empty(0), np.empty((0, 10))).ids == []
