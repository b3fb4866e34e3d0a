"""Letters over real HTTP (SQLite and PostgreSQL): between a person and their assigned
specialists only; validation of every body; each side deletes only its own copy."""
import asyncio

import pytest
import socketio
from sqlalchemy import func, select

from rooms.casework.models import Letter
from server import keys
from tests.integration.test_cases_api import relate


async def kept_person(api, nickname: str, kind: str = "individual") -> dict:
    guest = await api.guest()
    status, kept = await api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                  json={"nickname": nickname, "passphrase": "a calm passphrase", "kind": kind})
    assert status == 201, kept
    return kept


async def open_case(api, specialist: dict, person: dict) -> dict:
    await relate(api, specialist, person)  # opening a case needs a relation
    status, body = await api.call("POST", "/api/cases", token=specialist["access_token"],
                                  json={"person_id": person["account"]["id"]})
    assert status == 201, body
    return body["case"]


async def letter_count(running) -> int:
    async with running.app[keys.DB_SESSIONS]() as db:
        return await db.scalar(select(func.count()).select_from(Letter))


async def send(api, sender: dict, recipient: dict, body: str = "お元気ですか。いつでも話しかけてくださいね。", subject=None):
    payload = {"recipient_id": recipient["account"]["id"], "body": body}
    if subject is not None:
        payload["subject"] = subject
    return await api.call("POST", "/api/letters", token=sender["access_token"], json=payload)


@pytest.fixture
async def cast(running):
    """A person with a case held by specialist A; specialist B holds no seat on it."""
    api = running.api
    a = await api.staff(running.app, "こころ先生", "specialist", "psychologist")
    b = await api.staff(running.app, "ほかの先生", "specialist", "public_health_nurse")
    person = await kept_person(api, "ゆうひ")
    case = await open_case(api, a, person)
    return {"a": a, "b": b, "person": person, "case": case}


async def test_specialist_and_person_exchange_letters(running, cast):
    api, a, person = running.api, cast["a"], cast["person"]
    status, body = await send(api, a, person, "この前話していたゲーム、新しい章が出たそうですね。", subject="こんにちは")
    assert status == 201, body
    letter = body["letter"]
    assert letter["recipient"]["nickname"] == "ゆうひ" and "read" not in letter

    status, inbox = await api.call("GET", "/api/letters/inbox", token=person["access_token"])
    assert status == 200 and inbox["unread"] == 1 and inbox["total"] == 1
    item = inbox["letters"][0]
    assert item["id"] == letter["id"] and item["read"] is False and item["subject"] == "こんにちは"
    assert item["sender"] == {"id": a["account"]["id"], "nickname": "こころ先生", "role": "specialist",
                              "profession": "psychologist"}
    assert item["preview"].startswith("この前話していた")

    status, full = await api.call("GET", f"/api/letters/{letter['id']}", token=person["access_token"])
    assert status == 200 and full["letter"]["body"] == "この前話していたゲーム、新しい章が出たそうですね。"
    assert full["letter"]["direction"] == "in" and full["letter"]["read"] is False  # reading is not marking

    status, marked = await api.call("POST", f"/api/letters/{letter['id']}/read", token=person["access_token"])
    assert status == 200 and marked == {"id": letter["id"], "read": True}
    _, inbox = await api.call("GET", "/api/letters/inbox", token=person["access_token"])
    assert inbox["unread"] == 0 and inbox["letters"][0]["read"] is True

    # The sender never learns whether it was read: no pressure to answer.
    _, sent = await api.call("GET", "/api/letters/sent", token=a["access_token"])
    assert sent["total"] == 1 and "read" not in sent["letters"][0]
    _, own = await api.call("GET", f"/api/letters/{letter['id']}", token=a["access_token"])
    assert own["letter"]["direction"] == "out" and "read" not in own["letter"]

    status, reply = await send(api, person, a, "ありがとうございます。少し元気です。")
    assert status == 201, reply
    _, inbox_a = await api.call("GET", "/api/letters/inbox", token=a["access_token"])
    assert inbox_a["unread"] == 1 and inbox_a["letters"][0]["sender"]["nickname"] == "ゆうひ"
    assert inbox_a["letters"][0]["sender"]["kind"] == "individual"


async def test_contacts_list_whom_one_may_write_to(running, cast):
    api = running.api
    _, mine = await api.call("GET", "/api/letters/contacts", token=cast["person"]["access_token"])
    assert [c["nickname"] for c in mine["contacts"]] == ["こころ先生"]
    _, theirs = await api.call("GET", "/api/letters/contacts", token=cast["a"]["access_token"])
    assert [c["nickname"] for c in theirs["contacts"]] == ["ゆうひ"]
    _, none = await api.call("GET", "/api/letters/contacts", token=cast["b"]["access_token"])
    assert none["contacts"] == []


