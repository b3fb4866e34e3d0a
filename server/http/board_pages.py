"""The boards as plain server-rendered pages: /boards, /boards/{category}, /boards/post/{id}.

For people who never enter the space, search engines and screen readers: no JavaScript, no
account, semantic HTML, Japanese by default and English with ``?lang=en``. Post bodies are
the sanitiser's output; everything else is escaped here. Also mounts the staff console page.
"""
from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

from rooms.boards import service
from rooms.boards.categories import CATEGORIES, Category, category
from rooms.boards.markdown import render
from rooms.boards.models import BoardImage, BoardPost
from rooms.boards.search import MAX_QUERY_CHARS
from rooms.boards.storage import IMAGE_ID
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.http.principal import client_key

CLIENT_DIR = Path(__file__).resolve().parents[2] / "web_client"
PER_CATEGORY_ON_INDEX = 4
PAGE_HEADERS = {"Cache-Control": "no-cache", "Content-Type": "text/html; charset=utf-8"}

TEXT = {
    "ja": {
        "site": "いばしょ", "boards": "掲示板", "skip": "本文へ移動", "other_lang": "English", "other_code": "en",
        "intro": "相談のしかた、イベント、経験した人の声、ご家族への情報をまとめています。"
                 "アカウントがなくても、だれでも読めます。",
        "search_label": "掲示板のなかを探す", "search_button": "探す", "results": "「{q}」の検索結果: {n}件",
        "no_results": "見つかりませんでした。ことばを短くすると見つかることがあります。",
        "empty": "いまはまだ記事がありません。", "more": "{label}をすべて見る", "pinned": "おすすめ",
        "published": "公開", "updated": "更新", "enter": "スペースに入ってみる",
        "enter_note": "アバターで入れる場所です。話さなくても、見ているだけでも大丈夫です。",
        "helpful_question": "この記事は役に立ちましたか?", "helpful_button": "役に立った",
        "helpful_count": "{n}人が「役に立った」と伝えてくれました。",
        "helpful_thanks": "伝えてくださって、ありがとうございます。",
        "helpful_wait": "少し時間をおいてから、もう一度お試しください。",
        "helpful_note": "だれが押したかは記録しません。",
        "report_post": "この投稿を見守りのスタッフに報告する（いばしょに入ってから）",
        "only_other": "この記事は英語だけで書かれています。", "crumbs": "現在の位置",
        "not_found_title": "見つかりませんでした",
        "not_found": "お探しのページは見つかりませんでした。公開が終わったのかもしれません。",
        "back": "掲示板のトップへ戻る", "categories": "カテゴリー",
    },
    "en": {
        "site": "Ibasho", "boards": "Boards", "skip": "Skip to the content", "other_lang": "日本語", "other_code": "ja",
        "intro": "How to consult, events, voices of lived experience, and information for families. "
                 "Anyone can read them, no account needed.",
        "search_label": "Search the boards", "search_button": "Search", "results": "Results for “{q}”: {n}",
        "no_results": "Nothing found. A shorter word sometimes helps.",
        "empty": "No posts here yet.", "more": "All of {label}", "pinned": "Recommended",
        "published": "Published", "updated": "Updated", "enter": "Step into the space",
        "enter_note": "A place you visit as an avatar. You don't have to talk; just looking around is fine.",
        "helpful_question": "Did this help?", "helpful_button": "This helped",
        "helpful_count": "{n} people said this helped.",
        "helpful_thanks": "Thank you for letting us know.",
        "helpful_wait": "Please wait a little and try again.",
        "helpful_note": "We don't record who pressed it.",
        "report_post": "Report this post to the moderators (once inside Ibasho)",
        "only_other": "This post is only available in Japanese.", "crumbs": "You are here",
        "not_found_title": "Not found",
        "not_found": "We couldn't find that page. It may no longer be published.",
        "back": "Back to the boards", "categories": "Categories",
    },
}


def install_boards(app: web.Application) -> None:
    """The boards' non-API pages (HTML, the console, a form post)."""
    app.router.add_get("/boards", index_page)
    app.router.add_get("/boards/post/{post_id}", post_page)
    app.router.add_post("/boards/post/{post_id}/helpful", helpful_form)
    app.router.add_get("/boards/{category}", category_page)
    app.router.add_get("/console/boards", console_page)


