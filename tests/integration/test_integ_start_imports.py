"""What the demo window loads before its first frame (cold start): it shows its first frame (a screenshot), and
neither the keyring package nor httpx's command-line module (click's rich help, pygments) is imported on the way;
review and report modules load when the operator opens them, not at start. httpx.main still works when called."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.cli_support import env

#: runs dyconsole's __main__ and, at exit, prints the names of the imported modules that a start should not need
WRAPPER = """
import atexit, runpy, sys
def said():
    heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('keyring', 'rich', 'pygments')
                   or m.startswith(('dyconsole.ui.review', 'dyconsole.ui.reports', 'dyconsole.services.reports',
                                    'dyconsole.storage.recorded_session')))
    real_cli = getattr(sys.modules.get('httpx._main'), 'click', None) is not None
    sys.stderr.write('start imported: %r %r\\n' % (heavy, real_cli))
atexit.register(said)
sys.argv = ['dyconsole'] + sys.argv[1:]
runpy.run_module('dyconsole', run_name='__main__', alter_sys=True)
"""
MARK = "start imported: "


def test_the_demo_window_starts_without_keyring_httpx_cli_review_or_reports(tmp_path: Path) -> None:
    shot = tmp_path / "first.png"
    done = subprocess.run([sys.executable, "-c", WRAPPER, "--source", "demo", "--db", str(tmp_path / "c.db"),
                           "--screenshot", str(shot), "--quit-after", "0"],
                          capture_output=True, text=True, timeout=180, env={**env(), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000  # the first frame was drawn
    said = [line for line in done.stderr.splitlines() if line.startswith(MARK)]
    assert len(said) == 1, done.stderr
    heavy, real_cli = said[0][len(MARK):].rsplit(" ", 1)
    assert eval(heavy) == [] and real_cli == "False", said[0]  # noqa: S307 - a repr written above


def test_httpx_main_still_runs_its_command_line() -> None:
    done = subprocess.run([sys.executable, "-c", "import dyconsole, httpx; httpx.main(['--help'])"],
                          capture_output=True, text=True, timeout=60, env=env())
    assert done.returncode == 0, done.stderr
    assert "Usage: httpx" in done.stdout, done.stdout
