"""The event registries: server/realtime/events.py is the one list of server -> client events
(docs/PROTOCOL.md documents exactly those, and each web client listens to exactly the events
its audience can receive there: no notification that nobody hears, no listener for nothing),
and server/realtime/client_events.py the one list of client -> server events (documented on
their namespace, each with its handler and payload model)."""
from __future__ import annotations

import inspect
import re
from collections import defaultdict
from pathlib import Path

import pytest

from server.core import text
from server.core.commands import TEXT_KIND_KEY, Command
from server.realtime import client_events, events
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
                                                    + js_list(WEB / "console" / "events.js", "NOTICE_EVENTS")
                                                    + js_list(WEB / "console" / "events.js", "REPORT_EVENTS")
                                                    + js_list(WEB / "console" / "events.js", "CRISIS_EVENTS")),
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


# -- client -> server: server/realtime/client_events.py ------------------------------------------

CLIENT_NAME = r"[a-z_]+(?::[a-z_]+)?"
CLIENT_MARK = r"client\s*(->|→)\s*server"


def documented_client_events() -> dict[str, set[str]]:
    """{namespace: event names} in docs/PROTOCOL.md's client -> server tables: a heading or a
    line saying "Client -> server", or a table whose first header cell says it, opens them
    inside a "## Namespace `/x`" section; "Server -> client" or a heading closes them. A row
    whose second cell says "client -> server, on any namespace" counts for ANY."""
    found: dict[str, set[str]] = defaultdict(set)
    namespace, open_ = None, False
    for line in (ROOT / "docs" / "PROTOCOL.md").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text.startswith("#"):
            if text.startswith("## "):
                named = re.search(r"Namespace `(/[a-z]+)`", text)
                namespace = named.group(1) if named else None
            open_ = bool(re.search(CLIENT_MARK, text, re.I))
        elif MARK.fullmatch(text):
            open_ = text.lower().startswith("client")
        elif text.startswith("|"):
            cells = [c.strip() for c in text.strip("|").split("|")]
            names = set(re.findall(rf"`({CLIENT_NAME})`", cells[0]))
            if re.fullmatch(CLIENT_MARK, cells[0], re.I):
                open_ = True
            elif len(cells) > 1 and re.match(rf"{CLIENT_MARK}, on any namespace", cells[1], re.I):
                found[client_events.ANY] |= names
            elif open_ and namespace:
                found[namespace] |= names
    return found


def test_every_client_event_is_documented_on_its_namespace_and_nothing_else():
    declared: dict[str, set[str]] = defaultdict(set)
    for event in client_events.CLIENT_EVENTS:
        declared[event.namespace].add(event.name)
    in_doc = documented_client_events()
    assert set(in_doc) == set(declared), "namespaces with client -> server events"
    for namespace, names in declared.items():
        assert names - in_doc[namespace] == set(), f"declared on {namespace} but not in docs/PROTOCOL.md"
        assert in_doc[namespace] - names == set(), f"in docs/PROTOCOL.md on {namespace} but not in client_events.py"


def test_every_client_event_has_a_handler_on_its_namespace():
    """Each row names a coroutine method of its namespace (the shell also refuses to start
    without one); the server's own events (session:renew) are answered by live access."""
    from server.realtime.consult import ConsultNamespace
    from server.realtime.desk import DeskNamespace
    from server.realtime.event import EventNamespace
    from server.realtime.live_access import RENEW_EVENT
    from server.realtime.space import SpaceNamespace

    classes = {SPACE: SpaceNamespace, DESK: DeskNamespace, CONSULT: ConsultNamespace, EVENT: EventNamespace}
    for event in client_events.CLIENT_EVENTS:
        if event.handler is client_events.SERVER:
            assert event.name == RENEW_EVENT and event.namespace == client_events.ANY
            continue
        for name in filter(None, (event.handler, event.unanswered)):
            assert inspect.iscoroutinefunction(getattr(classes[event.namespace], name, None)), (event.name, name)
        assert issubclass(event.payload, Command), event.name


def test_payload_models_take_free_text_limits_from_the_text_module():
    """No literal max_length on a free-text field of a socket payload: a ``str`` field is
    either a text_field (its kind's limit) or an identifier/token with a declared bound."""
    identifiers = {"session_id", "conversation_id", "message_id", "occurrence_id", "seat", "table_id", "request_id", "account_id", "to_account_id", "colleague_id",
                   "emote", "to", "token", "sdp"}
    for event in client_events.CLIENT_EVENTS:
        for field, info in event.payload.model_fields.items():
            if info.annotation not in (str, str | None):
                continue
            kind = (info.json_schema_extra or {}).get(TEXT_KIND_KEY) if isinstance(info.json_schema_extra, dict) else None
            if kind is not None:
                assert text.KINDS[kind].max_length in [getattr(m, "max_length", None) for m in info.metadata], field
            else:
                assert field in identifiers, f"{event.name}.{field}: free text must use text_field(kind)"
