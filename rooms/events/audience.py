"""Who an event is for, decided from what people say about themselves. The product cannot
verify any of it and says so; hosts may ask someone to leave (admission.remove_from_occurrence)."""
from __future__ import annotations

from dataclasses import dataclass

from server.core.principal import STAFF_ROLES, Role

AUDIENCES = ("everyone", "individuals", "families", "supporters", "women")


@dataclass(frozen=True, slots=True)
class SelfDescription:
    kind: str  # the account's kind: unspecified | individual | family | supporter
    woman: bool
    role: Role


def admits(audience: str, who: SelfDescription, *, is_host: bool = False) -> bool:
    """Hosts and co-hosts are always in; everyone else by the audience's one rule."""
    if is_host or audience == "everyone":
        return True
    if audience == "individuals":
        return who.kind == "individual"
    if audience == "families":
        return who.kind == "family"
    if audience == "supporters":
        return who.kind == "supporter" or who.role in STAFF_ROLES
    if audience == "women":
        return who.woman
    return False
