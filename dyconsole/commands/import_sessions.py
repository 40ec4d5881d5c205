"""`dyconsole import FILE --mapping NAME [--db PATH] [--lang zh|en]` (parsed in cli.py): import another channel's export headless, as
the import dialog does (services.imports): every problem is printed (row, column, value, why) and nothing is
written unless the whole file is good. Every message is in the `--lang` language (the glossary's import words).

Exit codes (commands.exit_codes): 0 imported; 2 an unknown mapping; 3 a bad file (unreadable, wrong encoding,
missing columns, bad cells, sessions already imported) or a database that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dyconsole.commands.exit_codes import DATA, OK, USAGE
from dyconsole.core.glossary import channel_label, import_label
from dyconsole.core.imports.messages import ImportMessage
from dyconsole.core.outside_text import terminal_safe
from dyconsole.paths import default_db_path
from dyconsole.services.imports.service import ImportFileError, ImportService, MappingError, StorageError


def _say(text: str) -> None:
    print(f"dyconsole import: {terminal_safe(text)}", file=sys.stderr)


def _words(key: str, lang: str, **fields: object) -> str:
    return import_label(key, lang).format(**fields)


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    service = ImportService(Path(args.db) if args.db else default_db_path())
    try:
        mappings = service.mappings()
    except MappingError as exc:
        _say(exc.text(lang))
        return DATA
    mapping = mappings.get(args.mapping)
    if mapping is None:
        _say(_words("cli_no_mapping", lang, name=repr(args.mapping), known=", ".join(sorted(mappings))))
        return USAGE
    try:
        preview = service.import_file(args.file, mapping)
    except MappingError as exc:
        _say(_words("cli_bad_mapping", lang, name=repr(args.mapping), why=exc.text(lang)))
        return USAGE
    except (ImportFileError, StorageError) as exc:
        why = exc.text(lang) if isinstance(exc, ImportMessage) else str(exc)
        _say(_words("cli_nothing", lang, file=args.file, why=why))
        return DATA
    if not preview.ok:
        for problem in preview.problems:
            _say(problem.text(lang))
        n = len(preview.problems)
        _say(_words("cli_problem_one" if n == 1 else "cli_problems", lang, file=args.file, n=n))
        return DATA
    n = len(preview.sessions)
    print(_words("cli_imported_one" if n == 1 else "cli_imported", lang, n=n,
                 channel=channel_label(mapping.channel, lang), file=terminal_safe(str(args.file)),
                 encoding=preview.table.encoding))
    return OK
