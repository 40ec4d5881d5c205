"""`dyconsole alerts [--db PATH] [--session ID] [--json]`: list the fired alerts of the session cache (one session's
or all), oldest first — a table for people, JSON for tools.

JSON: a list of objects with id, session_id, rule, metric, severity, fired_at, resolved_at, acknowledged_at (ISO
8601 with the local offset, or null), message and value. Exit 3 (commands.exit_codes DATA) with a clear message when the database cannot be
read or the session does not exist.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any, Sequence

from dyconsole.commands.exit_codes import Exit
from dyconsole.commands.listing import print_listing, render_table
from dyconsole.core.session_records import StoredAlert
from dyconsole.paths import default_db_path
from dyconsole.storage.alert_store import load_alerts
from dyconsole.storage.db import open_for_reading, storage_errors
from dyconsole.storage.errors import DatabaseMissing, StorageError
from dyconsole.storage.export_csv import format_cell, iso_local
from dyconsole.storage.loaders import require_session

TIME_FIELDS = ("fired_at", "resolved_at", "acknowledged_at")


def alert_json(alert: StoredAlert) -> dict[str, Any]:
    data = asdict(alert)
    for name in TIME_FIELDS:
        data[name] = iso_local(data[name]) if data[name] is not None else None
    return data


def _clock(ts: float | None) -> str:
    return iso_local(ts)[:19].replace("T", " ") if ts is not None else ""


def alerts_table(alerts: Sequence[StoredAlert]) -> str:
    header = ["id", "session", "severity", "rule", "metric", "fired_at", "resolved_at", "ack", "value", "message"]
    return render_table(header, [
        [str(a.id), a.session_id or "", a.severity, a.rule, a.metric, _clock(a.fired_at), _clock(a.resolved_at),
         "yes" if a.acknowledged_at is not None else "", format_cell(a.value), a.message] for a in alerts])


def _fail(message: str) -> int:
    """Every failure of this verb is the data's (the database, the session): exit 3."""
    print(f"dyconsole alerts: {message}", file=sys.stderr)
    return int(Exit.DATA)


def run(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_db_path()
    session = getattr(args, "session", None)
    try:
        db = open_for_reading(path)
    except DatabaseMissing:
        if args.db or session:
            return _fail(f"no session database at {path}")
        alerts: list[StoredAlert] = []  # nothing recorded yet
    except StorageError as exc:
        return _fail(str(exc))
    else:
        try:
            with storage_errors(db):
                if session is not None:
                    require_session(db, session)
                alerts = load_alerts(db, session)
        except StorageError as exc:  # SessionNotFound included
            return _fail(str(exc))
        finally:
            db.close()
    return print_listing(alerts, args.json, alert_json, alerts_table,
                         "no alerts fired" + (f" in session {session}" if session else ""))
