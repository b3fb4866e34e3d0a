"""Inputs an attacker would send get a clear 4xx with a stable code, never a 500 or a
traceback: deeply nested JSON on every JSON-body route, dates far outside any sane window,
and broken multipart bodies."""
from __future__ import annotations

import logging
import re

import pytest

from server.app import api_routes
from server.core.clock import FakeClock
from server.core.principal import Role
from server.realtime.client_events import NAMESPACES, sent_on
from tests.conftest import serving
from tests.integration.recording_client import RecordingClient

DEEP = "[" * 60000
OBJECTS = '{"a":' * 5000 + "1" + "}" * 5000


def json_body_routes():
    routes = [(r.method, r.path, r.auth) for r in api_routes() if r.body is not None]
    routes.append(("PUT", "/api/me/look", "required"))  # a JSON body read by hand
    return routes


def concrete(path: str) -> str:
    return re.sub(r"{\w+}", "x1", path.replace("{date}", "2026-04-06"))


def errors_logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.fixture
async def admin(running):
    return (await running.api.staff(running.app, "かんりにん", "admin"))["access_token"]


async def test_every_json_body_route_is_counted():
    # the issue counted 29 JSON-body routes; a new one joins the test below by itself
    assert len([r for r in api_routes() if r.body is not None]) >= 29


@pytest.mark.parametrize("payload", [DEEP, OBJECTS], ids=["arrays", "objects"])
async def test_deeply_nested_json_is_refused_on_every_route(running, admin, caplog, payload):
    caplog.set_level(logging.INFO)
    headers = {"Content-Type": "application/json"}
    for method, path, auth in json_body_routes():
        for token in (None, admin):
            status, body = await running.api.call(method, concrete(path), data=payload, headers=headers, token=token)
            assert status < 500, (method, path, body)
            if status == 400 or auth in ("none", "optional"):
                assert (status, body["error"]["code"]) == (400, "INVALID_JSON"), (method, path, body)
    assert errors_logged(caplog) == []


async def test_nesting_inside_strings_is_only_text(running):
    # brackets in a string are not nesting: the body is read normally (and refused for its content)
    text = "[" * 20000
    status, body = await running.api.call("POST", "/api/auth/login", json={"nickname": text, "passphrase": "x" * 10})
    assert status in (400, 401) and body["error"]["code"] != "INVALID_JSON"


async def test_moderately_nested_json_still_parses(running):
    status, body = await running.api.call("POST", "/api/auth/login", data='{"nickname": [[[[[[[[1]]]]]]]], "passphrase": "p"}',
                                          headers={"Content-Type": "application/json"})
    assert (status, body["error"]["code"], body["error"]["field"]) == (400, "INVALID", "nickname")


@pytest.mark.parametrize("value", [
    "9999-12-30T00:00:00Z", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+09:00", "0001-01-01T00:00:00Z",
    "9999-12-31", "0001-01-01", "1999-12-31T23:59:59Z", "2100-01-01T00:00:01Z",
])
async def test_extreme_dates_in_a_query_are_invalid(running, caplog, value):
    for param in ("from", "to"):
        status, body = await running.api.call("GET", f"/api/availability?{param}={value.replace('+', '%2B')}")
        assert (status, body["error"]["code"], body["error"]["field"]) == (400, "INVALID", param), body
        assert body["error"]["detail"]["reason"] == "out_of_range"
        assert body["error"]["message"]["ja"] and body["error"]["message"]["en"]
    assert errors_logged(caplog) == []


async def test_dates_inside_the_window_are_accepted(running):
    for query in ("from=2000-01-01T00:00:00Z", "from=2099-12-25T00:00:00Z&to=2100-01-01T00:00:00Z",
                  "from=2000-01-01", "from=2099-12-25&to=2099-12-31"):
        status, body = await running.api.call("GET", f"/api/availability?{query}")
        assert (status, body) == (200, {"slots": []}), query


@pytest.mark.parametrize("start,end", [
    ("9999-12-31T23:00:00Z", "9999-12-31T23:50:00Z"),
    ("9999-12-31T00:00:00Z", "9999-12-31T00:50:00Z"),
    ("0001-01-01T00:00:00Z", "0001-01-01T00:50:00Z"),
    ("0001-01-01T09:00:00+09:00", "0001-01-01T09:50:00+09:00"),
    ("0001-01-01T00:00:00+09:00", "0001-01-01T00:50:00+09:00"),
])
async def test_extreme_booking_dates_are_invalid(running, caplog, start, end):
    specialist = await running.api.staff(running.app, "みどり", "specialist", profession="psychologist")
    visitor = await running.api.guest()
    body = {"specialist_id": specialist["account"]["id"], "starts_at": start, "ends_at": end}
    status, answer = await running.api.call("POST", "/api/bookings", json=body, token=visitor["access_token"])
    assert (status, answer["error"]["code"], answer["error"]["field"]) == (400, "INVALID", "starts_at"), answer
    assert answer["error"]["detail"]["reason"] == "out_of_range"
    assert errors_logged(caplog) == []


