"""Case records (支援カルテ) over real HTTP on SQLite and PostgreSQL: only assignees read,
every attempt is in the access log the person sees, two seats, hand-over keeps history,
consent to share is the person's alone."""
import asyncio

import pytest
import socketio
from sqlalchemy import func, select

from rooms.casework.models import AccessEntry, Assignment, Case, CaseNote, ShareConsent
from server import keys


async def kept_person(api, nickname: str, kind: str = "family") -> dict:
    guest = await api.guest()
    status, kept = await api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                  json={"nickname": nickname, "passphrase": "a calm passphrase", "kind": kind})
    assert status == 201, kept
    return kept


def aid(who: dict) -> str:
    return who["account"]["id"]


async def counts(running) -> dict:
    async with running.app[keys.DB_SESSIONS]() as db:
        result = {}
        for model in (Case, Assignment, CaseNote, AccessEntry, ShareConsent):
            result[model.__tablename__] = await db.scalar(select(func.count()).select_from(model))
        return result


async def relate(api, worker: dict, person: dict) -> None:
    """A relation that lets ``worker`` open ``person``'s case: the person leaves a message at
    the desk and the worker answers it (bookings are the other kind: test_case_relations_api)."""
    status, body = await api.call("POST", "/api/desk/messages", token=person["access_token"],
                                  json={"text": "話を聞いてもらえますか"})
    assert status == 201, body
    status, body = await api.call("POST", f"/api/desk/messages/{body['message']['id']}/handled",
                                  token=worker["access_token"], json={"reply": "はい、お話ししましょう"})
    assert status == 200, body


async def record_of(api, person: dict) -> dict:
    status, body = await api.call("GET", "/api/my-record", token=person["access_token"])
    assert status == 200, body
    return body["record"]


@pytest.fixture
async def cast(running):
    api, app = running.api, running.app
    people = {
        "a": await api.staff(app, "あおい先生", "specialist", "psychologist"),
        "b": await api.staff(app, "みどり先生", "specialist", "psychiatric_social_worker"),
        "d": await api.staff(app, "しろ先生", "specialist", "public_health_nurse"),
        "staff": await api.staff(app, "まとめ役", "staff"),
        "admin": await api.staff(app, "かんり", "admin"),
        "moderator": await api.staff(app, "みまもり", "moderator"),
        "peer": await api.staff(app, "ピアさん", "peer_supporter"),
        "person": await kept_person(api, "はるのひと"),
        "other": await kept_person(api, "べつのひと", kind="individual"),
        "guest": await api.guest(),
    }
    await relate(api, people["a"], people["person"])
    for worker in ("b", "staff", "admin"):
        await relate(api, people[worker], people["other"])
    status, body = await api.call("POST", "/api/cases", token=people["a"]["access_token"], json={
        "person_nickname": "はるのひと",
        "contact_start": "母親からの電話相談がきっかけ",
        "referral_route": "家族 → 地域支援センター → 当窓口",
    })
    assert status == 201, body
    people["case"] = body["case"]
    return people


async def test_opening_a_case(running, cast):
    case = cast["case"]
    assert case["person"] == {"id": aid(cast["person"]), "nickname": "はるのひと", "kind": "family"}
    assert case["contact_start"] == "母親からの電話相談がきっかけ"
    assert case["referral_route"] == "家族 → 地域支援センター → 当窓口"
    assert case["next_step"] is None and case["notes"] == [] and case["consents"] == []
    assert [x["nickname"] for x in case["assignees"]] == ["あおい先生"]
    assert case["history"][0]["assigned_by"]["nickname"] == "あおい先生" and case["history"][0]["ended_at"] is None
    record = await record_of(running.api, cast["person"])
    assert record["case_id"] == case["id"]
    assert record["readers"][0]["nickname"] == "あおい先生" and record["readers"][0]["profession"] == "psychologist"
    assert [(e["action"], e["allowed"], e["who"]["nickname"]) for e in record["access_log"]] == [
        ("open", True, "あおい先生")]
    assert "notes" not in record and "contact_start" not in record  # working notes stay with the specialists


