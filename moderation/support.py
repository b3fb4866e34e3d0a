"""The support lines a person is shown when what they wrote sounds like a crisis, and the calm
notice around them: staff have been asked to look, and when staff are next there.

The operator configures the lines (``IBASHO_SUPPORT_LINES``, a JSON list of
{name_ja, name_en, phone?, url?, hours_ja?, hours_en?}); the demo list below holds national
Japanese public lines and is marked ``demo``: check every number and the hours before going
live, since they change. PURE: callers pass the clock's ``now`` and the desk's facts.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from server.core.dates import iso


@dataclass(frozen=True, slots=True)
class SupportLine:
    name_ja: str
    name_en: str
    phone: str | None = None
    url: str | None = None
    hours_ja: str | None = None
    hours_en: str | None = None

    def json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


DEMO_LINES: tuple[SupportLine, ...] = (
    SupportLine("よりそいホットライン", "Yorisoi Hotline", phone="0120-279-338", hours_ja="24時間", hours_en="24 hours"),
    SupportLine("いのちの電話（ナビダイヤル）", "Inochi no Denwa (lifeline)", phone="0570-783-556",
                hours_ja="10時〜22時", hours_en="10:00-22:00"),
    SupportLine("#いのちSOS", "#Inochi SOS", phone="0120-061-338", hours_ja="毎日（時間は公式サイトで確認）",
                hours_en="daily (see the official site for hours)"),
    SupportLine("こころの健康相談統一ダイヤル", "Mental health consultation line", phone="0570-064-556",
                hours_ja="自治体により異なる", hours_en="depends on the municipality"),
)
MAX_LINES = 10
_FIELD_LIMIT = 200


def parse_lines(raw: str) -> tuple[SupportLine, ...]:
    """``IBASHO_SUPPORT_LINES``; empty means the demo list. A mistake stops the server: a
    wrong crisis number must not go unnoticed."""
    if not raw.strip():
        return DEMO_LINES
    value = json.loads(raw)
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_LINES:
        raise ValueError(f"IBASHO_SUPPORT_LINES must be a JSON list of 1..{MAX_LINES} lines")
    lines = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) - set(SupportLine.__dataclass_fields__):
            raise ValueError("each support line is an object of name_ja, name_en, phone, url, hours_ja, hours_en")
        if not all(isinstance(v, str) and 0 < len(v) <= _FIELD_LIMIT for v in entry.values()):
            raise ValueError("support line fields are non-empty strings of at most 200 characters")
        if not entry.get("name_ja") or not entry.get("name_en") or not (entry.get("phone") or entry.get("url")):
            raise ValueError("a support line needs name_ja, name_en and a phone or a url")
        if entry.get("url") and not entry["url"].startswith("https://"):
            raise ValueError("a support line's url must start with https://")
        lines.append(SupportLine(**entry))
    return tuple(lines)


def crisis_notice(lines: tuple[SupportLine, ...], *, level: str, staffed_now: bool, next_staffed: datetime | None,
                  staff_asked: bool, timezone: str = "Asia/Tokyo") -> dict[str, Any]:
    """What the person sees: never a refusal, only the lines, and whether and when a person
    from the staff will look. ``next_staffed`` matters only when nobody is there now."""
    return {
        "level": level,
        "staff_asked": staff_asked,
        "staffed_now": staffed_now,
        "next_staffed_at": None if staffed_now else iso(next_staffed),
        "timezone": timezone,  # the desk's: "staff are next here at 18:00" in the operator's time
        "lines": [line.json() for line in lines],
        "demo": lines == DEMO_LINES,
    }