# --- small helpers ------------------------------------------------------------------------

def _lang(request: web.Request) -> str:
    return "en" if request.query.get("lang") == "en" else "ja"


def _href(path: str, lang: str, **params: str) -> str:
    query = {**({"lang": "en"} if lang == "en" else {}), **{k: v for k, v in params.items() if v}}
    return path + ("?" + urlencode(query) if query else "")


def _label(cat: Category, lang: str) -> str:
    return cat.label_en if lang == "en" else cat.label_ja


def _about(cat: Category, lang: str) -> str:
    return cat.about_en if lang == "en" else cat.about_ja


def _post_lang(post: BoardPost, lang: str) -> str:
    """The language a post is shown in: the asked one if it exists, else the other."""
    return lang if service.has_lang(post, lang) else ("ja" if lang == "en" else "en")


def _date(request: web.Request, value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(request.app[keys.SETTINGS].timezone))
    text = f"{local.year}年{local.month}月{local.day}日" if lang == "ja" else local.strftime("%-d %B %Y")
    return f'<time datetime="{escape(local.isoformat())}">{escape(text)}</time>'


def _page(request: web.Request, lang: str, *, title: str, description: str, path: str, main: str,
          status: int = 200, extra_query: dict[str, str] | None = None) -> web.Response:
    t = TEXT[lang]
    public = request.app[keys.SETTINGS].public_url
    query = extra_query or {}
    other = t["other_code"]
    canonical = public + _href(path, lang, **query)
    head_links = (
        f'<link rel="canonical" href="{escape(canonical)}">'
        f'<link rel="alternate" hreflang="ja" href="{escape(public + _href(path, "ja", **query))}">'
        f'<link rel="alternate" hreflang="en" href="{escape(public + _href(path, "en", **query))}">'
    )
    html = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {escape(t["site"])}</title>
