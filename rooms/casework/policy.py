"""Who may do what with letters and case records. Pure functions over plain facts, so the
rules are tested as tables and REST and Socket.IO obey the same ones.

Deny by default. In short:
- A case is opened by a specialist or a staff member, for a kept visitor account (a person
  or a family member) they have a relation with (see ``RELATION_KINDS``); the opener
  becomes its first assignee. Whether a case exists is never told to someone who cannot
  read it: every refusal to open is the same ``no_relation``.
- Only active assignees read or write a case. Admins and unassigned staff never read
  contents: they may only assign and hand over (coordination), which the person sees.
- At most two active assignees (2名担当制). A second one is added by staff, an admin or an
  assignee; a staff member who seats themself must give a reason, which the person reads; a hand-over replaces one assignee: staff and admins may hand over any seat, an
  assignee only their own.
- Letters go only between a person and the active assignees of that person's case.
- Only the person grants or revokes consent to share their record.
"""
from __future__ import annotations

from dataclasses import dataclass

from server.core.errors import DomainError, ErrorCode
from server.core.policy import require_kept_account
from server.core.principal import Principal, Role

MAX_ASSIGNEES = 2
# May open cases and be assigned to them.
CASEWORKER_ROLES = frozenset({Role.SPECIALIST, Role.STAFF})
# May assign and hand over on any case without being able to read it.
COORDINATOR_ROLES = frozenset({Role.STAFF, Role.ADMIN})

# What ties a caseworker to a person so that the caseworker may open the person's case.
# Each is something the person did and saw happen with that very caseworker:
RELATION_BOOKING = "booking"  # the person booked them (booked, completed or no-show; not cancelled)
RELATION_DESK = "desk_reply"  # they answered a message the person left at the desk
RELATION_KINDS = frozenset({RELATION_BOOKING, RELATION_DESK})
NO_RELATION = "no_relation"


@dataclass(frozen=True, slots=True)
class Party:
    """Another account as the rules see it (the actor is always a Principal)."""

    account_id: str
    role: Role
    is_guest: bool = False
    disabled: bool = False


def is_person(party: Party) -> bool:
    """Someone a case or a letter can be about: a kept, active visitor account."""
    return party.role == Role.VISITOR and not party.is_guest and not party.disabled


def is_caseworker(party: Party) -> bool:
    return party.role in CASEWORKER_ROLES and not party.is_guest and not party.disabled


def can_open_case(actor: Principal, person: Party, relations: frozenset[str]) -> bool:
    """``relations``: the kinds of relation between the actor and the person (see above)."""
    return (
        actor.role in CASEWORKER_ROLES
        and not actor.is_guest
        and is_person(person)
        and person.account_id != actor.account_id
        and bool(relations & RELATION_KINDS)
    )


def can_read_case(actor: Principal, assignees: frozenset[str]) -> bool:
    # The role is checked too: an assignee whose role was taken away loses access at once.
    return actor.account_id in assignees and actor.role in CASEWORKER_ROLES and not actor.is_guest


can_write_case = can_read_case


def can_assign(actor: Principal, assignees: frozenset[str]) -> bool:
    return (actor.role in COORDINATOR_ROLES and not actor.is_guest) or can_read_case(actor, assignees)


def can_be_assigned(candidate: Party, person_id: str, assignees: frozenset[str]) -> bool:
    return is_caseworker(candidate) and candidate.account_id != person_id and candidate.account_id not in assignees


def has_free_seat(assignees: frozenset[str]) -> bool:
    return len(assignees) < MAX_ASSIGNEES


def is_self_seating(actor: Principal, candidate_id: str) -> bool:
    """A coordinator putting themself on a case: allowed, but only with a reason the person
    reads in their access log (nobody may quietly give themself access to a record)."""
    return candidate_id == actor.account_id


def can_hand_over(actor: Principal, outgoing_id: str, assignees: frozenset[str]) -> bool:
    if outgoing_id not in assignees:
        return False
    if actor.role in COORDINATOR_ROLES and not actor.is_guest:
        return True
    return can_read_case(actor, assignees) and actor.account_id == outgoing_id


def can_list_own_cases(actor: Principal) -> bool:
    return actor.role in CASEWORKER_ROLES and not actor.is_guest


def can_view_overview(actor: Principal) -> bool:
    return actor.role in COORDINATOR_ROLES and not actor.is_guest


def can_write_letter(
    sender: Principal,
    recipient: Party,
    *,
    recipient_case_assignees: frozenset[str] | None,
    sender_case_assignees: frozenset[str] | None,
) -> bool:
    """A specialist writes to a person whose case they are assigned to; a person writes back
    to the assignees of their own case. ``*_case_assignees`` is None when there is no case."""
    if sender.is_guest or sender.account_id == recipient.account_id:
        return False
    if sender.role in CASEWORKER_ROLES:
        return is_person(recipient) and sender.account_id in (recipient_case_assignees or frozenset())
    if sender.role == Role.VISITOR:
        return is_caseworker(recipient) and recipient.account_id in (sender_case_assignees or frozenset())
    return False


def can_manage_consent(actor: Principal, person_id: str) -> bool:
    return actor.account_id == person_id and not actor.is_guest


# --- require_* : the same rules, raising stable refusals -------------------------------

def _forbid(reason: str) -> DomainError:
    return DomainError(ErrorCode.FORBIDDEN, detail={"reason": reason})


def require_caseworker(actor: Principal) -> None:
    require_kept_account(actor)
    if actor.role not in CASEWORKER_ROLES:
        raise _forbid("not_a_caseworker")


def no_relation() -> DomainError:
    """The one refusal to open a case, whatever the cause: nobody by that name, not a person,
    no relation, or a case already held by others. So it tells nothing about who has a case."""
    return _forbid(NO_RELATION)



def require_can_open_case(actor: Principal, person: Party | None, relations: frozenset[str]) -> None:
    require_caseworker(actor)
    if person is None or not can_open_case(actor, person, relations):
        raise no_relation()


def require_can_be_assigned(
    candidate: Party, person_id: str, assignees: frozenset[str], *, field: str = "specialist_id"
) -> None:
    if candidate.account_id in assignees:
        raise DomainError(ErrorCode.CONFLICT, field=field, detail={"reason": "already_assigned"})
    if not can_be_assigned(candidate, person_id, assignees):
        raise DomainError(ErrorCode.INVALID, field=field, detail={"reason": "not_a_caseworker"})


def require_free_seat(assignees: frozenset[str]) -> None:
    if not has_free_seat(assignees):
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "two_assignees"})


def require_can_list_own_cases(actor: Principal) -> None:
    require_kept_account(actor)
    if not can_list_own_cases(actor):
        raise _forbid("not_a_caseworker")


def require_can_view_overview(actor: Principal) -> None:
    require_kept_account(actor)
    if not can_view_overview(actor):
        raise _forbid("not_a_coordinator")


def require_can_write_letter(
    sender: Principal,
    recipient: Party | None,
    *,
    recipient_case_assignees: frozenset[str] | None,
    sender_case_assignees: frozenset[str] | None,
) -> None:
    require_kept_account(sender)
    if recipient is None or not can_write_letter(
        sender, recipient,
        recipient_case_assignees=recipient_case_assignees,
        sender_case_assignees=sender_case_assignees,
    ):
        # One answer whether or not the recipient exists: no probing for accounts.
        raise _forbid("not_your_contact")
