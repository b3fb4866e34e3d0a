"""The .ics of a booking: valid iCalendar, UTC times, a reminder, and no personal data."""
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from rooms.bookings.ics import booking_ics
from rooms.bookings.models import Booking

UTC = timezone.utc
NOW = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


def a_booking(**changes) -> Booking:
    fields = dict(
        id="b" * 32, specialist_id="s" * 32, person_id="p" * 32,
        starts_at=datetime(2026, 4, 6, 1, 0, tzinfo=UTC), ends_at=datetime(2026, 4, 6, 1, 50, tzinfo=UTC),
        slot_key="k", profession="psychologist", note="母のことで相談したいです", status="booked",
        created_at=NOW,
    )
    fields.update(changes)
    return Booking(**fields)


def parse(raw: bytes):
    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_event_times_are_utc_and_exact():
    raw = booking_ics(a_booking(), public_url="https://ibasho.example.org", now=NOW)
    calendar, event = parse(raw)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"])
    assert event["dtstart"].dt == datetime(2026, 4, 6, 1, 0, tzinfo=UTC)
    assert event["dtend"].dt == datetime(2026, 4, 6, 1, 50, tzinfo=UTC)
    assert b"DTSTART:20260406T010000Z" in raw and b"DTEND:20260406T015000Z" in raw
    assert event["dtstamp"].dt == NOW


def test_title_location_and_link():
    _, event = parse(booking_ics(a_booking(), public_url="https://ibasho.example.org/", now=NOW))
    assert str(event["summary"]) == "いばしょの相談 / Ibasho consultation"
    assert str(event["location"]).startswith("Ibasho (online)")
    assert str(event["url"]) == "https://ibasho.example.org/"
    assert "https://ibasho.example.org/" in str(event["description"])
    assert str(event["uid"]) == "b" * 32 + "@ibasho"
    assert str(event["status"]) == "CONFIRMED"


def test_reminder_alarm_fifteen_minutes_before():
    _, event = parse(booking_ics(a_booking(), public_url="https://x.example", now=NOW))
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm["trigger"].dt == -timedelta(minutes=15)
    assert str(alarm["description"])


def test_no_personal_data_in_the_file():
    booking = a_booking(note="母のことで相談したいです", profession="psychologist")
    raw = booking_ics(booking, public_url="https://x.example", now=NOW).decode()
    for secret in ("母のことで", "psychologist", "s" * 32, "p" * 32, "ATTENDEE", "ORGANIZER"):
        assert secret not in raw


def test_cancelled_booking_is_marked_and_has_no_alarm():
    _, event = parse(booking_ics(a_booking(status="cancelled", slot_key=None), public_url="https://x.example", now=NOW))
    assert str(event["status"]) == "CANCELLED"
    assert event.walk("VALARM") == []
