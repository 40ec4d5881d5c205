"""The sessions catalog the sessions browser lists and edits: `SessionsCatalog` (list with the per-session
figures, annotate, delete; each call opens and closes its own short connection) and its rows (`SessionRow`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dyconsole.core.roi_projection import Roi7Figure
from dyconsole.core.session_records import SessionSummary
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.errors import StorageError  # noqa: F401  (re-exported: the UI names it)
from dyconsole.storage.session_edit import delete_session, session_totals, set_session_notes
from dyconsole.storage.sessions import list_sessions
from dyconsole.storage.settlements import session_roi7


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One line of the sessions browser."""

    summary: SessionSummary
    views: float | None
    alerts: int
    roi7: Roi7Figure | None = None  # settled, else projected (core.roi_projection)

    @property
    def length_s(self) -> float | None:
        """The summary's length (an interrupted session's up to its last sample)."""
        return self.summary.length_s

    @property
    def conversion(self) -> float | None:
        orders = self.summary.orders
        return orders / self.views if orders is not None and self.views else None


class SessionsCatalog:
    """The recorded sessions of one database, for the browser: list, annotate, delete (each call opens and closes
    its own short connection; raises StorageError)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def rows(self) -> list[SessionRow]:
        db = open_for_reading(self.path)
        try:
            totals = session_totals(db)
            out = []
            for s in list_sessions(db):
                t = totals.get(s.id)
                out.append(SessionRow(s, t.views if t else None, t.alerts if t else 0, session_roi7(db, s.id).figure))
            return out
        finally:
            db.close()

    def set_notes(self, session_id: str, notes: str) -> int:
        """Save the notes; returns how many characters were cut (notes are capped: core.outside_text)."""
        db = open_for_reading(self.path)
        try:
            return set_session_notes(db, session_id, notes)
        finally:
            db.close()

    def delete(self, session_id: str) -> None:
        db = open_for_reading(self.path)
        try:
            delete_session(db, session_id)
        finally:
            db.close()
