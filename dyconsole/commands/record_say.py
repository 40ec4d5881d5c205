"""What `dyconsole record` says on stderr, and the problems it stops for (each with its exit code): shared by the
recorder and its live connection (commands.record_live)."""

from __future__ import annotations

import sys
import threading


class UsageProblem(Exception):
    """A bad or missing argument or setting: exit 2."""


class RecordFailure(Exception):
    """The recording could not be made: exit 1."""


_SAY_LOCK = threading.Lock()


def say(message: str) -> None:
    """One progress/log line on stderr (never a secret). One write under a lock: the recorder's writer thread
    and the loop both speak, and print()'s separate newline write would let their lines run together."""
    with _SAY_LOCK:
        sys.stderr.write(f"dyconsole record: {message}\n")
        sys.stderr.flush()
