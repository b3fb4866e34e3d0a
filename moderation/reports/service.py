"""Reports, from the person who files one to the moderator who closes it.

Each function takes the open session, the clock and the caller, applies the rules of
``policy`` and returns a value or an ``Outcome`` whose emits (the reporter's live
``report:updated``) go out after the commit. Filing always answers the same "received",
whether or not the target exists: the target is looked up only to seal the context.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from moderation import audit
from moderation.sanctions import views as sanction_views
from moderation.sanctions.models import Appeal, Sanction
from moderation.reports import policy, snapshot
from moderation.reports.models import Report, ReportNote
from rooms.boards.models import BoardPost
from rooms.events.models import Event, EventOccurrence
from server.core import text
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.principal import Principal

UPDATED = "report:updated"
MAX_TARGET_ID = 64


def reporter_view(report: Report) -> dict[str, Any]:
    """A report as its reporter sees it: never who handled it, never anything about the other."""
    return {"id": report.id, "category": report.category, "target_kind": report.target_kind,
            **policy.reporter_view_state(report.status, report.outcome),
            "created_at": iso(report.created_at), "updated_at": iso(report.updated_at)}


def queue_item(report: Report, nicknames: dict[str, str]) -> dict[str, Any]:
    return {"id": report.id, "category": report.category, "urgent": report.urgent,
            "target_kind": report.target_kind, "place": report.place, "status": report.status,
            "outcome": report.outcome, "created_at": iso(report.created_at),
            "claimed_by": report.claimed_by, "claimed_by_nickname": nicknames.get(report.claimed_by or ""),
            "mine": False}


async def _nickname(db: AsyncSession, account_id: str) -> str | None:
    return (await db.execute(select(Account.nickname).where(Account.id == account_id))).scalar_one_or_none()


async def _seal(db: AsyncSession, now: datetime, actor: Principal, *, kind: str, target_id: str, place: str | None,
                sources: snapshot.ChatSources) -> tuple[dict[str, Any], str | None]:
    """The sealed snapshot and the account it is about (None when nothing was found)."""
    context, about, extra = None, None, None
    if kind == "message" and place == "event":
        found_in_event = sources.event_message(target_id, actor.account_id)
        if found_in_event is not None:
            context, about, event = found_in_event
            extra = {"event": event}
    elif kind == "message":
        context, about = snapshot.message_context(sources, place=place or "", message_id=target_id,
                                                  reporter_id=actor.account_id, now=now)
    elif kind == "person":
        if await _nickname(db, target_id) is not None:
            about = target_id
            context = snapshot.person_context(sources, account_id=target_id, now=now)
    elif kind == "board_post":
        post = await db.get(BoardPost, target_id)
        if post is not None:
            about = post.author_id
            extra = {"post": {"id": post.id, "title_ja": post.title_ja, "title_en": post.title_en,
                              "excerpt_ja": post.excerpt_ja, "excerpt_en": post.excerpt_en}}
    elif kind == "event":  # an event or one of its sessions, as the reporter saw it
        occurrence = await db.get(EventOccurrence, target_id)
        event = await db.get(Event, occurrence.event_id if occurrence is not None else target_id)
        if event is not None:
            extra = {"event": {"id": event.id, "occurrence_id": occurrence.id if occurrence is not None else None,
                               "title_ja": event.title_ja, "title_en": event.title_en}}
    nickname = await _nickname(db, about) if about else None
    found = about is not None or extra is not None
    return snapshot.sealed(target_kind=kind, place=place, found=found, reported_nickname=nickname,
                           reporter_place=None, context=context, taken_at=now, extra=extra), about


async def file_report(db: AsyncSession, clock: Clock, actor: Principal | None, *, kind: str, target_id: str,
                      place: str | None, category: str, comment: object,
                      sources: snapshot.ChatSources) -> Outcome[dict[str, Any]]:
    actor = policy.require_reporter(actor)
    policy.valid(kind, policy.TARGET_KINDS, "target.kind")
    policy.valid(category, policy.CATEGORIES, "category")
    if kind == "message":
        policy.valid(place or "", policy.MESSAGE_PLACES, "target.place")
    elif place is not None:
        raise DomainError(ErrorCode.INVALID, field="target.place")
    if not target_id or len(target_id) > MAX_TARGET_ID:
        raise DomainError(ErrorCode.INVALID, field="target.id")
    clean_comment = text.clean(text.REPORT_COMMENT, comment, field="comment", optional=True)
    now = clock.now()
    sealed, about = await _seal(db, now, actor, kind=kind, target_id=target_id, place=place, sources=sources)
    if about == actor.account_id:
        about = None  # reporting oneself names nobody; the report is kept all the same
    report = Report(
        id=new_id(), reporter_id=actor.account_id, target_kind=kind, target_id=target_id, place=place,
        target_account_id=about, category=category, urgent=policy.is_urgent(category), comment=clean_comment,
        status=policy.RECEIVED, created_at=now, updated_at=now, snapshot=sealed,
        snapshot_purge_at=now + timedelta(days=policy.SNAPSHOT_DAYS),
    )
    db.add(report)
    await db.flush()
    return Outcome({"id": report.id, "status": policy.RECEIVED})


async def mine(db: AsyncSession, actor: Principal | None) -> list[dict[str, Any]]:
    actor = policy.require_reporter(actor)
    rows = await db.execute(select(Report).where(Report.reporter_id == actor.account_id)
                            .order_by(Report.created_at.desc()).limit(50))
    return [reporter_view(r) for r in rows.scalars()]


async def _nicknames(db: AsyncSession, ids: set[str]) -> dict[str, str]:
    ids.discard("")
    if not ids:
        return {}
    rows = await db.execute(select(Account.id, Account.nickname).where(Account.id.in_(ids)))
    return dict(rows.all())


async def queue(db: AsyncSession, actor: Principal | None, *, state: str = "open") -> list[dict[str, Any]]:
    """Open reports, urgent first then oldest first; or the latest closed ones."""
    actor = policy.require_moderator(actor)
    policy.valid(state, ("open", "closed"), "state")
    if state == "open":
        # Urgent first, then oldest, in the query too, so the 500 shown are the right ones.
        query = (select(Report).where(Report.status.in_(policy.OPEN_STATES))
                 .order_by(Report.urgent.desc(), Report.created_at).limit(500))
    else:
        query = select(Report).where(Report.status == policy.CLOSED).order_by(Report.closed_at.desc()).limit(100)
    reports = list((await db.execute(query)).scalars())
    if state == "open":
        reports.sort(key=lambda r: policy.queue_order(r.urgent, r.created_at))
    names = await _nicknames(db, {r.claimed_by or "" for r in reports})
    items = [queue_item(r, names) for r in reports]
    for item, report in zip(items, reports):
        item["mine"] = report.reporter_id == actor.account_id
    return items


async def unclaimed(db: AsyncSession) -> list[Report]:
    rows = await db.execute(select(Report).where(Report.status == policy.RECEIVED))
    return sorted(rows.scalars(), key=lambda r: policy.queue_order(r.urgent, r.created_at))


async def _report(db: AsyncSession, report_id: str, *, lock: bool = False) -> Report:
    query = select(Report).where(Report.id == report_id)
    if lock:
        query = query.with_for_update()
    report = (await db.execute(query)).scalar_one_or_none()
    if report is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="report")
    return report


async def earlier_sanctions(db: AsyncSession, account_id: str | None, *, limit: int = 20) -> list[dict[str, Any]]:
    """The reported account's sanctions (given, pending or lifted), newest first, each with its
    appeal, as moderators see them (moderation/sanctions/views.py)."""
    if account_id is None:
        return []
    sanctions = list((await db.execute(select(Sanction).where(Sanction.account_id == account_id)
                                       .order_by(Sanction.given_at.desc(), Sanction.id.desc()).limit(limit))).scalars())
    appeals = {a.sanction_id: a for a in (await db.execute(
        select(Appeal).where(Appeal.sanction_id.in_([s.id for s in sanctions])))).scalars()} if sanctions else {}
    return [sanction_views.for_moderator(s, appeals.get(s.id)) for s in sanctions]


async def detail(db: AsyncSession, actor: Principal | None, report_id: str) -> dict[str, Any]:
    """Everything a moderator works with: the report, its sealed snapshot (None once purged),
    notes, the reported account's earlier reports and sanctions."""
    actor = policy.require_moderator(actor)
    report = await _report(db, report_id)
    notes = list((await db.execute(select(ReportNote).where(ReportNote.report_id == report.id)
                                   .order_by(ReportNote.created_at, ReportNote.id))).scalars())
    earlier: list[Report] = []
    if report.target_account_id:
        earlier = list((await db.execute(
            select(Report).where(Report.target_account_id == report.target_account_id, Report.id != report.id)
            .order_by(Report.created_at.desc()).limit(50))).scalars())
    names = await _nicknames(db, {report.claimed_by or "", report.reporter_id or "", report.target_account_id or "",
                                  *(n.author_id or "" for n in notes)})
    return {
        **queue_item(report, names),
        "mine": report.reporter_id == actor.account_id,
        "about_you": report.target_account_id == actor.account_id,
        "comment": report.comment,
        "target_id": report.target_id,
        "reporter": {"id": report.reporter_id, "nickname": names.get(report.reporter_id or "")},
        "reported": {"id": report.target_account_id, "nickname": names.get(report.target_account_id or "")},
        "snapshot": report.snapshot,
        "snapshot_purge_at": iso(report.snapshot_purge_at),
        "notes": [{"id": n.id, "author_nickname": names.get(n.author_id or ""), "body": n.body,
                   "created_at": iso(n.created_at)} for n in notes],
        "earlier_reports": [{"id": r.id, "category": r.category, "status": r.status, "outcome": r.outcome,
                             "created_at": iso(r.created_at)} for r in earlier],
        "earlier_sanctions": await earlier_sanctions(db, report.target_account_id),
    }


