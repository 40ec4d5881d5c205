"""The layers of DESIGN.md: imports point down only. A lower layer importing a higher one fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "dyconsole"

#: what each layer may import from inside dyconsole (besides itself)
ALLOWED_INTERNAL: dict[str, set[str]] = {
    "core": set(),
    "emulator": {"core"},
    "sources": {"core", "paths"},
    "storage": {"core", "paths"},
    "services": {"core", "sources", "storage", "paths"},
    "ui": {"core", "services", "paths"},
}

#: third-party or standard modules a layer must never import (I/O and Qt stay out of core)
FORBIDDEN_EXTERNAL: dict[str, set[str]] = {
    "core": {"PySide6", "pyqtgraph", "qasync", "httpx", "sqlite3", "sqlite_utils", "socket", "asyncio",
             "keyring", "platformdirs", "starlette", "uvicorn", "subprocess", "requests"},
    "emulator": {"PySide6", "pyqtgraph", "qasync", "sqlite3", "sqlite_utils", "keyring"},
    "sources": {"PySide6", "pyqtgraph", "qasync", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
    "storage": {"PySide6", "pyqtgraph", "qasync", "httpx", "starlette", "uvicorn"},
    "services": {"pyqtgraph", "PySide6.QtWidgets", "PySide6.QtGui", "starlette", "uvicorn"},
    "ui": {"httpx", "sqlite3", "sqlite_utils", "starlette", "uvicorn"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            raise AssertionError(f"{path}: use absolute imports (dyconsole.x), not relative ones")
    return names


def _layer_files(layer: str) -> list[Path]:
    return sorted((PKG / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED_INTERNAL))
def test_layer_imports_point_down(layer: str) -> None:
    problems: list[str] = []
    for path in _layer_files(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "dyconsole" and len(parts) > 1:
                target = parts[1]
                if target != layer and target not in ALLOWED_INTERNAL[layer] and target != "__version__":
                    problems.append(f"{path.relative_to(PKG)} imports dyconsole.{target}")
            for banned in FORBIDDEN_EXTERNAL[layer]:
                if name == banned or name.startswith(banned + "."):
                    problems.append(f"{path.relative_to(PKG)} imports {name}")
    assert not problems, "layering violations:\n" + "\n".join(sorted(set(problems)))


def test_nothing_but_the_composition_root_imports_the_emulator() -> None:
    roots = {"cli.py", "app.py", "__main__.py"}
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts[0] in ("emulator", "commands") or rel.name in roots and len(rel.parts) == 1:
            continue
        if any(n.startswith("dyconsole.emulator") for n in _imports(path)):
            offenders.append(str(rel))
    assert not offenders, f"only app/cli/commands may import the emulator: {offenders}"


def test_the_layer_check_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import PySide6.QtCore\nfrom dyconsole.ui import window\n", encoding="utf-8")
    names = _imports(bad)
    assert "PySide6.QtCore" in names and "dyconsole.ui" in names
