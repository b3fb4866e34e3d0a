"""The authorisation matrix's moderation objects (issue 12): a person with sanctions given by
a moderator and an admin who are not matrix roles (so the matrix's moderator and admin may
decide and confirm), the individual's own warning (theirs to appeal), and the calls."""
from __future__ import annotations

from server import keys
from tests.integration.authz_calls import Call

REASON = {"reason_ja": "みんなが安心できるように、少し気をつけてください。"}


async def build(world) -> None:
    world.logins["_the_moderator"] = await world.worker("いつもの見守り", "moderator")
    world.logins["_the_admin"] = await world.worker("いつもの管理", "admin")
    target = await world.api.guest()
    world.logins["_sanctioned"] = target
    world.ids["sanctioned"] = target["account"]["id"]
    mine = await world.ok("_the_moderator", "POST", "/api/moderation/sanctions", expect=201,
                          json={"account_id": world.account_id("individual"), "kind": "warning", **REASON})
    world.ids["my_sanction"] = mine["sanction"]["id"]
    world.ids.update(await _fresh_ban(world, "none"))
    world.ids["pending_ban"] = world.ids.pop("sanction_id")
    world.ids["rest_sanction"] = (await _fresh_rest(world, "none"))["sanction_id"]
    world.ids["appeal"] = (await _fresh_appeal(world, "none"))["appeal_id"]


async def _sanctioned_guest(world) -> dict:
    guest = await world.api.guest()
    world.logins[f"_guest_{guest['account']['id']}"] = guest
    return guest


async def _fresh_ban(world, role: str) -> dict:
    guest = await _sanctioned_guest(world)
    ban = await world.ok("_the_admin", "POST", "/api/moderation/sanctions", expect=201,
                         json={"account_id": guest["account"]["id"], "kind": "ban", **REASON})
    return {"sanction_id": ban["sanction"]["id"]}


async def _fresh_rest(world, role: str) -> dict:
    guest = await _sanctioned_guest(world)
    rest = await world.ok("_the_moderator", "POST", "/api/moderation/sanctions", expect=201,
                          json={"account_id": guest["account"]["id"], "kind": "rest", "duration": "1h", **REASON})
    return {"sanction_id": rest["sanction"]["id"], "_guest": guest}


async def _fresh_appeal(world, role: str) -> dict:
    made = await _fresh_rest(world, role)
    status, body = await world.api.call("POST", f"/api/me/sanctions/{made['sanction_id']}/appeal",
                                        json={"text": "もう一度考えてください"}, token=made["_guest"]["access_token"])
    assert status == 201, body
    appeals = await world.ok("_the_moderator", "GET", "/api/moderation/appeals")
    return {"appeal_id": next(a["id"] for a in appeals["appeals"] if a["sanction_id"] == made["sanction_id"])}


async def _fresh_appeal_token(world, role: str) -> dict:
    """A suspended guest and the token a refused login would carry (the caller's own session,
    if any, plays no part: the route reads only the appeal token)."""
    guest = await _sanctioned_guest(world)
    made = await world.ok("_the_moderator", "POST", "/api/moderation/sanctions", expect=201,
                          json={"account_id": guest["account"]["id"], "kind": "suspension", "duration": "7d", **REASON})
    token = world.app[keys.SIGNER].issue_appeal(account_id=guest["account"]["id"], sanction_id=made["sanction"]["id"])
    return {"token": token}


CALLS: dict[tuple[str, str], Call] = {
    ("GET", "/api/moderation/presets"): Call("/api/moderation/presets"),
    ("GET", "/api/moderation/people"): Call("/api/moderation/people?q={sanctioned}"),
    ("GET", "/api/moderation/people/{account_id}"): Call("/api/moderation/people/{sanctioned}"),
    ("POST", "/api/moderation/sanctions"): Call("/api/moderation/sanctions", lambda w, r, i: {
        "account_id": w.ids["sanctioned"], "kind": "warning", **REASON}),
    ("POST", "/api/moderation/sanctions/{sanction_id}/confirm"): Call(
        "/api/moderation/sanctions/{sanction_id}/confirm", setup=_fresh_ban, shared=("sanction_id", "pending_ban")),
    ("POST", "/api/moderation/sanctions/{sanction_id}/lift"): Call(
        "/api/moderation/sanctions/{sanction_id}/lift", {"reason": "見直しました"}, setup=_fresh_rest,
        shared=("sanction_id", "rest_sanction")),
    ("GET", "/api/moderation/appeals"): Call("/api/moderation/appeals"),
    ("POST", "/api/moderation/appeals/{appeal_id}/decide"): Call(
        "/api/moderation/appeals/{appeal_id}/decide", {"outcome": "upheld", "answer_ja": "このままとします"},
        setup=_fresh_appeal, shared=("appeal_id", "appeal")),
    ("POST", "/api/moderation/people/{account_id}/lift-warmup"): Call("/api/moderation/people/{sanctioned}/lift-warmup"),
    ("GET", "/api/me/sanctions"): Call("/api/me/sanctions"),
    ("POST", "/api/me/sanctions/{sanction_id}/appeal"): Call("/api/me/sanctions/{my_sanction}/appeal",
                                                             {"text": "理由を教えてください"}),
    ("POST", "/api/auth/appeal"): Call("/api/auth/appeal", lambda w, r, i: {
        "token": i["token"], "text": "話を聞いてください"}, setup=_fresh_appeal_token),
    ("GET", "/api/admin/audit"): Call("/api/admin/audit?action=sanction."),
    ("GET", "/api/admin/audit/monthly"): Call("/api/admin/audit/monthly?month=2026-04"),
    ("GET", "/api/reports/summary"): Call("/api/reports/summary?from=2026-04-01&to=2027-03-31"),
    ("GET", "/api/reports/summary.csv"): Call("/api/reports/summary.csv"),
}
