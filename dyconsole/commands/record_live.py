"""`dyconsole record --source live`: the real room's connection from flags and environment over the saved settings
and keyring. A secret typed on the command line works but is warned about (the process list shows it to other
users); `--secret -` asks for it without echo, and so does a missing one when stdin is a terminal. Secrets are
never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, Callable, Mapping

from dyconsole.commands.record_say import UsageProblem, say

SECRET_ENV = "DYCONSOLE_SECRET"
DOUDIAN_SECRET_ENV = "DYCONSOLE_DOUDIAN_SECRET"

#: `--secret -` / `--app-secret -`: ask for it without echo
ASK = "-"


def flag_secret(value: str | None, flag: str, env_name: str, ask: Callable[[str], str]) -> str | None:
    """A secret given by flag: `-` asks for it without echo; a secret typed on the command line works but is said
    to be visible to other users of the machine (the process list)."""
    if value == ASK:
        return ask(f"{flag.lstrip('-')} (not shown): ") or None
    if value:
        say(f"warning: {flag} on the command line can be seen by other users of this machine in the process list; "
            f"set {env_name} instead, or give '{flag} -' to type it without echo")
    return value


def live_connection(args: argparse.Namespace, settings: Any, store: Any, env: Mapping[str, str],
                    ask: Callable[[str], str] = getpass.getpass, interactive: bool | None = None) -> Any:
    """The live room connection: flags and environment over the saved settings and keyring; a secret still
    missing is asked for without echo when stdin is a terminal (`interactive`). Raises UsageProblem naming every
    missing piece."""
    from dyconsole.services.live.connection import DoudianLogin, QianchuanLogin, RoomConnection
    from dyconsole.services.settings.app_settings import auth_code_account, doudian_account, qianchuan_account

    qc, dd = settings.qianchuan, settings.doudian
    app_id = args.app_id or qc.app_id
    advertiser = args.advertiser_id or qc.advertiser_id
    account = qianchuan_account(app_id) if app_id else ""
    interactive = sys.stdin.isatty() if interactive is None else interactive
    secret = flag_secret(args.secret, "--secret", SECRET_ENV, ask) or env.get(SECRET_ENV) or (
        store.get_secret(account) if account else None)
    if not secret and app_id and interactive:
        secret = ask(f"Qianchuan app secret of {app_id} (not shown): ") or None
    code = args.auth_code or (store.get_secret(auth_code_account(account)) if account else None) or ""
    missing = [flag for flag, ok in (("--app-id", app_id), ("--advertiser-id", advertiser),
                                      (f"--secret (or {SECRET_ENV})", secret)) if not ok]
    if not code and (not account or store.load_tokens(account) is None):
        missing.append("--auth-code (no saved authorization)")
    if args.auth_code and account:
        store.clear_tokens(account)  # a fresh authorization replaces the saved one
    doudian = None
    explicit_dd = any((args.app_key, args.app_secret, args.shop_id, args.doudian_code))
    app_key = args.app_key or dd.app_key
    if app_key:
        dd_account = doudian_account(app_key)
        dd_secret = flag_secret(args.app_secret, "--app-secret", DOUDIAN_SECRET_ENV, ask) or env.get(
            DOUDIAN_SECRET_ENV) or store.get_secret(dd_account)
        dd_code = args.doudian_code or store.get_secret(auth_code_account(dd_account)) or ""
        dd_missing = [f"--app-secret (or {DOUDIAN_SECRET_ENV})"] if not dd_secret else []
        if not dd_code and store.load_tokens(dd_account) is None:
            dd_missing.append("--doudian-code (no saved Doudian authorization)")
        if dd_missing and explicit_dd:
            missing.extend(dd_missing)
        elif dd_missing:
            say("Doudian is not fully configured (" + ", ".join(dd_missing) + "): orders are not recorded")
        else:
            if args.doudian_code:
                store.clear_tokens(dd_account)
            doudian = DoudianLogin(args.api_base or dd.api_base_url, app_key, dd_secret, args.shop_id or dd.shop_id,
                                   dd_code)
    elif explicit_dd:
        missing.append("--app-key")
    if missing:
        raise UsageProblem("missing for the live room: " + ", ".join(missing)
                           + " (give them as flags/environment, or save them in the console's Settings)")
    return RoomConnection(QianchuanLogin(args.api_base or qc.api_base_url, app_id, secret, advertiser,
                                         args.aweme_id or qc.aweme_id, code), doudian)