async def test_an_extreme_desk_date_is_invalid(running, caplog):
    staff = (await running.api.staff(running.app, "まどぐち", "staff"))["access_token"]
    for day in ("9999-12-31", "0001-01-01"):
        status, body = await running.api.call("PUT", f"/api/desk/days/{day}", json={"windows": []}, token=staff)
        assert (status, body["error"]["code"], body["error"]["detail"]["reason"]) == (400, "INVALID", "out_of_range"), body
        status, body = await running.api.call("DELETE", f"/api/desk/days/{day}", token=staff)
        assert (status, body["error"]["code"]) == (400, "INVALID"), body
    assert errors_logged(caplog) == []


MULTIPART = "multipart/form-data; boundary=XyZ"


@pytest.mark.parametrize("raw", [
    b"--XyZ\r\n\r\nhello\r\n--XyZ--\r\n",  # a part without any header
    b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--XyZ--\r\n",  # no name
    b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nhi\r\n--XyZ--\r\n",
    b"--XyZ\r\nno colon here\r\n\r\nhello\r\n--XyZ--\r\n",
    b"--nope\r\n\r\nhello\r\n--nope--\r\n",  # another boundary than announced
    b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nnot closed",
    b"\x00\xff" * 100,
    b"--XyZ\r\n",  # ends after the first boundary
    b"--XyZ\r\nContent-Disposition: form-data; name=\"alt\"\r\n",  # ends inside the headers
    b"--XyZ\r\nContent-Disposition: form-data; name=\"alt\"\r\nContent-Length: -5\r\n\r\nx\r\n--XyZ--\r\n",
    b"--XyZ\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n--XyZ--\r\n",
])
async def test_a_malformed_multipart_body_is_a_400(running, caplog, raw):
    staff = (await running.api.staff(running.app, "へんしゅう", "staff"))["access_token"]
    status, body = await running.api.call("POST", "/api/boards/images", data=raw, token=staff,
                                          headers={"Content-Type": MULTIPART})
    assert (status, body["error"]["code"]) == (400, "INVALID") or (status, body["error"]["code"]) == (400, "IMAGE_INVALID"), body
    assert errors_logged(caplog) == []


@pytest.mark.parametrize("field,value", [
    ("publish_from", "9999-12-31T23:59:59-12:00"), ("publish_until", "0001-01-01T00:00:00+09:00"),
    ("publish_until", "2100-01-02T00:00:00Z"),
])
async def test_extreme_publishing_dates_are_invalid(running, caplog, field, value):
    staff = (await running.api.staff(running.app, "へんしゅう", "staff"))["access_token"]
    body = {"category": "consult", "title_ja": "おしらせ", "body_ja": "本文", field: value}
    status, answer = await running.api.call("POST", "/api/boards/posts", json=body, token=staff)
    assert (status, answer["error"]["code"], answer["error"]["field"]) == (400, "INVALID", field), answer
    assert errors_logged(caplog) == []


async def tokens_past_auth(running) -> dict:
    """A token per declared ``auth`` kind that gets past it, so the value reaches the handler."""
    guest = await running.api.guest()
    status, kept = await running.api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                          json={"nickname": "ぬるもじ", "passphrase": "a long passphrase"})
    assert status == 201, kept
    by_role = {Role.VISITOR: kept["access_token"]}
    for role, profession in ((Role.PEER_SUPPORTER, None), (Role.SPECIALIST, "psychologist"), (Role.STAFF, None),
                             (Role.MODERATOR, None), (Role.ADMIN, None)):
        login = await running.api.staff(running.app, f"ぬる{role.value[:5]}", role.value, profession)
        by_role[role] = login["access_token"]
    return by_role


def token_for(auth, by_role: dict) -> str | None:
    if auth in ("none", "optional"):
        return None
    if auth == "required":
        return by_role[Role.VISITOR]
    if auth in ("staff", "admin"):
        return by_role[Role.ADMIN]
    return by_role[auth[0]]


