"""The 7-day ROI, the run of show and delivery by region in the exports, driven through the windows: the main
window's Sessions action opens the browser, the browser the review of a settled demo broadcast, the review's Report…
the report builder; its CSV export writes the session CSV and beside it `-roi7.csv`, `-segments.csv` and
`-delivery.csv`, its Excel export the same tables as sheets. Read back, every figure equals what the review's 7-day
ROI, Run of show and Delivery tabs show (formatted the way the tabs format them); the live session's CSV carries the
projection, labelled so, beside the platform's GMV/cost ROI."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dyconsole.app import Console
from dyconsole.core import glossary
from dyconsole.core.derived import AD_COST, GMV
from dyconsole.core.delivery import COLUMNS, MIN_DELIVERED
from dyconsole.core.report_text import format_value, metric_unit, tr
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from dyconsole.ui.delivery.panel import DeliveryPanel
from dyconsole.ui.dwell.review_tab import RunOfShowReview
from dyconsole.ui.dwell.segments_table import FIGURE_KEYS
from dyconsole.ui.reports.builder import ReportBuilderDialog
from dyconsole.ui.review.window import ReviewWindow
from dyconsole.ui.roi.review_tab import Roi7Panel
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.delivery_support import delivered_orders
from tests.support.roi7_support import record_demo, settle

SEED = 3


@pytest.fixture
def settled_db(tmp_path: Path) -> tuple[Path, str, dict]:
    """One demo broadcast settled by `dyconsole settle`, and an earlier settled history of the shop: enough
    delivered orders for Zhejiang, not for Xinjiang."""
    db_path = tmp_path / "s.sqlite3"
    sid = record_demo(db_path, seed=SEED, seconds=1800, data_dir=tmp_path)
    settle(db_path, sid, tmp_path)
    db = open_db(db_path)
    try:
        settlements.store_page(db, "earlier", delivered_orders("浙江", "杭州", 1.0, 2 * MIN_DELIVERED, 0, "e")
                               + delivered_orders("新疆", "乌鲁木齐", 5.0, 3, 100, "e"), 0.0, 0, seen_at=1_800_000_000.0)
        row = settlements.get(db, sid)
    finally:
        db.close()
    assert row is not None and row["status"] == "done"
    return db_path, sid, row


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _unwrap(widget: Any, kind: type) -> Any:
    return widget if isinstance(widget, kind) else widget.widget()


async def _export(dialog: ReportBuilderDialog, fmt: str, out: Path) -> None:
    results: list[tuple[bool, str]] = []
    job = dialog.export(fmt, out, on_done=lambda ok, message: results.append((ok, message)))
    assert job is not None
    await until(lambda: job.done, 60)
    assert results == [(True, "")]


def _roi7_matches(shown: dict[str, str], table: list[list[str]], row: dict) -> None:
    """The roi7 file (header, then label/value rows) says what the review's 7-day ROI tab says."""
    assert table[0] == ["Metric", "Value"]
    values = {label: value for label, value in table[1:]}
    assert list(values) == list(shown)  # the same rows, in the same order
    for label, text in shown.items():
        key = glossary.resolve(label)
        assert key is not None, label
        assert format_value(float(values[label]), metric_unit(key), "en") == text, label
    # the settled figure to the fen, beside the platform's ROI and under another name
    assert float(values["7-day ROI (settled)"]) == pytest.approx(row["roi"], abs=1e-9)
    assert float(values["7-day sales (with repurchases)"]) == pytest.approx(row["sales_fen"] / 100, abs=1e-9)
    assert "Live ROI (GMV/cost)" in values and "7-day ROI (projected)" not in values


