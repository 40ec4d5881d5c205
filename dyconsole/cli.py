"""The `dyconsole` command: parse arguments and hand over to the command that owns each verb.

`dyconsole` with no verb opens the console window; verbs: emulator, record, sessions, export, alerts,
settle, ab.
Imports of the heavy parts are deferred so `dyconsole --version` and the headless verbs start fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from dyconsole import __version__
from dyconsole.commands.arg_values import duration, port, speed


def _add_scenario(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", metavar="NAME|FILE", help="scripted demo scenario (name or JSON file)")


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="session database (default: in the user data dir)")


def window_size(text: str) -> tuple[int, int]:
    """'1600x900' -> (1600, 900), for --window-size."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give the size as WIDTHxHEIGHT, e.g. 1600x900") from None
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"{text!r}: width 320-8192 and height 240-8192 pixels")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dyconsole", description="抖音电商直播运营控制台 — Douyin e-commerce live-room operator console"
    )
    parser.add_argument("--version", action="version", version=f"dyconsole {__version__}")
    parser.add_argument("--source", choices=("demo", "live"), default="demo", help="room to watch (default demo)")
    parser.add_argument("--speed", type=speed, default=1.0,
                        help="demo room speed (broadcast seconds per second, above 0 and at most 10000)")
    parser.add_argument("--seed", type=int, default=None, help="demo room seed")
    _add_scenario(parser)
    _add_db(parser)
    parser.add_argument("--lang", choices=("zh_CN", "en"), default=None, help="UI language (default from settings)")
    parser.add_argument("--screenshot", metavar="PATH", help="render the window to this PNG and quit")
    parser.add_argument("--quit-after", type=float, default=None, metavar="SECONDS",
                        help="with --screenshot: real seconds to run before the screenshot")
    parser.add_argument("--window-size", type=window_size, default=None, metavar="WxH",
                        help="window size in pixels (default: as last left; 1600x900 for --screenshot)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    emu = sub.add_parser("emulator", help="serve the demo room's Qianchuan/Doudian API emulator on loopback")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=port, default=0, help="0 picks a free port")
    emu.add_argument("--speed", type=speed, default=1.0)
    emu.add_argument("--seed", type=int, default=1)
    _add_scenario(emu)
    emu.add_argument("--serve-online", action="store_true",
                     help="also answer the unconfirmed online_user_cnt (the real APIs have no online count)")
    emu.add_argument("--faults", metavar="SPEC", default="",
                     help="fault injection, e.g. 'latency=0.2,http5xx=0.1,timeout=0.05,ratelimit=0.1,"
                          "expire_tokens=60,malformed=0.05,missing=0.1,strings=0.2'")

    rec = sub.add_parser("record", help="record one broadcast into the session cache (no window)")
    rec.add_argument("--source", choices=("demo", "live"), default="demo")
    _add_db(rec)
    rec.add_argument("--speed", type=speed, default=1.0)
    rec.add_argument("--seed", type=int, default=None)
    rec.add_argument("--duration", type=duration, default=None, metavar="SECONDS",
                     help="broadcast seconds to record (at most 30 days)")
    _add_scenario(rec)
    rec.add_argument("--resume", metavar="SESSION_ID", default=None, help="resume an interrupted session")
    rec.add_argument("--api-base", metavar="URL")
    rec.add_argument("--app-id")
    rec.add_argument("--secret", help="Qianchuan app secret; better DYCONSOLE_SECRET, or '-' to type it unseen "
                                      "(a secret on the command line shows in the process list)")
    rec.add_argument("--auth-code")
    rec.add_argument("--advertiser-id")
    rec.add_argument("--aweme-id")
    rec.add_argument("--app-key", help="Doudian app key")
    rec.add_argument("--app-secret", help="Doudian app secret; better DYCONSOLE_DOUDIAN_SECRET, or '-' to type it "
                                          "unseen")
    rec.add_argument("--shop-id")
    rec.add_argument("--doudian-code", help="Doudian authorization code")

    ses = sub.add_parser("sessions", help="list recorded sessions")
    _add_db(ses)
    ses.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="export a recorded session")
    exp.add_argument("session_id")
    _add_db(exp)
    exp.add_argument("--format", choices=("csv", "xlsx", "pdf", "png"), default="csv")
    exp.add_argument("--out", required=True, metavar="PATH")
    exp.add_argument("--metrics", metavar="a,b,c", default=None)
    exp.add_argument("--granularity", type=int, default=None, metavar="MIN", choices=(1, 5, 15))
    exp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of a pdf/png/xlsx report")

    al = sub.add_parser("alerts", help="list fired alerts")
    _add_db(al)
    al.add_argument("--session", default=None)
    al.add_argument("--json", action="store_true")

    from dyconsole.commands.settle import add_parser as add_settle

    add_settle(sub)
    _add_ab(sub)
    return parser


AB_EXAMPLES = """examples:
  dyconsole ab list                             the A/B plans, newest first, each with its verdict so far
  dyconsole ab show 3f2a9c1b7d4e --lang en      one plan: variants, slots, the verdict in English
  dyconsole ab export 3f2a9c1b7d4e --out slots.csv
  dyconsole ab list --db alt.sqlite3 --json     another session database, as JSON

exit codes: 0 ok, 1 the CSV could not be written, 2 usage, 3 no such database or plan"""


def _add_ab(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    raw = argparse.RawDescriptionHelpFormatter
    ab = sub.add_parser("ab", help="A/B run plans: list, show a verdict, export the slots", epilog=AB_EXAMPLES,
                        formatter_class=raw)
    verbs = ab.add_subparsers(dest="ab_command", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help="every plan with its state and verdict", epilog=AB_EXAMPLES,
                               formatter_class=raw)
    listing.add_argument("--room", default=None, help="only this room's plans")
    listing.add_argument("--json", action="store_true")
    show = verbs.add_parser("show", help="one plan's slots and verdict", epilog=AB_EXAMPLES, formatter_class=raw)
    show.add_argument("plan_id")
    show.add_argument("--json", action="store_true")
    export = verbs.add_parser("export", help="the plan's slots as CSV", epilog=AB_EXAMPLES, formatter_class=raw)
    export.add_argument("plan_id")
    export.add_argument("--out", required=True, metavar="PATH")
    for p in (listing, show, export):
        _add_db(p)
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the verdict")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command
    if command == "emulator":
        from dyconsole.commands.emulator import run
    elif command == "record":
        from dyconsole.commands.record import run
    elif command == "sessions":
        from dyconsole.commands.sessions import run
    elif command == "export":
        from dyconsole.commands.export import run
    elif command == "alerts":
        from dyconsole.commands.alerts import run
    elif command == "settle":
        from dyconsole.commands.settle import run
    elif command == "ab":
        from dyconsole.commands.ab import run
    else:
        from dyconsole.app import run
    return int(run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
