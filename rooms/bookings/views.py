"""What each side of a booking is shown. The person sees who they meet; the specialist
sees the person's nickname and how they describe themself, never an account id."""
from __future__ import annotations

from avatars.models import Account
from rooms.bookings.availability import Slot
from rooms.bookings.models import Booking
from rooms.bookings.policy import Side
from rooms.bookings.schedule import Specialist
from server.core.dates import iso

# Shown with a no-show or a cancellation by the specialist: an open door, never a reproach.
ANOTHER_TIME = {
    "ja": "またご都合のよいときに、別の時間を選んでいただけます。よろしければどうぞ。",
    "en": "Whenever it suits you, you can choose another time. Only if you would like to.",
}


def specialist_json(account: Account | Specialist) -> dict:
    return {"id": account.id, "nickname": account.nickname, "profession": account.profession}


def slot_json(slot: Slot, specialist: Specialist) -> dict:
    return {
        "specialist": specialist_json(specialist),
        "starts_at": iso(slot.starts_at),
        "ends_at": iso(slot.ends_at),
        "minutes": int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        "audience": slot.audience.value,
    }


def booking_json(booking: Booking, *, side: Side, specialist: Account, person: Account) -> dict:
    body = {
        "id": booking.id,
        "side": side.value,
        "status": booking.status,
        "starts_at": iso(booking.starts_at),
        "ends_at": iso(booking.ends_at),
        "minutes": int((booking.ends_at - booking.starts_at).total_seconds() // 60),
        "specialist": specialist_json(specialist),
        "profession": booking.profession,
        "note": booking.note,
        "cancel": None,
        "rescheduled_from": booking.rescheduled_from,
        "created_at": iso(booking.created_at),
    }
    if booking.cancelled_at is not None:
        body["cancel"] = {
            "by": booking.cancelled_by,
            "reason": booking.cancel_reason,
            "message": booking.cancel_message,
            "at": iso(booking.cancelled_at),
        }
    if side == Side.SPECIALIST:
        body["person"] = {"nickname": person.nickname, "kind": person.kind, "is_guest": person.is_guest}
    return body
