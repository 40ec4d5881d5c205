"""How the listing verbs (`sessions`, `alerts`) print: a plain-text table whose columns line up with Chinese text
(wide characters count two), or JSON, or a line saying there is nothing to list."""

from __future__ import annotations

import json
import unicodedata
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")


def text_width(text: str) -> int:
    """Terminal columns of `text` (East Asian wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - text_width(text))


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns separated by two spaces, each as wide as its widest cell; trailing blanks dropped."""
    widths = [max(text_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in [header, *rows])


def print_listing(items: Sequence[T], as_json: bool, to_json: Callable[[T], dict[str, Any]],
                  render: Callable[[Sequence[T]], str], empty: str) -> int:
    """Print the items as JSON (a list, even when empty) or as a table, or `empty` when there are none; exit 0."""
    if as_json:
        print(json.dumps([to_json(item) for item in items], ensure_ascii=False, indent=2))
    elif items:
        print(render(items))
    else:
        print(empty)
    return 0
