"""When the app shuts down, every task the server started has ended (issue 11, item 6): the
heartbeats (world tick, desk and consultation housekeeping, the live-access sweep), the Redis
revocation listener, and whatever the namespaces spawned. A task merely cancelled, not
awaited, would still be pending here, and could run against a closed database."""
from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from server.core.clock import FakeClock
from tests.conftest import serving
from tests.integration.recording_client import RecordingClient

ROOT = Path(__file__).resolve().parents[2]
OUR_CODE = tuple(str(ROOT / package) + "/" for package in ("server", "rooms", "avatars"))
HEARTBEATS = {"world tick", "desk housekeeping", "consult housekeeping", "live access sweep"}
REDIS_URL = "redis://127.0.0.1:6379/0"


def ours(task: asyncio.Task) -> bool:
    """A task running our code (its outermost coroutine is defined in our packages)."""
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    return code is not None and code.co_filename.startswith(OUR_CODE)


def describe(tasks) -> list[str]:
    return sorted(f"{t.get_name()}: {t.get_coro().__qualname__}" for t in tasks)


@pytest.mark.parametrize("redis", [False, True], ids=["one-process", "redis"])
async def test_after_shutdown_no_task_of_ours_is_pending(db_url, tmp_path, redis):
    before = set(asyncio.all_tasks())
    overrides = {"redis_url": REDIS_URL, "redis_channel": f"ibasho-test-{uuid.uuid4().hex}"} if redis else {}
    clients: list[RecordingClient] = []
    async with serving(db_url, tmp_path, clock=FakeClock(), **overrides) as live:
        token = (await live.api.guest())["access_token"]
        for namespace in ("/space", "/desk", "/consult"):
            client = RecordingClient(live.url, namespace)
            await client.open({"token": token})
            clients.append(client)
        assert (await clients[1].call("ping"))["ok"] and (await clients[2].call("ping"))["ok"]
        running = [t for t in asyncio.all_tasks() - before if ours(t) and not t.done()]
        assert HEARTBEATS <= {t.get_name() for t in running}, describe(running)
        if redis:
            assert any(t.get_coro().__qualname__ == "LiveAccess._listen" for t in running), describe(running)
        for client in clients:
            await client.close()
    left = [t for t in asyncio.all_tasks() - before if ours(t) and not t.done()]
    assert describe(left) == []
