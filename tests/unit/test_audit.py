"""The audit log on SQLite and PostgreSQL: appended in the act's own transaction, read newest
first, and offering no way to change or remove an entry."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from avatars import accounts
from moderation import audit
from moderation.audit import AuditEntry
from server.core.clock import FakeClock
from server.core.errors import DomainError
from tests.conftest import FAST_HASHER


async def moderator(db, clock) -> str:
    signed = await accounts.create_user(db, clock, FAST_HASHER, None, nickname="みはり", passphrase="moderator-pass-1",
                                        role="moderator")
    return signed.account.id


async def test_entries_are_appended_and_read_newest_first(sessions):
    clock = FakeClock()
    async with sessions.begin() as db:
        actor = await moderator(db, clock)
        await audit.record(db, clock, actor_id=actor, action="presence.reveal_hidden", target="plaza-1",
                           detail={"reason": "通報の確認", "seconds": 600.0})
        clock.advance(60)
        await audit.record(db, clock, actor_id=actor, action="presence.reveal_hidden_off", target="plaza-1")
    async with sessions() as db:
        newest = await audit.entries(db)
        only_looks = await audit.entries(db, action="presence.reveal_hidden")
    assert [e.action for e in newest] == ["presence.reveal_hidden_off", "presence.reveal_hidden"]
    assert newest[0].at - newest[1].at == timedelta(seconds=60) and newest[0].detail == {}
    assert [(e.actor_id, e.target, e.detail) for e in only_looks] == [
        (actor, "plaza-1", {"reason": "通報の確認", "seconds": 600.0})]


async def test_an_entry_is_lost_with_the_act_it_records(sessions):
    clock = FakeClock()
    async with sessions.begin() as db:
        actor = await moderator(db, clock)
    with pytest.raises(RuntimeError):
        async with sessions.begin() as db:
            await audit.record(db, clock, actor_id=actor, action="presence.reveal_hidden")
            raise RuntimeError("the act failed")
    async with sessions() as db:
        assert (await db.execute(select(AuditEntry))).scalars().all() == []


@pytest.mark.parametrize("action, target", [("", None), ("x" * 65, None), ("presence.reveal_hidden", "t" * 65)])
async def test_malformed_entries_are_refused(sessions, action, target):
    clock = FakeClock()
    async with sessions.begin() as db:
        actor = await moderator(db, clock)
        with pytest.raises(DomainError):
            await audit.record(db, clock, actor_id=actor, action=action, target=target)


def test_the_module_offers_no_way_to_change_or_remove_entries():
    public = {name for name in vars(audit) if not name.startswith("_") and callable(getattr(audit, name))}
    assert not {n for n in public if any(w in n for w in ("update", "delete", "remove", "edit", "purge"))}
