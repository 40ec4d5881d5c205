"""The alert service: the console's alert rules, their evaluation on the live polls, and the alert log, for the
window (QtCore signals and the tick timer).

`AlertService` holds the rules (the saved ones from the session cache, else the shipped defaults), runs a
`core.alerts.monitor.AlertMonitor` (add `service.monitor` to the poll fan-out), stores every fired / resolved /
acknowledged alert with the recording session (through `recording.AlertWriter`), and tells the window through
signals: `fired`, `resolved`, `acknowledged` (each with an `AlertRecord`) and `rules_changed`. A storage failure is
logged and never stops an alert from showing. "Try on a past session" is `try_rules(session_id, rules)`: it runs in
a worker thread and its events come back as `trial_finished` (`replay(...)` computes the same thing at once, both
through `services.alerts.past_sessions`). The Qt-free parts (rule storage, the room baseline, the alert writer, the
headless monitor of `dyconsole record`) live in `services.alerts.recording`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from sqlite_utils import Database

from dyconsole.core.alerts import EXAMPLE_NORMS, AlertEvent, NormTable, Rule, validate_rules
from dyconsole.core.alerts.monitor import DEFAULT_WARMUP_S, AlertMonitor
from dyconsole.core.alerts.norms import Baseline
from dyconsole.core.clock import Clock
from dyconsole.services.alerts.past_sessions import replay_rules, replay_stored
from dyconsole.services.alerts.recording import (
    AlertWriter,
    load_rules,
    message_of,
    online_level_for,
    room_baseline,
    save_rules,
    store_rules_with_sessions,
)
from dyconsole.services.background import BackgroundWork
from dyconsole.storage.db import db_path
from dyconsole.storage.errors import StorageError
from dyconsole.storage.sessions import list_sessions

log = logging.getLogger(__name__)

#: how often (real ms) the service checks for a source that has gone quiet without even a failed poll
TICK_MS = 2000


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """One alert as the window shows it: the engine's fired event, and what happened to it since."""

    id: int  # the service's own number (stable within a run)
    event: AlertEvent  # the "fired" event
    message: str  # in the service's language
    stored_id: int | None = None  # the row in the session cache, when stored
    resolved_at: float | None = None
    acknowledged_at: float | None = None

    @property
    def fired_at(self) -> float:
        return self.event.ts

    @property
    def active(self) -> bool:
        return self.resolved_at is None


def _no_database() -> list[AlertEvent]:
    raise StorageError("no session database")


