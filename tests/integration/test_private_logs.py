"""The log scanner: malformed requests and forged paths sent over raw sockets leave log lines
with no address, no token, no header value and no line break of the sender's making."""
from __future__ import annotations

import asyncio
import logging


from tests.waiting import until

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.S1gNaTuR3-pr1vate"
HEADER_VALUE = "my-private-header-value"
FORGED = "FORGED-LINE"

RAW_REQUESTS = [
    b"GARBAGE\r\n\r\n",  # not HTTP at all
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",  # a version nobody speaks
    b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n",  # a control character in the target
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\x00\r\n\r\n".encode(),
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization Bearer {TOKEN}\r\n\r\n".encode(),  # no colon
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nBad Name: {TOKEN}\r\n\r\n".encode(),  # a space in the name
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nX-Long: {'a' * 20000}\r\n\r\n".encode(),
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nX-Private: {HEADER_VALUE}\r\nContent-Length: -1\r\n\r\n".encode(),
    f"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{HEADER_VALUE}\r\n".encode(),
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nX-Private: {HEADER_VALUE}\r\n Authorization: Bearer {TOKEN}\r\n\r\n".encode(),  # folding
    f"GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\nX-Private: {HEADER_VALUE}\r\n\r\n".encode(),
]

FORGED_PATHS = [
    f"/api/nothing%0a2026-01-01%2000:00:00,000%20INFO%20aiohttp.access:%20GET%20/{FORGED}%20200%201.0ms",
    f"/api/nothing%0d%0a{FORGED}",
    f"/api/nothing%0d{FORGED}",
    f"/space%e2%80%a8{FORGED}",  # U+2028, a line break for many log readers
    f"/api/nothing%1b[31m{FORGED}",  # a terminal escape
    f"/api/nothing?token={TOKEN}&x=%0a{FORGED}",  # the query is never logged
    f"/api/boards/posts/%0a{FORGED}%00",
]


async def send_raw(url: str, data: bytes) -> bytes:
    host, port = url.split("//", 1)[1].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(data)
        await writer.drain()
        return await asyncio.wait_for(reader.read(65536), 5)
    except ConnectionError:
        return b""
    finally:
        writer.close()


def scan(records: list[logging.LogRecord]) -> list[str]:
    """Every problem found in the captured log, one string each."""
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    problems = []
    for record in records:
        line = formatter.format(record)
        for secret in ("127.0.0.1", "::1", TOKEN, TOKEN[:20], "c2VjcmV0LXRva2Vu", HEADER_VALUE, "Bearer"):
            if secret in line:
                problems.append(f"{secret!r} in {line!r}")
        if any(ch in line for ch in ("\n", "\r", "\x1b", "\x00", "\u2028", "\u2029", "\x85")):
            problems.append(f"a line break or control character in {line!r}")
        if "Traceback" in line:
            problems.append(f"a traceback: {line!r}")
    return problems


async def test_malformed_requests_and_forged_paths_leave_clean_log_lines(running, caplog):
    """On both databases: a forged path's %00 once reached PostgreSQL and logged a traceback."""
    caplog.set_level(logging.DEBUG)
    for raw in RAW_REQUESTS:
        answer = await send_raw(running.url, raw)
        assert answer == b"" or answer[:12] in (b"HTTP/1.1 400", b"HTTP/1.0 400", b"HTTP/1.1 413", b"HTTP/1.1 431"), (raw[:40], answer[:80])
    for path in FORGED_PATHS:
        await send_raw(running.url, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    status, _ = await running.api.call("GET", "/api/me", token=TOKEN)  # a refused token is not logged either
    assert status == 401
    # the access line is written after the response: wait for the last one, the refused /api/me
    await until(lambda: any(r.getMessage().startswith("GET /api/me 401 ") for r in caplog.records), 5,
                what="the last access line")

    problems = scan(caplog.records)
    assert problems == [], "\n".join(problems)
    messages = [r.getMessage() for r in caplog.records]
    # the refusals are still logged, by kind; the forged paths appear escaped and on one line
    assert any("could not be read" in m and "BadStatusLine" in m for m in messages), messages
    assert any("\\n" in m and FORGED in m for m in messages if m.startswith("GET /api/nothing")), messages
    assert not any("?" in m or "token=" in m for m in messages if m.startswith("GET /api/nothing")), messages
