"""Health, readiness, start-up refusal on an un-migrated database, and private logs."""
import logging

import pytest
from aiohttp.test_utils import TestServer

from server.app import create_app
from server.db import NotMigrated
from tests.conftest import FAST_HASHER, make_settings


async def test_health_and_readiness(running):
    status, body = await running.api.call("GET", "/healthz")
    assert status == 200 and body == {"status": "ok"}
    status, body = await running.api.call("GET", "/readyz")
    assert status == 200 and body == {"status": "ok", "database": True, "migrations": True}


async def test_server_refuses_to_start_on_an_unmigrated_database(tmp_path):
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}", tmp_path)
    server = TestServer(create_app(settings, hasher=FAST_HASHER), host="127.0.0.1", port=0)
    with pytest.raises(NotMigrated) as err:
        await server.start_server()
    assert "python -m server.cli migrate" in str(err.value)
    await server.close()


async def test_logs_hold_no_secrets_text_or_addresses(running, caplog):
    caplog.set_level(logging.INFO)  # the production level (server.logs.configure)
    api = running.api
    _, kept = await api.call("POST", "/api/auth/keep", json={"nickname": "ろぐ", "passphrase": "secret passphrase 42"})
    await api.call("POST", "/api/auth/login", json={"nickname": "ろぐ", "passphrase": "wrong passphrase 42"})
    await api.call("GET", "/api/me", token=kept["access_token"])
    await api.call("POST", "/api/auth/refresh", json={"refresh_token": kept["refresh_token"]})
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("secret passphrase 42", "wrong passphrase 42", kept["access_token"], kept["refresh_token"],
                   kept["recovery_code"], "127.0.0.1"):
        assert secret not in text
