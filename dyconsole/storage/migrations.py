"""Schema versions: PRAGMA user_version says which of the ordered migrations a database has had.

A migration runs in one transaction together with the version bump, so a kill mid-way leaves the previous
version intact. A database newer than this code is refused (never half-understood). Migrations only add.
"""

from __future__ import annotations

from typing import Callable

from sqlite_utils import Database

from dyconsole.storage.schema import (
    add_ab_run_state,
    add_alert_languages,
    add_session_channel_and_figures,
    add_delivery_columns,
    add_room_derived_columns,
    add_session_peak_cache,
    create_planning_tables,
    create_recording_tables,
    create_settlement_tables,
    sync_metric_columns,
)

Migration = Callable[[Database], None]

#: (version reached, migration), in order; never edit a released one, append a new one
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, create_recording_tables),
    (2, create_planning_tables),
    (3, add_session_peak_cache),
    (4, create_settlement_tables),
    (5, add_ab_run_state),
    (6, add_alert_languages),
    (7, add_session_channel_and_figures),
    (8, add_delivery_columns),
    (9, add_room_derived_columns),
)
SCHEMA_VERSION: int = MIGRATIONS[-1][0]


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: Database) -> list[int]:
    """Versions this database still needs."""
    current = schema_version(db)
    return [version for version, _ in MIGRATIONS if version > current]


def migrate(db: Database, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the missing migrations up to `target` (each in its own transaction); returns the versions applied.

    Also adds the columns of metrics the registry gained since the file was written. Raises ValueError if the
    database is newer than this code (the caller translates it for the operator).
    """
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise ValueError(f"schema version {current} is newer than this dyconsole's ({SCHEMA_VERSION})")
    applied: list[int] = []
    for version, step in MIGRATIONS:
        if current < version <= target:
            with db.atomic():
                step(db)
                db.execute(f"PRAGMA user_version = {int(version)}")
            applied.append(version)
            current = version
    if current == SCHEMA_VERSION:
        with db.atomic():
            sync_metric_columns(db)
    return applied
