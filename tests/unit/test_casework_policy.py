"""Casework rules as tables: who may open, read, assign, hand over, write letters, consent;
and the text rules every letter and note obeys."""
import pytest

from rooms.casework import policy
from rooms.casework.policy import Party
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role


def actor(role: Role, account_id: str = "me", *, guest: bool = False) -> Principal:
    return Principal(account_id=account_id, role=role, is_guest=guest)


PERSON = Party("p1", Role.VISITOR)
GUEST_PERSON = Party("p2", Role.VISITOR, is_guest=True)
DISABLED_PERSON = Party("p3", Role.VISITOR, disabled=True)
SPEC_A = Party("a", Role.SPECIALIST)
SPEC_B = Party("b", Role.SPECIALIST)
STAFF_C = Party("c", Role.STAFF)
ADMIN_Z = Party("z", Role.ADMIN)
ONE = frozenset({"a"})
TWO = frozenset({"a", "b"})


BOOKED = frozenset({policy.RELATION_BOOKING})
ANSWERED = frozenset({policy.RELATION_DESK})
BOTH = BOOKED | ANSWERED
NONE = frozenset()
ALL_ROLES = list(Role)


@pytest.mark.parametrize("role, guest, person, allowed", [
    (Role.SPECIALIST, False, PERSON, True),
    (Role.STAFF, False, PERSON, True),
    (Role.ADMIN, False, PERSON, False),  # admins coordinate, they do not hold cases
    (Role.MODERATOR, False, PERSON, False),
    (Role.PEER_SUPPORTER, False, PERSON, False),
    (Role.VISITOR, False, PERSON, False),
    (Role.SPECIALIST, True, PERSON, False),  # a guest specialist cannot exist, but deny anyway
    (Role.SPECIALIST, False, GUEST_PERSON, False),  # a record lasts years: kept accounts only
    (Role.SPECIALIST, False, DISABLED_PERSON, False),
    (Role.SPECIALIST, False, SPEC_B, False),  # cases are about people, not colleagues
    (Role.SPECIALIST, False, Party("me", Role.VISITOR), False),  # never about oneself
])
def test_can_open_case_who_and_for_whom(role, guest, person, allowed):
    # Even with every relation there is: the relation is necessary, never sufficient.
    assert policy.can_open_case(actor(role, guest=guest), person, BOTH) is allowed


@pytest.mark.parametrize("relations, allowed", [
    (BOOKED, True),  # the person booked this caseworker (not cancelled)
    (ANSWERED, True),  # this caseworker answered the person's desk message
    (BOTH, True),
    (NONE, False),  # a nickname alone opens nothing
    (frozenset({"referral"}), False),  # unknown kinds count for nothing (deny by default)
    (frozenset({"colleague_said_so"}), False),
])
@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.STAFF])
def test_opening_needs_a_relation(role, relations, allowed):
    assert policy.can_open_case(actor(role), PERSON, relations) is allowed
    if allowed:
        policy.require_can_open_case(actor(role), PERSON, relations)
    else:
        with pytest.raises(DomainError) as err:
            policy.require_can_open_case(actor(role), PERSON, relations)
        assert err.value.code == ErrorCode.FORBIDDEN and err.value.detail == {"reason": "no_relation"}


# Every role against every relation: only caseworkers with a relation may open.
@pytest.mark.parametrize("relations", [NONE, BOOKED, ANSWERED, BOTH], ids=["none", "booking", "desk", "both"])
@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda r: r.value)
def test_open_case_table_every_role(role, relations):
    expected = role in (Role.SPECIALIST, Role.STAFF) and bool(relations)
    assert policy.can_open_case(actor(role), PERSON, relations) is expected
    if expected:
        return
    with pytest.raises(DomainError) as err:
        policy.require_can_open_case(actor(role), PERSON, relations)
    reason = "no_relation" if role in (Role.SPECIALIST, Role.STAFF) else "not_a_caseworker"
    assert err.value.code == ErrorCode.FORBIDDEN and err.value.detail == {"reason": reason}


@pytest.mark.parametrize("person", [None, GUEST_PERSON, DISABLED_PERSON, SPEC_B, Party("me", Role.VISITOR)],
                         ids=["nobody", "guest", "disabled", "colleague", "oneself"])
def test_every_refusal_to_open_is_the_same_answer(person):
    # Nobody by that name, not a person, or no relation: one answer, so nothing is learnt.
    with pytest.raises(DomainError) as err:
        policy.require_can_open_case(actor(Role.SPECIALIST), person, BOTH)
    assert err.value.code == ErrorCode.FORBIDDEN and err.value.detail == {"reason": "no_relation"}


