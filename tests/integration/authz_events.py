"""How the authorisation matrix sends each Socket.IO event, and what it makes of the answer.

Every role holds one real python-socketio connection per namespace. Payloads are valid and
name objects the caller does not own (someone else's desk conversation, consultation, space
request and conversation, and a hidden person), so the answers show object-level checks. The
extra role ``revoked`` is a kept visitor whose session was ended (logout) after connecting.
"""
from __future__ import annotations

from typing import Any

import socketio

from server.realtime.client_events import CLIENT_EVENTS, NAMESPACES
from tests.integration.authz_world import World
from tests.integration.recording_client import RecordingClient
from tests.waiting import within

CONNECT = "connect"
REFUSED = "refused"  # connection refused, closed, or an event answered as unauthenticated
AUTH_CODES = frozenset({"UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED"})
# Not a real SDP: nobody in the matrix is seated, so the offer is refused before it is read.
SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"


def _here(world: World, role: str) -> dict:
    you = world.positions[role]
    return {"x": you["x"], "y": you["y"], "dir": "down"}


def _renew(world: World, role: str) -> dict:
    """A fresh access token of the same session (the socket's own token is still valid)."""
    return {"token": world.token(role) or "none"}


def _session(name: str):
    return lambda world, role: {"session_id": world.ids[name]}


def _occurrence(extra: dict):
    """The event under way in the world (neither its host nor its attendee is a matrix role);
    ``SEAT`` stands for its attendee's seat."""
    def payload(world: World, role: str) -> dict:
        data = {k: world.ids["seat"] if v == "SEAT" else v for k, v in extra.items()}
        return {"occurrence_id": world.ids["occurrence"], **data}
    return payload


PAYLOADS: dict[tuple[str, str], Any] = {
    ("/space", "world:snapshot"): {},
    ("/space", "world:move"): _here,
    ("/space", "presence:status"): {"status": "open"},
    ("/space", "presence:hidden"): {"hidden": False},
    ("/space", "presence:look"): {},
    ("/space", "emote:send"): {"emote": "wave"},
    ("/space", "contact:invite"): lambda w, r: {"to": [w.ids["hidden"]]},
    ("/space", "contact:accept"): lambda w, r: {"request_id": w.ids["request"]},
    ("/space", "contact:decline"): lambda w, r: {"request_id": w.ids["request"]},
    ("/space", "contact:withdraw"): lambda w, r: {"request_id": w.ids["request"]},
    ("/space", "contact:leave"): lambda w, r: {"conversation_id": w.ids["conversation"]},
    ("/space", "chat:say"): lambda w, r: {"conversation_id": w.ids["conversation"], "text": "こんにちは"},
    ("/space", "zone:say"): {"text": "こんにちは"},
    ("/space", "block:add"): lambda w, r: {"account_id": w.ids["stranger"]},
    ("/space", "block:remove"): lambda w, r: {"account_id": w.ids["stranger"]},
    ("/space", "block:list"): {},
    ("/space", "presence:reveal_hidden"): {"on": True, "reason": "見守りのため"},
    ("/space", "moderation:hide_message"): {"message_id": "0" * 32},
    ("/space", "moderation:ask_leave"): lambda w, r: {"account_id": w.ids["stranger"], "reason_ja": "少し離れて休みましょう"},
    ("/space", "ping"): {},
    ("/space", "session:renew"): _renew,
    ("/space", "world:step_out"): {},
    ("/desk", "desk:status"): {},
    ("/desk", "desk:knock"): {"note": "少し話したいです"},
    ("/desk", "desk:leave"): {},
    ("/desk", "desk:say"): lambda w, r: {"session_id": w.ids["desk_session"], "text": "お待たせしました"},
    ("/desk", "desk:end"): _session("desk_session"),
    ("/desk", "desk:duty"): {"status": "available"},
    ("/desk", "desk:take_next"): {},
    ("/desk", "desk:hand_over"): lambda w, r: {"session_id": w.ids["desk_session"], "to_account_id": w.account_id("staff")},
    ("/desk", "ping"): {},
    ("/desk", "session:renew"): _renew,
    ("/consult", "consult:status"): {},
    ("/consult", "consult:wait"): _session("live"),
    ("/consult", "consult:leave_waiting"): _session("live"),
    ("/consult", "consult:say"): lambda w, r: {"session_id": w.ids["live"], "text": "聞こえますか"},
    ("/consult", "consult:set_status"): {"status": "ready"},
    ("/consult", "consult:see"): _session("live"),
    ("/consult", "consult:admit"): _session("live"),
    ("/consult", "consult:enter"): _session("live"),
    ("/consult", "consult:invite"): lambda w, r: {"session_id": w.ids["live"], "colleague_id": w.account_id("specialist")},
    ("/consult", "consult:consent"): lambda w, r: {"session_id": w.ids["live"], "accept": True},
    ("/consult", "consult:step_out"): _session("live"),
    ("/consult", "consult:end"): _session("live"),
    ("/consult", "consult:voice_offer"): lambda w, r: {"session_id": w.ids["live"], "sdp": SDP},
    ("/consult", "consult:voice_mute"): lambda w, r: {"session_id": w.ids["live"], "muted": True},
    ("/consult", "consult:voice_leave"): _session("live"),
    ("/consult", "consult:voice_state"): _session("live"),
    ("/consult", "consult:voice_config"): _session("live"),
    ("/consult", "ping"): {},
    ("/consult", "session:renew"): _renew,
    **{("/event", event): _occurrence(extra) for event, extra in (
        ("event:enter", {"label": "ひまわり"}), ("event:leave", {}), ("event:view", {}), ("event:members", {}),
        ("event:react", {"reaction": "clap"}), ("event:say", {"text": "こんにちは"}), ("event:hand", {"raised": True}),
        ("event:answer", {"accept": True}), ("event:yield", {}), ("event:table", {"table_id": None}),
        ("event:mic", {"on": True}), ("event:table_mic", {"table_id": "t1", "open": False}),
        ("event:ask", {"seat": "SEAT", "via": "voice"}), ("event:take_floor", {"seat": "SEAT"}),
        ("event:mute", {"seat": "SEAT"}), ("event:remove", {"seat": "SEAT", "reason": "other"}),
        ("event:lock", {"locked": True}), ("event:chat_mode", {"mode": "everyone"}), ("event:quiet_first", {"on": True}),
        ("event:pause", {}), ("event:resume", {}), ("event:end", {}), ("event:tables_open", {"names": ["ひとつ"], "cap": 4}),
        ("event:place", {"seat": "SEAT", "table_id": "t1"}), ("event:call_back", {}),
        ("event:voice_offer", {"sdp": SDP}), ("event:voice_leave", {}))},
    ("/event", "ping"): {},
    ("/event", "session:renew"): _renew,
}


