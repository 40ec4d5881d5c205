"""The PDF's layout of wide tables and long captions (ui.reports.pdf): the run of show's segments table (ten
figure columns) fits the A4 width with its headers wrapped, its best/worst marks and conversion ranges whole and
its segments named; the delivery section's caption (the host's line, what the figures stand on, the threshold)
is given the lines it needs; a narrow table keeps one-line headers."""

from __future__ import annotations

import pytest
from tests.support.report_session import RecordedSession

from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.ui.reports.pdf_layout import (
    CAPTION_H,
    CONTENT_W,
    HEADER_LINES,
    Caption,
    TableSlice,
    cell_text,
    block_height,
    layout_pages,
)
from dyconsole.ui.reports.render import report_font, text_width


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_wide_tables_and_long_captions_fit_the_page(qapp, recorded: RecordedSession, lang: str) -> None:  # type: ignore[no-untyped-def]
    inputs = load_report_inputs(recorded.db_file, recorded.session_id)
    report = build_report(inputs, ReportOptions(lang=lang, sections=("run_of_show", "traffic", "delivery")))
    blocks = [placed.block for page in layout_pages(report) for placed in page]
    font, bold = report_font(8.5), report_font(8.5, bold=True)

    segments = next(b for b in blocks if isinstance(b, TableSlice) and b.table.key == "run_of_show")
    widths, keys = segments.widths, [c.key for c in segments.table.columns]
    assert sum(widths) <= CONTENT_W + 1e-6
    assert any("\n" in h for h in segments.headers) and segments.header_h > 17.0
    for header, width, column in zip(segments.headers, widths, segments.table.columns):
        lines = header.split("\n")
        assert len(lines) <= HEADER_LINES and "".join(lines).replace(" ", "") == column.label.replace(" ", "")
        assert all(text_width(line, bold) <= width - 10 + 0.5 for line in lines), (header, width)

    def fits(key: str) -> list[bool]:
        i = keys.index(key)
        return [text_width(cell_text(row[i], segments.table.columns[i].unit, lang), font) <= widths[i] - 10
                for row in segments.table.rows]

    assert all(fits("rank")) and all(fits("segment_conversion_range")) and all(fits("segment_gmv"))
    named = fits("segment")
    assert sum(named) >= 0.8 * len(named)  # the products' names; a long one may be elided
    marks = [row[-1] for row in segments.table.rows]
    assert sum(1 for m in marks if m) == 2  # best and worst, both painted whole

    traffic = next(b for b in blocks if isinstance(b, TableSlice) and b.table.key == "traffic")
    assert all("\n" not in h for h in traffic.headers) and traffic.header_h == 17.0  # narrow: one-line headers

    caption = next(b for b in blocks if isinstance(b, Caption) and b.text == report.tables["delivery"][0].caption)
    assert text_width(caption.text, report_font(9)) > CONTENT_W  # longer than a line: it is given the lines it needs
    assert block_height(caption) >= 2 * CAPTION_H
