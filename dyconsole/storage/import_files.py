"""Reading another channel's export file as a header and rows of text: CSV (tried as UTF-8 with a BOM, UTF-8 and
GB18030, in that order: the exports of Chinese back offices are one or the other) or XLSX (the first sheet).
A file none of them reads raises `ImportFileError` saying which encodings failed and where."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")
#: a file larger than this is not an export of live sessions
MAX_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read as a table (the message says why, for the operator)."""


@dataclass(frozen=True, slots=True)
class FileTable:
    header: list[str]
    rows: list[list[str]]
    encoding: str  # the CSV encoding that read it, or "xlsx"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d 00:00:00")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows: list[list[str]], encoding: str) -> FileTable:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ImportFileError("the file is empty")
    return FileTable([h.strip() for h in rows[0]], rows[1:], encoding)


def _read_csv(data: bytes) -> FileTable:
    failed = []
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            failed.append(f"{encoding} (byte {exc.start})")
            continue
        if encoding == "utf-8" and text.startswith("\ufeff"):
            text = text[1:]
        return _table([list(r) for r in csv.reader(io.StringIO(text))], encoding)
    raise ImportFileError("the file is not text in any encoding tried: " + ", ".join(failed)
                          + " failed; save it as CSV UTF-8 or XLSX")


def _read_xlsx(path: Path) -> FileTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(f"the file is not a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        return _table([[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)], "xlsx")
    finally:
        book.close()


def read_table(path: Path | str) -> FileTable:
    """The file's header and rows of text; raises ImportFileError."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(f"the file is {size / 1e6:.0f} MB, larger than an export of sessions can be")
        if file.suffix.lower() == ".xlsx":
            return _read_xlsx(file)
        if file.suffix.lower() not in (".csv", ".txt"):
            raise ImportFileError(f"{file.suffix or 'no extension'}: give a .csv or .xlsx file")
        return _read_csv(file.read_bytes())
    except OSError as exc:
        raise ImportFileError(f"the file cannot be read: {exc.strerror or exc}") from None
