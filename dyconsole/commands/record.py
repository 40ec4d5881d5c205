"""`dyconsole record`: the headless recorder. Records one broadcast into the session cache, without a window.

`--source demo` records the in-process demo room at `--speed`; `--source live` the real APIs, with the connection
from flags/environment (`--api-base`, `--app-id`, `--secret` or DYCONSOLE_SECRET, `--auth-code`, `--advertiser-id`,
`--aweme-id`; Doudian `--app-key`, `--app-secret` or DYCONSOLE_DOUDIAN_SECRET, `--shop-id`, `--doudian-code`) over
the saved settings and keyring. A secret typed on the command line is warned about (the process list shows it to
other users): `--secret -` asks for it without echo, and so does a missing one when stdin is a terminal
(commands.record_live). `--duration` is BROADCAST seconds (at --speed 60, 3600 takes a real minute); without it
the recording runs until the room finishes; it counts from the start of the command. SIGINT/SIGTERM stop cleanly
(the session ends 'stopped').

Connecting: a transient fault at start (no network yet, 5xx, rate limit, a garbled answer) is retried with backoff
(1, 2, 4 ... s, at most a minute apart; each retry said on stderr) until it works, the --duration is over, or a
signal stops it (exit 1, nothing recorded); a refused authorization (bad code or secret) fails at once (exit 1).

Output: progress lines on stderr, one per room poll once it is committed ("room poll N: sample|gap at TS
committed"; a product click-surge hint "hint: ..."; polls the machine could not make in time "falling behind: N polls
skipped ...", with the count on the closing line), the hints and the skips stored with the session as events;
the LAST stdout line is the session id alone. Exit codes (commands.exit_codes): 0 ok, 2 usage/config, 3 a database
that cannot be opened or an unknown session to resume, 1 failure (said why): among them writes the database refused
until the end (they are kept in the journal beside the database and written at the next start: said), and a
broadcast another running recorder is recording (refused at once, never taken over).

Resuming: `--resume ID` continues an interrupted (or stopped) session into the SAME id. A demo room is rebuilt from
the 'demo_room' event written when its session started (seed, scenario, the room's start time, its length): the
room continues from the last recorded moment, as if it had waited while nobody watched. Secrets are never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import sys
import time
from typing import Any, Callable, Mapping, Sequence

from dyconsole.commands.exit_codes import Exit
from dyconsole.commands.record_say import RecordFailure, UsageProblem, say
from dyconsole.commands.stop_signals import on_stop_signals
from dyconsole.core.clock import Clock, ScaledClock, WallClock
from dyconsole.core.feed import (
    Gap,
    HealthChanged,
    PollFanOut,
    PollHandlers,
    PollIntervals,
    PollsSkipped,
    RoomInfoChanged,
    RoomPolled,
)
from dyconsole.core.model import ConnectionState, RoomSample, SourceHealth

from dyconsole.commands.exit_codes import FAILURE, OK, USAGE

log = logging.getLogger("dyconsole.record")

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_DATA = int(Exit.OK), int(Exit.FAILURE), int(Exit.USAGE), int(Exit.DATA)
#: the event that lets a demo recording be resumed into the same broadcast
DEMO_EVENT = "demo_room"
#: real seconds between recorder heartbeats when polls are sparse
HEARTBEAT_REAL_S = 10.0
#: broadcast seconds a lost authorization is recorded (as gaps, the no-data alert firing) before `record` stops
AUTH_LOST_STOP_AFTER_S = 120.0


# --- the progress lines -------------------------------------------------------------------------------------
class ProgressLines:
    """A poll listener after the recorder: says on stderr when a room poll is committed and when the source's state
    changes; writes the `start_event` (kind, payload) into the session once the session exists."""

    def __init__(self, recorder: Any, start_event: tuple[str, dict[str, Any]] | None = None) -> None:
        self.recorder = recorder
        self.start_event = start_event
        self.room_polls = 0
        self._announced: str | None = None
        self._recording = bool(recorder.recording)  # as the last room poll left it

    def poll_handlers(self) -> PollHandlers:
        return {
            RoomInfoChanged: lambda e: self._after(),
            RoomPolled: lambda e: self.room_polled(e.sample),
            Gap: lambda e: self.gap(e),
            HealthChanged: lambda e: self.health_changed(e.health),
            PollsSkipped: lambda e: self.polls_skipped(e),
        }

    def resumed(self) -> None:
        """The recorder resumed a session: it already has its start event."""
        self._announced = self.recorder.session_id
        self._recording = bool(self.recorder.recording)

    def _after(self) -> None:
        sid = self.recorder.session_id
        self._recording = bool(self.recorder.recording)
        if self.recorder.recording and sid != self._announced:
            self._announced = sid
            say(f"recording session {sid}")
            if self.start_event is not None:
                kind, payload = self.start_event
                self.recorder.add_event(kind, payload)

    def _room_poll(self, what: str, ts: float) -> None:
        if not self.recorder.recording and self._announced is None:
            return
        self.room_polls += 1
        status = self.recorder.status
        state = "committed" if status.backlog == 0 else f"not written yet ({status.error or 'backlog'})"
        say(f"room poll {self.room_polls}: {what} at {ts:.3f} {state}")

    def room_polled(self, sample: RoomSample) -> None:
        active = self._recording  # before this poll (the final one of a session ends it)
        self._after()
        if active or self.recorder.recording:
            self._room_poll("sample", sample.ts)

    def gap(self, gap: Gap) -> None:
        if gap.kind == "room" and self.recorder.recording:
            self._room_poll("gap", gap.ts)

    def polls_skipped(self, event: PollsSkipped) -> None:
        say(f"falling behind: {event.summary()}: this machine cannot keep up with the polls at this speed")

    def health_changed(self, health: SourceHealth) -> None:
        current = health.last_error if health.state is not ConnectionState.OK else ""  # never an old error as news
        say(f"source {health.state.value}" + (f": {current}" if current else ""))


class StopWhenRefused:
    """A poll listener after the recorder: stops the recording at once when the recorder refused the broadcast
    (another running recorder records it), instead of polling for nothing."""

    def __init__(self, recorder: Any, stop: asyncio.Event) -> None:
        self.recorder = recorder
        self.stop = stop

    def poll_handlers(self) -> PollHandlers:
        return {RoomInfoChanged: self._check, RoomPolled: self._check}

    def _check(self, _event: object) -> None:
        if getattr(self.recorder, "refused", None) is not None:
            self.stop.set()


class StopWhenAuthLost:
    """A poll listener after the alerts: once Qianchuan refuses the authorization for good (`poller.auth_lost`),
    the recording goes on for `after_s` broadcast seconds (gaps recorded, the no-data alert fired and stored),
    then stops: nothing more can be recorded until the operator authorizes again."""

    def __init__(self, poller: Callable[[], Any], clock: Clock, stop: asyncio.Event,
                 after_s: float = AUTH_LOST_STOP_AFTER_S) -> None:
        self.poller, self.clock, self.stop, self.after_s = poller, clock, stop, after_s
        self.lost_since: float | None = None
        self.error = ""

    def poll_handlers(self) -> PollHandlers:
        return {Gap: self._check, HealthChanged: self._check, RoomPolled: self._check}

    def _check(self, _event: object) -> None:
        poller = self.poller()
        lost = poller.auth_lost if poller is not None else None
        if not lost:
            self.lost_since = None
            return
        now = self.clock.now()
        if self.lost_since is None:
            self.lost_since, self.error = now, lost
            say(f"the authorization is lost: {lost}; recording stops in {self.after_s:g} broadcast seconds")
        elif now - self.lost_since >= self.after_s:
            self.stop.set()


# --- one recording -------------------------------------------------------------------------------------------
async def record_broadcast(
    source: Any,
    clock: Clock,
    recorder: Any,
    intervals: PollIntervals,
    *,
    until_ts: float | None = None,
    resume_id: str | None = None,
    start_event: tuple[str, dict[str, Any]] | None = None,
    stop: asyncio.Event | None = None,
    heartbeat_real_s: float = HEARTBEAT_REAL_S,
    alerts: Any = None,
    listeners: Sequence[Any] = (),
) -> Any:
    """Poll `source` into `recorder` until the room finishes, broadcast time `until_ts`, or `stop` is set; then
    close the recorder (a session still live ends 'stopped'). Returns the Poller (its `polls`, `health`).
    `alerts`: an alert monitor (a poll listener) that gets every poll after the recorder; `listeners`: more poll
    listeners after it (the product surge hints)."""
    from dyconsole.sources.poller import Poller

    progress = ProgressLines(recorder, start_event)
    if resume_id is not None:
        recorder.resume(resume_id)
        progress.resumed()
        say(f"resuming session {resume_id}")
    stop = stop or asyncio.Event()
    polls = PollFanOut([recorder, progress, StopWhenRefused(recorder, stop)])
    if alerts is not None:
        polls.add(alerts)
    for listener in listeners:
        polls.add(listener)
    made: list[Any] = []
    polls.add(StopWhenAuthLost(lambda: made[0] if made else None, clock, stop))  # after the no-data alert
    poller = Poller(source, clock, intervals, polls)
    made.append(poller)

    async def watch_stop() -> None:
        await stop.wait()
        poller.stop()

    async def heartbeat() -> None:
        while True:
            await asyncio.sleep(heartbeat_real_s)
            recorder.heartbeat()

    helpers = [asyncio.create_task(watch_stop()), asyncio.create_task(heartbeat())]
    try:
        await poller.run(until_ts)
    finally:
        for task in helpers:
            task.cancel()
        await asyncio.gather(*helpers, return_exceptions=True)
        recorder.close()
    return poller


# --- connections -------------------------------------------------------------------------------------------
async def connect_with_retries(
    connection: Any,
    clock: Clock,
    store: Any,
    stop: asyncio.Event,
    *,
    transport: Any = None,
    qps: Mapping[str, float] | None = None,
    deadline_ts: float | None = None,
) -> Any:
    """The authorized room source. A transient fault (no network yet, 5xx, rate limit, a garbled answer) is retried
    with backoff, said on stderr, until it works, broadcast time `deadline_ts` passes or `stop` is set; a refused
    authorization fails at once. Raises RecordFailure saying why."""
    from dyconsole.services.live.connection import connect_room
    from dyconsole.sources.errors import AuthFailed, SourceError
    from dyconsole.sources.retry import StoppedWaiting, retry_until_connected

    retried = 0
    first_error = ""

    def retrying(err: Exception, delay: float) -> None:
        nonlocal retried, first_error
        retried += 1
        first_error = first_error or str(err)
        say(f"cannot reach the room yet ({err}); retry {retried} in {delay:.1f} s")

    try:
        source = await retry_until_connected(
            lambda: connect_room(connection, clock, store, transport=transport, qps=qps), clock, stop,
            deadline_ts=deadline_ts, on_retry=retrying)
    except StoppedWaiting:
        raise RecordFailure("stopped by signal before the room was connected: nothing recorded") from None
    except AuthFailed as err:
        if "not in question" in str(err):
            hint = ""
        elif retried:  # an earlier try's answer never came whole: it may have used the one-time code
            hint = (f" (the first try's answer was lost or garbled: {first_error}; the platform may have used the "
                    "one-time authorization code with it: authorize again for a new code; the app id and secret "
                    "are not in question)")
        else:
            hint = (" (check the app id or key, the secret and the authorization code; a code works once, for 10 "
                    "minutes)")
        raise RecordFailure(f"cannot connect to the room: authorization refused: {err}{hint}") from None
    except SourceError as err:
        after = f" after {retried} retries" if retried else ""
        raise RecordFailure(f"cannot connect to the room{after}: {err}") from None
    if retried:
        say(f"connected after {retried} retries")
    return source


def demo_plan_of(db: Any, session_id: str) -> tuple[Any, float]:
    """The demo room (a demo_wiring.DemoPlan) of a recorded session and the broadcast time its recording stopped at."""
    from dyconsole.commands.demo_wiring import DemoPlan
    from dyconsole.storage.loaders import load_events, require_session

    row = require_session(db, session_id)
    events = [e for e in load_events(db, session_id) if e.kind == DEMO_EVENT]
    if not events:
        raise UsageProblem(f"session {session_id} was not recorded from the demo room (use --source live)")
    p = events[0].payload
    plan = DemoPlan(int(p["seed"]), p.get("scenario"), float(p["room_start_ts"]), float(p["duration_s"]))
    last = db.execute("SELECT max(ts) FROM room_samples WHERE session_id = ?", [session_id]).fetchone()[0]
    return plan, max(float(last if last is not None else row["started_at"]), plan.room_start_ts)


def _alert_monitor(db: Any, recorder: Any, demo: bool, language: str) -> Any:
    """The enabled alert rules (saved, else the defaults) evaluated on every poll; alerts stored with the session
    and said on stderr."""
    from dyconsole.core.alerts import EXAMPLE_NORMS
    from dyconsole.services.alerts.recording import (
        DEMO_ROOM_NORMS,
        headless_monitor,
        message_of,
        store_rules_with_sessions,
    )

    def notify(event: Any) -> None:
        say(f"alert {event.kind}: {event.rule_name}: {message_of(event, language)}")

    monitor = headless_monitor(db, lambda: recorder.session_id, language,
                               DEMO_ROOM_NORMS if demo else EXAMPLE_NORMS, notify)
    store_rules_with_sessions(recorder, lambda: monitor.rules)
    return monitor


def _surge_watch(recorder: Any, language: str) -> Any:
    """Product click-surge hints, stored with the session and said on stderr."""
    from dyconsole.services.products.surge import SurgeWatch

    surge = SurgeWatch(recorder)
    surge.subscribe(lambda hint: say(f"hint: {hint.message(language)}"))
    return surge


# --- the verb ------------------------------------------------------------------------------------------------
def _check_args(args: argparse.Namespace) -> None:
    from dyconsole.commands.arg_values import MAX_DURATION_S, MAX_SPEED

    if not (0 < args.speed <= MAX_SPEED):
        raise UsageProblem(f"--speed must be a number above 0 and at most {MAX_SPEED:,.0f}")
    if args.duration is not None and not (0 < args.duration <= MAX_DURATION_S):
        raise UsageProblem(f"--duration must be a number of broadcast seconds above 0 and at most "
                           f"{MAX_DURATION_S:,.0f}")


async def _run(args: argparse.Namespace, db: Any) -> str | None:
    from dyconsole.commands.demo_wiring import DemoPlan, start_demo_room
    from dyconsole.emulator.demo import DEMO_DURATION_S
    from dyconsole.services.settings.app_settings import load_settings
    from dyconsole.sources.credentials import MemoryTokenStore, open_token_store
    from dyconsole.storage.recorder import Recorder

    settings = load_settings()
    start_event = None
    if args.source == "demo":
        if args.resume:
            plan, resume_at = demo_plan_of(db, args.resume)
        else:
            duration = max(float(DEMO_DURATION_S), args.duration or 0.0)
            plan = DemoPlan(args.seed if args.seed is not None else 1, args.scenario, float(math.floor(time.time())),
                            duration)
            resume_at, start_event = None, (DEMO_EVENT, plan.as_event())
        try:
            clock, connection, transport = start_demo_room(args.speed, plan, resume_at)
        except ValueError as err:
            raise UsageProblem(f"bad demo room: {err}") from None
        store: Any = MemoryTokenStore()
    else:
        clock = WallClock() if args.speed == 1 else ScaledClock(speed=args.speed)
        if args.speed != 1:
            say(f"--speed {args.speed:g} with a live source: only for an accelerated emulator")
        store = open_token_store()
        if getattr(store, "warning", None):
            say(f"{store.warning}; a secret given by flag or environment still works for this run")
        from dyconsole.commands.record_live import live_connection  # the real room only

        connection, transport = live_connection(args, settings, store, os.environ), None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    on_stop_signals(loop, stop.set)
    until = clock.now() + args.duration if args.duration is not None else None
    source = await connect_with_retries(connection, clock, store, stop, transport=transport, qps=settings.qps,
                                        deadline_ts=until)
    recorder = Recorder(db, clock, source=args.source)
    alerts = _alert_monitor(db, recorder, args.source == "demo", settings.language)
    surge = _surge_watch(recorder, settings.language)
    say(f"polling the {args.source} room" + (f" for {args.duration:g} broadcast seconds" if until else ""))
    try:
        poller = await record_broadcast(source, clock, recorder, settings.poll_intervals, until_ts=until,
                                        resume_id=args.resume, start_event=start_event, stop=stop, alerts=alerts,
                                        listeners=[surge])
    finally:
        await source.aclose()
    if recorder.refused is not None:
        raise RecordFailure(f"not recording: {recorder.refused}; stop that recorder first, or record into "
                            "another --db")
    status = recorder.status
    if status.kept:
        raise RecordFailure(f"{status.kept} writes could not be written ({status.error}); they are kept in "
                            f"{status.journal} and written at the next start (dyconsole record or the window)")
    if status.unwritten:
        raise RecordFailure(f"{status.unwritten} writes are lost: {status.error}")
    if poller.auth_lost:
        resume = f" --resume {recorder.session_id}" if recorder.session_id else ""
        raise RecordFailure(f"stopped: the authorization is lost ({poller.auth_lost}); authorize the console again "
                            f"for a new code, then continue: dyconsole record --source live --auth-code NEW_CODE"
                            f"{resume}")
    if recorder.session_id is None:
        why = poller.health.last_error or "no LIVING room was seen"
        raise RecordFailure(f"nothing recorded: {why}")
    skipped = sum(poller.skipped.values())
    say(f"session {recorder.session_id} closed after {sum(poller.polls.values())} polls"
        + (f", {skipped} skipped (the machine could not keep up)" if skipped else ", none skipped")
        + (" (stopped by signal)" if stop.is_set() else ""))
    return recorder.session_id


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from dyconsole.storage.db import RECORDER_BUSY_TIMEOUT_MS, open_db
    from dyconsole.storage.errors import SessionNotFound, StorageError

    try:
        _check_args(args)
        try:
            db = open_db(args.db, busy_timeout_ms=RECORDER_BUSY_TIMEOUT_MS)
        except StorageError as err:  # the same bad database is exit 3 from every verb
            say(str(err))
            return EXIT_DATA
        try:
            session_id = asyncio.run(_run(args, db))
        finally:
            db.close()
    except UsageProblem as err:
        say(str(err))
        return EXIT_USAGE
    except SessionNotFound as err:
        say(str(err))
        return EXIT_DATA
    except (RecordFailure, StorageError) as err:
        say(str(err))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        say("interrupted before recording started")
        return EXIT_FAILURE
    print(session_id, flush=True)
    return EXIT_OK
