"""Configuration. The only module that reads ``os.environ``."""
from __future__ import annotations

import ipaddress
import json
import os
import secrets
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret: str
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    redis_url: str | None = None
    redis_channel: str = "ibasho"  # the pub/sub channel shared by the server processes
    public_url: str = "http://127.0.0.1:8080"
    # Public RTCIceServer dicts (STUN only, no credentials) for browsers and the server's own
    # peers. Empty means host candidates only: never aiortc's default public STUN server.
    ice_servers: list[dict] = field(default_factory=list)
    # Addresses the server offers as its own ICE host candidates (empty = every interface).
    ice_host_addresses: list[str] = field(default_factory=list)
    channel_capacity: int = 100
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    timezone: str = "Asia/Tokyo"
    chat_window_seconds: int = 600
    reconnect_grace_seconds: int = 120
    secure_cookies: bool = False
    seed_demo: bool = False
    map_path: Path | None = None  # a Tiled JSON map instead of the demo plaza
    # -- TURN (issue 10): coturn's shared-secret credentials, minted per seated participant
    # (server.voice.turn). Both or neither; checked at start-up by TurnConfig.
    turn_urls: list[str] = field(default_factory=list)
    turn_secret: str | None = field(default=None, repr=False)
    turn_ttl_seconds: int = 7200
    # Accounts: reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs; none by
    # default), and how many argon2id hashes run at once / may wait before BUSY. A waiting hash
    # holds its request's database connection: keep the sum well below the pool (15 or 20).
    trusted_proxies: tuple[str, ...] = ()
    hash_workers: int = 2
    hash_queue: int = 10
    # The measured realtime fast path (server/realtime/engine_overrides.py): the short way in
    # for steps and the lean websocket loop. Off serves through the libraries' own paths.
    fast_path: bool = True
    # A new account waits this long before zone chat and inviting strangers (issue 12);
    # stamps, reading and the desk work at once. The tests' fixtures set 0.
    new_account_warmup_seconds: int = 600
    # Crisis support lines shown to a person whose words sound like a crisis
    # (moderation.support; JSON in IBASHO_SUPPORT_LINES, empty = the demo list).
    support_lines: tuple = ()
    # Static files gzip-compressed and cached a year under versioned URLs (server/http/
    # static_assets.py). Off serves them plainly, as before: the page-load benchmark's baseline.
    static_cache: bool = True

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("IBASHO_DATA_DIR", "data")).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        host = env.get("HOST", "127.0.0.1")
        port = int(env.get("PORT", "8080"))
        return cls(
            database_url=env.get("DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'ibasho.db'}",
            secret=env.get("IBASHO_SECRET") or load_or_create_secret(data_dir),
            data_dir=data_dir,
            host=host,
            port=port,
            redis_url=env.get("REDIS_URL") or None,
            public_url=env.get("IBASHO_PUBLIC_URL", f"http://{host}:{port}").rstrip("/"),
            ice_servers=parse_ice_servers(env.get("IBASHO_ICE_SERVERS", "")),
            ice_host_addresses=[a.strip() for a in env.get("IBASHO_ICE_HOST_ADDRESSES", "").split(",") if a.strip()],
            channel_capacity=int(env.get("IBASHO_CHANNEL_CAPACITY", "100")),
            timezone=env.get("IBASHO_TIMEZONE", "Asia/Tokyo"),
            secure_cookies=env.get("IBASHO_PUBLIC_URL", "").startswith("https://"),
            map_path=Path(env["IBASHO_MAP"]).resolve() if env.get("IBASHO_MAP") else None,
            turn_urls=[u.strip() for u in env.get("IBASHO_TURN_URLS", "").split(",") if u.strip()],
            turn_secret=env.get("IBASHO_TURN_SECRET") or None,
            turn_ttl_seconds=_integer(env, "IBASHO_TURN_TTL_SECONDS", 7200),
            trusted_proxies=parse_trusted_proxies(env.get("IBASHO_TRUSTED_PROXIES", "")),
            hash_workers=_integer(env, "IBASHO_HASH_WORKERS", 2),
            hash_queue=_integer(env, "IBASHO_HASH_QUEUE", 10),
            fast_path=_on_off(env, "IBASHO_FAST_PATH", True),
            new_account_warmup_seconds=_integer(env, "IBASHO_NEW_ACCOUNT_WARMUP_SECONDS", 600),
            support_lines=parse_support_lines(env.get("IBASHO_SUPPORT_LINES", "")),
            static_cache=_on_off(env, "IBASHO_STATIC_CACHE", True),
        )


def parse_support_lines(raw: str) -> tuple:
    from moderation.support import parse_lines  # the rules of a line live with the lines
    return parse_lines(raw)


def parse_ice_servers(raw: str) -> list[dict]:
    """``IBASHO_ICE_SERVERS`` is a JSON list of public RTCIceServer objects, e.g.
    ``[{"urls": "stun:stun.example.org:3478"}]``. It is handed to anyone signed in, so static
    credentials and relays are refused: a TURN relay goes in IBASHO_TURN_URLS with its secret
    in IBASHO_TURN_SECRET, and each seated participant gets credentials that expire."""
    if not raw.strip():
        return []
    value = json.loads(raw)
    if not isinstance(value, list) or not all(isinstance(s, dict) and "urls" in s for s in value):
        raise ValueError("IBASHO_ICE_SERVERS must be a JSON list of objects with 'urls'")
    for entry in value:
        urls = [entry["urls"]] if isinstance(entry["urls"], str) else entry["urls"]
        relays = isinstance(urls, list) and any(isinstance(u, str) and u.startswith(("turn:", "turns:")) for u in urls)
        if relays or "username" in entry or "credential" in entry:
            raise ValueError("IBASHO_ICE_SERVERS is public (STUN only, no credentials): put a TURN relay "
                             "in IBASHO_TURN_URLS and its shared secret in IBASHO_TURN_SECRET")
    return value


def _integer(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number") from None


def _on_off(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("on", "off"):
        raise ValueError(f"{name} must be on or off")
    return raw == "on"


def parse_trusted_proxies(raw: str) -> tuple[str, ...]:
    """``IBASHO_TRUSTED_PROXIES``: comma-separated addresses or CIDRs, e.g. ``127.0.0.1,10.0.0.0/8``."""
    parts = tuple(p.strip() for p in raw.split(",") if p.strip())
    for part in parts:
        ipaddress.ip_network(part, strict=False)  # a typo must stop the server, not trust nobody
    return parts


def load_or_create_secret(data_dir: Path) -> str:
    """First run without IBASHO_SECRET: generate one, keep it in a 0600 file, reuse it."""
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w") as f:
        f.write(secret)
    return secret
