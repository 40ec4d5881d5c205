"""dyconsole: the operator console for Douyin e-commerce live rooms (抖音电商直播运营控制台).

Owns one start-time measure: httpx's package imports its command-line module (click, rich, pygments: ~70 ms) only to
offer `httpx.main`; the console never uses it, so a stand-in `httpx._main` is registered before httpx is first
imported, and it loads the real module the first time `main` is called.
"""

from __future__ import annotations

import sys
import types

__version__ = "0.1.0"


def _lean_httpx_main() -> None:
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stand_in = types.ModuleType("httpx._main", "stand-in: the real httpx._main is imported when main() is called")

    def main(*args: object, **kwargs: object) -> object:
        if sys.modules.get("httpx._main") is stand_in:
            del sys.modules["httpx._main"]
        import httpx._main  # the real one now: the stand-in is out of sys.modules

        return sys.modules["httpx._main"].main(*args, **kwargs)

    stand_in.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stand_in


_lean_httpx_main()
