"""The console runs on the streaming-room PCs, which run Windows: no POSIX-only call in dyconsole/ without a
platform guard (tests/support/posix_scan.py says what counts). Planted violations and guards check the scanner."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.posix_scan import scan_source, scan_tree

PKG = Path(__file__).resolve().parents[2] / "dyconsole"


def test_dyconsole_has_no_unguarded_posix_only_call() -> None:
    found = scan_tree(PKG)
    assert found == [], "POSIX-only calls without a platform guard:\n" + "\n".join(map(str, found))


def test_the_scan_reads_every_module() -> None:
    assert len(list(PKG.rglob("*.py"))) > 100  # the whole package, not an empty folder


@pytest.mark.parametrize("source, what", [
    ("import fcntl\n", "import fcntl"),
    ("import pwd, os\n", "import pwd"),
    ("from resource import getrlimit\n", "from resource import"),
    ("import os\nos.fork()\n", "os.fork"),
    ("import os\nuid = os.getuid()\n", "os.getuid"),
    ("import os\ndef alive(pid):\n    os.kill(pid, 0)\n", "os.kill"),
    ("import signal\nsignal.signal(signal.SIGHUP, print)\n", "signal.SIGHUP"),
    ("from signal import SIGKILL\n", "from signal import SIGKILL"),
    ("async def f(loop, stop):\n    loop.add_signal_handler(2, stop)\n", ".add_signal_handler"),
    ("LOG = '/tmp/dyconsole.log'\n", "'/tmp/dyconsole.log'"),
    ("def f(path):\n    return str(path).split('/')\n", "split('/')"),
    ("import os\ndef f(file_name):\n    return file_name.endswith(os.sep)\n", "endswith(os.sep)"),
    # a guard on another condition is no guard
    ("import os\nif os.environ.get('X'):\n    os.fork()\n", "os.fork"),
    ("try:\n    import fcntl\nexcept ValueError:\n    pass\n", "import fcntl"),
])
def test_a_planted_posix_only_call_is_found(source: str, what: str) -> None:
    found = scan_source(source)
    assert len(found) == 1 and what in found[0].what, found


@pytest.mark.parametrize("source", [
    "import sys\nif sys.platform != 'win32':\n    import fcntl\n",
    "import os\nif os.name == 'posix':\n    os.fork()\n",
    "try:\n    import pwd\nexcept ImportError:\n    pwd = None\n",
    "import signal\nif hasattr(signal, 'SIGHUP'):\n    signal.signal(signal.SIGHUP, print)\n",
    "import os, sys\ndef alive(pid):\n    if sys.platform == 'win32':\n        return True\n    os.kill(pid, 0)\n",
    "import sys\nasync def f(loop, stop):\n    if sys.platform == 'win32':\n        return\n"
    "    loop.add_signal_handler(2, stop)\n",
    "import os\ndef f(path):\n    return str(path).endswith(('/', os.sep))\n",
    "URL = 'http://127.0.0.1/tmp'\n",
])
def test_a_guarded_or_portable_use_passes(source: str) -> None:
    assert scan_source(source) == []


def test_an_early_return_guards_only_its_own_block() -> None:
    source = ("import os, sys\n"
              "def a(pid):\n    if sys.platform == 'win32':\n        return\n    os.kill(pid, 0)\n"
              "def b(pid):\n    os.kill(pid, 0)\n")
    found = scan_source(source)
    assert [f.line for f in found] == [7]
