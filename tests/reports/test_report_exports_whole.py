"""An export is whole or absent: a disk that fills up mid-file (a file-size limit in a child process, so the
write fails part way like a nearly full disk) leaves no file and ends with one clean message (no doubled prefix,
no "Exception ignored" tracebacks); `--out newdir/` for a missing folder is refused, never written beside it."""

from __future__ import annotations

from dyconsole.commands.exit_codes import Exit

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.cli_support import env
from tests.support.report_session import RecordedSession

from dyconsole.cli import main

LIMIT = 40 * 1024  # bytes a file may grow to in the child: above the database's 32 KiB shared-memory file, below
#: the size of each report format (checked: the test skips a format that fits)


def _limited() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "png", "csv"])
def test_a_disk_that_fills_up_leaves_no_file_and_one_clean_message(recorded: RecordedSession, tmp_path: Path,
                                                                   fmt: str) -> None:
    out = tmp_path / f"p.{fmt}"
    args = ["export", recorded.session_id, "--db", str(recorded.db_file), "--format", fmt, "--out", str(out)]
    done = subprocess.run([sys.executable, "-m", "dyconsole", *args], capture_output=True, text=True, timeout=120,
                          env=env({"QT_QPA_PLATFORM": "offscreen"}), preexec_fn=_limited)
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    if done.returncode == 0:
        pytest.skip(f"the {fmt} export of this session fits under the limit: the test proves nothing for it")
    assert done.returncode == Exit.FAILURE, done.stderr  # a write that could not be made (exit_codes)
    assert leftovers == []  # no truncated file, no temporary file
    assert done.stderr.count("cannot write") == 1 and os.strerror(errno.EFBIG) in done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["png", "pdf", "xlsx", "csv"])
def test_out_naming_a_missing_folder_is_refused(recorded: RecordedSession, tmp_path: Path, fmt: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "newdir") + "/"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", fmt,
                 "--out", out]) == Exit.USAGE  # the command line names a folder that is not there
    err = capsys.readouterr().err
    assert ("newdir does not exist" in err) if fmt == "png" else ("is a folder" in err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pdf", "png", "xlsx", "csv"])
def test_a_disk_full_part_way_leaves_no_file(recorded: RecordedSession, tmp_path: Path, fmt: str,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import dyconsole.whole_files as whole_files

    def full_after_one_chunk(fd: int, data: memoryview) -> int:  # the disk takes a little, then is full
        if os.lseek(fd, 0, os.SEEK_CUR) > 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data[:1024])

    monkeypatch.setattr(whole_files, "_write_chunk", full_after_one_chunk)
    real_fsync = whole_files._fsync
    if fmt == "csv":  # the CSV is streamed to its temporary file: the disk fills up at the sync
        def full_at_sync(path: Path) -> None:
            real_fsync(path)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(whole_files, "_fsync", full_at_sync)
    out = tmp_path / f"p.{fmt}"
    assert main(["export", recorded.session_id, "--db", str(recorded.db_file), "--format", fmt,
                 "--out", str(out)]) == Exit.FAILURE
    err = capsys.readouterr().err
    assert err.count("cannot write") == 1 and os.strerror(errno.ENOSPC) in err
    assert list(tmp_path.iterdir()) == []
