"""What each seat of a live session sees: pure renderings of a ``Session`` as JSON.

Never an account id: the specialist never learns the person's, and the seat says enough.
The views that depend on other sessions (the specialist's status) stay in ``live``.
"""
from __future__ import annotations

from typing import Any

from rooms.chat import ChatMessage
from rooms.live_consultations import rules
from rooms.live_consultations.rules import Seat, iso
from rooms.live_consultations.session import Colleague, Session


def seat_of_sender(session: Session, sender_id: str) -> str:
    if sender_id == session.facts.person_id:
        return Seat.PERSON.value
    if sender_id == session.facts.specialist_id:
        return Seat.SPECIALIST.value
    return Seat.COLLEAGUE.value


def nickname(session: Session, seat: Seat) -> str:
    if seat == Seat.PERSON:
        return session.facts.person_nickname
    if seat == Seat.SPECIALIST:
        return session.facts.specialist_nickname
    return session.colleague.nickname if session.colleague else ""


def message_json(session: Session, message: ChatMessage) -> dict[str, Any]:
    return {
        "session_id": session.id, "id": message.id, "from": seat_of_sender(session, message.sender_id),
        "nickname": message.sender_nickname, "text": message.text, "sent_at": message.sent_at_ms,
    }


def messages(session: Session) -> list[dict[str, Any]]:
    return [message_json(session, m) for m in session.messages]


def colleague_json(colleague: Colleague) -> dict[str, Any]:
    return {"nickname": colleague.nickname, "profession": colleague.profession}


def times(session: Session) -> dict[str, Any]:
    opens_at, _ = rules.waiting_window(session.facts)
    return {"starts_at": iso(session.facts.starts_at), "ends_at": iso(session.facts.ends_at), "opens_at": iso(opens_at)}


def person_json(session: Session) -> dict[str, Any]:
    facts = session.facts
    return {"nickname": facts.person_nickname, "kind": facts.person_kind, "is_guest": facts.person_is_guest}


def waiting_entry(session: Session) -> dict[str, Any]:
    """A line of the specialist's waiting list (never the person's account id)."""
    return {
        "session_id": session.id, "phase": session.phase.value, **times(session),
        "person": person_json(session),
        "arrived_at": iso(session.arrived_at), "knocked_at": iso(session.knocked_at),
        "seen": session.seen_at is not None, "connected": session.person_present,
        "messages": messages(session),
    }


def participants(session: Session, seat: Seat) -> list[dict[str, Any]]:
    facts = session.facts
    found = [
        {"seat": Seat.PERSON.value, "nickname": facts.person_nickname, "you": seat == Seat.PERSON},
        {"seat": Seat.SPECIALIST.value, "nickname": facts.specialist_nickname,
         "profession": facts.specialist_profession, "you": seat == Seat.SPECIALIST},
    ]
    if session.colleague_id is not None:
        found.append({"seat": Seat.COLLEAGUE.value, "nickname": session.colleague.nickname,
                      "profession": session.colleague.profession, "you": seat == Seat.COLLEAGUE})
    return found


def consent_json(session: Session) -> dict[str, Any]:
    pending = session.colleague is not None and not session.consented
    return {
        "state": "given" if session.consented else "pending" if pending else "none",
        "colleague": colleague_json(session.colleague) if session.colleague else None,
    }


def room_view(session: Session, seat: Seat) -> dict[str, Any]:
    view = {
        "session_id": session.id, "phase": session.phase.value, "seat": seat.value, **times(session),
        "admitted_at": iso(session.admitted_at) if session.admitted_at else None,
        "participants": participants(session, seat),
        "consent": consent_json(session),
        "messages": messages(session),
    }
    if seat != Seat.PERSON:
        view["person"] = person_json(session)
    return view
