"""REST: the avatar parts catalogue, sprite sheets by look code, and saving one's own look."""
from __future__ import annotations

import asyncio
import json
from typing import Callable, TypeVar

from aiohttp import web

from avatars import accounts
from avatars.look_codes import look_code, parse_look_code, stored_look
from avatars.models import Account
from avatars.parts import catalogue, category_labels, parse_look
from avatars.sprites import DIRECTIONS, FRAME_SIZE, FRAMES, SPRITE_VERSION, compose_preview
from server import keys
from server.http.account_routes import account_json, no_store
from server.http.bodies import read_json_value
from server.http.principal import client_key, current_principal
from server.http.routing import ApiRoute
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ratelimit import RateLimiter

T = TypeVar("T")

IMMUTABLE = "public, max-age=31536000, immutable"
DRAW_BURST = 20  # a screenful of looks nobody has shown yet (a sheet costs 30-100 ms of CPU)
DRAW_RATE = 1.0  # then one new drawing a second per client
DRAWS_AT_ONCE = 1  # and, whoever asks, one drawing at a time (it holds the GIL much of the time)


class DrawBudget:
    """Drawing is the costly part (a cached sheet costs nothing), so only drawings count:
    each client gets a burst and then a steady pace (RATE_LIMITED beyond), and a few draw at
    once whatever the number of clients, so the thread pool and the loop stay free."""

    def __init__(self, clock: Clock):
        self._per_client = RateLimiter(clock, rate=DRAW_RATE, burst=DRAW_BURST)
        self._at_once = asyncio.Semaphore(DRAWS_AT_ONCE)

    async def draw(self, request: web.Request, draw: Callable[..., T], *args) -> T:
        self._per_client.acquire(f"draw:{client_key(request)}")
        async with self._at_once:
            return await asyncio.to_thread(draw, *args)


async def get_catalogue(request: web.Request) -> web.Response:
    return web.json_response(
        {
            "parts": catalogue(),
            "labels": category_labels(),
            "sheet": {"version": SPRITE_VERSION, "frame_size": FRAME_SIZE, "directions": list(DIRECTIONS), "frames": list(FRAMES)},
        },
        headers={"Cache-Control": "public, max-age=3600"},
    )


def _code_from_path(request: web.Request) -> str:
    name = request.match_info["code"]
    if not name.endswith(".png"):
        raise DomainError(ErrorCode.INVALID, field="look")
    return name[: -len(".png")]


async def sprite_sheet(request: web.Request) -> web.Response:
    look = parse_look_code(_code_from_path(request))
    sprites = request.app[keys.SPRITES]
    found = sprites.cached(look)
    digest, png = found or await request.app[keys.SPRITE_DRAWS].draw(request, sprites.get_or_compose, look)
    etag = f'"v{SPRITE_VERSION}-{digest}"'  # a redrawn art set must not hit old caches
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers={"ETag": etag, "Cache-Control": IMMUTABLE})
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": IMMUTABLE, "ETag": etag})


async def preview(request: web.Request) -> web.Response:
    look = parse_look_code(_code_from_path(request))
    png = await request.app[keys.SPRITE_DRAWS].draw(request, compose_preview, look, 4)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": IMMUTABLE})


async def save_look(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    data = await read_json_value(request, default=b"")
    look = parse_look(data)  # the catalogue decides what is valid: unknown parts are refused
    async with request.app[keys.DB_SESSIONS].begin() as db:
        account = await accounts.update_profile(db, actor, look=json.dumps(look.to_dict(), sort_keys=True))
    return no_store({"account": account_json(account), "look_code": look_code(look)})


async def my_look(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        account = await db.get(Account, actor.account_id)
    look = stored_look(account.look)
    return no_store({"look": look.to_dict(), "look_code": look_code(look)})


ROUTES = (
    ApiRoute("GET", "/api/avatars/catalogue", get_catalogue, "Avatar parts to choose from, with Japanese and English labels", "avatars"),
    ApiRoute("GET", "/api/avatars/sprites/{code}", sprite_sheet,
             "Sprite sheet PNG (4 directions x 3 frames) for a look code such as round.light.short.dark_brown.dot.hoodie.sage.none.png",
             "avatars", content="image/png", errors=("INVALID", "RATE_LIMITED")),
    ApiRoute("GET", "/api/avatars/previews/{code}", preview, "A large front-facing preview PNG for the avatar builder",
             "avatars", content="image/png", errors=("INVALID", "RATE_LIMITED")),
    ApiRoute("GET", "/api/me/look", my_look, "Your current avatar look", "avatars", auth="required"),
    ApiRoute("PUT", "/api/me/look", save_look, "Save your avatar look (one choice per category)", "avatars",
             auth="required", errors=("INVALID", "INVALID_JSON", "BODY_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE")),
)
