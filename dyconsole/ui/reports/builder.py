"""The report builder (报告): choose the metrics, the time granularity, the sections and the report's language for
one recorded session or a date range, see the PDF pages as a preview, and export to CSV, Excel, PNG charts or PDF.

Opened from the main window's Sessions menu, the sessions browser, the review window and the history view (through
ui.reports.opener) as `ReportBuilderDialog(subject, parent)`, the subject a `SessionSubject` or a `RangeSubject`
(ui.reports.subjects). The subject is read once, so changing an option only rebuilds the report (core.report_model
or core.history.report) and repaints the preview (debounced). An export runs as an `ExportJob`: the
writer's steps (a generator yielding its progress) are driven on the event loop one chunk at a time behind a
QProgressDialog; Cancel closes the generator, and the writers then leave no file behind.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterator, Union

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core.history.report import RangeOptions
from dyconsole.core.report_builtin_sections import REPORT_SECTIONS
from dyconsole.core.report_model import ReportOptions
from dyconsole.core.report_text import metric_label
from dyconsole.ui.reports.pdf import PdfPainter, page_image
from dyconsole.ui.reports.pdf_layout import AnyReport
from dyconsole.ui.reports.subjects import RangeSubject, SessionSubject
from dyconsole.ui.common.screen_fit import fit_to_screen
from dyconsole.ui.common.i18n import count_text

log = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx", "png", "pdf")
ReportSubject = Union[SessionSubject, RangeSubject]
PREVIEW_DPI = 56


class ExportJob(QObject):
    """Drives export steps on the event loop behind a progress dialog; `finished(ok, message)` at the end."""

    finished = Signal(bool, str)

    def __init__(self, steps: Iterator[float], label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps = steps
        self._done = False
        self.progress = QProgressDialog(label, self.tr("Cancel"), 0, 1000, parent)
        self.progress.setWindowTitle(self.tr("Exporting"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self._timer = QTimer(self)  # owned: a job deleted with its dialog takes no further step
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._timer.start()

    @property
    def done(self) -> bool:
        return self._done

    def _finish(self, ok: bool, message: str) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        self.progress.canceled.disconnect(self.cancel)
        self.progress.close()
        self.finished.emit(ok, message)

    def _step(self) -> None:
        if self._done:
            return
        if self.progress.wasCanceled():
            self.cancel()
            return
        try:
            fraction = next(self._steps)
        except StopIteration:
            self._finish(True, "")
            return
        except Exception as exc:  # noqa: BLE001 - any failure of a writer is shown to the operator
            log.warning("report export failed: %s", exc)
            self._finish(False, str(exc))
            return
        self.progress.setValue(round(fraction * 1000))
        self._timer.start()

    def cancel(self) -> None:
        """Stop now: the writer's partial output is removed."""
        if not self._done:
            self._steps.close()
            self._finish(False, self.tr("Export cancelled"))


