"""The `dyconsole` command: parse arguments and hand over to the command that owns each verb.

`dyconsole` with no verb opens the console window; verbs: emulator, record, sessions, export, alerts,
settle, ab, import.
Imports of the heavy parts are deferred so `dyconsole --version` and the headless verbs start fast.

Options before the verb (`dyconsole --db alt.sqlite3 sessions`) are the global ones: a verb that has the same
option takes it (the same option after the verb wins), a verb that has none refuses it with a message (exit 2)
rather than ignoring it. Every verb's `--help` ends with examples; exit codes are commands.exit_codes'.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Sequence

from dyconsole import __version__
from dyconsole.commands.arg_values import LANG_METAVAR, duration, port, speed, text_lang, ui_lang
from dyconsole.commands.exit_codes import Exit

#: the options that may come before the verb: dest -> (flag, the window's default)
GLOBAL_OPTIONS: dict[str, tuple[str, Any]] = {
    "source": ("--source", "demo"), "speed": ("--speed", 1.0), "seed": ("--seed", None),
    "scenario": ("--scenario", None), "db": ("--db", None), "lang": ("--lang", None),
    "screenshot": ("--screenshot", None), "quit_after": ("--quit-after", None), "window_size": ("--window-size", None),
}
#: per verb, the global options it honours and its own defaults for them (used when given neither before nor after)
VERB_DEFAULTS: dict[str, dict[str, Any]] = {
    "emulator": {"speed": 1.0, "seed": 1, "scenario": None},
    "record": {"source": "demo", "db": None, "speed": 1.0, "seed": None, "scenario": None},
    "sessions": {"db": None},
    "export": {"db": None, "lang": "zh"},
    "alerts": {"db": None},
    "settle": {"db": None},
    "ab": {"db": None},
    "import": {"db": None, "lang": "zh"},
}

EXIT_CODES_HELP = """exit codes (every verb):
  0  ok
  1  runtime failure (room, network or authorization lost; a write that could not be made)
  2  usage (unknown flag, verb or metric; a value out of range; a format that does not match the file name)
  3  data or database problem (a database that cannot be opened or is not SQLite; an unknown session or A/B plan)"""

EXAMPLES = {
    None: """examples:
  dyconsole                                   open the console on the demo room
  dyconsole --lang en --window-size 1366x768  the English console at the room PC's size
  dyconsole --source live                     watch the real room (connection from Settings)
  dyconsole --db alt.sqlite3 sessions         any verb, with another session database""",
    "emulator": """examples:
  dyconsole emulator                          serve the demo room's APIs on a free loopback port
  dyconsole emulator --port 8765 --speed 60   a fixed port, one broadcast minute per second
  dyconsole emulator --faults latency=0.2,http5xx=0.1""",
    "record": """examples:
  dyconsole record --duration 3600 --speed 60       one broadcast hour of the demo room in a minute
  dyconsole --db alt.sqlite3 record --duration 600  into another session database
  dyconsole record --resume 20260101-203000-abcd    continue an interrupted session
  DYCONSOLE_SECRET=... dyconsole record --source live --app-id 123 --advertiser-id 456 --auth-code CODE""",
    "sessions": """examples:
  dyconsole sessions                          the recorded sessions, newest first
  dyconsole sessions --json                   the same as JSON, for tools
  dyconsole --db alt.sqlite3 sessions         the sessions of another database""",
    "export": """examples:
  dyconsole export ID --out run.csv                         the format from the name: csv, xlsx, pdf or png
  dyconsole export ID --out run.csv --lang en               also run-roi7.csv, run-segments.csv, run-delivery.csv
  dyconsole export ID --out report.pdf --lang en            the A4 report in English
  dyconsole export ID --out run.csv --metrics gmv,成交订单,"Ad spend" --granularity 5
  dyconsole export ID --format png --out charts/            one PNG per chart into a folder""",
    "alerts": """examples:
  dyconsole alerts                            every fired alert, oldest first
  dyconsole alerts --session ID --json        one session's alerts as JSON""",
    "ab": """examples:
  dyconsole ab list                             the A/B plans, newest first, each with its verdict so far
  dyconsole ab show 3f2a9c1b7d4e --lang en      one plan: variants, slots, the verdict in English
  dyconsole ab export 3f2a9c1b7d4e --out slots.csv
  dyconsole ab list --db alt.sqlite3 --json     another session database, as JSON""",
    "import": """examples:
  dyconsole import ks.csv --mapping kuaishou             a Kuaishou export with the shipped mapping
  dyconsole import tb.xlsx --mapping taobao_live --lang en  its problems said in English
  dyconsole --db alt.sqlite3 import sph.csv --mapping my-shop  a saved mapping, another database""",
}


