"""A body field the domain bounds (a new passphrase) carries the domain's limit into the
request model and OpenAPI, and a value over it gets the domain's own refusal, as a value the
domain refuses for any other reason does (not a generic INVALID)."""
from __future__ import annotations

import pytest

from avatars import passphrases
from server.core.errors import DomainError, ErrorCode
from server.http.account_routes import KeepBody, PassphraseChangeBody, RecoverBody
from server.http.admin_routes import CreateUserBody
from server.http.bodies import Command, checked_field, parse_command

NEW_PASSPHRASE = {
    KeepBody: ({"nickname": "よる"}, "passphrase"),
    RecoverBody: ({"nickname": "よる", "recovery_code": "K7QF-2MZX-P9HD-4WTA"}, "new_passphrase"),
    PassphraseChangeBody: ({"current_passphrase": "old-pass-123"}, "new_passphrase"),
    CreateUserBody: ({"nickname": "よる", "role": "staff"}, "passphrase"),
}


@pytest.mark.parametrize("model", list(NEW_PASSPHRASE), ids=lambda m: m.__name__)
def test_a_new_passphrase_has_the_domains_limit_and_refusal(model):
    rest, name = NEW_PASSPHRASE[model]
    assert model.model_json_schema()["properties"][name]["maxLength"] == passphrases.MAX_LENGTH
    assert getattr(parse_command(model, {**rest, name: "p" * passphrases.MAX_LENGTH}), name)
    for length in (passphrases.MAX_LENGTH + 1, 5000):
        with pytest.raises(DomainError) as refused:
            parse_command(model, {**rest, name: "p" * length})
        # exactly what the domain says about it
        with pytest.raises(DomainError) as domain:
            passphrases.validate_passphrase("p" * length)
        assert (refused.value.code, refused.value.field) == (domain.value.code, domain.value.field)
        assert refused.value.code is ErrorCode.PASSPHRASE_WEAK


def test_other_refusals_stay_invalid():
    with pytest.raises(DomainError) as refused:
        parse_command(KeepBody, {"nickname": "よる", "passphrase": 12345678})
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID, "passphrase")


def test_a_check_that_lets_the_value_pass_still_leaves_it_refused():
    class Loose(Command):
        word: str = checked_field(3, lambda value: value)

    with pytest.raises(DomainError) as refused:
        parse_command(Loose, {"word": "four"})
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID, "word")