@pytest.mark.parametrize("opener, target, status, reason", [
    ("staff", "other", 201, None),  # both answered a message "other" left at the desk
    ("b", "other", 201, None),
    ("d", "other", 403, "no_relation"),  # a colleague who never met them
    ("a", "person", 409, "case_exists"),  # one record per person; its assignee may hear so
    ("admin", "other", 403, "not_a_caseworker"),  # admins never hold cases, relation or not
    ("moderator", "other", 403, "not_a_caseworker"),
    ("peer", "other", 403, "not_a_caseworker"),
    ("other", "person", 403, "not_a_caseworker"),  # a person does not open records
    ("guest", "other", 403, "guest"),
    ("b", "guest", 403, "no_relation"),  # a record lasts years: kept accounts only
    ("b", "d", 403, "no_relation"),  # not about colleagues
    ("b", "nobody", 403, "no_relation"),  # the same answer as for someone who exists
])
async def test_who_may_open_a_case_for_whom(running, cast, opener, target, status, reason):
    before = await counts(running)
    person_id = "0" * 32 if target == "nobody" else aid(cast[target])
    got, body = await running.api.call("POST", "/api/cases", token=cast[opener]["access_token"],
                                       json={"person_id": person_id})
    assert got == status, body
    if reason:
        assert body["error"]["detail"]["reason"] == reason
        assert await counts(running) == before
    else:
        assert [x["id"] for x in body["case"]["assignees"]] == [aid(cast[opener])]


@pytest.mark.parametrize("payload, field", [
    ({}, "person_id"),  # say whose record
    ({"person_id": "x", "person_nickname": "y"}, "person_id"),  # but only once
    ({"person_id": 5}, "person_id"),
    ({"person_nickname": ""}, "person_nickname"),
    ({"person_nickname": "べつのひと", "contact_start": "x" * 1001}, "contact_start"),
    ({"person_nickname": "べつのひと", "referral_route": "x" * 301}, "referral_route"),
    ({"person_nickname": "べつのひと", "referral_route": "bad\x00"}, "referral_route"),
    ({"person_nickname": "べつのひと", "notes": "x"}, "notes"),
])
async def test_open_case_validation(running, cast, payload, field):
    before = await counts(running)
    status, body = await running.api.call("POST", "/api/cases", token=cast["b"]["access_token"], json=payload)
    assert status == 400 and body["error"]["code"] == "INVALID" and body["error"]["field"] == field, body
    assert await counts(running) == before


@pytest.mark.parametrize("reader, reason", [
    ("b", "not_assigned"),
    ("staff", "not_assigned"),  # coordinating is not reading
    ("admin", "not_assigned"),  # deny by default, admins included
    ("moderator", "not_assigned"),
    ("person", "not_assigned"),  # the person uses "my record"
    ("other", "not_assigned"),
    ("guest", "guest"),
])
async def test_non_assignees_are_refused_and_the_attempt_is_logged(running, cast, reader, reason):
    api, case_id = running.api, cast["case"]["id"]
    before = await counts(running)
    attempts = [
        ("GET", f"/api/cases/{case_id}", None),
        ("POST", f"/api/cases/{case_id}/notes", {"kind": "session", "body": "のぞき見"}),
        ("PATCH", f"/api/cases/{case_id}", {"next_step": "勝手な変更"}),
    ]
    for method, path, payload in attempts:
        status, body = await api.call(method, path, token=cast[reader]["access_token"], json=payload)
        assert status == 403 and body["error"]["code"] == "FORBIDDEN", body
        assert body["error"]["detail"]["reason"] == reason
        assert "case" not in body
    after = await counts(running)
    assert after["casework_access_log"] == before["casework_access_log"] + 3  # the refusals, and only them
    assert {k: v for k, v in after.items() if k != "casework_access_log"} == \
           {k: v for k, v in before.items() if k != "casework_access_log"}
    record = await record_of(api, cast["person"])
    refused = [(e["action"], e["allowed"], e["who"]["nickname"]) for e in record["access_log"][:3]]
    nickname = cast[reader]["account"]["nickname"]
    assert refused == [("update", False, nickname), ("add_note", False, nickname), ("read", False, nickname)]
    assert not any(e["allowed"] and e["action"] == "read" for e in record["access_log"])  # never a successful read
    assert record["next_step"] is None


