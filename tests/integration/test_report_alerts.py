"""Report alerts and the reports' clock on a FakeClock (SQLite and PostgreSQL): an urgent
report nobody claims within two minutes rings every staff-class console (the two-person rule);
a claimed or ordinary one never escalates; sealed snapshots are emptied after 30 days."""
from __future__ import annotations


import pytest

from server.core.clock import FakeClock
from server.realtime.report_alerts import SECONDS
from tests.conftest import serving
from tests.integration.report_helpers import NOW, console, in_plaza, mod_call, report, stored
from tests.waiting import advance


@pytest.fixture
async def clocked(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


async def beat(running, seconds: float) -> None:
    """Move the clock (the heartbeat runs once for beats it missed) and let that beat's
    database work finish before the test looks."""
    await advance(running.clock, seconds)


async def heard_all(*consoles) -> None:
    """A round trip on each console: what the server sent it before the answer has arrived."""
    for client in consoles:
        await client.call("desk:status")


async def test_an_unclaimed_urgent_report_rings_every_staff_console_after_two_minutes(clocked):
    api, app = clocked.api, clocked.app
    moderator = await api.staff(app, "みまもり", "moderator")
    specialist = await api.staff(app, "こころ先生", "specialist", "psychologist")
    peer = await api.staff(app, "ピア", "peer_supporter")
    mod_console, spec_console, peer_console = [await console(clocked, who) for who in (moderator, specialist, peer)]
    try:
        urgent = (await report(api, await api.guest(), category="unsafe_now"))["report"]["id"]
        ordinary = (await report(api, await api.guest(), category="harassment"))["report"]["id"]
        first = await mod_console.wait_for("report:alert", lambda d: d["id"] == urgent)
        assert first["urgent"] is True and first["escalated"] is False
        await beat(clocked, 115)
        await heard_all(spec_console, peer_console)
        assert "report:alert" not in spec_console.events and "report:alert" not in peer_console.events
        await beat(clocked, 10)
        for who in (spec_console, peer_console, mod_console):
            rung = await who.wait_for("report:alert", lambda d: d["escalated"])
            assert rung["id"] == urgent and rung["category"] == "unsafe_now"
        # Once only, and never for the ordinary one.
        await beat(clocked, 300)
        await heard_all(spec_console, mod_console)
        assert [d["id"] for d in spec_console.events["report:alert"]] == [urgent]
        assert ordinary not in [d["id"] for d in mod_console.events["report:alert"] if d["escalated"]]
        # A console that connects later reads what is still unclaimed.
        late = await api.staff(app, "おそばん", "moderator")
        alerts = (await mod_call(api, late, "GET", "/api/moderation/alerts"))["alerts"]
        assert [a["id"] for a in alerts] == [urgent, ordinary]
    finally:
        for client in (mod_console, spec_console, peer_console):
            await client.close()


async def test_a_claimed_urgent_report_does_not_escalate(clocked):
    api, app = clocked.api, clocked.app
    moderator = await api.staff(app, "みまもり", "moderator")
    specialist = await api.staff(app, "こころ先生", "specialist", "psychologist")
    spec_console = await console(clocked, specialist)
    try:
        urgent = (await report(api, await api.guest(), category="unsafe_now"))["report"]["id"]
        await beat(clocked, 60)
        await mod_call(api, moderator, "POST", f"/api/moderation/reports/{urgent}/claim")
        await spec_console.wait_for("report:claimed")
        await beat(clocked, 180)
        await heard_all(spec_console)
        assert "report:alert" not in spec_console.events
        assert (await stored(clocked))[0].escalated_at is None
    finally:
        await spec_console.close()


async def test_the_sealed_snapshot_is_purged_after_thirty_days(clocked):
    api, app = clocked.api, clocked.app
    moderator = await api.staff(app, "みまもり", "moderator")
    speaker, speaker_login = await in_plaza(clocked)
    reporter, reporter_login = await in_plaza(clocked)
    try:
        assert (await speaker.call("zone:say", {"text": "いやなことば"}))["ok"]
        said = await reporter.wait_for("chat:zone_message")
        report_id = (await report(api, reporter_login, kind="message", target_id=said["id"], place="zone"))["report"]["id"]
    finally:
        await speaker.close()
        await reporter.close()
    path = f"/api/moderation/reports/{report_id}"
    assert (await mod_call(api, moderator, "GET", path))["report"]["snapshot"]["lines"][0]["text"] == "いやなことば"
    await beat(clocked, 29 * 86400)
    moderator = await api.staff(app, "みまもり2", "moderator")  # tokens of a month ago have expired
    assert (await mod_call(api, moderator, "GET", path))["report"]["snapshot"] is not None
    await beat(clocked, 86400 + SECONDS)
    moderator = await api.staff(app, "みまもり3", "moderator")
    detail = (await mod_call(api, moderator, "GET", path))["report"]
    assert detail["snapshot"] is None and detail["snapshot_purge_at"] is None
    assert detail["category"] == "harassment" and detail["status"] == "received"  # the report itself stays
