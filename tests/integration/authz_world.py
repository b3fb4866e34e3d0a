"""The world the authorisation matrix calls into: one account per role (each speaking from
its own loopback address, so per-client limits never mix roles up), and the objects whose
owners are NOT the caller (a specialist with availability, a booking, a case, a letter, a
board post, a desk conversation, a live consultation), so object-level checks are exercised.

Time is a FakeClock set to the start of a live consultation (Wednesday 11:00 in Tokyo)."""
from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from datetime import timedelta

import aiohttp
from PIL import Image

from sqlalchemy import update

from rooms.events.models import EventOccurrence
from server import keys
from tests.conftest import Api
from tests.integration.authz_table import ROLES
from tests.integration.consult_client import NOW, Clocked, ConsultClient, iso
from tests.integration.recording_client import RecordingClient
from tests.integration.space_client import SpaceClient

STAFF_ROLE = {"peer": "peer_supporter", "specialist": "specialist", "staff": "staff", "moderator": "moderator",
              "admin": "admin"}
PASSPHRASE = "a calm long passphrase"
LIVE_AT = NOW + timedelta(hours=1)  # Wednesday 11:00 Tokyo: the live consultation's start
# Weekdays 09:00-17:00 Tokyo, 50-minute slots: plenty of free slots for every cell that books.
WORKDAYS = [{"kind": "weekly", "weekday": d, "start": "09:00", "end": "17:00", "slot_minutes": 50, "buffer_minutes": 10}
            for d in range(5)]
ALWAYS_OPEN = {"weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]}
_ADDRESSES = itertools.count(20)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 150, 100)).save(out, "PNG")
    return out.getvalue()


def api_from(base_url: str) -> Api:
    """A REST client on its own loopback source address (127.0.0.20, .21, ...)."""
    address = f"127.0.0.{next(_ADDRESSES)}"
    return Api(aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0))), base_url)


@dataclass
class World:
    clocked: Clocked
    apis: dict[str, Api] = field(default_factory=dict)  # role -> its client
    logins: dict[str, dict] = field(default_factory=dict)  # role -> login body ("none": absent)
    ids: dict[str, str] = field(default_factory=dict)  # object name -> id, for paths and payloads
    clients: list[RecordingClient] = field(default_factory=list)
    slots: list[tuple[str, str]] = field(default_factory=list)  # free (starts_at, ends_at) of "the specialist"
    default_look: dict | None = None
    positions: dict[str, dict] = field(default_factory=dict)  # role -> where the space put them
    nicknames: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def app(self):
        return self.clocked.app

    @property
    def api(self) -> Api:
        return self.clocked.api

    def token(self, role: str) -> str | None:
        login = self.logins.get(role)
        return login["access_token"] if login else None

    def account_id(self, role: str) -> str:
        return self.logins[role]["account"]["id"]

    def nickname(self, prefix: str) -> str:
        return f"{prefix}{next(self.nicknames)}"

    def next_slot(self) -> dict:
        starts_at, ends_at = self.slots.pop(0)
        return {"specialist_id": self.ids["the_specialist"], "starts_at": starts_at, "ends_at": ends_at}

    # -- accounts ------------------------------------------------------------------------------

    async def kept(self, nickname: str, kind: str, api: Api | None = None) -> dict:
        api = api or self.api
        guest = await api.guest()
        status, kept = await api.call("POST", "/api/auth/keep", token=guest["access_token"],
                                      json={"nickname": nickname, "passphrase": PASSPHRASE, "kind": kind})
        assert status == 201, kept
        return kept

    async def worker(self, nickname: str, role: str, api: Api | None = None) -> dict:
        profession = "psychologist" if role == "specialist" else None
        login = await self.clocked.api.staff(self.app, nickname, role, profession, passphrase=PASSPHRASE)
        if api is not None and api is not self.api:  # its session comes from its own address
            status, login = await api.call("POST", "/api/auth/login", json={"nickname": nickname, "passphrase": PASSPHRASE})
            assert status == 200, login
        return login

    async def fresh_login(self, role: str) -> dict | None:
        """A new session of the role's account (a new guest for "guest"), for calls that end or
        change the session they are made with."""
        api = self.apis[role]
        if role == "none":
            return None
        if role == "guest":
            return await api.guest()
        nickname = self.logins[role]["account"]["nickname"]
        status, login = await api.call("POST", "/api/auth/login", json={"nickname": nickname, "passphrase": PASSPHRASE})
        assert status == 200, login
        return login

    async def stand_in(self, role: str) -> dict:
        """A new account of the role's kind, for calls that change the account itself (and so
        would end the sessions the other rows use)."""
        api = self.apis[role]
        if role == "guest":
            return await api.guest()
        if role in ("individual", "family"):
            return await self.kept(self.nickname(f"{role}-"), role, api)
        return await self.worker(self.nickname(f"matrix-{role}-"), STAFF_ROLE[role], api)

    async def ok(self, role: str, method: str, path: str, json=None, expect: int = 200) -> dict:
        status, body = await self.api.call(method, path, json=json, token=self.token(role))
        assert status == expect, (method, path, body)
        return body

    async def close(self) -> None:
        for client in self.clients:
            await client.close()
        for api in self.apis.values():
            await api.http.close()


