"""Failed logins slow the guessing client, never the owner elsewhere."""
import pytest

from avatars.login_guard import LoginGuard
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode


def refused_for(guard: LoginGuard, name: str, client: str) -> int:
    with pytest.raises(DomainError) as err:
        guard.check(name, client)
    assert err.value.code is ErrorCode.TOO_MANY_ATTEMPTS
    return err.value.detail["retry_after"]


def test_the_pair_is_slowed_the_owner_elsewhere_is_not():
    clock = FakeClock()
    guard = LoginGuard(clock, per_pair=5, window_s=900)
    for _ in range(5):
        assert guard.check("owner", "stranger") == 0
        guard.failed("owner", "stranger")
    assert refused_for(guard, "owner", "stranger") == 180  # one try back every 900/5 s
    assert guard.check("owner", "home") == 0
    clock.advance(180)
    assert guard.check("owner", "stranger") == 0


def test_success_forgets_only_that_clients_failures():
    guard = LoginGuard(FakeClock(), per_pair=2)
    guard.failed("a", "c1")
    guard.failed("a", "c2")
    guard.succeeded("a", "c1")
    guard.failed("a", "c1")
    guard.failed("a", "c2")
    assert guard.check("a", "c1") == 0
    refused_for(guard, "a", "c2")


def test_a_hot_account_is_delayed_for_everyone_but_never_refused():
    guard = LoginGuard(FakeClock(), per_pair=5, per_account=10, account_delay_s=1.5)
    for n in range(10):
        guard.failed("hot", f"client{n}")
    assert guard.check("hot", "owner") == 1.5
    assert guard.check("cold", "owner") == 0


def test_one_client_over_many_accounts_is_refused():
    guard = LoginGuard(FakeClock(), per_client=3)
    for n in range(3):
        guard.failed(f"name{n}", "c")
    refused_for(guard, "name-new", "c")
