"""What the demo window loads before its first frame (cold start), and over its whole start: the window shows
before the recording, the alerts, the room's clients and the demo room are built, so none of their modules (nor
sqlite-utils, httpx, the emulator's Starlette, the products' appeal fit) is imported by the first frame; over the
start, neither the keyring package nor httpx's command-line module (click's rich help, pygments) is imported;
review and report modules load when the operator opens them, not at start (nor the CSV export and its report model,
~20 ms of the demo room's opening: the A/B runner's and the delivery table's exports import them when they run).
httpx.main still works when called. The event loop's modules (asyncio, qasync) come after the first frame too, and a
screenshot of the first frame (--quit-after 0) runs no loop at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.cli_support import env, first_frame_under

#: runs dyconsole's __main__; prints the dyconsole and third-party modules imported when the window first shows, and
#: at exit the names of the imported modules that a start should not need
WRAPPER = """
import atexit, runpy, sys
import dyconsole.ui.main_window as mw
first = []
show = mw.MainWindow.show
def shown(self):
    if not first:
        first.append(sorted(sys.modules))
    show(self)
mw.MainWindow.show = shown
def said():
    heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('keyring', 'rich', 'pygments')
                   or m.startswith(('dyconsole.ui.review', 'dyconsole.ui.reports', 'dyconsole.services.reports',
                                    'dyconsole.storage.recorded_session', 'dyconsole.core.report_model',
                                    'dyconsole.storage.export_csv')))
    real_cli = getattr(sys.modules.get('httpx._main'), 'click', None) is not None
    sys.stderr.write('first frame imported: %r\\n' % (first[0] if first else None,))
    sys.stderr.write('start imported: %r %r\\n' % (heavy, real_cli))
    sys.stderr.write('loop imported: %r\\n' % ('asyncio' in sys.modules,))
atexit.register(said)
sys.argv = ['dyconsole'] + sys.argv[1:]
runpy.run_module('dyconsole', run_name='__main__', alter_sys=True)
"""
MARK = "start imported: "
FIRST = "first frame imported: "
LOOP = "loop imported: "
#: built after the first frame, so not imported before it (a prefix matches the module and its submodules)
AFTER_FIRST_FRAME = ("asyncio", "qasync",
                     "sqlite_utils", "sqlite3", "httpx", "starlette", "click", "keyring", "dateutil",
                     "dyconsole.storage", "dyconsole.sources", "dyconsole.emulator", "dyconsole.commands.demo_wiring",
                     "dyconsole.services.alerts", "dyconsole.services.products", "dyconsole.services.experiments",
                     "dyconsole.services.live.watch", "dyconsole.services.live.connection", "dyconsole.ui.alerts",
                     "dyconsole.ui.products", "dyconsole.ui.experiments", "dyconsole.ui.dwell", "dyconsole.ui.delivery",
                     "dyconsole.core.products.appeal", "dyconsole.core.products.ordering",
                     "dyconsole.core.products.surge", "dyconsole.core.roi")


def _run(tmp_path: Path, quit_after: str) -> tuple[list[str], list[str], str, str]:
    """(modules at the first frame, heavy modules at exit, whether httpx's real CLI was loaded, whether asyncio
    was)."""
    lines = first_frame_under(WRAPPER, tmp_path, quit_after)
    said = [line for line in lines if line.startswith(MARK)]
    first = [line for line in lines if line.startswith(FIRST)]
    assert len(said) == 1 and len(first) == 1, lines
    heavy, real_cli = said[0][len(MARK):].rsplit(" ", 1)
    loop = [line[len(LOOP):] for line in lines if line.startswith(LOOP)]
    assert len(loop) == 1, lines
    return eval(first[0][len(FIRST):]), eval(heavy), real_cli, loop[0]  # noqa: S307 - reprs written above


def _loaded(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules under `prefixes` (dyconsole's stand-in for httpx._main, a plain module, is not httpx)."""
    return [m for m in modules if m != "httpx._main" and any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_the_first_frame_comes_before_storage_clients_alerts_and_the_demo_room(tmp_path: Path) -> None:
    first, heavy, real_cli, loop = _run(tmp_path, "0")  # the screenshot is the first frame
    assert "dyconsole.ui.main_window" in first and "pyqtgraph" in first  # the window itself was built
    assert _loaded(first, AFTER_FIRST_FRAME) == []
    assert heavy == [] and real_cli == "False"
    assert loop == "False"  # the first frame only: no event loop


def test_the_demo_window_starts_without_keyring_httpx_cli_review_or_reports(tmp_path: Path) -> None:
    first, heavy, real_cli, loop = _run(tmp_path, "1.5")  # the room connected and polled, the features built
    assert _loaded(first, AFTER_FIRST_FRAME) == []
    assert heavy == [] and real_cli == "False"
    assert loop == "True"  # the loop ran the rest


def test_httpx_main_still_runs_its_command_line() -> None:
    done = subprocess.run([sys.executable, "-c", "import dyconsole, httpx; httpx.main(['--help'])"],
                          capture_output=True, text=True, timeout=60, env=env())
    assert done.returncode == 0, done.stderr
    assert "Usage: httpx" in done.stdout, done.stdout
