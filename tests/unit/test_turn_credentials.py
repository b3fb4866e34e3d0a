"""coturn's shared-secret ("TURN REST API") credentials: the formula, the expiry from the
injected clock, the cap at the end of what the person is seated in, and the settings."""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta, timezone

import pytest

from server.core.clock import FakeClock
from server.settings import Settings, parse_ice_servers
from server.voice.turn import Seated, TurnConfig, mint, public_ice_servers, turn_password

NOW = datetime(2026, 4, 6, 0, 55, tzinfo=timezone.utc)
CONFIG = TurnConfig(urls=("turn:turn.example.jp:3478",), secret="s3cret", ttl_seconds=600)


def test_the_password_is_coturns_hmac_sha1_of_the_username():
    # Worked out by hand from coturn's README.turnserver ("--use-auth-secret"): the password is
    # base64(hmac-sha1(static-auth-secret, "<expiry>:<user>")).
    expected = base64.b64encode(hmac.new(b"s3cret", b"1775437200:abc", hashlib.sha1).digest()).decode()
    assert turn_password("s3cret", "1775437200:abc") == expected
    assert expected == "ZxgaRu78dpSKyh7E6cVEJ5ep4lw="  # a fixed vector: the formula cannot drift


def test_minted_credentials_expire_after_the_ttl_by_the_injected_clock():
    clock = FakeClock(NOW)
    seated = Seated(room_id="consult:b1", until=NOW + timedelta(hours=2))
    first = mint(CONFIG, seated, clock.now())
    expiry, _, opaque = first.username.partition(":")
    assert int(expiry) == int(NOW.timestamp()) + 600 and first.expires_at == NOW + timedelta(seconds=600)
    assert len(opaque) >= 12 and "b1" not in opaque  # opaque: names neither the room nor the person
    assert first.credential == turn_password("s3cret", first.username)
    assert first.ice_server() == {"urls": ["turn:turn.example.jp:3478"], "username": first.username,
                                  "credential": first.credential}
    clock.advance(300)
    second = mint(CONFIG, seated, clock.now())
    assert second.expires_at == NOW + timedelta(seconds=900) and second.username != first.username


def test_credentials_never_outlast_what_the_person_is_seated_in():
    seated = Seated(room_id="event:e1", until=NOW + timedelta(seconds=90, microseconds=500))
    creds = mint(CONFIG, seated, NOW)
    assert creds.expires_at == NOW + timedelta(seconds=90)  # whole seconds, never past the end
    with pytest.raises(ValueError):
        mint(CONFIG, Seated(room_id="consult:b1", until=NOW), NOW)  # over: nothing to mint


def test_only_public_entries_ever_leave_the_server():
    # Settings built in code skip the environment's checks: the last guard still holds.
    entries = [{"urls": "turn:turn.example.jp:3478", "username": "ibasho", "credential": "p"},
               {"urls": ["stun:a.example.jp", "turns:b.example.jp"]},
               {"urls": "stun:stun.example.jp", "username": "u", "credential": "p"},
               {"urls": ["stun:c.example.jp"]}]
    assert public_ice_servers(entries) == [{"urls": "stun:stun.example.jp"}, {"urls": ["stun:c.example.jp"]}]


def test_the_secret_never_shows_in_a_repr():
    assert "s3cret" not in repr(CONFIG)
    assert "s3cret" not in repr(Settings(database_url="sqlite://", secret="x", data_dir=".", turn_secret="s3cret"))


@pytest.mark.parametrize("kwargs", [
    {"urls": (), "secret": "s3cret"},
    {"urls": ("stun:turn.example.jp",), "secret": "s3cret"},
    {"urls": ("turn:turn.example.jp:3478",), "secret": ""},
    {"urls": ("turn:turn.example.jp:3478",), "secret": "s3cret", "ttl_seconds": 30},
    {"urls": ("turn:turn.example.jp:3478",), "secret": "s3cret", "ttl_seconds": 10**6},
])
def test_a_bad_turn_configuration_fails_at_start_up(kwargs):
    with pytest.raises(ValueError):
        TurnConfig(**kwargs)


def test_turn_settings_are_read_from_the_environment(tmp_path):
    s = Settings.from_env({
        "IBASHO_DATA_DIR": str(tmp_path), "IBASHO_TURN_SECRET": "s3cret", "IBASHO_TURN_TTL_SECONDS": "900",
        "IBASHO_TURN_URLS": "turn:turn.example.jp:3478?transport=udp, turns:turn.example.jp:5349?transport=tcp",
        "IBASHO_ICE_SERVERS": '[{"urls": "stun:turn.example.jp:3478"}]',
    })
    assert s.turn_urls == ["turn:turn.example.jp:3478?transport=udp", "turns:turn.example.jp:5349?transport=tcp"]
    assert s.turn_secret == "s3cret" and s.turn_ttl_seconds == 900
    assert TurnConfig.from_settings(s) == TurnConfig(urls=tuple(s.turn_urls), secret="s3cret", ttl_seconds=900)
    assert s.ice_servers == [{"urls": "stun:turn.example.jp:3478"}]


def test_no_turn_configured_means_none(tmp_path):
    assert TurnConfig.from_settings(Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path)})) is None


@pytest.mark.parametrize("env", [
    {"IBASHO_TURN_URLS": "turn:turn.example.jp:3478"},  # a relay without its secret
    {"IBASHO_TURN_SECRET": "s3cret"},  # a secret without a relay
    {"IBASHO_TURN_URLS": "turn:turn.example.jp:3478", "IBASHO_TURN_SECRET": "s3cret", "IBASHO_TURN_TTL_SECONDS": "soon"},
])
def test_half_a_turn_configuration_is_refused(tmp_path, env):
    with pytest.raises(ValueError):
        TurnConfig.from_settings(Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path), **env}))


@pytest.mark.parametrize("raw", [
    # The reproduced leak: docker-compose.yml's static coturn user, handed to anyone who asked.
    '[{"urls": "turn:turn.example.jp:3478", "username": "ibasho", "credential": "p"}]',
    '[{"urls": "stun:stun.example.jp", "credential": "p"}]',
    '[{"urls": ["stun:stun.example.jp", "turns:turn.example.jp:5349"]}]',  # a relay belongs in IBASHO_TURN_URLS
])
def test_static_credentials_and_relays_are_refused_in_the_public_list(raw):
    with pytest.raises(ValueError, match="IBASHO_TURN"):
        parse_ice_servers(raw)
