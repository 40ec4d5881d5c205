"""The alert log in the session cache: fired alerts (fired, resolved, acknowledged) and the saved alert rules.

Written by the alert service as things happen (each call one short transaction) and read by the review UI and
the `alerts` verb. sqlite3 failures come out as StorageError; messages pass through `redact` first.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dyconsole.core.session_records import StoredAlert
from dyconsole.storage.db import storage_errors
from dyconsole.storage.redact import redact_payload, redact_text


def add_alert(db: Database, session_id: str | None, rule: str, metric: str, severity: str, fired_at: float,
              message: str, value: float | None = None, *, rule_id: str = "", message_zh: str = "",
              message_en: str = "") -> int:
    """Store a fired alert; returns its id (for resolve/acknowledge). `rule`/`message` as said when it fired;
    `rule_id` and the message in both languages for review and reports in either."""
    with storage_errors(db), db.atomic():
        table = db["alerts"].insert({"session_id": session_id, "rule": rule, "metric": metric, "severity": severity,
                                     "fired_at": fired_at, "message": redact_text(message), "value": value,
                                     "rule_id": rule_id, "message_zh": redact_text(message_zh),
                                     "message_en": redact_text(message_en)})
        return int(table.last_pk)


def _set(db: Database, alert_id: int, column: str, at: float) -> None:
    with storage_errors(db), db.atomic():
        db.execute(f"UPDATE alerts SET {column} = ? WHERE id = ? AND {column} IS NULL", [at, alert_id])


def resolve_alert(db: Database, alert_id: int, at: float) -> None:
    """The condition cleared at `at` (a second call keeps the first time)."""
    _set(db, alert_id, "resolved_at", at)


def acknowledge_alert(db: Database, alert_id: int, at: float) -> None:
    """The operator acknowledged the alert at `at` (a second call keeps the first time)."""
    _set(db, alert_id, "acknowledged_at", at)


def load_alerts(db: Database, session_id: str | None = None) -> list[StoredAlert]:
    """Alerts of one session (or all), by firing time."""
    where, params = ("WHERE session_id = ?", [session_id]) if session_id is not None else ("", [])
    with storage_errors(db):
        return [StoredAlert(r["id"], r["session_id"], r["rule"], r["metric"] or "", r["severity"] or "",
                            r["fired_at"], r["resolved_at"], r["acknowledged_at"], r["message"] or "", r["value"],
                            r["rule_id"] or "", r["message_zh"] or "", r["message_en"] or "")
                for r in db.query(f"SELECT * FROM alerts {where} ORDER BY fired_at, id", params)]


def save_alert_rule(db: Database, name: str, metric: str, condition: dict[str, Any], severity: str,
                    enabled: bool, at: float) -> None:
    """Create or replace the rule called `name` (`condition` is the alert engine's own JSON-able form)."""
    body = json.dumps(redact_payload(condition), ensure_ascii=False, sort_keys=True)
    with storage_errors(db), db.atomic():
        db.execute(
            "INSERT INTO alert_rules (name, metric, condition, severity, enabled, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET metric = excluded.metric, "
            "condition = excluded.condition, severity = excluded.severity, enabled = excluded.enabled, "
            "updated_at = excluded.updated_at", [name, metric, body, severity, int(enabled), at, at])


def load_alert_rules(db: Database) -> list[dict[str, Any]]:
    """Saved rules: name, metric, condition (dict), severity, enabled (bool), created_at, updated_at."""
    with storage_errors(db):
        rows = list(db.query("SELECT name, metric, condition, severity, enabled, created_at, updated_at "
                             "FROM alert_rules ORDER BY name"))
    for row in rows:
        row["condition"] = json.loads(row["condition"] or "{}")
        row["enabled"] = bool(row["enabled"])
    return rows


def delete_alert_rule(db: Database, name: str) -> None:
    with storage_errors(db), db.atomic():
        db.execute("DELETE FROM alert_rules WHERE name = ?", [name])
