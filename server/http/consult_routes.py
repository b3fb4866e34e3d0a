"""The consultation room's page (/consult) and the public voice configuration: the ICE
servers browsers must use, so no client ever falls back to a public STUN server of its own."""
from __future__ import annotations

from aiohttp import web

from server import keys
from server.http.account_routes import no_store
from server.http.pages import page_handler
from server.http.routing import ApiRoute


async def voice_config(request: web.Request) -> web.Response:
    # The same list the server's own peers use; empty means host candidates only.
    return no_store({"ice_servers": list(request.app[keys.SETTINGS].ice_servers)})


ROUTES = (
    ApiRoute("GET", "/api/voice/config", voice_config,
             "ICE servers for voice (RTCPeerConnection iceServers); empty = host candidates only", "consultations"),
)


def install_consult_pages(app: web.Application) -> None:
    """The person's consultation page (HTML, not part of the API)."""
    app.router.add_get("/consult", page_handler("consult.html"))
