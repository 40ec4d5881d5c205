"""Exports of a recorded demo session: CSV and Excel values checked against the stored samples at each
granularity, the PDF by its bytes and text layer, PNG charts by their pixels, the export verb headless."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest
from tests.support.report_session import OUTAGE, TITLE, RecordedSession
from openpyxl import load_workbook
from tests.support.pdf_text import page_count, page_texts

from dyconsole.cli import main
from dyconsole.whole_files import _UMASK
from dyconsole.core.report_model import DEFAULT_METRICS, REPORT_METRICS, ReportOptions, build_report
from dyconsole.core.report_text import metric_label, tr
from dyconsole.services.reports.inputs import csv_steps, load_report_inputs, xlsx_steps
from dyconsole.storage.sessions import is_gap, load_room_samples
from dyconsole.storage.db import open_for_reading

COUNTERS = ("total_live_watch_cnt", "live_pay_order_gmv_alias", "stat_cost")
#: the pdf/png verb creates a QGuiApplication when there is none: let pytest-qt's QApplication come first
pytestmark = pytest.mark.usefixtures("qapp")


def _stored(recorded: RecordedSession) -> list:
    db = open_for_reading(recorded.db_file)
    try:
        return load_room_samples(db, recorded.session_id)
    finally:
        db.close()


def _expected_last(samples: list, name: str, granularity: int) -> dict[float, float | None]:
    """Bucket start -> the last stored value of `name` in it (independently of core.resample)."""
    step = granularity * 60
    out: dict[float, float | None] = {}
    for s in samples:
        key = (s.ts // step) * step
        out.setdefault(key, None)
        if not is_gap(s) and s.values.get(name) is not None:
            out[key] = s.values[name]
    return out


def _read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("granularity", [1, 5, 15])
def test_csv_counters_are_the_stored_value_at_each_bucket_end(recorded: RecordedSession, tmp_path: Path,
                                                              granularity: int) -> None:
    out = tmp_path / f"g{granularity}.csv"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--out", str(out),
                 "--granularity", str(granularity), "--metrics", ",".join(COUNTERS + ("online",))]) == 0
    header, *rows = _read_csv(out)
    assert header == ["ts", *COUNTERS, "online"]
    samples = _stored(recorded)
    for name in COUNTERS:
        expected = _expected_last(samples, name, granularity)
        got = {datetime.fromisoformat(r[0]).timestamp(): r[header.index(name)] for r in rows}
        assert list(got) == sorted(expected)  # every bucket from the first to the last poll, in order
        for ts, value in expected.items():
            assert (got[ts] == "") if value is None else float(got[ts]) == value, (name, ts)
    if granularity == 1:  # the outage minutes are empty rows, never zeros
        inside = [r for r in rows if OUTAGE[0] - 60 <= datetime.fromisoformat(r[0]).timestamp() <= OUTAGE[1] - 60]
        assert len(inside) == 2 and all(cell == "" for r in inside for cell in r[1:])


def test_csv_online_is_the_bucket_mean(recorded: RecordedSession, tmp_path: Path) -> None:
    samples = _stored(recorded)
    real = [s for s in samples if not is_gap(s) and s.values.get("online_user_cnt") is not None]
    first_bucket = [s.values["online_user_cnt"] for s in real if s.ts // 300 == real[0].ts // 300]
    out = tmp_path / "o.csv"
    inputs = load_report_inputs(recorded.db_file, recorded.session_id)
    report = build_report(inputs, ReportOptions(metrics=("online",), granularity_min=5))
    list(csv_steps(inputs, report, out))
    rows = _read_csv(out)[1:]
    assert float(rows[0][1]) == pytest.approx(sum(first_bucket) / len(first_bucket))


def test_xlsx_has_the_chosen_sheets_and_the_stored_values(recorded: RecordedSession, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    inputs = load_report_inputs(recorded.db_file, recorded.session_id)
    options = ReportOptions(metrics=COUNTERS, granularity_min=5, sections=("kpis", "products", "alerts"))
    list(xlsx_steps(build_report(inputs, options), out))
    wb = load_workbook(out)
    assert wb.sheetnames == [tr("report_title"), tr("data"), tr("products"), tr("alerts")]
    data = wb[tr("data")]
    names = [c.value for c in data[2]]
    assert names == ["ts", *COUNTERS]
    samples = _stored(recorded)
    for col, name in enumerate(COUNTERS, start=1):
        expected = _expected_last(samples, name, 5)
        for row in data.iter_rows(min_row=3, values_only=True):
            ts = row[0].timestamp()
            assert row[col] == expected[ts], (name, row[0])
    assert data.max_row - 2 == len(_expected_last(samples, COUNTERS[0], 5))
    products = wb[tr("products")]
    gmv = [r[3] for r in products.iter_rows(min_row=2, values_only=True)]
    assert gmv == sorted(gmv, reverse=True) and len(gmv) == 10
    alerts = list(wb[tr("alerts")].iter_rows(min_row=2, values_only=True))
    assert [a[3] for a in alerts] == ["在线人数骤降", "转化率偏低"] and alerts[1][1] is None


def test_pdf_report_pages_sections_and_text(recorded: RecordedSession, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", "pdf",
                 "--out", str(out), "--granularity", "5"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = page_texts(data)
    n = page_count(data)
    assert n == len(pages) >= 4
    squeezed = ["".join(t.split()) for t in pages]
    assert "直播数据报告" in squeezed[0] and "".join(TITLE.split()) in squeezed[0] and "40分00秒" in squeezed[0]
    everything = "".join(squeezed)
    for section in ("kpis", "funnel", "charts", "products", "traffic", "audience", "alerts", "notes"):
        assert tr(section) in everything, section
    assert "主推款讲解延长5分钟" in everything and "在线人数骤降" in everything
    for i, text in enumerate(squeezed, 1):
        assert f"第{i}/{n}页" in text and "生成时间" in text


def test_pdf_in_english(recorded: RecordedSession, tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", "pdf",
                 "--out", str(out), "--lang", "en", "--metrics", "online"]) == 0
    text = "".join(page_texts(out.read_bytes()))
    assert "Livesessionreport" in "".join(text.split()) and "Conversionfunnel" in "".join(text.split())


def test_png_charts_one_file_per_metric(recorded: RecordedSession, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    folder = tmp_path / "charts"
    folder.mkdir()
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", "png",
                 "--out", str(folder)]) == 0
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"{recorded.session_id}-{i:02d}-{m}.png" for i, m in enumerate(DEFAULT_METRICS, 1)]
    for f in files:
        image = QImage(str(f))
        assert not image.isNull() and image.width() == 1600
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 20  # text, grid and a line, not a blank canvas
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", "png",
                 "--out", str(tmp_path / "run.png"), "--metrics", "stat_cost"]) == 0
    assert (tmp_path / "run-01-stat_cost.png").is_file()


def test_export_verb_refuses_unknown_metrics_and_bad_folders(recorded: RecordedSession, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "xlsx", "pdf", "png"):
        out = tmp_path / f"x.{fmt}"
        assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", fmt,
                     "--out", str(out), "--metrics", "online,gross"]) == 2
        err = capsys.readouterr().err
        assert "unknown metric(s): gross" in err and "live_pay_order_gmv_alias" in err
        assert not out.exists()
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", "pdf",
                 "--out", str(tmp_path / "nowhere" / "r.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", "nope", "--db", str(recorded.db_file), "--format", "xlsx",
                 "--out", str(tmp_path / "n.xlsx")]) == 3
    assert "no session 'nope'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_xlsx_without_metrics_has_every_metric(recorded: RecordedSession, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", "xlsx",
                 "--out", str(out)]) == 0
    names = [c.value for c in load_workbook(out, read_only=True)[tr("data")][2]]
    assert names == ["ts", *REPORT_METRICS]


def test_a_closed_writer_leaves_no_file(recorded: RecordedSession, tmp_path: Path) -> None:
    from dyconsole.ui.reports.pdf import pdf_export_steps

    inputs = load_report_inputs(recorded.db_file, recorded.session_id)
    report = build_report(inputs, ReportOptions(granularity_min=1))
    for steps in (xlsx_steps(report, tmp_path / "c.xlsx"), pdf_export_steps(report, tmp_path / "c.pdf"),
                  csv_steps(inputs, report, tmp_path / "c.csv")):
        assert 0 < next(steps) <= 1
        steps.close()  # what Cancel does
    assert list(tmp_path.iterdir()) == []


def test_exported_files_get_the_usual_permissions(recorded: RecordedSession, tmp_path: Path) -> None:
    # written through a private temporary file, but the export itself is readable like any file the user saves
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", fmt,
                     "--out", str(out)]) == 0
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o666 & ~_UMASK


def test_xlsx_durations_are_excel_durations(recorded: RecordedSession, tmp_path: Path) -> None:
    out = tmp_path / "d.xlsx"
    report = build_report(load_report_inputs(recorded.db_file, recorded.session_id), ReportOptions())
    list(xlsx_steps(report, out))
    sheet = load_workbook(out)[tr("report_title")]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=1) if row[0].value}
    duration = cells[metric_label("length_s")]
    assert duration.number_format == "[h]:mm:ss" and report.duration_s is not None
    assert duration.value.total_seconds() == round(report.duration_s)
