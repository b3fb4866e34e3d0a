"""The composition root: builds the aiohttp app and wires every part to its dependencies."""
from __future__ import annotations

import logging
import random

from aiohttp import web

from avatars.login_guard import LoginGuard
from avatars.passphrases import HashPool, PassphraseHasher
from server import keys, logs
from server.auth import TokenSigner
from server.core.clock import Clock, SystemClock
from server.core.ratelimit import RateLimiter
from server.db import create_engine, require_migrated, session_factory
from server.http import account_routes, admin_routes, avatar_routes, health, space_routes
from server.http import casework_routes
from server.http import booking_routes
from server.http import board_routes
from server.http import desk_routes
from server.http import consult_routes
from server.http import event_routes
from server.http.board_pages import install_boards
from server.http.event_pages import install_event_pages
from server.http.bodies import MAX_BODY
from server.http.client_address import trusted_networks
from server.http.errors import error_middleware
from server.http.middlewares import security_headers
from server.http.openapi import build_document, openapi_handler
from server.http.pages import install_pages
from server.http.routing import ApiRoute, install
from server.realtime.event_reminders import install_event_reminders
from server.realtime.heartbeat import beating
from server.realtime.hub import create_sio
from server.realtime.live_access import install_live_access
from server.realtime.space import TICK_S as TICK_SECONDS, SpaceNamespace
from server.realtime.desk import install_desk
from server.realtime.consult import install_consult
from server.realtime.event import install_event
from server.http.event_live_pages import install_event_live_page
from server.settings import Settings
from avatars.sprite_cache import SpriteCache
from rooms.chat import ChatLog, ZoneChat
from rooms.consent import Conversations
from rooms.emotes import Emotes
from rooms.maps import load_demo_map, load_map
from rooms.space import Space
from rooms.visibility import Reveals
from rooms.world import World



def api_routes() -> tuple[ApiRoute, ...]:
    modules = (
        account_routes,
        admin_routes,
        avatar_routes,
        board_routes,
        booking_routes,
        casework_routes,
        consult_routes,
        desk_routes,
        event_routes,
        health,
        space_routes,
    )
    return tuple(route for module in modules for route in module.ROUTES)


async def _database(app: web.Application):
    engine = create_engine(app[keys.SETTINGS].database_url)
    try:
        await require_migrated(engine)
    except Exception:
        await engine.dispose()
        raise
    app[keys.ENGINE] = engine
    app[keys.DB_SESSIONS] = session_factory(engine)
    yield
    await engine.dispose()


def create_app(settings: Settings, *, clock: Clock | None = None, hasher: PassphraseHasher | None = None) -> web.Application:
    clock = clock or SystemClock()
    logs.protect_server_log()
    app = web.Application(middlewares=[security_headers, error_middleware], client_max_size=MAX_BODY)
    app[keys.SETTINGS] = settings
    app[keys.CLOCK] = clock
    app[keys.SIGNER] = TokenSigner(settings.secret, clock, access_minutes=settings.access_token_minutes)
    app[keys.HASHER] = hasher or PassphraseHasher()
    install_account_guards(app, clock)
    app[keys.RNG] = random.Random()
    app.cleanup_ctx.append(_database)

    routes = api_routes()
    install(app, routes)
    document = build_document(routes, server_url=settings.public_url)
    app.router.add_get("/api/openapi.json", openapi_handler(document))
    install_pages(app)
    booking_routes.install_console(app)
    install_boards(app)
    desk_routes.install_desk_pages(app)
    consult_routes.install_consult_pages(app)
    event_routes.install_event_limits(app)
    install_event_pages(app)
    install_event_live_page(app)

    app[keys.SPRITES] = SpriteCache()
    app[keys.SPRITE_DRAWS] = avatar_routes.DrawBudget(clock)
    app[keys.SPACE] = build_space(settings, clock)
    sio = create_sio(settings)
    app[keys.SIO] = sio
    install_live_access(app, sio)
    space_ns = SpaceNamespace(app)
    app[keys.SPACE_NS] = space_ns
    sio.register_namespace(space_ns)
    space_ns.install_fast_path(sio)
    install_desk(app, sio)
    install_consult(app, sio)
    install_event(app, sio)
    sio.attach(app)
    app.cleanup_ctx.append(_space_clock)
    install_event_reminders(app)
    return app


def install_account_guards(app: web.Application, clock: Clock) -> None:
    """Per-client budgets for entering, keeping and logging in, and the argon2id thread pool."""
    settings = app[keys.SETTINGS]
    app[keys.LOGIN_GUARD] = LoginGuard(clock)
    app[keys.GUEST_LIMITER] = RateLimiter.per_window(clock, limit=30, window_s=600)
    app[keys.KEEP_LIMITER] = RateLimiter.per_window(clock, limit=10, window_s=3600)
    app[keys.TRUSTED_PROXIES] = trusted_networks(settings.trusted_proxies)
    pool = HashPool(app[keys.HASHER], workers=settings.hash_workers, queue=settings.hash_queue)
    app[keys.HASH_POOL] = pool

    async def close_pool(_app: web.Application) -> None:
        pool.close()

    app.on_cleanup.append(close_pool)


def build_space(settings: Settings, clock: Clock) -> Space:
    game_map = load_map(settings.map_path) if settings.map_path else load_demo_map()
    world = World(game_map, clock=clock, capacity=settings.channel_capacity)
    log = ChatLog(window_seconds=settings.chat_window_seconds)
    return Space(world, Conversations(clock, log=log), ZoneChat(clock, log=log), Emotes(clock), Reveals(clock))


async def _space_clock(app: web.Application):
    """The world's heartbeat: one batch per viewer every 100 ms, housekeeping every second."""
    space_ns = app[keys.SPACE_NS]
    beats = 0

    async def tick() -> None:
        nonlocal beats
        beats += 1
        await space_ns.flush_tick()
        if beats % 10 == 0:
            await space_ns.housekeeping()

    async with beating(app[keys.CLOCK], TICK_SECONDS, tick, log=logging.getLogger("ibasho.space"),
                       what="world tick"):
        yield
    await space_ns.depart_all()
