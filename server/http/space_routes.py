"""REST: what the browser needs to draw and explain the space (public, cacheable)."""
from __future__ import annotations

from aiohttp import web

from rooms.emotes import catalogue_payload
from rooms.presence import status_catalogue
from server import keys
from server.http.routing import ApiRoute


async def space_map(request: web.Request) -> web.Response:
    world = request.app[keys.SPACE].world
    return web.json_response(world.map.client_json(), headers={"Cache-Control": "public, max-age=300"})


async def space_info(request: web.Request) -> web.Response:
    world = request.app[keys.SPACE].world
    return web.json_response({
        "emotes": catalogue_payload(),
        "statuses": status_catalogue(),
        "rules": {
            "personal_space_px": world.personal_space_px,
            "max_speed_px_s": world.max_speed_px_s,
            "max_moves_per_s": world.max_moves_per_s,
            "view_radius_px": world.view_radius_px,
            "tick_ms": 100,
            "chat_max_length": 500,
        },
        "people_here": world.count_shown(),  # hidden people are not there for anyone
    }, headers={"Cache-Control": "no-cache"})


ROUTES = (
    ApiRoute("GET", "/api/space/map", space_map, "The demo map in Tiled JSON (tiles, collision, zones, objects)", "space"),
    ApiRoute("GET", "/api/space/info", space_info, "Stamps, statuses and movement rules of the space", "space"),
)
