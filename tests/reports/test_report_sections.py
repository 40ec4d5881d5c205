"""The report's sections are a registry a feature adds to: an added section is built (in the registry's order),
is a valid option, gets its heading in the PDF after the section it follows, and leaves when removed; the
registry refuses a duplicate key and an unknown place."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.core.report_builtin_sections import REPORT_SECTIONS, SECTIONS
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.core.report_types import Column, ReportInputs, SessionMeta, Table
from dyconsole.core.report_sections import ReportSection, SectionRegistry
from dyconsole.ui.reports.pdf_layout import Heading, report_blocks

T0 = 1_800_000_000.0


def _forecast(inputs, _rows, report) -> list[Table]:  # type: ignore[no-untyped-def]
    cols = (Column("what", "what", "text"), Column("value", "value", "count"))
    return [Table("forecast", "Forecast", cols, (("samples", float(len(inputs.room))),))]


@pytest.fixture
def forecast_section() -> Iterator[ReportSection]:
    section = ReportSection("forecast", _forecast, heading=("预测", "Forecast"))
    REPORT_SECTIONS.add(section, after="funnel")
    try:
        yield section
    finally:
        REPORT_SECTIONS.remove("forecast")


def _inputs() -> ReportInputs:
    room = [RoomSample(T0 + 60 * i, "r", RoomStatus.LIVING, {"total_live_watch_cnt": 100.0 * i,
                                                           "live_pay_order_count_alias": float(i)})
            for i in range(1, 11)]
    return ReportInputs(SessionMeta("s1", "r", "测试场", T0, T0 + 600, "ended"), room)


def test_the_built_in_sections_go_through_the_registry() -> None:
    assert REPORT_SECTIONS.keys() == SECTIONS
    assert ReportOptions().sections == SECTIONS


def test_a_features_section_is_built_in_order_and_headed_in_the_pdf(qapp, forecast_section) -> None:  # type: ignore[no-untyped-def]
    assert REPORT_SECTIONS.keys()[:3] == ("kpis", "funnel", "forecast")
    report = build_report(_inputs(), ReportOptions(lang="en"))
    assert report.tables["forecast"][0].rows == (("samples", 10.0),)
    headings = [b.text for b in report_blocks(report) if isinstance(b, Heading) and b.level == 1]
    assert headings.index("Forecast") == headings.index("Conversion funnel") + 1
    only = build_report(_inputs(), ReportOptions(sections=("forecast",), lang="zh"))
    assert set(only.tables) == {"forecast"}
    assert [b.text for b in report_blocks(only) if isinstance(b, Heading)] == ["预测"]


def test_a_removed_section_is_no_option_any_more(forecast_section) -> None:  # type: ignore[no-untyped-def]
    REPORT_SECTIONS.remove("forecast")
    with pytest.raises(ValueError):
        ReportOptions(sections=("forecast",))
    REPORT_SECTIONS.add(forecast_section)  # the fixture removes it again
    assert REPORT_SECTIONS.keys()[-1] == "forecast"


def test_the_registry_refuses_a_duplicate_or_an_unknown_place() -> None:
    registry = SectionRegistry([ReportSection("a", _forecast)])
    with pytest.raises(ValueError):
        registry.add(ReportSection("a", _forecast))
    with pytest.raises(ValueError):
        registry.add(ReportSection("b", _forecast), after="nowhere")
    registry.add(ReportSection("c", _forecast))
    registry.add(ReportSection("b", _forecast), after="a")
    assert registry.keys() == ("a", "b", "c")
