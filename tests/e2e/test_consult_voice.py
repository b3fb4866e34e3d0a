"""A person and a specialist hold a voice session in Chromium (two browser contexts, fake
microphones): the person goes to the waiting room and types, the knock and the message reach
the specialist's console, the specialist lets them in, both press "use voice", and each
receives the other's audio (getStats: inbound-rtp packets grow and totalAudioEnergy > 0).
The person's page never asks for the microphone before "use voice" is pressed.

Only 127.0.0.1 candidates leave either browser (an init script sets the voice client's
test-only filter), the server offers only 127.0.0.1, and the database is SQLite, so this
runs in a loopback-only network namespace (see tests/integration/test_consult_voice.py)."""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

import server.models  # noqa: F401  (every model registered, for the foreign keys)
from avatars.models import Account
from rooms.bookings.models import Booking
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.webrtc]

# In both contexts: count getUserMedia calls, keep every RTCPeerConnection for getStats,
# and let only 127.0.0.1 candidates out (the voice client's test hook).
INIT = """
window.ibashoVoiceOptions = { onlyAddresses: ["127.0.0.1"] };
window.__gum = 0;
window.__pcs = [];
const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (constraints) => { window.__gum += 1; return gum(constraints); };
const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(...args) { super(...args); window.__pcs.push(this); }
};
"""

INBOUND = """async () => {
  const pc = window.__pcs[window.__pcs.length - 1];
  if (!pc) return null;
  let found = null;
  (await pc.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "audio") found = { packets: r.packetsReceived, energy: r.totalAudioEnergy || 0 };
  });
  return found ? { ...found, state: pc.connectionState } : { state: pc.connectionState };
}"""


def book_now(data_dir, person_id: str, specialist_nickname: str, starts_in: timedelta = timedelta(minutes=5)) -> str:
    """A booking that starts in five minutes (or ``starts_in``: negative for one already
    under way), written straight into the live server's database (the booking flow itself is
    tested elsewhere; here only the time matters)."""
    engine = create_engine(f"sqlite:///{data_dir}/ibasho.db")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    start = now + starts_in
    with Session(engine) as db:
        specialist_id = db.scalar(select(Account.id).where(Account.nickname == specialist_nickname))
        booking = Booking(
            id=uuid.uuid4().hex, specialist_id=specialist_id, person_id=person_id, starts_at=start,
            ends_at=start + timedelta(minutes=30), slot_key=f"{specialist_id}@{start.isoformat()}",
            status="booked", created_at=now,
        )
        db.add(booking)
        db.commit()
        booking_id = booking.id
    engine.dispose()
    return booking_id


def poll_audio(page, seconds: float = 20.0) -> tuple[dict, dict]:
    """Two getStats samples: a first one with audio arriving, and a later one with more."""
    deadline = time.monotonic() + seconds
    first = None
    while time.monotonic() < deadline:
        stats = page.evaluate(INBOUND)
        if stats and stats.get("packets"):
            if first is None:
                first = stats
            elif stats["packets"] > first["packets"] and stats["energy"] > 0:
                return first, stats
        page.wait_for_timeout(250)
    raise AssertionError(f"no audio arrived: {page.evaluate(INBOUND)}")


def sign_in_console(page, base_url: str) -> None:
    page.goto(base_url + "/console#sessions")
    page.get_by_label("ニックネーム").fill("デモ心理士")
    page.get_by_label("あいことば").fill("demo-specialist-pass")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("heading", name="待合室と相談室", level=2).first.wait_for()