def _told(report: Report) -> Emit:
    return Emit(ToAccount(report.reporter_id or ""), UPDATED, reporter_view(report))


async def _acting_on(db: AsyncSession, actor: Principal | None, report_id: str) -> tuple[Principal, Report]:
    actor = policy.require_moderator(actor)
    report = await _report(db, report_id, lock=True)
    policy.require_may_act(actor, reporter_id=report.reporter_id, target_account_id=report.target_account_id)
    return actor, report


async def claim(db: AsyncSession, clock: Clock, actor: Principal | None, report_id: str) -> Outcome[dict[str, Any]]:
    """One moderator at a time; claiming one's own claim again is harmless."""
    actor, report = await _acting_on(db, actor, report_id)
    policy.require_claim_free_or_mine(actor, status=report.status, claimed_by=report.claimed_by)
    now = clock.now()
    first = report.claimed_by is None
    if first:
        # Guarded by the row's state too: two moderators racing, only one write lands.
        done = await db.execute(update(Report).where(Report.id == report.id, Report.claimed_by.is_(None))
                                .values(claimed_by=actor.account_id, claimed_at=now, status=policy.IN_REVIEW,
                                        updated_at=now))
        if done.rowcount != 1:
            raise DomainError(ErrorCode.CONFLICT, detail={"reason": "claimed_by_other"})
        await db.refresh(report)
        await audit.record(db, clock, actor_id=actor.account_id, action="report.claim", target=report.id,
                           detail={"category": report.category})
    value = {"id": report.id, "status": report.status, "claimed_by": actor.account_id,
             "claimed_by_nickname": actor.nickname}
    return Outcome(value, (_told(report),) if first and report.reporter_id else ())


