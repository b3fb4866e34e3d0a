"""The surveys as plain server-rendered pages: /surveys (the open ones) and /surveys/{id}, a
form answerable without JavaScript, Japanese by default, English with ``?lang=en``.

Signing in without JavaScript: the API's tokens are bearer tokens kept by the web client, so a
plain form cannot send one. The first no-JS answer enters as a guest (the same one click as the
space, the same rate limit) and keeps that guest's refresh token in a cookie only these pages
read (HttpOnly, SameSite=Strict, Path=/surveys); the next answer from the same browser is that
same guest, so "once per account" holds as it does in the space. A survey meant for
individuals or families is answered in the space, where the person says how they come.
A cross-site POST is refused (SameSite keeps the cookie home; Sec-Fetch-Site, or else the
Origin, is checked too), so another site cannot make its visitors answer.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from aiohttp import web

from avatars import accounts
from rooms.surveys import service
from server import keys
from server.core import text
from server.core.errors import MESSAGES, DomainError, ErrorCode
from server.http.client_address import client_key
from server.http.survey_routes import contact_kinds_with
from server.http.survey_words import TEXT, audience_label, pick

PAGE_HEADERS = {"Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8"}
COOKIE = "ibasho_survey"
MAX_FORM = 16 * 1024


def install_survey_pages(app: web.Application) -> None:
    app.router.add_get("/surveys", list_page)
    app.router.add_get("/surveys/{survey_id}", survey_page)
    app.router.add_post("/surveys/{survey_id}", answer_form)


def _lang(request: web.Request) -> str:
    return "en" if request.query.get("lang") == "en" else "ja"


def _q(lang: str, **more: str) -> str:
    params = ({"lang": "en"} if lang == "en" else {}) | more
    return ("?" + "&".join(f"{k}={v}" for k, v in params.items())) if params else ""


def _page(lang: str, title: str, main: str, status: int = 200) -> web.Response:
    t = TEXT[lang]
    other = t["other_code"]
    html = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {escape(t["site"])}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/boards.css">
<link rel="stylesheet" href="/static/surveys.css">
</head>
<body>
<a class="skip" href="#main">{t["skip"]}</a>
<header class="site">
<p class="brand"><a href="/surveys{_q(lang)}"><span class="brand-name">{escape(t["site"])}</span> <span class="brand-sub">{t["title"]}</span></a></p>
<p class="lang-switch"><a href="?{"lang=en" if other == "en" else "lang=ja"}" lang="{other}" hreflang="{other}">{t["other_lang"]}</a></p>
</header>
<main id="main">
{main}
</main>
<footer class="site">
<p><a class="enter" href="/">{t["enter"]}</a> · <a href="/boards{_q(lang)}">{t["boards"]}</a> · <a href="/events{_q(lang)}">{t["events"]}</a></p>
</footer>
</body>
</html>
"""
    return web.Response(text=html, status=status, headers=PAGE_HEADERS)


async def list_page(request: web.Request) -> web.Response:
    lang, now = _lang(request), request.app[keys.CLOCK].now()
    t = TEXT[lang]
    async with request.app[keys.DB_SESSIONS]() as db:
        surveys = await service.open_now(db, now)
    items = "".join(
        f'<li><article class="card survey"><div class="card-text"><h2><a href="/surveys/{s["id"]}{_q(lang)}">'
        f'{escape(pick(s, "title", lang))}</a></h2><p class="meta">{escape(audience_label(s["audience"], lang))}</p>'
        f'</div></article></li>' for s in surveys)
    listing = f'<ul class="cards">{items}</ul>' if surveys else f'<p class="empty">{t["empty"]}</p>'
    return _page(lang, t["title"], f'<h1>{t["title"]}</h1><p class="intro">{escape(t["intro"])}</p>'
                                   f'<p class="intro">{escape(t["anonymous"])}</p>{listing}')


def _question(q: dict, lang: str, t: dict) -> str:
    name = f'q_{q["id"]}'
    prompt = escape(pick(q, "prompt", lang))
    if q["kind"] == "text":
        return (f'<div class="question"><label for="{name}">{prompt}</label>'
                f'<textarea id="{name}" name="{name}" rows="3" maxlength="{text.SURVEY_TEXT.max_length}"></textarea>'
                f'<p class="hint">{escape(t["no_contact"])}</p></div>')
    if q["kind"] == "scale":
        choices = [(str(v), f"{v}") for v in range(1, 6)]
        kind, legend_note = "radio", f' <span class="hint">{escape(t["scale_note"])}</span>'
    else:
        choices = [(o["id"], pick(o, "", lang)) for o in q["options"]]
        kind = "radio" if q["kind"] == "single" else "checkbox"
        legend_note = f' <span class="hint">{escape(t["many"])}</span>' if kind == "checkbox" else ""
    inputs = "".join(f'<label class="choice"><input type="{kind}" name="{name}" value="{escape(v)}"> {escape(label)}</label>'
                     for v, label in choices)
    return f'<fieldset class="question"><legend>{prompt}{legend_note}</legend>{inputs}</fieldset>'


