"""The ``ghgi review`` options and the ``ghgi review-account`` command (kept here so the CLI
module only gains a few lines)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from inventory.errors import InputError

__all__ = ["add_review_arguments", "add_review_account_parser", "serve_options",
           "review_account", "DEFAULT_ACCOUNTS"]

DEFAULT_ACCOUNTS = Path("outputs") / "review_accounts.yml"


def add_review_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--team", action="store_true",
                   help="one server for many reviewers: accounts (--accounts), all interfaces")
    p.add_argument("--ip", help="interface to listen on (default 127.0.0.1; --team: 0.0.0.0)")
    p.add_argument("--accounts", type=Path, default=None,
                   help=f"team mode: the accounts file (default {DEFAULT_ACCOUNTS})")
    p.add_argument("--allowed-host", action="append", default=[], dest="allowed_hosts",
                   help="a host name reviewers use to reach the server (repeat); requests "
                        "for other names are refused")
    p.add_argument("--allow-origin", default="",
                   help="an origin allowed besides the server's own (a proxy in front)")
    p.add_argument("--cull-idle-timeout", type=int, default=None,
                   help="seconds before an idle page without a browser is shut down "
                        "(default 1800; --team: 900)")
    p.add_argument("--max-kernels", type=int, default=None,
                   help="pages served at once (default 4; --team: 12); more get 'busy'")
    p.add_argument("--pool-size", type=int, default=None,
                   help="pages kept ready for the next reviewers (default 1; --team: 2)")
    p.add_argument("--db", help="submission store holding the review log (default "
                                "$GHGI_STORE_URL, else submissions.sqlite in the run's "
                                "output root)")


def serve_options(args):
    from inventory.review.server import ServeOptions

    accounts = args.accounts or (DEFAULT_ACCOUNTS if args.team else None)
    if args.team and not Path(accounts).exists():
        raise InputError("no accounts file", str(accounts),
                         "accounts made with 'ghgi review-account add <user> --role reviewer'")
    return ServeOptions(team=args.team, ip=args.ip, accounts=str(accounts) if accounts else None,
                        allowed_hosts=args.allowed_hosts, allow_origin=args.allow_origin,
                        cull_idle_timeout=args.cull_idle_timeout, max_kernels=args.max_kernels,
                        store_url=args.db, pool_size=args.pool_size)


def add_review_account_parser(sub) -> None:
    p = sub.add_parser("review-account", help="accounts of the team review server")
    p.add_argument("action", choices=("add", "remove", "list"))
    p.add_argument("user", nargs="?")
    p.add_argument("--name", default="", help="display name (default the user name)")
    p.add_argument("--role", default="reviewer", choices=("reviewer", "compiler", "approver"))
    p.add_argument("--accounts", type=Path, default=DEFAULT_ACCOUNTS)
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from stdin (default: ask; empty: token only)")


def review_account(args) -> int:
    from inventory.review.accounts import add_account, load_accounts, remove_account

    if args.action == "list":
        for user, acc in sorted(load_accounts(args.accounts).items()):
            print(f"{user}\t{acc.get('name', '')}\t{acc.role}\t"
                  f"{'password' if acc.get('password') else 'token only'}")
        return 0
    if not args.user:
        raise InputError("a user name is needed", "ghgi review-account " + args.action,
                         "ghgi review-account add <user> --role reviewer")
    if args.action == "remove":
        if not remove_account(args.accounts, args.user):
            raise InputError(f"no account {args.user}", str(args.accounts),
                             "a user listed by 'ghgi review-account list'")
        print(f"removed {args.user} from {args.accounts}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.user} (empty: token only): ")
    token = add_account(args.accounts, args.user, args.name, args.role, password or None)
    print(f"{args.user} ({args.role}) in {args.accounts}\n"
          f"personal token (shown once): {token}\n"
          f"sign in at http://<server>:<port>/?token={token} or with the password")
    return 0
