"""The consultation room's page (/consult) and the voice configuration: the public ICE
servers browsers must use, so no client ever falls back to a public STUN server of its own.
TURN credentials are not here: they are minted per seated participant on /consult
(``consult:voice_config``)."""
from __future__ import annotations

from aiohttp import web

from server import keys
from server.http.pages import page_handler
from server.http.routing import ApiRoute, Call
from server.voice.turn import public_ice_servers


async def voice_config(call: Call) -> list:
    # Signed-in people only (declared below). The same STUN-only list the server's own peers
    # use (settings refuse credentials in it); empty means host candidates only.
    return public_ice_servers(call.app[keys.SETTINGS].ice_servers)


ROUTES = (
    ApiRoute("GET", "/api/voice/config", voice_config,
             "Public ICE servers for voice (STUN only; empty = host candidates only). TURN credentials "
             "come from consult:voice_config", "consultations", auth="required", tx="outside", answer="ice_servers"),
)


def install_consult_pages(app: web.Application) -> None:
    """The person's consultation page (HTML, not part of the API)."""
    app.router.add_get("/consult", page_handler("consult.html"))
