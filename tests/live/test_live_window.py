"""The live console window against the in-process demo room (emulator at high speed), end to end through the
real clients, poller, recorder and feed: tiles and charts update, toggles work, a connection fault shows in the
status strip while the charts keep what they have, and the window closes cleanly."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Awaitable, Callable

import numpy as np
import pytest
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.core.model import ConnectionState
from dyconsole.emulator.faults import FaultSpec
from dyconsole.core.feed import PollIntervals
from dyconsole.core.products.history import CLICKS
from dyconsole.services.settings.app_settings import (
    AppSettings,
    DoudianConnection,
    QianchuanConnection,
    auth_code_account,
    doudian_account,
    qianchuan_account,
)
from dyconsole.sources.credentials import open_token_store
from dyconsole.storage.db import open_db
from dyconsole.storage.recorded_session import load_review
from dyconsole.storage.sessions import list_sessions

SPEED = 120.0  # two broadcast minutes per real second (the 3 h demo broadcast lasts 90 s)


def _args(db: str, **over: object) -> argparse.Namespace:
    # the demo room opens at its start in these tests (the first hour's catch-up is tests/live/test_live_first_hour)
    base = dict(source="demo", speed=SPEED, seed=3, scenario=None, db=db, lang="en", screenshot=None,
                quit_after=None, demo_opens_at_s=0.0)
    base.update(over)
    return argparse.Namespace(**base)


Scenario = Callable[[Console], Awaitable[None]]


def drive(qloop: asyncio.AbstractEventLoop, tmp_path: Path, scenario: Scenario, settings: AppSettings | None = None,
          exit_code: int = 0, *, lang: str = "en", size: tuple[int, int] | None = (1280, 720),
          **args: object) -> Console:
    """Run the console and the scenario in ONE run of the loop (stopping and restarting a qasync loop between
    steps lets Qt deliver callbacks while no loop runs), then close the window and check the run ended as
    expected (`exit_code`). `size`: the window's size before it shows (None: the size it gave itself)."""
    c = Console(_args(str(args.pop("db", tmp_path / "s.sqlite3")), lang=lang, **args), settings or AppSettings(),
                lang)

    async def main() -> int:
        run = asyncio.ensure_future(c.run())
        await until(lambda: c.window is not None)
        if size is not None:
            c.window.resize(*size)
        try:
            await scenario(c)
        finally:
            if c.window is not None:
                c.window.close()
        return await asyncio.wait_for(run, 10)

    assert qloop.run_until_complete(main()) == exit_code
    assert c.window is None and (c.polling is None or not c.polling.running)
    return c


