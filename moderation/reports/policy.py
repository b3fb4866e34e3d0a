"""The rules of reports. Pure: the service, REST and the alert loop ask the same functions.

- Anyone who entered, a guest included, may report; the answer is always "received".
- Moderators and admins read the queue and the sealed snapshots; nobody else does.
- A moderator never acts on a report they filed, nor on one about themselves.
- Notes and closing need the claim: one moderator at a time looks at a report.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from server.core.errors import DomainError, ErrorCode
from server.core.policy import MODERATION_ROLES, require_principal, require_role
from server.core.principal import Principal, Role

CATEGORIES = (
    "harassment",  # harassment or pressure
    "contact_or_meeting",  # asking for contact details or to meet outside
    "sexual",
    "selling_or_spam",
    "pretending_staff",
    "unsafe_now",  # "I feel unsafe right now": urgent
    "other",
)
URGENT_CATEGORIES = frozenset({"unsafe_now"})
TARGET_KINDS = ("person", "message", "board_post", "event")
MESSAGE_PLACES = ("zone", "conversation", "desk", "event")  # "event": event chat, once events exist
OUTCOMES = ("acted", "no_violation", "need_info")
RECEIVED, IN_REVIEW, CLOSED = "received", "in_review", "closed"
OPEN_STATES = (RECEIVED, IN_REVIEW)

SNAPSHOT_DAYS = 30
ESCALATE_AFTER = timedelta(minutes=2)
# Alerted when a report arrives; every other staff-class role hears an urgent one left unclaimed.
FIRST_ALERT_ROLES = frozenset({Role.MODERATOR, Role.STAFF, Role.ADMIN})


def is_urgent(category: str) -> bool:
    return category in URGENT_CATEGORIES


def is_moderator(principal: Principal | None) -> bool:
    return principal is not None and principal.role in MODERATION_ROLES


def require_moderator(principal: Principal | None) -> Principal:
    return require_role(principal, MODERATION_ROLES)


def require_reporter(principal: Principal | None) -> Principal:
    return require_principal(principal)


def require_may_act(actor: Principal, *, reporter_id: str | None, target_account_id: str | None) -> None:
    """Nobody judges their own report, nor a report about themselves."""
    if reporter_id == actor.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "own_report"})
    if target_account_id == actor.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "about_you"})


def require_claim_free_or_mine(actor: Principal, *, status: str, claimed_by: str | None) -> None:
    if status == CLOSED:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "closed"})
    if claimed_by is not None and claimed_by != actor.account_id:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "claimed_by_other"})


def require_holds_claim(actor: Principal, *, status: str, claimed_by: str | None) -> None:
    if status == CLOSED:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "closed"})
    if claimed_by != actor.account_id:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "not_claimed_by_you"})


def queue_order(urgent: bool, created_at: datetime) -> tuple[int, datetime]:
    """Urgent first, then the oldest first."""
    return (0 if urgent else 1, created_at)


def due_for_escalation(urgent: bool, status: str, escalated_at: datetime | None, created_at: datetime,
                       now: datetime) -> bool:
    """An urgent report nobody claimed within two minutes goes to every staff member, once."""
    return urgent and status == RECEIVED and escalated_at is None and now - created_at >= ESCALATE_AFTER


def reporter_view_state(status: str, outcome: str | None) -> dict[str, str | None]:
    """What the reporter may know: the state and, once closed, the outcome class. Nothing else."""
    return {"status": status, "outcome": outcome if status == CLOSED else None}


def valid(value: str, allowed: Iterable[str], field: str) -> str:
    if value not in allowed:
        raise DomainError(ErrorCode.INVALID, field=field)
    return value
