"""Watching the room: connecting, trying the first connection again while the room is out of reach, and connecting
again when the operator saves new settings or authorizes again.

`RoomWatch` (a QtCore QObject) owns the room source and the polling task. `start()` connects (retrying a passing
failure: no network yet, 5xx...) and starts the poller feeding the given sink; `use_settings()` takes newly saved
settings and, when the connection moved, a code waits to be exchanged or nothing is watched yet, stops watching
with the old connection (the recording goes on) and watches with the saved one — a first connection still being
tried is abandoned first, so two connections and pollers never run side by side; `await stop()` ends it all.
Problems are reported through the feed's health (what the status strip shows); when the console is not configured
`settings_needed` asks the app to open the settings.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from dyconsole.core.clock import Clock
from dyconsole.core.feed import PollPublisher
from dyconsole.core.model import ConnectionState, SourceHealth
from dyconsole.services.live.connection import NotConfigured, RoomConnection, connect_room, saved_connection
from dyconsole.services.live.feed import LiveFeed
from dyconsole.services.live.polling import PollingTask
from dyconsole.services.settings.app_settings import AppSettings
from dyconsole.sources.credentials import TokenStore
from dyconsole.sources.errors import SourceError
from dyconsole.sources.poller import Poller
from dyconsole.sources.retry import StoppedWaiting, retry_until_connected

log = logging.getLogger(__name__)

#: the room connection (and the httpx transport, None for the network) to use with the given settings
ConnectionFor = Callable[[AppSettings], tuple[RoomConnection, Any]]


class RoomWatch(QObject):
    """The room source and its poller, from the first connection to the last poll."""

    settings_needed = Signal()  # the console is not configured: the operator must fill in the settings

    def __init__(self, feed: LiveFeed, clock: Clock, store: TokenStore, settings: AppSettings, sink: PollPublisher,
                 connection_for: ConnectionFor, follow_settings: bool = True, parent: QObject | None = None) -> None:
        """`sink`: where every poll goes (the fan-out to the feed, the recorder, the alerts...); `connection_for`:
        the connection for the settings; `follow_settings` False (the demo room): saved settings never reconnect."""
        super().__init__(parent)
        self.feed = feed
        self.clock = clock
        self.store = store
        self.settings = settings
        self.sink = sink
        self.connection_for = connection_for
        self.follow_settings = follow_settings
        self.source: Any = None  # sources.room_source.LiveRoomSource, once connected
        self.polling: PollingTask | None = None
        self._task: asyncio.Future[Any] | None = None  # connecting and starting the poller (or reconnecting)
        self._stopping = asyncio.Event()

    # --- the run --------------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Connect and start polling (in the background)."""
        self._task = asyncio.ensure_future(self._start_watching())

    async def stop(self) -> None:
        """Stop trying to connect, stop the poller and close the source."""
        self._stopping.set()
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if self.polling is not None:
            await self.polling.stop()
        if self.source is not None:
            await self.source.aclose()
            self.source = None

    def use_settings(self, settings: AppSettings) -> None:
        """Newly saved settings: a first or changed connection, or a new authorization, is watched with them."""
        previous, self.settings = self.settings, settings
        if not self.follow_settings:
            return
        moved = (previous.qianchuan, previous.doudian) != (settings.qianchuan, settings.doudian)
        if self.polling is None or moved or self._new_authorization(settings):
            # a first or changed connection, or the operator authorized again (e.g. after "authorize again")
            self._task = asyncio.ensure_future(self._reconnect(self._task))

    def report_problem(self, message: str) -> None:
        """A problem the operator must see in the status strip (the connection is down until it is solved)."""
        log.warning("%s", message)
        self.feed.on_health(SourceHealth(ConnectionState.DOWN, last_error=message, changed_at=self.clock.now()))

    # --- connecting -----------------------------------------------------------------------------------------------
    async def _connect(self) -> bool:
        """Build and authorize the room source; on failure say why (through the feed's health) and return False."""
        try:
            connection, transport = self.connection_for(self.settings)
            self.source = await retry_until_connected(
                lambda: connect_room(connection, self.clock, self.store, transport=transport, qps=self.settings.qps),
                self.clock, self._stopping, on_retry=self._retrying)
            if self.feed.health is not None and self.feed.health.state is not ConnectionState.OK:
                # reached after retries: the "cannot reach" problem is over (the poller reports from here on)
                self.feed.on_health(SourceHealth(ConnectionState.OK, changed_at=self.clock.now()))
        except NotConfigured as exc:
            self.report_problem(QCoreApplication.translate("Console", str(exc)))
            self.settings_needed.emit()
            return False
        except StoppedWaiting:  # stopped while the room could not be reached
            return False
        except (SourceError, ValueError, OSError) as exc:
            self.report_problem(str(exc))
            return False
        return True

    def _retrying(self, err: Exception, delay: float) -> None:
        """The first connection failed for a passing reason (no network yet, 5xx...): said, and tried again."""
        message = QCoreApplication.translate("Console", "Cannot reach the room yet (%1); trying again in %2 s")
        log.warning("cannot reach the room yet (%s); retrying in %.0f s", err, delay)
        self.feed.on_health(SourceHealth(ConnectionState.DEGRADED,
                                         last_error=message.replace("%1", str(err)).replace("%2", f"{delay:.0f}"),
                                         changed_at=self.clock.now()))

    def _new_authorization(self, settings: AppSettings) -> bool:
        """A code waiting to be exchanged in the saved connection (the operator authorized again)."""
        try:
            connection = saved_connection(settings, self.store)
        except Exception:  # noqa: BLE001 - not configured, or an unreadable keyring: nothing new to use
            return False
        return bool(connection.qianchuan.auth_code or (connection.doudian is not None and connection.doudian.code))

    async def _reconnect(self, previous: asyncio.Future[Any] | None) -> None:
        """Stop watching with the old connection (the recording goes on) and watch with the saved one. A first
        connection still being tried (`previous`) is abandoned first, so two never run side by side."""
        if previous is not None and not previous.done():
            previous.cancel()
            await asyncio.gather(previous, return_exceptions=True)
        if self.polling is not None:
            await self.polling.stop()
            self.polling = None
        if self.source is not None:
            await self.source.aclose()
            self.source = None
        await self._start_watching()

    async def _start_watching(self) -> None:
        if self.polling is not None or not await self._connect():
            return
        poller = Poller(self.source, self.clock, self.settings.poll_intervals, self.sink)
        self.polling = PollingTask(poller)
        self.polling.finished.connect(self._poller_finished)
        self.polling.start()

    def _poller_finished(self, error: str) -> None:
        if error:
            self.report_problem(error)
