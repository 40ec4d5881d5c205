"""The PDF report's layout, before anything is painted: the blocks of a report (headings, captions, table slices,
chart rows, figures), their heights in points, the columns of a table (`column_layout`: long headers wrapped, text
columns sharing the room) and the pages they fall on (`layout_pages`: tables split with their header repeated, a
heading kept with what follows), so the page count is known before painting (ui.reports.pdf paints them).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Union

from PySide6.QtGui import QFont

from dyconsole.core.experiments.report_section import AB_SECTION, SlotsPicture
from dyconsole.core.history.report import RangeReport
from dyconsole.core.products.heat import HeatPicture
from dyconsole.core.report_model import Report
from dyconsole.core.report_text import format_value
from dyconsole.core.report_types import Chart, Table
from dyconsole.ui.reports.heat_paint import heat_height
from dyconsole.ui.reports.render import report_font, text_width
from dyconsole.ui.reports.slot_paint import slots_height

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


def cell_text(value: object, unit: str, lang: str) -> str:
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
    cells = [max([text_width(cell_text(row[i], col.unit, lang), font) for row in table.rows[:200]], default=0.0)
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


def report_blocks(report: AnyReport) -> list[Block]:
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


def block_height(block: Block) -> float:
    if isinstance(block, Heading):
        return HEADING_H if block.level == 1 else HEADING_H - 6
    if isinstance(block, Caption):
        return CAPTION_H * _caption_lines(block.text)
    if isinstance(block, ChartRow):
        return CHART_H + GAP
    if isinstance(block, Figure):
        return figure_height(block) + GAP
    return block.header_h + (block.stop - block.start) * ROW_H + GAP


def _caption_lines(text: str) -> int:
    """The lines a caption takes: each of its lines wrapped at the content width (a verdict under a hypothesis, a
    long note, is never cut nor drawn over what follows)."""
    font = report_font(9)
    return sum(max(1, math.ceil(text_width(line, font) / (CONTENT_W - 4))) for line in text.split("\n"))


def figure_height(block: Figure) -> float:
    picture = block.picture
    return slots_height(picture) if isinstance(picture, SlotsPicture) else heat_height(picture)


def layout_pages(report: AnyReport) -> list[list[Placed]]:
    """The content pages (after the title page): blocks placed top to bottom, tables split with their header
    repeated, a heading never left alone at the bottom of a page."""
    pages: list[list[Placed]] = [[]]
    y = TOP
    blocks = report_blocks(report)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        need = block_height(block)
        if isinstance(block, Heading) and i + 1 < len(blocks):  # keep with the first rows of what follows
            nxt = blocks[i + 1]
            need += nxt.header_h + 3 * ROW_H if isinstance(nxt, TableSlice) else block_height(nxt)
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
        y += block_height(block)
        i += 1
    return [page for page in pages if page] or [[]]
