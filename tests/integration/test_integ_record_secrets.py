"""A secret on the command line is seen by every user in the process list: `record` says so and offers the
environment or a prompt without echo (`--secret -`, or asked when stdin is a terminal)."""

from __future__ import annotations

import argparse

import pytest

from dyconsole.cli import build_parser
from dyconsole.commands.record import UsageProblem
from dyconsole.commands.record_live import SECRET_ENV, live_connection
from dyconsole.services.settings.app_settings import AppSettings
from dyconsole.sources.credentials import MemoryTokenStore


def _args(*extra: str) -> argparse.Namespace:
    return build_parser().parse_args(["record", "--source", "live", "--app-id", "11", "--advertiser-id", "22",
                                      "--auth-code", "c", *extra])


def test_a_secret_on_the_command_line_works_and_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    connection = live_connection(_args("--secret", "typed-secret"), AppSettings(), MemoryTokenStore(), {},
                                 interactive=False)
    assert connection.qianchuan.secret == "typed-secret"
    err = capsys.readouterr().err
    assert "process list" in err and SECRET_ENV in err and "--secret -" in err and "typed-secret" not in err


def test_dash_asks_without_echo_and_says_nothing_about_the_process_list(capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[str] = []
    connection = live_connection(_args("--secret", "-"), AppSettings(), MemoryTokenStore(), {},
                                 ask=lambda prompt: asked.append(prompt) or "hidden", interactive=False)
    assert connection.qianchuan.secret == "hidden" and len(asked) == 1 and "not shown" in asked[0]
    assert "process list" not in capsys.readouterr().err


def test_a_missing_secret_is_asked_at_a_terminal_and_named_elsewhere() -> None:
    connection = live_connection(_args(), AppSettings(), MemoryTokenStore(), {}, ask=lambda prompt: "from-tty",
                                 interactive=True)
    assert connection.qianchuan.secret == "from-tty"
    with pytest.raises(UsageProblem, match="--secret"):
        live_connection(_args(), AppSettings(), MemoryTokenStore(), {}, ask=lambda prompt: "never", interactive=False)
