import stat

import pytest

from server.settings import Settings, parse_ice_servers


def test_secret_is_generated_once_with_owner_only_permissions(tmp_path):
    first = Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path)})
    key = tmp_path / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    second = Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path)})
    assert first.secret == second.secret and len(first.secret) >= 48


def test_explicit_secret_wins_and_nothing_is_written(tmp_path):
    s = Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path), "IBASHO_SECRET": "z" * 40})
    assert s.secret == "z" * 40
    assert not (tmp_path / "secret.key").exists()


def test_defaults_are_safe(tmp_path):
    s = Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path)})
    assert s.host == "127.0.0.1" and s.port == 8080
    assert s.database_url == f"sqlite+aiosqlite:///{tmp_path / 'ibasho.db'}"
    assert s.redis_url is None
    assert s.ice_servers == []  # never a public STUN server by default
    assert s.channel_capacity == 100


def test_environment_is_read(tmp_path):
    s = Settings.from_env({
        "IBASHO_DATA_DIR": str(tmp_path), "HOST": "0.0.0.0", "PORT": "9000",
        "DATABASE_URL": "postgresql+asyncpg://u@db/ibasho", "REDIS_URL": "redis://cache:6379/0",
        "IBASHO_PUBLIC_URL": "https://ibasho.example.jp/", "IBASHO_ICE_HOST_ADDRESSES": "127.0.0.1, 10.0.0.5",
        "IBASHO_ICE_SERVERS": '[{"urls": "stun:stun.example.jp:3478"}]',
        "IBASHO_CHANNEL_CAPACITY": "50",
    })
    assert (s.host, s.port, s.redis_url) == ("0.0.0.0", 9000, "redis://cache:6379/0")
    assert s.public_url == "https://ibasho.example.jp" and s.secure_cookies
    assert s.ice_host_addresses == ["127.0.0.1", "10.0.0.5"]
    assert s.ice_servers[0]["urls"] == "stun:stun.example.jp:3478"
    assert s.channel_capacity == 50


@pytest.mark.parametrize("raw", ['{"urls": "x"}', "[1]", '[{"username": "u"}]', "not json"])
def test_bad_ice_servers_are_refused(raw):
    with pytest.raises(ValueError):
        parse_ice_servers(raw)


def test_trusted_proxies_default_to_none_and_reject_typos(tmp_path):
    assert Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path)}).trusted_proxies == ()
    s = Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path), "IBASHO_TRUSTED_PROXIES": " 127.0.0.1, 10.0.0.0/8 ,::1"})
    assert s.trusted_proxies == ("127.0.0.1", "10.0.0.0/8", "::1")
    with pytest.raises(ValueError):
        Settings.from_env({"IBASHO_DATA_DIR": str(tmp_path), "IBASHO_TRUSTED_PROXIES": "10.0.0.300"})
