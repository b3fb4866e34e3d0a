"""What the app is made of: every long-lived object, built once and stored under its typed
key (server/keys.py). Routes, pages and namespaces only look these up; none builds its own.

``build_services`` makes the domain's live state and budgets; ``build_realtime`` the Socket.IO
server and its namespaces (which need the services). Each heartbeat is a cleanup context, so
it starts with the app and is stopped, and awaited, when the app shuts down."""
from __future__ import annotations


import logging
import random
from functools import partial

from aiohttp import web

from avatars.draw_budget import DrawBudget
from avatars.login_guard import LoginGuard
from avatars.passphrases import HashPool
from avatars.sprite_cache import SpriteCache
from moderation.shield import Shield
from rooms.boards.storage import ImageStore
from rooms.chat import ChatLog, ZoneChat
from rooms.consent import Conversations
from rooms.desk.hours import OpeningHours
from rooms.desk.queue import Desk
from rooms.emotes import Emotes
from rooms.event_room.live import LiveEvents
from rooms.funnel.aggregate import aggregate as aggregate_funnel
from rooms.funnel.recorder import FunnelRecorder
from rooms.live_consultations.live import LiveSessions
from rooms.maps import load_demo_map, load_map
from rooms.space import Space
from rooms.visibility import Reveals
from rooms.world import World
from server import keys
from server.core.clock import Clock
from server.core.ratelimit import RateLimiter
from server.http.client_address import trusted_networks
from server.realtime.consult import install_consult
from server.realtime.event import install_event
from server.realtime.desk import GRACE_SECONDS, MESSAGES_PER_ADDRESS_HOUR, install_desk
from server.realtime.heartbeat import beating
from server.realtime.broadcaster import send_emits
from server.realtime.hub import create_sio
from server.realtime.crisis import install_crisis
from server.realtime.live_access import install_live_access
from server.realtime.report_alerts import install_reports
from server.realtime.space import TICK_S, SpaceNamespace
from server.realtime.voice import VoiceEventRouter
from server.settings import Settings
from server.voice import VoiceConfig, VoiceRooms

BOARD_HELPFUL_PER_10_MIN = 30
FUNNEL_AGGREGATE_S = 3600
GUESTS_PER_10_MIN = 30
KEEPS_PER_HOUR = 10


def build_services(app: web.Application) -> None:
    """The live desk, consultations, space and voice; caches and per-client budgets."""
    settings, clock = app[keys.SETTINGS], app[keys.CLOCK]
    install_account_guards(app)
    app[keys.RNG] = random.Random()
    app[keys.SPRITES] = SpriteCache()
    app[keys.SPRITE_DRAWS] = DrawBudget(clock)
    app[keys.SPACE] = build_space(settings, clock)
    app[keys.BOARD_IMAGES] = ImageStore(settings.data_dir / "board_images")
    app[keys.BOARD_HELPFUL_LIMITER] = RateLimiter.per_window(clock, limit=BOARD_HELPFUL_PER_10_MIN, window_s=600)
    app[keys.DESK] = Desk(
        clock, OpeningHours.build(settings.timezone),
        log=ChatLog(window_seconds=settings.chat_window_seconds), grace_seconds=GRACE_SECONDS,
    )
    # Leaving messages: the per-account daily cap lives in the database; this one, per
    # address, slows down someone creating guest after guest to flood the staff's list.
    app[keys.DESK_MESSAGE_LIMITER] = RateLimiter.per_window(clock, limit=MESSAGES_PER_ADDRESS_HOUR, window_s=3600)
    app[keys.FUNNEL] = FunnelRecorder(clock)
    app.cleanup_ctx.append(_funnel_clock)
    app[keys.CONSULT] = LiveSessions(clock, log=ChatLog(window_seconds=settings.chat_window_seconds))
    # One relay per process, whichever transport holds voice rooms; each routes its own
    # rooms' events by a room-id prefix.
    app[keys.VOICE_EVENTS] = VoiceEventRouter()
    app[keys.VOICE] = VoiceRooms(VoiceConfig.from_settings(settings), on_event=app[keys.VOICE_EVENTS])
    app.cleanup_ctx.append(_voice_closed)


APPEALS_PER_HOUR = 10


def install_account_guards(app: web.Application) -> None:
    """Per-client budgets for entering, keeping and logging in, and the argon2id thread pool."""
    settings, clock = app[keys.SETTINGS], app[keys.CLOCK]
    app[keys.LOGIN_GUARD] = LoginGuard(clock)
    app[keys.GUEST_LIMITER] = RateLimiter.per_window(clock, limit=GUESTS_PER_10_MIN, window_s=600)
    app[keys.KEEP_LIMITER] = RateLimiter.per_window(clock, limit=KEEPS_PER_HOUR, window_s=3600)
    # Appeals sent with a suspended login's appeal token: one is enough, a few for mistakes.
    app[keys.APPEAL_LIMITER] = RateLimiter.per_window(clock, limit=APPEALS_PER_HOUR, window_s=3600)
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


def build_realtime(app: web.Application) -> None:
    """The Socket.IO server, live access, the three namespaces and their heartbeats."""
    sio = create_sio(app[keys.SETTINGS])
    app[keys.SIO] = sio
    app[keys.DELIVER] = partial(send_emits, sio)  # how REST sends emits after commit
    install_live_access(app, sio)
    space_ns = SpaceNamespace(app)
    app[keys.SPACE_NS] = space_ns
    sio.register_namespace(space_ns)
    space_ns.install_fast_path(sio)
    app[keys.DESK_NS] = install_desk(app, sio)
    app[keys.CONSULT_NS] = install_consult(app, sio)
    app[keys.EVENT_LIVE] = LiveEvents()
    app[keys.EVENT_NS] = install_event(app, sio)
    app[keys.REPORTS] = install_reports(app)
    app[keys.SHIELD] = Shield()
    app[keys.SCREEN_TEST_LIMITER] = RateLimiter.per_window(app[keys.CLOCK], limit=60, window_s=60)
    install_crisis(app)
    sio.attach(app)
    app.cleanup_ctx.append(_space_clock)


async def _funnel_clock(app: web.Application):
    """Every hour: first-step dates of days that ended become counts and their rows go
    (rooms/funnel/aggregate.py)."""
    sessions, recorder = app[keys.DB_SESSIONS], app[keys.FUNNEL]

    async def job() -> None:
        async with sessions.begin() as db:
            await aggregate_funnel(db, recorder.today())

    async with beating(app[keys.CLOCK], FUNNEL_AGGREGATE_S, job, log=logging.getLogger("ibasho.funnel"),
                       what="funnel aggregation"):
        yield


async def _voice_closed(app: web.Application):
    yield
    await app[keys.VOICE].close()


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

    async with beating(app[keys.CLOCK], TICK_S, tick, log=logging.getLogger("ibasho.space"), what="world tick"):
        yield
    await space_ns.depart_all()