async def test_new_letter_event_carries_no_text(running, cast):
    api, person = running.api, cast["person"]
    client = socketio.AsyncClient(reconnection=False)
    got = asyncio.get_running_loop().create_future()
    client.on("letter:new", lambda data: got.done() or got.set_result(data), namespace="/space")
    await client.connect(running.url, namespaces=["/space"], transports=["websocket"],
                         auth={"token": person["access_token"]}, wait_timeout=5)
    try:
        status, body = await send(api, cast["a"], person, "ひみつの本文")
        assert status == 201
        data = await asyncio.wait_for(got, 5)
        assert data == {"id": body["letter"]["id"], "sender_nickname": "こころ先生"}
    finally:
        await client.disconnect()


@pytest.mark.parametrize("who, to, reason", [
    ("b", "person", "not_your_contact"),  # a specialist not assigned to the person
    ("person", "b", "not_your_contact"),  # a person to a specialist who is not theirs
    ("person", "other", "not_your_contact"),  # persons don't write to each other
    ("other", "a", "not_your_contact"),  # someone without a case
    ("admin", "person", "not_your_contact"),  # admins never join the correspondence
    ("staff", "person", "not_your_contact"),  # coordinating staff neither
    ("a", "b", "not_your_contact"),  # colleagues use other channels
    ("a", "guest", "not_your_contact"),
    ("guest", "a", "guest"),  # letters last for years: kept accounts only
    ("a", "nobody", "not_your_contact"),  # an unknown id answers like any refusal
    ("a", "a", "not_your_contact"),
])
async def test_letters_outside_a_case_are_refused_and_change_nothing(running, cast, who, to, reason):
    api = running.api
    people = dict(cast)
    people["other"] = await kept_person(api, "べつのひと")
    people["admin"] = await api.staff(running.app, "かんり", "admin")
    people["staff"] = await api.staff(running.app, "まとめ役", "staff")
    people["guest"] = await api.guest()
    people["nobody"] = {"account": {"id": "0" * 32}}
    before = await letter_count(running)
    status, body = await send(api, people[who], people[to])
    assert status == 403 and body["error"]["code"] == "FORBIDDEN", body
    assert body["error"]["detail"]["reason"] == reason
    assert body["error"]["message"]["ja"] and body["error"]["message"]["en"]
    assert await letter_count(running) == before


async def test_after_hand_over_the_old_specialist_is_no_longer_a_contact(running, cast):
    api, a, b, person = running.api, cast["a"], cast["b"], cast["person"]
    status, _ = await api.call("POST", f"/api/cases/{cast['case']['id']}/handover", token=a["access_token"], json={
        "outgoing_id": a["account"]["id"], "incoming_id": b["account"]["id"], "reason": "年度替わりの異動"})
    assert status == 200
    status, body = await send(api, a, person)
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"
    status, body = await send(api, person, a)
    assert status == 403
    status, _ = await send(api, b, person)
    assert status == 201
    status, _ = await send(api, person, b)
    assert status == 201


@pytest.mark.parametrize("payload, field", [
    ({"body": ""}, "body"),
    ({"body": "   \n  "}, "body"),
    ({"body": "あ" * 2001}, "body"),
    ({"body": "x" * 10_001}, "body"),  # refused by the body model before the domain
    ({"body": "bell\x07"}, "body"),
    ({"body": "nul\x00"}, "body"),
    ({"body": "escape\x1b[2J"}, "body"),
    ({"body": "reversed \u202etext"}, "body"),
    ({"body": "line\u2028separator"}, "body"),
    ({"body": 123}, "body"),
    ({"body": None}, "body"),
    ({"body": ["a"]}, "body"),
    ({}, "body"),
    ({"body": "ok", "subject": "s" * 81}, "subject"),
    ({"body": "ok", "subject": "two\nlines"}, "subject"),
    ({"body": "ok", "subject": "tab\tsubject"}, "subject"),
    ({"body": "ok", "subject": 5}, "subject"),
    ({"body": "ok", "importance": "high"}, "importance"),  # unknown fields are refused
    ({"body": "ok", "recipient_id": 7}, "recipient_id"),
])
async def test_every_letter_body_is_validated(running, cast, payload, field):
    api = running.api
    data = {"recipient_id": cast["person"]["account"]["id"], **payload}
    before = await letter_count(running)
    status, body = await api.call("POST", "/api/letters", token=cast["a"]["access_token"], json=data)
    assert status == 400 and body["error"]["code"] == "INVALID", body
    assert body["error"].get("field") == field
    assert await letter_count(running) == before


@pytest.mark.parametrize("text, subject, stored_body, stored_subject", [
    ("あ" * 2000, None, "あ" * 2000, None),  # exactly the limit
    ("  前後の空白  ", "  件名  ", "前後の空白", "件名"),
    ("一行目\r\n二行目", "", "一行目\n二行目", None),  # a blank subject means none
    ("絵文字も👨\u200d👩\u200d👧どうぞ", None, "絵文字も👨\u200d👩\u200d👧どうぞ", None),
])
async def test_valid_letters_are_stored_as_normalised(running, cast, text, subject, stored_body, stored_subject):
    api = running.api
    status, body = await send(api, cast["a"], cast["person"], text, subject=subject)
    assert status == 201, body
    _, full = await api.call("GET", f"/api/letters/{body['letter']['id']}", token=cast["person"]["access_token"])
    assert full["letter"]["body"] == stored_body and full["letter"]["subject"] == stored_subject


