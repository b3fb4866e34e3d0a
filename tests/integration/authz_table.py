"""THE AUTHORISATION MATRIX: for every REST route (method, path) and every Socket.IO event
(namespace, event), the answer each role gets. REST answers are HTTP statuses; socket
answers are "ok", an error code, or REFUSED (connection refused or closed). Each ``connect``
row is opening that namespace.

Roles: none (no token), guest, individual and family (kept visitors of that kind), peer
(peer supporter), specialist (one who is NOT the specialist of the objects called), staff,
moderator, admin, and revoked (a kept visitor whose session ended, by logout, after their
sockets connected: its REST column uses the dead token).

The objects called are never the caller's own, except the individual's (their booking,
case, letter, consent) and the family member's desk message; see authz_world.py and the
calls in authz_calls.py / authz_events.py.

``python -m tests.integration.authz_table`` prints the table and its number of cells.
"""
from __future__ import annotations

ROLES = ("none", "guest", "individual", "family", "peer", "specialist", "staff", "moderator", "admin", "revoked")
REFUSED = "refused"
OK = "ok"


def every(answer, **but) -> dict[str, object]:
    """All roles get ``answer``, except those named."""
    unknown = set(but) - set(ROLES)
    assert not unknown, unknown
    return {role: but.get(role, answer) for role in ROLES}


def signed_in(status: int = 200, **but) -> dict[str, object]:
    """Anyone who entered (guests too); no token or a dead one: 401."""
    return every(status, **{"none": 401, "revoked": 401, **but})


def only(status: int, *roles: str, others: int = 403, **but) -> dict[str, object]:
    """Only the roles named get ``status``; other signed-in roles get ``others``."""
    return every(others, **{"none": 401, "revoked": 401, **{r: status for r in roles}, **but})


def connected(answer=OK, **but) -> dict[str, object]:
    """An event on a namespace: refused for no token and for an ended session."""
    return every(answer, **{"none": REFUSED, "revoked": REFUSED, **but})


KEPT = ("individual", "family", "peer", "specialist", "staff", "moderator", "admin")  # not guests
AUTHORS = ("staff", "admin")  # board authors
DESK_WORKERS = ("specialist", "staff", "admin")
COORDINATORS = ("staff", "admin")
EVENT_PLANNERS = ("peer", "specialist", "staff", "moderator", "admin")
MODERATORS = ("moderator", "admin")
CRISIS_WATCHERS = ("specialist", "staff", "moderator", "admin")  # who hears and acknowledges crisis alerts
OPTIONAL_AUTH = {"revoked": 401}  # routes that read a token when one is sent

