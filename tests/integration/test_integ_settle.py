"""`dyconsole settle` as a process on demo broadcasts recorded by `dyconsole record`: the settled 7-day sales equal
the simulator's truth to the fen (repurchases included); settling again changes nothing; an interrupted settle
continues from where it stopped and ends with the same figure; a settle keeps within the order API's QPS; --help has examples; usage and data problems give
the documented exit codes."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import httpx
import pytest

from dyconsole.commands.demo_wiring import settle_demo_room
from dyconsole.commands.record import demo_plan_of
from dyconsole.services.live.connection import connect_doudian
from dyconsole.services.settlement.runner import NotDue, settle_session
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.ratelimit import DEFAULT_QPS
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from tests.support.cli_support import dyconsole
from tests.support.integ_support import max_in_window
from tests.support.roi7_support import record_demo, settle, simulator_truth


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A 40-minute demo broadcast (seed 1) recorded into a template database."""
    base = tmp_path_factory.mktemp("settle")
    db = base / "template.sqlite3"
    return db, record_demo(db, seed=1, seconds=2400, data_dir=base)


@pytest.fixture
def db_copy(recorded: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    target = tmp_path / "s.sqlite3"
    shutil.copyfile(recorded[0], target)
    return target, recorded[1]


def _row(path: Path, sid: str) -> dict:
    db = open_db(path)
    try:
        return settlements.get(db, sid) or {}
    finally:
        db.close()


def test_settled_figure_equals_the_simulators_truth_to_the_fen(db_copy: tuple[Path, str], tmp_path: Path) -> None:
    path, sid = db_copy
    out = settle(path, sid, tmp_path)
    assert out.startswith(f"{sid} settled: 7-day ROI ")
    row = _row(path, sid)
    truth = simulator_truth(path, sid)
    assert row["status"] == "done" and row["cursor_ts"] > row["cutoff"]
    assert (row["paid_fen"], row["refunded_fen"], row["repurchase_fen"], row["sales_fen"]) == (
        truth["paid"], truth["refunded"], truth["repurchase"], truth["sales"])
    assert truth["repurchase"] > 0 and row["repurchases"] > 0  # the week brought repurchases: they are in
    assert row["roi"] == pytest.approx((row["sales_fen"] - row["ad_spend_fen"]) / row["ad_spend_fen"])
    # settling again (a scheduled task run twice) changes nothing
    again = dyconsole(["settle", "--db", str(path)], extra_env={"DYCONSOLE_DATA_DIR": str(tmp_path)})
    assert again.returncode == 0 and "no session is due" in again.stderr
    assert _row(path, sid) == row
    # the sessions list says it too, settled
    listed = dyconsole(["sessions", "--db", str(path), "--json"])
    (item,) = json.loads(listed.stdout)
    assert item["roi7_kind"] == "settled" and item["roi7"] == pytest.approx(row["roi"])


class _Interrupted(Exception):
    pass


class _Flaky:
    """A Doudian client that loses the connection after `pages` pages."""

    def __init__(self, client: object, pages: int) -> None:
        self.client, self.left, self.calls = client, pages, 0

    async def created_orders_page(self, create_start: float, create_end: float, page: int):  # type: ignore[no-untyped-def]
        if self.left == 0:
            raise _Interrupted("connection lost")
        self.left -= 1
        self.calls += 1
        return await self.client.created_orders_page(create_start, create_end, page)  # type: ignore[attr-defined]


def test_an_interrupted_settle_continues_and_ends_with_the_same_figure(db_copy: tuple[Path, str]) -> None:
    path, sid = db_copy
    db = open_db(path)

    async def run() -> tuple[int, int, int]:
        plan, _ = demo_plan_of(db, sid)
        window = settlements.session_window(db, sid)
        clock, connection, transport, _room = settle_demo_room(plan, window["cutoff"])
        with pytest.raises(NotDue):
            await settle_session(db, _Flaky(None, 0), sid, window["cutoff"] - 1)
        client = await connect_doudian(connection.doudian, clock, MemoryTokenStore(), transport=transport)
        try:
            first = _Flaky(client, 3)
            with pytest.raises(_Interrupted):
                await settle_session(db, first, sid, clock.now())
            stopped = settlements.get(db, sid) or {}
            assert stopped["status"] == "pending" and "connection lost" in stopped["error"]
            assert stopped["cursor_ts"] > window["start"] - settlements.FETCH_LEAD_S  # progress was kept
            second = _Flaky(client, 10_000)
            roi = await settle_session(db, second, sid, clock.now())
            straight = _Flaky(client, 10_000)
            db.execute("DELETE FROM settle_orders")
            db.execute("DELETE FROM settlements")
            again = await settle_session(db, straight, sid, clock.now())
            assert again.sales_fen == roi.sales_fen and again.roi == roi.roi
            return first.calls, second.calls, straight.calls
        finally:
            await client.aclose()

    try:
        first, second, straight = asyncio.run(run())
    finally:
        db.close()
    assert first == 3 and first + second == straight  # no page was fetched twice after the interruption
    assert simulator_truth(path, sid)["sales"] == (_row(path, sid))["sales_fen"]


class _CountingTransport(httpx.AsyncBaseTransport):
    """The demo room's transport, noting when (on the settle's clock) each order search is sent."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: object) -> None:
        self.inner, self.clock, self.times = inner, clock, []  # type: list[float]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("searchList"):
            self.times.append(self.clock.now())  # type: ignore[attr-defined]
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_a_settle_keeps_within_the_order_apis_qps(db_copy: tuple[Path, str]) -> None:
    path, sid = db_copy
    db = open_db(path)

    async def run() -> list[float]:
        plan, _ = demo_plan_of(db, sid)
        window = settlements.session_window(db, sid)
        clock, connection, transport, _room = settle_demo_room(plan, window["cutoff"])
        counting = _CountingTransport(transport, clock)
        client = await connect_doudian(connection.doudian, clock, MemoryTokenStore(), transport=counting)
        try:
            await settle_session(db, client, sid, clock.now())
        finally:
            await client.aclose()
        return counting.times

    try:
        times = asyncio.run(run())
    finally:
        db.close()
    assert len(times) > 2 * DEFAULT_QPS  # enough pages for the limit to matter
    assert max_in_window(times) <= int(DEFAULT_QPS)


def test_help_usage_and_data_problems(tmp_path: Path, recorded: tuple[Path, str]) -> None:
    help_ = dyconsole(["settle", "--help"])
    assert help_.returncode == 0 and "examples:" in help_.stdout and "dyconsole settle --session" in help_.stdout
    missing = dyconsole(["settle", "--db", str(tmp_path / "none.sqlite3")])
    assert missing.returncode == 3 and "no session database" in missing.stderr
    unknown = dyconsole(["settle", "--db", str(recorded[0]), "--session", "nope"])
    assert unknown.returncode == 3 and "nope" in unknown.stderr
    bad = dyconsole(["settle", "--frobnicate"])
    assert bad.returncode == 2


def test_settled_orders_keep_province_and_city_never_a_name_phone_or_street(db_copy: tuple[Path, str],
                                                                            tmp_path: Path) -> None:
    """The emulator sends masked receivers, phones, towns, streets and details as the platform does: only the
    province and city of an order reach the database (and its delivery times)."""
    path, sid = db_copy
    settle(path, sid, tmp_path)
    stored = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))
    for masked in ("林**", "138****0917", "****街道", "**路*****号", "**区", "mask_post", "省"):
        assert masked.encode() not in stored, masked
    db = open_db(path)
    try:
        rows = list(db.query("SELECT province, city, ship_time, receipt_time FROM settle_orders"))
    finally:
        db.close()
    assert rows and all(r["province"] and r["city"] and not r["city"].endswith("市") for r in rows)
    assert sum(1 for r in rows if r["receipt_time"] and r["receipt_time"] > r["ship_time"]) > len(rows) // 2


def test_exports_of_a_settled_session_carry_no_name_phone_street_or_buyer(db_copy: tuple[Path, str],
                                                                          tmp_path: Path) -> None:
    """The CSV (with its 7-day ROI, segments and delivery files) and the Excel report of a settled session, in both
    languages: regions by name, nothing of the masked receivers, phones, streets, and no buyer, not even masked."""
    import zipfile

    from dyconsole.cli import main

    path, sid = db_copy
    settle(path, sid, tmp_path)
    db = open_db(path)
    try:
        buyers = {r["buyer_mask"] for r in db.query("SELECT DISTINCT buyer_mask FROM settle_orders") if r["buyer_mask"]}
    finally:
        db.close()
    assert buyers
    out = tmp_path / "out"
    out.mkdir()
    for lang in ("zh", "en"):
        assert main(["export", sid, "--db", str(path), "--out", str(out / f"{lang}.csv"), "--lang", lang]) == 0
        assert main(["export", sid, "--db", str(path), "--out", str(out / f"{lang}.xlsx"), "--lang", lang]) == 0
    texts = {p.name: p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv")}
    for book in out.glob("*.xlsx"):
        with zipfile.ZipFile(book) as z:
            texts[book.name] = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert len(texts) == 2 * 4 + 2 and "广东" in texts["zh-delivery.csv"] and "Guangdong" in texts["en-delivery.csv"]
    for name, text in texts.items():
        for masked in ("林**", "138****0917", "****街道", "**路*****号", "**区", "mask_post"):
            assert masked not in text, (name, masked)
        assert not any(b in text for b in buyers), name
