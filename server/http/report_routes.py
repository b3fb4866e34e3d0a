"""REST for reports: filing one (anyone who entered), one's own reports, and the moderators'
queue (claim, notes, close). Each handler is the call to ``moderation.reports.service``;
ApiRoute checks auth, parses the body, opens the transaction and sends the reporter's
``report:updated`` after commit. The console alerts go out on /desk after commit too.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from moderation.reports import policy, service
from server import keys
from server.core import text
from server.core.errors import DomainError
from server.core.outcome import Outcome
from server.core.principal import Role
from server.http.bodies import Command, text_field
from server.http.pages import page_handler
from server.http.routing import ApiRoute, Call

MODERATORS = (Role.MODERATOR, Role.ADMIN)


class ReportTarget(Command):
    kind: Literal["person", "message", "board_post", "event"]
    id: str = Field(min_length=1, max_length=service.MAX_TARGET_ID)
    place: Literal["zone", "conversation", "desk", "event"] | None = None


class ReportBody(Command):
    target: ReportTarget
    category: Literal["harassment", "contact_or_meeting", "sexual", "selling_or_spam", "pretending_staff",
                      "unsafe_now", "other"]
    comment: str | None = text_field(text.REPORT_COMMENT, None)


class ReportNoteBody(Command):
    body: str = text_field(text.REPORT_NOTE)


class CloseReportBody(Command):
    outcome: Literal["acted", "no_violation", "need_info"]


assert set(ReportBody.model_fields["category"].annotation.__args__) == set(policy.CATEGORIES)
assert set(CloseReportBody.model_fields["outcome"].annotation.__args__) == set(policy.OUTCOMES)


async def file_report(call: Call) -> dict:
    """Both limits are taken before any look-up, so a refused flood costs nothing and a real and
    a made-up target take the same path."""
    desk = call.app[keys.REPORTS]
    desk.per_account.acquire(call.actor.account_id)
    try:
        desk.per_client.acquire(call.client_key)
    except DomainError:
        desk.per_account.give_back(call.actor.account_id)  # refused: the account's budget is untouched
        raise
    body = call.body
    outcome = await service.file_report(
        call.db, call.clock, call.actor, kind=body.target.kind, target_id=body.target.id, place=body.target.place,
        category=body.category, comment=body.comment, sources=desk.sources())
    summary = service.alert_summary(await call.db.get(service.Report, outcome.value["id"]))

    async def ring() -> None:  # the consoles ring only for a stored report
        await desk.new_report(summary)

    call.after_commit(ring)
    return outcome.value


async def my_reports(call: Call) -> list:
    return await service.mine(call.db, call.actor)


async def moderation_queue(call: Call) -> list:
    return await service.queue(call.db, call.actor, state=call.query("state") or "open")


async def moderation_alerts(call: Call) -> list:
    """The unclaimed reports a console that just connected should ring for."""
    policy.require_moderator(call.actor)
    return [service.alert_summary(r) for r in await service.unclaimed(call.db)]


async def report_detail(call: Call) -> dict:
    return await service.detail(call.db, call.actor, call.path("report_id"))


async def report_claim(call: Call) -> dict:
    outcome = await service.claim(call.db, call.clock, call.actor, call.path("report_id"))
    claimed = outcome.value
    call.after_commit(lambda: outcome)  # its emits, once committed

    async def stop_ringing() -> None:
        await call.app[keys.REPORTS].claimed(claimed["id"], claimed["claimed_by_nickname"])

    call.after_commit(stop_ringing)
    return claimed


async def report_note(call: Call) -> dict:
    return await service.add_note(call.db, call.clock, call.actor, call.path("report_id"), call.body.body)


async def report_close(call: Call) -> Outcome:
    return await service.close(call.db, call.clock, call.actor, call.path("report_id"), call.body.outcome)


_MOD_ERRORS = ("FORBIDDEN", "NOT_FOUND", "CONFLICT")

# Fixed paths before {id} paths: aiohttp matches in order.
ROUTES = (
    ApiRoute("POST", "/api/reports", file_report,
             "Report a person, a message, a board post or an event. Always answers 202 received, whether or "
             "not the target exists; the server seals the context itself", "reports",
             body=ReportBody, auth="required", ok_status=202, errors=("RATE_LIMITED",), tx="write", answer="report"),
    ApiRoute("GET", "/api/reports/mine", my_reports,
             "My reports: received, being looked at, or closed with an outcome class (nothing about the other person)",
             "reports", auth="required", tx="read", answer="reports"),
    ApiRoute("GET", "/api/moderation/reports", moderation_queue,
             "The moderators' queue: open reports, urgent first then oldest (state=closed: the latest closed)",
             "moderation", auth=MODERATORS, query=("state",), errors=("FORBIDDEN",), tx="read", answer="reports"),
    ApiRoute("GET", "/api/moderation/alerts", moderation_alerts, "Unclaimed reports (a console that connects rings for them)",
             "moderation", auth=MODERATORS, errors=("FORBIDDEN",), tx="read", answer="alerts"),
    ApiRoute("GET", "/api/moderation/reports/{report_id}", report_detail,
             "One report with its sealed snapshot, notes, the account's earlier reports and sanctions", "moderation",
             auth=MODERATORS, errors=("FORBIDDEN", "NOT_FOUND"), tx="read", answer="report"),
    ApiRoute("POST", "/api/moderation/reports/{report_id}/claim", report_claim,
             "Claim a report (one moderator at a time; never one's own report or one about oneself)", "moderation",
             auth=MODERATORS, errors=_MOD_ERRORS, tx="write", answer="report"),
    ApiRoute("POST", "/api/moderation/reports/{report_id}/notes", report_note, "Add a note to a report I claimed",
             "moderation", body=ReportNoteBody, auth=MODERATORS, ok_status=201, errors=_MOD_ERRORS, tx="write", answer="note"),
    ApiRoute("POST", "/api/moderation/reports/{report_id}/close", report_close,
             "Close a report I claimed with an outcome class (what the reporter sees)", "moderation",
             body=CloseReportBody, auth=MODERATORS, errors=_MOD_ERRORS, tx="write", answer="report"),
)


def install_moderation_console(app) -> None:
    """The moderators' console: the same console page, showing the moderation sections."""
    app.router.add_get("/console/moderation", page_handler("console.html"))
