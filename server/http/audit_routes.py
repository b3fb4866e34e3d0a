"""REST for admins: read the audit log and its monthly aggregate. Only GET is declared: any
other method on these paths is a 405, and no route anywhere edits or deletes an entry."""
from __future__ import annotations

from moderation import audit_reader
from moderation.reports import monthly as _report_counts  # noqa: F401 (adds the reports to the monthly aggregate)
from server.core.dates import parse_date
from server.core.errors import DomainError, ErrorCode
from server.http.routing import ApiRoute, Call


def _limit(raw: str | None) -> int:
    if raw is None:
        return 100
    if not raw.isdigit() or len(raw) > 3:
        raise DomainError(ErrorCode.INVALID, field="limit")
    return int(raw)


async def read_audit(call: Call) -> dict:
    since, until = call.query("from"), call.query("to")
    return await audit_reader.read(
        call.db, call.actor, actor_id=call.query("actor") or None, action=call.query("action") or None,
        since=parse_date(since, "from") if since else None, until=parse_date(until, "to") if until else None,
        before=call.query("before") or None, limit=_limit(call.query("limit")),
    )


async def monthly(call: Call) -> dict:
    return await audit_reader.monthly(call.db, call.actor, call.query("month"))


ROUTES = (
    ApiRoute("GET", "/api/admin/audit", read_audit, "Read the audit log, newest first (admins; read only)", "admin",
             auth="admin", query=("actor", "action", "from", "to", "before", "limit"), errors=("INVALID",), tx="read"),
    ApiRoute("GET", "/api/admin/audit/monthly", monthly,
             "Monthly counts for the transparency note: sanctions by kind, appeals and outcomes (no personal data)",
             "admin", auth="admin", query=("month",), errors=("INVALID",), tx="read"),
)
