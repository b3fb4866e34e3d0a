"""A first visitor to `make run` always finds something bookable: at any hour of any day of
the week, each demo specialist has free times within the next day, for individuals and for
families alike (issue 15 item 10)."""
from datetime import datetime, timedelta, timezone

import pytest

from rooms.bookings.availability import free_slots
from rooms.bookings.demo import DEMO_WEEK, demo_rules
from server.core.principal import AccountKind

SPECIALISTS = {profession: f"spec-{profession}" for profession in DEMO_WEEK}
# A Monday 00:00 in Tokyo, as UTC; then every hour of the week.
MONDAY = datetime(2026, 12, 6, 15, 0, tzinfo=timezone.utc)
HOURS = [MONDAY + timedelta(hours=h, minutes=m) for h in range(7 * 24) for m in (0, 37)]


@pytest.mark.parametrize("kind", [AccountKind.INDIVIDUAL, AccountKind.FAMILY])
def test_every_hour_of_the_week_offers_each_specialist_within_a_day(kind):
    rules = demo_rules(SPECIALISTS)
    for now in HOURS:
        slots = free_slots(rules, (), start=now, end=now + timedelta(days=1), now=now, kind=kind)
        offered = {slot.specialist_id for slot in slots}
        assert offered == set(SPECIALISTS.values()), (now.isoformat(), kind)


def test_the_demo_week_names_only_known_specialists():
    assert demo_rules({}) == []
    only_one = demo_rules({"psychologist": "p"})
    assert only_one and {rule.specialist_id for rule in only_one} == {"p"}
