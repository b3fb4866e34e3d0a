"""Nickname rules and friendly generated nicknames for guests."""
from __future__ import annotations

import random
import unicodedata

from moderation.personal_info import looks_like_contact_details
from server.core import text as text_rules
from server.core.errors import DomainError, ErrorCode

MAX_LENGTH = text_rules.NICKNAME.max_length

# Two gentle halves, e.g. 「ひだまりのねこ」 / "Sunny Cat". Kept small and kind on purpose.
ADJECTIVES = [
    ("ひだまりの", "Sunny"), ("しずかな", "Quiet"), ("やさしい", "Gentle"), ("のんびり", "Easygoing"),
    ("あおぞらの", "Skyblue"), ("ゆうやけの", "Sunset"), ("こもれびの", "Dappled"), ("ほかほか", "Cosy"),
    ("つきよの", "Moonlit"), ("はるかぜの", "Springbreeze"), ("まったり", "Relaxed"), ("ふんわり", "Fluffy"),
]
NOUNS = [
    ("ねこ", "Cat"), ("うさぎ", "Rabbit"), ("たぬき", "Tanuki"), ("ことり", "Bird"), ("くじら", "Whale"),
    ("どんぐり", "Acorn"), ("かめ", "Turtle"), ("きつね", "Fox"), ("ひつじ", "Sheep"), ("ふくろう", "Owl"),
    ("くま", "Bear"), ("りす", "Squirrel"),
]


def validate_nickname(raw: object) -> str:
    """Return the nickname as stored (the ``nickname`` kind: NFKC, trimmed, 1..20 characters,
    no control or format characters) or refuse with a stable code."""
    name = text_rules.required(text_rules.NICKNAME, raw, field="nickname")
    if looks_like_contact_details(name):
        raise DomainError(ErrorCode.NICKNAME_PERSONAL_INFO, field="nickname")
    return name


def login_name(nickname: str) -> str:
    """The case- and width-insensitive handle used to find a kept account."""
    return unicodedata.normalize("NFKC", nickname).strip().casefold()


def generate_nickname(rng: random.Random, lang: str = "ja") -> str:
    adj, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
    if lang == "en":
        return f"{adj[1]} {noun[1]}"
    return f"{adj[0]}{noun[0]}"
