"""Admin commands: ``python -m server.cli migrate | seed-demo | create-user | set-role``."""
from __future__ import annotations

import argparse
import asyncio
import getpass
import secrets
import sys

from avatars import accounts
from avatars.passphrases import PassphraseHasher
from server.core.clock import SystemClock
from server.core.errors import DomainError
from server.core import revocation
from server.db import create_engine, require_migrated, session_factory, upgrade_to_head
from server.realtime.live_access import announce
from server.settings import Settings


async def _with_db(settings: Settings, work):
    engine = create_engine(settings.database_url)
    ended: list[revocation.Revocation] = []  # sessions the work ended, known after commit
    revocation.listen()
    try:
        await require_migrated(engine)
        sessions = session_factory(engine)
        sessions.configure(info={revocation.SINK: ended.extend})
        async with sessions.begin() as db:
            result = await work(db)
        if ended and settings.redis_url:  # the running servers close those sessions' sockets now
            await announce(settings.redis_url, settings.redis_channel, tuple(ended))
        return result
    finally:
        await engine.dispose()


def cmd_migrate(settings: Settings, _args) -> int:
    upgrade_to_head(settings.database_url)
    print("Database migrated to the latest version.")
    return 0


def _read_passphrase(args) -> tuple[str, bool]:
    if args.passphrase_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if sys.stdin.isatty():
        return getpass.getpass("Passphrase (8-128 characters): "), False
    return secrets.token_urlsafe(12), True


def cmd_create_user(settings: Settings, args) -> int:
    passphrase, generated = _read_passphrase(args)

    async def work(db):
        return await accounts.create_user(
            db, SystemClock(), PassphraseHasher(), None,
            nickname=args.nickname, passphrase=passphrase, role=args.role, profession=args.profession,
        )

    try:
        created = asyncio.run(_with_db(settings, work))
    except DomainError as exc:
        print(f"Refused: {exc.code.value} ({exc.to_dict()['message']['en']})", file=sys.stderr)
        return 2
    print(f"Created {created.account.role} '{created.account.nickname}' (id {created.account.id}).")
    if generated:
        print(f"Passphrase (shown once): {passphrase}")
    print(f"Recovery code (shown once): {created.recovery_code}")
    return 0


def cmd_set_role(settings: Settings, args) -> int:
    from server.core.principal import Principal, Role

    shell_admin = Principal(account_id="cli", role=Role.ADMIN)

    async def work(db):
        account = await accounts.find_kept_account(db, shell_admin, args.nickname)
        return await accounts.change_role(
            db, SystemClock(), shell_admin, account_id=account.id, role=args.role, profession=args.profession
        )

    try:
        account = asyncio.run(_with_db(settings, work))
    except DomainError as exc:
        print(f"Refused: {exc.code.value} ({exc.to_dict()['message']['en']})", file=sys.stderr)
        return 2
    print(f"'{account.nickname}' is now {account.role}; their sessions were ended.")
    return 0


def cmd_seed_demo(settings: Settings, _args) -> int:
    from server.demo import seed_demo

    async def work(db):
        return await seed_demo(db, SystemClock(), PassphraseHasher(), data_dir=settings.data_dir)

    created = asyncio.run(_with_db(settings, work))
    print(f"Demo content ready ({created} new items).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server.cli", description="Ibasho admin commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)
    sub.add_parser("seed-demo", help="add demo content (idempotent; not for production)").set_defaults(run=cmd_seed_demo)
    roles = ["visitor", "peer_supporter", "specialist", "staff", "moderator", "admin"]
    professions = ["psychologist", "psychiatric_social_worker", "public_health_nurse", "lawyer", "career_consultant"]
    create = sub.add_parser("create-user", help="create a staff account")
    create.add_argument("--nickname", required=True)
    create.add_argument("--role", required=True, choices=roles)
    create.add_argument("--profession", choices=professions)
    create.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase from standard input")
    create.set_defaults(run=cmd_create_user)
    role = sub.add_parser("set-role", help="change an account's role (ends its sessions)")
    role.add_argument("--nickname", required=True)
    role.add_argument("--role", required=True, choices=roles)
    role.add_argument("--profession", choices=professions)
    role.set_defaults(run=cmd_set_role)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(Settings.from_env(), args)


if __name__ == "__main__":
    raise SystemExit(main())
