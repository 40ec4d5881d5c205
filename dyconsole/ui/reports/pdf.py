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
before painting. `pdf_export_steps` paints into memory and writes the file whole or not at all
(dyconsole.whole_files): a cancelled export, or a disk that fills up, leaves no file behind.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator, Union

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from dyconsole.core.experiments.report_section import AB_SECTION, SlotsPicture
from dyconsole.core.products.heat import HeatPicture
from dyconsole.core.history.report import RangeReport
from dyconsole.core.report_model import Chart, Report, Table
from dyconsole.core.report_text import format_value
from dyconsole.ui.reports.heat_paint import heat_height, paint_heat
from dyconsole.ui.reports.slot_paint import paint_slots, slots_height
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

#: a session's report or a date range's (core.history.report): the same pages
AnyReport = Union[Report, RangeReport]
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN = 48.0
CONTENT_W = PAGE_W - 2 * MARGIN
TOP, BOTTOM = MARGIN + 18, PAGE_H - MARGIN - 14  # content area below the running header, above the footer
ROW_H, HEADER_H, HEADING_H, CAPTION_H, GAP = 15.0, 17.0, 26.0, 16.0, 10.0
#: a wide table's headers wrap onto at most this many lines (each HEADER_LINE_H more) before its cells are elided
HEADER_LINES, HEADER_LINE_H = 3, 10.5
_BREAKS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+")  # a CJK character, a word, or blanks
CHART_H = 170.0
DEFAULT_DPI = 300


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a table inside a section


@dataclass(frozen=True)
class Caption:
    text: str


@dataclass(frozen=True)
class TableSlice:
    table: Table
    start: int
    stop: int
    widths: tuple[float, ...]
    headers: tuple[str, ...] = ()  # the column headers as painted ('\n' where one is wrapped); () : the labels

    @property
    def header_h(self) -> float:
        lines = max((h.count("\n") + 1 for h in self.headers), default=1)
        return HEADER_H + (lines - 1) * HEADER_LINE_H


@dataclass(frozen=True)
class ChartRow:
    charts: tuple[tuple[int, Chart], ...]  # (index for the colour, chart), one or two


@dataclass(frozen=True)
class Figure:
    picture: HeatPicture | SlotsPicture  # a section's picture (the click heat map, an A/B plan's slots)


Block = Union[Heading, Caption, TableSlice, ChartRow, Figure]


@dataclass(frozen=True)
class Placed:
    block: Block
    y: float


def _cell(value: object, unit: str, lang: str) -> str:
    if unit == "mixed":
        value, unit = value  # type: ignore[misc]
    return format_value(value, unit, lang)


def wrap_text(text: str, width: float, font: QFont) -> list[str]:
    """`text` in lines of at most `width` (greedy; a line breaks at blanks and around CJK characters); a word wider
    than `width` has a line of its own."""
    lines: list[str] = []
    line = ""
    for token in _BREAKS.findall(text):
        if not line.strip() or text_width((line + token).rstrip(), font) <= width:
            line = (line + token).lstrip()
        else:
            lines.append(line.rstrip())
            line = token.lstrip()
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _header_width(text: str, font: QFont, least: float, max_lines: int) -> float:
    """The narrowest width (at least `least`) at which the header takes at most `max_lines` lines."""
    full = text_width(text, font)
    if full <= least:
        return least
    low, high = least, full
    for _ in range(16):  # bisection to a fraction of a point
        mid = (low + high) / 2
        if len(wrap_text(text, mid, font)) <= max_lines:
            high = mid
        else:
            low = mid
    return max(high, *(text_width(line, font) for line in wrap_text(text, high, font)))


def _text_widths(natural: list[float], text_cols: list[int], room: float) -> dict[int, float]:
    """The room shared among the text columns: a column that needs less than an equal share keeps its width, the
    rest is shared equally by the others (the long ones are elided, the short ones, like a best/worst mark, never)."""
    out: dict[int, float] = {}
    left = sorted(text_cols, key=lambda i: natural[i])
    while left:
        share = room / len(left)
        i = left[0]
        if natural[i] > share:
            for j in left:
                out[j] = share
            break
        out[i] = natural[i]
        room -= natural[i]
        left.pop(0)
    return out


