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
