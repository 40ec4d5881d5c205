"""PySide6's check of every module imported after it (does it use PySide6?) asked of the file read raw: the same
answers as PySide6's own for every module loaded, and in place once the console's app module is imported."""

from __future__ import annotations

import sys
import types

import PySide6.QtCore  # noqa: F401  (brings in PySide6's import hook)

from dyconsole.ui.common import pyside_feature_check as check


def _upstream(feature: types.ModuleType):  # type: ignore[no-untyped-def]
    current = getattr(feature, check.CHECK)
    return getattr(current, "upstream", current)


def test_the_raw_check_answers_as_pysides_own_for_every_loaded_module() -> None:
    import dyconsole.app  # noqa: F401  (modules that use PySide6, and many that do not)

    feature = sys.modules[check.FEATURE_MODULE]
    upstream = _upstream(feature)
    quick = check.raw_check(upstream)
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    answers = {m.__name__: (quick(m), upstream(m)) for m in modules}
    differ = {name: pair for name, pair in answers.items() if pair[0] != pair[1]}
    assert differ == {}
    uses = {name for name, (q, _u) in answers.items() if q}
    assert "dyconsole.ui.main_window" in uses and "dyconsole.app" in uses  # it does find PySide6's users
    assert "numpy" not in uses and "sys" not in uses and len(answers) > 300


def test_the_console_puts_it_in_place_once() -> None:
    import dyconsole.app  # noqa: F401

    feature = sys.modules[check.FEATURE_MODULE]
    in_place = getattr(feature, check.CHECK)
    assert callable(getattr(in_place, "upstream", None))  # the raw check, over PySide6's own
    assert check.quicken() is True and getattr(feature, check.CHECK) is in_place  # not wrapped twice


def test_a_pyside6_without_the_check_is_left_alone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, check.FEATURE_MODULE, types.ModuleType(check.FEATURE_MODULE))
    assert check.quicken() is False
    monkeypatch.delitem(sys.modules, check.FEATURE_MODULE)
    assert check.quicken() is False


def test_a_module_without_its_file_is_asked_the_upstream_way(tmp_path) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    quick = check.raw_check(lambda m: asked.append(m.__name__) or False)
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # a frozen app's module: its .py is not on disk
    compiled = types.ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "compiled.so")
    here = types.ModuleType("here")
    (tmp_path / "here.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    here.__file__ = str(tmp_path / "here.py")
    assert [quick(m) for m in (gone, compiled, here, sys)] == [False, False, True, False]
    assert asked == ["gone", "compiled", "sys"]
