"""Values from the command line and from scenario files are checked where they enter: an absurd `--speed` (which
hung the poll loop), `--speed 0` or `-1` for the window, a `--duration` beyond any broadcast, a port outside
0-65535 or in use, a scenario magnitude that would overflow the simulator: each refused with a message naming the
cause, never a hang or a traceback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from dyconsole.cli import main
from dyconsole.emulator.scenarios import load_scenario


@pytest.mark.parametrize("argv, says", [
    (["--speed", "0"], "above 0"),
    (["--speed", "-1"], "above 0"),
    (["--speed", "nan"], "finite"),
    (["record", "--speed", "1e8"], "at most 10,000"),
    (["record", "--duration", "1e308"], "at most 2,592,000"),
    (["record", "--duration", "0"], "above 0"),
    (["emulator", "--port", "99999"], "0 (any free one) to 65535"),
    (["emulator", "--speed", "inf"], "finite"),
])
def test_bad_values_are_usage_errors_that_name_the_range(argv: list[str], says: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_a_port_in_use_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        assert main(["emulator", "--port", str(taken.getsockname()[1])]) == 1
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert "cannot listen on 127.0.0.1 port" in err and "another program uses it" in err


def test_a_scenario_with_absurd_magnitudes_is_refused_at_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"name": "huge", "events": [
        {"kind": "surge", "at_s": 60, "duration_s": 600, "magnitude": 1e300}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="magnitude must be a number from 0 to 1000"):
        load_scenario(str(path))
    db = tmp_path / "s.sqlite3"
    assert main(["record", "--db", str(db), "--speed", "600", "--duration", "60", "--scenario", str(path)]) == 2
    assert "magnitude" in capsys.readouterr().err