<meta name="description" content="{escape(description)}">
{head_links}
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/boards.css">
</head>
<body>
<a class="skip" href="#main">{t["skip"]}</a>
<header class="site">
<p class="brand"><a href="{_href("/boards", lang)}"><span class="brand-name">{escape(t["site"])}</span> <span class="brand-sub">{t["boards"]}</span></a></p>
<p class="lang-switch"><a href="{escape(_href(path, other, **query))}" lang="{other}" hreflang="{other}">{t["other_lang"]}</a></p>
</header>
<main id="main">
{main}
</main>
<footer class="site">
<p><a class="enter" href="/">{t["enter"]}</a></p>
<p class="enter-note">{t["enter_note"]}</p>
</footer>
</body>
</html>
"""
    return web.Response(text=html, status=status, headers=PAGE_HEADERS)


def _not_found(request: web.Request, lang: str) -> web.Response:
    t = TEXT[lang]
    main = (f'<h1>{t["not_found_title"]}</h1><p>{t["not_found"]}</p>'
            f'<p><a href="{_href("/boards", lang)}">{t["back"]}</a></p>')
    return _page(request, lang, title=t["not_found_title"], description=t["not_found"], path="/boards",
                 main=main, status=404)


def _thumb(image: BoardImage | None) -> str:
    if image is None:
        return ""
    return (f'<img class="card-image" src="/api/boards/images/{image.id}/thumb" alt="" '
            f'width="{image.thumb_width}" height="{image.thumb_height}" loading="lazy">')


def _card(request: web.Request, post: BoardPost, image: BoardImage | None, lang: str, heading: str = "h3") -> str:
    t = TEXT[lang]
    shown = _post_lang(post, lang)
    title = getattr(post, f"title_{shown}")
    excerpt = getattr(post, f"excerpt_{shown}")
    lang_attr = f' lang="{shown}"' if shown != lang else ""
    pinned = f'<p class="badge">{t["pinned"]}</p>' if post.pinned else ""
    return (
        f'<li><article class="card{" pinned" if post.pinned else ""}"{lang_attr}>'
        f"{_thumb(image)}"
        f'<div class="card-text">{pinned}'
        f'<{heading}><a href="{escape(_href(f"/boards/post/{post.id}", lang))}">{escape(title)}</a></{heading}>'
        f'<p class="meta">{_date(request, post.shown_at, lang)}</p>'
        f'<p class="excerpt">{escape(excerpt)}</p></div></article></li>'
    )


def _cards(request: web.Request, posts: list[BoardPost], images: dict[str, BoardImage], lang: str,
           heading: str = "h3") -> str:
    if not posts:
        return f'<p class="empty">{TEXT[lang]["empty"]}</p>'
    items = "".join(_card(request, p, images.get(p.image_id or ""), lang, heading) for p in posts)
    return f'<ul class="cards">{items}</ul>'


def _search_form(lang: str, query: str = "") -> str:
    t = TEXT[lang]
    hidden = '<input type="hidden" name="lang" value="en">' if lang == "en" else ""
    return (
        f'<form class="search" role="search" method="get" action="/boards">'
        f'<label for="q">{t["search_label"]}</label>'
        f'<span class="search-row"><input id="q" name="q" type="search" maxlength="{MAX_QUERY_CHARS}" '
        f'value="{escape(query)}">{hidden}<button type="submit">{t["search_button"]}</button></span></form>'
    )


# --- pages --------------------------------------------------------------------------------

async def index_page(request: web.Request) -> web.Response:
    lang = _lang(request)
    t = TEXT[lang]
    query = request.query.get("q", "")[:MAX_QUERY_CHARS].strip()
    clock = request.app[keys.CLOCK]
    async with request.app[keys.DB_SESSIONS]() as db:
        if query:
            posts = await service.visible_posts(db, clock, query=query, limit=service.MAX_LIST)
            by_category = {}
        else:
            posts = []
            by_category = {
                c.key: await service.visible_posts(db, clock, category=c.key, limit=PER_CATEGORY_ON_INDEX + 1)
                for c in CATEGORIES
            }
        wanted = {p.image_id for p in posts} | {p.image_id for ps in by_category.values() for p in ps}
        images = await service.images_by_id(db, {i for i in wanted if i})
    parts = [f'<h1>{t["boards"]}</h1>', f'<p class="intro">{t["intro"]}</p>', _search_form(lang, query)]
    if query:
        parts.append(f'<section aria-labelledby="results"><h2 id="results">'
                     f'{escape(t["results"].format(q=query, n=len(posts)))}</h2>')
        parts.append(_cards(request, posts, images, lang) if posts else f'<p class="empty">{t["no_results"]}</p>')
        parts.append("</section>")
    else:
        nav = "".join(f'<li><a href="{_href(f"/boards/{c.key}", lang)}">{escape(_label(c, lang))}</a></li>'
                      for c in CATEGORIES)
        parts.append(f'<nav class="categories" aria-label="{t["categories"]}"><ul>{nav}</ul></nav>')
        for c in CATEGORIES:
            shown = by_category[c.key][:PER_CATEGORY_ON_INDEX]
            more = ""
            if len(by_category[c.key]) > PER_CATEGORY_ON_INDEX:
                more = (f'<p class="more"><a href="{_href(f"/boards/{c.key}", lang)}">'
                        f'{escape(t["more"].format(label=_label(c, lang)))}</a></p>')
            parts.append(
                f'<section class="category category-{c.key}" aria-labelledby="cat-{c.key}">'
                f'<h2 id="cat-{c.key}"><a href="{_href(f"/boards/{c.key}", lang)}">{escape(_label(c, lang))}</a></h2>'
                f'<p class="about">{escape(_about(c, lang))}</p>{_cards(request, shown, images, lang)}{more}</section>'
            )
    return _page(request, lang, title=t["boards"], description=t["intro"], path="/boards", main="".join(parts),
                 extra_query={"q": query} if query else None)


def _crumbs(lang: str, cat: Category | None) -> str:
    t = TEXT[lang]
    items = [f'<li><a href="{_href("/boards", lang)}">{t["boards"]}</a></li>']
    if cat is not None:
        items.append(f'<li><a href="{_href(f"/boards/{cat.key}", lang)}">{escape(_label(cat, lang))}</a></li>')
    return f'<nav class="crumbs" aria-label="{t["crumbs"]}"><ol>{"".join(items)}</ol></nav>'


async def category_page(request: web.Request) -> web.Response:
    lang = _lang(request)
    cat = category(request.match_info["category"])
    if cat is None:
        return _not_found(request, lang)
    async with request.app[keys.DB_SESSIONS]() as db:
        posts = await service.visible_posts(db, request.app[keys.CLOCK], category=cat.key, limit=service.MAX_LIST)
        images = await service.images_by_id(db, {p.image_id for p in posts if p.image_id})
    main = (f'{_crumbs(lang, None)}<h1>{escape(_label(cat, lang))}</h1><p class="about">{escape(_about(cat, lang))}</p>'
            f'{_cards(request, posts, images, lang, heading="h2")}')
    return _page(request, lang, title=_label(cat, lang), description=_about(cat, lang), path=f"/boards/{cat.key}",
                 main=main)


def _helpful_block(post: BoardPost, lang: str, state: str) -> str:
    t = TEXT[lang]
    message = {"1": t["helpful_thanks"], "wait": t["helpful_wait"]}.get(state, "")
    status = f'<p class="helpful-status" role="status">{message}</p>' if message else ""
    count = f'<p class="helpful-count">{escape(t["helpful_count"].format(n=post.helpful_count))}</p>' \
        if post.helpful_count else ""
    action = escape(_href(f"/boards/post/{post.id}/helpful", lang))
    return (
        f'<section class="helpful" id="helpful" aria-labelledby="helpful-q"><h2 id="helpful-q">{t["helpful_question"]}</h2>'
        f'<form method="post" action="{action}"><button type="submit">{t["helpful_button"]}</button></form>'
        f'{status}{count}<p class="note">{t["helpful_note"]}</p></section>'
    )


async def post_page(request: web.Request) -> web.Response:
    lang = _lang(request)
    t = TEXT[lang]
    try:
        async with request.app[keys.DB_SESSIONS]() as db:
            post = await service.visible_post(db, request.app[keys.CLOCK], request.match_info["post_id"])
            image = await db.get(BoardImage, post.image_id) if post.image_id else None
    except DomainError as exc:
        if exc.code != ErrorCode.NOT_FOUND:
            raise
        return _not_found(request, lang)
    shown = _post_lang(post, lang)
    cat = category(post.category)
    title = getattr(post, f"title_{shown}")
    note = f'<p class="lang-note">{t["only_other"]}</p>' if shown != lang else ""
    lang_attr = f' lang="{shown}"' if shown != lang else ""
    figure = ""
    if image is not None:
        figure = (f'<figure class="cover"><img src="/api/boards/images/{image.id}" alt="{escape(image.alt)}" '
                  f'width="{image.width}" height="{image.height}"></figure>')
    updated = ""
    if post.updated_at and post.shown_at and post.updated_at.date() > post.shown_at.date():
        updated = f' <span class="updated">{t["updated"]} {_date(request, post.updated_at, lang)}</span>'
    main = (
        f"{_crumbs(lang, cat)}{note}"
        f'<article class="post"{lang_attr}>'
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="meta">{t["published"]} {_date(request, post.shown_at, lang)}{updated}</p></header>'
        f'{figure}<div class="prose">{render(getattr(post, f"body_{shown}"))}</div></article>'
        f'{_helpful_block(post, lang, request.query.get("helped", ""))}'
        f'<p class="report-link"><a href="/?report_post={escape(post.id)}">{t["report_post"]}</a></p>'
    )
    return _page(request, lang, title=title, description=getattr(post, f"excerpt_{shown}") or title,
                 path=f"/boards/post/{post.id}", main=main)


async def helpful_form(request: web.Request) -> web.Response:
    """The no-JavaScript "this helped" button: count, then send the reader back to the post."""
    lang = _lang(request)
    post_id = request.match_info["post_id"]
    if not IMAGE_ID.match(post_id):  # ids of posts and images share one shape
        return _not_found(request, lang)
    state = "1"
    if not request.app[keys.BOARD_HELPFUL_LIMITER].try_acquire(client_key(request)):
        state = "wait"
    else:
        try:
            async with request.app[keys.DB_SESSIONS].begin() as db:
                await service.mark_helpful(db, request.app[keys.CLOCK], post_id)
        except DomainError as exc:
            if exc.code != ErrorCode.NOT_FOUND:
                raise
            return _not_found(request, lang)
    location = _href(f"/boards/post/{post_id}", lang, helped=state) + "#helpful"
    raise web.HTTPSeeOther(location=location)


async def console_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(CLIENT_DIR / "boards-console.html", headers=PAGE_HEADERS)