def test_guests_are_refused_before_anything_else():
    with pytest.raises(DomainError) as err:
        policy.require_can_open_case(actor(Role.SPECIALIST, guest=True), PERSON, BOTH)
    assert err.value.code == ErrorCode.FORBIDDEN and err.value.detail == {"reason": "guest"}


@pytest.mark.parametrize("who, candidate, self_seat", [
    (actor(Role.STAFF, "c"), "c", True),
    (actor(Role.STAFF, "c"), "a", False),
    (actor(Role.ADMIN, "z"), "a", False),
    (actor(Role.SPECIALIST, "a"), "b", False),
])
def test_self_seating_is_recognised(who, candidate, self_seat):
    assert policy.is_self_seating(who, candidate) is self_seat


@pytest.mark.parametrize("who, assignees, allowed", [
    (actor(Role.SPECIALIST, "a"), ONE, True),
    (actor(Role.SPECIALIST, "b"), TWO, True),
    (actor(Role.STAFF, "a"), ONE, True),
    (actor(Role.SPECIALIST, "b"), ONE, False),  # a colleague, not assigned
    (actor(Role.STAFF, "c"), TWO, False),  # coordinating is not reading
    (actor(Role.ADMIN, "z"), TWO, False),  # deny by default, even for admins
    (actor(Role.ADMIN, "a"), ONE, False),  # an id match is not enough: the role must fit
    (actor(Role.VISITOR, "a"), ONE, False),  # an assignee whose role was taken away
    (actor(Role.VISITOR, "p1"), ONE, False),  # the person reads their record through "my record"
    (actor(Role.SPECIALIST, "a", guest=True), ONE, False),
    (actor(Role.SPECIALIST, "a"), frozenset(), False),
])
def test_can_read_and_write_case(who, assignees, allowed):
    assert policy.can_read_case(who, assignees) is allowed
    assert policy.can_write_case(who, assignees) is allowed


@pytest.mark.parametrize("who, assignees, allowed", [
    (actor(Role.SPECIALIST, "a"), ONE, True),  # an assignee finds their partner
    (actor(Role.STAFF, "c"), ONE, True),
    (actor(Role.ADMIN, "z"), ONE, True),
    (actor(Role.SPECIALIST, "b"), ONE, False),
    (actor(Role.MODERATOR, "m"), ONE, False),
    (actor(Role.PEER_SUPPORTER, "s"), ONE, False),
    (actor(Role.VISITOR, "p1"), ONE, False),
    (actor(Role.STAFF, "c", guest=True), ONE, False),
])
def test_can_assign(who, assignees, allowed):
    assert policy.can_assign(who, assignees) is allowed


@pytest.mark.parametrize("candidate, assignees, allowed", [
    (SPEC_B, ONE, True),
    (STAFF_C, ONE, True),
    (SPEC_A, ONE, False),  # already there
    (ADMIN_Z, ONE, False),
    (Party("m", Role.MODERATOR), ONE, False),
    (Party("s", Role.PEER_SUPPORTER), ONE, False),
    (PERSON, ONE, False),  # the person is never their own specialist
    (Party("x", Role.SPECIALIST, disabled=True), ONE, False),
    (Party("x", Role.SPECIALIST, is_guest=True), ONE, False),
])
def test_can_be_assigned(candidate, assignees, allowed):
    assert policy.can_be_assigned(candidate, "p1", assignees) is allowed


@pytest.mark.parametrize("assignees, free", [(frozenset(), True), (ONE, True), (TWO, False)])
def test_two_seats(assignees, free):
    assert policy.has_free_seat(assignees) is free
    if free:
        policy.require_free_seat(assignees)
    else:
        with pytest.raises(DomainError) as err:
            policy.require_free_seat(assignees)
        assert err.value.code == ErrorCode.CONFLICT and err.value.detail == {"reason": "two_assignees"}


@pytest.mark.parametrize("who, outgoing, assignees, allowed", [
    (actor(Role.SPECIALIST, "a"), "a", TWO, True),  # my own seat
    (actor(Role.SPECIALIST, "a"), "b", TWO, False),  # not my colleague's
    (actor(Role.STAFF, "c"), "b", TWO, True),  # coordinators: any seat
    (actor(Role.ADMIN, "z"), "a", ONE, True),
    (actor(Role.ADMIN, "z"), "b", ONE, False),  # b holds no seat
    (actor(Role.SPECIALIST, "b"), "a", ONE, False),  # outsider
    (actor(Role.VISITOR, "p1"), "a", ONE, False),
    (actor(Role.STAFF, "c", guest=True), "a", ONE, False),
])
def test_can_hand_over(who, outgoing, assignees, allowed):
    assert policy.can_hand_over(who, outgoing, assignees) is allowed