async def build_world(clocked: Clocked) -> World:
    world = World(clocked)
    api = clocked.api
    for role in ROLES:
        world.apis[role] = api_from(clocked.url)
    # The related specialist (not a matrix role): availability, a booking with the individual,
    # the individual's case, a letter to them, and a live consultation with someone else.
    the_specialist = await world.worker("いつもの先生", "specialist")
    world.logins["_the_specialist"] = the_specialist
    world.ids["the_specialist"] = the_specialist["account"]["id"]
    for rule in WORKDAYS:
        body = await world.ok("_the_specialist", "POST", "/api/me/availability", json=rule, expect=201)
    world.ids["rule"] = body["rule"]["id"]
    waiting = await api.guest()
    world.logins["_waiting_person"] = waiting
    today = await world.ok("_waiting_person", "POST", "/api/bookings", expect=201, json={
        "specialist_id": world.ids["the_specialist"],
        "starts_at": iso(LIVE_AT), "ends_at": iso(LIVE_AT + timedelta(minutes=50))})
    world.ids["live"] = today["booking"]["id"]
    clocked.logins[:] = [the_specialist, waiting]
    await clocked.move_to(LIVE_AT)  # refreshes both logins; everyone else enters now
    world.logins["guest"] = await world.apis["guest"].guest()
    world.logins["individual"] = await world.kept("ひとりのひと", "individual", world.apis["individual"])
    world.logins["family"] = await world.kept("かぞくのひと", "family", world.apis["family"])
    for role, account_role in STAFF_ROLE.items():
        world.logins[role] = await world.worker(f"matrix-{role}", account_role, world.apis[role])
    world.logins["revoked"] = await world.kept("おわったひと", "individual", world.apis["revoked"])
    status, free = await api.call("GET", f"/api/availability?specialist_id={world.ids['the_specialist']}"
                                          "&from=2026-04-06&to=2026-05-30")
    assert status == 200, free
    world.slots = [(s["starts_at"], s["ends_at"]) for s in free["slots"]]
    booked = await world.ok("individual", "POST", "/api/bookings", json=world.next_slot(), expect=201)
    world.ids["booking"] = booked["booking"]["id"]
    await _casework(world)
    await _boards_and_desk(world)
    await _events(world)
    from tests.integration import authz_moderation, authz_surveys  # here: they import authz_calls, which imports this

    await authz_moderation.build(world)
    await authz_surveys.build(world)
    await _live_rooms(world)
    world.ids["report"] = await file_report(world)
    return world


EVENT = {"title_ja": "交流会", "kind": "exchange", "audience": "everyone", "registration": "required", "place": "hall",
         "capacity": 50, "first_date": "2026-04-11", "start_time": "14:00", "duration_minutes": 90, "repeat": "weekly",
         "until_date": "2026-05-02"}


