"""An import failure in both languages (issue 13: a bad file "gets a clear message", in the UI's language): an
exception that keeps a reason word of the glossary (`glossary.IMPORT_NAMES`) and its fields, and says it in zh or en
(`text(lang)`; `str()` is the English). The file errors (storage.import_files.ImportFileError), the mapping errors
(core.imports.mapping.MappingError) and a duplicate found at write time (storage.imports.DuplicateSession) are
ones; the import dialog and `dyconsole import --lang` show `text(lang)`. No Qt, no I/O.
"""

from __future__ import annotations

from typing import Any

from dyconsole.core.glossary import import_label


class ImportMessage(Exception):
    """`why`: a key of glossary.IMPORT_NAMES (a template with {fields}); `fields` fill it."""

    def __init__(self, why: str, **fields: Any) -> None:
        self.why = why
        self.fields = fields
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """The message in `lang` ("zh" or "en")."""
        return import_label(self.why, lang).format(**self.fields)


def role_words(roles: list[str], lang: str) -> str:
    """Column roles, comma separated: in Chinese in words (开播时间); in English by their names in a saved
    mapping's `columns` (start, minute)."""
    if lang.startswith("en"):
        return ", ".join(roles)
    return "、".join(import_label(r, lang) for r in roles)


class RolesMessage(ImportMessage):
    """A message naming column roles (`roles`), each in the language of the message."""

    def __init__(self, why: str, roles: list[str], **fields: Any) -> None:
        self.roles = list(roles)
        super().__init__(why, **fields)

    def text(self, lang: str = "en") -> str:
        return import_label(self.why, lang).format(roles=role_words(self.roles, lang), **self.fields)