def column_layout(table: Table, lang: str, width: float = CONTENT_W) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Column widths and the headers as painted. A table narrower than `width` keeps one-line headers, its text
    columns grown to at least 55% of `width` in all; a wider one wraps its long headers on as few lines as make it
    fit (at most HEADER_LINES, never narrower than the column's cells), then shares what is left among its text
    columns, short ones kept whole (their cells elided only when even that is too wide)."""
    font, bold = report_font(8.5), report_font(8.5, bold=True)
    cells = [max([text_width(_cell(row[i], col.unit, lang), font) for row in table.rows[:200]], default=0.0)
             for i, col in enumerate(table.columns)]
    natural = [max(text_width(col.label, bold), c) + 12 for col, c in zip(table.columns, cells)]
    headers = [col.label for col in table.columns]
    text_cols = [i for i, c in enumerate(table.columns) if c.unit == "text"] or [len(natural) - 1]
    for lines in range(2, HEADER_LINES + 1):  # too wide: wrap the headers wider than their cells, on as few lines
        if sum(natural) <= width:              # as make it fit
            break
        for i, col in enumerate(table.columns):
            wrapped = _header_width(col.label, bold, cells[i], lines)
            natural[i] = wrapped + 12
            headers[i] = "\n".join(wrap_text(col.label, wrapped, bold))
    total = sum(natural)
    target = min(width, max(total, width * 0.55))  # narrow tables are not stretched across the page
    flexible = sum(natural[i] for i in text_cols)
    room = target - (total - flexible)
    if room <= 0 or flexible <= 0:
        return tuple(w * width / total for w in natural), tuple(headers)
    if total <= width:
        return tuple(w * room / flexible if i in text_cols else w for i, w in enumerate(natural)), tuple(headers)
    shared = _text_widths(natural, text_cols, room)
    return tuple(shared.get(i, w) for i, w in enumerate(natural)), tuple(headers)


def _blocks(report: AnyReport) -> list[Block]:
    lang = report.options.lang
    blocks: list[Block] = []
    for section, title in report.section_titles():
        if section == "charts":
            if report.charts:
                blocks.append(Heading(title))
                indexed = list(enumerate(report.charts))
                blocks.extend(ChartRow(tuple(indexed[i:i + 2])) for i in range(0, len(indexed), 2))
            continue
        tables = report.tables.get(section) or []
        figures = report.figures.get(section) or []
        if not tables and not figures:
            continue
        blocks.append(Heading(title))
        # a plan's slot chart goes with its table (key "ab:<plan>"); other figures lead the section
        by_table = {f"{AB_SECTION}:{f.plan_id}": f for f in figures if isinstance(f, SlotsPicture)}
        blocks.extend(Figure(f) for f in figures if not isinstance(f, SlotsPicture))
        for table in tables:
            if len(tables) > 1:
                blocks.append(Heading(table.title, level=2))
            if table.key in by_table:
                blocks.append(Figure(by_table.pop(table.key)))
            if table.rows:
                blocks.append(TableSlice(table, 0, len(table.rows), *column_layout(table, lang)))
            if table.caption:
                blocks.append(Caption(table.caption))
    return blocks


def _height(block: Block) -> float:
    if isinstance(block, Heading):
        return HEADING_H if block.level == 1 else HEADING_H - 6
    if isinstance(block, Caption):
        return CAPTION_H * _caption_lines(block.text)
    if isinstance(block, ChartRow):
        return CHART_H + GAP
    if isinstance(block, Figure):
        return _figure_height(block) + GAP
    return block.header_h + (block.stop - block.start) * ROW_H + GAP


def _caption_lines(text: str) -> int:
    """The lines a caption takes: each of its lines wrapped at the content width (a verdict under a hypothesis, a
    long note, is never cut nor drawn over what follows)."""
    font = report_font(9)
    return sum(max(1, math.ceil(text_width(line, font) / (CONTENT_W - 4))) for line in text.split("\n"))


def _figure_height(block: Figure) -> float:
    picture = block.picture
    return slots_height(picture) if isinstance(picture, SlotsPicture) else heat_height(picture)


def layout_pages(report: AnyReport) -> list[list[Placed]]:
    """The content pages (after the title page): blocks placed top to bottom, tables split with their header
    repeated, a heading never left alone at the bottom of a page."""
    pages: list[list[Placed]] = [[]]
    y = TOP
    blocks = _blocks(report)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        need = _height(block)
        if isinstance(block, Heading) and i + 1 < len(blocks):  # keep with the first rows of what follows
            nxt = blocks[i + 1]
            need += nxt.header_h + 3 * ROW_H if isinstance(nxt, TableSlice) else _height(nxt)
        if y + need > BOTTOM and isinstance(block, TableSlice) and y + block.header_h + 3 * ROW_H <= BOTTOM:
            fit = int((BOTTOM - y - block.header_h - GAP) // ROW_H)
            head = TableSlice(block.table, block.start, block.start + fit, block.widths, block.headers)
            pages[-1].append(Placed(head, y))
            blocks[i] = TableSlice(block.table, block.start + fit, block.stop, block.widths, block.headers)
            pages.append([])
            y = TOP
            continue
        if y + need > BOTTOM and pages[-1]:
            pages.append([])
            y = TOP
        pages[-1].append(Placed(block, y))
        y += _height(block)
        i += 1
    return [page for page in pages if page] or [[]]


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
            p.drawText(box.adjusted(8, 24, -6, 0), Qt.AlignmentFlag.AlignLeft, _cell(cell, "mixed", self.lang))

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
            p.drawText(QRectF(MARGIN, y, CONTENT_W, _height(block)),
                       Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, block.text)
        elif isinstance(block, ChartRow):
            w = (CONTENT_W - 14) / 2
            for k, (index, chart) in enumerate(block.charts):
                rect = QRectF(MARGIN + k * (w + 14), y, w, CHART_H - 6)
                paint_chart(p, rect, chart, self.lang, PAPER_SERIES[index % len(PAPER_SERIES)])
        elif isinstance(block, Figure):
            rect = QRectF(MARGIN, y, CONTENT_W, _figure_height(block))
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
                text = _cell(row[i], col.unit, self.lang)
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

