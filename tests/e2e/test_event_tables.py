"""Open mics at a table in Chromium: the host opens tables; an attendee who listens sees no
microphone control in the hall, sees 「マイクをオンにする」 only once seated at an open-mic
table, and the page never touches the microphone before that click (``window.__gum`` counts
getUserMedia calls; the fake-device switches stand in for the browser's prompt). After the
click a table-mate hears them (inbound-rtp packets and energy grow). She turns it off and on
again herself; the host mutes her (her next click is refused kindly) and switches the table to
"floor only", which takes the control away.

Loopback only (the browser's candidates and the server's are 127.0.0.1):
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest tests/e2e/test_event_tables.py'
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_consult_voice import poll_audio
from tests.e2e.test_event_live import host_and_guests

pytestmark = [pytest.mark.e2e, pytest.mark.webrtc]


def test_a_seated_attendee_turns_their_own_microphone_on_and_their_table_hears_it(live_server, new_context):
    base = live_server.url
    occurrence, host, (talker, mate), errors = host_and_guests(live_server, new_context, 2)
    host.goto(f"{base}/event/{occurrence}")
    host.get_by_role("button", name="会場に入る").click()
    host.get_by_role("heading", name="主催者の操作").wait_for()

    for page, label in ((talker, "ひまわり"), (mate, "")):
        page.goto(f"{base}/event/{occurrence}")
        page.get_by_label("話すときに見せる呼び名").fill(label)
        page.get_by_role("button", name="会場に入る").click()
        page.get_by_role("button", name="声を聞く").click()
        page.get_by_text("音声を聞いています（マイクは使っていません）").wait_for()
    mic_on = talker.get_by_role("button", name="マイクをオンにする")
    assert mic_on.count() == 0  # in the hall: no microphone control at all

    # The host opens two tables (open mic by default: the box is ticked).
    assert host.get_by_label("座った人が自分でマイクをオンにできるテーブルにする").is_checked()
    host.get_by_label("テーブル名（1行に1つ）").fill("30代の子の親\n40代の子の親")
    host.get_by_role("button", name="テーブルを開く").click()
    talker.get_by_role("heading", name="テーブル", exact=True).wait_for()
    assert mic_on.count() == 0  # tables open, but not seated yet
    for page in (talker, mate):
        page.locator(".ev-table").first.get_by_role("button", name="このテーブルに座る").click()
    mic_on.wait_for()
    assert talker.evaluate("window.__gum") == 0  # shown, not used: no prompt before the click
    talker.get_by_text("いまはだれもマイクを使っていません。").wait_for()
    screenshot(talker, "event-attendee-table")

    # The talker's own click: now (and only now) the microphone; the table-mate hears it.
    mic_on.focus()
    talker.keyboard.press("Enter")  # the keyboard works as well as a click
    talker.get_by_role("button", name="マイクをオフにする").wait_for()
    for _ in range(100):
        if talker.evaluate("window.__gum") == 1:
            break
        talker.wait_for_timeout(100)
    assert talker.evaluate("window.__gum") == 1
    assert talker.get_by_role("button", name="マイクをオフにする").get_attribute("aria-pressed") == "true"
    mate.get_by_text("ひまわり").first.wait_for()  # who speaks at my table: by the label chosen
    first, later = poll_audio(mate)
    assert later["packets"] > first["packets"] and later["energy"] > first["energy"]
    assert mate.evaluate("window.__gum") == 0  # the table-mate never needed a microphone
    assert host.get_by_text("マイク 1/3").count() == 1  # the host sees a count per table
    screenshot(talker, "event-attendee-table-mic-on")

    # Off by the talker's own click; on again (a second click, a second getUserMedia); then the
    # host mutes her from the attendee list: off, and her next click is refused kindly.
    talker.get_by_role("button", name="マイクをオフにする").click()
    mic_on.wait_for()
    mic_on.click()
    talker.get_by_role("button", name="マイクをオフにする").wait_for()
    host.locator(".ev-members li", has_text="マイクオン").get_by_role("button", name="マイクを止める").click()
    mic_on.wait_for()
    mic_on.click()
    talker.get_by_text("主催者があなたの声を止めています。").wait_for()

    # The host makes the table "floor only": the control goes away.
    host.get_by_role("button", name="発言の番だけにする").first.click()
    talker.get_by_text("このテーブルでは、主催者から発言の番をもらって話します。").wait_for()
    assert mic_on.count() == 0
    assert talker.evaluate("window.__gum") == 2  # once for each of her own two clicks that were let through
    assert errors == []