class AlertService(QObject):
    """Rules + monitor + alert log for one console run."""

    fired = Signal(object)  # AlertRecord
    resolved = Signal(object)  # AlertRecord
    acknowledged = Signal(object)  # AlertRecord
    rules_changed = Signal(list)  # list[Rule]
    trial_finished = Signal(int, list)  # token of try_rules(), list[AlertEvent]
    trial_failed = Signal(int, str)  # token of try_rules(), message

    def __init__(
        self,
        clock: Clock,
        db: Database | None = None,
        lang: str = "zh",
        session_id: Callable[[], str | None] | None = None,
        norms: NormTable = EXAMPLE_NORMS,
        rules: Sequence[Rule] | None = None,
        warmup_s: float = DEFAULT_WARMUP_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.db = db
        self.lang = lang
        self._session_id = session_id or (lambda: None)
        self.norms = norms
        self.records: list[AlertRecord] = []
        self._open: dict[tuple[str, str | None], int] = {}  # alert key -> index in records
        self.writer = AlertWriter(db, self._session_id, lang)
        initial = list(rules) if rules is not None else load_rules(db, lang, online_level_for(norms))
        self.monitor = AlertMonitor(initial, self._on_event, norms=norms, warmup_s=warmup_s,
                                    baseline_loader=self._baseline)
        self._store_rules: Callable[[], None] | None = None
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.tick)
        self._trials = BackgroundWork("alert-trial", parent=self)
        self._trials.finished.connect(self._trial_done)
        self._trials.failed.connect(self._trial_failed)
        self._trial_count = 0

    # --- rules -------------------------------------------------------------------------------------------------
    @property
    def rules(self) -> list[Rule]:
        return list(self.monitor.rules)

    def set_rules(self, rules: Sequence[Rule]) -> None:
        """Use (and store) these rules from now on; raises ValueError for an invalid rule set. An alert of a rule
        removed, disabled or edited is resolved."""
        rules = list(rules)
        errors = validate_rules(rules)
        if errors:
            first = next(iter(errors.values()))[0]
            raise ValueError(f"invalid rule: {first.field}: {first.message_en}")
        if self.db is not None:
            try:
                save_rules(self.db, rules, self.clock.now())
            except StorageError as exc:
                self.writer.failed("saving the alert rules", exc)
        self.monitor.set_rules(rules)
        if self._store_rules is not None:
            self._store_rules()
        self.rules_changed.emit(rules)

    def keep_rules_with_sessions(self, recorder: Any) -> None:
        """The recorder's sessions keep the rules in force (for review)."""
        self._store_rules = store_rules_with_sessions(recorder, lambda: self.rules)

    def set_enabled(self, rule_id: str, enabled: bool) -> None:
        self.set_rules([replace(r, enabled=enabled) if r.id == rule_id else r for r in self.rules])

    def replay(self, session_id: str, rules: Sequence[Rule] | None = None) -> list[AlertEvent]:
        """What `rules` (default: the current ones) would have raised over a cached session, computed here and now.
        Raises StorageError (SessionNotFound included) when the session cannot be read."""
        if self.db is None:
            raise StorageError("no session database")
        return replay_rules(self.db, session_id, list(rules if rules is not None else self.rules), self.norms)

    def try_rules(self, session_id: str, rules: Sequence[Rule] | None = None) -> int:
        """"Try on a past session" off the UI thread: returns a token at once; `trial_finished(token, events)` or
        `trial_failed(token, message)` arrives later on the UI thread. The worker reads the session through its
        own connection to the session database."""
        self._trial_count += 1
        path = db_path(self.db) if self.db is not None else None
        rules = list(rules if rules is not None else self.rules)
        if path is None:
            self._trials.submit(self._trial_count, _no_database)
        else:
            self._trials.submit(self._trial_count, replay_stored, path, session_id, rules, self.norms)
        return self._trial_count

    def _trial_done(self, token: int, events: list[AlertEvent]) -> None:
        self.trial_finished.emit(token, events)

    def _trial_failed(self, token: int, message: str) -> None:
        self.trial_failed.emit(token, message)

    def _baseline(self, room_id: str, rules: Sequence[Rule]) -> Baseline | None:
        current = self._session_id()
        return room_baseline(self.db, room_id, rules, exclude=(current,) if current else ())

    def past_sessions(self) -> list[tuple[str, str]]:
        """(session id, "started · title") of the cached sessions, newest first, for "try on a past session"."""
        if self.db is None:
            return []
        try:
            sessions = list_sessions(self.db)
        except StorageError as exc:
            log.error("could not list the cached sessions: %s", exc)
            return []
        return [(s.id, f"{s.id} · {s.title}" if s.title else s.id) for s in sessions if s.samples > 0]

    # --- running ------------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.tick_timer.start()

    def stop(self) -> None:
        self.tick_timer.stop()

    def shutdown(self) -> None:
        """Stop, and wait for a rule trial in flight."""
        self.stop()
        self._trials.shutdown()

    def tick(self) -> None:
        self.monitor.tick(self.clock.now())

    @property
    def active(self) -> list[AlertRecord]:
        return [self.records[i] for i in self._open.values()]

    def acknowledge(self, record_id: int) -> AlertRecord | None:
        """The operator saw the alert (the banner's button, the log's action). A second call changes nothing."""
        if not 0 <= record_id < len(self.records):
            return None
        record = self.records[record_id]
        if record.acknowledged_at is not None:
            return record
        record = replace(record, acknowledged_at=self.clock.now())
        self.records[record_id] = record
        if record.stored_id is not None:
            self.writer.acknowledge(record.stored_id, record.acknowledged_at)
        self.acknowledged.emit(record)
        return record

    def acknowledge_all(self) -> None:
        for record in list(self.records):
            if record.acknowledged_at is None:
                self.acknowledge(record.id)

    def _on_event(self, event: AlertEvent) -> None:
        if event.kind == "fired":
            self._fired(event)
        else:
            self._resolved(event)

    @property
    def storage_problem(self) -> str:
        return self.writer.problem

    def _fired(self, event: AlertEvent) -> None:
        stored_id = self.writer.write(event)
        record = AlertRecord(len(self.records), event, message_of(event, self.lang), stored_id)
        self.records.append(record)
        self._open[event.key] = record.id
        self.fired.emit(record)

    def _resolved(self, event: AlertEvent) -> None:
        index = self._open.pop(event.key, None)
        if index is None:
            return
        self.writer.write(event)
        record = replace(self.records[index], resolved_at=event.ts)
        self.records[index] = record
        self.resolved.emit(record)
