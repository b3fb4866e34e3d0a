"""Every pair of a booking's statuses, as a table: which step is allowed, and the stable
reason a refused one gives (rooms/bookings/states.py)."""
import pytest

from rooms.bookings.states import Status, may_move, require_move
from server.core.errors import DomainError, ErrorCode

B, X, C, N = Status.BOOKED, Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW

# (from, to): None when allowed, else the refusal's reason.
TABLE = {
    (B, B): "booked_to_booked", (B, X): None, (B, C): None, (B, N): None,
    (X, B): "cancelled", (X, X): "cancelled", (X, C): "cancelled", (X, N): "cancelled",
    (C, B): "completed_to_booked", (C, X): "completed_to_cancelled", (C, C): None,
    (C, N): "completed_to_no_show",
    (N, B): "no_show_to_booked", (N, X): "no_show_to_cancelled", (N, C): None, (N, N): None,
}


def test_the_table_covers_every_pair():
    assert set(TABLE) == {(a, b) for a in Status for b in Status}


@pytest.mark.parametrize(("here", "there"), sorted(TABLE, key=lambda p: (p[0].value, p[1].value)))
def test_each_pair(here, there):
    reason = TABLE[(here, there)]
    assert may_move(here, there) is (reason is None)
    assert may_move(here.value, there.value) is (reason is None)  # as stored in the row
    if reason is None:
        require_move(here, there)
        return
    with pytest.raises(DomainError) as refused:
        require_move(here, there)
    assert refused.value.code == ErrorCode.CONFLICT and refused.value.detail == {"reason": reason}


def test_an_unknown_status_is_a_bug_not_a_step():
    with pytest.raises(ValueError):
        may_move("archived", Status.BOOKED)
