"""The authorisation matrix's surveys (issue 14): a published survey open to everyone (each
role answers it once), a draft staff may rewrite, and fresh ones for the cells that use one up."""
from __future__ import annotations

from tests.integration.authz_calls import Call
from tests.integration.survey_helpers import survey_body


def _body(world) -> dict:
    return survey_body(world.clocked.clock.now(), title_ja=world.nickname("アンケート"))


async def _fresh_draft(world, role: str) -> dict:
    made = await world.ok("staff", "POST", "/api/surveys", expect=201, json=_body(world))
    return {"survey_id": made["survey"]["id"]}


async def _fresh_published(world, role: str) -> dict:
    made = await _fresh_draft(world, role)
    await world.ok("staff", "POST", f"/api/surveys/{made['survey_id']}/publish", json={})
    return made


async def build(world) -> None:
    world.ids["survey"] = (await _fresh_published(world, "none"))["survey_id"]
    shown = await world.ok("staff", "GET", f"/api/surveys/{world.ids['survey']}")
    world.ids["survey_scale"] = next(q["id"] for q in shown["survey"]["questions"] if q["kind"] == "scale")
    world.ids["survey_draft"] = (await _fresh_draft(world, "none"))["survey_id"]


CALLS: dict[tuple[str, str], Call] = {
    ("GET", "/api/surveys"): Call("/api/surveys"),
    ("POST", "/api/surveys"): Call("/api/surveys", lambda w, r, i: _body(w)),
    ("GET", "/api/surveys/manage"): Call("/api/surveys/manage"),
    ("GET", "/api/surveys/manage/{survey_id}"): Call("/api/surveys/manage/{survey_draft}"),
    ("GET", "/api/surveys/{survey_id}"): Call("/api/surveys/{survey}"),
    ("PUT", "/api/surveys/{survey_id}"): Call("/api/surveys/{survey_draft}", lambda w, r, i: _body(w)),
    ("DELETE", "/api/surveys/{survey_id}"): Call("/api/surveys/{survey_id}", setup=_fresh_draft,
                                                 shared=("survey_id", "survey_draft")),
    ("POST", "/api/surveys/{survey_id}/publish"): Call("/api/surveys/{survey_id}/publish", {}, setup=_fresh_draft,
                                                       shared=("survey_id", "survey_draft")),
    ("POST", "/api/surveys/{survey_id}/close"): Call("/api/surveys/{survey_id}/close", {}, setup=_fresh_published,
                                                     shared=("survey_id", "survey")),
    ("POST", "/api/surveys/{survey_id}/answers"): Call("/api/surveys/{survey}/answers", lambda w, r, i: {
        "answers": [{"question_id": i["survey_scale"], "value": 4}]}),
    ("GET", "/api/surveys/{survey_id}/results"): Call("/api/surveys/{survey}/results"),
}
