"""A file's rows, read with a mapping, as the sessions they describe: each session with its room samples (one at
its end for a per-session row; one a minute, running totals, for per-minute rows), and one `RowProblem` per bad
cell (row number as the operator sees it in a spreadsheet, column, value, why). A file with any problem imports
nothing (the caller decides; `read_rows` reports them all at once).

Times are local to the mapping's time zone (UTC offset) and stored as epoch seconds. Numbers may carry thousands
separators or a currency sign; an empty cell is a missing figure (never zero); anything else non-numeric is a
problem. Money is converted to yuan (the glossary's unit).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Sequence

from dyconsole.core.imports.mapping import (
    DURATION,
    END,
    METRIC_ROLES,
    MINUTE,
    MONEY_METRICS,
    MONEY_UNITS,
    PER_MINUTE,
    ROOM,
    SESSION_KEY,
    START,
    TITLE,
    ImportMapping,
)
from dyconsole.core.glossary import import_label
from dyconsole.core.metrics import REAL_ONLINE

_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%Y-%m-%dT%H:%M:%S", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M")
_NUMBER_NOISE = re.compile(r"[,，¥￥\s]")
#: the first data row is row 2 of the file (row 1 is the header), as a spreadsheet numbers it
FIRST_ROW = 2


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # 0: the file as a whole
    column: str
    value: str
    why: str  # a reason word of the glossary (glossary.IMPORT_NAMES)

    def text(self, lang: str = "en") -> str:
        """The problem in words: row, column, value and why (the file as a whole: the column and why)."""
        why = import_label(self.why, lang)
        sep = ": " if lang.startswith("en") else "："
        if self.row == 0:
            return f"{import_label('column', lang)} “{self.column}”{sep}{why}" if self.column else why
        return (f"{import_label('row', lang).format(row=self.row)}, {import_label('column', lang)} “{self.column}”, "
                f"{import_label('value', lang)} “{self.value}”{sep}{why}")


@dataclass(slots=True)
class ImportedSession:
    """One session of the file: its key, where and when, and its room samples (ts, {metric: value})."""

    id: str
    channel: str
    room_id: str
    title: str
    started_at: float
    ended_at: float
    key: str = ""  # the cell that names the session in the file (its start, or its session key)
    rows: list[int] = field(default_factory=list)
    samples: list[tuple[float, dict[str, float | None]]] = field(default_factory=list)

    def totals(self) -> dict[str, float | None]:
        """The last value of each metric (the session's figure)."""
        out: dict[str, float | None] = {}
        for _, values in self.samples:
            out.update({k: v for k, v in values.items() if v is not None})
        return out


@dataclass(frozen=True, slots=True)
class ReadResult:
    sessions: list[ImportedSession]
    problems: list[RowProblem]


def parse_time(text: str, utc_offset_h: float) -> float | None:
    """Epoch seconds of a local time in one of the exports' formats; None when it is none of them."""
    tz = timezone(timedelta(hours=utc_offset_h))
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=tz).timestamp()
        except ValueError:
            continue
    return None


def parse_number(text: str) -> float | None:
    """A number cell: None when empty; raises ValueError when it is text."""
    cleaned = _NUMBER_NOISE.sub("", text)
    if cleaned in ("", "-", "--"):
        return None
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def missing_columns(header: Sequence[str], mapping: ImportMapping) -> list[str]:
    """The headers the mapping reads that the file does not have."""
    have = {h.strip() for h in header}
    return [h for h in mapping.needed_headers() if h not in have]


def session_id(channel: str, room: str, started_at: float) -> str:
    """A stable id: importing the same session twice gives the same id (told as a duplicate)."""
    digest = hashlib.sha1(f"{channel}|{room}|{started_at:.0f}".encode()).hexdigest()[:12]
    return f"imp-{channel}-{digest}"