async def add_note(db: AsyncSession, clock: Clock, actor: Principal | None, report_id: str, body: object) -> dict[str, Any]:
    actor, report = await _acting_on(db, actor, report_id)
    policy.require_holds_claim(actor, status=report.status, claimed_by=report.claimed_by)
    clean = text.required(text.REPORT_NOTE, body, field="body")
    note = ReportNote(id=new_id(), report_id=report.id, author_id=actor.account_id, body=clean, created_at=clock.now())
    db.add(note)
    await db.flush()
    await audit.record(db, clock, actor_id=actor.account_id, action="report.note", target=report.id,
                       detail={"note_id": note.id})
    return {"id": note.id, "author_nickname": actor.nickname, "body": note.body, "created_at": iso(note.created_at)}


async def close(db: AsyncSession, clock: Clock, actor: Principal | None, report_id: str, outcome: str) -> Outcome[dict[str, Any]]:
    actor, report = await _acting_on(db, actor, report_id)
    policy.valid(outcome, policy.OUTCOMES, "outcome")
    policy.require_holds_claim(actor, status=report.status, claimed_by=report.claimed_by)
    now = clock.now()
    report.status, report.outcome, report.closed_by, report.closed_at, report.updated_at = (
        policy.CLOSED, outcome, actor.account_id, now, now)
    await db.flush()
    await audit.record(db, clock, actor_id=actor.account_id, action="report.close", target=report.id,
                       detail={"outcome": outcome, "category": report.category})
    return Outcome({"id": report.id, "status": report.status, "outcome": outcome},
                   (_told(report),) if report.reporter_id else ())


async def due_escalations(db: AsyncSession, clock: Clock) -> list[Report]:
    """Urgent reports unclaimed for two minutes: marked escalated (once) and returned."""
    now = clock.now()
    due = [r for r in await unclaimed(db)
           if policy.due_for_escalation(r.urgent, r.status, r.escalated_at, r.created_at, now)]
    for report in due:
        report.escalated_at = now
    await db.flush()
    return due


async def purge_snapshots(db: AsyncSession, clock: Clock) -> int:
    """Empty every sealed snapshot past its 30 days (the report's category and state stay)."""
    done = await db.execute(update(Report).where(Report.snapshot_purge_at.is_not(None),
                                                 Report.snapshot_purge_at <= clock.now())
                            .values(snapshot=None, snapshot_purge_at=None))
    return done.rowcount or 0


def alert_summary(report: Report) -> dict[str, Any]:
    """What an alert says: enough to go and look, nothing about the people."""
    return {"id": report.id, "category": report.category, "urgent": report.urgent,
            "created_at": iso(report.created_at)}
