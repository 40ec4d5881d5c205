"""Importing one file of another channel's export, as the import dialog and `dyconsole import` ask for it: the saved
and shipped mappings, a preview (the file's table, the sessions it describes and every problem), and the import
itself, which writes nothing unless the whole file is good (storage.imports: one transaction). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dyconsole.core.imports.mapping import ImportMapping, MappingError
from dyconsole.core.imports.rows import ImportedSession, RowProblem, read_rows
from dyconsole.paths import data_dir
from dyconsole.storage.db import open_db
from dyconsole.storage.errors import StorageError
from dyconsole.storage.import_files import FileTable, ImportFileError, read_table
from dyconsole.storage.import_mappings import load_mappings, save_mapping
from dyconsole.storage.imports import known_session_ids, write_imported

__all__ = ["ImportFileError", "ImportPreview", "ImportService", "MappingError", "StorageError"]


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing the file with the mapping would do: its table, its sessions, and why it cannot (if so)."""

    table: FileTable
    sessions: list[ImportedSession]
    problems: list[RowProblem]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.sessions)


class ImportService:
    """Imports into one session database (created when missing); each call opens and closes its connection."""

    def __init__(self, db_path: Path | str, mappings_file: Path | None = None) -> None:
        self.path = Path(db_path)
        self.mappings_file = mappings_file or data_dir() / "import_mappings.json"  # beside the settings

    def mappings(self) -> dict[str, ImportMapping]:
        """Every mapping by name (shipped and saved); raises MappingError on an unreadable mappings file."""
        return load_mappings(self.mappings_file)

    def save_mapping(self, mapping: ImportMapping) -> None:
        """Save a mapping under its name (raises MappingError, OSError)."""
        save_mapping(mapping, self.mappings_file)

    def read(self, file: Path | str) -> FileTable:
        """The file as a table (raises ImportFileError)."""
        return read_table(file)

    def preview(self, file: Path | str | FileTable, mapping: ImportMapping) -> ImportPreview:
        """Read the file with the mapping and tell every problem, the duplicates of the database included.
        Raises ImportFileError, MappingError, StorageError."""
        table = file if isinstance(file, FileTable) else read_table(file)
        mapping.check()
        first = read_rows(table.header, table.rows, mapping)
        known = frozenset()
        if first.sessions and self.path.exists():
            db = open_db(self.path)
            try:
                known = known_session_ids(db, [s.id for s in first.sessions])
            finally:
                db.close()
        result = read_rows(table.header, table.rows, mapping, known) if known else first
        return ImportPreview(table, result.sessions, result.problems)

    def import_file(self, file: Path | str | FileTable, mapping: ImportMapping) -> ImportPreview:
        """Import the file if it has no problem (all or nothing); returns the preview (its `problems` say why
        nothing was written). Raises ImportFileError, MappingError, StorageError (nothing written)."""
        preview = self.preview(file, mapping)
        if preview.ok:
            db = open_db(self.path)
            try:
                write_imported(db, preview.sessions)
            finally:
                db.close()
        return preview
