"""REST: what the browser needs to draw and explain the space (public, cacheable)."""
from __future__ import annotations

from rooms.emotes import catalogue_payload
from rooms.presence import status_catalogue
from server import keys
from server.core import text
from server.http.routing import ApiRoute, Call


async def space_map(call: Call) -> dict:
    return call.app[keys.SPACE].world.map.client_json()


async def space_info(call: Call) -> dict:
    world = call.app[keys.SPACE].world
    return {
        "emotes": catalogue_payload(),
        "statuses": status_catalogue(),
        "rules": {
            "personal_space_px": world.personal_space_px,
            "max_speed_px_s": world.max_speed_px_s,
            "max_moves_per_s": world.max_moves_per_s,
            "view_radius_px": world.view_radius_px,
            "tick_ms": 100,
            "chat_max_length": text.CHAT.max_length,
        },
        "people_here": world.count_shown(),  # hidden people are not there for anyone
    }


ROUTES = (
    ApiRoute("GET", "/api/space/map", space_map, "The demo map in Tiled JSON (tiles, collision, zones, objects)", "space",
             tx="outside", cache="public, max-age=300"),
    ApiRoute("GET", "/api/space/info", space_info, "Stamps, statuses and movement rules of the space", "space",
             tx="outside", cache="no-cache"),
)
