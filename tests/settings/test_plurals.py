"""Real plurals in both languages: no UI string says "time(s)" or "page(s)"; a count reads "1 page" / "3 pages" in
English (the source language has no catalogue for Qt's %n forms) and one form in Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from dyconsole.ui.common.i18n import count_text, install_translator

PKG = Path(__file__).resolve().parents[2] / "dyconsole"
PLURAL_HEDGE = re.compile(r"[A-Za-z]\(s\)")


def test_no_ui_string_hedges_its_plural() -> None:
    hedged = []
    for path in sorted([*(PKG / "ui").rglob("*.py"), *(PKG / "services").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and PLURAL_HEDGE.search(node.value):
                hedged.append(f"{path.relative_to(PKG)}:{node.lineno}: {node.value}")
    assert not hedged, hedged


def test_a_count_reads_with_its_plural_in_both_languages(qapp) -> None:  # type: ignore[no-untyped-def]
    def pages(n: int) -> str:
        tr = QCoreApplication.translate
        return count_text(n, tr("ReportBuilderDialog", "Preview: %n page"),
                          tr("ReportBuilderDialog", "Preview: %n pages"))

    try:
        install_translator(qapp, "en")
        assert (pages(1), pages(3)) == ("Preview: 1 page", "Preview: 3 pages")
        install_translator(qapp, "zh_CN")
        assert (pages(1), pages(3)) == ("预览:共 1 页", "预览:共 3 页")
    finally:
        install_translator(qapp, "en")
