"""packaging/smoke_bundle.sh (what CI runs on the frozen app) fails on each thing it promises to catch: a fatal
marker in the log of a step that still exits 0, a step's non-zero exit, a missing or wrongly sized screenshot, a
session not listed. A stand-in app (a shell script answering the same verbs) plays the frozen one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE = ROOT / "packaging" / "smoke_bundle.sh"

FAKE_APP = r"""#!/usr/bin/env bash
# a stand-in for dist/dyconsole/dyconsole: FAULT picks what goes wrong
case "$1" in
  --version) echo "dyconsole 0.1.0" ;;
  record) echo "dyconsole record: session 1 closed after 5 polls"
          [ "$FAULT" = marker ] && echo "qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\""
          [ "$FAULT" = record_exit ] && exit 3 ;;
  sessions) if [ "$FAULT" = unlisted ]; then echo "[]"; else echo '[{"id": "1", "samples": 5}]'; fi ;;
  *) shot=""; while [ $# -gt 0 ]; do [ "$1" = --screenshot ] && shot="$2"; shift; done
     [ "$FAULT" = no_shot ] && exit 0
     w='\x06\x40'; [ "$FAULT" = small_shot ] && w='\x04\x00'
     printf "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00${w}\x00\x00\x03\x84" > "$shot" ;;
esac
exit 0
"""


@pytest.fixture
def fake_app(tmp_path: Path) -> Path:
    app = tmp_path / "dyconsole"
    app.write_text(FAKE_APP)
    app.chmod(0o755)
    return app


def _smoke(app: Path, fault: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SMOKE), str(app)], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "FAULT": fault})


@pytest.mark.skipif(sys.platform == "win32", reason="the smoke test is a bash script (Linux CI)")
def test_a_healthy_app_passes(fake_app: Path) -> None:
    run = _smoke(fake_app, "")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "smoke: 4 passed, 0 failed" in run.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="the smoke test is a bash script (Linux CI)")
@pytest.mark.parametrize("fault, says", [
    ("marker", "a fatal marker in the log"),
    ("record_exit", "FAIL record (exit 3)"),
    ("no_shot", "no PNG screenshot written"),
    ("small_shot", "screenshot is 1024x900, not 1600x900"),
    ("unlisted", "not listed with samples"),
])
def test_each_failure_fails_the_run(fake_app: Path, fault: str, says: str) -> None:
    run = _smoke(fake_app, fault)
    assert run.returncode == 1
    assert says in run.stdout, run.stdout