class _Row:
    def __init__(self, number: int, cells: dict[str, str], mapping: ImportMapping,
                 problems: list[RowProblem]) -> None:
        self.number, self.cells, self.mapping, self.problems = number, cells, mapping, problems

    def text(self, role: str) -> str:
        header = self.mapping.columns.get(role, "")
        return self.cells.get(header, "").strip() if header else ""

    def time(self, role: str) -> float | None:
        value = self.text(role)
        ts = parse_time(value, self.mapping.utc_offset_h) if value else None
        if ts is None and (value or role in (START, MINUTE)):
            self.problems.append(RowProblem(self.number, self.mapping.columns[role], value,
                                            "bad_time"))
        return ts

    def number_of(self, role: str) -> float | None:
        header = self.mapping.columns.get(role, "")
        if not header:
            return None
        value = self.cells.get(header, "")
        try:
            number = parse_number(value)
        except ValueError:
            self.problems.append(RowProblem(self.number, header, value, "bad_number"))
            return None
        if number is not None and number < 0:
            self.problems.append(RowProblem(self.number, header, value, "negative"))
            return None
        if number is not None and role in MONEY_METRICS:
            number = round(number * MONEY_UNITS[self.mapping.money_unit], 2)  # to the fen
        return number

    def metrics(self) -> dict[str, float | None]:
        return {m: self.number_of(m) for m in METRIC_ROLES if self.mapping.columns.get(m)}

    def room(self) -> str:
        return self.text(ROOM) or self.mapping.room


def _session_rows(rows: list[_Row], mapping: ImportMapping, problems: list[RowProblem]) -> list[ImportedSession]:
    out = []
    for row in rows:
        start, end = row.time(START), row.time(END) if mapping.columns.get(END) else None
        length = row.number_of(DURATION)
        metrics = row.metrics()
        if start is None:
            continue
        if end is None and length is not None:
            end = start + length * 60.0
        if end is None or end < start:
            problems.append(RowProblem(row.number, mapping.columns.get(END) or mapping.columns.get(DURATION, ""),
                                       row.text(END) or row.text(DURATION), "bad_end"))
            continue
        room = row.room()
        out.append(ImportedSession(session_id(mapping.channel, room, start), mapping.channel, room,
                                   row.text(TITLE), start, end, row.text(START), [row.number], [(end, metrics)]))
    return out


def _minute_rows(rows: list[_Row], mapping: ImportMapping) -> list[ImportedSession]:
    groups: dict[str, list[tuple[float, _Row, dict[str, float | None]]]] = {}
    for row in rows:
        key, ts, metrics = row.text(SESSION_KEY), row.time(MINUTE), row.metrics()
        if ts is not None and key:
            groups.setdefault(key, []).append((ts, row, metrics))
    out = []
    for minutes in groups.values():
        minutes.sort(key=lambda m: m[0])
        first = minutes[0][1]
        running: dict[str, float | None] = {}
        session = ImportedSession("", mapping.channel, first.room(), first.text(TITLE), minutes[0][0],
                                  minutes[-1][0] + 60.0, first.text(SESSION_KEY))
        session.id = session_id(mapping.channel, session.room_id, session.started_at)
        for ts, row, metrics in minutes:
            for name, value in metrics.items():
                if name == REAL_ONLINE or value is None:  # a level, not an increment
                    running[name] = value if name == REAL_ONLINE else running.get(name)
                else:
                    running[name] = round((running.get(name) or 0.0) + value, 2)
            session.rows.append(row.number)
            session.samples.append((ts + 60.0, dict(running)))
        out.append(session)
    return out


def read_rows(header: Sequence[str], rows: Sequence[Sequence[str]], mapping: ImportMapping,
              known_ids: frozenset[str] = frozenset()) -> ReadResult:
    """The sessions of a file's rows, and every problem: missing columns, bad cells, a session twice in the file or
    already in the database (`known_ids`)."""
    problems: list[RowProblem] = []
    absent = missing_columns(header, mapping)
    if absent:
        return ReadResult([], [RowProblem(0, h, "", "no_column") for h in absent])
    names = [h.strip() for h in header]
    parsed = [_Row(FIRST_ROW + i, dict(zip(names, (str(c) for c in cells))), mapping, problems)
              for i, cells in enumerate(rows) if any(str(c).strip() for c in cells)]
    if mapping.row_kind == PER_MINUTE:
        sessions = _minute_rows(parsed, mapping)
    else:
        sessions = _session_rows(parsed, mapping, problems)
    seen: set[str] = set()
    for s in sessions:
        where = mapping.columns.get(SESSION_KEY) if mapping.row_kind == PER_MINUTE else mapping.columns.get(START)
        if s.id in seen:
            problems.append(RowProblem(s.rows[0], where or "", s.key, "dup_file"))
        elif s.id in known_ids:
            problems.append(RowProblem(s.rows[0], where or "", s.key, "dup_db"))
        seen.add(s.id)
    if not parsed and not problems:
        problems.append(RowProblem(0, "", "", "no_rows"))
    problems.sort(key=lambda p: p.row)
    return ReadResult(sessions, problems)
