"""The consultation room's page (/consult) and the voice configuration: the public ICE
servers browsers must use, so no client ever falls back to a public STUN server of its own.
TURN credentials are not here: they are minted per seated participant on /consult
(``consult:voice_config``)."""
from __future__ import annotations

from aiohttp import web

from server import keys
from server.http.account_routes import no_store
from server.http.pages import page_handler
from server.http.principal import current_principal
from server.http.routing import ApiRoute
from server.voice.turn import public_ice_servers


async def voice_config(request: web.Request) -> web.Response:
    # Signed-in people only. The same STUN-only list the server's own peers use (settings
    # refuse credentials in it); empty means host candidates only.
    await current_principal(request)
    return no_store({"ice_servers": public_ice_servers(request.app[keys.SETTINGS].ice_servers)})


ROUTES = (
    ApiRoute("GET", "/api/voice/config", voice_config,
             "Public ICE servers for voice (STUN only; empty = host candidates only). TURN credentials "
             "come from consult:voice_config", "consultations", auth="required"),
)


def install_consult_pages(app: web.Application) -> None:
    """The person's consultation page (HTML, not part of the API)."""
    app.router.add_get("/consult", page_handler("consult.html"))
