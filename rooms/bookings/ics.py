"""A calendar file (.ics) for one booking, with no personal data in it.

No nickname, note, profession or account id: a calendar file travels (phone sync, shared
family calendars), so it says only that there is an Ibasho consultation and when. Times
are UTC; the calendar app shows them in local time. A VALARM reminds 15 minutes ahead,
because Ibasho never asks for an e-mail address or phone number to remind anyone.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

from rooms.bookings.models import Booking

PRODID = "-//Ibasho//Consultations//JA"
TITLE = "いばしょの相談 / Ibasho consultation"
LOCATION = "Ibasho (online)"
REMIND_BEFORE = timedelta(minutes=15)


def description(public_url: str) -> str:
    return (
        f"少し前に {public_url} をひらいて、入ってきてください。話すのがむずかしいときは、文字だけでも大丈夫です。\n"
        f"Open {public_url} a few minutes before and come in. Text only is fine if talking feels hard."
    )


def booking_ics(booking: Booking, *, public_url: str, now: datetime) -> bytes:
    url = public_url.rstrip("/") + "/"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # The booking id is random and says nothing about anyone; it lets an update replace the event.
    event.add("uid", f"{booking.id}@ibasho")
    event.add("dtstamp", now)
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", TITLE)
    event.add("location", f"{LOCATION} {url}")
    event.add("url", url)
    event.add("description", description(url))
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if booking.status == "booked":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -REMIND_BEFORE)
        alarm.add("description", "まもなくいばしょの相談の時間です / Your Ibasho consultation starts soon")
        event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
