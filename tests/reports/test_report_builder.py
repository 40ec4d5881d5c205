"""The report builder dialog, opened from the main window (Sessions → Report on the last session): options drive
the preview, exports run behind a progress dialog, Cancel leaves no file."""

from __future__ import annotations

from pathlib import Path

from tests.support.report_session import RecordedSession
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from dyconsole.core.clock import ManualClock
from dyconsole.core.report_text import tr
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.reports.builder import ReportBuilderDialog
from dyconsole.ui.sessions_menu import SessionsAttachment


def _dialog(qtbot, recorded: RecordedSession) -> ReportBuilderDialog:  # type: ignore[no-untyped-def]
    """The builder as the operator opens it: the main window's Sessions menu, Report on the last session."""
    window = MainWindow(LiveFeed(ManualClock()), "en")
    qtbot.addWidget(window)
    ui = SessionsAttachment(window, recorded.db_file, "en")
    report = next(a for a in window.menu_actions("sessions") if a.shortcut().toString() == "Ctrl+Shift+R")
    with qtbot.waitSignal(ui.launcher.reports.opened) as opened:
        report.trigger()
    d = opened.args[0]
    assert isinstance(d, ReportBuilderDialog) and d.subject.session_id == recorded.session_id  # the last session
    return d


def test_options_drive_the_preview(qtbot, recorded: RecordedSession) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, recorded)
    full = d.preview_pages.count()
    assert full >= 4
    for key, box in d.sections.items():
        box.setChecked(key == "kpis")
    d.refresh_preview()
    assert d.preview_pages.count() == 2  # title page + key figures
    d.set_metrics(("stat_cost", "online"))
    d.granularity.setCurrentIndex(2)
    d.language.setCurrentIndex(1)
    opts = d.options()
    assert opts.metrics == ("stat_cost", "online") and opts.granularity_min == 15 and opts.lang == "en"
    assert opts.sections == ("kpis",)


def test_export_excel_through_the_dialog(qtbot, recorded: RecordedSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, recorded)
    d.set_metrics(("live_pay_order_gmv_alias",))
    results: list[tuple[bool, str]] = []
    job = d.export("xlsx", tmp_path / "r.xlsx", on_done=lambda ok, msg: results.append((ok, msg)))
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert results == [(True, "")] and all(b.isEnabled() for b in d.buttons.values())
    wb = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert [c.value for c in wb[tr("data")][2]] == ["ts", "live_pay_order_gmv_alias"]


def test_cancel_leaves_no_file(qtbot, recorded: RecordedSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, recorded)
    results: list[tuple[bool, str]] = []
    job = d.export("pdf", tmp_path / "r.pdf", on_done=lambda ok, msg: results.append((ok, msg)))
    assert job is not None
    qtbot.waitUntil(lambda: job.progress.value() > 0, timeout=10_000)  # at least one page painted
    job.progress.canceled.emit()  # what the Cancel button sends
    assert job.done and results and results[0][0] is False
    assert list(tmp_path.iterdir()) == []


def test_failed_export_is_reported(qtbot, recorded: RecordedSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = _dialog(qtbot, recorded)
    results: list[tuple[bool, str]] = []
    job = d.export("csv", tmp_path / "missing" / "r.csv", on_done=lambda ok, msg: results.append((ok, msg)))
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert results[0][0] is False and d.last_error


def test_the_builder_speaks_chinese(qtbot, qapp, recorded: RecordedSession) -> None:  # type: ignore[no-untyped-def]
    from dyconsole.ui.common.i18n import install_translator

    install_translator(qapp, "zh_CN")
    try:
        d = _dialog(qtbot, recorded)
        assert d.windowTitle().startswith("报告") and d.buttons["pdf"].text() == "导出 PDF…"
        assert d.sections["funnel"].text() == "转化漏斗" and d.granularity.itemText(1) == "5 分钟"
        assert d.buttons["csv"].toolTip().startswith(f"同时在旁边写出 {recorded.session_id}-roi7.csv")
        gmv = next(d.metrics.item(i) for i in range(d.metrics.count())
                   if d.metrics.item(i).data(Qt.ItemDataRole.UserRole) == "live_pay_order_gmv_alias")
        assert gmv.text() == "成交金额" and gmv.toolTip() == "live_pay_order_gmv_alias"  # the field name on hover
    finally:
        install_translator(qapp, "en")