MATRIX: dict[tuple[str, str], dict[str, object]] = {
    # --- accounts -------------------------------------------------------------------------
    ("POST", "/api/auth/guest"): every(201),
    ("POST", "/api/auth/keep"): every(409, none=201, guest=201, revoked=401),  # 409: already kept
    ("POST", "/api/auth/login"): every(200),
    ("POST", "/api/auth/refresh"): every(200),
    ("POST", "/api/auth/recover"): every(200),
    ("POST", "/api/auth/logout"): signed_in(),
    ("POST", "/api/me/passphrase"): only(200, *KEPT),  # a guest has none to change
    ("GET", "/api/me"): signed_in(),
    ("PATCH", "/api/me"): signed_in(),
    # --- admin ----------------------------------------------------------------------------
    ("GET", "/api/admin/users"): only(200, "admin"),
    ("POST", "/api/admin/users"): only(201, "admin"),
    ("GET", "/api/admin/accounts/lookup"): only(200, "admin"),
    ("PUT", "/api/admin/users/{account_id}/role"): only(200, "admin"),
    # --- avatars --------------------------------------------------------------------------
    ("GET", "/api/avatars/catalogue"): every(200),
    ("GET", "/api/avatars/sprites/{code}"): every(200),
    ("GET", "/api/avatars/previews/{code}"): every(200),
    ("GET", "/api/me/look"): signed_in(),
    ("PUT", "/api/me/look"): signed_in(),
    # --- events: the matrix's staff member hosts them; the individual signed up ----------------
    ("GET", "/api/events"): every(200, **OPTIONAL_AUTH),
    ("GET", "/api/events/manage"): only(200, *EVENT_PLANNERS),  # peers, specialists, moderators: only what they host
    ("POST", "/api/events"): only(201, *COORDINATORS),
    ("GET", "/api/events/{event_id}"): every(200, **OPTIONAL_AUTH),
    ("PATCH", "/api/events/{event_id}"): only(200, *COORDINATORS),  # other planners: EVENT_NOT_HOST
    ("GET", "/api/events/{event_id}/questions"): only(200, *COORDINATORS),
    ("PUT", "/api/events/{event_id}/questions"): only(200, *COORDINATORS),
    ("POST", "/api/events/occurrences/{occurrence_id}/signup"): signed_in(201),
    ("POST", "/api/events/occurrences/{occurrence_id}/cancel-signup"): only(200, "individual"),  # others: not signed up
    ("GET", "/api/events/occurrences/{occurrence_id}/signup.ics"): only(200, "individual"),
    ("POST", "/api/events/occurrences/{occurrence_id}/cancel"): only(200, *COORDINATORS),
    ("GET", "/api/events/occurrences/{occurrence_id}/signups"): only(200, *COORDINATORS),  # never to attendees
    ("GET", "/api/events/occurrences/{occurrence_id}/report"): only(200, *COORDINATORS),
    ("GET", "/api/events/occurrences/{occurrence_id}/feedback"): only(200, "individual"),  # who attended it
    ("POST", "/api/events/occurrences/{occurrence_id}/feedback"): only(201, "individual"),
    ("GET", "/api/me/event-signups"): signed_in(),
    ("GET", "/api/me/event-audience"): signed_in(),
    ("PUT", "/api/me/event-audience"): signed_in(),
    # --- boards ---------------------------------------------------------------------------
    ("GET", "/api/boards/categories"): every(200, **OPTIONAL_AUTH),
    ("GET", "/api/boards/posts"): every(200, **OPTIONAL_AUTH),
    ("POST", "/api/boards/posts"): only(201, *AUTHORS),
    ("GET", "/api/boards/posts/{post_id}"): every(200, **OPTIONAL_AUTH),
    ("PATCH", "/api/boards/posts/{post_id}"): only(200, *AUTHORS),
    ("POST", "/api/boards/posts/{post_id}/publish"): only(200, *AUTHORS),
    ("POST", "/api/boards/posts/{post_id}/unpublish"): only(200, *AUTHORS),
    ("GET", "/api/boards/posts/{post_id}/revisions"): only(200, *AUTHORS),
    ("POST", "/api/boards/posts/{post_id}/helpful"): every(200),
    ("POST", "/api/boards/visited"): signed_in(),
    ("GET", "/api/boards/manage/posts"): only(200, *AUTHORS),
    ("GET", "/api/boards/manage/posts/{post_id}"): only(200, *AUTHORS),
    ("POST", "/api/boards/preview"): only(200, *AUTHORS),
    ("POST", "/api/boards/images"): only(201, *AUTHORS),
    ("GET", "/api/boards/images"): only(200, *AUTHORS),
    ("GET", "/api/boards/images/{image_id}"): every(200),
    ("GET", "/api/boards/images/{image_id}/thumb"): every(200),
    # --- consultations: the specialist's rule and the individual's booking ----------------------
    ("GET", "/api/specialists"): every(200),
    ("GET", "/api/availability"): every(200, **OPTIONAL_AUTH),
    ("GET", "/api/me/availability"): only(200, *DESK_WORKERS),
    ("POST", "/api/me/availability"): only(201, *DESK_WORKERS),
    ("PUT", "/api/me/availability/{rule_id}"): only(404, *DESK_WORKERS),  # someone else's rule
    ("DELETE", "/api/me/availability/{rule_id}"): only(404, *DESK_WORKERS),
    ("POST", "/api/bookings"): signed_in(201),
    ("GET", "/api/bookings"): signed_in(),
    ("GET", "/api/bookings/today"): only(200, *DESK_WORKERS),
    ("POST", "/api/bookings/{booking_id}/cancel"): signed_in(404, individual=200),
    ("POST", "/api/bookings/{booking_id}/reschedule"): signed_in(404, individual=201),
    ("POST", "/api/bookings/{booking_id}/no-show"): signed_in(404, individual=403),  # the specialist's to say
    ("POST", "/api/bookings/{booking_id}/complete"): signed_in(404, individual=403),
    ("GET", "/api/bookings/{booking_id}.ics"): signed_in(404, individual=200),
    # --- letters: one from the specialist to the individual -----------------------------------
    ("GET", "/api/letters/inbox"): only(200, *KEPT),
    ("GET", "/api/letters/sent"): only(200, *KEPT),
    ("GET", "/api/letters/contacts"): only(200, *KEPT),
    ("POST", "/api/letters"): only(201, "individual"),  # visitors to the individual's specialist, workers to the individual
    ("GET", "/api/letters/{letter_id}"): only(404, *KEPT, individual=200),
    ("POST", "/api/letters/{letter_id}/read"): only(404, *KEPT, individual=200),
    ("DELETE", "/api/letters/{letter_id}"): only(404, *KEPT, individual=200),
    # --- cases: the individual's, held by the specialist (not a matrix role) ----------------------
    ("POST", "/api/cases"): only(403),  # on the individual, who has a case: nobody here has a relation
    ("GET", "/api/cases/mine"): only(200, "specialist", "staff"),
    ("GET", "/api/cases/overview"): only(200, *COORDINATORS),
    ("GET", "/api/cases/caseworkers"): only(200, *DESK_WORKERS),
    ("GET", "/api/cases/{case_id}"): only(403),
    ("PATCH", "/api/cases/{case_id}"): only(403),
    ("POST", "/api/cases/{case_id}/notes"): only(403),
    ("POST", "/api/cases/{case_id}/assignees"): only(200, *COORDINATORS),  # a second seat, with a reason
    ("POST", "/api/cases/{case_id}/handover"): only(200, *COORDINATORS),
    # --- caseload (issue 14 item 4): admins everyone's, a specialist only their own row ---------
    ("GET", "/api/caseload"): only(200, "specialist", "admin"),
    ("GET", "/api/my-record"): only(200, *KEPT),
    ("POST", "/api/my-record/consents"): only(404, *KEPT, individual=201),  # no record: 404
    ("POST", "/api/my-record/consents/{consent_id}/revoke"): only(404, *KEPT, individual=200),
    # --- voice, desk, operations, space --------------------------------------------------------
    ("GET", "/api/voice/config"): signed_in(),
    ("GET", "/api/desk"): every(200),
    ("GET", "/api/desk/hours"): every(200),
    ("PUT", "/api/desk/hours"): only(200, *DESK_WORKERS),
    ("PUT", "/api/desk/days/{date}"): only(200, *DESK_WORKERS),
    ("DELETE", "/api/desk/days/{date}"): only(200, *DESK_WORKERS),
    ("POST", "/api/desk/messages"): only(201, "guest", "individual", "family", "peer", "moderator"),
    ("GET", "/api/desk/messages/mine"): signed_in(),
    ("DELETE", "/api/desk/messages/{message_id}"): signed_in(404, family=200),  # the family member's
    ("GET", "/api/desk/messages"): only(200, *DESK_WORKERS),
    ("POST", "/api/desk/messages/{message_id}/handled"): only(200, *DESK_WORKERS),
    # --- reports: one by the family member about a stranger; moderators and admins handle them ---
    ("POST", "/api/reports"): signed_in(202),  # always "received", whatever the target
    ("GET", "/api/reports/mine"): signed_in(),
    ("GET", "/api/moderation/reports"): only(200, *MODERATORS),
    ("GET", "/api/moderation/alerts"): only(200, *MODERATORS),
    ("GET", "/api/moderation/reports/{report_id}"): only(200, *MODERATORS),
    ("POST", "/api/moderation/reports/{report_id}/claim"): only(200, *MODERATORS),
    ("POST", "/api/moderation/reports/{report_id}/notes"): only(201, *MODERATORS),
    ("POST", "/api/moderation/reports/{report_id}/close"): only(200, *MODERATORS),
    ("GET", "/healthz"): every(200),
    ("GET", "/readyz"): every(200),
    ("GET", "/api/space/map"): every(200),
    ("GET", "/api/space/info"): every(200),
    # --- moderation (issue 12): sanctions, appeals, the warm-up, the audit log ---------------------
    ("GET", "/api/moderation/presets"): only(200, *MODERATORS),
    ("GET", "/api/moderation/people"): only(200, *MODERATORS),
    ("GET", "/api/moderation/people/{account_id}"): only(200, *MODERATORS),
    ("POST", "/api/moderation/sanctions"): only(201, *MODERATORS),  # a warning to someone else
    ("POST", "/api/moderation/sanctions/{sanction_id}/confirm"): only(200, *MODERATORS),  # a ban another admin gave
    ("POST", "/api/moderation/sanctions/{sanction_id}/lift"): only(200, *MODERATORS),
    ("GET", "/api/moderation/appeals"): only(200, *MODERATORS),
    ("POST", "/api/moderation/appeals/{appeal_id}/decide"): only(200, *MODERATORS),  # another moderator sanctioned
    ("POST", "/api/moderation/people/{account_id}/lift-warmup"): only(200, "staff", *MODERATORS),
    ("GET", "/api/me/sanctions"): signed_in(),
    ("POST", "/api/me/sanctions/{sanction_id}/appeal"): signed_in(404, individual=201),  # the individual's warning
    ("POST", "/api/auth/appeal"): every(201),  # a suspended login's appeal token decides; a session plays no part
    ("GET", "/api/admin/audit"): only(200, "admin"),
    ("GET", "/api/admin/audit/monthly"): only(200, "admin"),
    # --- the municipal report (issue 14): staff and admins only ----------------------------------
    ("GET", "/api/reports/summary"): only(200, *COORDINATORS),
    ("GET", "/api/reports/summary.csv"): only(200, *COORDINATORS),
    # --- crisis alerts (issue 12): one fresh alert per cell -------------------------------------
    ("GET", "/api/crisis-alerts"): only(200, *CRISIS_WATCHERS),
    ("POST", "/api/crisis-alerts/{alert_id}/ack"): only(200, *CRISIS_WATCHERS),
    ("GET", "/api/support-lines"): every(200),
    # --- word lists (issue 12): a fresh phrase per cell that changes one -----------------------------
    ("GET", "/api/moderation/words"): only(200, *MODERATORS),
    ("POST", "/api/moderation/words"): only(201, *MODERATORS),
    ("PUT", "/api/moderation/words/{word_id}"): only(200, *MODERATORS),
    ("DELETE", "/api/moderation/words/{word_id}"): only(200, *MODERATORS),
    ("GET", "/api/moderation/flags"): only(200, *MODERATORS),
    ("POST", "/api/moderation/screen-test"): only(200, *MODERATORS),
    # --- Socket.IO: opening each namespace ------------------------------------------------------
    ("/", "connect"): every(REFUSED),  # only the namespaces with handlers accept anyone
    ("/space", "connect"): connected(),
    ("/desk", "connect"): connected(),
    ("/consult", "connect"): connected(),
    ("/event", "connect"): connected(),
    # --- /space: a request and a conversation between two others, a hidden person ------------------
    ("/space", "world:snapshot"): connected(),
    ("/space", "world:move"): connected(),
    ("/space", "presence:status"): connected(),
    ("/space", "presence:hidden"): connected(),
    ("/space", "presence:look"): connected(),
    ("/space", "emote:send"): connected(),
    ("/space", "contact:invite"): connected("NOT_ACCEPTING"),  # the hidden person: nobody may
    ("/space", "contact:accept"): connected("NO_SUCH_REQUEST"),
    ("/space", "contact:decline"): connected("NO_SUCH_REQUEST"),
    ("/space", "contact:withdraw"): connected("NO_SUCH_REQUEST"),
    ("/space", "contact:leave"): connected("NOT_FOUND"),
    ("/space", "chat:say"): connected("NOT_FOUND"),
    ("/space", "zone:say"): connected(),
    ("/space", "block:add"): connected(),
    ("/space", "block:remove"): connected(),
    ("/space", "block:list"): connected(),
    ("/space", "presence:reveal_hidden"): connected("FORBIDDEN", moderator=OK, admin=OK),  # audit-logged look
    ("/space", "moderation:hide_message"): connected("FORBIDDEN", moderator="NOT_FOUND", admin="NOT_FOUND"),  # gone
    ("/space", "moderation:ask_leave"): connected("FORBIDDEN", moderator=OK, admin=OK),  # the stranger, audited
    ("/space", "ping"): connected(),
    ("/space", "session:renew"): connected(),  # with a fresh token of the same session
    ("/space", "world:step_out"): connected(),  # last of /space: each role's avatar leaves the map
    # --- /desk: a conversation between a visitor and a desk worker, neither a matrix role ---------
    ("/desk", "desk:status"): connected(),
    ("/desk", "desk:knock"): connected(specialist="FORBIDDEN", staff="FORBIDDEN", admin="FORBIDDEN"),
    ("/desk", "desk:leave"): connected(),
    ("/desk", "desk:say"): connected("NOT_FOUND"),
    ("/desk", "desk:end"): connected("NOT_FOUND"),
    ("/desk", "desk:duty"): connected("FORBIDDEN", **{r: OK for r in DESK_WORKERS}),
    ("/desk", "desk:take_next"): connected("FORBIDDEN", **{r: "NOT_FOUND" for r in DESK_WORKERS}),  # queue empty
    ("/desk", "desk:hand_over"): connected("FORBIDDEN", **{r: "NOT_FOUND" for r in DESK_WORKERS}),
    ("/desk", "ping"): connected(),
    ("/desk", "session:renew"): connected(),
    # --- /consult: a live consultation between the specialist and someone else -------------------
    ("/consult", "consult:status"): connected(),
    ("/consult", "consult:wait"): connected("FORBIDDEN"),
    ("/consult", "consult:leave_waiting"): connected("FORBIDDEN"),
    ("/consult", "consult:say"): connected("FORBIDDEN"),
    ("/consult", "consult:set_status"): connected("FORBIDDEN", **{r: OK for r in DESK_WORKERS}),
    ("/consult", "consult:see"): connected("FORBIDDEN"),
    ("/consult", "consult:admit"): connected("FORBIDDEN"),
    ("/consult", "consult:enter"): connected("FORBIDDEN"),
    ("/consult", "consult:invite"): connected("FORBIDDEN"),
    ("/consult", "consult:consent"): connected("FORBIDDEN"),
    ("/consult", "consult:step_out"): connected("FORBIDDEN"),
    ("/consult", "consult:end"): connected("FORBIDDEN"),
    ("/consult", "consult:voice_offer"): connected("FORBIDDEN"),
    ("/consult", "consult:voice_mute"): connected("FORBIDDEN"),
    ("/consult", "consult:voice_leave"): connected("FORBIDDEN"),
    ("/consult", "consult:voice_state"): connected("FORBIDDEN"),
    ("/consult", "consult:voice_config"): connected("FORBIDDEN"),  # TURN credentials: the seated only
    ("/consult", "ping"): connected(),
    ("/consult", "session:renew"): connected(),
    # --- /event: an event under way whose host and attendee are not matrix roles ------------------
    # Nobody in the matrix registered: the door says so; inside-only actions find them outside;
    # host actions (and the attendee list) are refused to everyone who is not its host.
    ("/event", "event:enter"): connected("EVENT_NOT_REGISTERED"),
    **{("/event", e): connected("LIVE_NOT_IN_ROOM") for e in (
        "event:leave", "event:view", "event:react", "event:say", "event:hand", "event:answer", "event:yield",
        "event:table", "event:mic", "event:voice_offer", "event:voice_leave")},
    **{("/event", e): connected("EVENT_NOT_HOST") for e in (
        "event:members", "event:ask", "event:take_floor", "event:mute", "event:remove", "event:lock",
        "event:chat_mode", "event:quiet_first", "event:pause", "event:resume", "event:end", "event:tables_open",
        "event:place", "event:call_back", "event:table_mic")},
    ("/event", "ping"): connected(),
    ("/event", "session:renew"): connected(),
    # --- surveys (issue 14): each signed-in role answers the shared open survey once; only staff
    # and admins compose, publish, close and read results ------------------------------------
    ("GET", "/api/surveys"): signed_in(),
    ("POST", "/api/surveys"): only(201, *COORDINATORS),
    ("GET", "/api/surveys/manage"): only(200, *COORDINATORS),
    ("GET", "/api/surveys/manage/{survey_id}"): only(200, *COORDINATORS),
    ("GET", "/api/surveys/{survey_id}"): signed_in(),
    ("PUT", "/api/surveys/{survey_id}"): only(200, *COORDINATORS),  # a draft
    ("DELETE", "/api/surveys/{survey_id}"): only(200, *COORDINATORS),
    ("POST", "/api/surveys/{survey_id}/publish"): only(200, *COORDINATORS),
    ("POST", "/api/surveys/{survey_id}/close"): only(200, *COORDINATORS),
    ("POST", "/api/surveys/{survey_id}/answers"): signed_in(201),
    ("GET", "/api/surveys/{survey_id}/results"): only(200, *COORDINATORS),
}

def cell_count() -> int:
    return sum(len(answers) for answers in MATRIX.values())


def render() -> str:
    head = ["route or event"] + list(ROLES)
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for key, answers in MATRIX.items():
        lines.append(" | ".join([f"{key[0]} {key[1]}"] + [str(answers[r]) for r in ROLES]))
    return "\n".join(lines)


if __name__ == "__main__":
    print(render())
    print(f"\n{len(MATRIX)} rows x {len(ROLES)} roles = {cell_count()} cells")