def _segments_match(review: RunOfShowReview, start: float, table: list[list[str]]) -> None:
    header = table[0]
    assert header[:2] == ["Segment", "Time"] and header[2] == "Segment length (s)" and header[-1] == "Rank"
    body = table[1:]
    assert len(body) == review.table.rowCount() > 1
    col = {key: header.index(glossary.label(key, "en") + (" (s)" if glossary.unit(key) == "seconds" else ""))
           for key in FIGURE_KEYS}
    for r, cells in enumerate(body):
        shown = review.table.row_texts(r)
        assert cells[0] == shown[0]  # what the segment is
        minute = int((datetime.fromisoformat(cells[1]).timestamp() - start) // 60)
        assert f"{minute // 60:d}:{minute % 60:02d}" == shown[1]
        for k, key in enumerate(FIGURE_KEYS):
            cell = cells[col[key]]
            text = glossary.fmt(key, float(cell) if cell else None, "en")
            expected = shown[2 + k].split(" (")[0] if key == "conversion_rate" else shown[2 + k]
            assert text == expected, (key, cell, shown[2 + k])
        assert cells[-1] == shown[-1]  # Best / Worst / nothing
    marks = [cells[-1] for cells in body]
    assert marks.count("Best") == 1 and marks.count("Worst") == 1


def _delivery_matches(panel: DeliveryPanel, table: list[list[str]]) -> None:
    assert table[0] == [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    body = {cells[0]: cells for cells in table[1:]}
    shown = {panel.table.item(r, 0).text(): [panel.table.item(r, c).text() for c in range(panel.table.columnCount())]
             for r in range(panel.table.rowCount())}
    assert list(body) == list(shown)
    for region, cells in body.items():
        for c, (value, (_key, unit)) in enumerate(zip(cells, COLUMNS)):
            if c == 0 or unit == "text":
                assert value == shown[region][c]
                continue
            try:
                number = float(value) if value else None
            except ValueError:  # "Not enough orders yet" in place of the days
                assert value == shown[region][c] == "Not enough orders yet"
                continue
            assert glossary.format_unit(number, unit, "en") == shown[region][c], (region, c, value)
    assert body["Zhejiang"][3] == "1" and body["Xinjiang"][3] == "Not enough orders yet"


def _sheet_rows(wb: Any, title: str) -> list[tuple[Any, ...]]:
    return [r for r in wb[title].iter_rows(values_only=True) if any(v is not None for v in r)]


def _xlsx_matches(path: Path, roi7: list[list[str]], segments: list[list[str]], delivery: list[list[str]]) -> None:
    """The workbook's 7-day ROI, run-of-show and delivery sheets hold the figures of the CSV files."""
    wb = load_workbook(path)
    roi_rows = {r[0]: r[1] for r in _sheet_rows(wb, tr("roi7", "en"))[1:]}
    for label, value in roi7[1:]:
        cell = roi_rows[label]
        assert cell == value if isinstance(cell, str) else cell == pytest.approx(float(value), abs=1e-9), label
    sheet = _sheet_rows(wb, tr("run_of_show", "en")[:31])
    top = next(i for i, r in enumerate(sheet) if r[0] == "Segment")
    seg_rows = sheet[top + 1: top + len(segments)]
    assert [r[0] for r in seg_rows] == [cells[0] for cells in segments[1:]]
    for r, cells in zip(seg_rows, segments[1:]):
        for value, cell in zip(r[2:], cells[2:]):
            if isinstance(value, timedelta):  # a duration, kept whole seconds
                assert value.total_seconds() == round(float(cell))
            elif isinstance(value, (int, float)):
                assert value == pytest.approx(float(cell), abs=1e-9)
            else:
                assert (value or "") == cell
    regions = {r[0]: r for r in _sheet_rows(wb, tr("delivery", "en"))[1:] if r[0] in {c[0] for c in delivery}}
    assert len(regions) == len(delivery) - 1
    for cells in delivery[1:]:
        got = regions[cells[0]]
        for value, cell in zip(got[1:], cells[1:]):
            if isinstance(value, (int, float)):
                assert value == pytest.approx(float(cell), abs=1e-9)
            else:
                assert (value or "") == cell


def test_report_exports_carry_what_the_review_shows(qloop, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    settled_db: tuple[Path, str, dict]) -> None:
    _db, settled_id, row = settled_db
    (tmp_path / "out").mkdir()

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: c.recorder.session_id is not None and c.feed.latest_sample is not None
                    and (c.feed.latest_sample.get(AD_COST) or 0) > 0 and (c.feed.latest_sample.get(GMV) or 0) > 0)
        w.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        c.review.browser.open_requested.emit(settled_id)
        await until(lambda: any(isinstance(x, ReviewWindow) for x in c.review.windows), 30)
        review = next(x for x in c.review.windows if isinstance(x, ReviewWindow))
        review.show_review_tab("roi7")
        roi_panel = _unwrap(review.side.currentWidget(), Roi7Panel)
        roi_shown = {roi_panel.table.item(r, 0).text(): roi_panel.table.item(r, 1).text()
                     for r in range(roi_panel.table.rowCount())}
        review.show_review_tab("run_of_show")
        ros = _unwrap(review.side.currentWidget(), RunOfShowReview)
        review.show_review_tab("delivery")
        delivery = _unwrap(review.side.currentWidget(), DeliveryPanel)

        review.report_action.trigger()  # Session → Report…
        await until(lambda: bool(c.review.reports.dialogs), 30)
        dialog = c.review.reports.dialogs[-1]
        assert dialog.subject.session_id == settled_id
        tip = dialog.buttons["csv"].toolTip()  # the operator is told which files come beside the CSV
        assert all(f"{settled_id}-{k}.csv" in tip for k in ("roi7", "segments", "delivery")), tip
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        await _export(dialog, "csv", tmp_path / "out" / "r.csv")
        names = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert names == ["r-delivery.csv", "r-roi7.csv", "r-segments.csv", "r.csv"]
        roi7, segments, regions = (_csv(tmp_path / "out" / f"r-{k}.csv") for k in ("roi7", "segments", "delivery"))
        _roi7_matches(roi_shown, roi7, row)
        _segments_match(ros, review.session.start, segments)
        _delivery_matches(delivery, regions)
        await _export(dialog, "xlsx", tmp_path / "out" / "r.xlsx")
        _xlsx_matches(tmp_path / "out" / "r.xlsx", roi7, segments, regions)

        # a section left out of the report gets no file
        dialog.sections["delivery"].setChecked(False)
        await _export(dialog, "csv", tmp_path / "out" / "less.csv")
        assert not (tmp_path / "out" / "less-delivery.csv").exists()
        assert (tmp_path / "out" / "less-roi7.csv").exists()

        # the live session, on air: its CSV carries the projection with its range, beside the GMV/cost ROI
        w.refresh_text(force=True)
        assert c.sessions_ui is not None
        c.sessions_ui.report_action.trigger()  # Sessions → Report on the current or last session
        await until(lambda: len(c.review.reports.dialogs) >= 2, 30)
        live = c.review.reports.dialogs[-1]
        assert live.subject.session_id == c.recorder.session_id
        live.language.setCurrentIndex(live.language.findData("en"))
        await _export(live, "csv", tmp_path / "live.csv")
        values = {label: value for label, value in _csv(tmp_path / "live-roi7.csv")[1:]}
        assert "7-day ROI (settled)" not in values and "Live ROI (GMV/cost)" in values
        projected = float(values["7-day ROI (projected)"])
        low, high = (float(x) for x in values["7-day ROI range (90%)"].split(" – "))
        assert low <= round(projected, 2) <= high

    drive(qloop, tmp_path, scenario, seed=SEED)
