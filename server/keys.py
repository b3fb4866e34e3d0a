"""Typed keys for the long-lived objects hanging off the aiohttp app (no module state)."""
from __future__ import annotations

import random
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from avatars.login_guard import LoginGuard
from avatars.passphrases import HashPool, PassphraseHasher
from rooms.boards.storage import ImageStore
from server.auth import TokenSigner
from server.core.clock import Clock
from server.core.ratelimit import RateLimiter
from server.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
ENGINE = web.AppKey("engine", AsyncEngine)
DB_SESSIONS = web.AppKey("db_sessions", async_sessionmaker[AsyncSession])
SIGNER = web.AppKey("signer", TokenSigner)
HASHER = web.AppKey("hasher", PassphraseHasher)
LOGIN_GUARD = web.AppKey("login_guard", LoginGuard)
GUEST_LIMITER = web.AppKey("guest_limiter", RateLimiter)
KEEP_LIMITER = web.AppKey("keep_limiter", RateLimiter)
HASH_POOL = web.AppKey("hash_pool", HashPool)
TRUSTED_PROXIES = web.AppKey("trusted_proxies", tuple)
RNG = web.AppKey("rng", random.Random)
SIO = web.AppKey("sio", Any)
SPACE = web.AppKey("space", Any)  # rooms.space.Space
SPACE_NS = web.AppKey("space_ns", Any)  # server.realtime.space.SpaceNamespace
SPRITES = web.AppKey("sprites", Any)  # avatars.sprite_cache.SpriteCache
SPRITE_DRAWS = web.AppKey("sprite_draws", Any)  # server.http.avatar_routes.DrawBudget
BOARD_IMAGES = web.AppKey("board_images", ImageStore)
BOARD_HELPFUL_LIMITER = web.AppKey("board_helpful_limiter", RateLimiter)
DESK = web.AppKey("desk", Any)  # rooms.desk.queue.Desk: the live desk on duty
DESK_NS = web.AppKey("desk_ns", Any)  # server.realtime.desk.DeskNamespace
DESK_MESSAGE_LIMITER = web.AppKey("desk_message_limiter", RateLimiter)
CONSULT = web.AppKey("consult", Any)  # rooms.live_consultations.live.LiveSessions: waiting rooms and rooms
CONSULT_NS = web.AppKey("consult_ns", Any)  # server.realtime.consult.ConsultNamespace
EVENT_LIVE = web.AppKey("event_live", Any)  # rooms.event_room.live.LiveEvents: the live event rooms
EVENT_NS = web.AppKey("event_ns", Any)  # server.realtime.event.EventNamespace
VOICE = web.AppKey("voice", Any)  # server.voice.VoiceRooms: the process's voice relay
VOICE_EVENTS = web.AppKey("voice_events", Any)  # server.realtime.voice.VoiceEventRouter
