"""Where a live event's texts meet the personal-information shield (moderation.screen).

Chat is posted with contact details masked (●●●), as the rest of a message stays as written:
nobody exposes themself by accident in front of a hall (the app's shield does the masking,
with the moderators' word lists, and raises a crisis alert when the words call for one:
server/realtime/event.py). A label (the name shown when speaking) that holds contact details
is refused instead (NOTE_PERSONAL_INFO): a masked name would mean nothing."""
from __future__ import annotations

from moderation.screen import personal_info
from server.core import text as texts
from server.core.errors import DomainError, ErrorCode


def chat_text(raw: object) -> str:
    """The chat text, checked (the namespace then runs it through the app's shield: contact
    details and "mask" words masked, crisis words heard)."""
    return texts.required(texts.CHAT, raw, field="text")


def label_text(raw: object) -> str | None:
    """An attendee's chosen label; empty or absent: the anonymous silhouette."""
    value = texts.clean(texts.EVENT_LABEL, raw, field="label", optional=True)
    if value and personal_info(value):
        raise DomainError(ErrorCode.NOTE_PERSONAL_INFO, field="label")
    return value or None
