"""Text that comes from outside (room and product titles from the platform, notes the operator types) made safe
where it enters and where it is shown: control characters stripped (they crash an XLSX export and, printed raw,
drive the terminal: escape-sequence injection), escaped for a terminal, and long text capped with a note saying
how much was cut (a 600k-character note kept a PDF export busy for a quarter of an hour).
"""

from __future__ import annotations

import re

#: the longest session notes kept (the operator is told when more was typed)
NOTES_MAX_CHARS = 10_000
#: the longest text one Excel cell holds
XLSX_CELL_MAX_CHARS = 32_767

#: C0 controls but tab, newline and carriage return; DEL; C1 controls
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def strip_controls(text: str, keep_lines: bool = True) -> str:
    """`text` without control characters (`keep_lines`: tab, newline and carriage return stay; else they become
    spaces, for one-line text such as a title)."""
    if keep_lines:
        return _CONTROLS.sub("", text)
    return _LINE_CONTROLS.sub(lambda m: " " if m.group() in "\t\n\r" else "", text)


def terminal_safe(text: str) -> str:
    """`text` for a terminal: every control character shown escaped (ESC as \\x1b, a newline as \\n), so text
    from outside cannot move the cursor, recolour or retitle the terminal."""
    return _LINE_CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def cap(text: str, limit: int) -> tuple[str, int]:
    """The first `limit` characters of `text` and how many were cut (0 when it fits)."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit
