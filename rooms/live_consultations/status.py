"""What a waiting person is told about their specialist: ready, finishing a previous
session, running late (optionally with minutes), or, when the specialist has said nothing
yet, a calm "on the way" derived from what the server knows."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from server.core.errors import DomainError, ErrorCode

MAX_LATE_MINUTES = 120


class SpecialistStatus(str, enum.Enum):
    READY = "ready"
    FINISHING_PREVIOUS = "finishing_previous"
    RUNNING_LATE = "running_late"
    ON_THE_WAY = "on_the_way"  # derived only: never chosen


CHOOSABLE = frozenset({SpecialistStatus.READY, SpecialistStatus.FINISHING_PREVIOUS, SpecialistStatus.RUNNING_LATE})


@dataclass(frozen=True, slots=True)
class Said:
    """A status the specialist chose, with when."""

    status: SpecialistStatus
    minutes: int | None
    since: datetime


def parse_choice(status: object, minutes: object) -> tuple[SpecialistStatus | None, int | None]:
    """``None`` status = "automatic" (let the server derive it). Minutes only when running late."""
    if status is None or status == "auto":
        return None, None
    try:
        chosen = SpecialistStatus(status)
    except ValueError:
        raise DomainError(ErrorCode.INVALID, field="status") from None
    if chosen not in CHOOSABLE:
        raise DomainError(ErrorCode.INVALID, field="status")
    if minutes is None:
        return chosen, None
    if chosen != SpecialistStatus.RUNNING_LATE:
        raise DomainError(ErrorCode.INVALID, field="minutes", detail={"reason": "only_when_late"})
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_LATE_MINUTES:
        raise DomainError(ErrorCode.INVALID, field="minutes", detail={"reason": "out_of_range", "max": MAX_LATE_MINUTES})
    return chosen, minutes


def derive(said: Said | None, *, in_another_room: bool, present: bool) -> tuple[SpecialistStatus, int | None]:
    """The specialist's own words win; otherwise: in another session -> finishing it;
    here -> ready; not connected yet -> on the way."""
    if said is not None:
        return said.status, said.minutes
    if in_another_room:
        return SpecialistStatus.FINISHING_PREVIOUS, None
    if present:
        return SpecialistStatus.READY, None
    return SpecialistStatus.ON_THE_WAY, None