@pytest.mark.parametrize("sender, recipient, recipient_case, sender_case, allowed", [
    # a specialist writes to a person on their case
    (actor(Role.SPECIALIST, "a"), PERSON, ONE, None, True),
    (actor(Role.STAFF, "c"), PERSON, frozenset({"c"}), None, True),
    # ... but not to someone else's person, nor to a person without a case
    (actor(Role.SPECIALIST, "b"), PERSON, ONE, None, False),
    (actor(Role.SPECIALIST, "a"), PERSON, None, None, False),
    (actor(Role.ADMIN, "z"), PERSON, ONE, None, False),
    (actor(Role.MODERATOR, "a"), PERSON, ONE, None, False),
    # ... nor to a guest or a disabled account, nor to a colleague
    (actor(Role.SPECIALIST, "a"), Party("p2", Role.VISITOR, is_guest=True), ONE, None, False),
    (actor(Role.SPECIALIST, "a"), Party("p3", Role.VISITOR, disabled=True), ONE, None, False),
    (actor(Role.SPECIALIST, "a"), SPEC_B, ONE, None, False),
    # a person writes back to the assignees of their own case only
    (actor(Role.VISITOR, "p1"), SPEC_A, None, ONE, True),
    (actor(Role.VISITOR, "p1"), SPEC_B, None, TWO, True),
    (actor(Role.VISITOR, "p1"), SPEC_B, None, ONE, False),
    (actor(Role.VISITOR, "p1"), SPEC_A, None, None, False),
    (actor(Role.VISITOR, "p1"), Party("a", Role.SPECIALIST, disabled=True), None, ONE, False),
    (actor(Role.VISITOR, "p1"), Party("a", Role.VISITOR), None, ONE, False),  # demoted former specialist
    (actor(Role.VISITOR, "p1"), Party("p9", Role.VISITOR), None, ONE, False),  # persons don't write to each other
    (actor(Role.VISITOR, "p1", guest=True), SPEC_A, None, ONE, False),
    (actor(Role.PEER_SUPPORTER, "s"), PERSON, frozenset({"s"}), None, False),
    (actor(Role.SPECIALIST, "a"), Party("a", Role.SPECIALIST), ONE, ONE, False),  # not to oneself
])
def test_can_write_letter(sender, recipient, recipient_case, sender_case, allowed):
    assert policy.can_write_letter(
        sender, recipient, recipient_case_assignees=recipient_case, sender_case_assignees=sender_case
    ) is allowed


@pytest.mark.parametrize("sender, reason", [
    (actor(Role.VISITOR, "p1", guest=True), "guest"),
    (actor(Role.VISITOR, "p1"), "not_your_contact"),
])
def test_require_can_write_letter_refusals(sender, reason):
    with pytest.raises(DomainError) as err:
        policy.require_can_write_letter(sender, None, recipient_case_assignees=None, sender_case_assignees=None)
    assert err.value.code == ErrorCode.FORBIDDEN and err.value.detail["reason"] == reason


@pytest.mark.parametrize("who, person_id, allowed", [
    (actor(Role.VISITOR, "p1"), "p1", True),
    (actor(Role.VISITOR, "p9"), "p1", False),
    (actor(Role.SPECIALIST, "a"), "p1", False),  # assignees never consent for the person
    (actor(Role.ADMIN, "z"), "p1", False),
    (actor(Role.VISITOR, "p1", guest=True), "p1", False),
])
def test_can_manage_consent(who, person_id, allowed):
    assert policy.can_manage_consent(who, person_id) is allowed


@pytest.mark.parametrize("role, own_cases, overview", [
    (Role.SPECIALIST, True, False),
    (Role.STAFF, True, True),
    (Role.ADMIN, False, True),
    (Role.MODERATOR, False, False),
    (Role.PEER_SUPPORTER, False, False),
    (Role.VISITOR, False, False),
])
def test_listings(role, own_cases, overview):
    assert policy.can_list_own_cases(actor(role)) is own_cases
    assert policy.can_view_overview(actor(role)) is overview


@pytest.mark.parametrize("role, guest, reason", [
    (Role.VISITOR, True, "guest"),
    (Role.VISITOR, False, "not_a_caseworker"),
    (Role.ADMIN, False, "not_a_caseworker"),
])
def test_require_can_open_case_reasons(role, guest, reason):
    with pytest.raises(DomainError) as err:
        policy.require_can_open_case(actor(role, guest=guest), PERSON, BOTH)
    assert err.value.code == ErrorCode.FORBIDDEN and err.value.detail["reason"] == reason