async def test_unknown_case_is_not_found_and_not_logged(running, cast):
    before = await counts(running)
    for case_id in ("0" * 32, "x" * 40):
        status, body = await running.api.call("GET", f"/api/cases/{case_id}", token=cast["a"]["access_token"])
        assert status == 404 and body["error"]["code"] == "NOT_FOUND"
    assert await counts(running) == before


async def test_notes_are_append_only_and_every_touch_is_logged(running, cast):
    api, a, case_id = running.api, cast["a"], cast["case"]["id"]
    for kind, text in (("session", "好きな漫画の話を30分。表情が柔らかかった。"), ("monitoring", "月1回の手紙を継続。")):
        status, body = await api.call("POST", f"/api/cases/{case_id}/notes", token=a["access_token"],
                                      json={"kind": kind, "body": text})
        assert status == 201, body
        assert body["note"]["author"]["nickname"] == "あおい先生" and body["note"]["kind"] == kind
    status, body = await api.call("PATCH", f"/api/cases/{case_id}", token=a["access_token"],
                                  json={"next_step": "来月も手紙を送る", "referral_route": None})
    assert status == 200, body
    assert body["fields"]["next_step"] == "来月も手紙を送る" and body["fields"]["referral_route"] is None
    assert body["fields"]["contact_start"] == "母親からの電話相談がきっかけ"  # untouched
    status, body = await api.call("GET", f"/api/cases/{case_id}", token=a["access_token"])
    assert status == 200
    case = body["case"]
    assert [(n["kind"], n["body"]) for n in case["notes"]] == [
        ("session", "好きな漫画の話を30分。表情が柔らかかった。"), ("monitoring", "月1回の手紙を継続。")]
    assert case["next_step"] == "来月も手紙を送る" and case["updated_by"]["nickname"] == "あおい先生"
    record = await record_of(api, cast["person"])
    assert [(e["action"], e["detail"]) for e in reversed(record["access_log"])] == [
        ("open", None), ("add_note", "session"), ("add_note", "monitoring"),
        ("update", "next_step,referral_route"), ("read", None)]
    assert record["access_log_total"] == 5 and record["next_step"] == "来月も手紙を送る"
    # There is no route to edit or delete a note.
    for method in ("PUT", "DELETE", "PATCH"):
        status, _ = await api.call(method, f"/api/cases/{case_id}/notes", token=a["access_token"], json={})
        assert status == 405


@pytest.mark.parametrize("method, path, payload, field", [
    ("POST", "notes", {"kind": "session", "body": ""}, "body"),
    ("POST", "notes", {"kind": "session", "body": " \n "}, "body"),
    ("POST", "notes", {"kind": "session", "body": "x" * 4001}, "body"),
    ("POST", "notes", {"kind": "session", "body": "bad\x1b"}, "body"),
    ("POST", "notes", {"kind": "session", "body": "rtl\u202e"}, "body"),
    ("POST", "notes", {"kind": "gossip", "body": "x"}, "kind"),
    ("POST", "notes", {"body": "x"}, "kind"),
    ("POST", "notes", {"kind": "session", "body": 3}, "body"),
    ("PATCH", "", {"next_step": "x" * 1001}, "next_step"),
    ("PATCH", "", {"contact_start": "x" * 1001}, "contact_start"),
    ("PATCH", "", {"referral_route": "x" * 301}, "referral_route"),
    ("PATCH", "", {"next_step": "nul\x00"}, "next_step"),
    ("PATCH", "", {"next_step": 1}, "next_step"),
    ("PATCH", "", {"diagnosis": "x"}, "diagnosis"),
    ("PATCH", "", {}, None),  # nothing to change
])
async def test_case_input_is_validated_and_changes_nothing(running, cast, method, path, payload, field):
    case_id = cast["case"]["id"]
    before = await counts(running)
    url = f"/api/cases/{case_id}/{path}" if path else f"/api/cases/{case_id}"
    status, body = await running.api.call(method, url, token=cast["a"]["access_token"], json=payload)
    assert status == 400 and body["error"]["code"] == "INVALID", body
    assert body["error"].get("field") == field
    assert await counts(running) == before  # not even a log entry: nothing happened


