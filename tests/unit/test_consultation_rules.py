"""Consultation inputs (rule settings, instants, notes) and policy, as tables of cases."""
from datetime import date, datetime, timezone

import pytest

from rooms.bookings import inputs
from rooms.bookings.policy import Action, Side, require_publisher, require_side
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role

TODAY = date(2026, 4, 1)
GOOD = dict(kind="weekly", weekday=0, start="10:00", end="12:00", tz="Asia/Tokyo", slot_minutes=50,
            buffer_minutes=10, min_notice_minutes=60, daily_cap=3, audience="both")


def rule(**changes):
    fields = {**GOOD, **changes}
    if "date" in fields:
        fields["on_date"] = fields.pop("date")
    return inputs.validate_rule(**fields, today=TODAY)


def test_good_rule():
    got = rule()
    assert (got.kind, got.weekday, got.on_date, got.start_minute, got.end_minute) == ("weekly", 0, None, 600, 720)
    assert (got.slot_minutes, got.buffer_minutes, got.min_notice_minutes, got.daily_cap, got.audience) == (50, 10, 60, 3, "both")


@pytest.mark.parametrize("changes,field,reason", [
    ({"kind": "daily"}, "kind", "unknown_kind"),
    ({"weekday": 7}, "weekday", "out_of_range"),
    ({"weekday": None}, "weekday", "out_of_range"),
    ({"weekday": True}, "weekday", "out_of_range"),
    ({"date": "2026-04-02"}, "date", "not_for_weekly"),
    ({"start": "9:00"}, "start", "not_a_time"),
    ({"start": "10:60"}, "start", "not_a_time"),
    ({"start": "24:00"}, "start", "not_a_time"),
    ({"end": "24:01"}, "end", "not_a_time"),
    ({"end": "25:00"}, "end", "not_a_time"),
    ({"end": "10:00"}, "end", "not_after_start"),
    ({"end": "09:00"}, "end", "not_after_start"),
    ({"end": "10:30"}, "slot_minutes", "longer_than_window"),
    ({"slot_minutes": 5}, "slot_minutes", "out_of_range"),
    ({"slot_minutes": 241}, "slot_minutes", "out_of_range"),
    ({"slot_minutes": "50"}, "slot_minutes", "out_of_range"),
    ({"buffer_minutes": -1}, "buffer_minutes", "out_of_range"),
    ({"buffer_minutes": 121}, "buffer_minutes", "out_of_range"),
    ({"min_notice_minutes": 14 * 24 * 60 + 1}, "min_notice_minutes", "out_of_range"),
    ({"daily_cap": 0}, "daily_cap", "out_of_range"),
    ({"daily_cap": 51}, "daily_cap", "out_of_range"),
    ({"audience": "everyone"}, "audience", "unknown_audience"),
    ({"tz": "Mars/Olympus"}, "tz", "unknown_time_zone"),
    ({"tz": "../../etc/passwd"}, "tz", "unknown_time_zone"),
    ({"tz": "/etc/localtime"}, "tz", "unknown_time_zone"),
    ({"tz": ""}, "tz", "unknown_time_zone"),
    ({"kind": "once", "weekday": None, "date": "2026-03-31"}, "date", "in_the_past"),
    ({"kind": "once", "weekday": None, "date": "2027-04-03"}, "date", "too_far_ahead"),
    ({"kind": "once", "weekday": None, "date": "2026-02-30"}, "date", "not_a_date"),
    ({"kind": "once", "weekday": None, "date": "tomorrow"}, "date", "not_a_date"),
    ({"kind": "once", "weekday": 1, "date": "2026-04-02"}, "weekday", "not_for_once"),
])
def test_bad_rules(changes, field, reason):
    with pytest.raises(DomainError) as err:
        rule(**changes)
    assert err.value.code == ErrorCode.INVALID
    assert err.value.field == field and err.value.detail["reason"] == reason


@pytest.mark.parametrize("changes,check", [
    ({"end": "24:00", "start": "23:00", "slot_minutes": 60}, lambda r: r.end_minute == 1440),
    ({"kind": "once", "weekday": None, "date": "2026-04-01"}, lambda r: r.on_date == TODAY),  # today is fine
    ({"daily_cap": None}, lambda r: r.daily_cap is None),
    ({"tz": "Europe/Berlin"}, lambda r: r.tz == "Europe/Berlin"),
    ({"slot_minutes": 120, "end": "12:00"}, lambda r: r.slot_minutes == 120),
])
def test_edge_rules_accepted(changes, check):
    assert check(rule(**changes))


@pytest.mark.parametrize("raw,expected", [
    ("2026-04-02T01:00:00Z", datetime(2026, 4, 2, 1, tzinfo=timezone.utc)),
    ("2026-04-02T10:00:00+09:00", datetime(2026, 4, 2, 1, tzinfo=timezone.utc)),
    ("2026-04-02T01:00Z", datetime(2026, 4, 2, 1, tzinfo=timezone.utc)),
])
def test_instants(raw, expected):
    assert inputs.parse_instant(raw, "starts_at") == expected