async def _events(world: World) -> None:
    """An event hosted by the matrix's staff member: a session the individual signed up for, one
    nobody in the matrix did, and a past event's session (with a question) the individual attended."""
    made = await world.ok("staff", "POST", "/api/events", expect=201, json=EVENT)
    world.ids["event"] = made["event"]["id"]
    world.ids["session"], world.ids["open_session"] = (o["id"] for o in made["event"]["occurrences"][:2])
    await world.ok("individual", "POST", f"/api/events/occurrences/{world.ids['session']}/signup", json={}, expect=201)
    past = await world.ok("staff", "POST", "/api/events", expect=201,
                          json={**EVENT, "title_ja": "家族教室", "repeat": "none", "until_date": None})
    world.ids["past_event"], world.ids["past_session"] = past["event"]["id"], past["event"]["occurrences"][0]["id"]
    asked = await world.ok("staff", "PUT", f"/api/events/{world.ids['past_event']}/questions",
                           json={"questions": [{"kind": "scale", "prompt_ja": "いかがでしたか"}]})
    world.ids["question"] = asked["questions"][0]["id"]
    await world.ok("individual", "POST", f"/api/events/occurrences/{world.ids['past_session']}/signup", json={}, expect=201)
    async with world.app[keys.DB_SESSIONS].begin() as db:  # it took place this morning
        await db.execute(update(EventOccurrence).where(EventOccurrence.id == world.ids["past_session"]).values(
            starts_at=LIVE_AT - timedelta(hours=2), ends_at=LIVE_AT - timedelta(minutes=30)))


async def _casework(world: World) -> None:
    case = await world.ok("_the_specialist", "POST", "/api/cases", expect=201, json={
        "person_id": world.account_id("individual"), "contact_start": "予約からの相談", "referral_route": "本人から"})
    world.ids["case"] = case["case"]["id"]
    letter = await world.ok("_the_specialist", "POST", "/api/letters", expect=201, json={
        "recipient_id": world.account_id("individual"), "subject": "次回について", "body": "月曜日にお待ちしています。"})
    world.ids["letter"] = letter["letter"]["id"]
    consent = await world.ok("individual", "POST", "/api/my-record/consents", expect=201, json={
        "organisation": "みなと市 自立相談支援機関", "purpose": "就労準備の相談をつなぐため"})
    world.ids["consent"] = consent["consent"]["id"]
    login_target = await world.worker("ログインするひと", "visitor")
    world.ids["login_target"] = login_target["account"]["nickname"]
    role_target = await world.worker("役割のかわるひと", "visitor")
    world.ids["role_target"] = role_target["account"]["id"]


async def _boards_and_desk(world: World) -> None:
    status, image = await world.api.call("POST", "/api/boards/images", token=world.token("staff"), data=image_form())
    assert status == 201, image
    world.ids["image"] = image["image"]["id"]
    post = await world.ok("staff", "POST", "/api/boards/posts", expect=201, json={
        "category": "consult", "title_ja": "はじめての相談", "body_ja": "ゆっくりで大丈夫です。"})
    world.ids["post"] = post["post"]["id"]
    await world.ok("staff", "POST", f"/api/boards/posts/{world.ids['post']}/publish", json={})
    status, look = await world.api.call("GET", "/api/me/look", token=world.token("guest"))
    assert status == 200, look
    world.default_look, world.ids["look_code"] = look["look"], look["look_code"]
    await world.ok("staff", "PUT", "/api/desk/hours", json=ALWAYS_OPEN)
    # A desk conversation between a visitor and a desk worker, neither of them a matrix role.
    desk_worker = await world.worker("まどぐち当番", "staff")
    visitor = await world.api.guest()
    worker_client = await _connect(world, RecordingClient(world.clocked.url, "/desk"), desk_worker)
    visitor_client = await _connect(world, RecordingClient(world.clocked.url, "/desk"), visitor)
    await worker_client.ok("desk:duty", {"status": "available"})
    await visitor_client.ok("desk:knock", {"note": "少し話したいです"})
    taken = await worker_client.ok("desk:take_next")
    world.ids["desk_session"] = taken["session_id"]
    message = await world.ok("family", "POST", "/api/desk/messages", expect=201, json={"text": "夜に相談したいです"})
    world.ids["desk_message"] = message["message"]["id"]