@pytest.fixture
def served_room():  # type: ignore[no-untyped-def]
    """`dyconsole emulator` on a loopback port (real time), and what the settings dialog would have saved for it:
    the settings (Qianchuan + Doudian connection, fast polls) and, in the keyring, the secrets and the auth codes
    caught from the browser. Yields (credentials, settings)."""
    proc = subprocess.Popen([sys.executable, "-m", "dyconsole", "emulator", "--port", "0", "--seed", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        creds = json.loads(proc.stdout.readline())
        qc, dd = creds["qianchuan"], creds["doudian"]
        store = open_token_store()
        for account, secret, code in ((qianchuan_account(qc["app_id"]), qc["secret"], qc["auth_code"]),
                                      (doudian_account(dd["app_key"]), dd["app_secret"], dd["code"])):
            store.set_secret(account, secret)
            store.set_secret(auth_code_account(account), code)
        settings = AppSettings(
            qianchuan=QianchuanConnection(creds["base_url"] + "/open_api/", qc["app_id"], qc["advertiser_id"],
                                          qc["aweme_id"]),
            doudian=DoudianConnection(creds["base_url"], dd["app_key"], dd["shop_id"]),
            poll_intervals=PollIntervals(room=1.0, products=5.0, flow=5.0, audience=10.0, orders=10.0),
        )
        yield creds, settings
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_tiles_charts_and_status_follow_the_demo_room(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        w = c.window
        # a few broadcast minutes: online, rates and the estimate of the dwell time all exist by then
        await until(lambda: c.feed.latest_derived.get("entries_per_min") is not None and len(c.feed.series) > 20
                    and c.feed.latest_derived.get("online") is not None)
        await until(lambda: w.charts.redraw_count > 0 and not w.charts.needs_redraw)
        # the estimate needs its first minutes of entries; the charts show it from the next redraw on
        await until(lambda: np.isfinite(np.asarray(w.charts.panels[0].curves["online"].getData()[1], dtype=float)).any())
        w.refresh_text(force=True)
        online_tile = w.tiles.tiles["online_now"]
        assert online_tile.value.text() not in ("", "—")
        # the demo room, like the real APIs, has no online count: the tile shows the estimate, badged as one
        assert not online_tile.badge.isHidden()
        assert w.tiles.tiles["gmv"].value.text().startswith("¥")
        x, y = w.charts.panels[0].curves["online"].getData()
        assert x is not None and len(x) > 5 and np.nanmax(y) > 0
        assert w.status.state is ConnectionState.OK
        assert "REC" in w.status.session_label.text()  # the recorder took the session as the room went LIVING
        assert w.funnel.counts[1].text() not in ("", "—")  # entries
        w.side.setCurrentWidget(w.side.widget(1))  # traffic: filled as soon as it shows
        await until(lambda: w.traffic.table.rowCount() > 0)

    drive(qloop, tmp_path, scenario)


def test_toggles_presets_and_follow_live(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        w = c.window
        charts = w.charts
        # more than the 10-minute window of broadcast, so the preset shows a full window
        await until(lambda: c.feed.span() is not None and c.feed.span()[1] - c.feed.span()[0] > 700)
        charts.series_actions["likes_per_min"].setChecked(False)
        assert not charts.panels[1].curves["likes_per_min"].isVisible()
        for key in ("comments_per_min", "shares_per_min", "follows_per_min"):
            charts.series_actions[key].setChecked(False)
        assert not charts.panels[1].plot.isVisible()  # nothing left to show: the panel folds away
        charts.series_actions["likes_per_min"].setChecked(True)
        assert charts.panels[1].plot.isVisible()

        charts.set_window_preset(0)  # 10 min
        assert charts.follow and charts.window_s == 600.0
        charts.redraw()
        lo, hi = charts.panels[0].plot.vb.viewRange()[0]
        assert hi - lo == pytest.approx(600.0, rel=0.05)
        # a manual zoom stops following live; the menu action tracks it
        charts.panels[0].plot.vb.sigRangeChangedManually.emit([True, False])
        assert not charts.follow and not w.follow_action.isChecked()
        w.follow_action.setChecked(True)
        assert charts.follow

        # the operator picks which tiles show; the choice is emitted for the settings
        chosen: list[list[str]] = []
        w.visible_tiles_changed.connect(chosen.append)
        w.tiles.actions_by_id["ad_spend"].setChecked(False)
        assert w.tiles.tiles["ad_spend"].isHidden() and chosen and "ad_spend" not in chosen[-1]

    drive(qloop, tmp_path, scenario)


def test_a_connection_fault_shows_and_the_charts_keep_their_data(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: np.isfinite(np.array(c.feed.series["online"].values, dtype=float)).sum() > 8)
        before = len(c.feed.series)
        c.demo.state.set_faults(FaultSpec.parse("http5xx=1.0"))
        await until(lambda: c.feed.health is not None and c.feed.health.state is ConnectionState.DOWN)
        await until(lambda: c.feed.gaps > 0 and len(c.feed.series) > before)
        w.refresh_status()
        assert w.status.state is ConnectionState.DOWN
        assert w.status.error_label.text()  # the last error is shown
        # gaps are NaN breaks, never zeros, and what was drawn before stays
        online = np.array(c.feed.series["online"].values)
        assert np.isnan(online[before:]).any() and not (online[before:] == 0).any()
        await until(lambda: w.redraw_tick() or not w.charts.needs_redraw)
        x, y = w.charts.panels[0].curves["online"].getData()
        assert x is not None and np.isfinite(y).sum() > 5

        c.demo.state.set_faults(FaultSpec.parse(""))
        await until(lambda: c.feed.health.state is ConnectionState.OK)
        w.refresh_status()
        assert w.status.state is ConnectionState.OK

    drive(qloop, tmp_path, scenario)


def test_the_recording_is_closed_with_the_window(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        await until(lambda: c.recorder is not None and c.recorder.recording and len(c.feed.series) > 5)

    drive(qloop, tmp_path, scenario)
    sessions = list_sessions(open_db(tmp_path / "s.sqlite3"))
    assert len(sessions) == 1 and sessions[0].status == "ended" and sessions[0].samples > 0


def test_the_live_product_history_is_the_one_review_loads(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every products poll of the demo broadcast goes into feed.product_history; the recorded session, loaded
    for review, has the same history (same polls, products, values, positions and explanation states)."""
    async def scenario(c: Console) -> None:
        await until(lambda: c.recorder is not None and c.recorder.recording and len(c.feed.product_history) >= 4)

    c = drive(qloop, tmp_path, scenario, settings=AppSettings(poll_intervals=PollIntervals(products=5.0)))
    live = c.feed.product_history
    sessions = list_sessions(open_db(tmp_path / "s.sqlite3"))
    stored = load_review(tmp_path / "s.sqlite3", sessions[0].id).products
    assert len(stored) >= 4 and len(stored.ids) > 3
    assert np.array_equal(live.ts, stored.ts) and live.ids == stored.ids and live.titles == stored.titles
    assert np.array_equal(live.values, stored.values, equal_nan=True)
    for pid in live.ids:
        assert live.explain_states(pid) == stored.explain_states(pid)
        assert np.array_equal(live.positions(pid)[1], stored.positions(pid)[1], equal_nan=True)
    assert live.latest() == stored.latest() and [r.position for r in live.latest()] == sorted(
        r.position for r in live.latest() if r.position is not None)
    assert np.array_equal(live.minute_deltas(CLICKS).values, stored.minute_deltas(CLICKS).values, equal_nan=True)


def test_live_source_without_credentials_asks_for_settings(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        await until(lambda: c.settings_changes is not None and c.settings_changes.dialog is not None)
        assert c.feed.health is not None and c.feed.health.state is ConnectionState.DOWN
        assert "Settings" in c.feed.health.last_error
        assert c.polling is None  # nothing is polled without a connection
        c.settings_changes.dialog.reject()

    drive(qloop, tmp_path, scenario, source="live")


def test_saved_credentials_watch_the_live_room(qloop, tmp_path, served_room) -> None:  # type: ignore[no-untyped-def]
    """`--source live` with what the settings dialog saves (settings file fields + keyring secrets and the auth
    code caught from the browser), against the emulator served over a loopback socket in real time."""
    creds, settings = served_room
    qc, dd = creds["qianchuan"], creds["doudian"]
    store = open_token_store()
    qc_account = qianchuan_account(qc["app_id"])

    async def scenario(c: Console) -> None:
        assert not c.demo_mode
        await until(lambda: len(c.feed.series) >= 3 and c.feed.latest_sample is not None)
        assert c.feed.health is None or c.feed.health.state is ConnectionState.OK
        assert c.feed.latest_sample.get("total_live_watch_cnt") is not None
        assert c.recorder is not None and c.recorder.recording
        c.window.refresh_text(force=True)
        assert c.window.tiles.tiles["cumulative_viewers"].value.text() not in ("", "—")
        # the code was exchanged: the tokens are in the keyring, never in the settings or the database
        assert store.load_tokens(qc_account) is not None

    drive(qloop, tmp_path, scenario, settings=settings, source="live")
    db = tmp_path / "s.sqlite3"
    sessions = list_sessions(open_db(db))
    assert len(sessions) == 1 and sessions[0].source == "live" and sessions[0].samples >= 3
    raw = db.read_bytes()
    for secret in (qc["secret"], dd["app_secret"], qc["auth_code"], dd["code"]):
        assert secret.encode() not in raw


def test_a_room_out_of_reach_at_start_is_tried_again(qloop, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dyconsole.services.live.watch as watch_module  # where the console connects to the room
    from dyconsole.sources.errors import Unavailable

    real = watch_module.connect_room
    calls: list[int] = []

    async def out_of_reach_twice(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) <= 2:
            raise Unavailable("connection refused", endpoint="oauth2/access_token")
        return await real(*args, **kwargs)

    monkeypatch.setattr(watch_module, "connect_room", out_of_reach_twice)

    async def scenario(c: Console) -> None:
        said: list[str] = []
        shown = c.feed.on_health
        c.feed.on_health = lambda h: (said.append(f"{h.state.value}: {h.last_error}"), shown(h))  # type: ignore[method-assign]
        await until(lambda: len(c.feed.series) > 3)
        assert len(calls) == 3
        assert [s for s in said if "Cannot reach the room yet (oauth2/access_token: connection refused)" in s], said
        assert c.feed.health is None or c.feed.health.state is ConnectionState.OK

    drive(qloop, tmp_path, scenario)


def test_authorizing_again_in_settings_brings_a_dead_grant_back(qloop, tmp_path, served_room) -> None:  # type: ignore[no-untyped-def]
    """The grant dies (as when a refresh answer is lost after the server rotated the refresh token): the console
    says "authorize again"; the operator does, the settings are saved with the new code, and the console watches
    again, recording into the same session, with the used code gone from the keyring."""
    import dataclasses

    import httpx

    creds, settings = served_room
    store = open_token_store()
    account = qianchuan_account(creds["qianchuan"]["app_id"])

    async def scenario(c: Console) -> None:
        await until(lambda: len(c.feed.series) >= 2)
        assert not store.get_secret(auth_code_account(account))  # used once, then removed
        session = c.recorder.session_id
        dead = dataclasses.replace(store.load_tokens(account), access_token="dead", refresh_token="dead",
                                   access_expires_at=0.0)
        store.save_tokens(account, dead)
        await until(lambda: c.feed.health is not None and c.feed.health.state is ConnectionState.DOWN)
        assert "authorize" in c.feed.health.last_error
        fresh = httpx.post(f"{creds['base_url']}/_emulator/codes", timeout=5).json()
        store.set_secret(auth_code_account(account), fresh["qianchuan"]["auth_code"])
        c.settings_changes.saved(settings)  # what the settings dialog's OK does
        await until(lambda: c.feed.health.state is ConnectionState.OK and c.feed.latest_sample is not None
                    and c.feed.latest_sample.ts > c.feed.health.changed_at)
        assert store.load_tokens(account).refresh_token != "dead"
        assert not store.get_secret(auth_code_account(account))
        assert c.recorder.session_id == session and c.recorder.recording

    drive(qloop, tmp_path, scenario, settings=settings, source="live")


def test_saving_settings_while_the_room_is_out_of_reach_keeps_one_connection(  # type: ignore[no-untyped-def]
        qloop, tmp_path, served_room, monkeypatch) -> None:
    import dyconsole.services.live.watch as watch_module  # where the console connects to the room
    from dyconsole.sources.errors import Unavailable

    _creds, settings = served_room
    real = watch_module.connect_room
    reachable = asyncio.Event()
    connected: list[object] = []

    async def out_of_reach_until_told(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not reachable.is_set():
            raise Unavailable("connection refused", endpoint="oauth2/access_token")
        source = await real(*args, **kwargs)
        connected.append(source)
        return source

    monkeypatch.setattr(watch_module, "connect_room", out_of_reach_until_told)

    async def scenario(c: Console) -> None:
        await until(lambda: c.feed.health is not None and "Cannot reach" in (c.feed.health.last_error or ""))
        c.settings_changes.saved(settings)  # the operator saves the settings while the first connection is retried
        await asyncio.sleep(0.2)
        reachable.set()
        await until(lambda: len(c.feed.series) >= 2, timeout_s=30)
        await asyncio.sleep(1.5)
        assert len(connected) == 1 and c.source is connected[0]  # one connection, one poller

    drive(qloop, tmp_path, scenario, settings=settings, source="live")


def test_the_window_carries_the_console_icon_at_every_size(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dyconsole.ui.common.app_icon import ICON_SIZES

    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        icon = c.window.windowIcon()
        seen["sizes"] = sorted(s.width() for s in icon.availableSizes())
        image = icon.pixmap(48, 48).toImage()
        seen["corner_alpha"] = image.pixelColor(0, 0).alpha()  # the rounded corner is transparent
        seen["centre_alpha"] = image.pixelColor(24, 24).alpha()

    drive(qloop, tmp_path, scenario)
    assert seen["sizes"] == list(ICON_SIZES)
    assert seen["corner_alpha"] == 0 and seen["centre_alpha"] == 255
