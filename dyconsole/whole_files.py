"""Files written whole or not at all (every export: CSV, XLSX, PDF, PNG).

`atomic_path(target)` gives a temporary path beside `target`; when the block ends normally the temporary file is
flushed to the disk (fsync) and renamed onto `target`, otherwise removed: a full disk, a cancelled export or a
crash never leaves a truncated `target`. `write_whole(target, data)` does it for bytes made in memory (a PDF or a
PNG painted into a buffer), checking every write. Errors are OSErrors whose text says the file and the cause.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

CHUNK = 1 << 16


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: read once at import (os.umask sets while it reads: not something to do while other threads create files)
_UMASK = _read_umask()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def folder_problem(target: Path | str) -> str:
    """Why a file cannot be made at `target` because of its folder ('' when the folder is there)."""
    folder = Path(target).parent
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    return ""


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path beside `target`, synced and renamed onto it when the block ends normally and removed
    otherwise (an error, or a generator closed early), so `target` appears whole or not at all."""
    final = Path(target)
    problem = folder_problem(final)
    if problem:
        raise FileNotFoundError(2, problem)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent or Path("."))
    os.close(fd)
    try:
        yield Path(tmp)
        _fsync(Path(tmp))  # on the disk before it takes the final name
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's 0600 would hide a report put in a shared folder
        os.replace(tmp, final)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _write_chunk(fd: int, data: memoryview) -> int:
    return os.write(fd, data)


def write_whole(target: Path | str, data: bytes) -> None:
    """Write `data` to `target` whole or not at all (raises OSError; `target` is then as it was)."""
    with atomic_path(target) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        try:
            view, done = memoryview(data), 0
            while done < len(data):
                written = _write_chunk(fd, view[done:done + CHUNK])
                if written <= 0:
                    raise OSError(f"the disk took no more bytes at {done} of {len(data)}")
                done += written
        finally:
            os.close(fd)
