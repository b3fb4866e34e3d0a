"""The content security policy: sockets may connect to this site only (issue 10, item 8)."""
from __future__ import annotations

import pytest

from server.http.middlewares import content_security_policy


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


@pytest.fixture
def settings_overrides():
    return {"public_url": "https://ibasho.example.jp"}


@pytest.mark.parametrize("path", ["/", "/consult", "/api/avatars/catalogue"])
async def test_sockets_may_reach_only_this_site(running, path):
    async with running.api.http.get(running.url + path) as resp:
        policy = directives(resp.headers["Content-Security-Policy"])
    # Was "connect-src 'self' ws: wss:": a script could open a socket to any host.
    assert policy["connect-src"] == ["'self'", "wss://ibasho.example.jp"]
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]


@pytest.mark.parametrize("public_url, origin", [
    ("https://ibasho.example.jp", "wss://ibasho.example.jp"),
    ("https://ibasho.example.jp:8443/base", "wss://ibasho.example.jp:8443"),
    ("http://127.0.0.1:8080", "ws://127.0.0.1:8080"),
    ("HTTP://Ibasho.Example.JP", "ws://ibasho.example.jp"),
])
def test_the_public_urls_socket_origin_is_the_only_other_source(public_url, origin):
    assert directives(content_security_policy(public_url))["connect-src"] == ["'self'", origin]


@pytest.mark.parametrize("public_url", ["", "ibasho.example.jp", "ftp://ibasho.example.jp", "https://a b"])
def test_an_unusable_public_url_leaves_this_origin_only(public_url):
    assert directives(content_security_policy(public_url))["connect-src"] == ["'self'"]
