"""Liveness and readiness for orchestrators."""
from __future__ import annotations

from aiohttp import web

from server import keys
from server.db import current_revisions, head_revisions
from server.http.routing import ApiRoute, Call


async def healthz(call: Call) -> dict:
    return {"status": "ok"}


async def readyz(call: Call) -> web.Response:
    try:
        current = await current_revisions(call.app[keys.ENGINE])
    except Exception:  # the database is unreachable; say so without internals
        return web.json_response({"status": "unavailable", "database": False, "migrations": False}, status=503)
    migrated = current == head_revisions()
    status = 200 if migrated else 503
    return web.json_response(
        {"status": "ok" if migrated else "unavailable", "database": True, "migrations": migrated}, status=status
    )


ROUTES = (
    ApiRoute("GET", "/healthz", healthz, "Liveness: the process answers", "operations", tx="outside", cache=None),
    ApiRoute("GET", "/readyz", readyz, "Readiness: database reachable and migrations current", "operations",
             tx="outside"),
)
