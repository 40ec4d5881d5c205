"""The recorder: writes every poll into the session cache as it arrives (a core.feed.PollFanOut listener of every
poll event: `fanout.add(recorder)`).

Session lifecycle (it follows the room):
- a session starts when the room is reported LIVING (`on_room_info`, or a LIVING room sample), and ends
  ('ended', end_reason 'finish') when the room reports FINISH;
- a recording of a room whose latest session is 'interrupted' (its recorder died), or was stopped by the
  operator, or is 'live' with a dead recorder, resumes into that SAME session if it is the same broadcast (same
  room id and, when both are known, the same room start time); `resume(session_id)` does it explicitly. Both
  record an event 'resumed';
- `close()` (the operator stops recording before FINISH) ends the session as 'ended' with end_reason 'stopped'
  and the note 'stopped'. Polls before the room is LIVING and after FINISH are not recorded (orders excepted: they
  keep settling after the broadcast and are filed under the last session).

Every poll is ONE short transaction (its rows + the session heartbeat), so a kill at any moment loses at most the
poll in flight. A failed write (locked, full, read-only disk...) keeps the poll in a bounded in-memory backlog,
in order, and is retried before the next poll (storage.write_backlog); `status` (and the `on_status` callback)
tells the UI. When the backlog is full further polls are dropped (counted in `status.dropped`); session start/end
writes never are. Writes still waiting when the recorder closes are kept in the write journal beside the database
(storage.kept_writes, storage.write_journal; `status.kept`, `status.journal`) and written by the next recorder on
that database, first. A session recorded right now by another running recorder is refused for the whole run
(`refused`), never taken over.
Error texts and event payloads pass through `redact` first: secrets are never stored.

Batched while `batch_while()` says so (the demo room's history, polled in a few real seconds before the window's
clocks start): the polls' writes wait up to BATCH_REAL_S real seconds and are then written together, in one
transaction (a kill then loses at most those); a session's start, resume or end, a failed write waiting, `heartbeat()`
and `close()` write at once. Writes waiting for their batch are not trouble: `status.backlog` counts them only once
the database refused a write (`status.batched` counts them meanwhile).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping, Sequence

from sqlite_utils import Database

from dyconsole.core.clock import Clock, WallClock
from dyconsole.core.derived import DERIVED_NAMES, DERIVED_REVISION
from dyconsole.core.feed import POLLS_SKIPPED_EVENT, Gap, PollHandlers, PollsSkipped, every_poll
from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.core.model import (
    AudienceSample,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    RoomStatus,
    SourceHealth,
)
from dyconsole.storage.errors import SessionBusy, StorageError, translate
from dyconsole.storage.loaders import require_session
from dyconsole.storage.redact import redact_payload, redact_text
from dyconsole.storage.schema import DERIVED_REV, END_FINISH, END_STOPPED, ENDED, INTERRUPTED, LIVE, ROOM_SAMPLES
from dyconsole.storage.sessions import HOST, recorder_alive
from dyconsole.storage.write_backlog import PendingWrite, WriteBacklog, database_file
from dyconsole.storage.kept_writes import KeptWrites
from dyconsole.storage.write_journal import StoredWrite, insert, journal_path, sql, upsert

log = logging.getLogger(__name__)

#: polls kept in memory while the database refuses writes (about 2 h of every poll kind at default intervals)
DEFAULT_BACKLOG_LIMIT = 5000
#: two broadcasts of one room whose start times differ by more than this are different sessions
SAME_BROADCAST_TOLERANCE_S = 2.0
#: while batched (`batch_while`), the polls' writes wait at most this long (real seconds) for one transaction
BATCH_REAL_S = 0.25

@dataclass(frozen=True, slots=True)
class RecorderStatus:
    """What the UI shows about recording. `error` is operator-readable ('' when writes succeed)."""

    session_id: str | None
    recording: bool
    backlog: int  # polls waiting to be written
    dropped: int  # polls lost because the backlog was full
    error: str = ""
    error_kind: str = ""  # the StorageError class name, e.g. 'DatabaseLocked'
    kept: int = 0  # of the backlog, writes kept in the write journal at close (written at the next start)
    journal: str = ""  # that journal's file
    batched: int = 0  # writes waiting for their batch's transaction (not trouble: the database took every write)

    @property
    def ok(self) -> bool:
        return not self.error and self.dropped == 0 and self.kept == 0

    @property
    def unwritten(self) -> int:
        """Writes the database has not taken (waiting, kept in the journal too, or lost)."""
        return self.backlog + self.dropped


def new_session_id(ts: float) -> str:
    """A short id that sorts by start time: local `YYYYMMDD-HHMMSS-xxxx`."""
    return f"{datetime.fromtimestamp(ts).strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


class Recorder:
    """Records polls into `db` (a database from `open_db`, ideally with RECORDER_BUSY_TIMEOUT_MS)."""

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        *,
        source: str = "",
        on_status: Callable[[RecorderStatus], None] | None = None,
        backlog_limit: int = DEFAULT_BACKLOG_LIMIT,
        wall: Callable[[], float] = time.time,
        batch_while: Callable[[], bool] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """`batch_while`: while it returns True the polls' writes are batched (see the module doc)."""
        self.db = db
        self.clock: Clock = clock or WallClock()
        self.source = source
        self.on_status = on_status
        self.backlog_limit = backlog_limit
        self._wall = wall
        self._batch_while = batch_while
        self._monotonic = monotonic
        self._batch_began: float | None = None  # when the oldest write waiting for its batch came
        self._pid = os.getpid()
        self._backlog = WriteBacklog(backlog_limit)
        self._notice: StorageError | None = None  # a lifecycle problem (session busy, unreadable database)
        self._session_id: str | None = None
        self._room_id: str | None = None
        self._title = ""
        self._active = False
        self._closed = False
        self._last_status: RecorderStatus | None = None
        self.refused: SessionBusy | None = None  # the session was being recorded by another recorder
        file = database_file(db)
        self._journal = KeptWrites(journal_path(file) if file is not None else None, self._backlog)
        self._notice = self._journal.queue_earlier()
        if self._journal.replaying:
            self._flush()
        #: called with the session id when a session starts or resumes (e.g. to store the alert rules in force)
        self.session_listeners: list[Callable[[str], None]] = []

    # --- state ------------------------------------------------------------------------------------------------
    @property
    def session_id(self) -> str | None:
        """The session being recorded, or the last one recorded (None before any)."""
        return self._session_id

    @property
    def recording(self) -> bool:
        return self._active

    @property
    def status(self) -> RecorderStatus:
        error = self._backlog.error or self._notice
        waiting = len(self._backlog)
        batched = waiting if self._backlog.error is None and self._batch_began is not None else 0
        return RecorderStatus(self._session_id, self._active, waiting - batched, self._backlog.dropped,
                              str(error) if error else "", type(error).__name__ if error else "", self._journal.kept,
                              str(self._journal.path) if self._journal.kept and self._journal.path is not None
                              else "", batched)

    # --- the polls ---------------------------------------------------------------------------------------------
    def poll_handlers(self) -> PollHandlers:
        """Every poll event is recorded (core.feed.PollListener), each by its on_* method (a core.feed.PollSink);
        polls the poller skipped (it fell behind) as a session event."""
        return {**every_poll(self), PollsSkipped: self.on_polls_skipped}

    def on_polls_skipped(self, event: PollsSkipped) -> None:
        if self._session_id is not None:
            self.add_event(POLLS_SKIPPED_EVENT, event.payload(), event.ts)

    def on_room_info(self, info: RoomInfo) -> None:
        if self._closed:
            return
        if self._active and info.room_id != self._room_id:
            self._end(END_STOPPED, note="room changed")
        if info.status is RoomStatus.LIVING and not self._active:
            self._start_or_resume(info)
        elif self._active and info.status is RoomStatus.FINISH:
            self._end(END_FINISH, ended_at=info.end_time)
        elif self._active and info.title and info.title != self._title:
            self._title = info.title
            sid, title = self._session_id, info.title
            self._submit("title", sql("UPDATE sessions SET title = ? WHERE id = ?", [title, sid]))
        self._flush()

    def on_room(self, sample: RoomSample, derived: Mapping[str, float | None] | None = None) -> None:
        """Record a room poll: the source's values and, when given, the derived figures the live feed derived from
        it (with core.derived's revision: review reads them instead of deriving every sample again)."""
        if self._closed:
            return
        if not self._active and sample.status is RoomStatus.LIVING:
            self._start_or_resume(RoomInfo(sample.room_id, "", RoomStatus.LIVING))
        if self._active:
            row: dict[str, Any] = {"session_id": self._session_id, "ts": sample.ts, "status": sample.status.value,
                                   "is_gap": 0, "error": None}
            row.update({name: sample.values.get(name) for name in ROOM_METRIC_NAMES})
            if derived is not None:
                row.update({name: derived.get(name) for name in DERIVED_NAMES})
                row[DERIVED_REV] = DERIVED_REVISION
            self._submit("room", insert(ROOM_SAMPLES, [row]))
            if sample.status is RoomStatus.FINISH:
                self._end(END_FINISH)
        self._flush()

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None:
        if self._active and not self._closed:
            rows = []
            for p in products:
                row: dict[str, Any] = {"session_id": self._session_id, "ts": ts, "product_id": p.product_id,
                                       "title": p.title, "explain_status": p.explain_status, "position": p.position}
                row.update({name: p.values.get(name) for name in PRODUCT_NUMERIC_FIELDS})
                rows.append(row)
            self._submit("products", insert("product_samples", rows))
        self._flush()

    def on_flow(self, sample: FlowSample) -> None:
        if self._active and not self._closed:
            rows = [{"session_id": self._session_id, "ts": sample.ts, "by": sample.by, "source": k, "value": v}
                    for k, v in sample.values.items()]
            self._submit("flow", insert("flow_samples", rows))
        self._flush()

    def on_audience(self, sample: AudienceSample) -> None:
        if self._active and not self._closed:
            rows = [{"session_id": self._session_id, "ts": sample.ts, "action_event": sample.action_event,
                     "dimension": sample.dimension, "label": k, "value": v} for k, v in sample.values.items()]
            self._submit("audience", insert("audience_samples", rows))
        self._flush()

    def on_orders(self, ts: float, orders: Sequence[OrderRecord]) -> None:
        if self._session_id is not None and not self._closed and orders:
            rows = [{"order_id": o.order_id, "session_id": self._session_id, "room_id": o.room_id,
                     "product_id": o.product_id, "item_num": o.item_num, "pay_amount_fen": o.pay_amount_fen,
                     "order_amount_fen": o.order_amount_fen, "create_time": o.create_time,
                     "update_time": o.update_time, "pay_time": o.pay_time, "state": o.state.value,
                     "buyer_mask": o.buyer_mask} for o in orders]  # the masked id only: never a raw buyer id
            self._submit("orders", upsert("orders", rows, "order_id"))
        self._flush()

    def on_gap(self, gap: Gap) -> None:
        if self._active and not self._closed:
            sid, error = self._session_id, redact_text(gap.error)
            ops = [insert("gaps", [{"session_id": sid, "kind": gap.kind, "ts": gap.ts, "error": error}])]
            if gap.kind == "room":  # the room table keeps a row per poll: a gap row, NULL metrics
                ops.append(insert(ROOM_SAMPLES, [{"session_id": sid, "ts": gap.ts, "status": None, "is_gap": 1,
                                                  "error": error}]))
            self._submit(f"gap:{gap.kind}", *ops)
        self._flush()

    def on_health(self, health: SourceHealth) -> None:
        if self._active and not self._closed:
            self.add_event("health", {"state": health.state.value, "error": health.last_error})
        else:
            self._flush()

    # --- operator actions ------------------------------------------------------------------------------------
    def add_event(self, kind: str, payload: dict[str, Any] | None = None, ts: float | None = None) -> None:
        """Record an operator action (order change, variant switch, note...) in the current session's log."""
        if self._closed:
            return
        sid, at = self._session_id, self.clock.now() if ts is None else ts
        body = json.dumps(redact_payload(payload or {}), ensure_ascii=False, sort_keys=True)
        self._submit(f"event:{kind}", insert("events", [{"session_id": sid, "ts": at, "kind": kind,
                                                        "payload": body}]))
        self._flush()

    def resume(self, session_id: str) -> None:
        """Continue recording into an existing session (raises SessionNotFound, SessionBusy, StorageError)."""
        try:
            row = require_session(self.db, session_id)
            last = self._last_sample_ts(session_id)
        except (sqlite3.Error, OSError) as exc:
            raise translate(exc, database_file(self.db)) from exc
        self._check_not_busy(row)
        if self._active and self._session_id != session_id:
            self._end(END_STOPPED, note="stopped")
        self._resume_row(row, last)
        self._flush()

    def heartbeat(self) -> RecorderStatus:
        """Retry the backlog and refresh the heartbeat (call it on a real-time timer when polls are sparse)."""
        if self._active and not self._closed and not self._backlog:
            self._submit("heartbeat")
        self._flush(now=True)
        return self.status

    def close(self) -> RecorderStatus:
        """Stop recording: a session still live is ended as 'stopped'. Writes the database still refuses are kept
        in the write journal too (`status.kept`), and still retried by `heartbeat()` until this program ends (the
        journal follows what is left). Returns the final status. The database itself stays open (its owner closes
        it)."""
        if not self._closed:
            if self._active:
                self._end(END_STOPPED, note="stopped")
            self._flush(now=True)
            self._closed = True
            if self._backlog:
                self._notice = self._journal.keep() or self._notice
            self._emit()
        return self.status

    # --- lifecycle ------------------------------------------------------------------------------------------
    def _start_or_resume(self, info: RoomInfo) -> None:
        try:
            row = self._resumable(info)
            if row is not None:
                self._check_not_busy(row)
                self._resume_row(row, self._last_sample_ts(row["id"]))
                self._notice = None
                return
        except (sqlite3.Error, OSError) as exc:  # cannot read: record into a new session rather than nothing
            self._notice = translate(exc, database_file(self.db))
        except SessionBusy as exc:  # refused for this whole run: never taken over later
            self._notice = self.refused = exc
            self._closed = True
            log.error("not recording: %s", exc)
            return
        now = self.clock.now()
        sid = new_session_id(now)
        self._session_id, self._room_id, self._title, self._active = sid, info.room_id, info.title, True
        session = {"id": sid, "room_id": info.room_id, "title": info.title, "source": self.source,
                   "started_at": now, "ended_at": None, "status": LIVE, "end_reason": "", "notes": "",
                   "room_started_at": info.start_time, "heartbeat_at": self._wall(),
                   "recorder_pid": self._pid, "recorder_host": HOST, "created_at": self._wall()}

        self._submit("start", sql(
            "INSERT INTO rooms (room_id, title, aweme_id, aweme_name, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(room_id) DO UPDATE SET title = excluded.title, "
            "aweme_id = excluded.aweme_id, aweme_name = excluded.aweme_name, last_seen = excluded.last_seen",
            [info.room_id, info.title, info.aweme_id, info.aweme_name, now, now]), insert("sessions", [session]),
            essential=True)
        self._notice = None
        log.info("recording session %s of room %s", sid, info.room_id)
        self._announce(sid)

    def _resumable(self, info: RoomInfo) -> dict[str, Any] | None:
        rows = list(self.db.query(
            "SELECT * FROM sessions WHERE room_id = ? AND (status IN (?, ?) OR (status = ? AND end_reason = ?)) "
            "ORDER BY started_at DESC LIMIT 1", [info.room_id, LIVE, INTERRUPTED, ENDED, END_STOPPED]))
        if not rows:
            return None
        row = rows[0]
        known = row["room_started_at"]
        if known is not None and info.start_time is not None and \
                abs(known - info.start_time) > SAME_BROADCAST_TOLERANCE_S:
            return None  # a later broadcast of the same room
        return row

    def _check_not_busy(self, row: dict[str, Any]) -> None:
        if row["status"] == LIVE and row["recorder_pid"] != self._pid and recorder_alive(
                row["heartbeat_at"], row["recorder_pid"], row["recorder_host"], self._wall()):
            raise SessionBusy(f"session {row['id']} is being recorded by another running dyconsole "
                              f"(pid {row['recorder_pid']} on {row['recorder_host']})")

    def _last_sample_ts(self, session_id: str) -> float | None:
        return self.db.execute("SELECT max(ts) FROM room_samples WHERE session_id = ?", [session_id]).fetchone()[0]

    def _resume_row(self, row: dict[str, Any], last: float | None) -> None:
        sid = row["id"]
        self._session_id, self._room_id, self._title, self._active = sid, row["room_id"], row["title"] or "", True
        previous, now = row["status"], self.clock.now()
        payload = json.dumps({"previous_status": previous, "last_sample_ts": last}, sort_keys=True)

        self._submit("resume", sql("UPDATE sessions SET status = ?, ended_at = NULL, end_reason = '' WHERE id = ?",
                                   [LIVE, sid]),
                     insert("events", [{"session_id": sid, "ts": now, "kind": "resumed", "payload": payload}]),
                     essential=True)
        log.info("resuming session %s (was %s)", sid, previous)
        self._announce(sid)

    def _announce(self, sid: str) -> None:
        for listener in list(self.session_listeners):
            try:
                listener(sid)
            except Exception:  # a listener's fault must not stop the recording
                log.exception("session listener failed")

    def _end(self, reason: str, ended_at: float | None = None, note: str = "") -> None:
        sid, at = self._session_id, self.clock.now() if ended_at is None else ended_at
        self._active = False

        self._submit("end", sql("UPDATE sessions SET status = ?, ended_at = ?, end_reason = ?, "
                                "notes = CASE WHEN ? = '' THEN notes WHEN coalesce(notes, '') = '' THEN ? "
                                "ELSE notes || '; ' || ? END WHERE id = ?", [ENDED, at, reason, note, note, note, sid]),
                     insert("events", [{"session_id": sid, "ts": at, "kind": reason, "payload": "{}"}]),
                     essential=True)
        self._flush()
        if self._backlog:  # said only once it is true: the end waits with the rest of the backlog
            log.warning("session %s: its end (%s) is not written yet (%s)", sid, reason, self._backlog.error)
        else:
            log.info("session %s ended (%s)", sid, reason)

    # --- the write pipeline ----------------------------------------------------------------------------------
    def _submit(self, label: str, *ops: tuple[Any, ...], essential: bool = False) -> None:
        self._backlog.submit(PendingWrite(label, self._session_id, StoredWrite(tuple(ops)), essential))

    def _touch(self, db: Database, session_id: str | None) -> None:
        if session_id is not None:
            db.execute("UPDATE sessions SET heartbeat_at = ?, recorder_pid = ?, recorder_host = ?, "
                       "status = CASE WHEN status = ? THEN ? ELSE status END WHERE id = ?",
                       [self._wall(), self._pid, HOST, INTERRUPTED, LIVE, session_id])

    def _flush(self, now: bool = False) -> None:
        """Write the backlog in order (storage.write_backlog), then tell the status when it changed. While batched
        (the module doc), the polls' writes wait for their batch unless `now`."""
        batching = self._batch_while is not None and self._batch_while()
        if batching and not now and self._backlog and self._backlog.error is None \
                and not self._backlog.has_essential():
            began = self._batch_began
            if began is None:
                self._batch_began = self._monotonic()
                return
            if self._monotonic() - began < BATCH_REAL_S:
                return
        self._backlog.flush(self.db, self._touch, together=batching or self._batch_began is not None)
        if not self._backlog or self._backlog.error is not None:
            self._batch_began = None
        self._notice = self._journal.written() or self._notice
        self._emit()

    def _emit(self) -> None:
        status = self.status
        if status != self._last_status:
            self._last_status = status
            if self.on_status is not None:
                self.on_status(status)