def test_a_person_and_a_specialist_talk_by_voice(live_server, new_context):
    base = live_server.url
    person_ctx = new_context()
    specialist_ctx = new_context()
    for ctx in (person_ctx, specialist_ctx):
        ctx.add_init_script(INIT)
    person = person_ctx.new_page()
    specialist = specialist_ctx.new_page()
    errors: list[str] = []
    for page in (person, specialist):
        page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The person enters Ibasho as a guest (as the booking dialog would have) and has a booking.
    person.goto(base + "/consult")
    guest = person.evaluate("""async () => {
      const r = await fetch("/api/auth/guest", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"});
      const body = await r.json();
      localStorage.setItem("ibasho.refresh_token", body.refresh_token);
      return body.account;
    }""")
    booking_id = book_now(live_server.env["IBASHO_DATA_DIR"], guest["id"], "デモ心理士")

    sign_in_console(specialist, base)
    specialist.get_by_text("いま待っている方はいません。").wait_for()

    # The waiting room: enter, type while waiting; the knock and the words reach the console.
    person.reload()
    person.get_by_role("button", name="待合室に入る").wait_for()
    screenshot(person, "consult-list")
    person.get_by_role("button", name="待合室に入る").click()
    person.get_by_role("heading", name="待合室").wait_for()
    person.get_by_label("待っているあいだに、書いておくこともできます（なくても大丈夫です）").fill("よろしくお願いします。少し緊張しています")
    person.get_by_role("button", name="送る").click()
    person.get_by_text("よろしくお願いします。少し緊張しています").wait_for()
    knock = specialist.locator(f'[data-session="{booking_id}"]')
    knock.get_by_text("よろしくお願いします。少し緊張しています").wait_for()
    assert knock.get_attribute("data-seen") == "false"

    specialist.get_by_role("radio", name="前の相談を終えるところ").check()
    person.get_by_role("status").get_by_text("専門家は、前の相談を終えるところです。少しお待ちください。").wait_for()
    screenshot(person, "consult-waiting")
    screenshot(specialist, "console-sessions-knock")

    # Let in: both are in the room; nothing has asked for a microphone yet.
    knock.get_by_role("button", name="部屋に招き入れる").click()
    person.get_by_role("heading", name="相談室", level=2).wait_for()
    room = specialist.locator(f'[data-room="{booking_id}"]')
    room.wait_for()
    assert person.evaluate("window.__gum") == 0 and specialist.evaluate("window.__gum") == 0
    assert person.locator(".cs-voice-badge").inner_text() == "声: オフ"

    # Text in the room.
    room.get_by_label("メッセージ").fill("こんにちは。ゆっくりで大丈夫ですよ")
    room.get_by_role("button", name="送る").click()
    person.get_by_text("こんにちは。ゆっくりで大丈夫ですよ").wait_for()

    # Voice: the person first, then the specialist.
    started = time.monotonic()
    person.get_by_role("button", name="声も使う").click()
    person.locator(".cs-voice-badge", has_text="声: オン").wait_for(timeout=15000)
    person_connected_ms = (time.monotonic() - started) * 1000
    assert person.evaluate("window.__gum") == 1
    room.get_by_role("button", name="声も使う").click()
    room.get_by_text("わたしの声: オン").wait_for(timeout=15000)
    assert specialist.evaluate("window.__gum") == 1

    for page in (person, specialist):  # each browser offered 127.0.0.1 only, and got only the server's
        sdp = page.evaluate("() => { const pc = window.__pcs.at(-1); return [pc.localDescription.sdp, pc.remoteDescription.sdp]; }")
        for description in sdp:
            addresses = {line.split()[4] for line in description.split("\r\n") if line.startswith("a=candidate:")}
            assert addresses <= {"127.0.0.1"}, addresses

    # Each side receives audio: inbound packets grow and carry energy (the fake microphone beeps).
    person_first, person_later = poll_audio(person)
    specialist_first, specialist_later = poll_audio(specialist)
    assert person_later["packets"] > person_first["packets"] and person_later["energy"] > 0
    assert specialist_later["packets"] > specialist_first["packets"] and specialist_later["energy"] > 0

    # The clear indicator on both sides.
    person.get_by_text("専門家の声: オン").wait_for()
    room.get_by_text("相談する方の声: オン").wait_for()
    screenshot(person, "consult-room-voice-on")
    specialist.get_by_role("heading", name="相談室").first.scroll_into_view_if_needed()
    screenshot(specialist, "console-sessions-room")
    print(f"\nperson: 'use voice' clicked -> voice on in {person_connected_ms:.0f} ms")

    # Push-to-talk: the microphone track is live only while the button (or Space) is held.
    sending = "() => window.__pcs.at(-1).getSenders()[0].track.enabled"
    person.get_by_label("押している間だけ話す").check()
    assert person.evaluate(sending) is False
    talk = person.get_by_role("button", name="押して話す")
    assert talk.evaluate("(el) => el === document.activeElement")  # Space talks at once
    person.keyboard.down("Space")
    assert person.evaluate(sending) is True
    person.get_by_role("button", name="話しています").wait_for()
    person.keyboard.up("Space")
    assert person.evaluate(sending) is False
    talk.hover()
    person.mouse.down()
    assert person.evaluate(sending) is True
    person.mouse.up()
    assert person.evaluate(sending) is False
    person.get_by_label("押している間だけ話す").uncheck()
    assert person.evaluate(sending) is True

    # Mute shows on the other side; then the person ends and the room closes for both.
    person.get_by_role("button", name="ミュート", exact=True).click()
    room.get_by_text("相談する方の声: ミュート中").wait_for()
    person.get_by_role("button", name="相談を終える").click()
    person.get_by_role("button", name="はい、終える").click()
    person.get_by_role("heading", name="相談が終わりました").wait_for()
    specialist.get_by_text("いま開いている相談室はありません。").wait_for()
    assert person.evaluate("window.__pcs.at(-1).connectionState") == "closed"
    assert errors == []