def declared_events() -> set[tuple[str, str]]:
    """Every client-to-server event, read from the one table the namespaces dispatch from
    (server/realtime/client_events.py), plus one ``connect`` row per namespace (the default
    namespace ``/`` included)."""
    found = {(ns, event.name) for event in CLIENT_EVENTS for ns in event.sent_on()}
    return found | {(ns, CONNECT) for ns in ("/", *NAMESPACES)}


class Sockets:
    """One connection per (role, namespace), opened as the matrix starts."""

    def __init__(self, world: World, roles: tuple[str, ...]):
        self.world = world
        self.roles = roles
        self.clients: dict[tuple[str, str], RecordingClient] = {}
        self.connected: dict[tuple[str, str], str] = {}  # (namespace, role) -> "ok" | REFUSED

    async def open_all(self) -> None:
        for ns in ("/", *NAMESPACES):
            for role in self.roles:
                await self._open(ns, role)
        await self._revoke()

    async def _open(self, ns: str, role: str) -> None:
        login = self.world.logins.get(role)
        client = RecordingClient(self.world.clocked.url, ns, call_timeout=3)
        auth = {"token": login["access_token"]} if login else {}
        if ns == "/space" and login:
            auth["resume"] = {"status": "open"}
        snapshot = client.wait_for("world:snapshot") if ns == "/space" and login else None
        try:
            await client.open(auth)
        except socketio.exceptions.ConnectionError:
            self.connected[(ns, role)] = REFUSED
            if snapshot is not None:
                snapshot.close()
            return
        self.clients[(ns, role)] = client
        self.connected[(ns, role)] = "ok"
        if snapshot is not None:
            self.world.positions[role] = (await snapshot)["you"]

    async def _revoke(self) -> None:
        """``revoked`` logs out after connecting: a fixed server closes its sockets (or refuses
        their events); wait a moment for the close, which a fixed server sends at once."""
        if "revoked" not in self.roles:
            return
        status, _ = await self.world.api.call("POST", "/api/auth/logout", token=self.world.token("revoked"))
        assert status == 200
        mine = [self.clients[(ns, "revoked")] for ns in NAMESPACES if (ns, "revoked") in self.clients]
        await within(lambda: not any(client.sio.connected for client in mine), 1)
        # Its connect cells: a new connection with the ended session's token.
        for ns in ("/", *NAMESPACES):
            client = RecordingClient(self.world.clocked.url, ns, call_timeout=3)
            try:
                await client.open({"token": self.world.token("revoked")})
                self.connected[(ns, "revoked")] = "ok"
            except socketio.exceptions.ConnectionError:
                self.connected[(ns, "revoked")] = REFUSED
            await client.close()

    async def outcome(self, key: tuple[str, str], role: str) -> str:
        ns, event = key
        if event == CONNECT:
            return self.connected[(ns, role)]
        client = self.clients.get((ns, role))
        if client is None or not client.sio.connected:
            return REFUSED
        payload = PAYLOADS[key]
        data = payload(self.world, role) if callable(payload) else payload
        try:
            reply = await client.call(event, data)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                socketio.exceptions.DisconnectedError):
            return REFUSED
        if reply.get("ok"):
            return "ok"
        code = reply["error"]["code"]
        return REFUSED if code in AUTH_CODES else code

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()