async def file_report(world: World) -> str:
    """A report by the family member (never a moderator's own) about a stranger in the space."""
    filed = await world.ok("family", "POST", "/api/reports", expect=202, json={
        "target": {"kind": "person", "id": world.ids["stranger"]}, "category": "harassment"})
    return filed["report"]["id"]


async def _live_rooms(world: World) -> None:
    url = world.clocked.url
    specialist = await _connect(world, ConsultClient(url, world.logins["_the_specialist"]))
    person = await _connect(world, ConsultClient(url, world.logins["_waiting_person"]))
    await person.ok("consult:wait", {"session_id": world.ids["live"]})
    await specialist.ok("consult:admit", {"session_id": world.ids["live"]})
    # In the space: a hidden visitor, and a request and a conversation between two others.
    hidden = await world.kept("かくれているひと", "individual")
    world.ids["hidden"] = hidden["account"]["id"]
    hider = await _connect(world, SpaceClient(url, hidden["access_token"], resume={"hidden": True, "status": "open"}))
    await hider.ok("presence:hidden", {"hidden": True})
    one, two = await world.api.guest(), await world.api.guest()
    world.ids["stranger"] = two["account"]["id"]
    a = await _connect(world, SpaceClient(url, one["access_token"]))
    b = await _connect(world, SpaceClient(url, two["access_token"]))
    for client in (a, b):
        await client.ok("presence:status", {"status": "open"})
    asked = await a.ok("contact:invite", {"to": [two["account"]["id"]]})
    await b.ok("contact:accept", {"request_id": asked["request_id"]})
    opened = await a.wait_for("contact:opened")
    world.ids["conversation"] = opened["conversation_id"]
    # A request still open, between the two of them.
    third = await world.api.guest()
    c = await _connect(world, SpaceClient(url, third["access_token"]))
    await c.ok("presence:status", {"status": "open"})
    world.ids["request"] = (await c.ok("contact:invite", {"to": [two["account"]["id"]]}))["request_id"]
    await _live_event(world)


async def _live_event(world: World) -> None:
    """An event under way (11:05 in Tokyo; its door opened at 10:55) whose host and one
    registered attendee are not matrix roles, both inside its live room."""
    from tests.integration.event_live_client import EventClient, EventSite

    site = EventSite(world.clocked)
    host = await world.worker("かいのぬし", "staff")
    occurrence = await site.create_event(host, [("かいのぬし", "host")], {
        "title_ja": "交流会", "kind": "exchange", "audience": "everyone", "registration": "required",
        "place": "hall", "capacity": 10, "first_date": "2026-04-01", "start_time": "11:05",
        "duration_minutes": 120, "repeat": "none"})
    world.ids["occurrence"] = occurrence
    attendee = await world.api.guest()
    await site.register(attendee, occurrence)
    for login in (host, attendee):
        client = await _connect(world, EventClient(world.clocked.url, login, occurrence), login)
        await client.ok("event:enter")
    members = await world.clients[-2].ok("event:members")
    world.ids["seat"] = next(m["seat"] for m in members["members"] if m["nickname"] != "かいのぬし")


async def _connect(world: World, client, login: dict | None = None):
    if login is None:  # a space or consult client: it knows its own token
        await client.connect()
    else:
        await client.open({"token": login["access_token"]})
    world.clients.append(client)
    return client


def image_form() -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("alt", "窓辺の植物")
    form.add_field("file", png_bytes(), filename="plant.png", content_type="image/png")
    return form
