"""What the pipeline promises around the domain call, on both databases: ``after_commit``
steps run only once the change committed (their emits go out with the rest), ``on_failure``
undoes run when the request fails, its commit included, and nothing else runs then.

Probe routes use the real pipeline and a real transaction; the failing one leaves a row the
database refuses only at commit (visited_at is NOT NULL). The desk's per-address budget is
the real use: messages the domain refuses give their token back."""
from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from rooms.boards.models import BoardLastVisit
from server import keys
from server.core.outcome import Emit, Outcome, ToEveryone
from server.http.routing import ApiRoute, Call
from server.realtime.desk import MESSAGES_PER_ADDRESS_HOUR
from tests.conftest import serving
from tests.integration.recording_client import RecordingClient


def probes(log: list):
    async def visit(call: Call, visited_at) -> dict:
        call.on_failure(lambda: log.append("undone"))
        call.db.add(BoardLastVisit(account_id=call.actor.account_id, visited_at=visited_at))

        def committed() -> Outcome:
            log.append("after commit")
            return Outcome(None, (Emit(ToEveryone(), "board:published", {"id": "probe"}),))

        call.after_commit(committed)
        log.append("handled")
        return {"ok": True}

    async def good(call: Call) -> dict:
        return await visit(call, call.clock.now())

    async def refused_at_commit(call: Call) -> dict:
        return await visit(call, None)

    def prepare(app: web.Application) -> None:
        for route in (ApiRoute("POST", "/probe/good", good, "probe", "probe", auth="required", tx="write"),
                      ApiRoute("POST", "/probe/bad", refused_at_commit, "probe", "probe", auth="required", tx="write")):
            app.router.add_route(route.method, route.path, route.run)

    return prepare


async def visits(app, account_id: str) -> list:
    async with app[keys.DB_SESSIONS]() as db:
        return list(await db.scalars(select(BoardLastVisit).where(BoardLastVisit.account_id == account_id)))


async def test_a_failed_commit_runs_the_undo_and_no_after_commit_step(db_url, tmp_path):
    log: list = []
    async with serving(db_url, tmp_path, prepare=probes(log)) as live:
        guest = await live.api.guest()
        listener = RecordingClient(live.url, "/space")
        await listener.open({"token": guest["access_token"]})
        try:
            status, body = await live.api.call("POST", "/probe/bad", token=guest["access_token"])
            assert status == 500 and body["error"]["code"] == "INTERNAL"
            assert log == ["handled", "undone"]
            assert await visits(live.app, guest["account"]["id"]) == []

            log.clear()
            status, _ = await live.api.call("POST", "/probe/good", token=guest["access_token"])
            assert status == 200 and log == ["handled", "after commit"]
            assert len(await visits(live.app, guest["account"]["id"])) == 1
            # The only emit heard is the committed request's (the failed one sent none before it).
            assert await listener.wait_for("board:published") == {"id": "probe"}
            assert listener.events["board:published"] == [{"id": "probe"}]
        finally:
            await listener.close()


async def test_messages_the_desk_refuses_give_their_address_token_back(running):
    for _ in range(MESSAGES_PER_ADDRESS_HOUR + 2):
        guest = await running.api.guest()
        status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": "mail me: a@example.com"},
                                               token=guest["access_token"])
        assert (status, reply["error"]["code"]) == (400, "NOTE_PERSONAL_INFO")
    for n in range(MESSAGES_PER_ADDRESS_HOUR):
        guest = await running.api.guest()
        status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": f"{n}"},
                                               token=guest["access_token"])
        assert status == 201, reply
    guest = await running.api.guest()
    status, reply = await running.api.call("POST", "/api/desk/messages", json={"text": "one more"},
                                           token=guest["access_token"])
    assert status == 429 and reply["error"]["detail"] == {"reason": "address"}