async def test_recipient_delete_hides_only_their_copy(running, cast):
    api, a, person = running.api, cast["a"], cast["person"]
    _, body = await send(api, a, person)
    letter_id = body["letter"]["id"]
    status, _ = await api.call("DELETE", f"/api/letters/{letter_id}", token=person["access_token"])
    assert status == 200
    _, inbox = await api.call("GET", "/api/letters/inbox", token=person["access_token"])
    assert inbox["letters"] == [] and inbox["unread"] == 0
    for method, path in (("GET", f"/api/letters/{letter_id}"), ("POST", f"/api/letters/{letter_id}/read"),
                         ("DELETE", f"/api/letters/{letter_id}")):
        status, err = await api.call(method, path, token=person["access_token"])
        assert status == 404 and err["error"]["code"] == "NOT_FOUND"
    # The specialist still has their copy until they delete it too; then the row is gone.
    _, sent = await api.call("GET", "/api/letters/sent", token=a["access_token"])
    assert [x["id"] for x in sent["letters"]] == [letter_id]
    status, _ = await api.call("GET", f"/api/letters/{letter_id}", token=a["access_token"])
    assert status == 200
    assert await letter_count(running) == 1
    status, _ = await api.call("DELETE", f"/api/letters/{letter_id}", token=a["access_token"])
    assert status == 200
    assert await letter_count(running) == 0


async def test_sender_delete_keeps_the_recipients_copy(running, cast):
    api, a, person = running.api, cast["a"], cast["person"]
    _, body = await send(api, a, person)
    letter_id = body["letter"]["id"]
    status, _ = await api.call("DELETE", f"/api/letters/{letter_id}", token=a["access_token"])
    assert status == 200
    _, sent = await api.call("GET", "/api/letters/sent", token=a["access_token"])
    assert sent["letters"] == []
    _, inbox = await api.call("GET", "/api/letters/inbox", token=person["access_token"])
    assert [x["id"] for x in inbox["letters"]] == [letter_id] and inbox["unread"] == 1


async def test_other_peoples_letters_do_not_exist_for_you(running, cast):
    api, a, b, person = running.api, cast["a"], cast["b"], cast["person"]
    _, body = await send(api, a, person)
    letter_id = body["letter"]["id"]
    admin = await api.staff(running.app, "かんり", "admin")
    for outsider in (b, admin):
        for method, path in (("GET", f"/api/letters/{letter_id}"), ("POST", f"/api/letters/{letter_id}/read"),
                             ("DELETE", f"/api/letters/{letter_id}")):
            status, err = await api.call(method, path, token=outsider["access_token"])
            assert status == 404 and err["error"]["code"] == "NOT_FOUND"
    # Only the recipient marks a letter read.
    status, err = await api.call("POST", f"/api/letters/{letter_id}/read", token=a["access_token"])
    assert status == 403 and err["error"]["detail"]["reason"] == "not_the_recipient"
    _, inbox = await api.call("GET", "/api/letters/inbox", token=person["access_token"])
    assert inbox["unread"] == 1 and await letter_count(running) == 1


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/letters/inbox"), ("GET", "/api/letters/sent"), ("GET", "/api/letters/contacts"),
    ("GET", "/api/letters/" + "0" * 32),
])
async def test_guests_have_no_letters(running, method, path):
    guest = await running.api.guest()
    status, body = await running.api.call(method, path, token=guest["access_token"])
    assert status == 403 and body["error"]["detail"]["reason"] == "guest"


async def test_letters_need_a_session(running):
    status, body = await running.api.call("GET", "/api/letters/inbox")
    assert status == 401 and body["error"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("offset", ["-1", "abc", "1.5", "99999999"])
async def test_bad_offsets_are_refused(running, cast, offset):
    status, body = await running.api.call("GET", f"/api/letters/inbox?offset={offset}",
                                          token=cast["person"]["access_token"])
    assert status == 400 and body["error"]["field"] == "offset"


async def test_paging_and_daily_limit(running, cast):
    api, a, person = running.api, cast["a"], cast["person"]
    for i in range(30):
        status, _ = await send(api, a, person, f"手紙 {i}")
        assert status == 201
    status, body = await send(api, a, person, "もう一通")
    assert status == 429 and body["error"]["code"] == "RATE_LIMITED"
    assert await letter_count(running) == 30
    _, first = await api.call("GET", "/api/letters/inbox", token=person["access_token"])
    _, second = await api.call("GET", "/api/letters/inbox?offset=50", token=person["access_token"])
    assert first["total"] == 30 and len(first["letters"]) == 30 and second["letters"] == []
    # The limit is the sender's: the person can still write back.
    status, _ = await send(api, person, a, "ありがとう")
    assert status == 201