async def test_two_seats_and_who_assigns(running, cast):
    api, case_id = running.api, cast["case"]["id"]
    # An unassigned colleague cannot seat anyone (and the attempt is logged).
    status, body = await api.call("POST", f"/api/cases/{case_id}/assignees", token=cast["b"]["access_token"],
                                  json={"specialist_id": aid(cast["b"])})
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"
    for candidate, field_status in (("admin", 400), ("person", 400), ("peer", 400), ("a", 409)):
        status, body = await api.call("POST", f"/api/cases/{case_id}/assignees", token=cast["a"]["access_token"],
                                      json={"specialist_id": aid(cast[candidate])})
        assert status == field_status and body["error"]["field"] == "specialist_id", (candidate, body)
    status, body = await api.call("POST", f"/api/cases/{case_id}/assignees", token=cast["a"]["access_token"],
                                  json={"specialist_id": aid(cast["b"]), "reason": "家族面談を担当"})
    assert status == 200, body
    assert [x["nickname"] for x in body["assignees"]] == ["あおい先生", "みどり先生"]
    assert "notes" not in body and "next_step" not in body
    before = await counts(running)
    status, body = await api.call("POST", f"/api/cases/{case_id}/assignees", token=cast["staff"]["access_token"],
                                  json={"specialist_id": aid(cast["d"])})
    assert status == 409 and body["error"]["detail"]["reason"] == "two_assignees"
    assert await counts(running) == before
    status, _ = await api.call("GET", f"/api/cases/{case_id}", token=cast["b"]["access_token"])
    assert status == 200
    record = await record_of(api, cast["person"])
    assert [r["nickname"] for r in record["readers"]] == ["あおい先生", "みどり先生"]
    log = [(e["action"], e["allowed"], e["who"]["nickname"], e["detail"]) for e in reversed(record["access_log"])]
    assert log == [("open", True, "あおい先生", None), ("assign", False, "みどり先生", None),
                   ("assign", True, "あおい先生", "みどり先生"), ("read", True, "みどり先生", None)]


@pytest.mark.parametrize("coordinator", ["staff", "admin"])
async def test_coordinators_assign_without_reading(running, cast, coordinator):
    api, case_id = running.api, cast["case"]["id"]
    status, body = await api.call("POST", f"/api/cases/{case_id}/assignees", token=cast[coordinator]["access_token"],
                                  json={"specialist_id": aid(cast["d"])})
    assert status == 200 and "history" not in body
    status, body = await api.call("GET", f"/api/cases/{case_id}", token=cast[coordinator]["access_token"])
    assert status == 403
    status, overview = await api.call("GET", "/api/cases/overview", token=cast[coordinator]["access_token"])
    assert status == 200
    (item,) = overview["cases"]
    assert set(item) == {"id", "person", "opened_at", "updated_at", "assignees"}  # no contents
    assert [x["nickname"] for x in item["assignees"]] == ["あおい先生", "しろ先生"]


