"""Steps the events' browser tests share: the demo staff member in the console's Events
section, a guest made in a page (so its pages stay signed in), and a recorder of what a page
receives on the live event's namespace."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

STAFF = ("デモ相談員", "demo-staff-pass")


def console_events(page: Page, base: str) -> None:
    """Sign in to the console as the demo staff member and open its Events section."""
    page.goto(base + "/console")
    page.get_by_label("ニックネーム").fill(STAFF[0])
    page.get_by_label("あいことば").fill(STAFF[1])
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("navigation", name="コンソールのメニュー").get_by_role("link", name="催し").click()


def fill_weekly_family_class(page: Page, title: str, first: date, start: str, *, minutes: int, weeks: int):
    """Open the console's new-event form and fill it for a weekly family class for families
    (12 seats) from `first` at `start` (HH:MM, Japan time) for `weeks` more weeks; the
    caller adds what else it wants and creates it. Returns the form."""
    page.get_by_role("button", name="新しい催しを作る").click()
    form = page.locator("form.event-form")
    form.get_by_label("題名 (日本語)").fill(title)
    form.get_by_label("種類").select_option("family_class")
    form.get_by_label("対象").select_option("families")
    form.get_by_label("定員").fill("12")
    form.get_by_label("初回の日付").fill(first.isoformat())
    form.get_by_label("開始時刻 (日本時間)").fill(start)
    form.get_by_label("長さ (分)").fill(str(minutes))
    form.get_by_label("くり返し").select_option("weekly")
    form.get_by_label("最終日").fill((first + timedelta(weeks=weeks)).isoformat())
    return form


def guest_in_page(page: Page, base: str) -> dict:
    """A new guest whose refresh token the page keeps (as the space would): the answer of
    POST /api/auth/guest, with `account` and `access_token`."""
    page.goto(base + "/")
    return page.evaluate("""async () => {
      const r = await fetch("/api/auth/guest", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"});
      const body = await r.json();
      localStorage.setItem("ibasho.refresh_token", body.refresh_token);
      return body;
    }""")


EVENT_PACKET = re.compile(r"^\d+/event,\d*(.+)$", re.S)


def record_event_frames(page: Page) -> list[str]:
    """Every websocket frame the page receives from now on that belongs to the /event
    namespace (Socket.IO packets name it: `42/event,[...]`, acks `43/event,7[...]`), as its
    JSON with the text unescaped: the server writes Japanese as \\uXXXX, where a nickname
    searched for as written would never be found."""
    frames: list[str] = []

    def received(payload) -> None:
        packet = EVENT_PACKET.match(payload) if isinstance(payload, str) else None
        if packet:
            frames.append(json.dumps(json.loads(packet.group(1)), ensure_ascii=False))

    def watch(ws) -> None:
        ws.on("framereceived", received)

    page.on("websocket", watch)
    return frames


def enter_the_room(room, label: str = "") -> None:
    """At the live room's door: an optional label, then the explicit step in."""
    room.get_by_role("button", name="会場に入る", exact=True).wait_for()
    if label:
        room.get_by_label("話すときに見せる呼び名").fill(label)
    room.get_by_role("button", name="会場に入る", exact=True).click()
    expect(room.get_by_text("文字のやりとり").first).to_be_visible(timeout=15000)
