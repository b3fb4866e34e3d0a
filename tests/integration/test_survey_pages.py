"""/surveys without JavaScript, on SQLite and PostgreSQL: the list, a form per survey, a plain
form POST that enters as a guest kept in a cookie (so a second answer is refused), refusals
re-shown with the message, a cross-site POST refused, surveys for one group sent to the space."""
from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import func, select

from rooms.surveys.models import SurveyAnswer, SurveyToken
from server import keys
from server.core.clock import FakeClock
from tests.conftest import serving
from tests.integration.events_world import NOW
from tests.integration.test_surveys_api import published


@pytest.fixture
async def clocked(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


def form_for(survey: dict, *, text: str = "また来たいです") -> aiohttp.FormData:
    q = {x["kind"]: x["id"] for x in survey["questions"]}
    form = aiohttp.FormData()
    form.add_field(f"q_{q['single']}", "o2")
    form.add_field(f"q_{q['multiple']}", "o1")
    form.add_field(f"q_{q['multiple']}", "o3")
    form.add_field(f"q_{q['scale']}", "4")
    form.add_field(f"q_{q['text']}", text)
    return form


async def counts(c) -> tuple[int, int]:
    async with c.app[keys.DB_SESSIONS]() as db:
        return (await db.scalar(select(func.count()).select_from(SurveyAnswer)),
                await db.scalar(select(func.count()).select_from(SurveyToken)))


async def test_a_survey_is_answered_without_javascript_once_per_browser(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    survey = await published(c, staff)
    families = await published(c, staff, audience="families", title_ja="ご家族へ")
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(f"{c.url}/surveys") as page:
            html = await page.text()
        assert page.status == 200 and survey["title_ja"] in html and "ご家族へ" in html and "<script" not in html
        async with browser.get(f"{c.url}/surveys/{survey['id']}?lang=en") as page:
            html = await page.text()
        assert page.status == 200 and 'method="post"' in html and "How it feels here" in html
        assert 'type="radio"' in html and 'type="checkbox"' in html and "<textarea" in html
        async with browser.get(f"{c.url}/surveys/{families['id']}") as page:
            html = await page.text()
        assert "<form" not in html and "スペースに入って" in html

        # contact details: re-shown with the message, nothing stored, no cookie given
        async with browser.post(f"{c.url}/surveys/{survey['id']}", data=form_for(survey, text="090-1234-5678へ")) as page:
            html = await page.text()
        assert page.status == 400 and "連絡先" in html and await counts(c) == (0, 0)
        assert not browser.cookie_jar.filter_cookies(f"{c.url}/surveys")
        async with browser.post(f"{c.url}/surveys/{survey['id']}", data=form_for(survey), allow_redirects=False) as page:
            assert page.status == 303 and page.headers["Location"].endswith("answered=1")
            cookie = page.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/surveys" in cookie
        assert await counts(c) == (4, 1)
        async with browser.get(f"{c.url}/surveys/{survey['id']}?answered=1") as page:
            assert "ありがとうございました" in await page.text()
        # the same browser again: the same guest, refused
        async with browser.post(f"{c.url}/surveys/{survey['id']}", data=form_for(survey)) as page:
            html = await page.text()
        assert page.status == 409 and "もう答えてあります" in html
        assert await counts(c) == (4, 1)
        # a post from another site
        async with browser.post(f"{c.url}/surveys/{survey['id']}", data=form_for(survey),
                                headers={"Origin": "https://elsewhere.example"}) as page:
            assert page.status == 403
        async with browser.post(f"{c.url}/surveys/{survey['id']}", data=form_for(survey),
                                headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"}) as page:
            assert page.status == 403
        async with browser.get(f"{c.url}/surveys/{'0' * 32}") as page:
            assert page.status == 404
    # the stored answer is the one the form sent
    status, res = await c.api.call("GET", f"/api/surveys/{survey['id']}/results", token=staff["access_token"])
    assert res["results"]["respondents"] == {"suppressed": True, "fewer_than": 5}