async def test_a_nul_character_in_a_path_or_query_is_refused_on_every_route(running, caplog):
    """PostgreSQL refuses text holding U+0000 (SQLite stores it): an id or a query value with
    one must be an ordinary refusal before any query, not a 500 with a traceback."""
    caplog.set_level(logging.INFO)
    by_role = await tokens_past_auth(running)
    tried, failed = 0, []
    for route in api_routes():
        token = token_for(route.auth, by_role)
        paths = []
        if "{" in route.path:
            paths.append(re.sub(r"{\w+}", "x%00y", route.path))
        paths += [f"{concrete(route.path)}?{name}=x%00y" for name in route.query]
        for path in paths:
            tried += 1
            status, body = await running.api.call(route.method, path, token=token)
            if status >= 500:
                failed.append((route.method, path, status))
            elif status >= 400:
                assert body["error"]["code"] and body["error"]["message"]["en"], (route.method, path, body)
    for page in ("/boards/x%00y", "/surveys/x%00y", "/events/x%00y", "/boards?q=x%00y"):
        status, body = await running.api.call("GET", page)
        if status >= 500:
            failed.append(("GET", page, status))
    assert failed == [], "\n".join(map(str, failed))
    assert tried >= 60
    assert errors_logged(caplog) == []


NUL_TEXT = "x\u0000y"


async def test_a_nul_character_in_a_body_is_refused(running, caplog):
    """Ids, nicknames and targets with U+0000 in JSON bodies: each crashed PostgreSQL's query."""
    caplog.set_level(logging.INFO)
    by_role = await tokens_past_auth(running)
    when = {"starts_at": "2026-04-06T01:00:00Z", "ends_at": "2026-04-06T01:50:00Z"}
    calls = [
        ("/api/auth/login", None, {"nickname": NUL_TEXT, "passphrase": "a long passphrase"}),
        ("/api/auth/recover", None, {"nickname": NUL_TEXT, "recovery_code": NUL_TEXT, "new_passphrase": "a long passphrase"}),
        ("/api/bookings", Role.VISITOR, {"specialist_id": NUL_TEXT, **when}),
        ("/api/letters", Role.VISITOR, {"recipient_id": NUL_TEXT, "body": "こんにちは"}),
        ("/api/letters", Role.SPECIALIST, {"recipient_id": NUL_TEXT, "body": "こんにちは"}),
        ("/api/cases", Role.SPECIALIST, {"person_id": NUL_TEXT}),
        ("/api/cases", Role.SPECIALIST, {"person_nickname": NUL_TEXT}),
        ("/api/moderation/sanctions", Role.MODERATOR, {"account_id": NUL_TEXT, "kind": "warning", "reason_ja": "理由"}),
        *(("/api/reports", Role.VISITOR, {"target": {"kind": kind, "id": NUL_TEXT, "place": "zone"}, "category": "other"})
          for kind in ("person", "message", "event")),
    ]
    for path, role, body in calls:
        status, answer = await running.api.call("POST", path, json=body, token=by_role[role] if role else None)
        assert 400 <= status < 500 and answer["error"]["message"]["en"], (path, status, answer)
    assert errors_logged(caplog) == []


async def test_a_nul_character_in_a_socket_payload_is_refused(db_url, tmp_path, caplog):
    """Every event naming an id, sent with U+0000 in each, by a guest and by an admin."""
    async with serving(db_url, tmp_path, clock=FakeClock()) as running:
        await nul_in_every_socket_event(running, caplog)


async def nul_in_every_socket_event(running, caplog) -> None:
    caplog.set_level(logging.INFO)
    senders = [(await running.api.guest())["access_token"],
               (await running.api.staff(running.app, "ぬるかんり", "admin"))["access_token"]]
    sent = 0
    for ns in NAMESPACES:
        for token in senders:
            client = RecordingClient(running.url, ns)
            await client.open({"token": token})
            try:
                for name, event in sent_on(ns).items():
                    ids = [f for f in event.payload.model_fields if f.endswith("_id") or f == "to"]
                    if not ids:
                        continue
                    payload = {f: [NUL_TEXT] if f == "to" and name == "contact:invite" else NUL_TEXT for f in ids}
                    running.clock.advance(1.0)  # the per-connection flood guard never trips
                    reply = await client.call(name, payload)
                    sent += 1
                    assert reply["ok"] is False and reply["error"]["code"] not in ("INTERNAL", "RATE_LIMITED"), (ns, name, reply)
                assert (await client.call("ping"))["ok"]
            finally:
                await client.close()
    assert sent >= 80
    assert errors_logged(caplog) == []
