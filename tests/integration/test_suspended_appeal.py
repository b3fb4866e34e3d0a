"""A suspended or banned person, who cannot sign in, appeals with the single-purpose token the
refused login carries (issue 12, item 3), on SQLite and PostgreSQL over loopback."""
from __future__ import annotations

from datetime import timedelta

from server import keys
from tests.integration.sanctions_helpers import call, give, moderated_site, staff

NICK, PASS = "とおいひと", "a long passphrase"


async def kept_person(site, nickname: str = NICK) -> dict:
    guest = await site.person()
    status, kept = await site.api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                       json={"nickname": nickname, "passphrase": PASS})
    assert status == 201, kept
    return kept


async def log_in(site, nickname: str = NICK, passphrase: str = PASS) -> tuple[int, dict]:
    return await site.api.call("POST", "/api/auth/login", json={"nickname": nickname, "passphrase": passphrase})


async def test_a_suspended_login_shows_the_reason_and_end_and_carries_an_appeal_token(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        first = await staff(site, "みまもり", "moderator")
        second = await staff(site, "もうひとり", "moderator")
        login = await kept_person(site)
        given = (await give(site, first, login, "suspension", duration="7d"))["sanction"]
        # A wrong passphrase says nothing about the suspension (nor whether the account exists).
        status, wrong = await log_in(site, passphrase="not the passphrase")
        assert status == 401 and wrong["error"]["code"] == "BAD_CREDENTIALS" and "detail" not in wrong["error"]
        status, refused = await log_in(site)
        assert status == 403 and refused["error"]["code"] == "SUSPENDED"
        detail = refused["error"]["detail"]
        assert detail["sanction_id"] == given["id"] and detail["until"] == given["ends_at"]
        assert detail["reason_ja"] == "少しお休みしましょう。" and detail["may_appeal"] is True
        assert detail["appeal"] is None and detail["appeal_until"]
        assert refused["error"]["message"]["ja"] and refused["error"]["message"]["en"]
        token = detail["appeal_token"]
        # The token is no session: every other route answers 401.
        for method, path in (("GET", "/api/me"), ("GET", "/api/me/sanctions"),
                             ("POST", f"/api/me/sanctions/{given['id']}/appeal"), ("GET", "/api/moderation/appeals")):
            status, _ = await site.api.call(method, path, token=token, json={"text": "x"} if method == "POST" else None)
            assert status == 401, (method, path, status)
        status, _ = await site.api.call("POST", "/api/auth/refresh", json={"refresh_token": token})
        assert status == 401
        # Bad input changes nothing.
        for body in ({"token": token, "text": ""}, {"token": token, "text": "a" * 2001}, {"token": token},
                     {"token": "x" * 3000, "text": "a"}, {"token": token, "text": ["a"]}):
            status, bad = await site.api.call("POST", "/api/auth/appeal", json=body)
            assert status == 400, (body, bad)
        status, forged = await site.api.call("POST", "/api/auth/appeal", json={"token": token[:-3] + "abc", "text": "a"})
        assert status == 401 and forged["error"]["code"] == "TOKEN_INVALID"
        status, made = await site.api.call("POST", "/api/auth/appeal",
                                           json={"token": token, "text": "誤解があったと思います。話を聞いてください。"})
        assert status == 201, made
        assert made["sanction"]["appeal"]["outcome"] is None
        status, again = await site.api.call("POST", "/api/auth/appeal", json={"token": token, "text": "もう一度"})
        assert status == 409 and again["error"]["detail"]["reason"] == "already_appealed"
        # The next login shows the appeal waiting, and no new token.
        status, waiting = await log_in(site)
        assert status == 403 and waiting["error"]["detail"]["appeal"]["outcome"] is None
        assert waiting["error"]["detail"]["may_appeal"] is False and "appeal_token" not in waiting["error"]["detail"]
        # Another moderator decides; the one who suspended may not.
        appeal_id = (await call(site, second, "GET", "/api/moderation/appeals", expect=200))["appeals"][0]["id"]
        body = {"outcome": "upheld", "answer_ja": "期間が終わるまでお待ちください。", "answer_en": "Please wait until it ends."}
        await call(site, first, "POST", f"/api/moderation/appeals/{appeal_id}/decide", json=body, expect=403)
        await call(site, second, "POST", f"/api/moderation/appeals/{appeal_id}/decide", json=body, expect=200)
        status, answered = await log_in(site)
        assert status == 403
        assert answered["error"]["detail"]["appeal"]["outcome"] == "upheld"
        assert answered["error"]["detail"]["appeal"]["answer_en"] == "Please wait until it ends."
        assert "decided_by" not in answered["error"]["detail"]["appeal"]


async def test_a_lifted_appeal_lets_the_person_in_and_the_token_expires(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        admin = await staff(site, "かんりにん", "admin")
        first = await staff(site, "みまもり", "moderator")
        login = await kept_person(site)
        ban = (await give(site, admin, login, "ban"))["sanction"]
        await call(site, first, "POST", f"/api/moderation/sanctions/{ban['id']}/confirm", expect=200)
        status, refused = await log_in(site)
        assert status == 403 and refused["error"]["detail"]["kind"] == "ban"
        assert refused["error"]["detail"]["until"] is None and refused["error"]["detail"]["may_appeal"] is True
        old_token = refused["error"]["detail"]["appeal_token"]
        site.clock.advance(timedelta(minutes=31).total_seconds())
        status, late = await site.api.call("POST", "/api/auth/appeal", json={"token": old_token, "text": "お願いします"})
        assert status == 401 and late["error"]["code"] == "TOKEN_EXPIRED"
        status, refused = await log_in(site)
        token = refused["error"]["detail"]["appeal_token"]
        status, first = await site.api.call("POST", "/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert status == 200, first  # access tokens last 15 minutes
        second = await staff(site, "もうひとり", "moderator")
        status, _ = await site.api.call("POST", "/api/auth/appeal", json={"token": token, "text": "お願いします"})
        assert status == 201
        appeal_id = (await call(site, second, "GET", "/api/moderation/appeals", expect=200))["appeals"][0]["id"]
        # The admin who gave the ban and the moderator who confirmed it may not decide.
        body = {"outcome": "lifted", "answer_ja": "取り消しました。"}
        await call(site, first, "POST", f"/api/moderation/appeals/{appeal_id}/decide", json=body, expect=403)
        await call(site, second, "POST", f"/api/moderation/appeals/{appeal_id}/decide", json=body, expect=200)
        status, back = await log_in(site)
        assert status == 200, back


async def test_appeal_tries_are_rate_limited_and_the_window_closes(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        login = await kept_person(site)
        await give(site, moderator, login, "suspension", duration="90d")
        site.clock.advance(timedelta(days=30, minutes=1).total_seconds())
        status, refused = await log_in(site)
        assert status == 403 and refused["error"]["detail"]["may_appeal"] is False
        assert "appeal_token" not in refused["error"]["detail"]
        # A token for the sanction (as if kept from earlier) is refused after the 30 days too.
        token = site.app[keys.SIGNER].issue_appeal(account_id=login["account"]["id"],
                                                   sanction_id=refused["error"]["detail"]["sanction_id"])
        status, closed = await site.api.call("POST", "/api/auth/appeal", json={"token": token, "text": "a"})
        assert status == 409 and closed["error"]["detail"]["reason"] == "too_late"
        # A token naming someone else's sanction: not found, nothing revealed.
        other = site.app[keys.SIGNER].issue_appeal(account_id="someone-else", sanction_id=refused["error"]["detail"]["sanction_id"])
        status, nothing = await site.api.call("POST", "/api/auth/appeal", json={"token": other, "text": "a"})
        assert status == 404 and nothing["error"]["code"] == "NOT_FOUND"
        codes = []
        for _ in range(12):
            status, reply = await site.api.call("POST", "/api/auth/appeal", json={"token": "nonsense", "text": "a"})
            codes.append(reply["error"]["code"])
        assert codes[-1] == "RATE_LIMITED" and "TOKEN_INVALID" in codes
