"""The import dialog as the operator reaches it: main window → Console → Import… (and the sessions browser's
Import… button); a sample export previewed with its source's mapping and imported; the history then shows the
channel apart or together; a bad file is said in the dialog (row, column, value) and imports nothing; a mapping
edited and saved by name is there the next time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from dyconsole.core import glossary
from dyconsole.core.derived import GMV
from dyconsole.services.history.service import HistoryQuery, HistoryService
from dyconsole.storage.db import open_db
from dyconsole.ui.history.view import HistoryView
from dyconsole.ui.imports.dialog import ImportDialog
from dyconsole.ui.reports.builder import ReportBuilderDialog
from dyconsole.ui.review.sessions_browser import SessionsBrowser


def _visible(kind):  # type: ignore[no-untyped-def]
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1
    return found[0]


def _import_dialog(window) -> ImportDialog:  # type: ignore[no-untyped-def]
    action = next(a for a in window.menu_actions("console") if a.text().replace("&", "") == "Import…")
    action.trigger()
    return _visible(ImportDialog)


def test_import_from_the_console_menu_then_history_by_channel(console, samples: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _import_dialog(console)
    dialog.choose_mapping("kuaishou")
    dialog.open_file(samples / "kuaishou_sessions.csv")
    assert dialog.rows.rowCount() == 10 and dialog.problems.count() == 0
    assert "10 sessions ready" in dialog.message.text() and dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert "10 sessions imported" in dialog.message.text() and not dialog.import_button.isEnabled()
    dialog.choose_mapping("wechat_channels")
    dialog.open_file(samples / "wechat_channels_minutes.csv")
    assert dialog.run_import() == 2

    first, last = date(2024, 5, 1), date(2024, 6, 30)
    service = HistoryService(db_path)
    everything = service.load(HistoryQuery(first, last))
    assert {s.channel for s in everything} == {"kuaishou", "wechat_channels"} and len(everything) == 12
    console.menu_actions("sessions")[1].trigger()  # History…
    view = _visible(HistoryView)
    view.preset.setCurrentIndex(view.preset.findData("custom"))
    view.date_from.setDate(first)
    view.date_to.setDate(last)
    assert len(view.sessions) == 12
    view.channel_box.setCurrentIndex(view.channel_box.findData("wechat_channels"))
    assert {s.channel for s in view.sessions} == {"wechat_channels"} and len(view.sessions) == 2
    assert view.channel_box.currentText() == "WeChat Channels"
    wechat_gmv = sum(s.figures[GMV] for s in everything if s.channel == "wechat_channels")
    assert view.strip.values[GMV].text() == glossary.fmt(GMV, wechat_gmv, "en")


def test_a_bad_file_is_said_in_the_dialog_and_nothing_imported(console, samples: Path, tmp_path: Path,
                                                               db_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = (samples / "kuaishou_sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("2024-05-08 19:30:00", "五月八日", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    dialog = _import_dialog(console)
    dialog.choose_mapping("kuaishou")
    dialog.open_file(bad)
    assert dialog.problems.count() == 1
    assert dialog.problems.item(0).text() == (
        "row 3, column “开播时间”, value “五月八日”: not a date and time (e.g. 2024-05-01 20:00:00)")
    assert "1 problem:" in dialog.message.text() and not dialog.import_button.isEnabled()
    assert dialog.rows.item(1, 0).background().color() != dialog.rows.item(0, 0).background().color()
    assert dialog.run_import() == 0
    dialog.open_file(tmp_path / "missing.csv")
    assert "cannot be read" in dialog.message.text()
    assert not db_path.exists() or HistoryService(db_path).choices() == ([], [])


def test_from_the_sessions_browser_with_a_saved_mapping(console, samples: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_db(db_path).close()  # a console that has recorded before: the browser opens on an empty list
    console.sessions_action.trigger()
    browser = _visible(SessionsBrowser)
    browser.import_button.click()
    dialog = _visible(ImportDialog)
    dialog.choose_mapping("kuaishou")
    dialog.open_file(samples / "kuaishou_sessions.csv")
    # this shop's Kuaishou export: the GMV column unmapped, then a fixed room, saved under its own name
    dialog.editor.boxes[GMV].setCurrentIndex(0)
    dialog.editor.room.setText("my-shop")
    assert dialog.save_mapping_as("my kuaishou")
    dialog.close()
    again = _import_dialog(console)
    assert again is dialog
    again.load_mappings(select="my kuaishou")
    assert again.editor.mapping().columns.get(GMV) is None and again.editor.room.text() == "my-shop"
    again.choose_mapping("kuaishou")
    again.open_file(samples / "kuaishou_sessions.csv")
    assert browser.model.rowCount() == 0
    assert again.run_import() == 10
    assert browser.model.rowCount() == 10  # the browser read the file again


def test_a_bad_file_is_said_in_the_windows_language(qtbot, db_path: Path, samples: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Chinese console says why a whole file cannot be imported in Chinese (a wrong encoding, missing columns, an
    incomplete mapping, sessions imported already), an English one in English; nothing is written."""
    from dyconsole.core.clock import ManualClock
    from dyconsole.core.imports.mapping import START
    from dyconsole.services.live.feed import LiveFeed
    from dyconsole.ui.main_window import MainWindow
    from dyconsole.ui.sessions_menu import SessionsAttachment

    window = MainWindow(LiveFeed(ManualClock()), "zh")
    qtbot.addWidget(window)
    sessions = SessionsAttachment(window, db_path, "zh")
    try:
        (action,) = [a for a in window.menu_actions("console") if a.shortcut().toString() == "Ctrl+I"]
        action.trigger()
        dialog = _visible(ImportDialog)
        dialog.choose_mapping("kuaishou")
        utf16 = tmp_path / "utf16.csv"
        utf16.write_bytes("开播时间,成交金额(元)\n".encode("utf-16-le") + b"\xff\xff\xff")
        dialog.open_file(utf16)
        assert "文件不是可识别编码的文本" in dialog.message.text() and "gb18030" in dialog.message.text()
        assert "encoding tried" not in dialog.message.text() and not dialog.import_button.isEnabled()
        (tmp_path / "export.pdf").write_bytes(b"%PDF-1.4")
        dialog.open_file(tmp_path / "export.pdf")
        assert "请选择 .csv 或 .xlsx 文件" in dialog.message.text()
        dialog.open_file(tmp_path / "gone.csv")
        assert "文件不存在" in dialog.message.text()
        short = tmp_path / "short.csv"
        short.write_text("开播时间,成交金额(元)\n2024-05-01 20:00:00,100\n", encoding="utf-8")
        dialog.open_file(short)
        assert dialog.problems.count() > 0 and all("文件缺少此列" in dialog.problems.item(i).text()
                                                   for i in range(dialog.problems.count()))
        dialog.open_file(samples / "kuaishou_sessions.csv")
        dialog.editor.boxes[START].setCurrentIndex(0)  # the start column unmapped: the mapping cannot read it
        dialog.refresh_preview()
        assert "映射没有指定这些列：开播时间" in dialog.message.text()
        assert not db_path.exists() or HistoryService(db_path).choices() == ([], [])
        # text in a number column, then a file imported twice: each row's problem in Chinese, nothing written
        lines = (samples / "kuaishou_sessions.csv").read_text(encoding="utf-8-sig").splitlines()
        lines[3] = lines[3].rsplit(",", 1)[0] + ",待结算"  # row 4's GMV, the last column
        texty = tmp_path / "texty.csv"
        texty.write_text("\n".join(lines) + "\n", encoding="utf-8")
        dialog.load_mappings(select="kuaishou")  # the shipped mapping again, its start column back
        dialog.open_file(texty)
        assert [dialog.problems.item(i).text() for i in range(dialog.problems.count())] == [
            "第4行, 列 “成交金额(元)”, 值 “待结算”：数字列中有文字"]
        assert not dialog.import_button.isEnabled() and dialog.run_import() == 0
        dialog.open_file(samples / "kuaishou_sessions.csv")
        assert dialog.run_import() == 10
        dialog.open_file(samples / "kuaishou_sessions.csv")
        assert dialog.problems.count() == 10 and all("该场次已导入过" in dialog.problems.item(i).text()
                                                     for i in range(10))
        assert dialog.run_import() == 0 and len(HistoryService(db_path).load(
            HistoryQuery(date(2024, 5, 1), date(2024, 6, 30)))) == 10
    finally:
        sessions.close_all()
        window.close()


