"""REST: the avatar parts catalogue, sprite sheets by look code, and saving one's own look."""
from __future__ import annotations

import json

from aiohttp import web

from avatars import accounts
from avatars.look_codes import look_code, parse_look_code, stored_look
from avatars.models import Account
from avatars.parts import catalogue, category_labels, parse_look
from avatars.sprites import DIRECTIONS, FRAME_SIZE, FRAMES, SPRITE_VERSION, compose_preview
from server import keys
from server.http.account_routes import account_json
from server.http.bodies import read_json_value
from server.http.routing import ApiRoute, Call
from server.core.errors import DomainError, ErrorCode

IMMUTABLE = "public, max-age=31536000, immutable"


async def get_catalogue(call: Call) -> dict:
    return {
        "parts": catalogue(),
        "labels": category_labels(),
        "sheet": {"version": SPRITE_VERSION, "frame_size": FRAME_SIZE, "directions": list(DIRECTIONS), "frames": list(FRAMES)},
    }


def _code_from_path(call: Call) -> str:
    name = call.path("code")
    if not name.endswith(".png"):
        raise DomainError(ErrorCode.INVALID, field="look")
    return name[: -len(".png")]


async def sprite_sheet(call: Call) -> web.Response:
    look = parse_look_code(_code_from_path(call))
    sprites = call.app[keys.SPRITES]
    found = sprites.cached(look)
    digest, png = found or await call.app[keys.SPRITE_DRAWS].draw(call.client_key, sprites.get_or_compose, look)
    etag = f'"v{SPRITE_VERSION}-{digest}"'  # a redrawn art set must not hit old caches
    if call.request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers={"ETag": etag, "Cache-Control": IMMUTABLE})
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": IMMUTABLE, "ETag": etag})


async def preview(call: Call) -> web.Response:
    look = parse_look_code(_code_from_path(call))
    png = await call.app[keys.SPRITE_DRAWS].draw(call.client_key, compose_preview, look, 4)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": IMMUTABLE})


async def save_look(call: Call) -> dict:
    # The body is a look, not a command: the catalogue decides what is valid (unknown parts refused).
    look = parse_look(await read_json_value(call.request, default=b""))
    account = await accounts.update_profile(call.db, call.actor, look=json.dumps(look.to_dict(), sort_keys=True))
    return {"account": account_json(account), "look_code": look_code(look)}


async def my_look(call: Call) -> dict:
    account = await call.db.get(Account, call.actor.account_id)
    look = stored_look(account.look)
    return {"look": look.to_dict(), "look_code": look_code(look)}


ROUTES = (
    ApiRoute("GET", "/api/avatars/catalogue", get_catalogue, "Avatar parts to choose from, with Japanese and English labels",
             "avatars", tx="outside", cache="public, max-age=3600"),
    ApiRoute("GET", "/api/avatars/sprites/{code}", sprite_sheet,
             "Sprite sheet PNG (4 directions x 3 frames) for a look code such as round.light.short.dark_brown.dot.hoodie.sage.none.png",
             "avatars", content="image/png", errors=("INVALID", "RATE_LIMITED"), tx="outside"),
    ApiRoute("GET", "/api/avatars/previews/{code}", preview, "A large front-facing preview PNG for the avatar builder",
             "avatars", content="image/png", errors=("INVALID", "RATE_LIMITED"), tx="outside"),
    ApiRoute("GET", "/api/me/look", my_look, "Your current avatar look", "avatars", auth="required", tx="read"),
    ApiRoute("PUT", "/api/me/look", save_look, "Save your avatar look (one choice per category)", "avatars",
             auth="required", errors=("INVALID", "INVALID_JSON", "BODY_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"), tx="write"),
)
