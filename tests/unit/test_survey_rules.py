"""Surveys' pure rules: state by the clock, audience, answer shapes, small-count suppression,
and the tally staff see."""
from datetime import datetime, timedelta, timezone

import pytest

from rooms.surveys import policy
from rooms.surveys.results import tally
from server.core.errors import DomainError, ErrorCode
from server.core.once import once_token
from server.core.principal import AccountKind, Principal, Role
from server.core.small_counts import suppress, suppress_parts
from rooms.events.feedback import answer_token as feedback_token

T0 = datetime(2026, 4, 1, tzinfo=timezone.utc)
HIDDEN = {"suppressed": True, "fewer_than": 5}


@pytest.mark.parametrize("published,now,closed_early,expected", [
    (False, T0, None, "draft"),
    (True, T0 - timedelta(seconds=1), None, "scheduled"),
    (True, T0, None, "open"),
    (True, T0 + timedelta(days=7) - timedelta(seconds=1), None, "open"),
    (True, T0 + timedelta(days=7), None, "closed"),
    (True, T0 + timedelta(days=1), T0 + timedelta(hours=1), "closed"),
])
def test_state_by_the_clock(published, now, closed_early, expected):
    assert policy.state(published=published, opens_at=T0, closes_at=T0 + timedelta(days=7),
                        closed_early_at=closed_early, now=now) == expected


@pytest.mark.parametrize("audience,kind,role,admitted", [
    ("everyone", AccountKind.UNSPECIFIED, Role.VISITOR, True),
    ("individuals", AccountKind.INDIVIDUAL, Role.VISITOR, True),
    ("individuals", AccountKind.FAMILY, Role.VISITOR, False),
    ("families", AccountKind.FAMILY, Role.VISITOR, True),
    ("families", AccountKind.UNSPECIFIED, Role.STAFF, False),
    ("women", AccountKind.FAMILY, Role.VISITOR, False),  # not a survey audience
])
def test_audience(audience, kind, role, admitted):
    assert policy.for_me(audience, Principal("a", role, kind)) is admitted


Q = [policy.Question("s", "single", ("o1", "o2")), policy.Question("m", "multiple", ("o1", "o2", "o3")),
     policy.Question("n", "scale"), policy.Question("t", "text")]


@pytest.mark.parametrize("answers,reason", [
    ([], "at_least_one"),
    ([{"question_id": "n", "value": 0}], "scale_is_1_to_5"),
    ([{"question_id": "n", "value": 6}], "scale_is_1_to_5"),
    ([{"question_id": "n", "value": True}], "scale_is_1_to_5"),
    ([{"question_id": "s", "value": ["o1", "o2"]}], "one_choice_only"),
    ([{"question_id": "s", "value": "o3"}], "unknown_option"),
    ([{"question_id": "m", "value": []}], "choice_expected"),
    ([{"question_id": "m", "value": ["o1", "o1"]}], "choice_repeated"),
    ([{"question_id": "x", "value": 1}], "unknown_question"),
    ([{"question_id": "n", "value": 1}, {"question_id": "n", "value": 2}], "one_per_question"),
    ([{"question_id": "t", "value": "   "}], "empty"),
])
def test_wrong_answer_shapes_are_refused(answers, reason):
    with pytest.raises(DomainError) as refused:
        policy.check_answers(Q, answers)
    assert refused.value.code == ErrorCode.INVALID and refused.value.detail["reason"] == reason


def test_well_formed_answers_come_back_as_stored():
    checked = policy.check_answers(Q, [{"question_id": "s", "value": "o2"}, {"question_id": "m", "value": ["o3", "o1"]},
                                       {"question_id": "n", "value": 5}, {"question_id": "t", "value": " よかった "}])
    assert [v for _, v in checked] == [["o2"], ["o3", "o1"], 5, "よかった"]


@pytest.mark.parametrize("n,shown", [(0, HIDDEN), (1, HIDDEN), (4, HIDDEN), (5, {"count": 5}), (120, {"count": 120})])
def test_suppress(n, shown):
    assert suppress(n) == shown


@pytest.mark.parametrize("counts,total_shown,hidden", [
    ([10, 6, 2], True, [False, True, True]),  # 2 alone could be found from the total: 6 goes too
    ([10, 6, 2], False, [False, False, True]),
    ([10, 3, 2], True, [False, True, True]),
    ([7, 8], True, [False, False]),
    ([4], True, [True]),
])
def test_suppress_parts(counts, total_shown, hidden):
    assert [p.get("suppressed", False) for p in suppress_parts(counts, total_shown=total_shown)] == hidden


@pytest.mark.parametrize("values, mean", [
    ([4] * 5 + [5], None),  # five 4s and a mean of 4.2 would tell that the sixth answered 5
    ([4] * 5 + [5] * 5, 4.5),  # every answered point shown: the mean adds nothing
    ([3] * 6, 3.0),  # empty points are hidden, but hold nobody
    ([1, 2, 3, 4, 5, 5], None),  # every point small: count and sum still narrow them down
])
def test_a_mean_is_given_only_when_no_answer_is_hidden(values, mean):
    assert tally({"id": "n", "kind": "scale", "options": []}, values)["mean"] == mean


def test_a_small_group_sends_no_number_mean_or_text():
    scale = tally({"id": "n", "kind": "scale", "options": []}, [5, 4, 5])
    assert scale["answers"] == HIDDEN and scale["mean"] is None
    assert all("count" not in d for d in scale["distribution"])
    text = tally({"id": "t", "kind": "text", "options": []}, ["a", "b"])
    assert text["texts"] == [] and text["answers"] == HIDDEN
    shown = tally({"id": "t", "kind": "text", "options": []}, list("edcba"))
    assert shown["texts"] == list("abcde")
    choice = tally({"id": "s", "kind": "single", "options": [{"id": "o1"}, {"id": "o2"}]}, [["o1"]] * 9)
    assert [o.get("count") for o in choice["options"]] == [None, None]  # o2=0 hidden, so o1 (=total) too


def test_the_one_answer_tokens_are_keyed_and_separate():
    assert once_token("s", b"p", "x", "a") != once_token("other secret", b"p", "x", "a")
    assert once_token("s", b"p", "x", "a") != once_token("s", b"q", "x", "a")
    assert feedback_token("s", "x", "a") == once_token("s", b"ibasho event feedback v1", "x", "a")  # old rows stay valid
