"""Every ApiRoute's declared ``auth`` is enforced by the route itself, before its handler runs.

Each declared route is mounted a second time under /probe with the same declaration but a
handler that only records that it ran; then every kind of caller knocks. A route declared
staff must refuse a visitor without the handler ever running, whatever the handler does."""
from __future__ import annotations

import dataclasses

from aiohttp import web

from server.app import api_routes
from server.core.principal import Role
from server.http.routing import ApiRoute
from tests.conftest import serving

PROBE = "/probe"


def _probe(route: ApiRoute, reached: list) -> ApiRoute:
    async def spy(request: web.Request) -> web.Response:
        reached.append((route.method, route.path))
        return web.json_response({"reached": True})

    return dataclasses.replace(route, path=PROBE + route.path, handler=spy, tx=None)


def _mount_probes(reached: list):
    def prepare(app: web.Application) -> None:
        for route in api_routes():
            app.router.add_route(route.method, PROBE + route.path, _probe(route, reached).run)

    return prepare


def _admits(auth, role: str | None) -> bool:
    """What the declaration promises, written out independently of the pipeline's code."""
    if auth in ("none", "optional"):
        return True
    if role is None:
        return False
    if auth == "required":
        return True
    if auth == "staff":
        return role != "visitor"
    if auth == "admin":
        return role == "admin"
    return Role(role) in auth


async def test_declared_auth_is_enforced_before_the_handler(db_url, tmp_path):
    reached: list = []
    async with serving(db_url, tmp_path, prepare=_mount_probes(reached)) as live:
        api = live.api
        tokens: dict[str | None, str | None] = {None: None, "visitor": (await api.guest())["access_token"]}
        for role in ("peer_supporter", "specialist", "staff", "admin"):
            signed = await api.staff(live.app, f"probe-{role}", role, "psychologist" if role == "specialist" else None)
            tokens[role] = signed["access_token"]
        declared = api_routes()
        # Every kind of declaration is exercised ("staff" has a probe of its own below: the
        # app's staff routes each name their roles).
        kinds = {r.auth if isinstance(r.auth, str) else "roles" for r in declared}
        assert kinds >= {"none", "optional", "required", "admin", "roles"}
        checked = 0
        for route in declared:
            path = PROBE + route.path.replace("{", "").replace("}", "")
            for role, token in tokens.items():
                reached.clear()
                status, body = await api.call(route.method, path, token=token)
                if _admits(route.auth, role):
                    assert (status, reached) == (200, [(route.method, route.path)]), (route.path, role, status, body)
                else:
                    want = "UNAUTHENTICATED" if role is None else "FORBIDDEN"
                    assert status in (401, 403) and body["error"]["code"] == want, (route.path, role, status, body)
                    assert reached == [], f"{route.method} {route.path} ran its handler for {role}"
                checked += 1
        assert checked == len(declared) * len(tokens)


async def test_a_revoked_or_forged_token_is_refused_on_every_signed_in_route(db_url, tmp_path):
    reached: list = []
    async with serving(db_url, tmp_path, prepare=_mount_probes(reached)) as live:
        for route in api_routes():
            if route.auth == "none":
                continue
            path = PROBE + route.path.replace("{", "").replace("}", "")
            status, body = await live.api.call(route.method, path, token="not-a-token")
            assert status == 401 and body["error"]["code"] == "TOKEN_INVALID", (route.path, status, body)
        assert reached == []


async def test_a_role_tuple_admits_exactly_those_roles(db_url, tmp_path):
    reached: list = []
    only = ApiRoute("GET", "/only-specialists", None, "probe", "probe", auth=(Role.SPECIALIST, Role.ADMIN))

    def prepare(app: web.Application) -> None:
        probe = _probe(only, reached)
        app.router.add_route(probe.method, probe.path, probe.run)

    async with serving(db_url, tmp_path, prepare=prepare) as live:
        api = live.api
        staff = await api.staff(live.app, "probe-staff", "staff")
        specialist = await api.staff(live.app, "probe-sp", "specialist", "lawyer")
        status, body = await api.call("GET", PROBE + only.path, token=staff["access_token"])
        assert (status, body["error"]["code"], reached) == (403, "FORBIDDEN", [])
        status, _ = await api.call("GET", PROBE + only.path, token=specialist["access_token"])
        assert (status, reached) == (200, [("GET", only.path)])


async def test_staff_admits_every_staff_role_and_no_visitor(db_url, tmp_path):
    reached: list = []
    staff_only = ApiRoute("GET", "/any-staff", None, "probe", "probe", auth="staff")

    def prepare(app: web.Application) -> None:
        probe = _probe(staff_only, reached)
        app.router.add_route(probe.method, probe.path, probe.run)

    async with serving(db_url, tmp_path, prepare=prepare) as live:
        api = live.api
        visitor = await api.guest()
        status, body = await api.call("GET", PROBE + staff_only.path, token=visitor["access_token"])
        assert (status, body["error"]["code"], reached) == (403, "FORBIDDEN", [])
        for role in ("peer_supporter", "moderator"):
            signed = await api.staff(live.app, f"probe-{role}", role)
            status, _ = await api.call("GET", PROBE + staff_only.path, token=signed["access_token"])
            assert status == 200
        assert reached == [("GET", staff_only.path)] * 2