def test_units_and_time_zone_of_a_source_saved_and_used(console, samples: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Console → Import…: the money unit and the time zone edited in the mapping change what the preview reads (GMV
    in 万元 is 10,000 times the yuan figure; UTC+0 starts 8 hours later than Beijing time), are kept when the mapping
    is saved by name, and the import stores what the preview showed; the range report of the history view then
    lists the channel's sessions apart (the channel filter) or together."""
    dialog = _import_dialog(console)
    dialog.choose_mapping("kuaishou")
    dialog.open_file(samples / "kuaishou_sessions.csv")
    yuan = dialog.preview.sessions[0]
    dialog.editor.money_unit.setCurrentIndex(dialog.editor.money_unit.findData("wan_yuan"))
    dialog.editor.utc_offset.setValue(0.0)
    dialog.refresh_preview()
    wan = dialog.preview.sessions[0]
    assert wan.totals()[GMV] == pytest.approx(yuan.totals()[GMV] * 10_000)
    assert wan.started_at - yuan.started_at == 8 * 3600
    assert dialog.save_mapping_as("kuaishou wan utc")
    dialog.choose_mapping("kuaishou")
    assert dialog.editor.money_unit.currentData() == "yuan"
    dialog.load_mappings(select="kuaishou wan utc")
    assert dialog.editor.money_unit.currentData() == "wan_yuan" and dialog.editor.utc_offset.value() == 0.0
    assert dialog.run_import() == 10
    stored = HistoryService(db_path).load(HistoryQuery(date(2024, 5, 1), date(2024, 6, 30)))
    assert max(s.figures[GMV] for s in stored) == pytest.approx(max(s.totals()[GMV] for s in dialog.preview.sessions))
    dialog.choose_mapping("wechat_channels")
    dialog.open_file(samples / "wechat_channels_minutes.csv")
    assert dialog.run_import() == 2
    console.menu_actions("sessions")[1].trigger()  # History…
    view = _visible(HistoryView)
    view.preset.setCurrentIndex(view.preset.findData("custom"))
    view.set_range(date(2024, 5, 1), date(2024, 6, 30))
    seen = {}
    for channel in ("kuaishou", "wechat_channels", None):
        view.channel_box.setCurrentIndex(view.channel_box.findData(channel) if channel else 0)
        view.report_button.click()
        builder = _visible(ReportBuilderDialog)
        builder.language.setCurrentIndex(builder.language.findData("en"))
        report = builder.report()
        (table,) = report.tables["sessions"]
        keys = [c.key for c in table.columns]
        shown = sorted({row[keys.index("channel")] for row in table.rows}) if "channel" in keys else []
        seen[channel] = (dict(report.title_lines())["Channels"], len(table.rows), shown)
        builder.close()
    assert seen == {"kuaishou": ("Kuaishou", 10, []), "wechat_channels": ("WeChat Channels", 2, []),
                    None: ("all", 12, ["Kuaishou", "WeChat Channels"])}
