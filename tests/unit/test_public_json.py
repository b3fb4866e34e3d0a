"""Public JSON answers (issue 15 item 12): compressed only when large and accepted, the same
ETag whatever the encoding, 304 when the browser's copy is current."""
from __future__ import annotations

import gzip
import json

from aiohttp.test_utils import make_mocked_request

from server.http.public_json import MIN_COMPRESSED, public_json

LARGE = {"tiles": [{"kind": "grass", "color": "#9cc27a"}] * 100}
SMALL = {"ok": True}


def answer(data, **headers):
    return public_json(make_mocked_request("GET", "/api/x", headers=headers), data, cache="public, max-age=300")


def test_large_answers_are_gzipped_when_the_browser_takes_gzip():
    plain = answer(LARGE)
    packed = answer(LARGE, **{"Accept-Encoding": "gzip, br"})
    assert len(plain.body) >= MIN_COMPRESSED and "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.body) == plain.body
    assert json.loads(plain.body) == LARGE and plain.body == json.dumps(LARGE).encode()
    assert packed.headers["ETag"] == plain.headers["ETag"] and packed.headers["Vary"] == "Accept-Encoding"
    assert packed.headers["Cache-Control"] == "public, max-age=300"
    assert "Content-Encoding" not in answer(LARGE, **{"Accept-Encoding": "gzip;q=0"}).headers


def test_small_answers_stay_plain():
    small = answer(SMALL, **{"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers and json.loads(small.body) == SMALL


def test_a_current_copy_gets_304_without_a_body_and_a_changed_one_the_new_answer():
    tag = answer(LARGE).headers["ETag"]
    current = answer(LARGE, **{"If-None-Match": f'W/{tag}, "other"'})
    assert current.status == 304 and not current.body and current.headers["ETag"] == tag
    changed = answer({**LARGE, "more": 1}, **{"If-None-Match": tag})
    assert changed.status == 200 and changed.headers["ETag"] != tag
