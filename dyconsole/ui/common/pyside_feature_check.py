"""One start-time measure: PySide6's import hook (`shibokensupport.feature`, its `__feature__` switch, PYSIDE-2029)
asks of every module imported after PySide6 whether it uses PySide6, by `inspect.getsource(module)` (linecache,
tokenize, a copy of the source) and a search for "PySide6" in it: ~0.2 ms a module run from source, some 450 modules
at the console's start. `quicken()` has it ask the same question of the module's file read raw, its bytes searched
(~0.02 ms); a module with no .py file is asked the upstream way. The answers are the same (the tests compare them);
nothing else of PySide6 changes. Called once PySide6 is imported (`dyconsole.app`); a PySide6 without that check
is left alone."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Callable

#: the module of PySide6's import hook, and its check
FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"


def raw_check(upstream: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """The check on the module's .py file read raw; `upstream` for any other module (builtin, compiled, frozen)."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return upstream(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return upstream(module)

    uses_pyside.upstream = upstream  # type: ignore[attr-defined]  (it also marks the check as this one)
    return uses_pyside


def quicken() -> bool:
    """Put the raw check in place of PySide6's (idempotent). False when PySide6 has no such check here."""
    feature = sys.modules.get(FEATURE_MODULE)
    check = getattr(feature, CHECK, None)
    if not callable(check):
        return False
    if not hasattr(check, "upstream"):
        setattr(feature, CHECK, raw_check(check))
    return True
