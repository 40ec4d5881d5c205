"""Composition-root helper: what one run of the console window is built of (`ConsoleParts`) and how it is built and
wired into the shown window after the first frame (`build_parts`): the token store; the session recorder, the alerts
and the live feed behind one fan-out sink; the room watch (the demo room's connection or the operator's saved live
connection); the alerts, the products (board, surge hints, click heat map, order panel), the A/B plans (the demo room
takes the confirmed variant), the 7-day ROI, the run of show, the forecast and the delivery promises plugged into the
window's seams. The run itself (its start, the window's requests, shutdown) is app.Console's.

Imported when the console builds its parts, after the first frame: none of the modules it builds from is the first
frame's (they are imported inside `build_parts`).
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from dyconsole.core.clock import CatchUpClock, Clock
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.main_window import MainWindow

if TYPE_CHECKING:
    from dyconsole.commands.demo_room import DemoRoomParts
    from dyconsole.services.alerts.service import AlertService
    from dyconsole.services.live.watch import RoomWatch
    from dyconsole.services.products.ordering import OrderingService
    from dyconsole.services.products.surge import SurgeWatch
    from dyconsole.services.settings.app_settings import AppSettings
    from dyconsole.sources.credentials import TokenStore
    from dyconsole.storage.recorder import Recorder
    from dyconsole.ui.alerts.attachment import AlertAttachment
    from dyconsole.ui.experiments.attachment import ExperimentsAttachment
    from dyconsole.ui.products.attachment import ProductsAttachment

log = logging.getLogger(__name__)


@dataclass
class ConsoleParts:
    """What one run of the console is built of. `recorder` is None when the session cannot be recorded
    (`recording_problem` says why); `window` is None once the run closed it."""

    clock: Clock
    store: TokenStore
    feed: LiveFeed
    recorder: Recorder | None
    recording_problem: str
    alerts: AlertService
    watch: RoomWatch
    window: MainWindow | None
    alert_ui: AlertAttachment
    surge: SurgeWatch
    product_ui: ProductsAttachment
    ordering: OrderingService
    experiments: ExperimentsAttachment
    roi7: Any = None  # commands.roi7_wiring.Roi7Parts: the 7-day ROI tile and the background settle
    forecast: Any = None  # services.forecast.live.LiveForecast: the live end-of-broadcast forecast
    recording_problem_kind: str = ""  # the StorageError class name of `recording_problem`
    dwell: Any = None  # ui.dwell.live_tab.DwellAttachment: the share past 3 min tile, the run of show tab
    delivery: Any = None  # ui.delivery.attachment.DeliveryAttachment: delivery promises by region


def build_parts(args: argparse.Namespace, settings: AppSettings, lang: str,
                first_frame: tuple[Clock, LiveFeed, MainWindow], demo: DemoRoomParts | None,
                recording: Callable[[], str | None], sound: Callable[[], bool]) -> ConsoleParts:
    """Everything past the first frame (`first_frame`: its clock, feed and window), wired to its window: on the demo
    room when `demo` is given (its parts), on the live room of `settings` otherwise. `recording()`: the session
    being recorded now; `sound()`: whether an alert makes a sound (the settings as they are then)."""
    from dyconsole.core.feed import PollFanOut
    from dyconsole.services.background import BackgroundWork
    from dyconsole.services.live.connection import saved_connection
    from dyconsole.services.live.watch import RoomWatch
    from dyconsole.services.products.ordering import OrderingService
    from dyconsole.services.products.surge import SurgeWatch
    from dyconsole.sources.credentials import MemoryTokenStore, open_token_store
    from dyconsole.ui.alerts.attachment import attach_alerts
    from dyconsole.ui.products.attachment import attach_products

    clock, feed, window = first_frame
    store: TokenStore = MemoryTokenStore() if demo is not None else open_token_store()
    recorder, problem, problem_kind = _open_recorder(args, clock)
    alerts = _open_alerts(clock, recorder, recording, lang, demo is not None)
    polls = PollFanOut([feed] + ([recorder] if recorder is not None else []))
    polls.add(alerts.monitor)  # after the recorder: a fired alert belongs to its session
    # product click-surge hints, recorded with the session; the detector runs off the UI thread
    surge = SurgeWatch(recorder, work=BackgroundWork("product-surge", when_idle=True))  # after the poll's work
    polls.add(surge)
    # the order panel's service: Apply sets the order in the demo room; the real platform has no API for it
    ordering = OrderingService(feed, recorder.add_event if recorder is not None else None,
                               demo.control(lambda w: w.product_order_control) if demo is not None else None)
    polls.add(ordering)  # after the feed: a refit reads the feed's product history, this poll in it
    watch = RoomWatch(feed, clock, store, settings, polls,
                      demo.connection if demo is not None else lambda s: (saved_connection(s, store), None),
                      follow_settings=demo is None)
    alert_ui = attach_alerts(window, alerts, sound)
    product_ui = attach_products(window, feed, surge, alert_ui.notify, lang, ordering)
    polls.add(product_ui)  # after the feed: its heat map draws the feed's product history
    experiments = _attach_experiments(args, window, feed, recorder, recording, alert_ui.notify, lang, demo)
    polls.add(experiments.runner)  # the room's first poll picks up its running plan (a restart)
    from dyconsole.commands.roi7_wiring import attach_roi7

    roi7 = attach_roi7(window, polls, recorder, lang, demo.plan if demo is not None else None)
    from dyconsole.services.dwell.run_of_show import RunOfShowService, attach_args
    from dyconsole.ui.dwell.live_tab import attach_dwell

    run_of_show = RunOfShowService(**attach_args(recorder))
    polls.add(run_of_show)
    dwell_ui = attach_dwell(window, feed, run_of_show, lang)

    from dyconsole.commands.forecast_wiring import attach_forecast

    forecast = attach_forecast(window, polls, recorder, lang)

    from dyconsole.services.delivery import RegionsWatch
    from dyconsole.storage.deliveries import shipments
    from dyconsole.ui.delivery.attachment import attach_delivery

    regions = RegionsWatch((lambda: shipments(recorder.db)) if recorder is not None else None)
    polls.add(regions)  # the audience's cities, beside the shop's stored deliveries
    delivery = attach_delivery(window, regions, lang)
    from dyconsole.ui.polls_behind import attach_polls_behind

    attach_polls_behind(window, polls)  # "Falling behind: N polls skipped" when the machine cannot keep up
    if isinstance(clock, CatchUpClock):  # the demo room's history: a room poll every step, however loaded
        from dyconsole.commands.catch_up_pace import CatchUpPace

        polls.add(CatchUpPace(clock))  # the last listener: the clock moves on once the whole poll is handled
    return ConsoleParts(clock, store, feed, recorder, problem, alerts, watch, window, alert_ui, surge, product_ui,
                        ordering, experiments, roi7, forecast, recording_problem_kind=problem_kind, dwell=dwell_ui,
                        delivery=delivery)


def _attach_experiments(args: argparse.Namespace, window: MainWindow, feed: LiveFeed, recorder: Recorder | None,
                        recording: Callable[[], str | None], notify: Callable[[str, str], None], lang: str,
                        demo: DemoRoomParts | None) -> ExperimentsAttachment:
    """The A/B plans: the runner (the demo room takes the confirmed variant), the plan book, their window parts."""
    from dyconsole.services.experiments.planning import PlanBook
    from dyconsole.services.experiments.runner import PlanRunner
    from dyconsole.ui.experiments.attachment import attach_experiments

    db = recorder.db if recorder is not None else None
    path = getattr(args, "db", None)
    switch = demo.control(lambda w: w.ab_variant_control) if demo is not None else None
    runner = PlanRunner(feed.clock, db, path, recording, switch)
    book = PlanBook(db, path, lambda: feed.room_info.room_id if feed.room_info is not None else None)
    return attach_experiments(window, runner, book, notify, lang)


def _open_recorder(args: argparse.Namespace, clock: Clock) -> tuple[Recorder | None, str, str]:
    from dyconsole.storage.db import open_db
    from dyconsole.storage.errors import StorageError
    from dyconsole.storage.recorder import Recorder

    try:
        db = open_db(getattr(args, "db", None))
        # the demo room's history (its catch-up, a few real seconds) is written in batches, not a commit a poll
        history = (lambda: clock.catching_up) if isinstance(clock, CatchUpClock) else None
        return Recorder(db, clock, source=args.source or "demo", batch_while=history), "", ""
    except StorageError as exc:
        log.error("not recording: %s", exc)
        return None, str(exc), type(exc).__name__


def _open_alerts(clock: Clock, recorder: Recorder | None, recording: Callable[[], str | None], lang: str,
                 demo_room: bool) -> AlertService:
    from dyconsole.core.alerts import EXAMPLE_NORMS
    from dyconsole.services.alerts.recording import DEMO_ROOM_NORMS
    from dyconsole.services.alerts.service import AlertService

    alerts = AlertService(clock, recorder.db if recorder is not None else None, lang, session_id=recording,
                          norms=DEMO_ROOM_NORMS if demo_room else EXAMPLE_NORMS)
    if recorder is not None:
        alerts.keep_rules_with_sessions(recorder)
    return alerts
