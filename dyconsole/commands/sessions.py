"""`dyconsole sessions [--db PATH] [--json]`: list the recorded sessions (a table for people, JSON for tools).

JSON: a list of objects, newest first, with id, room_id, title, started_at, ended_at (ISO 8601 with the local
offset, or null), status (live/ended/interrupted), samples (room polls recorded, gaps excluded), room_gaps,
peak_online, gmv, orders, end_reason, notes, source, the 7-day ROI (roi7; roi7_kind settled or projected;
roi7_low / roi7_high: a projection's 90% range), last_sample_at (ISO, or null) and length_s (seconds from the start
to the end, or to the last sample when the session has no end: interrupted or live; null with neither). Exit 3
(commands.exit_codes DATA) with a clear message when the database cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

from dyconsole.commands.exit_codes import Exit
from dyconsole.commands.listing import print_listing, render_table
from dyconsole.core.outside_text import terminal_safe
from dyconsole.core.roi_projection import Roi7Figure
from dyconsole.core.session_records import SessionSummary
from dyconsole.paths import default_db_path
from dyconsole.storage.db import open_for_reading, storage_errors
from dyconsole.storage.errors import DatabaseMissing, StorageError
from dyconsole.storage.export_csv import format_cell, iso_local
from dyconsole.storage.sessions import list_sessions
from dyconsole.storage.settlements import session_roi7


def session_json(s: SessionSummary, roi7: Roi7Figure | None = None) -> dict[str, Any]:
    data = s.as_dict()
    if roi7 is not None:  # the 7-day ROI: settled, or projected with its 90% range
        data.update({"roi7": roi7.value, "roi7_kind": "settled" if roi7.settled else "projected",
                     "roi7_low": roi7.low, "roi7_high": roi7.high})
    data["started_at"] = iso_local(s.started_at) if s.started_at is not None else None
    data["ended_at"] = iso_local(s.ended_at) if s.ended_at is not None else None
    data["last_sample_at"] = iso_local(s.last_sample_at) if s.last_sample_at is not None else None
    return data


def _duration(s: SessionSummary) -> str:
    """The length as h:mm (an interrupted session's up to its last sample); blank with no sample at all."""
    length = s.length_s
    if length is None:
        return ""
    minutes = int(length // 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def _roi7_cell(roi7: Roi7Figure | None) -> str:
    if roi7 is None or roi7.value is None:
        return ""
    return f"{roi7.value:.2f}" + ("" if roi7.settled else " (proj.)")


def sessions_table(sessions: Sequence[SessionSummary], roi7: Mapping[str, Roi7Figure] | None = None) -> str:
    header = ["id", "status", "started", "duration", "samples", "gaps", "GMV", "orders", "ROI7", "room", "title"]
    figures = roi7 or {}
    return render_table(header, [
        [s.id, s.status, iso_local(s.started_at)[:19].replace("T", " ") if s.started_at else "",
         _duration(s), str(s.samples), str(s.room_gaps), format_cell(s.gmv), format_cell(s.orders),
         _roi7_cell(figures.get(s.id)), terminal_safe(s.room_id), terminal_safe(s.title)] for s in sessions])


def run(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_db_path()
    figures: dict[str, Roi7Figure] = {}
    try:
        db = open_for_reading(path)
    except DatabaseMissing:
        if args.db:
            print(f"dyconsole sessions: no session database at {path}", file=sys.stderr)
            return int(Exit.DATA)
        sessions: list[SessionSummary] = []  # nothing recorded yet
    except StorageError as exc:
        print(f"dyconsole sessions: {exc}", file=sys.stderr)
        return int(Exit.DATA)
    else:
        try:
            with storage_errors(db):
                sessions = list_sessions(db)
                figures = {s.id: session_roi7(db, s.id).figure for s in sessions}
        except StorageError as exc:
            print(f"dyconsole sessions: {exc}", file=sys.stderr)
            return int(Exit.DATA)
        finally:
            db.close()
    return print_listing(sessions, args.json, lambda s: session_json(s, figures.get(s.id)),
                         lambda items: sessions_table(items, figures), "no sessions recorded yet")
