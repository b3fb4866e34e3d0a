"""Minted credentials against a real coturn (Debian's, installed by .ci/system-deps.sh) run
with --use-auth-secret on loopback: a TURN allocation succeeds with a fresh pair and is
refused with an expired one, a wrong secret or a pair whose expiry was edited."""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from aioice import stun, turn

from server.core.clock import FakeClock
from server.voice.turn import Seated, TurnConfig, mint, turn_password
from tests.waiting import until

SECRET = "coturn-test-secret-0123456789"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        return udp.getsockname()[1]


@pytest.fixture
async def coturn(tmp_path):
    exe = shutil.which("turnserver")
    assert exe, "coturn is missing: run `bash .ci/system-deps.sh`"
    port = free_port()
    low = 40000 + port % 20000
    process = subprocess.Popen([
        exe, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", f"--listening-port={port}",
        f"--min-port={low}", f"--max-port={low + 20}", "--use-auth-secret", f"--static-auth-secret={SECRET}",
        "--realm=ibasho", "--no-cli", "--no-tls", "--no-dtls", f"--userdb={tmp_path / 'turndb'}",
        f"--pidfile={tmp_path / 'turn.pid'}", "--log-file=stdout", "--simple-log",
    ], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        await _listening(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


async def _listening(port: int) -> None:
    """coturn listens on TCP and UDP at once: wait until the TCP side accepts."""
    async def accepts() -> bool:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return False
        writer.close()
        return True

    await until(accepts, 5, what="coturn listening")


async def allocate(port: int, username: str, password: str) -> tuple[str, int]:
    """A TURN Allocate over UDP with long-term credentials; the relayed address."""
    transport, _ = await asyncio.wait_for(turn.create_turn_endpoint(
        asyncio.DatagramProtocol, server_addr=("127.0.0.1", port), username=username, password=password,
        transport="udp"), 10)
    try:
        return transport.get_extra_info("sockname")
    finally:
        transport.close()


async def test_fresh_credentials_allocate_and_expired_ones_are_refused(coturn):
    config = TurnConfig(urls=(f"turn:127.0.0.1:{coturn}",), secret=SECRET, ttl_seconds=600)
    # coturn reads the wall clock, so the injected clock starts there.
    clock = FakeClock(datetime.now(timezone.utc).replace(microsecond=0))
    seated = Seated(room_id="consult:b1", until=clock.now() + timedelta(hours=2))
    fresh = mint(config, seated, clock.now())
    relayed = await allocate(coturn, fresh.username, fresh.credential)
    assert relayed[0] == "127.0.0.1" and relayed[1] > 0

    # Minted twenty minutes ago with a ten-minute TTL: expired ten minutes ago, so coturn says
    # no. (coturn keeps its own clock in whole seconds, refreshed by a timer; on a loaded CI
    # machine it lagged the wall clock, and a pair expired one second ago was still accepted.)
    past = FakeClock(clock.now() - timedelta(seconds=1200))
    expired = mint(config, Seated(room_id="consult:b1", until=seated.until), past.now())
    assert expired.expires_at < clock.now()
    for username, password in (
        (expired.username, expired.credential),
        (fresh.username, turn_password("another-secret", fresh.username)),
        # Moving the expiry forward breaks the HMAC: a leaked pair cannot be extended.
        (f"{int(fresh.username.split(':')[0]) + 3600}:{fresh.username.split(':')[1]}", fresh.credential),
    ):
        with pytest.raises(stun.TransactionFailed) as refused:
            await allocate(coturn, username, password)
        assert refused.value.response.attributes["ERROR-CODE"][0] == 401
