"""`dyconsole export SESSION_ID [--db PATH] --format csv --out FILE [--metrics a,b,c]`: export a recorded session.

CSV is available now (see storage.export_csv for the format); the other formats, and --granularity, print a
clear "not available yet" message and exit 2, as do an unknown session id, a missing or unreadable database and
an unknown metric name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dyconsole.paths import default_db_path
from dyconsole.storage.db import open_for_reading, storage_errors
from dyconsole.storage.errors import StorageError
from dyconsole.storage.export_csv import export_session_csv

AVAILABLE_FORMATS = ("csv",)


def _fail(message: str) -> int:
    print(f"dyconsole export: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if args.format not in AVAILABLE_FORMATS:
        return _fail(f"export format '{args.format}' is not available yet (available: {', '.join(AVAILABLE_FORMATS)})")
    if getattr(args, "granularity", None):
        return _fail("--granularity is not available yet: the CSV has one row per poll")
    columns = [c.strip() for c in args.metrics.split(",") if c.strip()] if getattr(args, "metrics", None) else None
    path = Path(args.db) if args.db else default_db_path()
    out = Path(args.out)
    if not out.parent.is_dir():
        return _fail(f"the folder for {out} does not exist")
    try:
        db = open_for_reading(path)
    except StorageError as exc:
        return _fail(str(exc))
    try:
        with storage_errors(db):
            rows = export_session_csv(db, args.session_id, out, columns=columns)
    except StorageError as exc:
        return _fail(str(exc))
    except ValueError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    finally:
        db.close()
    print(f"exported {rows} rows of session {args.session_id} to {out}")
    return 0
