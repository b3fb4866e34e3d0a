"""The composition root: builds the aiohttp app and wires every part to its dependencies
(the long-lived parts themselves are made in server/composition.py)."""
from __future__ import annotations

from aiohttp import web

from avatars.passphrases import PassphraseHasher
from server import composition, keys, logs
from server.auth import TokenSigner
from server.core.clock import Clock, SystemClock
from server.db import create_engine, require_migrated, session_factory
from server.http import account_routes, admin_routes, avatar_routes, health, space_routes
from server.http import casework_routes
from server.http import caseload_routes
from server.http import booking_routes
from server.http import board_routes
from server.http import desk_routes
from server.http import consult_routes
from server.http import event_routes
from server.http import audit_routes, sanction_routes
from server.http import report_routes, summary_routes
from server.http import crisis_routes
from server.http import word_list_routes
from server.http import survey_routes
from server.http.board_pages import install_boards
from server.http.event_pages import install_event_pages
from server.http.survey_pages import install_survey_pages
from server.http.bodies import MAX_BODY
from server.http.errors import error_middleware
from server.http.middlewares import security_headers
from server.http.openapi import build_document, openapi_handler
from server.http.pages import install_pages
from server.http.routing import ApiRoute, install
from server.realtime.event_reminders import install_event_reminders
from server.http.event_live_pages import install_event_live_page
from server.settings import Settings


def api_routes() -> tuple[ApiRoute, ...]:
    modules = (
        account_routes,
        admin_routes,
        audit_routes,
        avatar_routes,
        board_routes,
        booking_routes,
        caseload_routes,
        casework_routes,
        consult_routes,
        crisis_routes,
        desk_routes,
        event_routes,
        health,
        sanction_routes,
        report_routes,
        space_routes,
        summary_routes,
        survey_routes,
        word_list_routes,
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
    app.cleanup_ctx.append(_database)  # first in, so the database closes after everything else
    composition.build_services(app)

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
    install_survey_pages(app)
    install_event_live_page(app)

    report_routes.install_moderation_console(app)
    summary_routes.install_report_console(app)

    composition.build_realtime(app)
    install_event_reminders(app)
    return app
