"""Running `python -m dyconsole ...` as a subprocess for the end-to-end tests: one-shot runs, and a background
process whose stderr is read line by line as it comes (with the real time each line arrived)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

#: no OS keyring in these runs (the console must say so and go on with secrets from flags)
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    out = dict(os.environ)
    out.update(NO_KEYRING)
    out.update(extra or {})
    return out


def dyconsole(args: Sequence[str], timeout: float = 60.0, extra_env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyconsole", *args], capture_output=True, text=True,
                          timeout=timeout, env=env(extra_env))


def first_frame_under(wrapper: str, tmp_path: Path, quit_after: str = "0") -> list[str]:
    """The demo window's first frame drawn to a screenshot offscreen by `python -c wrapper` (a script that patches
    what it watches, then runs dyconsole's __main__ with the arguments it is given); its stderr lines, once the run
    exited 0 and the frame was drawn."""
    shot = tmp_path / "first.png"
    done = subprocess.run([sys.executable, "-c", wrapper, "--source", "demo", "--db", str(tmp_path / "c.db"),
                           "--screenshot", str(shot), "--quit-after", quit_after],
                          capture_output=True, text=True, timeout=180, env={**env(), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000, done.stderr  # the frame was drawn
    return done.stderr.splitlines()


@dataclass
class Background:
    """A dyconsole process whose stderr lines are collected as they arrive."""

    proc: subprocess.Popen[str]
    lines: list[tuple[float, str]] = field(default_factory=list)
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, args: Sequence[str], extra_env: dict[str, str] | None = None) -> "Background":
        proc = subprocess.Popen([sys.executable, "-m", "dyconsole", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env(extra_env))
        bg = cls(proc)
        bg._reader = threading.Thread(target=bg._read, daemon=True)
        bg._reader.start()
        return bg

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_for(self, text: str, count: int = 1, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for _, line in self.lines) < count:
            if time.monotonic() > deadline or self.proc.poll() is not None and not self._reader_alive():
                raise AssertionError(f"{count} x {text!r} not seen; stderr:\n" + self.stderr()[-3000:])
            time.sleep(0.01)

    def _reader_alive(self) -> bool:
        return self._reader is not None and self._reader.is_alive()

    def finish(self, timeout: float = 30.0) -> tuple[int, str]:
        """Wait for the exit; (exit code, stdout). Only stdout is read here: communicate() would also read stderr
        and race the reader thread for the last lines."""
        assert self.proc.stdout is not None
        box: list[str] = []
        stdout_reader = threading.Thread(target=lambda: box.append(self.proc.stdout.read()), daemon=True)
        stdout_reader.start()
        self.proc.wait(timeout=timeout)
        stdout_reader.join(timeout=5)
        if self._reader is not None:
            self._reader.join(timeout=5)
        return self.proc.returncode, box[0] if box else ""

    def stderr(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def count(self, text: str) -> int:
        return sum(text in line for _, line in self.lines)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
