"""Alerts with the recorded sessions, without Qt: the rules in force (the saved ones, else the shipped defaults;
`load_rules` / `save_rules`, kept with every session as a RULES_EVENT), the room's own baseline from its cached
sessions (`room_baseline`), the writer of the alert log (`AlertWriter`), and the monitor of a recording without a
window (`headless_monitor`, for `dyconsole record`). The window's `service.AlertService` is built on the same parts.

DEMO_ROOM_NORMS is the norm table for the demo room (its per-product click rates are lower than the illustrative
category norms: median 2.7-3.6% over 5-minute windows, 1st percentile 0.5-1.0%); with it the shipped "online below"
rule starts at DEMO_ROOM_ONLINE_LEVEL (the demo room holds ~1,500 viewers, its viewer-drop scenario falls to ~300),
elsewhere at the generic DEFAULT_ONLINE_LEVEL.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

from sqlite_utils import Database

from dyconsole.core.alerts import (
    ANY_CATEGORY,
    EXAMPLE_NORMS,
    AlertEvent,
    NormTable,
    Rule,
    RuleDecodeError,
    default_rules,
    rule_from_dict,
    rule_to_dict,
    validate_rules,
)
from dyconsole.core.alerts.baseline import baseline_metrics, build_baseline
from dyconsole.core.alerts.monitor import AlertMonitor
from dyconsole.core.alerts.norms import Baseline
from dyconsole.storage.alert_store import (
    acknowledge_alert,
    add_alert,
    delete_alert_rule,
    load_alert_rules,
    resolve_alert,
    save_alert_rule,
)
from dyconsole.storage.errors import StorageError
from dyconsole.storage.loaders import load_room_samples, require_session
from dyconsole.storage.sessions import list_sessions

log = logging.getLogger(__name__)

#: the demo room's norms: its product click rates sit far below the illustrative category norms
DEMO_ROOM_NORMS = EXAMPLE_NORMS.with_value(ANY_CATEGORY, "product_click_rate", 0.01)
#: the shipped "online below" level for the demo room, and for any other room until the operator sets one
DEMO_ROOM_ONLINE_LEVEL = 500.0
DEFAULT_ONLINE_LEVEL = 50.0
#: how many of the room's latest past sessions make its baseline
BASELINE_SESSIONS = 10
def message_of(event: AlertEvent, lang: str) -> str:
    return event.message_zh if lang.startswith("zh") else event.message_en


def online_level_for(norms: NormTable) -> float:
    """The shipped "online below" level that goes with these norms (the demo room's, or the generic one)."""
    return DEMO_ROOM_ONLINE_LEVEL if norms is DEMO_ROOM_NORMS else DEFAULT_ONLINE_LEVEL


def load_rules(db: Database | None, lang: str = "zh", online_level: float = DEFAULT_ONLINE_LEVEL) -> list[Rule]:
    """The saved rules (undecodable ones are logged and skipped), or the shipped defaults (with this "online
    below" level) when none are saved."""
    rows: list[dict] = []
    if db is not None:
        try:
            rows = load_alert_rules(db)
        except StorageError as exc:
            log.error("could not read the saved alert rules, using the defaults: %s", exc)
    rules: list[Rule] = []
    for row in rows:
        try:
            rules.append(rule_from_dict(row["condition"]))
        except RuleDecodeError as exc:
            log.warning("skipping the saved alert rule %r: %s", row.get("name"), exc)
    return rules or default_rules(lang, online_level=online_level)


def save_rules(db: Database, rules: Sequence[Rule], at: float) -> None:
    """Store exactly these rules (keyed by rule id); raises ValueError when one is invalid, StorageError."""
    errors = validate_rules(rules)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValueError(f"invalid rule: {first.field}: {first.message_en}")
    wanted = {r.id for r in rules}
    for row in load_alert_rules(db):
        if row["name"] not in wanted:
            delete_alert_rule(db, row["name"])
    for rule in rules:
        save_alert_rule(db, rule.id, rule.metric, rule_to_dict(rule), rule.severity.value, rule.enabled, at)


#: the session event that keeps the rules in force with each session (at its start, and again when they change)
RULES_EVENT = "alert_rules"


def rules_payload(rules: Sequence[Rule]) -> dict:
    return {"rules": [rule_to_dict(r) for r in rules]}


def store_rules_with_sessions(recorder: Any, rules: Callable[[], Sequence[Rule]]) -> Callable[[], None]:
    """Every session `recorder` starts or resumes gets the rules in force as a RULES_EVENT; call the returned
    function when the rules change mid-session to store them again."""

    def store(_session_id: str | None = None) -> None:
        if recorder.recording:
            recorder.add_event(RULES_EVENT, rules_payload(rules()))

    recorder.session_listeners.append(store)
    return store


def room_baseline(db: Database | None, room_id: str, rules: Sequence[Rule], *, exclude: Sequence[str] = (),
                  before_ts: float | None = None, max_sessions: int = BASELINE_SESSIONS) -> Baseline | None:
    """The baseline of the metrics `rules` compare with the room's own past: the latest `max_sessions` ended or
    interrupted sessions of `room_id` (not `exclude`, started before `before_ts`), minute by minute from each
    broadcast's start. None when no rule needs one or the cache cannot be read (logged)."""
    metrics = baseline_metrics(rules)
    if db is None or not metrics:
        return None
    try:
        past = [s for s in list_sessions(db) if s.room_id == room_id and s.id not in exclude and s.samples > 0
                and s.status != "live" and s.started_at is not None
                and (before_ts is None or s.started_at < before_ts)][:max_sessions]
        sessions = []
        for s in past:
            row = require_session(db, s.id)
            sessions.append((row.get("room_started_at") or s.started_at, load_room_samples(db, s.id)))
    except StorageError as exc:
        log.error("could not read the room's past sessions for its baseline: %s", exc)
        return None
    return build_baseline(sessions, metrics)


class AlertWriter:
    """Stores alert events in the session cache as they happen: a fired event becomes a row of the session
    being recorded (`session_id()` at that moment), its resolution closes that row. A storage failure is logged
    (`problem`) and costs only the stored copy. Used by the service and by `dyconsole record`."""

    def __init__(self, db: Database | None, session_id: Callable[[], str | None], lang: str = "zh") -> None:
        self.db = db
        self.session_id = session_id
        self.lang = lang
        self.problem = ""
        self._rows: dict[tuple[str, str | None], int] = {}

    def write(self, event: AlertEvent) -> int | None:
        """Store the event; returns the alert's row id (for a fired event, or the row a resolution closed)."""
        if self.db is None:
            return None
        try:
            if event.kind == "fired":
                row = add_alert(self.db, self.session_id(), event.rule_name, event.metric, event.severity.value,
                                event.ts, message_of(event, self.lang), event.value, rule_id=event.rule_id,
                                message_zh=event.message_zh, message_en=event.message_en)
                self._rows[event.key] = row
                return row
            row = self._rows.pop(event.key, None)
            if row is not None:
                resolve_alert(self.db, row, event.ts)
            return row
        except StorageError as exc:
            self.failed(f"storing an alert ({event.kind})", exc)
            return None

    def acknowledge(self, row: int, at: float) -> None:
        if self.db is None:
            return
        try:
            acknowledge_alert(self.db, row, at)
        except StorageError as exc:
            self.failed("storing an acknowledgement", exc)

    def failed(self, what: str, exc: StorageError) -> None:
        self.problem = f"{what}: {exc}"
        log.error("alert log: %s", self.problem)


def headless_monitor(db: Database, session_id: Callable[[], str | None], lang: str = "zh",
                     norms: NormTable = EXAMPLE_NORMS,
                     notify: Callable[[AlertEvent], None] | None = None) -> AlertMonitor:
    """The alert monitor of a recording without a window: the saved rules (or the defaults), every event stored
    with the session (and passed to `notify`)."""
    writer = AlertWriter(db, session_id, lang)

    def on_event(event: AlertEvent) -> None:
        writer.write(event)
        if notify is not None:
            notify(event)

    def baseline(room_id: str, rules: Sequence[Rule]) -> Baseline | None:
        current = session_id()
        return room_baseline(db, room_id, rules, exclude=(current,) if current else ())

    return AlertMonitor(load_rules(db, lang, online_level_for(norms)), on_event, norms=norms, baseline_loader=baseline)
