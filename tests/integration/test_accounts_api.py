"""Accounts over real HTTP on loopback, on SQLite and PostgreSQL."""
import asyncio
import json

import pytest
from sqlalchemy import func, select

from avatars.models import Account, AuthSession
from server import keys


async def counts(running):
    async with running.app[keys.DB_SESSIONS]() as db:
        return (
            await db.scalar(select(func.count()).select_from(Account)),
            await db.scalar(select(func.count()).select_from(AuthSession)),
        )


async def test_guest_enters_with_one_call_and_no_personal_data(running):
    status, body = await running.api.call("POST", "/api/auth/guest", json={})
    assert status == 201
    account = body["account"]
    assert account["is_guest"] and account["role"] == "visitor" and 1 <= len(account["nickname"]) <= 20
    assert set(account) == {"id", "nickname", "is_guest", "kind", "role", "profession", "look"}
    status, me = await running.api.call("GET", "/api/me", token=body["access_token"])
    assert status == 200 and me["account"]["id"] == account["id"]


async def test_guest_keeps_account_then_logs_in_elsewhere(running):
    api = running.api
    guest = await api.guest()
    status, kept = await api.call(
        "POST", "/api/auth/keep", token=guest["access_token"],
        json={"nickname": "そよかぜ", "passphrase": "correct horse battery", "kind": "family"},
    )
    assert status == 201, kept
    assert kept["account"]["id"] == guest["account"]["id"]  # same account: nothing lost
    assert kept["account"]["is_guest"] is False and kept["account"]["kind"] == "family"
    code = kept["recovery_code"]
    assert len(code) == 19 and code.count("-") == 3
    status, again = await api.call(
        "POST", "/api/auth/keep", token=kept["access_token"], json={"nickname": "べつ", "passphrase": "another passphrase"}
    )
    assert status == 409 and again["error"]["code"] == "ALREADY_REGISTERED"
    status, login = await api.call("POST", "/api/auth/login", json={"nickname": "ソヨカゼ".lower(), "passphrase": "correct horse battery"})
    assert status == 401  # katakana is a different nickname
    status, login = await api.call("POST", "/api/auth/login", json={"nickname": "そよかぜ", "passphrase": "correct horse battery"})
    assert status == 200 and login["account"]["id"] == guest["account"]["id"]
    assert "recovery_code" not in login


async def test_new_account_without_guest_and_taken_nickname(running):
    api = running.api
    status, body = await api.call("POST", "/api/auth/keep", json={"nickname": "Hoshi", "passphrase": "a long passphrase"})
    assert status == 201 and body["refresh_token"]
    before = await counts(running)
    status, body = await api.call("POST", "/api/auth/keep", json={"nickname": "ｈｏｓｈｉ", "passphrase": "another long one"})
    assert status == 409 and body["error"]["code"] == "NICKNAME_UNAVAILABLE"
    assert await counts(running) == before


async def test_recovery_code_sets_new_passphrase_once(running):
    api = running.api
    _, kept = await api.call("POST", "/api/auth/keep", json={"nickname": "つき", "passphrase": "first passphrase"})
    code = kept["recovery_code"]
    status, rec = await api.call("POST", "/api/auth/recover", json={
        "nickname": "つき", "recovery_code": code.lower().replace("-", " "), "new_passphrase": "second passphrase"})
    assert status == 200 and rec["recovery_code"] != code
    # the old session and the old code are both dead
    status, _ = await api.call("GET", "/api/me", token=kept["access_token"])
    assert status == 401
    status, body = await api.call("POST", "/api/auth/recover", json={
        "nickname": "つき", "recovery_code": code, "new_passphrase": "third passphrase"})
    assert status == 401 and body["error"]["code"] == "BAD_CREDENTIALS"
    status, _ = await api.call("POST", "/api/auth/login", json={"nickname": "つき", "passphrase": "second passphrase"})
    assert status == 200


async def test_wrong_passphrase_then_rate_limit_per_account(running):
    api = running.api
    await api.call("POST", "/api/auth/keep", json={"nickname": "あさひ", "passphrase": "right passphrase"})
    for _ in range(5):
        status, body = await api.call("POST", "/api/auth/login", json={"nickname": "あさひ", "passphrase": "wrong passphrase"})
        assert status == 401 and body["error"]["code"] == "BAD_CREDENTIALS"
        assert body["error"]["message"]["ja"] and body["error"]["message"]["en"]
    status, body = await api.call("POST", "/api/auth/login", json={"nickname": "あさひ", "passphrase": "right passphrase"})
    assert status == 429 and body["error"]["code"] == "TOO_MANY_ATTEMPTS"


async def test_unknown_nickname_looks_like_wrong_passphrase(running):
    status, body = await running.api.call("POST", "/api/auth/login", json={"nickname": "だれもいない", "passphrase": "whatever123"})
    assert status == 401 and body["error"]["code"] == "BAD_CREDENTIALS"


