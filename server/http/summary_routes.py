"""REST for the municipal report (staff and admins): the numbers of a date range as JSON, and
the same answer as CSV. Both come from ``rooms.reports.summary.build`` (one suppression rule).
Not to be confused with /api/reports, the moderation reports (report_routes.py)."""
from __future__ import annotations

from aiohttp import web

from rooms.reports import csv_export, summary
from rooms.reports.period import parse_period
from server.core.principal import Role
from server.http.pages import page_handler
from server.http.routing import ApiRoute, Call

READERS = (Role.STAFF, Role.ADMIN)


async def _report(call: Call) -> dict:
    period = parse_period(call.query("from"), call.query("to"), call.clock.now())
    return await summary.build(call.db, call.actor, period, call.clock.now())


async def report_summary(call: Call) -> dict:
    return await _report(call)


async def report_csv(call: Call) -> web.Response:
    report = await _report(call)
    name = f"ibasho-report-{report['from']}-{report['to']}.csv"
    return web.Response(body=csv_export.to_csv(report).encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


ROUTES = (
    ApiRoute("GET", "/api/reports/summary", report_summary,
             "The municipal report for a date range (from/to YYYY-MM-DD, Asia/Tokyo; default the current fiscal year, "
             "widened to whole months): consultations, desk, letters, events, the first-step funnel; every count of "
             "people from 1 to 4 is sent as suppressed, never as a number", "reports",
             auth=READERS, query=("from", "to"), errors=("FORBIDDEN", "INVALID"), tx="read"),
    ApiRoute("GET", "/api/reports/summary.csv", report_csv,
             "The same report as CSV (one row per number; suppressed counts written as words)", "reports",
             auth=READERS, query=("from", "to"), errors=("FORBIDDEN", "INVALID"), content="text/csv", tx="read"),
)


def install_report_console(app: web.Application) -> None:
    """The report's console: the same console page, opening on the numbers."""
    app.router.add_get("/console/reports", page_handler("console.html"))
