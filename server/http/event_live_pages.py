"""The live event room's page (/event/<occurrence id>): HTML only; everything live happens
on the /event namespace (server/realtime/event.py)."""
from __future__ import annotations

from aiohttp import web

from server.http.pages import page_handler


def install_event_live_page(app: web.Application) -> None:
    app.router.add_get("/event/{occurrence_id}", page_handler("event.html"))
