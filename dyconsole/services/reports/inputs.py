"""What a report is made from: one recorded session read from the session cache into core.report_model inputs,
and the headless-safe exports that need no drawing (CSV with its section files, Excel) as progress-yielding steps.

Used by the report builder dialog (ui) and the `export` verb alike. No Qt here at all (it sits in services so
the UI can reach storage through it). A database is given as a path (opened for reading and closed again) or an
open sqlite-utils Database (left open).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator

from dyconsole.core.report_model import Report
from dyconsole.core.report_types import AlertItem, NoteItem, ReportInputs, SessionMeta
from dyconsole.services.experiments.history import session_plans
from dyconsole.services.products.surge import SURGE_EVENT, surge_detail
from dyconsole.storage.deliveries import shipments
from dyconsole.storage.forecast_curves import room_curves
from dyconsole.storage.settlements import session_roi7
from dyconsole.storage.alert_store import load_alerts
from dyconsole.storage.db import open_for_reading, storage_errors
from dyconsole.storage.export_csv import all_or_none, csv_rows  # noqa: F401 (all_or_none: re-exported for ui)
from dyconsole.storage.export_sections import session_csv_steps
from dyconsole.storage.export_xlsx import xlsx_export_steps
from dyconsole.storage.loaders import load_ab_slots
from dyconsole.storage.sessions import (
    get_session,
    load_audience_samples,
    load_events,
    load_flow_samples,
    load_orders,
    load_product_samples,
    load_room_samples,
)

#: what the recorder itself writes into a session's notes when it stops: not an operator's note
RECORDER_NOTES = frozenset({"stopped", "room changed"})
#: recorder bookkeeping events that are not worth a line in the report's notes nor a marker on the review timeline
#: (source health changes; the demo room's seed and scenario written by `dyconsole record`)
SKIPPED_EVENTS = frozenset({"health", "demo_room"})


def operator_notes(notes: str) -> str:
    """The session's notes as the operator wrote them: '' when they are only the recorder's own word."""
    return "" if notes.strip() in RECORDER_NOTES else notes


@contextlib.contextmanager
def opened(db_or_path: Any) -> Iterator[Any]:
    """The database itself, or one opened for reading from a path (closed at the end). Raises StorageError."""
    if isinstance(db_or_path, (str, Path)):
        db = open_for_reading(db_or_path)
        try:
            yield db
        finally:
            db.close()
    else:
        yield db_or_path


def _note_text(payload: dict[str, Any]) -> str:
    for key in ("text", "note", "message"):
        if payload.get(key):
            return str(payload[key])
    return ", ".join(f"{k}={v}" for k, v in sorted(payload.items()))


def load_report_inputs(db_or_path: Any, session_id: str) -> ReportInputs:
    """Everything the report shows about one session. Raises SessionNotFound and the other StorageErrors."""
    with opened(db_or_path) as db, storage_errors(db):
        s = get_session(db, session_id)
        meta = SessionMeta(s.id, s.room_id, s.title, s.started_at, s.ended_at, s.status, operator_notes(s.notes))
        alerts = [AlertItem(a.fired_at, a.resolved_at, a.severity, a.rule, a.metric, a.message,
                            tuple((lang, *a.in_language(lang)) for lang in ("zh", "en")))
                  for a in load_alerts(db, session_id)]
        logged = load_events(db, session_id)
        events = [NoteItem(e.ts, e.kind, surge_detail(e.payload) if e.kind == SURGE_EVENT else _note_text(e.payload))
                  for e in logged
                  if e.kind not in SKIPPED_EVENTS and e.kind != "alert_rules"]  # the rules: review's timeline
        return ReportInputs(
            meta=meta, room=load_room_samples(db, session_id), products=load_product_samples(db, session_id),
            flow=load_flow_samples(db, session_id), audience=load_audience_samples(db, session_id),
            orders=load_orders(db, session_id), alerts=alerts, notes=events,
            events=[e for e in logged if e.kind not in SKIPPED_EVENTS], roi7=session_roi7(db, session_id),
            experiments=session_plans(db, session_id),
            slots=load_ab_slots(db, session_id), shipments=shipments(db),
            past=room_curves(db, s.room_id, s.started_at if s.started_at is not None else float("inf"), s.id))


def csv_steps(inputs: ReportInputs, report: Report, out: Path | str) -> Iterator[float]:
    """The CSV of the report's metrics at its granularity (the format of storage.export_csv), and beside it the
    7-day ROI, the run of show's segments and delivery by region when the report has those sections
    (storage.export_sections: `<name>-roi7.csv`, `<name>-segments.csv`, `<name>-delivery.csv`)."""
    header, rows = csv_rows(inputs.room, columns=report.options.metrics,
                            granularity_min=report.options.granularity_min)
    return session_csv_steps(header, rows, out, report)


def xlsx_steps(report: Report, out: Path | str) -> Iterator[float]:
    """The Excel workbook of the report (storage.export_xlsx)."""
    return xlsx_export_steps(report, out)
