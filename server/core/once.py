"""Keyed one-way tokens for "this account has done this once" without saying who.

``once_token(secret, purpose, scope_id, account_id)`` is HMAC-SHA256 under a key derived from
the server secret and a purpose label. The server, holding the secret, can recompute it for a
caller and find the row; anyone with only the database cannot turn a token back into an
account (nor test a guess without the secret). Event feedback and anonymous surveys both use
it; their rows of answers carry no account and no link to the token.
"""
from __future__ import annotations

import hashlib
import hmac


def once_token(secret: str, purpose: bytes, scope_id: str, account_id: str) -> str:
    key = hmac.new(secret.encode(), purpose, hashlib.sha256).digest()
    return hmac.new(key, f"{scope_id}\x00{account_id}".encode(), hashlib.sha256).hexdigest()
