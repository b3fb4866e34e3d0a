"""REST for crisis alerts: the open alerts a console shows (also after a restart or a
reconnect), the acknowledgement with what was done and the legal basis, and the support lines
the space shows. Thin: each handler is the call to moderation.crisis_alerts."""
from __future__ import annotations

from typing import Literal

from moderation import crisis_alerts
from moderation.crisis_alerts import CRISIS_ROLES, LEGAL_BASES
from moderation.support import DEMO_LINES
from server import keys
from server.core import text
from server.core.outcome import Outcome
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call

_CRISIS_AUTH = tuple(sorted(CRISIS_ROLES, key=lambda r: r.value))


class AcknowledgeBody(Command):
    action: str = text_field(text.CRISIS_ACTION, description="what was done (a call made, a talk, a referral)")
    legal_basis: Literal["not_shared", "consent", "protection_of_life", "suicide_prevention"] = "not_shared"


assert set(AcknowledgeBody.model_fields["legal_basis"].annotation.__args__) == set(LEGAL_BASES)


async def open_alerts(call: Call) -> list[dict]:
    return [crisis_alerts.alert_json(a) for a in await crisis_alerts.unacknowledged(call.db)]


async def acknowledge(call: Call) -> Outcome:
    return await crisis_alerts.acknowledge(call.db, call.clock, call.actor, call.path("alert_id"),
                                           action=call.body.action, legal_basis=call.body.legal_basis)


async def support_lines(call: Call) -> list[dict]:
    return [line.json() for line in (call.app[keys.SETTINGS].support_lines or DEMO_LINES)]


ROUTES = (
    ApiRoute("GET", "/api/crisis-alerts", open_alerts,
             "Crisis alerts nobody has acknowledged yet, oldest first, with their context", "crisis",
             auth=_CRISIS_AUTH, errors=("FORBIDDEN",), tx="read", answer="alerts"),
    ApiRoute("POST", "/api/crisis-alerts/{alert_id}/ack", acknowledge,
             "Acknowledge a crisis alert: what was done and the legal basis of any sharing (recorded in the audit log)",
             "crisis", body=AcknowledgeBody, auth=_CRISIS_AUTH, errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT"),
             tx="write", answer="alert"),
    ApiRoute("GET", "/api/support-lines", support_lines,
             "The support lines the operator configured (shown to anyone whose words sound like a crisis)", "crisis",
             auth="none", tx="outside", answer="lines"),
)
