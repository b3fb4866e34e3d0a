"""A live event in Chromium: the host (fake microphone) opens the room and speaks; an
attendee in another context enters without a name, listens with a receive-only connection and
hears the host (inbound-rtp packets grow, totalAudioEnergy > 0) without the page ever asking
for a microphone; raises a hand, is asked to speak by voice, accepts, and the host hears them.
A second attendee, listening all along without a microphone, then hears both voices at once:
two inbound audio streams (the event's voice slots), each with packets growing and energy.
The host pauses (the attendee sees the calm pause screen) and resumes.

Only 127.0.0.1 candidates leave either browser, the server offers only 127.0.0.1 and the
database is SQLite, so this runs in a loopback-only network namespace:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest tests/e2e/test_event_live.py'
"""
from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

import server.models  # noqa: F401  (every model registered, for the foreign keys)
from avatars.models import Account
from rooms.events import planning, registration
from rooms.events.models import EventOccurrence
from server.core.clock import SystemClock
from server.core.principal import Principal, Role
from tests.e2e.conftest import screenshot
from tests.e2e.event_steps import guest_in_page
from tests.e2e.test_consult_voice import INIT, poll_audio

pytestmark = [pytest.mark.e2e, pytest.mark.webrtc]
TOKYO = ZoneInfo("Asia/Tokyo")


def in_a_thread(coro_factory):
    """Run async set-up outside Playwright's own loop."""
    result: dict = {}

    def run() -> None:
        result["value"] = asyncio.run(coro_factory())

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return result["value"]


INBOUND_EACH = """async () => {
  const pc = window.__pcs[window.__pcs.length - 1];
  const found = [];
  if (pc) (await pc.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "audio") found.push({ packets: r.packetsReceived, energy: r.totalAudioEnergy || 0 });
  });
  return found;
}"""


def voices_flowing(page, seconds: float = 20.0) -> int:
    """How many inbound audio streams keep receiving packets with energy (two samples)."""
    deadline = time.monotonic() + seconds
    first = page.evaluate(INBOUND_EACH)
    best = 0
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        later = page.evaluate(INBOUND_EACH)
        before = {i: s for i, s in enumerate(first)}
        best = sum(1 for i, s in enumerate(later)
                   if s["packets"] > before.get(i, {"packets": 0})["packets"] and s["energy"] > before.get(i, {"energy": 0})["energy"])
        if best >= 2:
            return best
        first = later
    return best


def event_for(data_dir, attendee_ids: list[str]) -> str:
    """An event starting in five minutes (its door is open), hosted by the demo staff member,
    with the attendees registered: made by the events domain in the live server's database."""
    async def make() -> str:
        engine = create_async_engine(f"sqlite+aiosqlite:///{data_dir}/ibasho.db")
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        clock = SystemClock()
        start = (datetime.now(TOKYO) + timedelta(minutes=5)).replace(second=0, microsecond=0)
        async with sessions.begin() as db:
            staff_id = await db.scalar(select(Account.id).where(Account.nickname == "デモ相談員"))
            event = await planning.create(db, clock, Principal(staff_id, Role.STAFF), {
                "title_ja": "家族のつどい", "title_en": "Family gathering", "kind": "family_class",
                "audience": "everyone", "registration": "required", "place": "hall", "capacity": 20,
                "first_date": start.date().isoformat(), "start_time": start.strftime("%H:%M"),
                "duration_minutes": 90, "repeat": "none"}, [planning.HostChoice("デモ相談員", "host")])
            occurrence = (await db.scalars(select(EventOccurrence.id).where(EventOccurrence.event_id == event.id))).one()
        for attendee_id in attendee_ids:
            async with sessions.begin() as db:
                await registration.register(db, clock, Principal(attendee_id, Role.VISITOR), occurrence)
        await engine.dispose()
        return occurrence

    return in_a_thread(make)


def event_starting_soon(data_dir, attendee_id: str) -> str:
    return event_for(data_dir, [attendee_id])


HOST_LOGIN = """async () => {
  const r = await fetch("/api/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({nickname: "デモ相談員", passphrase: "demo-staff-pass"})});
  localStorage.setItem("ibasho.refresh_token", (await r.json()).refresh_token);
}"""


