"""The per-event live-access check with the sanctions policy, without a network. Prints one
JSON object.

N connections hold grants; in one case nobody is restricted, in the other a quarter of the
accounts hold a standing (a rest, a limit, or a new account's wait). Timed per event: ``LiveAccess.guard(namespace, sid, event)`` for events
that use a capability (``zone:say``, ``emote:send``, ``world:move``) and for one that does not
(``ping``). The baseline, in the same run on the same grants, is the check as it was before
sanctions: ``LiveAccess.refusal(namespace, sid)`` (session, token version and expiry).

    .venv/bin/python -m bench.live_guard --connections 1000 --events 200000 --json
"""
from __future__ import annotations

import argparse
import json
import random
import time
from datetime import timedelta

from aiohttp import web

from moderation.sanctions.ladder import Kind, denies
from moderation.sanctions.policy import NEW_ACCOUNT, WARMUP_DENIES, Restriction, Standing
from server import keys
from server.auth import AccessClaims, TokenSigner
from server.core.clock import FakeClock
from server.core.principal import Principal, Role
from server.realtime.live_access import LiveAccess
from server.settings import Settings

EVENTS = ("zone:say", "emote:send", "world:move", "ping")
ROUNDS = 5


def build(connections: int, seed: int, restricted_every: int) -> tuple[LiveAccess, list[str]]:
    clock = FakeClock()
    app = web.Application()
    app[keys.CLOCK] = clock
    app[keys.SETTINGS] = Settings(database_url="sqlite://", secret="b" * 48, data_dir=".")
    app[keys.SIGNER] = TokenSigner("b" * 48, clock)
    access = LiveAccess(app, sio=None)
    rng = random.Random(seed)
    now = clock.now()
    expires = (now + timedelta(minutes=15)).timestamp()
    sids = []
    for i in range(connections):
        account = f"acc-{i:05d}"
        principal = Principal(account, Role.VISITOR, session_id=f"s-{i}")
        claims = AccessClaims(account_id=account, session_id=f"s-{i}", role="visitor", token_version=0, jti=f"j-{i}",
                              expires_at=int(expires))
        standing = None
        if restricted_every and i % restricted_every == 0:
            kind = rng.choice([Kind.REST, Kind.LIMIT, NEW_ACCOUNT])
            denied = WARMUP_DENIES if kind == NEW_ACCOUNT else denies(kind)
            standing = Standing(account, (Restriction(getattr(kind, "value", kind), denied, now + timedelta(hours=1)),))
        access.admit("/space", f"sid-{i}", claims, principal, standing)
        sids.append(f"sid-{i}")
    return access, sids


def measure(connections: int, events: int, restricted_every: int, seed: int = 7) -> dict:
    access, sids = build(connections, seed, restricted_every)
    rng = random.Random(seed)
    plan = [(rng.choice(sids), rng.choice(EVENTS)) for _ in range(events)]
    refused = sum(1 for sid, event in plan if access.guard("/space", sid, event) is not None)
    # Rounds alternate, and each figure is its quickest round: on a shared machine the other
    # processes' load comes and goes, and a slow round says more about them than about this.
    with_policy, baseline = float("inf"), float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for sid, event in plan:
            access.guard("/space", sid, event)
        with_policy = min(with_policy, time.perf_counter() - start)
        start = time.perf_counter()
        for sid, _ in plan:
            access.refusal("/space", sid)
        baseline = min(baseline, time.perf_counter() - start)
    return {
        "refused_by_policy": refused,
        "guard_us_per_event": round(with_policy / events * 1e6, 3),
        "baseline_us_per_event": round(baseline / events * 1e6, 3),
        "added_us_per_event": round((with_policy - baseline) / events * 1e6, 3),
    }


def run(connections: int, events: int) -> dict:
    """Two cases on the same plan of events: nobody restricted (the usual day) and a quarter
    of the accounts restricted (a stress: each refusal builds its answer)."""
    return {"bench": "live_guard", "connections": connections, "events": events, "rounds": ROUNDS,
            "nobody_restricted": measure(connections, events, 0),
            "quarter_restricted": measure(connections, events, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--events", type=int, default=200000)
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default)")
    args = parser.parse_args()
    print(json.dumps(run(args.connections, args.events)))


if __name__ == "__main__":
    main()
