"""The public events as plain server-rendered pages: /events (upcoming sessions, readable
without JavaScript or an account, Japanese by default, English with ``?lang=en``) and the
public calendar feed /events.ics. Descriptions are the boards sanitiser's output; everything
else is escaped here. Signing up happens in the space (one click, no contact data)."""
from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import select

from rooms.events.catalogue import HORIZON, MAX_LISTED, upcoming
from rooms.events.ics import feed_ics
from rooms.events.models import Event, EventOccurrence
from server import keys

PAGE_HEADERS = {"Cache-Control": "no-cache", "Content-Type": "text/html; charset=utf-8"}

LABELS = {
    "ja": {
        "kind": {"exchange": "交流会", "family_class": "家族教室", "peer_meetup": "ピアの集い", "talk": "お話の会"},
        "audience": {"everyone": "どなたでも", "individuals": "ご本人むけ", "families": "ご家族むけ",
                     "supporters": "支援者むけ", "women": "女性のみ"},
        "registration": {"required": "申し込みが必要です", "drop_in": "申し込みなしで、席があれば入れます"},
        "place": {"hall": "スペースの催し会場", "room": "催しのための部屋"},
    },
    "en": {
        "kind": {"exchange": "Meetup", "family_class": "Family class", "peer_meetup": "Peer meetup", "talk": "Talk"},
        "audience": {"everyone": "Everyone", "individuals": "For individuals", "families": "For families",
                     "supporters": "For supporters", "women": "Women only"},
        "registration": {"required": "Sign-up needed", "drop_in": "Drop in while seats are free"},
        "place": {"hall": "The event hall in the space", "room": "A room of its own"},
    },
}
TEXT = {
    "ja": {
        "site": "いばしょ", "title": "催し", "skip": "本文へ移動", "other_lang": "English", "other_code": "en",
        "intro": "オンラインの交流会や家族教室の予定です。アバターで参加します。名前を出したり、話したりしなくても大丈夫です。"
                 "ほかの参加者が誰かは、参加者どうしには見えません。",
        "how": "申し込みはスペースの「催し」パネルから、ボタンひとつでできます。連絡先は聞きません。入口は始まる10分前に開き、"
               "そのときこのページに「入る」が出ます。",
        "empty": "いまは予定されている催しがありません。",
        "seats": "残り{n}席", "full": "満席 (キャンセル待ちができます)", "hosts": "主催", "calendar": "カレンダーに追加 (.ics)",
        "audience_note": "「女性のみ」などの対象は、ご本人の申告にもとづきます。確かめることはできないため、主催者が退出をお願いすることがあります。",
        "enter": "スペースに入ってみる", "boards": "掲示板", "upcoming": "これからの予定",
        "room_enter": "入る", "room_enter_signed": "申し込んだ方はこちらから入る",
        "door_open": "入口が開いています。",
        "door_drop_in": "申し込みをしていなくても、席があれば入れます。",
        "door_drop_in_full": "満席のため、申し込んでいない方は入れません。",
        "door_register_first": "申し込みがまだの方は、先にスペースの「催し」パネルで申し込んでください。",
        "door_closed_signup": "始まったあとは申し込みができないため、申し込んだ方だけが入れます。",
        "door_opens": "入口は {time} に開きます (日本時間)。",
    },
    "en": {
        "site": "Ibasho", "title": "Events", "skip": "Skip to the content", "other_lang": "日本語", "other_code": "ja",
        "intro": "Online meetups and family classes. You take part as an avatar; you don't need to give a name or speak. "
                 "Attendees cannot see who else is there.",
        "how": "Sign up from the Events panel in the space with one click; no contact details are asked. "
               "The door opens 10 minutes before the start; then an \u201cEnter\u201d link appears on this page.",
        "empty": "No events are planned right now.",
        "seats": "{n} seats left", "full": "Full (you can join the waitlist)", "hosts": "Hosts",
        "calendar": "Add to a calendar (.ics)",
        "audience_note": "Audiences such as \u201cwomen only\u201d rest on what people declare about themselves. "
                         "We cannot check it, so a host may ask someone to leave.",
        "enter": "Step into the space", "boards": "Boards", "upcoming": "Coming up",
        "room_enter": "Enter", "room_enter_signed": "Enter (if you signed up)",
        "door_open": "The door is open.",
        "door_drop_in": "No sign-up needed: come in while seats are free.",
        "door_drop_in_full": "It is full, so only people who signed up can come in.",
        "door_register_first": "If you have not signed up yet, please sign up first in the Events panel of the space.",
        "door_closed_signup": "Sign-up closes at the start, so only people who signed up can come in.",
        "door_opens": "The door opens at {time} (Japan time).",
    },
}


def install_event_pages(app: web.Application) -> None:
    app.router.add_get("/events", events_page)
    app.router.add_get("/events.ics", events_feed)


def _lang(request: web.Request) -> str:
    return "en" if request.query.get("lang") == "en" else "ja"


def _when(request: web.Request, starts: str, ends: str, lang: str) -> str:
    zone = ZoneInfo(request.app[keys.SETTINGS].timezone)
    start = datetime.fromisoformat(starts.replace("Z", "+00:00")).astimezone(zone)
    end = datetime.fromisoformat(ends.replace("Z", "+00:00")).astimezone(zone)
    if lang == "ja":
        weekday = "月火水木金土日"[start.weekday()]
        shown = f"{start.month}月{start.day}日({weekday}) {start:%H:%M}〜{end:%H:%M}"
    else:
        shown = f"{start:%a %-d %B}, {start:%H:%M}\u2013{end:%H:%M}"
    return f'<time datetime="{escape(start.isoformat())}">{escape(shown)}</time>'


