"""Typed keys for the long-lived objects hanging off the aiohttp app (no module state).

Everything stored under these keys is built in one place, the composition root
(server/app.py and server/composition.py). Every key names its type (a unit test refuses
``Any``). The Socket.IO namespaces import this module, so their keys name their class as a
dotted forward reference instead of importing it (checked by the same test)."""
from __future__ import annotations

import random
from typing import TYPE_CHECKING

import socketio
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from avatars.draw_budget import DrawBudget
from avatars.login_guard import LoginGuard
from avatars.passphrases import HashPool, PassphraseHasher
from avatars.sprite_cache import SpriteCache
from rooms.boards.storage import ImageStore
from rooms.desk.queue import Desk
from rooms.event_room.live import LiveEvents
from rooms.funnel.recorder import FunnelRecorder
from rooms.live_consultations.live import LiveSessions
from rooms.space import Space
from server.auth import TokenSigner
from moderation.shield import Shield
from server.core.clock import Clock
from server.core.delivery import Deliver
from server.core.ratelimit import RateLimiter
from server.realtime.voice import VoiceEventRouter
from server.settings import Settings
from server.voice import VoiceRooms

if TYPE_CHECKING:  # these modules import this one
    import server.realtime.consult
    import server.realtime.desk
    import server.realtime.space

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
ENGINE = web.AppKey("engine", AsyncEngine)
DB_SESSIONS = web.AppKey("db_sessions", async_sessionmaker[AsyncSession])
SIGNER = web.AppKey("signer", TokenSigner)
HASHER = web.AppKey("hasher", PassphraseHasher)
LOGIN_GUARD = web.AppKey("login_guard", LoginGuard)
GUEST_LIMITER = web.AppKey("guest_limiter", RateLimiter)
KEEP_LIMITER = web.AppKey("keep_limiter", RateLimiter)
APPEAL_LIMITER = web.AppKey("appeal_limiter", RateLimiter)  # appeals made with a suspended login's token
HASH_POOL = web.AppKey("hash_pool", HashPool)
TRUSTED_PROXIES = web.AppKey("trusted_proxies", tuple)
RNG = web.AppKey("rng", random.Random)
SIO = web.AppKey("sio", socketio.AsyncServer)
DELIVER = web.AppKey("deliver", Deliver)  # sends an Outcome's emits after commit (server.core.delivery)
SPACE = web.AppKey("space", Space)
SPACE_NS = web.AppKey["server.realtime.space.SpaceNamespace"]("space_ns")
SPRITES = web.AppKey("sprites", SpriteCache)
SPRITE_DRAWS = web.AppKey("sprite_draws", DrawBudget)
BOARD_IMAGES = web.AppKey("board_images", ImageStore)
BOARD_HELPFUL_LIMITER = web.AppKey("board_helpful_limiter", RateLimiter)
DESK = web.AppKey("desk", Desk)  # the live desk on duty
DESK_NS = web.AppKey["server.realtime.desk.DeskNamespace"]("desk_ns")
DESK_MESSAGE_LIMITER = web.AppKey("desk_message_limiter", RateLimiter)
CONSULT = web.AppKey("consult", LiveSessions)  # waiting rooms and rooms of live consultations
CONSULT_NS = web.AppKey["server.realtime.consult.ConsultNamespace"]("consult_ns")
VOICE = web.AppKey("voice", VoiceRooms)  # the process's voice relay
VOICE_EVENTS = web.AppKey("voice_events", VoiceEventRouter)
REPORTS = web.AppKey["server.realtime.report_alerts.ReportDesk"]("reports")  # limits, sources, alerts
SHIELD = web.AppKey("shield", Shield)  # the screening of every text others read
SCREEN_TEST_LIMITER = web.AppKey("screen_test_limiter", RateLimiter)  # moderators trying sentences
EVENT_LIVE = web.AppKey("event_live", LiveEvents)  # the live event rooms of this process
EVENT_NS = web.AppKey["server.realtime.event.EventNamespace"]("event_ns")
FUNNEL = web.AppKey("funnel", FunnelRecorder)  # today's first steps, counted once per account and day
