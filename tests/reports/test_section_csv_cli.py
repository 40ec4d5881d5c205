"""`dyconsole export --format csv` writes, beside the session CSV, the 7-day ROI, the run of show's segments and
delivery by region (storage.export_sections) in the --lang's words, with the report's figures; one that cannot be
written takes the others with it (all or none, exit 1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.support.pdf_text import page_texts
from tests.support.report_session import RecordedSession

from dyconsole.cli import main
from dyconsole.commands.exit_codes import Exit
from dyconsole.core import glossary
from dyconsole.core.delivery import text as delivery_text
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.core.report_text import tr
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.storage.export_csv import format_cell


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_export_writes_the_three_tables_beside_it(recorded: RecordedSession, tmp_path: Path, lang: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.csv"
    args = ["export", recorded.session_id, "--db", str(recorded.db_file), "--out", str(out)]
    assert main(args + (["--lang", lang] if lang == "en" else [])) == Exit.OK  # zh unless told
    said = capsys.readouterr().out
    assert "run-roi7.csv, run-segments.csv, run-delivery.csv" in said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run-delivery.csv", "run-roi7.csv", "run-segments.csv",
                                                          "run.csv"]
    report = build_report(load_report_inputs(recorded.db_file, recorded.session_id),
                          ReportOptions(sections=("roi7", "run_of_show", "delivery"), lang=lang))

    roi7 = _csv(tmp_path / "run-roi7.csv")
    assert roi7[0] == [tr("metric", lang), tr("value", lang)]
    values = dict(map(tuple, roi7[1:]))  # type: ignore[arg-type]
    # not settled: the projection with its range, beside the platform's GMV/cost ROI, each under its own name
    projected, platform = glossary.label("roi7_projected", lang), glossary.label("live_roi", lang)
    assert projected != platform and {projected, glossary.label("roi7_range", lang), platform} <= set(values)
    assert glossary.label("roi7_settled", lang) not in values
    (table,) = report.tables["roi7"]
    assert [(label, value) for label, (value, _unit) in table.rows][0] == (projected, float(values[projected]))

    segments = _csv(tmp_path / "run-segments.csv")
    seg_table = report.tables["run_of_show"][0]
    assert segments[0][2] == tr("in_seconds", lang, label=glossary.label("segment_length_s", lang))
    assert segments[0][3] == glossary.label("segment_entries", lang) and len(segments) == len(seg_table.rows) + 1
    gmv = [c.key for c in seg_table.columns].index("segment_gmv")
    assert [cells[gmv] for cells in segments[1:]] == [format_cell(r[gmv]) for r in seg_table.rows]
    marks = [cells[-1] for cells in segments[1:]]
    assert marks.count(tr("best", lang)) == 1 and marks.count(tr("worst", lang)) == 1

    delivery = _csv(tmp_path / "run-delivery.csv")
    assert delivery[0][1:3] == [glossary.label("viewer_share", lang), glossary.label("buyer_share", lang)]
    (region_table,) = report.tables["delivery"]
    assert [cells[0] for cells in delivery[1:]] == [r[0] for r in region_table.rows]
    assert [cells[1] for cells in delivery[1:]] == [format_cell(r[1]) for r in region_table.rows]
    # no shipped orders in this database: every region says so instead of a number
    assert {cells[3] for cells in delivery[1:]} == {"订单不足" if lang == "zh" else "Not enough orders yet"}


def test_a_table_that_cannot_be_written_takes_the_others_with_it(recorded: RecordedSession, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "run-delivery.csv").mkdir()  # the last file's name is taken by a folder: it cannot be written
    out = tmp_path / "run.csv"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--out", str(out)]) == Exit.FAILURE
    assert "cannot write" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run-delivery.csv"]  # only the folder that was there


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_excel_report_has_the_three_sheets_in_its_language(recorded: RecordedSession, tmp_path: Path,
                                                               lang: str) -> None:
    out = tmp_path / "r.xlsx"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--out", str(out),
                 "--lang", lang]) == Exit.OK
    wb = load_workbook(out, read_only=True)
    titles = {key: next(t for t in wb.sheetnames if t == tr(key, lang)[:31]) for key in ("roi7", "run_of_show",
                                                                                         "delivery")}
    roi = [r for r in wb[titles["roi7"]].iter_rows(values_only=True) if r and r[0]]
    labels = [r[0] for r in roi]
    assert glossary.label("roi7_projected", lang) in labels and glossary.label("live_roi", lang) in labels
    segments = [c for r in wb[titles["run_of_show"]].iter_rows(values_only=True) for c in r if c is not None]
    assert glossary.label("segment_entries", lang) in segments and tr("best", lang) in segments
    regions = [r for r in wb[titles["delivery"]].iter_rows(values_only=True) if r and r[0]]
    assert regions[0][:3] == ((delivery_text("region", lang), glossary.label("viewer_share", lang),
                               glossary.label("buyer_share", lang)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_report_has_the_three_sections_in_its_language(recorded: RecordedSession, tmp_path: Path,
                                                               lang: str) -> None:
    out = tmp_path / "r.pdf"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--out", str(out), "--lang", lang,
                 "--metrics", "online"]) == Exit.OK
    text = "".join("".join(page.split()) for page in page_texts(out.read_bytes()))
    # the tables' cells and captions (bold headings and headers come out of the text extraction doubled)
    words = [glossary.label("roi7_projected", lang), glossary.label("live_roi", lang), tr("best", lang),
             tr("worst", lang), tr("segments_note", lang), delivery_text("not_enough", lang),
             delivery_text("say", lang), delivery_text("threshold", lang, n=20)]
    for word in words:
        assert "".join(word.split()) in text, word
