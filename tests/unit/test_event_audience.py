"""Who an event admits, from what people declare about themselves: a table per audience."""
from __future__ import annotations

import pytest

from rooms.events.audience import AUDIENCES, SelfDescription, admits
from server.core.principal import Role

V = Role.VISITOR
PEOPLE = {
    "unspecified": SelfDescription("unspecified", False, V),
    "individual": SelfDescription("individual", False, V),
    "family": SelfDescription("family", False, V),
    "supporter": SelfDescription("supporter", False, V),
    "woman_family": SelfDescription("family", True, V),
    "woman_unspecified": SelfDescription("unspecified", True, V),
    "peer": SelfDescription("unspecified", False, Role.PEER_SUPPORTER),
    "staff": SelfDescription("unspecified", False, Role.STAFF),
}
TABLE = {  # audience -> who is admitted
    "everyone": set(PEOPLE),
    "individuals": {"individual"},
    "families": {"family", "woman_family"},
    "supporters": {"supporter", "peer", "staff"},
    "women": {"woman_family", "woman_unspecified"},
}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_admits_exactly_its_people(audience):
    assert {name for name, who in PEOPLE.items() if admits(audience, who)} == TABLE[audience]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_hosts_are_always_admitted(audience):
    assert all(admits(audience, who, is_host=True) for who in PEOPLE.values())


def test_an_unknown_audience_admits_nobody():
    assert not any(admits("martians", who) for who in PEOPLE.values())
