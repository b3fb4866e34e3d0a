"""REST for the caseload view (issue 14, item 4): how much each specialist carries this month.
Admins read everyone's, a specialist their own; everybody else is refused before the handler."""
from __future__ import annotations

from rooms.casework import caseload
from server.http.routing import ApiRoute, Call, roles


async def caseload_of_month(call: Call) -> dict:
    return await caseload.caseload(call.db, call.clock, call.actor, call.query("month"), tz=call.settings.timezone)


ROUTES = (
    ApiRoute("GET", "/api/caseload", caseload_of_month,
             "Sessions, cases and letters per specialist in a month (YYYY-MM, local time; the current month by "
             "default): admins see every specialist, a specialist only themself. Counts only.",
             "caseload", auth=roles(caseload.READER_ROLES), query=("month",), errors=("INVALID",), tx="read"),
)
