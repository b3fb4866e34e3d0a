"""Caseload: how much each specialist carries in one month, so that nobody carries it alone.

Supervisors (admins) see every specialist, heaviest first, with a calm hint on whoever carries
much more than the median; a specialist sees only their own row. Counts only: no person, no
text, no booking or case id leaves here.

A month is a calendar month in the operator's time zone (Asia/Tokyo by default), from the
injected clock. What counts (see docs/CASEWORK.md, "Caseload"):
- sessions: bookings with the specialist that start in the month, by state: held (completed),
  upcoming (booked, not started yet), no-show, and unmarked (booked, started, not marked yet).
  Cancelled bookings are not load.
- cases: seats the specialist holds at the month's cutoff (its end, or now for the current
  month), and seats taken during the month.
- letters: received and sent in the month (as still stored: a letter both sides deleted is
  gone), and letters waiting on them at the cutoff: from a person whose case they hold, not
  deleted by them, with no letter back to that person since.

``load`` = sessions (all but cancelled) + open cases + letters received: one rough number to
sort by; the columns stay beside it so nobody is judged by the number alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from avatars.models import Account
from rooms.bookings.models import Booking
from rooms.bookings.states import Status
from rooms.casework.models import Assignment, Case, Letter
from rooms.casework.views import worker_json
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.policy import require_role
from server.core.principal import Principal, Role

# Who may read caseloads: admins everyone's, a specialist their own. Staff coordinators are
# left out on purpose (the issue names admins and the specialist themself).
READER_ROLES = frozenset({Role.SPECIALIST, Role.ADMIN})
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits only: \d would take "２０２６"
# "Much more than the median": at least twice it and at least this many more, so that 2
# against a median of 1 is not pointed at.
HEAVIER_FACTOR = 2
HEAVIER_MARGIN = 3


# --- months ------------------------------------------------------------------------------

def parse_month(raw: object) -> tuple[int, int]:
    """"YYYY-MM" -> (year, month); INVALID on field ``month`` otherwise."""
    found = _MONTH.fullmatch(raw) if isinstance(raw, str) else None
    if found is None or not 1 <= int(found[2]) <= 12:
        raise DomainError(ErrorCode.INVALID, field="month", detail={"reason": "not_a_month"})
    year, number = int(found[1]), int(found[2])
    if not EARLIEST_YEAR <= year < LATEST_YEAR:
        raise DomainError(ErrorCode.INVALID, field="month", detail={"reason": "out_of_range"})
    return year, number


def month_of(moment: datetime, tz: str) -> tuple[int, int]:
    local = moment.astimezone(ZoneInfo(tz))
    return local.year, local.month


def month_window(year: int, number: int, tz: str) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) of a local month, in UTC."""
    zone = ZoneInfo(tz)
    start = datetime(year, number, 1, tzinfo=zone)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def cutoff(now: datetime, end: datetime) -> datetime:
    """The instant 'open' and 'waiting' are counted at: the month's end, or now if sooner."""
    return min(now, end)


# --- the pure rules ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Load:
    held: int = 0
    upcoming: int = 0
    no_show: int = 0
    unmarked: int = 0
    cases_open: int = 0
    cases_new: int = 0
    letters_received: int = 0
    letters_sent: int = 0
    letters_waiting: int = 0

    @property
    def points(self) -> int:
        return self.held + self.upcoming + self.no_show + self.unmarked + self.cases_open + self.letters_received


def middle(points: list[int]) -> float:
    """The median load of those shown (0 when nobody is)."""
    return float(median(points)) if points else 0.0


def heavier_than_most(points: int, middle_points: float) -> bool:
    return points >= HEAVIER_FACTOR * middle_points and points - middle_points >= HEAVIER_MARGIN


def order_key(nickname: str, account_id: str, load: Load) -> tuple:
    """Heaviest first; equal loads by nickname, so the table does not reshuffle on reload."""
    return (-load.points, nickname, account_id)


# --- the counts --------------------------------------------------------------------------

async def _session_counts(db: AsyncSession, start: datetime, end: datetime, now: datetime) -> dict[str, dict]:
    started = case((Booking.starts_at < now, 1), else_=0)
    rows = await db.execute(
        select(Booking.specialist_id, Booking.status, started, func.count())
        .where(Booking.starts_at >= start, Booking.starts_at < end, Booking.status != Status.CANCELLED.value)
        .group_by(Booking.specialist_id, Booking.status, started))
    found: dict[str, dict] = {}
    for specialist_id, status, has_started, count in rows.all():
        counts = found.setdefault(specialist_id, {})
        if status == Status.COMPLETED.value:
            name = "held"
        elif status == Status.NO_SHOW.value:
            name = "no_show"
        else:
            name = "unmarked" if has_started else "upcoming"
        counts[name] = counts.get(name, 0) + count
    return found


def _seated_at(moment: datetime):
    return and_(Assignment.assigned_at < moment, or_(Assignment.ended_at.is_(None), Assignment.ended_at >= moment))