def _epilog(verb: str | None) -> str:
    return f"{EXAMPLES[verb]}\n\n{EXIT_CODES_HELP}"


def _verb(sub: Any, name: str, help_: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_, description=help_, epilog=_epilog(name),
                                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def _shared(p: argparse.ArgumentParser, flag: str, **kw: Any) -> None:
    """An option a verb shares with the global ones: no default here (the verb's is filled in after parsing), so
    an option given before the verb is not overwritten by the verb's default."""
    p.add_argument(flag, default=argparse.SUPPRESS, **kw)


def _add_scenario(p: argparse.ArgumentParser) -> None:
    _shared(p, "--scenario", metavar="NAME|FILE", help="scripted demo scenario (name or JSON file)")


def _add_db(p: argparse.ArgumentParser) -> None:
    _shared(p, "--db", metavar="PATH", help="session database (default: in the user data dir)")


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
        prog="dyconsole", description="抖音电商直播运营控制台 — Douyin e-commerce live-room operator console",
        epilog=_epilog(None), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dyconsole {__version__}")
    parser.add_argument("--source", choices=("demo", "live"), default=argparse.SUPPRESS,
                        help="room to watch (default demo)")
    parser.add_argument("--speed", type=speed, default=argparse.SUPPRESS,
                        help="demo room speed (broadcast seconds per second, above 0 and at most 10000)")
    parser.add_argument("--seed", type=int, default=argparse.SUPPRESS, help="demo room seed")
    _add_scenario(parser)
    _add_db(parser)
    parser.add_argument("--lang", type=ui_lang, metavar=LANG_METAVAR, default=argparse.SUPPRESS,
                        help="UI language: zh (or zh_CN) or en (default from settings)")
    parser.add_argument("--screenshot", metavar="PATH", default=argparse.SUPPRESS,
                        help="render the window to this PNG and quit")
    parser.add_argument("--quit-after", type=float, default=argparse.SUPPRESS, metavar="SECONDS",
                        help="with --screenshot: real seconds to run before the screenshot")
    parser.add_argument("--window-size", type=window_size, default=argparse.SUPPRESS, metavar="WxH",
                        help="window size in pixels (default: as last left; 1600x900 for --screenshot)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    emu = _verb(sub, "emulator", "serve the demo room's Qianchuan/Doudian API emulator on loopback")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=port, default=0, help="0 picks a free port")
    _shared(emu, "--speed", type=speed)
    _shared(emu, "--seed", type=int)
    _add_scenario(emu)
    emu.add_argument("--serve-online", action="store_true",
                     help="also answer the unconfirmed online_user_cnt (the real APIs have no online count)")
    emu.add_argument("--faults", metavar="SPEC", default="",
                     help="fault injection, e.g. 'latency=0.2,http5xx=0.1,timeout=0.05,ratelimit=0.1,"
                          "expire_tokens=60,malformed=0.05,missing=0.1,strings=0.2'")

    rec = _verb(sub, "record", "record one broadcast into the session cache (no window)")
    _shared(rec, "--source", choices=("demo", "live"))
    _add_db(rec)
    _shared(rec, "--speed", type=speed)
    _shared(rec, "--seed", type=int)
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

    ses = _verb(sub, "sessions", "list recorded sessions")
    _add_db(ses)
    ses.add_argument("--json", action="store_true")

    exp = _verb(sub, "export", "export a recorded session")
    exp.add_argument("session_id")
    _add_db(exp)
    exp.add_argument("--format", choices=("csv", "xlsx", "pdf", "png"), default=None,
                     help="default: from the --out name's extension (a folder: png)")
    exp.add_argument("--out", required=True, metavar="PATH")
    exp.add_argument("--metrics", metavar="a,b,c", default=None,
                     help="metric names, aliases (gmv) or the console's zh/en labels (成交金额, 'Paid orders')")
    exp.add_argument("--granularity", type=int, default=None, metavar="MIN", choices=(1, 5, 15))
    _shared(exp, "--lang", type=text_lang, metavar=LANG_METAVAR,
            help="language of a pdf/png/xlsx report and of the csv's roi7/segments/delivery files (default zh)")

    al = _verb(sub, "alerts", "list fired alerts")
    _add_db(al)
    al.add_argument("--session", default=None)
    al.add_argument("--json", action="store_true")

    from dyconsole.commands.settle import add_parser as add_settle

    add_settle(sub)
    settle = sub.choices["settle"]
    settle.epilog = f"{settle.epilog.rstrip()}\n\n{EXIT_CODES_HELP}"  # its examples, then the one table
    _add_ab(sub)

    imp = _verb(sub, "import", "import sessions from another channel's export (CSV or XLSX)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--mapping", required=True, metavar="NAME",
                     help="a saved column mapping (shipped: kuaishou, taobao_live, wechat_channels)")
    _add_db(imp)
    _shared(imp, "--lang", type=text_lang, metavar=LANG_METAVAR, help="language of the messages printed (default zh)")
    return parser


def _add_ab(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    raw, epilog = argparse.RawDescriptionHelpFormatter, _epilog("ab")
    ab = sub.add_parser("ab", help="A/B run plans: list, show a verdict, export the slots", epilog=epilog,
                        formatter_class=raw)
    verbs = ab.add_subparsers(dest="ab_command", metavar="ACTION", required=True)
    listing = verbs.add_parser("list", help="every plan with its state and verdict", epilog=epilog,
                               formatter_class=raw)
    listing.add_argument("--room", default=None, help="only this room's plans")
    listing.add_argument("--json", action="store_true")
    show = verbs.add_parser("show", help="one plan's slots and verdict", epilog=epilog, formatter_class=raw)
    show.add_argument("plan_id")
    show.add_argument("--json", action="store_true")
    export = verbs.add_parser("export", help="the plan's slots as CSV", epilog=epilog, formatter_class=raw)
    export.add_argument("plan_id")
    export.add_argument("--out", required=True, metavar="PATH")
    for p in (listing, show, export):
        _add_db(p)
        p.add_argument("--lang", type=text_lang, metavar=LANG_METAVAR, default="zh", help="language of the verdict")


class GlobalOptionRefused(ValueError):
    """A global option given before a verb that has no use for it."""


def settle_global_options(args: argparse.Namespace, given_before: dict[str, Any]) -> None:
    """Give `args` its final shared options: after the verb, else before it, else the verb's (or the window's)
    default. Raises GlobalOptionRefused for an option before a verb that does not take it."""
    verb = args.command
    if verb is None:
        for dest, (_, default) in GLOBAL_OPTIONS.items():
            setattr(args, dest, given_before.get(dest, default))
        return
    defaults = VERB_DEFAULTS[verb]
    refused = [GLOBAL_OPTIONS[d][0] for d in given_before if d not in defaults]
    if refused:
        takes = ", ".join(GLOBAL_OPTIONS[d][0] for d in defaults) or "none of them"
        raise GlobalOptionRefused(f"{' and '.join(refused)} does not apply to `dyconsole {verb}` "
                                  f"(of the options before the verb it takes: {takes})")
    for dest, default in defaults.items():
        if dest not in vars(args):
            setattr(args, dest, given_before.get(dest, default))
    if getattr(args, "lang", None) == "zh_CN":  # the window's name for Chinese, given before a verb (parsed there)
        args.lang = "zh"


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line with every shared option settled (see settle_global_options); argparse's own
    errors exit 2, a refused global option too (with its message)."""
    parser = build_parser()
    before = parser.parse_known_args(_before_verb(parser, list(sys.argv[1:] if argv is None else argv)))[0]
    given_before = {d: v for d, v in vars(before).items() if d in GLOBAL_OPTIONS}
    args = parser.parse_args(argv)
    try:
        settle_global_options(args, given_before)
    except GlobalOptionRefused as exc:
        parser.error(str(exc))
    return args


def _before_verb(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """The arguments before the verb (all of them when there is none)."""
    verbs = set(_subparsers(parser).choices)
    takes_value = {s for a in parser._actions if a.nargs != 0 for s in a.option_strings}
    i = 0
    while i < len(argv):
        if argv[i] in verbs:
            return argv[:i]
        i += 2 if argv[i] in takes_value else 1
    return argv


def _subparsers(parser: argparse.ArgumentParser) -> Any:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
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
    elif command == "import":
        from dyconsole.commands.import_sessions import run
    else:
        run = _window_run()
    return int(run(args) or Exit.OK)


def _window_run() -> Any:
    """The window's entry point (dyconsole.app.run), imported with Python's cyclic collection held. Importing the
    window's ~550 modules (numpy, Qt, pyqtgraph, the console) allocates enough to set off automatic collections, two
    of them full ones walking every object imported so far, which found almost nothing (modules, classes and
    functions live until exit): ~0.1 s CPU of the cold start. What the import leaves is frozen (gc.freeze), out of
    the later collections: those of the window (services.gui_thread_gc, on the GUI thread) walk what came after."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        from dyconsole.app import run
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return run


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
