"""The space benchmark's load generator against real servers, briefly, so the bench code
cannot rot unnoticed: five lean clients walk for a moment and the report is complete."""
import random
import secrets

from aiohttp.test_utils import TestServer

from bench.baseline_server import create_baseline_app
from bench.space import measure_in_process
from bench.space_map import start_positions
from rooms.maps import load_demo_map
from server import keys
from server.auth import TokenSigner
from server.core.clock import SystemClock
from server.realtime.resume import ResumeSigner

FIELDS = {
    "avatars", "connected", "updates_per_s", "moves_per_s", "moves_accepted_ratio", "visible_avg",
    "latency_p50_ms", "latency_p99_ms", "delivered_ratio", "coalesced_ratio", "latency_samples",
    "ack_rtt_p50_ms", "batch_age_p99_ms", "server_cpu_pct", "server_rss_mb", "loadgen_cpu_pct",
}


def assert_measured(report: dict, people: int) -> None:
    assert FIELDS <= report.keys()
    assert report["connected"] == people and report["connect_failures"] == 0 and report["disconnects"] == 0
    assert report["moves_per_s"] >= 5 * people  # 10 Hz walkers, allowing a slow machine
    assert report["moves_accepted_ratio"] > 0.5
    assert report["updates_per_s"] > 0
    assert 0 < report["visible_avg"] <= people - 1
    assert report["latency_samples"] > 0
    assert 0 < report["latency_p50_ms"] <= report["latency_p99_ms"] < 5000
    assert 0.5 < report["delivered_ratio"] <= 1


async def test_load_generator_against_ibasho(running):
    logins = []
    for _ in range(5):
        body = await running.api.guest()
        logins.append((body["account"]["id"], body["access_token"]))
    game_map = running.app[keys.SPACE].world.map

    report = await measure_in_process(running.url, logins, game_map, seconds=1.0)

    assert_measured(report, 5)


async def test_load_generator_against_the_baseline():
    clock = SystemClock()
    secret = secrets.token_urlsafe(48)
    tokens = TokenSigner(secret, clock)
    places = ResumeSigner(secret, clock, ttl_seconds=600)
    game_map = load_demo_map()
    ids = [f"walker-{i}" for i in range(5)]
    logins = [(a, tokens.issue_access(account_id=a, session_id="s", role="visitor", token_version=0)) for a in ids]
    spots = start_positions(game_map, len(ids), random.Random(3))
    signed = [places.sign(a, "plaza-1", x, y) for a, (x, y) in zip(ids, spots)]
    server = TestServer(create_baseline_app(), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        report = await measure_in_process(str(server.make_url("")).rstrip("/"), logins, game_map,
                                          places=signed, seconds=1.0)
    finally:
        await server.close()

    assert_measured(report, 5)
    assert report["visible_avg"] == 4  # the baseline shows everyone to everyone
