import base64
import json

import jwt
import pytest

from server.auth import TokenSigner
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode

SECRET = "s" * 64  # as long as the server's own secret.key (token_urlsafe(48))


def signer(clock=None):
    return TokenSigner(SECRET, clock or FakeClock(), access_minutes=15)


def issue(s):
    return s.issue_access(account_id="acc", session_id="sid", role="visitor", token_version=3)


def test_round_trip():
    s = signer()
    claims = s.verify_access(issue(s))
    assert (claims.account_id, claims.session_id, claims.role, claims.token_version) == ("acc", "sid", "visitor", 3)


def test_expired_token_is_refused():
    clock = FakeClock()
    s = signer(clock)
    token = issue(s)
    clock.advance(15 * 60 + 10)
    with pytest.raises(DomainError) as err:
        s.verify_access(token)
    assert err.value.code == ErrorCode.TOKEN_EXPIRED


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forged_tokens():
    s = signer()
    good = issue(s)
    header, payload, sig = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    admin = dict(claims, role="admin")
    yield "alg none", f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(admin)}."
    yield "tampered payload", f"{header}.{_b64(admin)}.{sig}"
    yield "other secret", jwt.encode(claims, "x" * 64, algorithm="HS256")
    yield "HS512", jwt.encode(claims, SECRET, algorithm="HS512")
    yield "wrong typ", jwt.encode(dict(claims, typ="refresh"), SECRET, algorithm="HS256")
    no_sid = dict(claims)
    del no_sid["sid"]
    yield "missing sid", jwt.encode(no_sid, SECRET, algorithm="HS256")
    yield "garbage", "not.a.token"
    yield "empty", ""
    yield "huge", "a" * 5000
    yield "not a string", 42


@pytest.mark.parametrize("label, token", list(_forged_tokens()), ids=[l for l, _ in _forged_tokens()])
def test_forged_tokens_are_refused(label, token):
    with pytest.raises(DomainError) as err:
        signer().verify_access(token)
    assert err.value.code == ErrorCode.TOKEN_INVALID


def test_short_secret_is_refused():
    with pytest.raises(ValueError):
        TokenSigner("short", FakeClock())


# -- the appeal token of a suspended login: single purpose, not a session ------------------------

def test_an_appeal_token_names_one_sanction_and_is_no_access_token():
    s = signer()
    token = s.issue_appeal(account_id="acc", sanction_id="san1")
    assert s.verify_appeal(token) == ("acc", "san1")
    with pytest.raises(DomainError) as e:
        s.verify_access(token)
    assert e.value.code is ErrorCode.TOKEN_INVALID
    with pytest.raises(DomainError) as e:
        s.verify_appeal(issue(s))  # an access token is no appeal token either
    assert e.value.code is ErrorCode.TOKEN_INVALID


def test_an_appeal_token_expires_after_thirty_minutes():
    clock = FakeClock()
    s = signer(clock)
    token = s.issue_appeal(account_id="acc", sanction_id="san1")
    clock.advance(29 * 60)
    assert s.verify_appeal(token)
    clock.advance(2 * 60)
    with pytest.raises(DomainError) as e:
        s.verify_appeal(token)
    assert e.value.code is ErrorCode.TOKEN_EXPIRED


@pytest.mark.parametrize("bad", [None, "", "x" * 3000, "not.a.token", 42])
def test_a_malformed_appeal_token_is_refused(bad):
    with pytest.raises(DomainError) as e:
        signer().verify_appeal(bad)
    assert e.value.code is ErrorCode.TOKEN_INVALID


def test_an_appeal_token_signed_with_another_key_is_refused():
    forged = TokenSigner("t" * 64, FakeClock()).issue_appeal(account_id="acc", sanction_id="san1")
    with pytest.raises(DomainError):
        signer().verify_appeal(forged)
