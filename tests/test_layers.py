"""The layers of DESIGN.md: imports point down only, checked transitively (a chain of imports breaks a rule as a
direct import would).

The rules are import-linter contracts in pyproject.toml ([tool.importlinter]); this module runs them with the
venv's `lint-imports` and fails with its report. In short: app/cli/__main__/commands > ui > services >
sources | storage (independent) > paths > core; ui imports core too (pure value types, the glossary, number
formats: allowed on purpose) but reaches sources and storage only through services; the emulator imports core
only and only the composition root imports it; core has no Qt, no I/O, no event loop; no import cycles anywhere.

What import-linter cannot express is checked here over the AST of each file:
- absolute imports only (dyconsole.x), never relative ones;
- services never import PySide6.QtWidgets or PySide6.QtGui (import-linter forbids only whole external packages,
  and services must import PySide6.QtCore). Direct imports suffice: everything services reach (sources, storage,
  paths, core) is itself Qt-free by the contracts;
- no dynamic import of a dyconsole module (importlib.import_module, __import__): the contracts cannot see it.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "dyconsole"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: submodules of an external package that a layer must not import (import-linter forbids whole packages only)
FORBIDDEN_SUBMODULES: dict[str, set[str]] = {
    "services": {"PySide6.QtWidgets", "PySide6.QtGui"},
}

_VERDICT = re.compile(r"^(?P<name>.+) (?P<verdict>KEPT|BROKEN)$")


def _contract_names(root: Path) -> list[str]:
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


def _lint(root: Path) -> tuple[dict[str, str], str]:
    """Run the contracts of `root`/pyproject.toml on `root`/dyconsole: {contract name: KEPT|BROKEN} and the report."""
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: install the test extra (pip install -e '.[test]')"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
           "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")], cwd=root,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    report = done.stdout + done.stderr
    verdicts = {m["name"]: m["verdict"] for line in report.splitlines() if (m := _VERDICT.match(line.strip()))}
    assert done.returncode == (1 if "BROKEN" in verdicts.values() else 0), report
    return verdicts, report


def test_the_import_contracts_hold() -> None:
    verdicts, report = _lint(ROOT)
    names = _contract_names(ROOT)
    assert len(names) >= 10 and sorted(verdicts) == sorted(names), report
    assert set(verdicts.values()) == {"KEPT"}, "import contracts broken:\n" + report


def _plant(root: Path, relative: str, line: str) -> None:
    path = root / "dyconsole" / relative
    existing = path.read_text(encoding="utf-8") if path.exists() else '"""Planted by a test."""\n'
    path.write_text(existing + line + "\n", encoding="utf-8")


def test_the_contracts_catch_planted_violations(tmp_path: Path) -> None:
    """A copy of the package with one violation of each kind planted: each breaks the contract it should."""
    shutil.copytree(PKG, tmp_path / "dyconsole", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # transitive only: storage imports paths, which now imports Qt (no contract binds paths itself)
    _plant(tmp_path, "paths.py", "import PySide6.QtCore")
    _plant(tmp_path, "core/planted.py", "import dyconsole.services")
    _plant(tmp_path, "core/planted_io.py", "import asyncio")
    _plant(tmp_path, "ui/planted.py", "import dyconsole.storage.db")
    _plant(tmp_path, "ui/planted_emulator.py", "import dyconsole.emulator.state")
    _plant(tmp_path, "emulator/state.py", "import dyconsole.emulator.app")  # app imports state: a cycle
    verdicts, report = _lint(tmp_path)
    broken = {name for name, verdict in verdicts.items() if verdict == "BROKEN"}
    names = _contract_names(ROOT)
    expected = {n for n in names if n.startswith(("Imports point down", "ui reaches sources", "Nothing imports the",
                                                  "core: pure", "storage:", "No import cycles"))}
    assert len(expected) == 6 and broken == expected, report
    assert "dyconsole.storage.db -> dyconsole.paths" in report.replace("\n", " "), report


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, by absolute name (with `from m import a`: m and m.a). A relative import, or a
    dynamic import of a dyconsole module, is an AssertionError."""
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
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            raise AssertionError(f"{path}:{node.lineno}: import dyconsole modules with an import statement "
                                 "(a dynamic import hides the edge from the layer contracts)")
    return names


def _is_dynamic_import(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or (
        isinstance(func, ast.Attribute) and func.attr == "import_module")


def test_imports_are_absolute_and_static() -> None:
    files = sorted(PKG.rglob("*.py"))
    assert len(files) > 100
    for path in files:
        _imports(path)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN_SUBMODULES))
def test_layer_does_not_import_forbidden_submodules(layer: str) -> None:
    problems = [f"{path.relative_to(PKG)} imports {name}"
                for path in sorted((PKG / layer).rglob("*.py")) for name in _imports(path)
                for banned in FORBIDDEN_SUBMODULES[layer] if name == banned or name.startswith(banned + ".")]
    assert not problems, "layering violations:\n" + "\n".join(sorted(set(problems)))


def test_the_ast_checks_catch_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import PySide6.QtCore\nfrom PySide6 import QtWidgets\nfrom dyconsole.ui import window\n",
                   encoding="utf-8")
    names = _imports(bad)
    assert "PySide6.QtCore" in names and "PySide6.QtWidgets" in names and "dyconsole.ui" in names
    relative = tmp_path / "relative.py"
    relative.write_text("from . import sibling\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="absolute imports"):
        _imports(relative)
    dynamic = tmp_path / "dynamic.py"
    dynamic.write_text("import importlib\nderived = importlib.import_module('dyconsole.core.derived')\n",
                       encoding="utf-8")
    with pytest.raises(AssertionError, match="dynamic import"):
        _imports(dynamic)