def _survey_main(survey: dict, lang: str, *, note: str = "", error: str = "") -> str:
    t = TEXT[lang]
    head = (f'<h1>{escape(pick(survey, "title", lang))}</h1>'
            f'<p class="meta">{escape(audience_label(survey["audience"], lang))}</p>'
            f'<p class="intro">{escape(pick(survey, "description", lang))}</p>')
    if note:
        return head + f'<p class="notice" role="status">{escape(note)}</p><p><a href="/surveys{_q(lang)}">{t["back"]}</a></p>'
    if survey["audience"] != "everyone":
        return head + f'<p class="notice">{escape(t["in_space"])}</p><p><a class="enter" href="/">{t["enter"]}</a></p>'
    alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    questions = "".join(_question(q, lang, t) for q in survey["questions"])
    return (head + alert + f'<p class="intro">{escape(t["anonymous"])} {escape(t["skip_any"])}</p>'
            f'<form method="post" action="/surveys/{survey["id"]}{_q(lang)}">{questions}'
            f'<p><button type="submit">{t["send"]}</button></p></form>')


async def _shown(request: web.Request, survey_id: str) -> dict | None:
    async with request.app[keys.DB_SESSIONS]() as db:
        return await service.shown_publicly(db, request.app[keys.CLOCK].now(), survey_id)


async def survey_page(request: web.Request) -> web.Response:
    lang = _lang(request)
    t = TEXT[lang]
    survey = await _shown(request, request.match_info["survey_id"])
    if survey is None:
        return _page(lang, t["not_found_title"], f'<h1>{t["not_found_title"]}</h1><p>{t["not_found"]}</p>'
                                                 f'<p><a href="/surveys{_q(lang)}">{t["back"]}</a></p>', 404)
    note = t["thanks"] if request.query.get("answered") == "1" else ""
    return _page(lang, pick(survey, "title", lang), _survey_main(survey, lang, note=note))


def _answers(form, survey: dict) -> list[dict]:
    """The form's fields as the API's answers (a blank question is skipped)."""
    out = []
    for q in survey["questions"]:
        values = [v for v in form.getall(f'q_{q["id"]}', []) if isinstance(v, str) and v.strip()]
        if not values:
            continue
        if q["kind"] == "scale":
            value: object = int(values[0]) if len(values) == 1 and values[0].isdigit() and len(values[0]) < 3 else values[0]
        elif q["kind"] == "single":
            value = values[0] if len(values) == 1 else values
        elif q["kind"] == "multiple":
            value = values
        else:
            value = values[0]
        out.append({"question_id": q["id"], "value": value})
    return out


def _same_origin(request: web.Request) -> bool:
    """Fetch metadata first (browsers send it even under ``Referrer-Policy: no-referrer``,
    which turns a form's Origin into "null"); else the Origin, when there is a real one."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return True
    public = urlsplit(request.app[keys.SETTINGS].public_url)
    return urlsplit(origin).netloc in (request.host, public.netloc)


async def _signed_in(request: web.Request, db) -> accounts.SignedIn | None:
    """The guest this browser answered as before, or a new one (rate-limited like the space's)."""
    app = request.app
    kept = request.cookies.get(COOKIE)
    if kept:
        try:
            return await accounts.refresh(db, app[keys.CLOCK], kept)
        except DomainError:
            pass
    if not app[keys.GUEST_LIMITER].try_acquire(client_key(request)):
        return None
    return await accounts.enter_as_guest(db, app[keys.CLOCK], app[keys.RNG], lang=_lang(request))


async def answer_form(request: web.Request) -> web.StreamResponse:
    lang = _lang(request)
    t = TEXT[lang]
    survey_id = request.match_info["survey_id"]
    if not _same_origin(request):
        return _page(lang, t["title"], f'<p class="error">{t["cross_site"]}</p>', 403)
    if request.content_length is None or request.content_length > MAX_FORM:
        return _page(lang, t["title"], f'<p class="error">{t["too_long"]}</p>', 413)
    survey = await _shown(request, survey_id)
    if survey is None:
        return _page(lang, t["not_found_title"], f'<h1>{t["not_found_title"]}</h1><p>{t["not_found"]}</p>', 404)
    answers = _answers(await request.post(), survey)
    app, error, signed, code = request.app, "", None, None
    try:
        async with app[keys.DB_SESSIONS].begin() as db:
            signed = await _signed_in(request, db)
            if signed is None:
                raise DomainError(ErrorCode.RATE_LIMITED)
            actor = accounts.principal_of(signed.account, signed.session_id)
            await service.answer(db, app[keys.CLOCK], actor, survey_id, answers, secret=app[keys.SETTINGS].secret,
                                 contact_kinds=contact_kinds_with(app[keys.SHIELD]))
    except DomainError as exc:
        # Rolled back whole: a new guest was never made, a kept cookie's token is still the valid one.
        code = exc.code
        ja, en = MESSAGES[code]
        error = en if lang == "en" else ja
    if error:
        status = 429 if code == ErrorCode.RATE_LIMITED else 409 if code == ErrorCode.SURVEY_ANSWERED else 400
        return _page(lang, pick(survey, "title", lang), _survey_main(survey, lang, error=error), status)
    response = web.Response(status=303, headers={"Location": f"/surveys/{survey_id}{_q(lang, answered='1')}",
                                                 "Cache-Control": "no-store"})
    _keep(request, response, signed.refresh_token)
    return response


def _keep(request: web.Request, response: web.StreamResponse, refresh_token: str) -> None:
    response.set_cookie(COOKIE, refresh_token, max_age=int(accounts.REFRESH_TTL.total_seconds()),
                        path="/surveys", httponly=True, samesite="Strict",
                        secure=request.app[keys.SETTINGS].secure_cookies)
