"""Shared pieces of the report tests: a clocked server, people in the plaza, consoles on /desk."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from moderation.reports.models import Report
from server import keys
from tests.integration.recording_client import RecordingClient
from tests.integration.space_client import SpaceClient

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)


async def in_plaza(running, login: dict | None = None) -> tuple[SpaceClient, dict]:
    """Someone in the space (everyone arrives in the plaza); a fresh guest unless given."""
    login = login or await running.api.guest()
    client = SpaceClient(running.url, login["access_token"])
    await client.connect()
    return client, login


async def console(running, login: dict) -> RecordingClient:
    """A console's live link (the /desk namespace), as the console page keeps it open."""
    client = RecordingClient(running.url, "/desk")
    await client.open({"token": login["access_token"]})
    return client


async def report(api, login: dict, *, kind="person", target_id="x", place=None, category="harassment", comment=None,
                 expect=202) -> dict:
    target = {"kind": kind, "id": target_id, **({"place": place} if place else {})}
    body = {"target": target, "category": category, **({"comment": comment} if comment is not None else {})}
    status, answer = await api.call("POST", "/api/reports", token=login["access_token"], json=body)
    assert status == expect, answer
    return answer


async def stored(running) -> list[Report]:
    async with running.app[keys.DB_SESSIONS]() as db:
        return list((await db.execute(select(Report).order_by(Report.created_at))).scalars())


async def mod_call(api, login: dict, method: str, path: str, json=None, expect=200) -> dict:
    status, body = await api.call(method, path, token=login["access_token"], json=json)
    assert status == expect, body
    return body