async def test_hand_over_keeps_history_and_moves_access(running, cast):
    api, a, b, d, case_id = running.api, cast["a"], cast["b"], cast["d"], cast["case"]["id"]
    await api.call("POST", f"/api/cases/{case_id}/notes", token=a["access_token"],
                   json={"kind": "session", "body": "初回の記録"})
    await api.call("POST", f"/api/cases/{case_id}/assignees", token=a["access_token"], json={"specialist_id": aid(b)})
    # b may not give away a's seat; a outsider may not touch seats at all.
    status, body = await api.call("POST", f"/api/cases/{case_id}/handover", token=b["access_token"], json={
        "outgoing_id": aid(a), "incoming_id": aid(d), "reason": "代わりに"})
    assert status == 403 and body["error"]["detail"]["reason"] == "not_your_seat"
    status, body = await api.call("POST", f"/api/cases/{case_id}/handover", token=d["access_token"], json={
        "outgoing_id": aid(a), "incoming_id": aid(d), "reason": "自分で"})
    assert status == 403 and body["error"]["detail"]["reason"] == "not_assigned"
    for payload, status_code, field in (
        ({"outgoing_id": aid(d), "incoming_id": aid(cast["staff"]), "reason": "x"}, 400, "outgoing_id"),
        ({"outgoing_id": aid(a), "incoming_id": aid(b), "reason": "x"}, 409, "incoming_id"),
        ({"outgoing_id": aid(a), "incoming_id": aid(cast["admin"]), "reason": "x"}, 400, "incoming_id"),
        ({"outgoing_id": aid(a), "incoming_id": aid(d), "reason": ""}, 400, "reason"),
        ({"outgoing_id": aid(a), "incoming_id": aid(d), "reason": "x" * 301}, 400, "reason"),
        ({"outgoing_id": aid(a), "incoming_id": aid(d)}, 400, "reason"),
    ):
        before = await counts(running)
        status, body = await api.call("POST", f"/api/cases/{case_id}/handover", token=a["access_token"], json=payload)
        assert status == status_code and body["error"]["field"] == field, (payload, body)
        assert await counts(running) == before

    status, body = await api.call("POST", f"/api/cases/{case_id}/handover", token=cast["staff"]["access_token"], json={
        "outgoing_id": aid(a), "incoming_id": aid(d), "reason": "年度替わりの異動のため"})
    assert status == 200, body
    assert [x["nickname"] for x in body["assignees"]] == ["みどり先生", "しろ先生"]

    status, body = await api.call("GET", f"/api/cases/{case_id}", token=a["access_token"])
    assert status == 403  # the old assignee's access ended with the hand-over
    status, body = await api.call("GET", f"/api/cases/{case_id}", token=d["access_token"])
    assert status == 200
    case = body["case"]
    assert [n["body"] for n in case["notes"]] == ["初回の記録"]  # the history travels with the case
    assert case["notes"][0]["author"]["nickname"] == "あおい先生"
    assert [(h["specialist"]["nickname"], h["ended_at"] is not None, h["end_reason"], h["reason"], h["handed_over"])
            for h in case["history"]] == [
        ("あおい先生", True, "年度替わりの異動のため", None, False),
        ("みどり先生", False, None, None, False),
        ("しろ先生", False, None, "年度替わりの異動のため", True)]
    ended = case["history"][0]
    assert ended["ended_by"]["nickname"] == "まとめ役" and ended["ended_at"] == case["history"][2]["assigned_at"]

    record = await record_of(api, cast["person"])
    assert [r["nickname"] for r in record["readers"]] == ["みどり先生", "しろ先生"]
    assert record["history"][0]["end_reason"] == "年度替わりの異動のため"
    hand_overs = [(e["allowed"], e["who"]["nickname"], e["detail"]) for e in record["access_log"]
                  if e["action"] == "hand_over"]
    assert hand_overs == [(True, "まとめ役", "あおい先生 → しろ先生"), (False, "しろ先生", None),
                          (False, "みどり先生", None)]

    # An assignee may hand over their own seat.
    status, body = await api.call("POST", f"/api/cases/{case_id}/handover", token=b["access_token"], json={
        "outgoing_id": aid(b), "incoming_id": aid(a), "reason": "担当に戻る"})
    assert status == 200 and [x["nickname"] for x in body["assignees"]] == ["しろ先生", "あおい先生"]


async def test_assignment_events_reach_the_new_assignee_and_the_person(running, cast):
    api, case_id = running.api, cast["case"]["id"]
    clients, seen = [], {}
    try:
        # the specialist's console hears on /desk; the person's space on /space
        for name, event, namespace in (("b", "case:assigned", "/desk"), ("person", "record:changed", "/space")):
            client = socketio.AsyncClient(reconnection=False)
            seen[(name, event)] = asyncio.get_running_loop().create_future()
            client.on(event, lambda data, key=(name, event): seen[key].done() or seen[key].set_result(data),
                      namespace=namespace)
            await client.connect(running.url, namespaces=[namespace], transports=["websocket"],
                                 auth={"token": cast[name]["access_token"]}, wait_timeout=5)
            clients.append(client)
        status, _ = await api.call("POST", f"/api/cases/{case_id}/assignees", token=cast["a"]["access_token"],
                                   json={"specialist_id": aid(cast["b"])})
        assert status == 200
        assert await asyncio.wait_for(seen[("b", "case:assigned")], 5) == {"case_id": case_id,
                                                                            "person_nickname": "はるのひと"}
        assert await asyncio.wait_for(seen[("person", "record:changed")], 5) == {"case_id": case_id}
    finally:
        for client in clients:
            await client.disconnect()