@pytest.mark.parametrize("raw,reason", [
    ("2026-04-02T01:00:00", "offset_missing"),
    ("2026-04-02", "not_an_instant"),
    ("next monday at ten", "not_an_instant"),
    ("2026-13-02T01:00:00Z", "not_an_instant"),
    (1775091600, "not_an_instant"),
    (None, "not_an_instant"),
])
def test_bad_instants(raw, reason):
    with pytest.raises(DomainError) as err:
        inputs.parse_instant(raw, "starts_at")
    assert err.value.field == "starts_at" and err.value.detail["reason"] == reason


@pytest.mark.parametrize("raw,expected", [
    (None, None),
    ("", None),
    ("   \n ", None),
    ("  話すのが苦手なので、文字で相談したいです。  ", "話すのが苦手なので、文字で相談したいです。"),
    ("一行目\r\n二行目", "一行目\n二行目"),
    ("あ" * 500, "あ" * 500),
    ("カ\u3099", "ガ"),  # NFC
    ("tab\tinside", "tab\tinside"),  # multi-line texts allow tabs, as letters always did
    ("母の介護のことで 3 年ほど悩んでいます", "母の介護のことで 3 年ほど悩んでいます"),
])
def test_notes_accepted(raw, expected):
    assert inputs.clean_note(raw) == expected


@pytest.mark.parametrize("raw,code,reason", [
    ("あ" * 501, ErrorCode.INVALID, "too_long"),
    ("zero\u200bwidth", ErrorCode.INVALID, "forbidden_character"),
    ("bell\x07", ErrorCode.INVALID, "forbidden_character"),
    ("c1\x85c1", ErrorCode.INVALID, "forbidden_character"),
    ("abc\u202edef", ErrorCode.INVALID, "forbidden_character"),
    (123, ErrorCode.INVALID, "not_text"),
    ("連絡は taro@example.com へ", ErrorCode.NOTE_PERSONAL_INFO, None),
    ("電話 090-1234-5678 です", ErrorCode.NOTE_PERSONAL_INFO, None),
    ("でんわ ０９０１２３４５６７８", ErrorCode.NOTE_PERSONAL_INFO, None),
])
def test_notes_refused(raw, code, reason):
    with pytest.raises(DomainError) as err:
        inputs.clean_note(raw)
    assert err.value.code == code and err.value.field == "note"
    if reason:
        assert err.value.detail["reason"] == reason


def test_cancel_message_is_one_short_line():
    assert inputs.clean_message("体調がすぐれないため") == "体調がすぐれないため"
    for bad in ("a" * 201, "two\nlines"):
        with pytest.raises(DomainError):
            inputs.clean_message(bad)


def who(role: Role, account_id: str = "me") -> Principal:
    return Principal(account_id=account_id, role=role)


@pytest.mark.parametrize("role,allowed", [
    (Role.VISITOR, False),
    (Role.PEER_SUPPORTER, False),
    (Role.MODERATOR, False),
    (Role.SPECIALIST, True),
    (Role.STAFF, True),
    (Role.ADMIN, True),
])
def test_who_publishes_availability(role, allowed):
    if allowed:
        assert require_publisher(who(role)).role == role
    else:
        with pytest.raises(DomainError) as err:
            require_publisher(who(role))
        assert err.value.code == ErrorCode.FORBIDDEN


def test_anonymous_cannot_publish():
    with pytest.raises(DomainError) as err:
        require_publisher(None)
    assert err.value.code == ErrorCode.UNAUTHENTICATED


@pytest.mark.parametrize("caller,action,outcome", [
    ("p", Action.VIEW, Side.PERSON),
    ("s", Action.VIEW, Side.SPECIALIST),
    ("p", Action.CANCEL, Side.PERSON),
    ("s", Action.CANCEL, Side.SPECIALIST),
    ("p", Action.RESCHEDULE, Side.PERSON),
    ("s", Action.RESCHEDULE, Side.SPECIALIST),
    ("s", Action.COMPLETE, Side.SPECIALIST),
    ("s", Action.NO_SHOW, Side.SPECIALIST),
    ("p", Action.COMPLETE, ErrorCode.FORBIDDEN),
    ("p", Action.NO_SHOW, ErrorCode.FORBIDDEN),
    ("x", Action.VIEW, ErrorCode.NOT_FOUND),  # a stranger: the booking does not exist for them
    ("x", Action.CANCEL, ErrorCode.NOT_FOUND),
    ("x", Action.NO_SHOW, ErrorCode.NOT_FOUND),
])
def test_sides(caller, action, outcome):
    actor = who(Role.ADMIN if caller == "x" else Role.VISITOR, caller)  # even an admin is a stranger here
    if isinstance(outcome, Side):
        assert require_side(actor, action, specialist_id="s", person_id="p") == outcome
    else:
        with pytest.raises(DomainError) as err:
            require_side(actor, action, specialist_id="s", person_id="p")
        assert err.value.code == outcome