def _door(request: web.Request, entry: dict, lang: str, now: datetime) -> str:
    """The way into the live room, or why not yet. The page knows nobody (no account, no
    script), so it says who may enter; the room's own door checks the person."""
    t, event, title = TEXT[lang], entry["event"], escape(_pick(entry["event"], "title", lang))
    if not entry["door_open"]:
        opens = datetime.fromisoformat(entry["door_opens_at"].replace("Z", "+00:00"))
        local = opens.astimezone(ZoneInfo(request.app[keys.SETTINGS].timezone))
        shown = t["door_opens"].format(time=f"{local:%H:%M}")
        return f'<p class="door" data-door="closed"><time datetime="{escape(local.isoformat())}">{escape(shown)}</time></p>'
    started = datetime.fromisoformat(entry["starts_at"].replace("Z", "+00:00")) <= now
    if event["registration"] == "drop_in":
        word = t["room_enter"] if entry["seats_left"] else t["room_enter_signed"]
        why = t["door_drop_in"] if entry["seats_left"] else t["door_drop_in_full"]
    else:
        word, why = t["room_enter_signed"], t["door_closed_signup"] if started else t["door_register_first"]
    href = f"/event/{escape(entry['id'])}"
    return (f'<p class="door" data-door="open"><a class="enter-room" href="{href}" aria-label="{escape(word)}: {title}">'
            f'{escape(word)}</a> <span>{escape(t["door_open"] + ("" if lang == "ja" else " ") + why)}</span></p>')


def _pick(event: dict, name: str, lang: str) -> str:
    return event.get(f"{name}_{lang}") or event.get(f"{name}_ja") or ""


def _item(request: web.Request, entry: dict, lang: str, now: datetime) -> str:
    t, labels, event = TEXT[lang], LABELS[lang], entry["event"]
    seats = t["seats"].format(n=entry["seats_left"]) if entry["seats_left"] else t["full"]
    hosts = "、".join(h["nickname"] for h in event["hosts"]) if lang == "ja" else ", ".join(h["nickname"] for h in event["hosts"])
    tags = "".join(f'<li>{escape(labels[k][event[k]])}</li>' for k in ("kind", "audience", "registration", "place"))
    description = _pick(event, "description_html", lang)
    return (
        f'<li><article class="card event" aria-labelledby="ev-{entry["id"]}"><div class="card-text">'
        f'<h3 id="ev-{entry["id"]}">{escape(_pick(event, "title", lang))}</h3>'
        f'<p class="meta">{_when(request, entry["starts_at"], entry["ends_at"], lang)} · {escape(seats)}</p>'
        f'<ul class="tags">{tags}</ul>'
        f'{_door(request, entry, lang, now)}'
        f'{f"<div class=body>{description}</div>" if description else ""}'
        f'<p class="meta">{t["hosts"]}: {escape(hosts)}</p>'
        f'</div></article></li>'
    )


async def events_page(request: web.Request) -> web.Response:
    lang = _lang(request)
    t = TEXT[lang]
    async with request.app[keys.DB_SESSIONS]() as db:
        entries = await upcoming(db, request.app[keys.CLOCK])
    now = request.app[keys.CLOCK].now()
    items = "".join(_item(request, e, lang, now) for e in entries)
    listing = f'<ul class="cards">{items}</ul>' if entries else f'<p class="empty">{t["empty"]}</p>'
    other = t["other_code"]
    query = "?lang=en" if lang == "en" else ""
    html = f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(t["title"])} | {escape(t["site"])}</title>
<meta name="description" content="{escape(t["intro"])}">
<link rel="alternate" type="text/calendar" href="/events.ics" title="{escape(t["calendar"])}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/boards.css">
<link rel="stylesheet" href="/static/events.css">
</head>
<body>
<a class="skip" href="#main">{t["skip"]}</a>
<header class="site">
<p class="brand"><a href="/events{query}"><span class="brand-name">{escape(t["site"])}</span> <span class="brand-sub">{t["title"]}</span></a></p>
<p class="lang-switch"><a href="/events{"" if other == "ja" else "?lang=en"}" lang="{other}" hreflang="{other}">{t["other_lang"]}</a></p>
</header>
<main id="main">
<h1>{t["title"]}</h1>
<p class="intro">{escape(t["intro"])}</p>
<p class="intro">{escape(t["how"])}</p>
<p><a href="/events.ics">{escape(t["calendar"])}</a></p>
<section aria-labelledby="upcoming"><h2 id="upcoming">{t["upcoming"]}</h2>{listing}</section>
<p class="about">{escape(t["audience_note"])}</p>
</main>
<footer class="site">
<p><a class="enter" href="/">{t["enter"]}</a> · <a href="/boards{query}">{t["boards"]}</a></p>
</footer>
</body>
</html>
"""
    return web.Response(text=html, headers=PAGE_HEADERS)


async def events_feed(request: web.Request) -> web.Response:
    clock = request.app[keys.CLOCK]
    now = clock.now()
    async with request.app[keys.DB_SESSIONS]() as db:
        pairs = (await db.execute(select(EventOccurrence, Event).join(Event, Event.id == EventOccurrence.event_id).where(
            EventOccurrence.ends_at > now, EventOccurrence.starts_at < now + HORIZON, Event.cancelled.is_(False))
            .order_by(EventOccurrence.starts_at, EventOccurrence.id).limit(MAX_LISTED))).all()
    body = feed_ics([tuple(p) for p in pairs], public_url=request.app[keys.SETTINGS].public_url, now=now)
    return web.Response(body=body, content_type="text/calendar", charset="utf-8",
                        headers={"Cache-Control": "public, max-age=300", "Content-Disposition": 'inline; filename="ibasho-events.ics"'})
