"""Where a live event's texts meet the personal-information shield (moderation.screen).

Chat is posted with contact details masked (●●●), as the rest of a message stays as written:
nobody exposes themself by accident in front of a hall. A label (the name shown when
speaking) that holds contact details is refused instead (NOTE_PERSONAL_INFO): a masked name
would mean nothing. Crisis screening and the moderators' word lists are the moderation
work's to wire; this is the one place they plug in for events."""
from __future__ import annotations

from moderation.screen import personal_info, screen
from server.core import text as texts
from server.core.errors import DomainError, ErrorCode


def chat_text(raw: object) -> str:
    """The chat text as it will be shown: checked, then masked where it names contacts."""
    return screen(texts.required(texts.CHAT, raw, field="text"), crisis=False).masked


def label_text(raw: object) -> str | None:
    """An attendee's chosen label; empty or absent: the anonymous silhouette."""
    value = texts.clean(texts.EVENT_LABEL, raw, field="label", optional=True)
    if value and personal_info(value):
        raise DomainError(ErrorCode.NOTE_PERSONAL_INFO, field="label")
    return value or None