class ReportBuilderDialog(QDialog):
    def __init__(self, subject: ReportSubject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = subject
        self.job: ExportJob | None = None
        self.last_error = ""
        self.setWindowTitle(self.tr("Report") + f" · {subject.title}")
        self.resize(1100, 760)
        fit_to_screen(self)  # never larger than the screen it opens on (1366x768 room PCs)

        self.language = QComboBox()
        self.language.addItem(self.tr("Chinese"), "zh")
        self.language.addItem(self.tr("English"), "en")
        self.granularity = QComboBox()
        for g in subject.granularities:
            self.granularity.addItem(count_text(g, self.tr("%n minute"), self.tr("%n minutes")), g)
        self.metrics = QListWidget()
        self.metrics.setMinimumHeight(220)
        self.sections: dict[str, QCheckBox] = {}
        section_names = self._section_names()
        section_box = QGroupBox(self.tr("Sections"))
        section_layout = QVBoxLayout(section_box)
        for key in subject.section_keys:
            # a feature's section is named by its heading in the report's words
            box = QCheckBox(section_names.get(key) or REPORT_SECTIONS[key].title(self.language.currentData()))
            box.setChecked(True)
            box.toggled.connect(self._schedule_preview)
            self.sections[key] = box
            section_layout.addWidget(box)

        form = QFormLayout()
        form.addRow(self.tr("Report language"), self.language)
        if subject.granularities:  # a range report has one row a day and one a session: no granularity
            form.addRow(self.tr("Granularity"), self.granularity)
        controls = QVBoxLayout()
        controls.addLayout(form)
        controls.addWidget(QLabel(self.tr("Metrics")))
        controls.addWidget(self.metrics, 1)
        controls.addWidget(section_box)

        self.buttons: dict[str, QPushButton] = {}
        texts = {"csv": self.tr("Export CSV…"), "xlsx": self.tr("Export Excel…"),
                 "png": self.tr("Export charts (PNG)…"), "pdf": self.tr("Export PDF…")}
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        for fmt in FORMATS:
            button = QPushButton(texts[fmt])
            button.clicked.connect(lambda _=False, f=fmt: self._ask_and_export(f))
            self.buttons[fmt] = button
            button_row.addWidget(button)
        if isinstance(subject, SessionSubject):  # the files beside the session CSV (storage.export_sections)
            self.buttons["csv"].setToolTip(self.tr(
                "Also writes %1-roi7.csv, %1-segments.csv and %1-delivery.csv beside it: the 7-day ROI, the run "
                "of show's segments and delivery by region, for those of the sections that are chosen")
                .replace("%1", subject.file_stem))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        button_row.addWidget(close)

        self.preview_pages = QVBoxLayout()
        self.preview_pages.setSpacing(12)
        holder = QWidget()
        holder.setLayout(self.preview_pages)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        self.preview.setWidget(holder)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_count_label = QLabel()
        self.page_count_label.setObjectName("hint")
        right = QVBoxLayout()
        right.addWidget(self.page_count_label)
        right.addWidget(self.preview, 1)

        body = QHBoxLayout()
        left = QWidget()
        left.setLayout(controls)
        left.setMaximumWidth(360)
        body.addWidget(left)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addLayout(button_row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)
        self._fill_metrics(subject.default_metrics)
        self.metrics.itemChanged.connect(self._schedule_preview)
        self.language.currentIndexChanged.connect(self._relabel)
        self.granularity.currentIndexChanged.connect(self._schedule_preview)
        self.refresh_preview()

    def _section_names(self) -> dict[str, str]:
        if isinstance(self.subject, RangeSubject):
            return {"kpis": self.tr("Totals"), "charts": self.tr("Charts"), "days": self.tr("Per day"),
                    "best": self.tr("Best and worst sessions"), "sessions": self.tr("Sessions"),
                    "forecast": self.tr("Forecast of the next broadcasts")}
        return {"kpis": self.tr("Key figures"), "funnel": self.tr("Conversion funnel"), "charts": self.tr("Charts"),
                "end_forecast": self.tr("Forecast of the broadcast's end"), "ab": self.tr("A/B tests"),
                "products": self.tr("Top products"), "traffic": self.tr("Traffic sources"),
                "audience": self.tr("Audience"), "alerts": self.tr("Alerts"), "notes": self.tr("Notes")}

    # --- options ----------------------------------------------------------------------------------------------
    def _fill_metrics(self, checked: tuple[str, ...]) -> None:
        lang = self.language.currentData()
        self.metrics.blockSignals(True)
        self.metrics.clear()
        for name in self.subject.metrics:
            item = QListWidgetItem(metric_label(name, lang))  # the panel is narrow: the operator's word only
            item.setToolTip(name)  # the column name of the CSV and of `dyconsole export --metrics`
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
            self.metrics.addItem(item)
        self.metrics.blockSignals(False)

    def _relabel(self) -> None:
        self._fill_metrics(self.chosen_metrics())
        self._schedule_preview()

    def chosen_metrics(self) -> tuple[str, ...]:
        items = (self.metrics.item(i) for i in range(self.metrics.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items
                     if item.checkState() == Qt.CheckState.Checked)

    def set_metrics(self, names: tuple[str, ...]) -> None:
        self._fill_metrics(names)
        self._schedule_preview()

    def options(self) -> ReportOptions | RangeOptions:
        return self.report().options

    def report(self) -> AnyReport:
        """The report of the chosen options (a session's, or a date range's)."""
        return self.subject.build(self.chosen_metrics(), self.granularity.currentData(),
                                  tuple(k for k, box in self.sections.items() if box.isChecked()),
                                  self.language.currentData())

    # --- preview ------------------------------------------------------------------------------------------
    def _schedule_preview(self) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        """Repaint the preview pages from the current options."""
        self._timer.stop()
        while self.preview_pages.count():
            widget = self.preview_pages.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        painter = PdfPainter(self.report())
        for index in range(painter.page_count):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(page_image(painter, index, PREVIEW_DPI)))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.preview_pages.addWidget(label)
        self.page_count_label.setText(count_text(painter.page_count, self.tr("Preview: %n page"), self.tr("Preview: %n pages")))

    # --- export -------------------------------------------------------------------------------------------
    def _ask_and_export(self, fmt: str) -> None:
        base = self.subject.file_stem
        if fmt == "png":
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the chart images"))
        else:
            filters = {"csv": self.tr("CSV files (*.csv)"), "xlsx": self.tr("Excel workbooks (*.xlsx)"),
                       "pdf": self.tr("PDF documents (*.pdf)")}
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), f"{base}.{fmt}", filters[fmt])
        if path:
            self.export(fmt, Path(path), on_done=self._report_result)

    def export(self, fmt: str, out: Path,
               on_done: Callable[[bool, str], None] | None = None) -> ExportJob | None:
        """Start exporting to `out` (for png: a folder or a file-name prefix); None if it could not start."""
        if not self.chosen_metrics() and fmt in ("csv", "png"):
            self._report_result(False, self.tr("Choose at least one metric"))
            return None
        report = self.report()
        try:
            steps = self.subject.steps(fmt, report, out)
        except (OSError, ValueError) as exc:
            self._report_result(False, str(exc))
            return None
        self.job = ExportJob(steps, self.tr("Exporting %1…").replace("%1", out.name), self)
        self.job.finished.connect(lambda ok, message: self._job_done(ok, message, on_done))
        for button in self.buttons.values():
            button.setEnabled(False)
        return self.job

    def _job_done(self, ok: bool, message: str, on_done: Callable[[bool, str], None] | None) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.last_error = "" if ok else message
        if on_done is not None:
            on_done(ok, message)

    def _report_result(self, ok: bool, message: str) -> None:
        self.last_error = "" if ok else message
        if not ok and message and message != self.tr("Export cancelled"):  # the operator knows they cancelled
            QMessageBox.warning(self, self.tr("Export"), message)
