"""`dyconsole emulator`: serve the demo room's Qianchuan/Doudian API emulator with uvicorn on loopback.

Once listening it prints ONE JSON line on stdout (base_url and the demo credentials) and flushes; logs go to
stderr. It stops cleanly (exit 0) on Ctrl+C or SIGTERM. A bad --faults/--scenario is exit 2 with a message; a port
that cannot be listened on (in use, not allowed) is exit 1 with a message, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import ipaddress
import json
import logging
import socket
import sys
from typing import Any, Iterator

from dyconsole.commands.exit_codes import FAILURE, USAGE, Exit
from dyconsole.commands.stop_signals import on_stop_signals

log = logging.getLogger("dyconsole.emulator")

EXIT_USAGE = USAGE


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    from dyconsole.core.clock import ScaledClock
    from dyconsole.emulator.demo import build_demo
    from dyconsole.emulator.faults import FaultSpec

    try:
        faults = FaultSpec.parse(args.faults or "")
    except ValueError as err:
        print(f"dyconsole emulator: bad --faults: {err}", file=sys.stderr)
        return int(Exit.USAGE)
    scenario: Any = None
    if args.scenario:
        from dyconsole.emulator.scenarios import load_scenario

        try:
            scenario = load_scenario(args.scenario)
        except Exception as err:  # noqa: BLE001 - any failure to load is the user's bad argument
            print(f"dyconsole emulator: bad --scenario {args.scenario!r}: {err}", file=sys.stderr)
            return int(Exit.USAGE)
    if args.speed <= 0:
        print("dyconsole emulator: --speed must be > 0", file=sys.stderr)
        return int(Exit.USAGE)
    if not _is_loopback(args.host):
        print(f"dyconsole emulator: WARNING: listening on {args.host}, not loopback: the demo credentials are "
              "reachable from the network", file=sys.stderr)
    try:
        listening = _listen(args.host, args.port)
    except OSError as err:
        print(f"dyconsole emulator: cannot listen on {args.host} port {args.port}: {err.strerror or err}"
              + (" (another program uses it; give another --port, or 0 for any free one)"
                 if err.errno == errno.EADDRINUSE else ""), file=sys.stderr)
        return FAILURE
    room = build_demo(ScaledClock(speed=args.speed), seed=args.seed, scenario=scenario, faults=faults,
                      serve_online=args.serve_online)
    return asyncio.run(_serve(room, args.host, listening))


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (raises OSError: in use, not allowed, no such address)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as err:
        raise OSError(err.errno, f"unknown host ({err.strerror})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _server(app: Any, host: str, port: int = 0) -> Any:
    """A uvicorn server without its own signal handling (it re-raises the signal at exit: not exit 0)."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=2)  # no access log: Doudian queries carry tokens and signs
    server = uvicorn.Server(config)
    server.capture_signals = _no_signals  # type: ignore[method-assign]
    return server


@contextlib.contextmanager
def _no_signals() -> Iterator[None]:
    yield


async def _serve(room: Any, host: str, listening: socket.socket) -> int:
    server = _server(room.app, host)
    loop = asyncio.get_running_loop()
    on_stop_signals(loop, lambda: setattr(server, "should_exit", True))
    task = asyncio.create_task(server.serve(sockets=[listening]))
    while not server.started:
        if task.done():
            task.result()
            print("dyconsole emulator: the server did not start", file=sys.stderr)
            return int(Exit.FAILURE)
        await asyncio.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()
    credentials = room.with_base_url(f"http://{_url_host(host)}:{bound[1]}")
    sys.stdout.write(json.dumps(credentials.to_dict(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    log.info("emulator listening on %s (speed %s); Ctrl+C to stop", credentials.base_url, room.clock.speed)
    await task
    log.info("emulator stopped")
    return int(Exit.OK)
