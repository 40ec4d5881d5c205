"""`dyconsole emulator` as a real server on 127.0.0.1: the JSON line, the same contract as in-process, a real
client timeout, clean exit 0 on SIGTERM, and exit 2 on bad options. Also the in-process run of the contract."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from typing import Any

import httpx
import pytest
from tests.support.emu_support import contract, in_process, make_room, run

from dyconsole.core import wire
from dyconsole.core.metrics import FLOW_SOURCES, REAL_ONLINE, ROOM_METRIC_NAMES

STARTUP_TIMEOUT_S = 30.0


def _start(*extra: str) -> tuple[subprocess.Popen, dict[str, Any]]:
    proc = subprocess.Popen([sys.executable, "-m", "dyconsole", "emulator", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(STARTUP_TIMEOUT_S)
    if not line or not line[0].strip():
        proc.kill()
        raise AssertionError(f"no JSON line; stderr: {proc.communicate()[1]}")
    return proc, json.loads(line[0])


def _stop(proc: subprocess.Popen) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return proc.returncode, err


def _check_contract(seen: dict[str, Any]) -> None:
    assert seen["login"]["access_token"] and seen["refresh"]["code"] == wire.QC_OK
    assert set(ROOM_METRIC_NAMES) - {REAL_ONLINE} <= set(seen["room"]) and REAL_ONLINE not in seen["room"]
    assert seen["detail"]["room_id"] == seen["room"]["room_id"]
    assert set(seen["flow"]) == set(FLOW_SOURCES)
    assert "gender" in seen["user"]
    assert seen["products"]["list"] and seen["products"]["page_info"]["page"] == 1
    assert seen["dd_login"]["access_token"]
    assert seen["orders"]["code"] == wire.DD_OK and "shop_order_list" in seen["orders"]["data"]


def test_contract_in_process() -> None:
    room = make_room()
    room.jump(900)

    async def go() -> dict[str, Any]:
        async with in_process(room) as client:
            return await contract(client, room.creds)

    _check_contract(run(go()))


def test_contract_over_a_real_socket_and_clean_sigterm() -> None:
    proc, creds_raw = _start("--speed", "120", "--seed", "3")
    try:
        from dyconsole.emulator.demo import DemoCredentials

        creds = DemoCredentials.from_dict(creds_raw)
        assert creds.base_url.startswith("http://127.0.0.1:") and set(creds_raw) == {"base_url", "qianchuan",
                                                                                  "doudian"}
        assert set(creds_raw["qianchuan"]) == {"app_id", "secret", "auth_code", "advertiser_id", "aweme_id"}
        assert set(creds_raw["doudian"]) == {"app_key", "app_secret", "code", "shop_id"}

        async def go() -> dict[str, Any]:
            async with httpx.AsyncClient(base_url=creds.base_url, timeout=10) as client:
                seen = await contract(client, creds)
                state = (await client.get("/_emulator/state")).json()
                assert state["speed"] == 120
                return seen

        _check_contract(run(go()))
    finally:
        code, err = _stop(proc)
    assert code == 0, err
    assert creds_raw["qianchuan"]["secret"] not in err and creds_raw["doudian"]["app_secret"] not in err


def test_a_timeout_fault_outlasts_a_short_client_timeout() -> None:
    proc, creds = _start("--faults", "timeout=1,timeout_s=4")
    try:
        async def go() -> None:
            async with httpx.AsyncClient(base_url=creds["base_url"], timeout=0.3) as client:
                with pytest.raises(httpx.ReadTimeout):
                    await client.get(f"{wire.QC_LIVE_PREFIX}today_live/room/get/")
                assert (await client.get("/_emulator/state")).status_code == 200  # control is never held

        run(go())
    finally:
        code, err = _stop(proc)
    assert code == 0, err


@pytest.mark.parametrize(("option", "value", "named"), [
    ("--faults", "latency=fast", "latency"), ("--faults", "bogus=1", "bogus"),
    ("--scenario", "no-such-scenario", "no-such-scenario"),
])
def test_bad_options_exit_2_with_a_message(option: str, value: str, named: str) -> None:
    done = subprocess.run([sys.executable, "-m", "dyconsole", "emulator", "--port", "0", option, value],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert named in done.stderr


def test_loopback_detection() -> None:
    from dyconsole.commands.emulator import _is_loopback

    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.5")
