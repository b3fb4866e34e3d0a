"""The composition root: builds the aiohttp app and wires every part to its dependencies."""
from __future__ import annotations

import random

from aiohttp import web

from avatars.login_guard import LoginGuard
from avatars.passphrases import PassphraseHasher
from server import keys
from server.auth import TokenSigner
from server.core.clock import Clock, SystemClock
from server.core.ratelimit import SlidingWindowLimiter
from server.db import create_engine, require_migrated, session_factory
from server.http import account_routes, admin_routes, health
from server.http.bodies import MAX_BODY
from server.http.errors import error_middleware
from server.http.middlewares import security_headers
from server.http.openapi import build_document, openapi_handler
from server.http.pages import install_pages
from server.http.routing import ApiRoute, install
from server.realtime.hub import create_sio
from server.realtime.space import SpaceNamespace
from server.settings import Settings


def api_routes() -> tuple[ApiRoute, ...]:
    modules = (
        account_routes,
        admin_routes,
        health,
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
    app[keys.SESSIONS] = session_factory(engine)
    yield
    await engine.dispose()


def create_app(settings: Settings, *, clock: Clock | None = None, hasher: PassphraseHasher | None = None) -> web.Application:
    clock = clock or SystemClock()
    app = web.Application(middlewares=[security_headers, error_middleware], client_max_size=MAX_BODY)
    app[keys.SETTINGS] = settings
    app[keys.CLOCK] = clock
    app[keys.SIGNER] = TokenSigner(settings.secret, clock, access_minutes=settings.access_token_minutes)
    app[keys.HASHER] = hasher or PassphraseHasher()
    app[keys.LOGIN_GUARD] = LoginGuard(clock)
    app[keys.GUEST_LIMITER] = SlidingWindowLimiter(clock, limit=30, window_s=600)
    app[keys.RNG] = random.Random()
    app.cleanup_ctx.append(_database)

    routes = api_routes()
    install(app, routes)
    document = build_document(routes, server_url=settings.public_url)
    app.router.add_get("/api/openapi.json", openapi_handler(document))
    install_pages(app)

    sio = create_sio(settings)
    app[keys.SIO] = sio
    sio.register_namespace(SpaceNamespace(app))
    sio.attach(app)
    return app