async def test_login_rate_limit_per_client_across_accounts(running):
    api = running.api
    for i in range(20):
        status, _ = await api.call("POST", "/api/auth/login", json={"nickname": f"guess{i}", "passphrase": "wrong passphrase"})
        assert status == 401
    status, body = await api.call("POST", "/api/auth/login", json={"nickname": "guess99", "passphrase": "wrong passphrase"})
    assert status == 429 and body["error"]["code"] == "TOO_MANY_ATTEMPTS"


async def test_passphrase_change_ends_every_other_session(running):
    api = running.api
    _, kept = await api.call("POST", "/api/auth/keep", json={"nickname": "こもれび", "passphrase": "first passphrase"})
    _, elsewhere = await api.call("POST", "/api/auth/login", json={"nickname": "こもれび", "passphrase": "first passphrase"})
    status, body = await api.call("POST", "/api/me/passphrase", token=kept["access_token"],
                                  json={"current_passphrase": "not it at all", "new_passphrase": "second passphrase"})
    assert status == 401 and body["error"]["code"] == "BAD_CREDENTIALS"
    status, body = await api.call("POST", "/api/me/passphrase", token=kept["access_token"],
                                  json={"current_passphrase": "first passphrase", "new_passphrase": "short"})
    assert status == 400 and body["error"]["code"] == "PASSPHRASE_WEAK"
    status, _ = await api.call("GET", "/api/me", token=elsewhere["access_token"])
    assert status == 200  # refusals changed nothing
    status, changed = await api.call("POST", "/api/me/passphrase", token=kept["access_token"],
                                     json={"current_passphrase": "first passphrase", "new_passphrase": "second passphrase"})
    assert status == 200 and changed["access_token"] and changed["refresh_token"]
    assert "recovery_code" not in changed
    for old in (kept["access_token"], elsewhere["access_token"]):
        status, _ = await api.call("GET", "/api/me", token=old)
        assert status == 401
    status, _ = await api.call("POST", "/api/auth/refresh", json={"refresh_token": elsewhere["refresh_token"]})
    assert status == 401
    status, me = await api.call("GET", "/api/me", token=changed["access_token"])
    assert status == 200 and me["account"]["nickname"] == "こもれび"  # this device stays in
    status, _ = await api.call("POST", "/api/auth/login", json={"nickname": "こもれび", "passphrase": "first passphrase"})
    assert status == 401
    status, _ = await api.call("POST", "/api/auth/login", json={"nickname": "こもれび", "passphrase": "second passphrase"})
    assert status == 200


async def test_passphrase_change_needs_a_kept_account(running):
    api = running.api
    status, body = await api.call("POST", "/api/me/passphrase", json={"current_passphrase": "x" * 8, "new_passphrase": "y" * 8})
    assert status == 401 and body["error"]["code"] == "UNAUTHENTICATED"
    guest = await api.guest()
    status, body = await api.call("POST", "/api/me/passphrase", token=guest["access_token"],
                                  json={"current_passphrase": "x" * 8, "new_passphrase": "y" * 8})
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"


async def test_refresh_rotates_and_logout_revokes(running):
    api = running.api
    guest = await api.guest()
    status, fresh = await api.call("POST", "/api/auth/refresh", json={"refresh_token": guest["refresh_token"]})
    assert status == 200 and fresh["refresh_token"] != guest["refresh_token"]
    status, body = await api.call("POST", "/api/auth/refresh", json={"refresh_token": guest["refresh_token"]})
    assert status == 401 and body["error"]["code"] == "TOKEN_INVALID"  # the old one is spent
    status, _ = await api.call("POST", "/api/auth/logout", token=fresh["access_token"])
    assert status == 200
    for token in (fresh["access_token"], guest["access_token"]):
        status, body = await api.call("GET", "/api/me", token=token)
        assert status == 401 and body["error"]["code"] == "TOKEN_INVALID"
    status, _ = await api.call("POST", "/api/auth/refresh", json={"refresh_token": fresh["refresh_token"]})
    assert status == 401


async def test_admin_creates_staff_and_role_change_revokes(running):
    api = running.api
    admin = await api.staff(running.app, "かんりしゃ", "admin")
    status, created = await api.call("POST", "/api/admin/users", token=admin["access_token"], json={
        "nickname": "こころ先生", "passphrase": "specialist pass", "role": "specialist", "profession": "psychologist"})
    assert status == 201, created
    assert created["account"]["role"] == "specialist" and created["recovery_code"]
    status, spec = await api.call("POST", "/api/auth/login", json={"nickname": "こころ先生", "passphrase": "specialist pass"})
    assert status == 200 and spec["account"]["profession"] == "psychologist"
    status, _ = await api.call("PUT", f"/api/admin/users/{created['account']['id']}/role", token=admin["access_token"],
                               json={"role": "staff"})
    assert status == 200
    status, body = await api.call("GET", "/api/me", token=spec["access_token"])
    assert status == 401  # the old role's token died with the change
    status, listing = await api.call("GET", "/api/admin/users", token=admin["access_token"])
    assert {a["nickname"] for a in listing["accounts"]} >= {"かんりしゃ", "こころ先生"}


