"""The PDF report: A4 pages laid out from a core.report_model.Report, painted with QPainter into a QPdfWriter
(or into images for the builder's preview).

Page 1 is the title page (report title, room, date, time, duration, granularity, the headline figures); then the
chosen sections in the order of the report's section registry (KPIs, funnel, charts two to a row, top products with
the click heat map (ui.reports.heat_paint) and the order changes, the A/B plans with each one's metric per slot
(ui.reports.slot_paint), traffic sources, audience, alerts, notes, then any
a feature added), tables split across pages with their header repeated (a table wider than the page wraps its long
headers, `column_layout`). Every page has a running header (the room) and a
footer with the generated-at time and "page n of N". Text is real text (CJK subset fonts with a ToUnicode map),
so the PDF is searchable and copyable. The layout is computed first (`layout_pages`), so the page count is known
before painting (ui.reports.pdf_layout). `pdf_export_steps` paints into memory and writes the file whole or not at all
(dyconsole.whole_files): a cancelled export, or a disk that fills up, leaves no file behind.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from dyconsole.core.experiments.report_section import SlotsPicture
from dyconsole.core.report_types import Table
from dyconsole.ui.reports.heat_paint import paint_heat
from dyconsole.ui.reports.pdf_layout import (
    CHART_H,
    CONTENT_W,
    MARGIN,
    PAGE_H,
    PAGE_W,
    ROW_H,
    AnyReport,
    Block,
    Caption,
    ChartRow,
    Figure,
    Heading,
    TableSlice,
    block_height,
    cell_text,
    figure_height,
    layout_pages,
)
from dyconsole.ui.reports.slot_paint import paint_slots
from dyconsole.whole_files import folder_problem, write_whole
from dyconsole.ui.reports.render import (
    ACCENT,
    HEADER_FILL,
    INK,
    INK_DIM,
    PAPER_SERIES,
    RULE,
    ZEBRA_FILL,
    paint_chart,
    report_font,
    text_width,
)

DEFAULT_DPI = 300


class PdfPainter:
    """Paints the title page and the laid-out content pages of one report, in layout units (points)."""

    def __init__(self, report: AnyReport, generated_at: float | None = None) -> None:
        self.report = report
        self.lang = report.options.lang
        self.content = layout_pages(report)
        when = datetime.fromtimestamp(time.time() if generated_at is None else generated_at)
        self.generated = report.label("generated_at", when=when.strftime("%Y-%m-%d %H:%M"))

    @property
    def page_count(self) -> int:
        return 1 + len(self.content)

    def paint(self, p: QPainter, index: int) -> None:
        """Paint page `index` (0 = title page); the painter's units must be points."""
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if index == 0:
            self._title_page(p)
        else:
            self._running_header(p)
            for placed in self.content[index - 1]:
                self._block(p, placed.block, placed.y)
        self._footer(p, index)
        p.restore()

    # --- page furniture -----------------------------------------------------------------------------------------
    def _running_header(self, p: QPainter) -> None:
        meta = self.report.meta
        p.setFont(report_font(8))
        p.setPen(INK_DIM)
        p.drawText(QRectF(MARGIN, MARGIN - 6, CONTENT_W, 12), Qt.AlignmentFlag.AlignLeft,
                   f"{self.report.label('report_title')} · {meta.title or meta.room_id}")
        p.drawText(QRectF(MARGIN, MARGIN - 6, CONTENT_W, 12), Qt.AlignmentFlag.AlignRight, meta.id)
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(MARGIN, MARGIN + 8, PAGE_W - MARGIN, MARGIN + 8)

    def _footer(self, p: QPainter, index: int) -> None:
        y = PAGE_H - MARGIN + 2
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(MARGIN, y - 6, PAGE_W - MARGIN, y - 6)
        p.setFont(report_font(8))
        p.setPen(INK_DIM)
        p.drawText(QRectF(MARGIN, y, CONTENT_W, 12), Qt.AlignmentFlag.AlignLeft, self.generated)
        p.drawText(QRectF(MARGIN, y, CONTENT_W, 12), Qt.AlignmentFlag.AlignRight,
                   self.report.label("page_of", page=index + 1, pages=self.page_count))

    def _title_page(self, p: QPainter) -> None:
        report = self.report
        p.fillRect(QRectF(0, 0, PAGE_W, 10), ACCENT)
        p.setPen(INK)
        p.setFont(report_font(30, bold=True))
        p.drawText(QRectF(MARGIN, 190, CONTENT_W, 44), Qt.AlignmentFlag.AlignLeft, report.label("report_title"))
        p.setFont(report_font(16))
        p.setPen(ACCENT)
        p.drawText(QRectF(MARGIN, 240, CONTENT_W, 26), Qt.AlignmentFlag.AlignLeft,
                   report.meta.title or report.meta.room_id)
        p.setPen(QPen(RULE, 0.8))
        p.drawLine(MARGIN, 280, PAGE_W - MARGIN, 280)
        y = 300.0
        for label, value in report.title_lines():
            p.setFont(report_font(10.5))
            p.setPen(INK_DIM)
            p.drawText(QRectF(MARGIN, y, 90, 18), Qt.AlignmentFlag.AlignLeft, label)
            p.setPen(INK)
            p.drawText(QRectF(MARGIN + 90, y, CONTENT_W - 90, 18), Qt.AlignmentFlag.AlignLeft, value)
            y += 22
        kpis = report.tables.get("kpis")
        if kpis:
            self._headline(p, kpis[0], y + 30)

    def _headline(self, p: QPainter, kpis: Table, y: float) -> None:
        """Four headline figures on the title page (the first rows of the KPI table after the duration)."""
        wanted = [row for row in kpis.rows[1:] if row[1][0] is not None][:8]
        box_w = (CONTENT_W - 3 * 10) / 4
        for k, (label, cell) in enumerate(wanted):
            col, line = k % 4, k // 4
            box = QRectF(MARGIN + col * (box_w + 10), y + line * 70, box_w, 60)
            p.fillRect(box, HEADER_FILL)
            p.setPen(INK_DIM)
            p.setFont(report_font(8.5))
            p.drawText(box.adjusted(8, 6, -6, 0), Qt.AlignmentFlag.AlignLeft, label)
            p.setPen(INK)
            p.setFont(report_font(16, bold=True))
            p.drawText(box.adjusted(8, 24, -6, 0), Qt.AlignmentFlag.AlignLeft, cell_text(cell, "mixed", self.lang))

    # --- content blocks -------------------------------------------------------------------------------------
    def _block(self, p: QPainter, block: Block, y: float) -> None:
        if isinstance(block, Heading):
            p.setPen(INK if block.level == 1 else INK_DIM)
            p.setFont(report_font(14 if block.level == 1 else 10.5, bold=True))
            p.drawText(QRectF(MARGIN, y + 2, CONTENT_W, 20), Qt.AlignmentFlag.AlignLeft, block.text)
            if block.level == 1:
                p.fillRect(QRectF(MARGIN, y + 21, 28, 2), ACCENT)
        elif isinstance(block, Caption):
            p.setPen(INK_DIM)
            p.setFont(report_font(9))
            p.drawText(QRectF(MARGIN, y, CONTENT_W, block_height(block)),
                       Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, block.text)
        elif isinstance(block, ChartRow):
            w = (CONTENT_W - 14) / 2
            for k, (index, chart) in enumerate(block.charts):
                rect = QRectF(MARGIN + k * (w + 14), y, w, CHART_H - 6)
                paint_chart(p, rect, chart, self.lang, PAPER_SERIES[index % len(PAPER_SERIES)])
        elif isinstance(block, Figure):
            rect = QRectF(MARGIN, y, CONTENT_W, figure_height(block))
            if isinstance(block.picture, SlotsPicture):
                paint_slots(p, rect, block.picture, self.lang)
            else:
                paint_heat(p, rect, block.picture, self.lang)
        else:
            self._table(p, block, y)

    def _table(self, p: QPainter, s: TableSlice, y: float) -> None:
        cols = s.table.columns
        xs = [MARGIN]
        for w in s.widths:
            xs.append(xs[-1] + w)
        header_h = s.header_h
        p.fillRect(QRectF(MARGIN, y, sum(s.widths), header_h), HEADER_FILL)
        p.setFont(report_font(8.5, bold=True))
        p.setPen(INK)
        headers = s.headers or tuple(col.label for col in cols)
        for i, col in enumerate(cols):
            align = Qt.AlignmentFlag.AlignLeft if col.unit == "text" else Qt.AlignmentFlag.AlignRight
            p.drawText(QRectF(xs[i] + 5, y, s.widths[i] - 10, header_h), align | Qt.AlignmentFlag.AlignVCenter,
                       headers[i])
        font_metrics_font = report_font(8.5)
        p.setFont(font_metrics_font)
        row_y = y + header_h
        for n, row in enumerate(s.table.rows[s.start:s.stop]):
            if n % 2:
                p.fillRect(QRectF(MARGIN, row_y, sum(s.widths), ROW_H), ZEBRA_FILL)
            for i, col in enumerate(cols):
                text = cell_text(row[i], col.unit, self.lang)
                p.setPen(INK_DIM if col.unit == "time" else INK)
                width = s.widths[i] - 10
                if text_width(text, font_metrics_font) > width:
                    text = _elide(text, width)
                align = Qt.AlignmentFlag.AlignLeft if col.unit in ("text",) else Qt.AlignmentFlag.AlignRight
                p.drawText(QRectF(xs[i] + 5, row_y, width, ROW_H), align | Qt.AlignmentFlag.AlignVCenter, text)
            row_y += ROW_H
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(MARGIN, row_y, MARGIN + sum(s.widths), row_y)


