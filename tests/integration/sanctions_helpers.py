"""Shared by the sanctions tests: the clocked app with moderators, people in the plaza with
real /space clients, and giving a sanction over the real REST API."""
from __future__ import annotations

from contextlib import asynccontextmanager

from server import keys
from tests.integration.consult_client import clocked_app
from tests.integration.space_client import SpaceClient

PLAZA = "plaza"


@asynccontextmanager
async def moderated_site(db_url: str, tmp_path, **settings):
    clocked, stop = await clocked_app(db_url, tmp_path, **settings)
    clients: list = []
    clocked.clients = clients
    try:
        yield clocked
    finally:
        for client in clients:
            await client.close()
        await stop()


async def staff(site, nickname: str, role: str) -> dict:
    login = await site.api.staff(site.app, nickname, role)
    site.logins.append(login)
    return login


async def in_plaza(site, login: dict | None = None, dx: float = 0.0, zone_id: str = PLAZA) -> tuple[SpaceClient, dict]:
    """A person (a new guest unless given) connected to /space and standing in the plaza zone
    (or ``zone_id``)."""
    login = login or await site.person()
    client = SpaceClient(site.url, login["access_token"])
    site.clients.append(client)
    await client.connect()
    login.setdefault("sockets", []).append(client)
    world = site.app[keys.SPACE].world
    zone = world.map.zone_by_id(zone_id)
    account = login["account"]
    for oy in range(0, int(zone.h), 16):
        for ox in range(0, int(zone.w), 16):
            x, y = zone.x + zone.w / 2 + dx + ox / 4, zone.y + zone.h / 2 + oy / 4
            if zone.contains(x, y) and not world.map.is_blocked_px(x, y):
                world.join(account["id"], nickname=account["nickname"], look_digest="x", status="open",
                           position=(x, y), instance_id=world.instance_of(account["id"]))
                return client, login
    raise AssertionError("no walkable spot in the plaza")


async def give(site, moderator: dict, person: dict, kind: str, *, expect: int = 201, **extra) -> dict:
    body = {"account_id": person["account"]["id"], "kind": kind, "reason_ja": "少しお休みしましょう。",
            "reason_en": "Let's take a short break.", **extra}
    status, reply = await site.api.call("POST", "/api/moderation/sanctions", json=body, token=moderator["access_token"])
    assert status == expect, reply
    return reply


async def call(site, login: dict, method: str, path: str, *, expect: int, json=None) -> dict:
    status, reply = await site.api.call(method, path, json=json, token=login["access_token"])
    assert status == expect, (status, reply)
    return reply