async def test_consent_is_the_persons_alone_and_logged(running, cast):
    api, person, a, case_id = running.api, cast["person"], cast["a"], cast["case"]["id"]
    status, body = await api.call("POST", "/api/my-record/consents", token=person["access_token"], json={
        "organisation": "みなと市 自立相談支援機関", "purpose": "就労準備の相談をつなぐため"})
    assert status == 201, body
    consent = body["consent"]
    assert consent["active"] is True and consent["revoked_at"] is None
    _, seen = await api.call("GET", f"/api/cases/{case_id}", token=a["access_token"])
    assert [(c["organisation"], c["active"]) for c in seen["case"]["consents"]] == [("みなと市 自立相談支援機関", True)]

    # Nobody else can withdraw or grant it.
    for outsider in ("other", "a", "admin"):
        status, body = await api.call("POST", f"/api/my-record/consents/{consent['id']}/revoke",
                                      token=cast[outsider]["access_token"])
        assert status == 404, body
    for outsider in ("a", "admin"):  # staff have no record of their own to consent on
        status, _ = await api.call("POST", "/api/my-record/consents", token=cast[outsider]["access_token"],
                                   json={"organisation": "x", "purpose": "y"})
        assert status == 404
    status, body = await api.call("POST", "/api/my-record/consents", token=cast["guest"]["access_token"],
                                  json={"organisation": "x", "purpose": "y"})
    assert status == 403 and body["error"]["detail"]["reason"] == "guest"

    status, body = await api.call("POST", f"/api/my-record/consents/{consent['id']}/revoke", token=person["access_token"])
    assert status == 200 and body["consent"]["active"] is False and body["consent"]["revoked_at"]
    status, body = await api.call("POST", f"/api/my-record/consents/{consent['id']}/revoke", token=person["access_token"])
    assert status == 409 and body["error"]["detail"]["reason"] == "already_revoked"

    record = await record_of(api, person)
    assert [(c["organisation"], c["active"]) for c in record["consents"]] == [("みなと市 自立相談支援機関", False)]
    consent_log = [(e["action"], e["who"]["is_you"], e["detail"]) for e in reversed(record["access_log"])
                   if "consent" in e["action"]]
    assert consent_log == [("grant_consent", True, "みなと市 自立相談支援機関"),
                           ("revoke_consent", True, "みなと市 自立相談支援機関")]


@pytest.mark.parametrize("payload, field", [
    ({"organisation": "", "purpose": "つなぐため"}, "organisation"),
    ({"organisation": "x" * 101, "purpose": "つなぐため"}, "organisation"),
    ({"organisation": "two\nlines", "purpose": "つなぐため"}, "organisation"),
    ({"organisation": "センター", "purpose": ""}, "purpose"),
    ({"organisation": "センター", "purpose": "x" * 301}, "purpose"),
    ({"organisation": "センター", "purpose": "bad\x07"}, "purpose"),
    ({"organisation": "センター"}, "purpose"),
    ({"organisation": "センター", "purpose": "y", "expires": "never"}, "expires"),
])
async def test_consent_validation(running, cast, payload, field):
    before = await counts(running)
    status, body = await running.api.call("POST", "/api/my-record/consents", token=cast["person"]["access_token"],
                                          json=payload)
    assert status == 400 and body["error"]["field"] == field, body
    assert await counts(running) == before


async def test_my_record_without_a_case_and_for_guests(running, cast):
    api = running.api
    status, body = await api.call("GET", "/api/my-record", token=cast["other"]["access_token"])
    assert status == 200 and body == {"record": None}
    status, body = await api.call("POST", "/api/my-record/consents", token=cast["other"]["access_token"],
                                  json={"organisation": "x", "purpose": "y"})
    assert status == 404
    status, body = await api.call("GET", "/api/my-record", token=cast["guest"]["access_token"])
    assert status == 403 and body["error"]["detail"]["reason"] == "guest"


