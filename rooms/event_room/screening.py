"""Where a live event's texts (chat, the label an attendee shows) meet the personal-information
shield. ``screen_event_text`` is the one plug: when the moderation shield
(``moderation.screen.screen(text) -> Screening(masked=...)``) lands, it returns the masked
text here instead of refusing. Until then, text that looks like contact details is refused
(NOTE_PERSONAL_INFO), as booking notes are."""
from __future__ import annotations

from moderation.personal_info import looks_like_contact_details
from server.core import text as texts
from server.core.errors import DomainError, ErrorCode


def screen_event_text(value: str, *, field: str) -> str:
    if looks_like_contact_details(value):
        raise DomainError(ErrorCode.NOTE_PERSONAL_INFO, field=field)
    return value


def chat_text(raw: object) -> str:
    return screen_event_text(texts.required(texts.CHAT, raw, field="text"), field="text")


def label_text(raw: object) -> str | None:
    """An attendee's chosen label; empty or absent: the anonymous silhouette."""
    value = texts.clean(texts.EVENT_LABEL, raw, field="label", optional=True)
    return screen_event_text(value, field="label") if value else None
