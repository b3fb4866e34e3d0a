"""Account use cases: enter as a guest, keep the account, log in, refresh, log out, recover,
and the admin's staff management. Transport-free: callers pass a session, a clock and the actor.
"""
from __future__ import annotations

import asyncio
import hashlib
import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.login_guard import LoginGuard
from avatars.models import Account, AuthSession
from avatars.nicknames import generate_nickname, login_name, validate_nickname
from avatars.passphrases import (
    HashPool,
    PassphraseHasher,
    new_recovery_code,
    normalise_recovery_code,
    validate_passphrase,
)
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id, new_secret
from server.core.policy import can_assign_role, require_admin, require_principal
from server.core.principal import AccountKind, Principal, Profession, Role
from server.core.revocation import Reason, Revocation, note as note_revocation

REFRESH_TTL = timedelta(days=30)
SELF_CHOSEN_KINDS = {k.value for k in AccountKind}


@dataclass(frozen=True, slots=True)
class SignedIn:
    account: Account
    session_id: str
    refresh_token: str
    recovery_code: str | None = None  # shown once, only when created


def _hash_refresh(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_kind(raw: object) -> str:
    if raw is None:
        return AccountKind.UNSPECIFIED.value
    if not isinstance(raw, str) or raw not in SELF_CHOSEN_KINDS:
        raise DomainError(ErrorCode.INVALID, field="kind")
    return raw


def parse_role(raw: object) -> Role:
    try:
        return Role(raw)
    except ValueError:
        raise DomainError(ErrorCode.INVALID, field="role") from None


def parse_profession(raw: object, role: Role) -> str | None:
    if raw is None:
        if role == Role.SPECIALIST:
            raise DomainError(ErrorCode.INVALID, field="profession")
        return None
    try:
        return Profession(raw).value
    except ValueError:
        raise DomainError(ErrorCode.INVALID, field="profession") from None


def principal_of(account: Account, session_id: str = "") -> Principal:
    return Principal(
        account_id=account.id,
        role=Role(account.role),
        kind=AccountKind(account.kind),
        is_guest=account.is_guest,
        session_id=session_id,
        nickname=account.nickname,
    )


async def _open_session(db: AsyncSession, clock: Clock, account: Account) -> tuple[str, str]:
    token = new_secret()
    session = AuthSession(
        id=new_id(),
        account_id=account.id,
        refresh_hash=_hash_refresh(token),
        created_at=clock.now(),
        expires_at=clock.now() + REFRESH_TTL,
    )
    db.add(session)
    await db.flush()
    return session.id, token


async def _nickname_free(db: AsyncSession, handle: str, except_id: str | None = None) -> bool:
    found = await db.scalar(select(Account.id).where(Account.login_name == handle))
    return found is None or found == except_id


async def enter_as_guest(db: AsyncSession, clock: Clock, rng: random.Random, *, lang: str = "ja") -> SignedIn:
    account = Account(
        id=new_id(),
        nickname=generate_nickname(rng, lang),
        is_guest=True,
        created_at=clock.now(),
        last_seen_at=clock.now(),
    )
    db.add(account)
    await db.flush()
    sid, token = await _open_session(db, clock, account)
    return SignedIn(account, sid, token)


async def keep_account(
    db: AsyncSession,
    clock: Clock,
    pool: HashPool,
    actor: Principal | None,
    *,
    nickname: object,
    passphrase: object,
    kind: object = None,
) -> SignedIn:
    """Choose a nickname and a passphrase. A guest keeps everything they had (same account).
    A nickname in use is only "not usable" (the caller rate-limits asking)."""
    name = validate_nickname(nickname)
    secret = validate_passphrase(passphrase)
    chosen_kind = parse_kind(kind)
    handle = login_name(name)
    account = None
    if actor is not None:
        account = await db.get(Account, actor.account_id)
        if account is None:
            raise DomainError(ErrorCode.UNAUTHENTICATED)
        if not account.is_guest:
            raise DomainError(ErrorCode.ALREADY_REGISTERED)
    if not await _nickname_free(db, handle, except_id=account.id if account else None):
        raise DomainError(ErrorCode.NICKNAME_UNAVAILABLE, field="nickname")
    recovery = new_recovery_code()
    # Hash before writing anything: no row or write lock is held while argon2 runs.
    passphrase_hash, recovery_hash = await pool.hash_all(secret, recovery)
    if account is None:
        account = Account(id=new_id(), is_guest=True, created_at=clock.now(), nickname=name)
        db.add(account)
    account.nickname = name
    account.login_name = handle
    account.is_guest = False
    account.kind = chosen_kind
    account.passphrase_hash = passphrase_hash
    account.recovery_hash = recovery_hash
    account.last_seen_at = clock.now()
    try:
        await db.flush()
    except IntegrityError:  # a concurrent request took the same nickname
        raise DomainError(ErrorCode.NICKNAME_UNAVAILABLE, field="nickname") from None
    if actor is not None:
        return SignedIn(account, actor.session_id, "", recovery)
    sid, token = await _open_session(db, clock, account)
    return SignedIn(account, sid, token, recovery)


async def _checked_secret(
    db: AsyncSession, pool: HashPool, guard: LoginGuard, *, handle: str, client_key: str, secret: str, which: str
) -> Account:
    """The account whose passphrase (or recovery code) matches, counted by the guard either way.
    An unknown nickname costs the same hash and answers the same as a wrong passphrase."""
    delay = guard.check(handle, client_key)
    if delay:
        await asyncio.sleep(delay)  # a hot account: everyone is slowed a little, nobody refused
    account = await db.scalar(select(Account).where(Account.login_name == handle))
    hashed = getattr(account, which) if account else None
    ok = await pool.verify(hashed, secret)
    if not ok or account is None or account.disabled:
        guard.failed(handle, client_key)
        raise DomainError(ErrorCode.BAD_CREDENTIALS)
    guard.succeeded(handle, client_key)
    return account


async def log_in(
    db: AsyncSession,
    clock: Clock,
    pool: HashPool,
    guard: LoginGuard,
    *,
    nickname: object,
    passphrase: object,
    client_key: str,
) -> SignedIn:
    if not isinstance(nickname, str) or not isinstance(passphrase, str) or len(passphrase) > 128 or len(nickname) > 80:
        raise DomainError(ErrorCode.BAD_CREDENTIALS)
    account = await _checked_secret(
        db, pool, guard, handle=login_name(nickname), client_key=client_key, secret=passphrase, which="passphrase_hash"
    )
    account.last_seen_at = clock.now()
    sid, token = await _open_session(db, clock, account)
    return SignedIn(account, sid, token)


async def refresh(db: AsyncSession, clock: Clock, refresh_token: object) -> SignedIn:
    """Trade a refresh token for a new one (rotation) on the same session."""
    if not isinstance(refresh_token, str) or not 10 <= len(refresh_token) <= 200:
        raise DomainError(ErrorCode.TOKEN_INVALID)
    session = await db.scalar(select(AuthSession).where(AuthSession.refresh_hash == _hash_refresh(refresh_token)))
    if session is None or session.revoked_at is not None:
        raise DomainError(ErrorCode.TOKEN_INVALID)
    if session.expires_at <= clock.now():
        raise DomainError(ErrorCode.TOKEN_EXPIRED)
    account = await db.get(Account, session.account_id)
    if account is None or account.disabled:
        raise DomainError(ErrorCode.TOKEN_INVALID)
    token = new_secret()
    session.refresh_hash = _hash_refresh(token)
    session.expires_at = clock.now() + REFRESH_TTL
    account.last_seen_at = clock.now()
    await db.flush()
    return SignedIn(account, session.id, token)


async def log_out(db: AsyncSession, clock: Clock, actor: Principal) -> None:
    await db.execute(
        update(AuthSession)
        .where(AuthSession.id == actor.session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    # After commit, the session's open sockets are told and closed (server.realtime.live_access).
    note_revocation(db, Revocation(actor.account_id, Reason.LOGGED_OUT, session_id=actor.session_id))


async def revoke_all_sessions(db: AsyncSession, clock: Clock, account: Account, *,
                              reason: Reason = Reason.REVOKED) -> None:
    account.token_version += 1
    await db.execute(
        update(AuthSession)
        .where(AuthSession.account_id == account.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    # After commit, every open socket of the account's sessions is told why and closed.
    note_revocation(db, Revocation(account.id, reason, below_version=account.token_version))


async def recover(
    db: AsyncSession,
    clock: Clock,
    pool: HashPool,
    guard: LoginGuard,
    *,
    nickname: object,
    recovery_code: object,
    new_passphrase: object,
    client_key: str,
) -> SignedIn:
    """Forgotten passphrase: the one-time recovery code sets a new one and is replaced;
    every other session of the account ends."""
    secret = validate_passphrase(new_passphrase)
    if not isinstance(nickname, str) or not isinstance(recovery_code, str) or len(recovery_code) > 40 or len(nickname) > 80:
        raise DomainError(ErrorCode.BAD_CREDENTIALS)
    account = await _checked_secret(
        db, pool, guard, handle=login_name(nickname), client_key=client_key,
        secret=normalise_recovery_code(recovery_code), which="recovery_hash",
    )
    fresh_code = new_recovery_code()
    account.passphrase_hash, account.recovery_hash = await pool.hash_all(secret, fresh_code)
    await revoke_all_sessions(db, clock, account, reason=Reason.CREDENTIALS_CHANGED)
    sid, token = await _open_session(db, clock, account)
    return SignedIn(account, sid, token, fresh_code)


async def change_passphrase(
    db: AsyncSession,
    clock: Clock,
    pool: HashPool,
    guard: LoginGuard,
    actor: Principal,
    *,
    current_passphrase: object,
    new_passphrase: object,
    client_key: str,
) -> SignedIn:
    """Current passphrase -> new one. Every session ends but a fresh one for this device."""
    require_principal(actor)
    secret = validate_passphrase(new_passphrase)
    account = await db.get(Account, actor.account_id)
    if account is None or account.is_guest or not account.login_name:
        raise DomainError(ErrorCode.FORBIDDEN)
    if not isinstance(current_passphrase, str) or len(current_passphrase) > 128:
        raise DomainError(ErrorCode.BAD_CREDENTIALS, field="current_passphrase")
    await _checked_secret(
        db, pool, guard, handle=account.login_name, client_key=client_key,
        secret=current_passphrase, which="passphrase_hash",
    )
    account.passphrase_hash = await pool.hash(secret)
    await revoke_all_sessions(db, clock, account, reason=Reason.CREDENTIALS_CHANGED)
    sid, token = await _open_session(db, clock, account)
    return SignedIn(account, sid, token)


async def resolve_principal(
    db: AsyncSession, clock: Clock, *, account_id: str, session_id: str, token_version: int
) -> Principal:
    """An access token is only as good as its session: logout and role changes end it."""
    account = await db.get(Account, account_id)
    session = await db.get(AuthSession, session_id)
    if (
        account is None
        or session is None
        or session.account_id != account_id
        or session.revoked_at is not None
        or session.expires_at <= clock.now()
        or account.token_version != token_version
        or account.disabled
    ):
        raise DomainError(ErrorCode.TOKEN_INVALID)
    return principal_of(account, session_id)


async def update_profile(db: AsyncSession, actor: Principal, *, kind: object = ..., look: str | None = None) -> Account:
    account = await db.get(Account, require_principal(actor).account_id)
    if account is None:
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    if kind is not ...:
        account.kind = parse_kind(kind)
    if look is not None:
        account.look = look
    await db.flush()
    return account


async def _hash_all(hasher: HashPool | PassphraseHasher, *secrets: str) -> list[str]:
    """The server passes its pool (off the event loop); the CLI, with nothing else waiting, a hasher."""
    if isinstance(hasher, HashPool):
        return await hasher.hash_all(*secrets)
    return [hasher.hash(s) for s in secrets]


async def create_user(
    db: AsyncSession,
    clock: Clock,
    hasher: HashPool | PassphraseHasher,
    actor: Principal | None,
    *,
    nickname: object,
    passphrase: object,
    role: object,
    profession: object = None,
    kind: object = None,
) -> SignedIn:
    """Admin-only (the CLI passes actor=None: shell access to the server is the admin's)."""
    if actor is not None:
        require_admin(actor)
    chosen_role = parse_role(role)
    if actor is not None and not can_assign_role(actor, chosen_role):
        raise DomainError(ErrorCode.FORBIDDEN)
    name = validate_nickname(nickname)
    secret = validate_passphrase(passphrase)
    chosen_profession = parse_profession(profession, chosen_role)
    handle = login_name(name)
    if not await _nickname_free(db, handle):
        raise DomainError(ErrorCode.NICKNAME_TAKEN, field="nickname")
    recovery = new_recovery_code()
    passphrase_hash, recovery_hash = await _hash_all(hasher, secret, recovery)
    account = Account(
        id=new_id(),
        nickname=name,
        login_name=handle,
        is_guest=False,
        kind=parse_kind(kind),
        role=chosen_role.value,
        profession=chosen_profession,
        passphrase_hash=passphrase_hash,
        recovery_hash=recovery_hash,
        created_at=clock.now(),
    )
    db.add(account)
    try:
        await db.flush()
    except IntegrityError:
        raise DomainError(ErrorCode.NICKNAME_TAKEN, field="nickname") from None
    return SignedIn(account, "", "", recovery)


async def change_role(
    db: AsyncSession, clock: Clock, actor: Principal, *, account_id: object, role: object, profession: object = None
) -> Account:
    require_admin(actor)
    chosen_role = parse_role(role)
    if not can_assign_role(actor, chosen_role):
        raise DomainError(ErrorCode.FORBIDDEN)
    if not isinstance(account_id, str):
        raise DomainError(ErrorCode.INVALID, field="account_id")
    account = await db.get(Account, account_id)
    if account is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    if account.is_guest and chosen_role != Role.VISITOR:
        raise DomainError(ErrorCode.INVALID, field="account_id")  # staff must be able to log in again
    account.role = chosen_role.value
    account.profession = parse_profession(profession, chosen_role)
    await revoke_all_sessions(db, clock, account, reason=Reason.ROLE_CHANGED)  # the old role must not live on
    await db.flush()
    return account


async def list_staff(db: AsyncSession, actor: Principal) -> list[Account]:
    require_admin(actor)
    rows = await db.scalars(select(Account).where(Account.role != Role.VISITOR.value).order_by(Account.created_at))
    return list(rows)


async def find_kept_account(db: AsyncSession, actor: Principal, nickname: object) -> Account:
    require_admin(actor)
    if not isinstance(nickname, str) or len(nickname) > 80:
        raise DomainError(ErrorCode.INVALID, field="nickname")
    account = await db.scalar(select(Account).where(Account.login_name == login_name(nickname)))
    if account is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return account
