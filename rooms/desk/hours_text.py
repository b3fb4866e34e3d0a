"""Weekly opening hours as a short Markdown list people read (ja/en), e.g.

    - 月〜金 10:00〜17:00
    - 火・木 19:00〜21:00

Days sharing the same window are grouped; three or more days in a row read as a range.
A window that ends at midnight reads 24:00 (not 00:00, which would look like the morning).
"""
from __future__ import annotations

from collections.abc import Iterable

DAY_NAMES = {"ja": "月火水木金土日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
RANGE = {"ja": "〜", "en": "-"}
JOIN = {"ja": "・", "en": ", "}


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def days_text(days: list[int], lang: str) -> str:
    names = DAY_NAMES[lang]
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [f"{names[run[0]]}{RANGE[lang]}{names[run[-1]]}" if len(run) >= 3 else JOIN[lang].join(names[d] for d in run)
             for run in runs]
    return JOIN[lang].join(parts)


def hours_markdown(weekly: Iterable[tuple[int, int, int]], lang: str) -> str:
    """``weekly``: (weekday 0 = Monday, start minute, end minute) rows, local time."""
    by_window: dict[tuple[int, int], list[int]] = {}
    for weekday, start, end in weekly:
        by_window.setdefault((start, end), []).append(weekday)
    lines = sorted(by_window.items(), key=lambda item: (min(item[1]), item[0]))
    return "\n".join(
        f"- {days_text(days, lang)} {clock_text(start)}{RANGE[lang]}{clock_text(end)}" for (start, end), days in lines
    )
