"""Reading another channel's export file as a header and rows of text: CSV (tried as UTF-8 with a BOM, UTF-8 and
GB18030, in that order: the exports of Chinese back offices are one or the other) or XLSX (the first sheet).
A file none of them reads raises `ImportFileError` saying which encodings failed and where (zh or en: its `text`)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dyconsole.core.glossary import import_label
from dyconsole.core.imports.messages import ImportMessage

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")
#: a file larger than this is not an export of live sessions
MAX_BYTES = 50 * 1024 * 1024


class ImportFileError(ImportMessage):
    """The file cannot be read as a table (`text(lang)` says why, for the operator, in zh or en)."""


class ExtensionError(ImportFileError):
    """A file that is neither CSV nor XLSX by its name."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        super().__init__("file_extension", ext=suffix)

    def text(self, lang: str = "en") -> str:
        return import_label(self.why, lang).format(ext=self.suffix or import_label("no_extension", lang))


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
        raise ImportFileError("file_empty")
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
    raise ImportFileError("file_encoding", tried=", ".join(failed))


def _read_xlsx(path: Path) -> FileTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError("file_not_xlsx", detail=exc) from None
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
            raise ImportFileError("file_too_big", mb=f"{size / 1e6:.0f}")
        if file.suffix.lower() == ".xlsx":
            return _read_xlsx(file)
        if file.suffix.lower() not in (".csv", ".txt"):
            raise ExtensionError(file.suffix)
        return _read_csv(file.read_bytes())
    except FileNotFoundError:
        raise ImportFileError("file_missing") from None
    except OSError as exc:
        raise ImportFileError("file_unreadable", detail=exc.strerror or exc) from None
