"""Anonymous surveys over real HTTP on loopback, SQLite and PostgreSQL, on a FakeClock: staff
compose, publish and close; people answer once; every refusal changes nothing; results are
suppressed under five; the answer rows carry no account."""
from __future__ import annotations

import csv
import io

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from rooms.surveys.models import SurveyAnswer, SurveyToken
from rooms.surveys.report_section import survey_results_between
from server import keys
from server.core.clock import FakeClock
from tests.conftest import Running, serving
from tests.integration.events_world import NOW
from tests.integration.survey_helpers import survey_body
from tests.integration.test_bookings_api import advance, person


@pytest.fixture
async def clocked(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


async def published(c: Running, staff: dict, **changes) -> dict:
    status, made = await c.api.call("POST", "/api/surveys", json=survey_body(c.clock.now(), **changes),
                                    token=staff["access_token"])
    assert status == 201, made
    status, shown = await c.api.call("POST", f"/api/surveys/{made['survey']['id']}/publish", json={},
                                     token=staff["access_token"])
    assert status == 200, shown
    return shown["survey"]


def full_answer(survey: dict, *, single="o1", multiple=("o1", "o3"), scale=4, text="ゆっくりできました") -> dict:
    q = {x["kind"]: x["id"] for x in survey["questions"]}
    return {"answers": [{"question_id": q["single"], "value": single}, {"question_id": q["multiple"], "value": list(multiple)},
                        {"question_id": q["scale"], "value": scale}, {"question_id": q["text"], "value": text}]}


async def answer(c: Running, who: dict, survey: dict, body: dict):
    return await c.api.call("POST", f"/api/surveys/{survey['id']}/answers", json=body, token=who["access_token"])


async def stored(c: Running) -> tuple[int, int]:
    async with c.app[keys.DB_SESSIONS]() as db:
        return (await db.scalar(select(func.count()).select_from(SurveyAnswer)),
                await db.scalar(select(func.count()).select_from(SurveyToken)))


async def test_lifecycle_draft_publish_answer_once_close_and_results(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    status, made = await c.api.call("POST", "/api/surveys", json=survey_body(NOW), token=staff["access_token"])
    assert status == 201 and made["survey"]["state"] == "draft"
    survey_id = made["survey"]["id"]
    visitor = await person(c)
    status, listed = await c.api.call("GET", "/api/surveys", token=visitor["access_token"])
    assert listed["surveys"] == []  # a draft is nobody's to see
    status, body = await c.api.call("GET", f"/api/surveys/{survey_id}", token=visitor["access_token"])
    assert (status, body["error"]["code"]) == (404, "SURVEY_NOT_FOUND")
    # a draft is rewritten whole; then published
    status, changed = await c.api.call("PUT", f"/api/surveys/{survey_id}", json=survey_body(NOW, title_ja="来てみて"),
                                       token=staff["access_token"])
    assert status == 200 and changed["survey"]["title_ja"] == "来てみて"
    status, shown = await c.api.call("POST", f"/api/surveys/{survey_id}/publish", json={}, token=staff["access_token"])
    assert status == 200 and shown["survey"]["state"] == "open"
    status, body = await c.api.call("PUT", f"/api/surveys/{survey_id}", json=survey_body(NOW), token=staff["access_token"])
    assert (status, body["error"]["code"]) == (409, "SURVEY_NOT_DRAFT")

    status, listed = await c.api.call("GET", "/api/surveys", token=visitor["access_token"])
    assert [(s["id"], s["answered"]) for s in listed["surveys"]] == [(survey_id, False)]
    status, one = await c.api.call("GET", f"/api/surveys/{survey_id}", token=visitor["access_token"])
    assert status == 200 and len(one["survey"]["questions"]) == 4
    survey = one["survey"]
    status, body = await answer(c, visitor, survey, full_answer(survey))
    assert (status, body) == (201, {"answer": {"answered": True}})
    status, body = await answer(c, visitor, survey, full_answer(survey))
    assert (status, body["error"]["code"]) == (409, "SURVEY_ANSWERED")
    assert body["error"]["message"]["ja"] and body["error"]["message"]["en"]
    assert await stored(c) == (4, 1)
    status, listed = await c.api.call("GET", "/api/surveys", token=visitor["access_token"])
    assert listed["surveys"][0]["answered"] is True

    # one person answered: every group is "fewer than 5", no number, no mean, no text
    status, res = await c.api.call("GET", f"/api/surveys/{survey_id}/results", token=staff["access_token"])
    res = res["results"]
    assert res["respondents"] == {"suppressed": True, "fewer_than": 5}
    by_kind = {q["kind"]: q for q in res["questions"]}
    assert all(o.get("suppressed") and "count" not in o for o in by_kind["single"]["options"])
    assert by_kind["scale"]["mean"] is None and all("count" not in d for d in by_kind["scale"]["distribution"])
    assert by_kind["text"]["texts"] == []
    assert "ゆっくり" not in str(res)

    # five more answer; the groups of five and more are shown
    for i in range(5):
        who = await person(c)
        status, body = await answer(c, who, survey, full_answer(survey, scale=5 if i < 4 else 3, text=f"また来ます{i}"))
        assert status == 201, body
    status, res = await c.api.call("GET", f"/api/surveys/{survey_id}/results", token=staff["access_token"])
    res = res["results"]
    by_kind = {q["kind"]: q for q in res["questions"]}
    assert res["respondents"] == {"count": 6}
    assert by_kind["single"]["options"][0]["count"] == 6 and by_kind["single"]["options"][1]["suppressed"]
    assert [o.get("count") for o in by_kind["multiple"]["options"]] == [6, None, 6]
    assert by_kind["scale"]["mean"] is None  # the hidden points hold answers: a mean could solve them
    assert by_kind["scale"]["distribution"][4] == {"value": 5, "suppressed": True, "fewer_than": 5}  # 4 people
    assert by_kind["text"]["texts"] == sorted(["ゆっくりできました"] + [f"また来ます{i}" for i in range(5)])

    # closed early: no more answers, and it is gone from the list
    status, closed = await c.api.call("POST", f"/api/surveys/{survey_id}/close", json={}, token=staff["access_token"])
    assert status == 200 and closed["survey"]["state"] == "closed"
    late = await person(c)
    status, body = await answer(c, late, survey, full_answer(survey))
    assert (status, body["error"]["code"]) == (409, "SURVEY_NOT_OPEN")
    status, listed = await c.api.call("GET", "/api/surveys", token=late["access_token"])
    assert listed["surveys"] == []
    assert await stored(c) == (24, 6)

    # the report's section: the same shape, for a range the survey was open in
    async with c.app[keys.DB_SESSIONS]() as db:
        section = await survey_results_between(db, NOW - timedelta(days=1), NOW + timedelta(days=1), now=c.clock.now())
        outside = await survey_results_between(db, NOW + timedelta(days=2), NOW + timedelta(days=30))
    assert [s["id"] for s in section] == [survey_id] and section[0]["respondents"] == {"count": 6}
    assert section[0]["questions"] == res["questions"]
    assert outside == []

    # the municipal report carries the same results, and its CSV the counts (never a small one)
    status, report = await c.api.call("GET", "/api/reports/summary", token=staff["access_token"])
    assert status == 200, report
    assert [s["id"] for s in report["surveys"]] == [survey_id]
    assert report["surveys"][0]["questions"] == res["questions"]
    async with c.api.http.get(f"{c.url}/api/reports/summary.csv",
                              headers={"Authorization": f"Bearer {staff['access_token']}"}) as resp:
        assert resp.status == 200
        rows = list(csv.reader(io.StringIO((await resp.read()).decode("utf-8-sig"))))
    survey_rows = [r for r in rows if r[0] == "surveys"]
    assert ["surveys", survey["title_ja"], "respondents", "6"] in survey_rows
    assert any(r[2].endswith("/ mean") and r[3].startswith("not shown") for r in survey_rows)
    assert not any(r[3] in {"1", "2", "3", "4"} for r in survey_rows)


async def test_answer_rows_carry_no_account(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    survey = await published(c, staff)
    visitor = await person(c)
    status, _ = await answer(c, visitor, survey, full_answer(survey))
    assert status == 201
    account_id = visitor["account"]["id"]
    async with c.app[keys.DB_SESSIONS]() as db:
        columns = await db.run_sync(lambda s: {t: [col["name"] for col in inspect(s.connection()).get_columns(t)]
                                               for t in ("survey_answers", "survey_tokens")})
        answers = (await db.execute(select(SurveyAnswer))).scalars().all()
        tokens = (await db.execute(select(SurveyToken))).scalars().all()
    assert columns == {"survey_answers": ["id", "survey_id", "question_id", "scale", "picks", "text"],
                       "survey_tokens": ["token", "survey_id"]}
    values = [str(getattr(row, col)) for row in answers for col in columns["survey_answers"]]
    values += [str(getattr(row, col)) for row in tokens for col in columns["survey_tokens"]]
    assert values and not any(account_id in v for v in values)
    assert len(tokens) == 1 and len(tokens[0].token) == 64


async def test_every_refusal_changes_nothing(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    survey = await published(c, staff)
    families_only = await published(c, staff, audience="families")
    later = await published(c, staff, opens_in=timedelta(days=2))
    visitor = await person(c, "individual")
    q = {x["kind"]: x["id"] for x in survey["questions"]}

    async def refused(target: dict, body: dict, status: int, code: str, reason: str | None = None):
        got, answer_body = await answer(c, visitor, target, body)
        assert (got, answer_body["error"]["code"]) == (status, code), answer_body
        assert answer_body["error"]["message"]["ja"] and answer_body["error"]["message"]["en"]
        if reason:
            assert answer_body["error"]["detail"]["reason"] == reason
        return answer_body

    await refused(later, full_answer(survey), 409, "SURVEY_NOT_OPEN")  # before opening
    await refused(families_only, full_answer(survey), 403, "SURVEY_NOT_FOR_YOU")
    await refused(survey, {"answers": [{"question_id": q["scale"], "value": 0}]}, 400, "INVALID", "scale_is_1_to_5")
    await refused(survey, {"answers": [{"question_id": q["scale"], "value": 6}]}, 400, "INVALID", "scale_is_1_to_5")
    await refused(survey, {"answers": [{"question_id": q["single"], "value": ["o1", "o2"]}]}, 400, "INVALID", "one_choice_only")
    await refused(survey, {"answers": [{"question_id": q["single"], "value": "o9"}]}, 400, "INVALID", "unknown_option")
    await refused(survey, {"answers": [{"question_id": q["multiple"], "value": ["o1", "o1"]}]}, 400, "INVALID", "choice_repeated")
    await refused(survey, {"answers": [{"question_id": "0" * 32, "value": 3}]}, 400, "INVALID", "unknown_question")
    await refused(survey, {"answers": [{"question_id": q["text"], "value": 3}]}, 400, "INVALID")
    await refused(survey, {"answers": []}, 400, "INVALID", "at_least_one")
    await refused(survey, {"answers": [{"question_id": q["scale"], "value": 3}, {"question_id": q["scale"], "value": 4}]},
                  400, "INVALID", "one_per_question")
    await refused(survey, {"answers": [{"question_id": q["text"], "value": "あ" * 401}]}, 400, "INVALID")
    contact = await refused(survey, {"answers": [{"question_id": q["text"], "value": "連絡は090-1234-5678まで"}]},
                            400, "SURVEY_PERSONAL_INFO")
    assert contact["error"]["detail"]["kinds"] == ["phone"]
    await refused(survey, {"answers": [{"question_id": q["text"], "value": "mail: hikari@example.jp"}]},
                  400, "SURVEY_PERSONAL_INFO")
    assert await stored(c) == (0, 0)
    # a family may answer the families' survey; the individual still may answer the first
    mother = await person(c, "family")
    status, _ = await answer(c, mother, families_only, full_answer(families_only))
    assert status == 201
    status, _ = await answer(c, visitor, survey, {"answers": [{"question_id": q["scale"], "value": 5}]})
    assert status == 201
    # after closing by date
    await advance(c, timedelta(days=15), visitor)
    status, body = await answer(c, visitor, later, full_answer(later))
    assert status == 201, body  # later opened on day 2 and is open until day 16
    await advance(c, timedelta(days=2), visitor)
    status, body = await answer(c, visitor, families_only, full_answer(families_only))
    assert (status, body["error"]["code"]) == (409, "SURVEY_NOT_OPEN")


async def test_people_cannot_compose_or_read_results(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    survey = await published(c, staff)
    for who in (await person(c), await c.api.staff(c.app, "せんせい", "specialist", "psychologist"), await c.api.staff(c.app, "みまもり", "moderator")):
        for method, path, body in (("POST", "/api/surveys", survey_body(NOW)), ("GET", f"/api/surveys/{survey['id']}/results", None),
                                   ("POST", f"/api/surveys/{survey['id']}/close", {}), ("GET", "/api/surveys/manage", None)):
            status, answer_body = await c.api.call(method, path, json=body, token=who["access_token"])
            assert (status, answer_body["error"]["code"]) == (403, "FORBIDDEN"), (method, path)
    status, body = await c.api.call("GET", "/api/surveys")
    assert status == 401
    status, body = await c.api.call("POST", "/api/surveys", json=survey_body(NOW, questions=[]), token=staff["access_token"])
    assert status == 400
    status, body = await c.api.call("POST", "/api/surveys", json=survey_body(NOW, closes_at=survey_body(NOW)["opens_at"]),
                                    token=staff["access_token"])
    assert (status, body["error"]["detail"]["reason"]) == (400, "not_after_opening")


def _drawn(strategy, count: int) -> list:
    from hypothesis import HealthCheck, given, settings

    drawn: list = []

    @settings(max_examples=count, database=None, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        drawn.append(value)
    collect()
    return drawn


async def test_malformed_answers_to_a_real_survey_are_refused_cleanly(clocked):
    """Hypothesis draws values of every JSON shape for each real question: each answer is a
    201 (a well-formed one, once; later ones SURVEY_ANSWERED) or a 4xx with a stable code,
    never a 5xx."""
    from hypothesis import strategies as st

    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    survey = await published(c, staff)
    leaf = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.floats(allow_nan=False), st.text(max_size=30),
                     st.sampled_from(["o1", "o2", "o9", "", "あ" * 401, "090-1234-5678"]))
    value = st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                         max_leaves=6)
    qids = st.sampled_from([q["id"] for q in survey["questions"]] + ["x", "0" * 32, ""])
    bodies = _drawn(st.one_of(
        st.fixed_dictionaries({"answers": st.lists(st.fixed_dictionaries({"question_id": qids, "value": value}), max_size=5)}),
        st.dictionaries(st.text(max_size=8), value, max_size=3)), 120)
    codes = set()
    who = await person(c)
    for body in bodies:
        status, answer_body = await answer(c, who, survey, body)
        assert status < 500, (body, answer_body)
        if status >= 400:
            codes.add(answer_body["error"]["code"])
    assert codes <= {"INVALID", "SURVEY_PERSONAL_INFO", "WORD_REFUSED", "SURVEY_ANSWERED"}, codes
    assert "INVALID" in codes


async def test_two_racing_answers_of_one_person_store_one(clocked):
    """The same account answering from two tabs at once, straight at the domain from two
    sessions: the token's primary key lets exactly one through; the other is SURVEY_ANSWERED."""
    import asyncio

    from rooms.surveys import service
    from server.core.principal import Principal, Role

    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    survey = await published(c, staff)
    visitor = await person(c)
    actor = Principal(visitor["account"]["id"], Role.VISITOR)
    scale = next(q["id"] for q in survey["questions"] if q["kind"] == "scale")

    async def one() -> str:
        try:
            async with c.app[keys.DB_SESSIONS].begin() as db:
                await service.answer(db, c.clock, actor, survey["id"], [{"question_id": scale, "value": 3}],
                                     secret=c.app[keys.SETTINGS].secret, contact_kinds=lambda text: [])
            return "ok"
        except Exception as exc:  # noqa: BLE001  (the loser's refusal is what is checked)
            return getattr(exc, "code", type(exc).__name__)

    results = await asyncio.gather(one(), one(), one())
    assert sorted(results) == ["SURVEY_ANSWERED", "SURVEY_ANSWERED", "ok"], results
    assert await stored(c) == (1, 1)
