"""The report's "delivery" section and its Excel sheet: the regions with their audience shares and delivery days
("not enough orders yet" below the threshold), the host's line in the caption, in zh and en; the stored
deliveries are read back once per order (its latest reading), province and city only."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from dyconsole.core.delivery import DAY_S, MIN_DELIVERED
from dyconsole.core.model import AudienceSample, OrderRecord, OrderState, RoomSample, RoomStatus
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.core.report_text import tr
from dyconsole.core.report_types import ReportInputs, SessionMeta
from dyconsole.services.reports.inputs import xlsx_steps
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from dyconsole.storage.deliveries import shipments

T0 = 1_800_000_000.0


def _orders(province: str, days: float, n: int, base: int, received: bool = True) -> list[OrderRecord]:
    return [OrderRecord(f"o{base + i}", "r", "p", 1, 100, 100, T0, T0, T0, OrderState.SETTLED, "m", province=province,
                        city="杭州", ship_time=T0, receipt_time=T0 + days * DAY_S if received else None)
            for i in range(n)]


@pytest.fixture
def stored(tmp_path: Path) -> list:
    db = open_db(tmp_path / "d.sqlite3")
    try:
        settlements.store_page(db, "s0", _orders("浙江", 1.0, MIN_DELIVERED, 0, received=False), 0.0, 0,
                               seen_at=T0 + 0.5 * DAY_S)
        # the same orders read again later (another session's settle): counted once, as last read
        settlements.store_page(db, "s1", _orders("浙江", 1.0, MIN_DELIVERED, 0) + _orders("西藏", 5.0, 4, 50),
                               0.0, 0, seen_at=T0 + 9 * DAY_S)
        return shipments(db)
    finally:
        db.close()


def test_stored_deliveries_are_read_once_per_order_as_last_read(stored: list) -> None:
    assert len(stored) == MIN_DELIVERED + 4
    assert all(s.receipt_time is not None for s in stored if s.province == "浙江")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_delivery_section_and_sheet(stored: list, tmp_path: Path, lang: str) -> None:
    room = [RoomSample(T0 + 60 * i, "r", RoomStatus.LIVING, {"total_live_watch_cnt": 10.0 * i}) for i in range(1, 5)]
    audience = [AudienceSample(T0 + 60, "ENTER", "CITY", {"杭州": 1.0, "拉萨": 1.0, "其他": 2.0}),
                AudienceSample(T0 + 120, "ENTER", "CITY", {"杭州": 3.0, "拉萨": 1.0}),
                AudienceSample(T0 + 120, "PAY", "CITY", {"杭州": 1.0})]
    inputs = ReportInputs(SessionMeta("s1", "r", "场", T0, T0 + 300, "ended"), room, audience=audience,
                          shipments=stored)
    report = build_report(inputs, ReportOptions(lang=lang, sections=("kpis", "delivery")))
    (table,) = report.tables["delivery"]
    rows = {r[0]: r for r in table.rows}
    zhejiang, tibet = rows["浙江" if lang == "zh" else "Zhejiang"], rows["西藏" if lang == "zh" else "Tibet"]
    assert zhejiang[1:4] == (0.75, 1.0, (1.0, "days")) and zhejiang[6] == float(MIN_DELIVERED)
    assert tibet[1] == 0.25 and tibet[2] == 0.0 and tibet[3] == (("订单不足", "text") if lang == "zh" else
                                                                  ("Not enough orders yet", "text"))
    assert ("江浙沪" not in table.caption) and (("浙江次日达" in table.caption) if lang == "zh" else
                                               ("Next-day delivery to Zhejiang" in table.caption))
    out = tmp_path / f"r-{lang}.xlsx"
    list(xlsx_steps(report, out))
    wb = load_workbook(out)
    assert tr("delivery", lang) in wb.sheetnames
    cells = [r for r in wb[tr("delivery", lang)].iter_rows(values_only=True) if r and r[0] in rows]
    assert len(cells) == len(rows) and any(r[3] == 1.0 for r in cells)
