"""The report's products section on the recorded demo session: the top products' funnel table, the click heat map
as a picture (top products in list order x minutes, explained minutes, order changes) painted on the PDF page with
its Chinese words, and the product order changes recorded with the session listed with their measured effect on GMV
per minute (the uplift and its interval, as the review shows it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor
from tests.support.pdf_text import page_texts
from tests.support.report_session import RecordedSession

from dyconsole.core.products.heat import HeatPicture
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.core.report_text import tr
from dyconsole.core.session_records import SessionEvent
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.ui.reports.heat_paint import PAPER_HEAT
from dyconsole.ui.reports.pdf import PdfPainter, page_image, pdf_export_steps
from dyconsole.ui.reports.pdf_layout import Figure


def _with_change(recorded: RecordedSession):  # type: ignore[no-untyped-def]
    inputs = load_report_inputs(recorded.db_file, recorded.session_id)
    latest = sorted({p.product_id: p for p in inputs.products}.values(), key=lambda p: p.position or 0)
    order = [p.product_id for p in reversed(latest)]
    change = SessionEvent(recorded.start + 15 * 60, "order_change", {"order": order, "status": "applied"})
    return replace(inputs, events=[*inputs.events, change]), latest


def test_the_products_section_has_the_heat_map_and_the_order_changes(qapp, recorded: RecordedSession) -> None:  # type: ignore[no-untyped-def]
    inputs, latest = _with_change(recorded)
    report = build_report(inputs, ReportOptions(sections=("products",)))
    [picture] = report.figures["products"]
    assert isinstance(picture, HeatPicture)
    assert 0 < len(picture.titles) <= 20 and picture.clicks.shape == (len(picture.titles), picture.clicks.shape[1])
    assert picture.clicks.shape[1] >= 39 and np.nansum(picture.clicks) > 0  # a 40-minute session
    assert picture.explained.any()
    assert picture.changes == (recorded.start + 15 * 60,)
    top, changes = report.tables["products"]
    assert top.key == "products" and len(top.rows) == 10
    assert [c.key for c in changes.columns] == ["time", "order", "status", "effect"]
    ((ts, order, status, effect),) = changes.rows
    assert ts == recorded.start + 15 * 60 and order.startswith(latest[-1].title) and order.endswith("…")
    assert status == "已应用" and effect != tr("too_early") and effect.count("¥") == 3 and "…" in effect
    # no order change recorded: only the top products (the Excel sheet keeps its one table)
    plain = build_report(load_report_inputs(recorded.db_file, recorded.session_id), ReportOptions(sections=("products",)))
    assert [t.key for t in plain.tables["products"]] == ["products"] and plain.figures["products"]


def test_the_heat_map_is_painted_on_the_pdf_page_with_chinese_words(qapp, recorded: RecordedSession,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    inputs, _latest = _with_change(recorded)
    report = build_report(inputs, ReportOptions(sections=("kpis", "products")))
    painter = PdfPainter(report)
    page = next(i for i, blocks in enumerate(painter.content, 1) if any(isinstance(b.block, Figure) for b in blocks))
    image = page_image(painter, page, dpi=72)
    scale = {QColor(c).rgb() & 0xFFFFFF for c in PAPER_HEAT[2:]}
    colours = {image.pixel(x, y) & 0xFFFFFF for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    assert len(colours) > 40  # a picture, not a blank page
    assert any(_near(c, s) for c in colours for s in scale)  # hot cells in the paper scale
    out = tmp_path / "products.pdf"
    list(pdf_export_steps(report, out))
    text = "".join("".join(t.split()) for t in page_texts(out.read_bytes()))
    for words in ("click_heat", "explained", "order_changes", "products"):
        assert "".join(tr(words).split()) in text, words


def _near(a: int, b: int, tol: int = 40) -> bool:
    return all(abs(((a >> s) & 0xFF) - ((b >> s) & 0xFF)) <= tol for s in (0, 8, 16))
