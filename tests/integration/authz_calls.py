"""How the authorisation matrix calls each REST route: a realistic, valid request per route,
so the answer shows authorisation and not validation. Paths name objects of the world
(tests/integration/authz_world.py) as ``{name}``; a ``setup`` makes a fresh object for one
cell when the call would use up or change the shared one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from tests.integration.authz_world import ALWAYS_OPEN, EVENT, PASSPHRASE, World, file_report, image_form

Body = Any  # a dict, or a function (world, role, ids) -> dict | FormData
Setup = Callable[[World, str], Awaitable[dict]]


@dataclass(frozen=True)
class Call:
    path: str
    body: Body = None
    setup: Setup | None = None  # a fresh object for a cell that may change it (expected to succeed)
    shared: tuple[str, str] | None = None  # (id name, world object) used by the other cells
    fresh_login: bool = False  # the call ends or changes its session: use a new one
    stand_in: bool = False  # the call changes the account: use a new account of the role
    cleanup: Callable[[World, dict], Awaitable[None]] | None = None  # after the cell


async def _fresh_guest(world: World, role: str) -> dict:
    return {"refresh_token": (await world.apis[role].guest())["refresh_token"]}


async def _fresh_kept(world: World, role: str) -> dict:
    nickname = world.nickname("わすれたひと")
    kept = await world.kept(nickname, "individual", world.apis[role])
    return {"nickname": nickname, "recovery_code": kept["recovery_code"]}


async def _fresh_booking(world: World, role: str) -> dict:
    booked = await world.ok("individual", "POST", "/api/bookings", json=world.next_slot(), expect=201)
    return {"booking_id": booked["booking"]["id"]}


async def _release_booking(world: World, ids: dict) -> None:
    """The specialist cancels a fresh booking the cell left standing (and a rescheduled one's
    successor), so the individual stays under the limit of 3 upcoming bookings."""
    status, mine = await world.api.call("GET", "/api/bookings?side=person&status=booked", token=world.token("individual"))
    assert status == 200, mine
    for found in mine["bookings"]:
        if found["id"] != world.ids["booking"]:
            await world.ok("_the_specialist", "POST", f"/api/bookings/{found['id']}/cancel",
                           json={"reason": "specialist_unavailable"})


async def _fresh_case(world: World, role: str) -> dict:
    """A case of its own for a cell that changes who is seated: a kept person who booked the
    specialist (the relation a case needs), the case opened by that specialist."""
    person = await world.kept(world.nickname("あたらしいひと"), "individual", world.apis[role])
    status, booked = await world.apis[role].call("POST", "/api/bookings", json=world.next_slot(), token=person["access_token"])
    assert status == 201, booked
    case = await world.ok("_the_specialist", "POST", "/api/cases", expect=201, json={"person_id": person["account"]["id"]})
    return {"case_id": case["case"]["id"]}


async def _fresh_letter(world: World, role: str) -> dict:
    sent = await world.ok("_the_specialist", "POST", "/api/letters", expect=201, json={
        "recipient_id": world.account_id("individual"), "body": "お元気ですか。"})
    return {"letter_id": sent["letter"]["id"]}


async def _fresh_crisis_alert(world: World, role: str) -> dict:
    """An unacknowledged alert about the individual, as a screened text would raise it."""
    from moderation.crisis_alerts import Line, raise_alert
    from server import keys

    clock = world.app[keys.CLOCK]
    async with world.app[keys.DB_SESSIONS].begin() as db:
        raised = await raise_alert(db, clock, channel="letter", place=None, account_id=world.account_id("individual"),
                                   nickname="ひとり", context=[Line(world.account_id("individual"), "ひとり", "…", clock.now())],
                                   level="urgent", matched=["…"], on_duty=[world.account_id("staff")])
    return {"alert_id": raised.value.id}


async def _fresh_word(world: World, role: str) -> dict:
    made = await world.ok("moderator", "POST", "/api/moderation/words", expect=201, json={
        "phrase": world.nickname("ことば"), "action": "flag"})
    return {"word_id": made["word"]["id"]}


async def _fresh_post(world: World, role: str) -> dict:
    made = await world.ok("staff", "POST", "/api/boards/posts", expect=201, json={
        "category": "consult", "title_ja": world.nickname("お知らせ"), "body_ja": "本文です。"})
    post_id = made["post"]["id"]
    await world.ok("staff", "POST", f"/api/boards/posts/{post_id}/publish", json={})
    return {"post_id": post_id}


async def _fresh_report(world: World, role: str) -> dict:
    return {"report_id": await file_report(world)}


async def _fresh_claimed_report(world: World, role: str) -> dict:
    """A fresh report the caller claimed (notes and closing need the claim)."""
    report_id = await file_report(world)
    await world.ok(role, "POST", f"/api/moderation/reports/{report_id}/claim")
    return {"report_id": report_id}


async def _fresh_desk_message(world: World, role: str) -> dict:
    writer = await world.apis[role].guest()
    status, left = await world.apis[role].call("POST", "/api/desk/messages", json={"text": "相談したいことがあります"},
                                               token=writer["access_token"])
    assert status == 201, left
    return {"message_id": left["message"]["id"]}


def _kind(world: World, role: str, ids: dict) -> dict:
    return {"kind": world.logins[role]["account"]["kind"]} if role != "none" else {"kind": "individual"}


def _slot(world: World, role: str, ids: dict) -> dict:
    return world.next_slot()


def _moved(world: World, role: str, ids: dict) -> dict:
    slot = world.next_slot()
    return {"starts_at": slot["starts_at"], "ends_at": slot["ends_at"], "reason": "changed_plans"}


def _letter(world: World, role: str, ids: dict) -> dict:
    """Visitors write to the individual's specialist; workers write to the individual, who is
    not a person of theirs."""
    visitor = role in ("none", "guest", "individual", "family", "revoked")
    recipient = world.ids["the_specialist"] if visitor else world.account_id("individual")
    return {"recipient_id": recipient, "body": "お手紙ありがとうございます。"}


async def _fresh_signup(world: World, role: str) -> dict:
    """A session of a new event that the role has signed up for (to cancel it)."""
    session = (await _fresh_session(world, role))["occurrence_id"]
    status, body = await world.apis[role].call("POST", f"/api/events/occurrences/{session}/signup", json={},
                                               token=world.token(role))
    assert status == 201, body
    return {"occurrence_id": session}


async def _fresh_session(world: World, role: str) -> dict:
    made = await world.ok("staff", "POST", "/api/events", expect=201, json={
        **EVENT, "title_ja": world.nickname("集い"), "repeat": "none", "until_date": None})
    return {"occurrence_id": made["event"]["occurrences"][0]["id"]}


RULE = {"kind": "weekly", "weekday": 5, "start": "13:00", "end": "15:00", "slot_minutes": 50}
DAY = "2026-04-29"

CALLS: dict[tuple[str, str], Call] = {
    ("POST", "/api/auth/guest"): Call("/api/auth/guest", {"lang": "ja"}),
    ("POST", "/api/auth/keep"): Call("/api/auth/keep", lambda w, r, i: {
        "nickname": w.nickname("のこすひと"), "passphrase": PASSPHRASE, "kind": "family"}, fresh_login=True),
    ("POST", "/api/auth/login"): Call("/api/auth/login", lambda w, r, i: {
        "nickname": w.ids["login_target"], "passphrase": PASSPHRASE}),
    ("POST", "/api/auth/refresh"): Call("/api/auth/refresh", lambda w, r, i: {"refresh_token": i["refresh_token"]},
                                        setup=_fresh_guest),
    ("POST", "/api/auth/recover"): Call("/api/auth/recover", lambda w, r, i: {
        "nickname": i["nickname"], "recovery_code": i["recovery_code"], "new_passphrase": "another calm passphrase"},
        setup=_fresh_kept),
    ("POST", "/api/auth/logout"): Call("/api/auth/logout", fresh_login=True),
    ("POST", "/api/me/passphrase"): Call("/api/me/passphrase", {
        "current_passphrase": PASSPHRASE, "new_passphrase": "another calm long passphrase"}, stand_in=True),
    ("GET", "/api/me"): Call("/api/me"),
    ("PATCH", "/api/me"): Call("/api/me", _kind),
    ("GET", "/api/admin/users"): Call("/api/admin/users"),
    ("POST", "/api/admin/users"): Call("/api/admin/users", lambda w, r, i: {
        "nickname": w.nickname("あたらしい相談員"), "passphrase": PASSPHRASE, "role": "staff"}),
    ("GET", "/api/admin/accounts/lookup"): Call("/api/admin/accounts/lookup?nickname=ひとりのひと"),
    ("PUT", "/api/admin/users/{account_id}/role"): Call("/api/admin/users/{role_target}/role", {"role": "peer_supporter"}),
    ("GET", "/api/avatars/catalogue"): Call("/api/avatars/catalogue"),
    ("GET", "/api/avatars/sprites/{code}"): Call("/api/avatars/sprites/{look_code}.png"),
    ("GET", "/api/avatars/previews/{code}"): Call("/api/avatars/previews/{look_code}.png"),
    ("GET", "/api/me/look"): Call("/api/me/look"),
    ("PUT", "/api/me/look"): Call("/api/me/look", lambda w, r, i: w.default_look),
    ("GET", "/api/boards/categories"): Call("/api/boards/categories"),
    ("GET", "/api/boards/posts"): Call("/api/boards/posts?category=consult"),
    ("POST", "/api/boards/posts"): Call("/api/boards/posts", {"category": "consult", "title_ja": "下書き", "body_ja": "本文"}),
    ("GET", "/api/boards/posts/{post_id}"): Call("/api/boards/posts/{post}"),
    ("PATCH", "/api/boards/posts/{post_id}"): Call("/api/boards/posts/{post}", {"title_ja": "はじめての相談 (改)"}),
    ("POST", "/api/boards/posts/{post_id}/publish"): Call("/api/boards/posts/{post_id}/publish", {}, setup=_fresh_post,
                                                        shared=("post_id", "post")),
    ("POST", "/api/boards/posts/{post_id}/unpublish"): Call("/api/boards/posts/{post_id}/unpublish", {}, setup=_fresh_post,
                                                        shared=("post_id", "post")),
    ("GET", "/api/boards/posts/{post_id}/revisions"): Call("/api/boards/posts/{post}/revisions"),
    ("POST", "/api/boards/posts/{post_id}/helpful"): Call("/api/boards/posts/{post}/helpful", {}),
    ("POST", "/api/boards/visited"): Call("/api/boards/visited", {}),
    ("GET", "/api/boards/manage/posts"): Call("/api/boards/manage/posts"),
    ("GET", "/api/boards/manage/posts/{post_id}"): Call("/api/boards/manage/posts/{post}"),
    ("POST", "/api/boards/preview"): Call("/api/boards/preview", {"body_ja": "**太字**"}),
    ("POST", "/api/boards/images"): Call("/api/boards/images", lambda w, r, i: image_form()),
    ("GET", "/api/boards/images"): Call("/api/boards/images"),
    ("GET", "/api/boards/images/{image_id}"): Call("/api/boards/images/{image}"),
    ("GET", "/api/boards/images/{image_id}/thumb"): Call("/api/boards/images/{image}/thumb"),
    ("GET", "/api/specialists"): Call("/api/specialists"),
    ("GET", "/api/availability"): Call("/api/availability?from=2026-04-06&to=2026-04-10"),
    ("GET", "/api/me/availability"): Call("/api/me/availability"),
    ("POST", "/api/me/availability"): Call("/api/me/availability", RULE),
    ("PUT", "/api/me/availability/{rule_id}"): Call("/api/me/availability/{rule}", RULE),
    ("DELETE", "/api/me/availability/{rule_id}"): Call("/api/me/availability/{rule}"),
    ("POST", "/api/bookings"): Call("/api/bookings", _slot),
    ("GET", "/api/bookings"): Call("/api/bookings"),
    ("GET", "/api/bookings/today"): Call("/api/bookings/today"),
    ("POST", "/api/bookings/{booking_id}/cancel"): Call("/api/bookings/{booking_id}/cancel", {"reason": "changed_plans"},
                                                        setup=_fresh_booking, cleanup=_release_booking,
                                                        shared=("booking_id", "booking")),
    ("POST", "/api/bookings/{booking_id}/reschedule"): Call("/api/bookings/{booking_id}/reschedule", _moved,
                                                            setup=_fresh_booking, cleanup=_release_booking,
                                                        shared=("booking_id", "booking")),
    ("POST", "/api/bookings/{booking_id}/no-show"): Call("/api/bookings/{booking}/no-show"),
    ("POST", "/api/bookings/{booking_id}/complete"): Call("/api/bookings/{booking}/complete"),
    ("GET", "/api/bookings/{booking_id}.ics"): Call("/api/bookings/{booking}.ics"),
    ("GET", "/api/letters/inbox"): Call("/api/letters/inbox"),
    ("GET", "/api/letters/sent"): Call("/api/letters/sent"),
    ("GET", "/api/letters/contacts"): Call("/api/letters/contacts"),
    ("POST", "/api/letters"): Call("/api/letters", _letter),
    ("GET", "/api/letters/{letter_id}"): Call("/api/letters/{letter}"),
    ("POST", "/api/letters/{letter_id}/read"): Call("/api/letters/{letter}/read"),
    ("DELETE", "/api/letters/{letter_id}"): Call("/api/letters/{letter_id}", setup=_fresh_letter,
                                                  shared=("letter_id", "letter")),
    ("POST", "/api/cases"): Call("/api/cases", lambda w, r, i: {
        "person_id": w.account_id("individual"), "contact_start": "空間で出会った"}),
    ("GET", "/api/cases/mine"): Call("/api/cases/mine"),
    ("GET", "/api/cases/overview"): Call("/api/cases/overview"),
    ("GET", "/api/cases/caseworkers"): Call("/api/cases/caseworkers"),
    ("GET", "/api/caseload"): Call("/api/caseload?month=2026-04"),
    ("GET", "/api/cases/{case_id}"): Call("/api/cases/{case}"),
    ("PATCH", "/api/cases/{case_id}"): Call("/api/cases/{case}", {"next_step": "来週もう一度話す"}),
    ("POST", "/api/cases/{case_id}/notes"): Call("/api/cases/{case}/notes", {"kind": "session", "body": "落ち着いて話せた"}),
    ("POST", "/api/cases/{case_id}/assignees"): Call("/api/cases/{case_id}/assignees", lambda w, r, i: {
        "specialist_id": w.account_id("specialist"), "reason": "二人目として"}, setup=_fresh_case,
        shared=("case_id", "case")),
    ("POST", "/api/cases/{case_id}/handover"): Call("/api/cases/{case_id}/handover", lambda w, r, i: {
        "outgoing_id": w.ids["the_specialist"], "incoming_id": w.account_id("specialist"), "reason": "異動のため"},
        setup=_fresh_case,
        shared=("case_id", "case")),
    ("GET", "/api/my-record"): Call("/api/my-record"),
    ("POST", "/api/my-record/consents"): Call("/api/my-record/consents", {
        "organisation": "みなと市 保健センター", "purpose": "訪問の相談をつなぐため"}),
    ("POST", "/api/my-record/consents/{consent_id}/revoke"): Call("/api/my-record/consents/{consent}/revoke"),
    ("GET", "/api/voice/config"): Call("/api/voice/config"),
    ("GET", "/api/desk"): Call("/api/desk"),
    ("GET", "/api/desk/hours"): Call("/api/desk/hours"),
    ("PUT", "/api/desk/hours"): Call("/api/desk/hours", ALWAYS_OPEN),
    ("PUT", "/api/desk/days/{date}"): Call(f"/api/desk/days/{DAY}", {"windows": [{"start": "10:00", "end": "15:00"}],
                                                                      "note": "祝日は短い時間です"}),
    ("DELETE", "/api/desk/days/{date}"): Call(f"/api/desk/days/{DAY}"),
    ("POST", "/api/desk/messages"): Call("/api/desk/messages", {"text": "夜に相談したいです"}),
    ("GET", "/api/desk/messages/mine"): Call("/api/desk/messages/mine"),
    ("DELETE", "/api/desk/messages/{message_id}"): Call("/api/desk/messages/{desk_message}"),
    ("GET", "/api/desk/messages"): Call("/api/desk/messages?state=open"),
    ("POST", "/api/desk/messages/{message_id}/handled"): Call("/api/desk/messages/{message_id}/handled",
                                                              {"reply": "明日の昼にお待ちしています"}, setup=_fresh_desk_message,
                                                              shared=("message_id", "desk_message")),
    ("GET", "/api/events"): Call("/api/events"),
    ("GET", "/api/events/manage"): Call("/api/events/manage"),
    ("POST", "/api/events"): Call("/api/events", lambda w, r, i: {**EVENT, "title_ja": w.nickname("新しい催し")}),
    ("GET", "/api/events/{event_id}"): Call("/api/events/{event}"),
    ("PATCH", "/api/events/{event_id}"): Call("/api/events/{event}", {"description_ja": "ゆっくりどうぞ。"}),
    ("GET", "/api/events/{event_id}/questions"): Call("/api/events/{event}/questions"),
    ("PUT", "/api/events/{event_id}/questions"): Call("/api/events/{event}/questions", {"questions": [
        {"kind": "choice", "prompt_ja": "また来たいですか", "choices": [{"ja": "はい"}, {"ja": "いいえ"}]}]}),
    ("POST", "/api/events/occurrences/{occurrence_id}/signup"): Call("/api/events/occurrences/{open_session}/signup", {}),
    ("POST", "/api/events/occurrences/{occurrence_id}/cancel-signup"): Call(
        "/api/events/occurrences/{occurrence_id}/cancel-signup", {}, setup=_fresh_signup, shared=("occurrence_id", "session")),
    ("GET", "/api/events/occurrences/{occurrence_id}/signup.ics"): Call("/api/events/occurrences/{session}/signup.ics"),
    ("POST", "/api/events/occurrences/{occurrence_id}/cancel"): Call(
        "/api/events/occurrences/{occurrence_id}/cancel", {}, setup=_fresh_session, shared=("occurrence_id", "open_session")),
    ("GET", "/api/events/occurrences/{occurrence_id}/signups"): Call("/api/events/occurrences/{session}/signups"),
    ("GET", "/api/events/occurrences/{occurrence_id}/report"): Call("/api/events/occurrences/{past_session}/report"),
    ("GET", "/api/events/occurrences/{occurrence_id}/feedback"): Call("/api/events/occurrences/{past_session}/feedback"),
    ("POST", "/api/events/occurrences/{occurrence_id}/feedback"): Call(
        "/api/events/occurrences/{past_session}/feedback", lambda w, r, i: {"answers": [{"question_id": i["question"], "value": 4}]}),
    ("GET", "/api/me/event-signups"): Call("/api/me/event-signups"),
    ("GET", "/api/me/event-audience"): Call("/api/me/event-audience"),
    ("PUT", "/api/me/event-audience"): Call("/api/me/event-audience", {"woman": False}),
    ("POST", "/api/reports"): Call("/api/reports", lambda w, r, i: {
        "target": {"kind": "person", "id": w.ids["stranger"]}, "category": "other", "comment": "気になりました"}),
    ("GET", "/api/reports/mine"): Call("/api/reports/mine"),
    ("GET", "/api/moderation/reports"): Call("/api/moderation/reports"),
    ("GET", "/api/moderation/alerts"): Call("/api/moderation/alerts"),
    ("GET", "/api/moderation/reports/{report_id}"): Call("/api/moderation/reports/{report}"),
    ("POST", "/api/moderation/reports/{report_id}/claim"): Call("/api/moderation/reports/{report_id}/claim",
                                                                setup=_fresh_report, shared=("report_id", "report")),
    ("POST", "/api/moderation/reports/{report_id}/notes"): Call("/api/moderation/reports/{report_id}/notes",
                                                                {"body": "確認中"}, setup=_fresh_claimed_report,
                                                                shared=("report_id", "report")),
    ("POST", "/api/moderation/reports/{report_id}/close"): Call("/api/moderation/reports/{report_id}/close",
                                                                {"outcome": "acted"}, setup=_fresh_claimed_report,
                                                                shared=("report_id", "report")),
    ("GET", "/healthz"): Call("/healthz"),
    ("GET", "/readyz"): Call("/readyz"),
    ("GET", "/api/space/map"): Call("/api/space/map"),
    ("GET", "/api/space/info"): Call("/api/space/info"),
    ("GET", "/api/crisis-alerts"): Call("/api/crisis-alerts"),
    ("POST", "/api/crisis-alerts/{alert_id}/ack"): Call("/api/crisis-alerts/{alert_id}/ack",
                                                        {"action": "デスクで声をかけた", "legal_basis": "not_shared"},
                                                        setup=_fresh_crisis_alert),
    ("GET", "/api/support-lines"): Call("/api/support-lines"),
    ("GET", "/api/moderation/words"): Call("/api/moderation/words"),
    ("POST", "/api/moderation/words"): Call("/api/moderation/words", lambda world, role, ids: {
        "phrase": world.nickname("ためしのことば"), "action": "flag"}),
    ("PUT", "/api/moderation/words/{word_id}"): Call("/api/moderation/words/{word_id}", {"action": "mask"},
                                                     setup=_fresh_word),
    ("DELETE", "/api/moderation/words/{word_id}"): Call("/api/moderation/words/{word_id}", setup=_fresh_word),
    ("GET", "/api/moderation/flags"): Call("/api/moderation/flags"),
    ("POST", "/api/moderation/screen-test"): Call("/api/moderation/screen-test", {"text": "電話は090-1234-5678です"}),
}


async def call_route(world: World, key: tuple[str, str], role: str, *, may_change: bool) -> int:
    """Make the route's call as ``role``; the HTTP status. ``may_change``: the cell is expected
    to succeed, so it gets a fresh object where the route has a setup; a refused caller is
    shown the shared one (someone else's all the same)."""
    method, _ = key
    spec = CALLS[key]
    ids = dict(world.ids)
    if spec.setup is not None and (may_change or spec.shared is None):
        ids.update(await spec.setup(world, role))
    elif spec.shared is not None:
        name, shared = spec.shared
        ids[name] = world.ids[shared]
    body = spec.body(world, role, ids) if callable(spec.body) else spec.body
    # A revoked session stays the dead one it is: that is what its column shows.
    login = world.logins.get(role)
    if role not in ("none", "revoked") and (spec.fresh_login or spec.stand_in):
        login = await (world.stand_in(role) if spec.stand_in else world.fresh_login(role))
    token = login["access_token"] if login else None
    path = spec.path.format(**ids)
    if body is not None and not isinstance(body, dict):
        status, _ = await world.apis[role].call(method, path, data=body, token=token)
    else:
        status, _ = await world.apis[role].call(method, path, json=body, token=token)
    if spec.cleanup is not None and may_change:
        await spec.cleanup(world, ids)
    return status


from tests.integration import authz_moderation, authz_surveys  # noqa: E402  (they build on Call, above)

CALLS.update(authz_moderation.CALLS)
CALLS.update(authz_surveys.CALLS)
