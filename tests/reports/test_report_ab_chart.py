"""The report's A/B section draws each plan's metric per slot coloured by variant (issue 11, point 3): the picture
the PDF and the PNG export draw carries the slots' values after washout (the same as the section's table), a late
switch marked, a slot without a value left empty, the washout noted and the verdict's interval; the PDF places it
above its plan's table and the PNG export writes it as a file of its own, both variants in their colours."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from tests.support.ab_support import SPEC, record_session
from tests.support.storage_helpers import ROOM, START

from dyconsole.core.experiments.report_section import AB_SECTION, SlotsPicture
from dyconsole.core.experiments.schedule import balanced_schedule
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.storage import ab_store
from dyconsole.storage.db import open_db
from dyconsole.ui.reports.pdf_layout import Figure, Heading, TableSlice, layout_pages
from dyconsole.ui.reports.png_export import png_export_steps
from dyconsole.ui.reports.render import PAPER_SERIES
from dyconsole.ui.reports.slot_paint import slots_image

LATE, SKIPPED = 2, 5  # the slot confirmed two minutes late; the slot skipped (no value)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A session of 6 slots, B at 3 paid orders a minute and A at 2; slot LATE switched late, SKIPPED skipped."""
    spec = replace(SPEC, n_slots=6)
    path = tmp_path / "s.sqlite3"
    db = open_db(path)
    pid = ab_store.save_plan(db, spec, ROOM, at=START)
    schedule = balanced_schedule(spec.n_slots, spec.seed, spec.variant_keys)
    record_session(db, "s1", {i: 3.0 if v == "B" else 2.0 for i, v in enumerate(schedule)}, spec.n_slots)
    ab_store.set_status(db, pid, "running", at=START)
    for i, v in enumerate(schedule[:SKIPPED]):
        planned = START + 600 * i
        ab_store.record_switch(db, pid, i, v, planned + (120 if i == LATE else 0), "s1", planned)
        ab_store.end_slot(db, pid, i, planned + 600)
    ab_store.end_slot(db, pid, SKIPPED, START + 600 * (SKIPPED + 1), status="skipped")
    ab_store.set_status(db, pid, "done", at=START + 3600)
    db.close()
    return path


def _picture(db_path: Path, lang: str = "en") -> tuple[SlotsPicture, object]:
    report = build_report(load_report_inputs(db_path, "s1"), ReportOptions(lang=lang))
    (picture,) = report.figures[AB_SECTION]
    return picture, report


def test_the_picture_has_each_slot_value_after_washout_by_variant(db_path: Path) -> None:
    picture, report = _picture(db_path)
    (table,) = report.tables[AB_SECTION]  # type: ignore[attr-defined]
    ran = [row for row in table.rows if row[3] is not None]  # switched: the slots the chart shows
    assert [b.number for b in picture.bars] == [int(row[0]) for row in ran] == [1, 2, 3, 4, 5]
    assert [b.variant for b in picture.bars] == [row[1].split()[0] for row in ran]
    for bar in picture.bars:  # the value after the 2-minute washout: 3 orders a minute for B, 2 for A
        assert bar.value == pytest.approx(3.0 if bar.variant == "B" else 2.0, rel=0.02)
        assert bar.late == (bar.number - 1 == LATE)
    assert [text for _, text in picture.variants] == ["A 原价", "B 降价"]
    assert picture.washout_note == "The first 2 min of each slot (washout) not counted"
    (record,) = load_report_inputs(db_path, "s1").experiments
    v = record.verdict  # the interval drawn is the verdict's (none while it is unbounded: 2 pairs only)
    bounded = all(x is not None and math.isfinite(x) for x in (v.effect, v.lo, v.hi))
    assert picture.effect == ((v.effect, v.lo, v.hi) if bounded else None)
    assert picture.confidence == pytest.approx(1 - v.alpha)
    zh, _ = _picture(db_path, "zh")
    assert zh.title == "各时段每分钟成交订单（按方案着色）" and "前 2 分钟为过渡期" in zh.washout_note


def test_the_pdf_puts_it_above_its_plan_table(db_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    picture, report = _picture(db_path)
    blocks = [placed.block for page in layout_pages(report) for placed in page]  # type: ignore[arg-type]
    heading = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "A/B tests")
    assert isinstance(blocks[heading + 1], Figure) and blocks[heading + 1].picture is picture
    assert isinstance(blocks[heading + 2], TableSlice) and blocks[heading + 2].table.key == f"{AB_SECTION}:{picture.plan_id}"


def _has_colour(image: QImage, colour: str) -> bool:
    want = QColor(colour).rgb()
    return any(image.pixel(x, y) == want for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))


def test_the_png_export_writes_it_with_both_variants_colours(db_path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    picture, report = _picture(db_path)
    out = tmp_path / "png"
    out.mkdir()
    list(png_export_steps(report, out))
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == len(report.charts) + 1  # type: ignore[attr-defined]
    assert names[-1] == f"s1-{len(names):02d}-ab-{picture.plan_id}.png"
    image = QImage(str(out / names[-1]))
    assert image.width() == 1600 and _has_colour(image, PAPER_SERIES[0]) and _has_colour(image, PAPER_SERIES[1])
    only_a = replace(picture, bars=tuple(b for b in picture.bars if b.variant == "A"), effect=None)
    image = slots_image(only_a)  # the legend's swatch aside, no orange: a bar takes its own variant's colour
    orange = QColor(PAPER_SERIES[1]).rgb()
    assert sum(image.pixel(x, y) == orange for x in range(image.width()) for y in range(image.height())) < 500
    with_b = slots_image(replace(only_a, bars=picture.bars))
    assert sum(with_b.pixel(x, y) == orange for x in range(with_b.width()) for y in range(with_b.height())) > 5000


def test_the_excel_export_has_the_plans_slots(db_path: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from dyconsole.storage.export_xlsx import xlsx_export_steps

    picture, report = _picture(db_path)
    list(xlsx_export_steps(report, tmp_path / "r.xlsx"))  # type: ignore[arg-type]
    rows = [[c.value for c in row] for row in load_workbook(tmp_path / "r.xlsx")["A B tests"].iter_rows()]
    variants = [row[1].split()[0] for row in rows[1:] if row and row[1]]
    schedule = balanced_schedule(6, SPEC.seed, SPEC.variant_keys)
    assert variants == schedule and variants[:SKIPPED] == [b.variant for b in picture.bars]  # the skipped one too
