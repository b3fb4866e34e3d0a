"""The authorisation matrix (issue 10, "Tests that stay"): every declared REST route and every
Socket.IO event, called as every role against the real app on loopback, each answer compared
with its cell in tests/integration/authz_table.py.

The lists of routes and events come from the code (the ApiRoute declarations behind
/api/openapi.json, and the namespaces' handler tables), so a new route or event without a
row fails here, and so does a row for something that no longer exists."""
from __future__ import annotations

import asyncio

from server.app import api_routes
from server.core.principal import Role
from server.realtime.client_events import CLIENT_EVENTS
from tests.integration.authz_calls import CALLS, call_route
from tests.integration.authz_events import PAYLOADS, Sockets, declared_events
from tests.integration.authz_table import MATRIX, ROLES, cell_count
from tests.integration.authz_world import build_world
from tests.integration.consult_client import clocked_app

# Shared objects' owners go last, so nobody else's answer depends on what the owner did.
EXEC_ORDER = ("none", "revoked", "guest", "peer", "specialist", "staff", "moderator", "admin", "family", "individual")


def declared_keys() -> tuple[set, set]:
    return {(r.method, r.path) for r in api_routes()}, declared_events()


def test_every_route_and_event_has_exactly_one_row():
    routes, events = declared_keys()
    rows = set(MATRIX)
    assert not (routes | events) - rows, f"routes or events without a row in MATRIX: {sorted((routes | events) - rows)}"
    assert not rows - (routes | events), f"rows naming no declared route or event: {sorted(rows - (routes | events))}"
    assert set(CALLS) == routes, "authz_calls.CALLS must say how to call every route, and only those"
    assert set(PAYLOADS) == {e for e in events if e[1] != "connect"}, "authz_events.PAYLOADS: one per event"
    for key, answers in MATRIX.items():
        assert tuple(answers) == ROLES, f"{key} must name every role"
    print(f"\nauthorisation matrix: {len(MATRIX)} rows, {cell_count()} cells")


# The role each signed-in column of the matrix acts as.
ROLE_OF = {"guest": Role.VISITOR, "individual": Role.VISITOR, "family": Role.VISITOR, "peer": Role.PEER_SUPPORTER,
           "specialist": Role.SPECIALIST, "staff": Role.STAFF, "moderator": Role.MODERATOR, "admin": Role.ADMIN}


def test_the_roles_an_event_declares_agree_with_its_row():
    """An event that names who may send it (client_events.py) is FORBIDDEN to every other
    role of the matrix, and never FORBIDDEN to those it names."""
    limited = [e for e in CLIENT_EVENTS if e.roles is not None]
    assert len(limited) >= 5
    for event in limited:
        for ns in event.sent_on():
            row = MATRIX[(ns, event.name)]
            for column, role in ROLE_OF.items():
                if role in event.roles:
                    assert row[column] != "FORBIDDEN", (ns, event.name, column)
                else:
                    assert row[column] == "FORBIDDEN", (ns, event.name, column)


def _succeeds(answer: object) -> bool:
    return isinstance(answer, int) and 200 <= answer < 300


async def _rest_row(world, key: tuple[str, str], answers: dict) -> dict[str, int]:
    """Refusals change nothing, so those cells run at once; the cells expected to succeed
    (and so to change something) then run one after another."""
    refused = [r for r in EXEC_ORDER if not _succeeds(answers[r])]
    got = dict(zip(refused, await asyncio.gather(*(call_route(world, key, r, may_change=False) for r in refused))))
    for role in EXEC_ORDER:
        if role not in got:
            got[role] = await call_route(world, key, role, may_change=True)
    return got


def _mismatch_report(wrong: list) -> str:
    lines = [f"{len(wrong)} cells differ from the matrix:"]
    for key, role, expected, got in wrong:
        lines.append(f"  {key[0]} {key[1]} as {role}: expected {expected}, got {got}")
    return "\n".join(lines)


async def test_authorization_matrix(db_url, tmp_path):
    clocked, stop = await clocked_app(db_url, tmp_path)
    world = await build_world(clocked)
    sockets = Sockets(world, EXEC_ORDER)
    wrong = []
    try:
        await sockets.open_all()  # before REST: "revoked" connects, then its session ends
        for key, answers in MATRIX.items():
            if key in CALLS:
                got = await _rest_row(world, key, answers)
            else:
                # A second passes per event row, so the per-connection flood guards (20 or 60
                # events a second, on the fake clock) never mistake the matrix for a flood.
                clocked.clock.advance(1.0)
                got = {role: await sockets.outcome(key, role) for role in EXEC_ORDER}
            wrong += [(key, role, answers[role], got[role]) for role in ROLES if got[role] != answers[role]]
    finally:
        await sockets.close()
        await world.close()
        await stop()
    print(f"\nauthorisation matrix: {cell_count()} cells called")
    assert not wrong, _mismatch_report(wrong)
