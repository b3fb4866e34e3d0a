"""The audit log reader (issue 12, item 4): admins read and filter it, nobody edits or deletes
it by any route, and the monthly aggregate holds counts only. Real server, both databases."""
from __future__ import annotations

import json
from datetime import timedelta

from tests.integration.sanctions_helpers import call, give, in_plaza, moderated_site, staff

METHODS = ("POST", "PUT", "PATCH", "DELETE")


async def test_admins_read_and_filter_the_audit_log(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        first = await staff(site, "みまもり", "moderator")
        second = await staff(site, "もうひとり", "moderator")
        admin = await staff(site, "かんりにん", "admin")
        client, person = await in_plaza(site)
        given = (await give(site, first, person, "rest", duration="1h"))["sanction"]
        await client.close()
        await site.move_to(site.clock.now() + timedelta(days=2))  # logins refreshed on the way
        await call(site, admin, "POST", f"/api/moderation/sanctions/{given['id']}/lift", json={"reason": "反省あり"}, expect=200)
        site.clock.advance(1)  # entries at the same instant have no order between them
        await give(site, second, {"account": {"id": first["account"]["id"]}}, "warning")

        everything = await call(site, admin, "GET", "/api/admin/audit", expect=200)
        assert [e["action"] for e in everything["entries"]] == ["sanction.give", "sanction.lift", "sanction.give"]  # newest first
        assert everything["more"] is False
        by_actor = await call(site, admin, "GET", f"/api/admin/audit?actor={first['account']['id']}", expect=200)
        assert [e["target"] for e in by_actor["entries"]] == [given["id"]]
        assert everything["entries"][-1]["target"] == given["id"]
        lifts = await call(site, admin, "GET", "/api/admin/audit?action=sanction.lift", expect=200)
        assert [e["detail"]["reason"] for e in lifts["entries"]] == ["反省あり"]
        prefix = await call(site, admin, "GET", "/api/admin/audit?action=sanction.", expect=200)
        assert len(prefix["entries"]) == 3
        day_one = site.clock.now().date() - timedelta(days=2)
        first_day = await call(site, admin, "GET", f"/api/admin/audit?from={day_one}&to={day_one}", expect=200)
        assert [e["target"] for e in first_day["entries"]] == [given["id"]]
        page = await call(site, admin, "GET", "/api/admin/audit?limit=2", expect=200)
        assert page["more"] is True and len(page["entries"]) == 2
        rest = await call(site, admin, "GET", f"/api/admin/audit?limit=2&before={page['entries'][-1]['id']}", expect=200)
        assert [e["id"] for e in page["entries"] + rest["entries"]] == [e["id"] for e in everything["entries"]]
        for bad in ("limit=0", "limit=201", "limit=x", "from=2026-13-01", f"from={day_one + timedelta(days=1)}&to={day_one}",
                    "before=nope", "action=" + "a" * 65):
            assert (await call(site, admin, "GET", f"/api/admin/audit?{bad}", expect=400))["error"]["code"] == "INVALID"
        for login in (first, person):
            await call(site, login, "GET", "/api/admin/audit", expect=403)
            await call(site, login, "GET", "/api/admin/audit/monthly?month=2026-04", expect=403)


async def test_nothing_edits_or_deletes_the_audit_log_by_any_route(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        moderator = await staff(site, "みまもり", "moderator")
        admin = await staff(site, "かんりにん", "admin")
        _, person = await in_plaza(site)
        await give(site, moderator, person, "warning")
        entry = (await call(site, admin, "GET", "/api/admin/audit", expect=200))["entries"][0]
        for path in ("/api/admin/audit", "/api/admin/audit/monthly"):
            for method in METHODS:
                status, body = await site.api.call(method, path, json={"action": "x"}, token=admin["access_token"])
                assert status == 405 and body["error"]["code"] == "METHOD_NOT_ALLOWED", (method, path, status)
        for method in ("GET", *METHODS):
            status, _ = await site.api.call(method, f"/api/admin/audit/{entry['id']}", json={}, token=admin["access_token"])
            assert status == 404, method
        assert (await call(site, admin, "GET", "/api/admin/audit", expect=200))["entries"] == [entry]


async def test_the_monthly_aggregate_counts_without_personal_data(db_url, tmp_path):
    async with moderated_site(db_url, tmp_path) as site:
        first = await staff(site, "みまもり", "moderator")
        second = await staff(site, "もうひとり", "moderator")
        admin = await staff(site, "かんりにん", "admin")
        _, person = await in_plaza(site)
        rest = (await give(site, first, person, "rest", duration="1h"))["sanction"]
        await give(site, first, person, "warning")
        await give(site, first, person, "note")
        await give(site, admin, person, "ban")  # pending: not counted until confirmed
        await call(site, person, "POST", f"/api/me/sanctions/{rest['id']}/appeal", json={"text": "お願いします"}, expect=201)
        appeal = (await call(site, second, "GET", "/api/moderation/appeals", expect=200))["appeals"][0]
        await call(site, second, "POST", f"/api/moderation/appeals/{appeal['id']}/decide", expect=200,
                   json={"outcome": "lifted", "answer_ja": "取り消します"})
        # two reports about the person; a moderator looks at one ten minutes later, and sees
        # the person's earlier sanctions beside it
        for category in ("harassment", "unsafe_now"):
            await call(site, second, "POST", "/api/reports", expect=202,
                       json={"target": {"kind": "person", "id": person["account"]["id"]}, "category": category})
        reports = (await call(site, first, "GET", "/api/moderation/reports", expect=200))["reports"]
        looked_at = next(r for r in reports if r["category"] == "harassment")
        site.clock.advance(600)
        await call(site, first, "POST", f"/api/moderation/reports/{looked_at['id']}/claim", expect=200)
        detail = (await call(site, first, "GET", f"/api/moderation/reports/{looked_at['id']}", expect=200))["report"]
        earlier = {s["kind"]: s for s in detail["earlier_sanctions"]}  # given at one instant here
        assert sorted(earlier) == ["ban", "note", "rest", "warning"]
        assert [kind for kind, s in earlier.items() if s["appeal"] is not None] == ["rest"]
        month = site.clock.now().strftime("%Y-%m")
        body = await call(site, admin, "GET", f"/api/admin/audit/monthly?month={month}", expect=200)
        assert body["reports_by_category"] == {"harassment": 1, "unsafe_now": 1} and body["reports_urgent"] == 1
        assert body["median_minutes_to_first_look"] == 10.0
        assert body["sanctions_by_kind"] == {"rest": 1, "warning": 1, "note": 1}
        assert body["sanctions_lifted"] == 1
        assert body["appeals_made"] == 1 and body["appeals_decided"] == {"lifted": 1}
        text = json.dumps(body, ensure_ascii=False)
        for secret in (person["account"]["id"], first["account"]["id"], person["account"]["nickname"], "お願いします"):
            assert secret not in text
        empty = await call(site, admin, "GET", "/api/admin/audit/monthly?month=2025-01", expect=200)
        assert empty["sanctions_by_kind"] == {} and empty["appeals_made"] == 0
        assert empty["reports_by_category"] == {} and empty["median_minutes_to_first_look"] is None
        for bad in ("2026-13", "2026-4", "1999-01", "x", ""):
            await call(site, admin, "GET", f"/api/admin/audit/monthly?month={bad}", expect=400)