@pytest.mark.parametrize("role", ["visitor", "staff", "specialist", "moderator", "peer_supporter"])
async def test_only_admins_manage_staff(running, role):
    api = running.api
    if role == "visitor":
        caller = await api.guest()
    else:
        caller = await api.staff(running.app, f"user-{role}"[:20], role, "lawyer" if role == "specialist" else None)
    before = await counts(running)
    status, body = await api.call("POST", "/api/admin/users", token=caller["access_token"], json={
        "nickname": "にせ管理者", "passphrase": "sneaky passphrase", "role": "admin"})
    assert status == 403 and body["error"]["code"] == "FORBIDDEN"
    status, _ = await api.call("PUT", f"/api/admin/users/{caller['account']['id']}/role", token=caller["access_token"],
                               json={"role": "admin"})
    assert status == 403
    assert await counts(running) == before


async def test_staff_roles_cannot_be_self_assigned(running):
    status, body = await running.api.call("POST", "/api/auth/keep", json={
        "nickname": "ずる", "passphrase": "a passphrase!", "role": "admin"})
    assert status == 400 and body["error"]["code"] == "INVALID" and body["error"]["field"] == "role"
    status, body = await running.api.call("POST", "/api/auth/keep", json={
        "nickname": "ずる", "passphrase": "a passphrase!", "kind": "admin"})
    assert status == 400 and body["error"]["field"] == "kind"


BAD_KEEP_BODIES = [
    ("malformed json", b"{nickname: ", "application/json", 400, "INVALID_JSON"),
    ("json array", b"[1,2]", "application/json", 400, "INVALID"),
    ("wrong content type", b"nickname=a", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
    ("too large", json.dumps({"nickname": "a", "passphrase": "x" * 70000}).encode(), "application/json", 413, "BODY_TOO_LARGE"),
    ("unknown field", json.dumps({"nickname": "よる", "passphrase": "passphrase1", "email": "a@b.c"}).encode(), "application/json", 400, "INVALID"),
    ("missing passphrase", json.dumps({"nickname": "よる"}).encode(), "application/json", 400, "INVALID"),
    ("nickname not a string", json.dumps({"nickname": 5, "passphrase": "passphrase1"}).encode(), "application/json", 400, "INVALID"),
    ("empty nickname", json.dumps({"nickname": "", "passphrase": "passphrase1"}).encode(), "application/json", 400, "NICKNAME_INVALID"),
    ("21 characters", json.dumps({"nickname": "あ" * 21, "passphrase": "passphrase1"}).encode(), "application/json", 400, "NICKNAME_INVALID"),
    ("control character", json.dumps({"nickname": "よ\u0000る", "passphrase": "passphrase1"}).encode(), "application/json", 400, "NICKNAME_INVALID"),
    ("e-mail nickname", json.dumps({"nickname": "yoru@example.jp", "passphrase": "passphrase1"}).encode(), "application/json", 400, "NICKNAME_PERSONAL_INFO"),
    ("phone nickname", json.dumps({"nickname": "080 1111 2222", "passphrase": "passphrase1"}).encode(), "application/json", 400, "NICKNAME_PERSONAL_INFO"),
    ("short passphrase", json.dumps({"nickname": "よる", "passphrase": "short"}).encode(), "application/json", 400, "PASSPHRASE_WEAK"),
]


@pytest.mark.parametrize("label, raw, ctype, status, code", BAD_KEEP_BODIES, ids=[b[0] for b in BAD_KEEP_BODIES])
async def test_bad_bodies_get_a_clear_error_and_write_nothing(running, label, raw, ctype, status, code):
    before = await counts(running)
    got, body = await running.api.call("POST", "/api/auth/keep", data=raw, headers={"Content-Type": ctype})
    assert got == status, body
    assert body["error"]["code"] == code
    assert body["error"]["message"]["ja"] and body["error"]["message"]["en"]
    assert await counts(running) == before


@pytest.mark.parametrize("header", ["Bearer nonsense", "Basic abc", "Bearer ", "Token x.y.z"])
async def test_bad_authorization_headers(running, header):
    status, body = await running.api.call("GET", "/api/me", headers={"Authorization": header})
    assert status == 401 and body["error"]["code"] in ("TOKEN_INVALID", "UNAUTHENTICATED")


async def test_unknown_api_path_and_method(running):
    status, body = await running.api.call("GET", "/api/nothing-here")
    assert status == 404 and body["error"]["code"] == "NOT_FOUND"
    status, body = await running.api.call("DELETE", "/api/auth/guest")
    assert status == 405 and body["error"]["code"] == "METHOD_NOT_ALLOWED"


async def test_concurrent_keep_with_same_nickname_gives_one_winner(running):
    api = running.api
    results = await asyncio.gather(*[
        api.call("POST", "/api/auth/keep", json={"nickname": "おなじ", "passphrase": f"passphrase-{i}"}) for i in range(4)
    ])
    statuses = sorted(s for s, _ in results)
    assert statuses.count(201) == 1 and all(s == 409 for s in statuses if s != 201)
