"""`dyconsole import FILE --mapping NAME [--db PATH] [--lang zh|en]` (parsed in cli.py): import another channel's export headless, as
the import dialog does (services.imports): every problem is printed (row, column, value, why) and nothing is
written unless the whole file is good.

Exit codes (commands.exit_codes): 0 imported; 2 an unknown mapping; 3 a bad file (unreadable, wrong encoding,
missing columns, bad cells, sessions already imported) or a database that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dyconsole.commands.exit_codes import DATA, OK, USAGE
from dyconsole.core.glossary import channel_label
from dyconsole.core.outside_text import terminal_safe
from dyconsole.paths import default_db_path
from dyconsole.services.imports.service import ImportFileError, ImportService, MappingError, StorageError


def _say(text: str) -> None:
    print(f"dyconsole import: {terminal_safe(text)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    service = ImportService(Path(args.db) if args.db else default_db_path())
    try:
        mappings = service.mappings()
    except MappingError as exc:
        _say(str(exc))
        return DATA
    mapping = mappings.get(args.mapping)
    if mapping is None:
        _say(f"no mapping {args.mapping!r}; known: {', '.join(sorted(mappings))}")
        return USAGE
    try:
        preview = service.import_file(args.file, mapping)
    except MappingError as exc:
        _say(f"the mapping {args.mapping!r} cannot read a file: {exc}")
        return USAGE
    except (ImportFileError, StorageError) as exc:
        _say(f"{args.file}: {exc}; nothing imported")
        return DATA
    if not preview.ok:
        for problem in preview.problems:
            _say(problem.text(args.lang))
        n = len(preview.problems)
        _say(f"{args.file}: {n} problem{'' if n == 1 else 's'}; nothing imported")
        return DATA
    n = len(preview.sessions)
    print(f"imported {n} session{'' if n == 1 else 's'} of {channel_label(mapping.channel, args.lang)} "
          f"from {terminal_safe(str(args.file))} ({preview.table.encoding})")
    return OK
