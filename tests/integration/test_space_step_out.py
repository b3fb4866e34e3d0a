"""world:step_out (before going into a live event from the hall, docs/EVENTS.md): the avatar
leaves the map at once, never as an "away" avatar left standing for the reconnect grace; the
answer is a signed resume point, and coming back lands there, or beside whoever stands there
now. Real Socket.IO clients on SQLite and PostgreSQL."""
from __future__ import annotations

from server import keys
from tests.integration.space_client import SpaceClient
from tests.integration.test_space_realtime import enter


async def test_stepping_out_leaves_the_map_at_once_and_coming_back_lands_where_one_stood(running):
    watcher, _, _ = await enter(running)
    a, snap, login = await enter(running)
    a_id = snap["you"]["id"]
    try:
        await watcher.wait_for("world:batch", lambda b: any(x["id"] == a_id for x in b.get("enter", [])))
        watcher.clear()
        reply = await a.call("world:step_out", {})
        assert reply["ok"] and reply["data"]["left"] is True and reply["data"]["place"]
        gone = await watcher.wait_for("world:batch", lambda b: a_id in b.get("leave", []))
        assert not any(u["id"] == a_id for u in gone.get("update", []))  # no "away" in between
        assert running.app[keys.SPACE].world.profile(a_id) is None
        await a.disconnect()
        assert a_id not in running.app[keys.SPACE_NS].connections.departing  # no grace timer left

        # someone now stands on that very spot: back beside them, in the same zone, not at spawn
        world = running.app[keys.SPACE].world
        spot = (snap["you"]["x"], snap["you"]["y"])
        other, other_snap, _ = await enter(running)
        other_id = other_snap["you"]["id"]
        world.leave(other_id)
        world.join(other_id, nickname="X", look_digest="x", status="open", position=spot,
                   instance_id=snap["instance_id"])
        back = SpaceClient(running.url, login["access_token"], resume={"place": reply["data"]["place"]})
        again = await back.connect()
        try:
            assert (again["you"]["x"], again["you"]["y"]) != spot
            assert world.zone_of(a_id) == world.zone_of(other_id)
        finally:
            await back.disconnect()
            await other.disconnect()
    finally:
        await watcher.disconnect()