def _elide(text: str, width: float) -> str:
    font = report_font(8.5)
    text = text[:max(0, int(width))]  # no glyph is under 1 pt wide: a longer prefix cannot fit (keeps this linear)
    while text and text_width(text + "…", font) > width:
        text = text[:-1]
    return text + "…"


def page_image(painter: PdfPainter, index: int, dpi: float = 72.0) -> QImage:
    """One page as an image at `dpi` (the builder's preview)."""
    scale = dpi / 72.0
    image = QImage(round(PAGE_W * scale), round(PAGE_H * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.scale(scale, scale)
    painter.paint(p, index)
    p.end()
    return image


def pdf_export_steps(report: AnyReport, out: Path | str, dpi: int = DEFAULT_DPI,
                     generated_at: float | None = None) -> Iterator[float]:
    """Write the report as an A4 PDF to `out`, one page per step, yielding the fraction done.

    Closing the generator early leaves no file. Raises OSError when `out` cannot be written (then there is none).
    """
    problem = folder_problem(out)
    if problem:
        raise FileNotFoundError(2, problem)
    pages = PdfPainter(report, generated_at)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{report.label('report_title')} - {report.meta.title or report.meta.room_id}")
    writer.setCreator("dyconsole")
    p = QPainter(writer)
    try:
        scale = writer.resolution() / 72.0
        for index in range(pages.page_count):
            if index:
                writer.newPage()
            p.save()
            p.scale(scale, scale)
            pages.paint(p, index)
            p.restore()
            yield 0.95 * (index + 1) / pages.page_count
        p.end()
        buffer.close()
        write_whole(out, bytes(data.data()))
    finally:
        if p.isActive():
            p.end()
    yield 1.0

