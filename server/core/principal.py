"""Who is acting: an authenticated account as the domain sees it."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(str, enum.Enum):
    VISITOR = "visitor"
    PEER_SUPPORTER = "peer_supporter"
    SPECIALIST = "specialist"
    STAFF = "staff"
    MODERATOR = "moderator"
    ADMIN = "admin"


class AccountKind(str, enum.Enum):
    """How a visitor describes themself; chosen by the person, never required."""

    UNSPECIFIED = "unspecified"
    INDIVIDUAL = "individual"  # 当事者
    FAMILY = "family"  # 家族
    SUPPORTER = "supporter"


class Profession(str, enum.Enum):
    PSYCHOLOGIST = "psychologist"
    PSYCHIATRIC_SOCIAL_WORKER = "psychiatric_social_worker"
    PUBLIC_HEALTH_NURSE = "public_health_nurse"
    LAWYER = "lawyer"
    CAREER_CONSULTANT = "career_consultant"


STAFF_ROLES = frozenset({Role.PEER_SUPPORTER, Role.SPECIALIST, Role.STAFF, Role.MODERATOR, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: str
    role: Role
    kind: AccountKind = AccountKind.UNSPECIFIED
    is_guest: bool = False
    session_id: str = ""
    nickname: str = ""

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES
