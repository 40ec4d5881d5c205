"""`dyconsole settle [--db PATH] [--session ID]`: settle the 7-day ROI of recorded sessions (for a scheduled task).

Without --session every session whose cut-off (7 days after its broadcast) has passed and that is not settled yet
is settled, oldest first; a demo-room session is rebuilt from its seed with the room's clock moved past its
cut-off, so it settles at once. Settling fetches the week's Doudian orders (services.settlement.runner: resumable,
idempotent, within the QPS); an interrupted run continues where it stopped next time. One line per session on
stdout. Exit codes (commands.exit_codes): 0 done (also when nothing was due), 1 a session could not be settled now
(not due yet, Doudian not configured or unreachable: the progress is kept), 2 usage, 3 no database / no such
session.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from typing import TYPE_CHECKING, Any

from dyconsole.commands.exit_codes import DATA, FAILURE, OK

if TYPE_CHECKING:  # the parser is built for every start of the console: its imports stay light
    from dyconsole.core.roi import Roi7d

EXAMPLES = """examples:
  dyconsole settle                          settle every session whose 7 days have passed
  dyconsole settle --session 20260101-2000  settle one session (a demo-room session settles at once)
  dyconsole settle --db D:\\dy\\sessions.sqlite3   another session database
scheduled daily (cron): 0 6 * * *  dyconsole settle >> settle.log 2>&1
"""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("settle", help="settle the 7-day ROI of finished sessions (fetches the week's orders)",
                       description=__doc__.split("\n\n")[1] if __doc__ else None, epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                   help="session database (default: in the user data dir; also before the verb)")
    p.add_argument("--session", metavar="ID", default=None, help="settle this session only")


def say(message: str) -> None:
    print(f"dyconsole settle: {message}", file=sys.stderr, flush=True)


class CannotSettle(Exception):
    """This session cannot be settled now (the message says why); its progress is kept."""


def _demo_plan(db: Any, session_id: str) -> Any | None:
    from dyconsole.commands.record import UsageProblem, demo_plan_of

    try:
        return demo_plan_of(db, session_id)[0]
    except UsageProblem:
        return None


async def settle_one(db: Any, session_id: str) -> Roi7d:
    """Settle one session from the demo room rebuilt past its cut-off, or from the shop's saved Doudian login."""
    from dyconsole.core.clock import WallClock
    from dyconsole.services.live.connection import NotConfigured, connect_doudian, saved_connection
    from dyconsole.services.settings.app_settings import load_settings
    from dyconsole.services.settlement.runner import NotDue, settle_session
    from dyconsole.sources.credentials import MemoryTokenStore, open_token_store
    from dyconsole.sources.errors import SourceError
    from dyconsole.storage import settlements

    settings = load_settings()
    plan = _demo_plan(db, session_id)
    if plan is not None:
        from dyconsole.commands.demo_wiring import settle_demo_room

        window = settlements.session_window(db, session_id)
        clock, connection, transport, _room = settle_demo_room(plan, window["cutoff"])
        store: Any = MemoryTokenStore()
    else:
        clock, transport, store = WallClock(), None, open_token_store()
        try:
            connection = saved_connection(settings, store)
        except NotConfigured as err:
            raise CannotSettle(str(err)) from None
        if connection.doudian is None:
            raise CannotSettle("Doudian is not configured in Settings: the orders cannot be fetched")
    assert connection.doudian is not None
    try:
        client = await connect_doudian(connection.doudian, clock, store, transport=transport, qps=settings.qps)
    except SourceError as err:
        raise CannotSettle(f"Doudian: {err}") from None
    try:
        return await settle_session(db, client, session_id, clock.now())
    except NotDue as err:
        raise CannotSettle(str(err)) from None
    except SourceError as err:
        raise CannotSettle(f"Doudian: {err} (what was fetched is kept; the next run continues)") from None
    finally:
        await client.aclose()


def _line(session_id: str, roi: Roi7d) -> str:
    figure = "—" if roi.roi is None else f"{roi.roi:.4f}"
    return (f"{session_id} settled: 7-day ROI {figure} (sales {roi.sales_fen / 100:.2f} = paid {roi.paid_yuan:.2f}"
            f" - refunds {roi.refunded_yuan:.2f} + repurchases {roi.repurchase_yuan:.2f}; "
            f"ad spend {roi.ad_spend_yuan:.2f})")


def due_sessions(db: Any, session_id: str | None = None) -> list[str]:
    """The session asked for, or every session due: cut-off passed, or a demo session (its room can be rebuilt)."""
    from dyconsole.storage import settlements
    from dyconsole.storage.loaders import require_session

    if session_id is not None:
        require_session(db, session_id)
        return [session_id]
    ids = [r["id"] for r in db.query("SELECT id FROM sessions")]
    demo = frozenset(s for s in ids if _demo_plan(db, s) is not None)
    return settlements.due_sessions(db, time.time(), also=demo)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from dyconsole.storage.db import open_db
    from dyconsole.storage.errors import DatabaseMissing, SessionNotFound, StorageError

    try:
        db = open_db(args.db, create=False)
    except DatabaseMissing as err:
        say(str(err))
        return DATA
    except StorageError as err:
        say(str(err))
        return DATA
    failed = 0
    try:
        try:
            due = due_sessions(db, args.session)
        except SessionNotFound as err:
            say(str(err))
            return DATA
        if not due:
            say("no session is due (a session settles 7 days after its broadcast)")
        import asyncio  # here, not with the parser: the console's window imports the loop after its first frame

        for session_id in due:
            try:
                roi = asyncio.run(settle_one(db, session_id))
            except CannotSettle as err:
                say(f"{session_id}: {err}")
                failed += 1
                continue
            print(_line(session_id, roi), flush=True)
    except StorageError as err:
        say(str(err))
        return DATA
    except KeyboardInterrupt:
        say("interrupted: what was fetched is kept; run again to continue")
        return FAILURE
    finally:
        db.close()
    return FAILURE if failed else OK


