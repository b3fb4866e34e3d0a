"""The event registry (server/realtime/events.py) is the one list of server -> client events:
docs/PROTOCOL.md documents exactly those, and each web client listens to exactly the events
its audience can receive there: no notification that nobody hears, no listener for nothing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from server.realtime import events
from server.realtime.events import (ATTENDEE, CONSOLE, CONSULT, DESK, EVENT, HOST, MEMBER, PERSON, SPACE, SPECIALIST,
                                    VISITOR, WORKER)

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web_client" / "src"
NAME = r"[a-z_]+:[a-z_]+"
MARK = re.compile(r"(server|client)\s*(->|→)\s*(client|server)", re.I)


def documented() -> set[str]:
    """Event names in docs/PROTOCOL.md's server -> client tables (a section or a line saying
    "Server -> client" opens them; a heading or "Client -> server" closes them), plus table rows
    whose second cell says "server -> client" (session:ended in the live-access table)."""
    found, open_ = set(), False
    for line in (ROOT / "docs" / "PROTOCOL.md").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("#"):
            open_ = bool(re.search(r"server\s*(->|→)\s*client", text, re.I))
        elif MARK.fullmatch(text):
            open_ = text.lower().startswith("server")
        elif text.startswith("|"):
            cells = [c.strip() for c in text.strip("|").split("|")]
            row_says = len(cells) > 1 and re.match(r"server\s*(->|→)\s*client", cells[1], re.I)
            if open_ or row_says:
                found |= set(re.findall(rf"`({NAME})`", cells[0]))
    return found


def js_list(path: Path, const: str) -> list[str]:
    """The names in `export const <const> = [...]` of a web client module."""
    match = re.search(rf"export const {const} = \[(.*?)\];", path.read_text(encoding="utf-8"), re.S)
    assert match, f"{path.name} has no list {const}"
    return re.findall(rf'"({NAME})"', match.group(1))


def socket_on(path: Path) -> set[str]:
    return set(re.findall(rf'socket\.on\("({NAME})"', path.read_text(encoding="utf-8")))


def handler_keys(path: Path) -> set[str]:
    """The event names of a console section's `handlers: {...}` table."""
    return set(re.findall(rf'^\s+"({NAME})": ', path.read_text(encoding="utf-8"), re.M))


# Every client hears session:ended through ui/session_keeper.js.
KEEPER = {"session:ended"}


def test_every_registered_event_is_documented_and_nothing_else():
    registered = set(events.BY_NAME)
    in_doc = documented()
    assert registered - in_doc == set(), "registered but not in docs/PROTOCOL.md"
    assert in_doc - registered == set(), "in docs/PROTOCOL.md but not in server/realtime/events.py"


def test_the_keeper_hears_session_ended_for_every_client():
    assert socket_on(WEB / "ui" / "session_keeper.js") == KEEPER
    for path in (WEB / "net.js", WEB / "console" / "live.js", WEB / "ui" / "panel_link.js"):
        assert "keepSession(" in path.read_text(encoding="utf-8"), path
    for path in (WEB / "ui" / "desk.js", WEB / "ui" / "consult.js", WEB / "ui" / "event_room.js"):  # the standalone panels keep theirs there
        assert "keepPanelSession(" in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(("client", "heard", "namespace", "audience"), [
    ("the space (net.js)", lambda: set(js_list(WEB / "net.js", "SERVER_EVENTS")), SPACE, {MEMBER}),
    ("the standalone desk page", lambda: socket_on(WEB / "ui" / "desk.js"), DESK, {VISITOR}),
    ("the standalone consult page", lambda: socket_on(WEB / "ui" / "consult.js"), CONSULT, {PERSON}),
    ("the specialist console on /desk", lambda: set(js_list(WEB / "console" / "events.js", "DESK_EVENTS")
                                                    + js_list(WEB / "console" / "events.js", "NOTICE_EVENTS")),
     DESK, {WORKER, CONSOLE}),
    ("the live event page (attendee and host)", lambda: socket_on(WEB / "ui" / "event_room.js"), EVENT, {ATTENDEE, HOST}),
    ("the specialist console on /consult", lambda: set(js_list(WEB / "console" / "events.js", "CONSULT_EVENTS")),
     CONSULT, {SPECIALIST}),
])
def test_each_client_listens_to_exactly_what_its_audience_can_receive(client, heard, namespace, audience):
    listens = heard() | KEEPER
    receivable = events.heard_by(namespace, audience)
    assert receivable - listens == set(), f"{client} misses events sent to it"
    assert listens - receivable == set(), f"{client} listens to events nobody sends it"


def test_the_console_sections_handle_exactly_their_lists():
    console = WEB / "console"
    assert handler_keys(console / "desk.js") == set(js_list(console / "events.js", "DESK_EVENTS"))
    assert handler_keys(console / "sessions.js") == set(js_list(console / "events.js", "CONSULT_EVENTS"))
    # the console's own sockets are opened only through live.js
    for path in console.glob("*.js"):
        assert not socket_on(path) - KEEPER, f"{path.name} listens outside its section's list"


def test_every_emitted_event_name_is_registered():
    """Event names the server code sends (a literal, or a module constant, given to an Emit or
    to socketio's emit) are all in the registry."""
    sent, named = set(), 0
    for folder in ("rooms", "server", "moderation", "avatars"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            constants = dict(re.findall(rf'^([A-Z_]+) = "({NAME})"', text, re.M))
            sent |= set(re.findall(rf'Emit\(.+?\), "({NAME})"', text))
            sent |= set(re.findall(rf'\.emit\("({NAME})"', text))
            for constant in re.findall(r"Emit\(.+?\), ([A-Z_]+)\b", text):
                if constant in constants:
                    sent.add(constants[constant])
                    named += 1
    assert named > 20 and len(sent) > 30  # the patterns still find the server's emits
    assert sent - set(events.BY_NAME) == set()