def host_and_guests(live_server, new_context, guests: int):
    """A signed-in host page and ``guests`` guest pages (each its own context, counting
    getUserMedia calls), an event starting soon with the guests registered, and a list that
    collects page errors: (occurrence, host, [guest pages], errors)."""
    base = live_server.url
    pages = []
    for _ in range(guests + 1):
        ctx = new_context()
        ctx.add_init_script(INIT)
        pages.append(ctx.new_page())
    errors: list[str] = []
    for page in pages:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    host, people = pages[0], pages[1:]
    accounts = []
    for page in people:
        accounts.append(guest_in_page(page, base)["account"])
    occurrence = event_for(live_server.env["IBASHO_DATA_DIR"], [a["id"] for a in accounts])
    host.goto(base + "/")
    host.evaluate(HOST_LOGIN)
    return occurrence, host, people, errors


def test_an_attendee_hears_the_host_without_a_microphone_then_speaks_when_asked(live_server, new_context):
    base = live_server.url
    occurrence, host, (attendee, second), errors = host_and_guests(live_server, new_context, 2)

    # The host opens the room and speaks with the (fake) microphone.
    host.goto(f"{base}/event/{occurrence}")
    host.get_by_role("button", name="会場に入る").click()
    host.get_by_role("heading", name="主催者の操作").wait_for()
    host.get_by_role("button", name="マイクを使って話す").click()
    host.get_by_role("button", name="マイクを切る").wait_for()

    # The attendee enters without a name and listens: audio arrives, no microphone is asked for.
    attendee.goto(f"{base}/event/{occurrence}")
    attendee.get_by_role("button", name="会場に入る").wait_for()
    screenshot(attendee, "event-door")
    attendee.get_by_role("button", name="会場に入る").click()
    attendee.get_by_text("いま 1 人が参加しています").wait_for()
    attendee.get_by_role("button", name="声を聞く").click()
    first, later = poll_audio(attendee)
    assert later["packets"] > first["packets"] and later["energy"] > 0
    assert attendee.evaluate("window.__gum") == 0  # listening never touched the microphone
    attendee.get_by_text("音声を聞いています（マイクは使っていません）").wait_for()
    assert attendee.get_by_text("主催者の操作").count() == 0  # no host controls, no attendee list
    screenshot(attendee, "event-attendee-listening")
    second.goto(f"{base}/event/{occurrence}")
    second.get_by_role("button", name="会場に入る").click()
    second.get_by_role("button", name="声を聞く").click()
    second.get_by_text("音声を聞いています（マイクは使っていません）").wait_for()

    # A raised hand, a request to speak, accepted: only now is the microphone used.
    attendee.get_by_role("button", name="手をあげる").click()
    attendee.get_by_text("あなたは 1 番目です").wait_for()
    queue = host.locator(".ev-queue li").first
    queue.get_by_role("button", name="声で話してもらう").wait_for()
    screenshot(host, "event-host-controls")
    queue.get_by_role("button", name="声で話してもらう").click()
    attendee.get_by_role("alertdialog").wait_for()
    screenshot(attendee, "event-attendee-asked")
    assert attendee.evaluate("window.__gum") == 0
    attendee.get_by_role("button", name="はい、話します").click()
    attendee.get_by_text("あなたの番です。マイクがオンになっています。").wait_for()
    for _ in range(100):  # asked for once accepted (after the ack), and only then
        if attendee.evaluate("window.__gum") == 1:
            break
        attendee.wait_for_timeout(100)
    assert attendee.evaluate("window.__gum") == 1
    first, later = poll_audio(host)  # the host's connection now carries the attendee's voice
    assert later["energy"] > first["energy"]
    # The second attendee hears the host and the attendee at once, on two slots, no microphone.
    assert voices_flowing(second) == 2
    assert second.evaluate("window.__gum") == 0

    # Pause: the attendee sees the calm screen; resume.
    host.get_by_role("button", name="すべて一時停止").click()
    attendee.get_by_text("主催者が会を一時停止しています").first.wait_for()
    screenshot(attendee, "event-attendee-paused")
    host.get_by_role("button", name="再開する").click()
    attendee.get_by_text("主催者が会を一時停止しています").first.wait_for(state="hidden")
    assert errors == []