async def test_access_log_pages_newest_first(running, cast):
    api, a, case_id = running.api, cast["a"], cast["case"]["id"]
    for _ in range(104):
        status, _ = await api.call("GET", f"/api/cases/{case_id}", token=a["access_token"])
        assert status == 200
    record = await record_of(api, cast["person"])
    assert record["access_log_total"] == 105 and len(record["access_log"]) == 100
    status, body = await api.call("GET", "/api/my-record?offset=100", token=cast["person"]["access_token"])
    assert [e["action"] for e in body["record"]["access_log"]] == ["read"] * 4 + ["open"]


async def test_listings_show_who_never_what(running, cast):
    api = running.api
    status, mine = await api.call("GET", "/api/cases/mine", token=cast["a"]["access_token"])
    assert status == 200 and [c["person"]["nickname"] for c in mine["cases"]] == ["はるのひと"]
    assert set(mine["cases"][0]) == {"id", "person", "opened_at", "updated_at", "assignees"}
    status, none = await api.call("GET", "/api/cases/mine", token=cast["b"]["access_token"])
    assert status == 200 and none["cases"] == []
    for who, path in (("person", "/api/cases/mine"), ("admin", "/api/cases/mine"), ("b", "/api/cases/overview"),
                      ("guest", "/api/cases/overview"), ("person", "/api/cases/caseworkers"),
                      ("moderator", "/api/cases/caseworkers")):
        status, body = await api.call("GET", path, token=cast[who]["access_token"])
        assert status == 403 and body["error"]["code"] == "FORBIDDEN", (who, path)
    status, workers = await api.call("GET", "/api/cases/caseworkers", token=cast["staff"]["access_token"])
    assert [w["nickname"] for w in workers["caseworkers"]] == sorted(
        ["あおい先生", "みどり先生", "しろ先生", "まとめ役"])
    # Nothing listed was a read of the record.
    record = await record_of(api, cast["person"])
    assert [e["action"] for e in record["access_log"]] == ["open"]


async def test_an_assignee_whose_role_is_taken_away_loses_access(running, cast):
    api, case_id = running.api, cast["case"]["id"]
    status, _ = await api.call("PUT", f"/api/admin/users/{aid(cast['a'])}/role", token=cast["admin"]["access_token"],
                               json={"role": "visitor"})
    assert status == 200
    status, login = await api.call("POST", "/api/auth/login", json={"nickname": "あおい先生", "passphrase": "staff-pass-123"})
    assert status == 200
    status, body = await api.call("GET", f"/api/cases/{case_id}", token=login["access_token"])
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"


async def test_racing_assignments_never_seat_a_third(running, cast):
    api, case_id = running.api, cast["case"]["id"]
    results = await asyncio.gather(*(
        api.call("POST", f"/api/cases/{case_id}/assignees", token=cast[who]["access_token"],
                 json={"specialist_id": aid(cast[candidate])})
        for who, candidate in (("staff", "b"), ("admin", "d"), ("a", "staff"))
    ))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409], results
    assert all(body["error"]["code"] == "CONFLICT" for status, body in results if status == 409)
    status, body = await api.call("GET", f"/api/cases/{case_id}", token=cast["a"]["access_token"])
    assert status == 200 and len(body["case"]["assignees"]) == 2


async def test_racing_opens_make_one_record(running, cast):
    api, person_id = running.api, aid(cast["other"])
    await relate(api, cast["d"], cast["other"])
    results = await asyncio.gather(*(
        api.call("POST", "/api/cases", token=cast[who]["access_token"], json={"person_id": person_id})
        for who in ("b", "d", "staff")
    ))
    # The losers cannot read the winner's case, so they are not told it exists.
    assert sorted(status for status, _ in results) == [201, 403, 403], results
    assert all(body["error"]["detail"] == {"reason": "no_relation"} for status, body in results if status == 403)
    async with running.app[keys.DB_SESSIONS]() as db:
        assert await db.scalar(select(func.count()).select_from(Case).where(Case.person_id == person_id)) == 1
