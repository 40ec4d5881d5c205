"""The column mappings an operator saved, one per source, in one JSON file (the service's: `import_mappings.json`
of the data dir, beside the settings), on top of the shipped ones (core.imports.mapping.BUILTIN_MAPPINGS; a saved
mapping of the same name replaces the shipped one). Written whole, so a crash never leaves half a file."""

from __future__ import annotations

import json
from pathlib import Path

from dyconsole.core.imports.mapping import BUILTIN_MAPPINGS, ImportMapping, MappingError
from dyconsole.whole_files import write_whole


def _saved(path: Path) -> dict[str, ImportMapping]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MappingError("mappings_unreadable", name=path.name, detail=exc) from None
    if not isinstance(data, dict):
        raise MappingError("mappings_not_set", name=path.name)
    return {name: ImportMapping.from_dict(item) for name, item in data.items()}


def load_mappings(path: Path) -> dict[str, ImportMapping]:
    """Every mapping by name: the shipped ones and the saved ones. Raises MappingError on an unreadable file."""
    return {**BUILTIN_MAPPINGS, **_saved(path)}


def save_mapping(mapping: ImportMapping, path: Path) -> None:
    """Save (or replace) a mapping by its name; raises MappingError when it cannot read a file, OSError."""
    mapping.check()
    target = path
    saved = _saved(target)
    saved[mapping.name] = mapping
    text = json.dumps({k: m.as_dict() for k, m in saved.items()}, ensure_ascii=False, indent=1) + "\n"
    write_whole(target, text.encode("utf-8"))