async def _case_counts(db: AsyncSession, start: datetime, at: datetime) -> dict[str, dict]:
    found: dict[str, dict] = {}
    held = await db.execute(select(Assignment.specialist_id, func.count()).where(_seated_at(at))
                            .group_by(Assignment.specialist_id))
    for specialist_id, count in held.all():
        found.setdefault(specialist_id, {})["cases_open"] = count
    taken = await db.execute(select(Assignment.specialist_id, func.count())
                             .where(Assignment.assigned_at >= start, Assignment.assigned_at < at)
                             .group_by(Assignment.specialist_id))
    for specialist_id, count in taken.all():
        found.setdefault(specialist_id, {})["cases_new"] = count
    return found


async def _letter_counts(db: AsyncSession, start: datetime, end: datetime, at: datetime, ids: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    in_month = and_(Letter.created_at >= start, Letter.created_at < end)
    for column, name in ((Letter.recipient_id, "letters_received"), (Letter.sender_id, "letters_sent")):
        rows = await db.execute(select(column, func.count()).where(in_month, column.in_(ids)).group_by(column))
        for account_id, count in rows.all():
            found.setdefault(account_id, {})[name] = count
    # Waiting: a letter from a person whose case the specialist holds at the cutoff, still in
    # their inbox then, that no letter of theirs back to that person has followed (a seek in
    # the (sender, recipient, created_at) index per letter).
    answer = aliased(Letter)
    answered = exists().where(answer.sender_id == Letter.recipient_id, answer.recipient_id == Letter.sender_id,
                              answer.created_at >= Letter.created_at, answer.created_at < at)
    rows = await db.execute(
        select(Letter.recipient_id, func.count())
        .join(Case, Case.person_id == Letter.sender_id)
        .join(Assignment, and_(Assignment.case_id == Case.id, Assignment.specialist_id == Letter.recipient_id))
        .where(_seated_at(at), Letter.recipient_id.in_(ids), Letter.created_at < at,
               or_(Letter.recipient_deleted_at.is_(None), Letter.recipient_deleted_at >= at), ~answered)
        .group_by(Letter.recipient_id))
    for account_id, count in rows.all():
        found.setdefault(account_id, {})["letters_waiting"] = count
    return found


async def loads(db: AsyncSession, start: datetime, end: datetime, now: datetime) -> dict[str, Load]:
    """Every specialist's load in [start, end): each active specialist, and anyone else who
    carried some (a staff member holding cases or consultations, a specialist since moved)."""
    at = cutoff(now, end)
    parts: dict[str, dict] = {}
    for counted in (await _session_counts(db, start, end, now), await _case_counts(db, start, at)):
        for account_id, counts in counted.items():
            parts.setdefault(account_id, {}).update(counts)
    specialists = await db.scalars(select(Account.id).where(
        Account.role == Role.SPECIALIST.value, Account.is_guest.is_(False), Account.disabled.is_(False)))
    for account_id in specialists:
        parts.setdefault(account_id, {})
    for account_id, counts in (await _letter_counts(db, start, end, at, set(parts))).items():
        parts[account_id].update(counts)
    return {account_id: Load(**counts) for account_id, counts in parts.items()}


def _row(account: Account, load: Load, heavier: bool) -> dict:
    return {
        "specialist": worker_json(account),
        "sessions": {"held": load.held, "upcoming": load.upcoming, "no_show": load.no_show, "unmarked": load.unmarked},
        "cases": {"open": load.cases_open, "new": load.cases_new},
        "letters": {"received": load.letters_received, "sent": load.letters_sent, "waiting": load.letters_waiting},
        "load": load.points,
        "heavier_than_most": heavier,
    }


async def caseload(db: AsyncSession, clock: Clock, actor: Principal | None, month: object = None, *,
                   tz: str = "Asia/Tokyo") -> dict:
    """The caseload of ``month`` ("YYYY-MM", the current local month when None or "").
    Admins: every specialist, heaviest first, with the median. A specialist: their own row."""
    actor = require_role(actor, READER_ROLES)
    now = clock.now()
    year, number = parse_month(month) if month not in (None, "") else month_of(now, tz)
    start, end = month_window(year, number, tz)
    found = await loads(db, start, end, now)
    if actor.role is Role.SPECIALIST:
        found.setdefault(actor.account_id, Load())
    middle_points = middle([load.points for load in found.values()])
    shown = found if actor.role is Role.ADMIN else {actor.account_id: found[actor.account_id]}
    accounts = {a.id: a for a in await db.scalars(select(Account).where(Account.id.in_(set(shown))))}
    rows = sorted(((accounts[i], load) for i, load in shown.items() if i in accounts),
                  key=lambda pair: order_key(pair[0].nickname, pair[0].id, pair[1]))
    body = {
        "month": f"{year:04d}-{number:02d}", "time_zone": tz, "from": iso(start), "to": iso(end),
        "as_of": iso(cutoff(now, end)), "scope": "everyone" if actor.role is Role.ADMIN else "self",
        "specialists": [_row(a, load, heavier_than_most(load.points, middle_points)) for a, load in rows],
    }
    if actor.role is Role.ADMIN:
        body["median_load"] = middle_points
    return body
