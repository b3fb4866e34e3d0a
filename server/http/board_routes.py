"""REST for the information boards: reading (anyone), authoring (staff and admins), images.

Reading never needs an account; with one, posts shown since the caller's last visit are
marked ``is_new``. Authoring rules live in rooms.boards (policy + service); each handler is the
service call and the JSON shape (ApiRoute checks auth, parses, opens one transaction and sends
the service's emits after commit).
"""
from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from pydantic import AwareDatetime, BeforeValidator, Field, ValidationInfo

from moderation.sanctions.ladder import Capability
from rooms.boards import service
from rooms.boards.categories import CATEGORIES
from rooms.boards.images import MAX_UPLOAD_BYTES, ProcessedImage, process_image, too_large
from rooms.boards.markdown import render
from rooms.boards.models import BoardImage, BoardPost, BoardRevision
from rooms.boards.search import MAX_QUERY_CHARS
from rooms.boards.storage import IMAGE_ID
from server import keys
from server.core import dates, text
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.core.policy import AUTHOR_ROLES
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call, roles

IMAGE_CACHE = "public, max-age=31536000, immutable"  # an image id never changes its bytes
FORM_OVERHEAD = 16 * 1024  # multipart boundaries, headers and the alt text around the file
MAX_ALT_BYTES = 2000


def _instant(value: Any, info: ValidationInfo) -> Any:
    """Through the shared parser: an ISO 8601 string with an offset, inside the sane window."""
    if value is not None and not isinstance(value, str):
        raise ValueError("an ISO 8601 date-time string is expected")
    return None if value is None else dates.parse_instant(value, info.field_name or "date")


IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_instant), Field(strict=False)]


class PostBody(Command):
    category: str = Field(max_length=20)
    title_ja: str = text_field(text.BOARD_TITLE, "")
    title_en: str = text_field(text.BOARD_TITLE, "")
    body_ja: str = text_field(text.BOARD_BODY, "")
    body_en: str = text_field(text.BOARD_BODY, "")
    image_id: str | None = Field(None, max_length=32)
    pinned: bool = False
    publish_from: IsoDateTime | None = None
    publish_until: IsoDateTime | None = None


class PostPatch(Command):
    """Only the fields sent change; ``version`` is the one the editor started from."""

    version: int | None = None
    category: str | None = Field(None, max_length=20)
    title_ja: str | None = text_field(text.BOARD_TITLE, None)
    title_en: str | None = text_field(text.BOARD_TITLE, None)
    body_ja: str | None = text_field(text.BOARD_BODY, None)
    body_en: str | None = text_field(text.BOARD_BODY, None)
    image_id: str | None = Field(None, max_length=32)
    pinned: bool | None = None
    publish_from: IsoDateTime | None = None
    publish_until: IsoDateTime | None = None


class VersionBody(Command):
    version: int | None = None


class PreviewBody(Command):
    body_ja: str = text_field(text.BOARD_BODY, "")
    body_en: str = text_field(text.BOARD_BODY, "")


NULLABLE = frozenset({"image_id", "publish_from", "publish_until"})


# --- JSON shapes ------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def image_json(image: BoardImage | None) -> dict | None:
    if image is None:
        return None
    return {
        "id": image.id, "url": f"/api/boards/images/{image.id}", "thumb_url": f"/api/boards/images/{image.id}/thumb",
        "alt": image.alt, "name": image.name, "content_type": image.content_type,
        "width": image.width, "height": image.height, "thumb_width": image.thumb_width, "thumb_height": image.thumb_height,
    }


def summary_json(post: BoardPost, image: BoardImage | None, last_visit: datetime | None) -> dict:
    return {
        "id": post.id, "category": post.category, "url": f"/boards/post/{post.id}",
        "title_ja": post.title_ja, "title_en": post.title_en,
        "excerpt_ja": post.excerpt_ja, "excerpt_en": post.excerpt_en,
        "langs": [lang for lang in service.LANGS if service.has_lang(post, lang)],
        "pinned": post.pinned, "shown_at": _iso(post.shown_at), "updated_at": _iso(post.updated_at),
        "helpful_count": post.helpful_count, "image": image_json(image), "is_new": service.is_new(post, last_visit),
    }


def post_json(post: BoardPost, image: BoardImage | None, last_visit: datetime | None) -> dict:
    return {**summary_json(post, image, last_visit), "html_ja": render(post.body_ja), "html_en": render(post.body_en)}


def staff_json(post: BoardPost, image: BoardImage | None, now: datetime) -> dict:
    return {
        "id": post.id, "category": post.category, "version": post.version, "status": service.status(post, now),
        "title_ja": post.title_ja, "title_en": post.title_en, "body_ja": post.body_ja, "body_en": post.body_en,
        "image_id": post.image_id, "image": image_json(image), "pinned": post.pinned, "published": post.published,
        "publish_from": _iso(post.publish_from), "publish_until": _iso(post.publish_until),
        "published_at": _iso(post.published_at), "shown_at": _iso(post.shown_at),
        "created_at": _iso(post.created_at), "updated_at": _iso(post.updated_at),
        "author_id": post.author_id, "helpful_count": post.helpful_count, "url": f"/boards/post/{post.id}",
    }


def revision_json(rev: BoardRevision) -> dict:
    return {
        "id": rev.id, "version": rev.version, "action": rev.action, "editor_id": rev.editor_id,
        "editor_nickname": rev.editor_nickname, "created_at": _iso(rev.created_at), "category": rev.category,
        "title_ja": rev.title_ja, "title_en": rev.title_en, "body_ja": rev.body_ja, "body_en": rev.body_en,
        "image_id": rev.image_id, "pinned": rev.pinned, "published": rev.published,
        "publish_from": _iso(rev.publish_from), "publish_until": _iso(rev.publish_until),
    }


def _int_query(call: Call, name: str, default: int, low: int, high: int) -> int:
    raw = call.query(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise DomainError(ErrorCode.INVALID, field=name)
    return int(raw)


# --- reading (anyone) -------------------------------------------------------------------

async def list_categories(call: Call) -> dict:
    db, clock = call.db, call.clock
    counts = await service.visible_counts(db, clock)
    last = await service.last_visit(db, call.actor)
    fresh = await service.visible_counts(db, clock, since=last) if last else {}
    return {
        "categories": [
            {"key": c.key, "label_ja": c.label_ja, "label_en": c.label_en, "about_ja": c.about_ja, "about_en": c.about_en,
             "count": counts.get(c.key, 0), "new_count": fresh.get(c.key, 0)}
            for c in CATEGORIES
        ],
        "last_visit_at": _iso(last),
    }


async def list_posts(call: Call) -> dict:
    query = call.query("q") or ""
    if len(query) > MAX_QUERY_CHARS:
        raise DomainError(ErrorCode.INVALID, field="q")
    limit = _int_query(call, "limit", 50, 1, service.MAX_LIST)
    offset = _int_query(call, "offset", 0, 0, 100_000)
    posts = await service.visible_posts(
        call.db, call.clock, category=call.query("category") or None, query=query, limit=limit, offset=offset,
    )
    images = await service.images_by_id(call.db, {p.image_id for p in posts if p.image_id})
    last = await service.last_visit(call.db, call.actor)
    return {"posts": [summary_json(p, images.get(p.image_id), last) for p in posts], "last_visit_at": _iso(last)}


async def get_post(call: Call) -> dict:
    post = await service.visible_post(call.db, call.clock, call.path("post_id"))
    image = await call.db.get(BoardImage, post.image_id) if post.image_id else None
    return post_json(post, image, await service.last_visit(call.db, call.actor))


async def helpful(call: Call) -> dict:
    # The limiter holds a keyed hash of the address in memory for a few minutes, never which post.
    if not call.app[keys.BOARD_HELPFUL_LIMITER].try_acquire(call.client_key):
        raise DomainError(ErrorCode.RATE_LIMITED)
    return {"helpful_count": await service.mark_helpful(call.db, call.clock, call.path("post_id"))}


async def mark_visited(call: Call) -> dict:
    previous = await service.mark_visited(call.db, call.clock, call.actor)
    return {"previous_visit_at": _iso(previous), "visited_at": _iso(call.clock.now())}


async def _serve_image(call: Call, variant: str) -> web.StreamResponse:
    image_id = call.path("image_id")
    if not IMAGE_ID.match(image_id):
        raise DomainError(ErrorCode.NOT_FOUND)
    image = await service.image(call.db, image_id)
    path = call.app[keys.BOARD_IMAGES].path(image.id, image.content_type, variant)
    if not path.is_file():
        raise DomainError(ErrorCode.NOT_FOUND)
    return web.FileResponse(path, headers={
        "Cache-Control": IMAGE_CACHE, "Content-Type": image.content_type, "Cross-Origin-Resource-Policy": "same-origin",
    })


async def serve_image(call: Call) -> web.StreamResponse:
    return await _serve_image(call, "full")


async def serve_thumbnail(call: Call) -> web.StreamResponse:
    return await _serve_image(call, "thumb")


# --- authoring (staff and admins) -------------------------------------------------------

async def _staff_view(call: Call, post: BoardPost) -> dict:
    image = await call.db.get(BoardImage, post.image_id) if post.image_id else None
    return staff_json(post, image, call.clock.now())


async def _with_staff_view(call: Call, outcome: Outcome[BoardPost]) -> Outcome[dict]:
    """The post as its author sees it, read in the same transaction; emits sent after commit."""
    return Outcome(await _staff_view(call, outcome.value), outcome.emits)


async def create_post(call: Call) -> Outcome[dict]:
    fields = service.PostFields(**call.body.model_dump())
    shown = await _with_staff_view(call, await service.create_post(call.db, call.clock, call.actor, fields))
    # Contact details in a post: staff are warned (the post is theirs to publish), never blocked.
    return Outcome({"post": shown.value, **call.app[keys.SHIELD].warn_staff(call.body.model_dump().values())}, shown.emits)


async def update_post(call: Call) -> Outcome[dict]:
    body = call.body
    changes = {}
    for name in body.model_fields_set - {"version"}:
        value = getattr(body, name)
        if value is None and name not in NULLABLE:
            raise DomainError(ErrorCode.INVALID, field=name)
        changes[name] = value
    outcome = await service.update_post(
        call.db, call.clock, call.actor, call.path("post_id"), changes, expected_version=body.version,
    )
    shown = await _with_staff_view(call, outcome)
    return Outcome({"post": shown.value, **call.app[keys.SHIELD].warn_staff(changes.values())}, shown.emits)


def _switch(action):
    async def handler(call: Call) -> Outcome[dict]:
        outcome = await action(call.db, call.clock, call.actor, call.path("post_id"), expected_version=call.body.version)
        return await _with_staff_view(call, outcome)

    handler.__name__ = action.__name__
    return handler


publish_post = _switch(service.publish_post)
unpublish_post = _switch(service.unpublish_post)


async def manage_posts(call: Call) -> list:
    posts = await service.all_posts(call.db, call.actor)
    images = await service.images_by_id(call.db, {p.image_id for p in posts if p.image_id})
    now = call.clock.now()
    return [staff_json(p, images.get(p.image_id), now) for p in posts]


async def manage_post(call: Call) -> dict:
    return await _staff_view(call, await service.staff_post(call.db, call.actor, call.path("post_id")))


async def list_revisions(call: Call) -> list:
    return [revision_json(r) for r in await service.revisions(call.db, call.actor, call.path("post_id"))]


async def preview(call: Call) -> dict:
    html = service.preview(call.actor, body_ja=call.body.body_ja, body_en=call.body.body_en)
    return {"html_ja": html["ja"], "html_en": html["en"]}


async def _read_capped(part, cap: int, on_overflow: DomainError) -> bytes:
    chunks, size = [], 0
    while chunk := await part.read_chunk(64 * 1024):
        size += len(chunk)
        if size > cap:
            raise on_overflow
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_upload(request: web.Request) -> tuple[bytes, str, str]:
    """The multipart form, read from the stream with our own 10 MB cap (the app-wide body
    limit of 64 KB stays in force everywhere else)."""
    if request.content_type != "multipart/form-data":
        raise DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE)
    if request.content_length is not None and request.content_length > MAX_UPLOAD_BYTES + FORM_OVERHEAD:
        raise too_large("bytes")
    data, name, alt = None, "", ""
    try:
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):  # a multipart nested in a part: not our form
                raise DomainError(ErrorCode.INVALID)
            if part.name == "file" and data is None:
                name = part.filename or ""
                data = await _read_capped(part, MAX_UPLOAD_BYTES, too_large("bytes"))
            elif part.name == "alt":
                raw = await _read_capped(part, MAX_ALT_BYTES, DomainError(ErrorCode.INVALID, field="alt"))
                alt = raw.decode("utf-8", errors="replace")
            else:
                raise DomainError(ErrorCode.INVALID, field=str(part.name or "")[:40] or None)
    except (ValueError, AssertionError, LookupError, HttpProcessingError):  # a malformed multipart body
        raise DomainError(ErrorCode.INVALID) from None
    if not data:
        raise DomainError(ErrorCode.INVALID, field="file")
    return data, name, alt


async def upload_image(call: Call) -> dict:
    data, name, alt = await _read_upload(call.request)
    processed: ProcessedImage = await asyncio.to_thread(process_image, data)  # Pillow off the event loop
    store = call.app[keys.BOARD_IMAGES]
    saved = await service.save_image(call.db, call.clock, call.actor, store, processed, name=name, alt=alt)
    call.on_failure(lambda: store.delete(saved.id, saved.content_type))  # the row did not commit: no orphan files
    image = image_json(saved)
    return {"image": image, "markdown": f"![{_md_alt(saved.alt)}]({image['url']})"}


def _md_alt(alt: str) -> str:
    return alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


async def list_images(call: Call) -> list:
    return [image_json(r) for r in await service.images(call.db, call.actor)]


AUTHOR_ERRORS = ("INVALID", "NOT_FOUND", "CONFLICT")
AUTHORS = roles(AUTHOR_ROLES)  # checked before the body is read: a visitor learns nothing of its rules
TAG = "boards"
ROUTES = (
    ApiRoute("GET", "/api/boards/categories", list_categories,
             "Board categories with how many posts are visible now (and new since your last visit)", TAG,
             auth="optional", tx="read"),
    ApiRoute("GET", "/api/boards/posts", list_posts,
             "Posts visible now, pinned first; filter by category, search with q (substring, Japanese included)",
             TAG, auth="optional", query=("category", "q", "limit", "offset"), errors=("INVALID",), tx="read"),
    ApiRoute("POST", "/api/boards/posts", create_post, "Write a new post (starts as a draft)", TAG,
             body=PostBody, auth=AUTHORS, ok_status=201, errors=("INVALID",), tx="write",
             capability=Capability.BOARD_WRITE),  # answers {post, personal_info_warning?}
    ApiRoute("GET", "/api/boards/posts/{post_id}", get_post, "One visible post with its sanitised HTML", TAG,
             auth="optional", errors=("NOT_FOUND",), tx="read", answer="post"),
    ApiRoute("PATCH", "/api/boards/posts/{post_id}", update_post, "Edit a post (every edit is kept as a revision)",
             TAG, body=PostPatch, auth=AUTHORS, errors=AUTHOR_ERRORS, tx="write",
             capability=Capability.BOARD_WRITE),  # answers {post, personal_info_warning?}
    ApiRoute("POST", "/api/boards/posts/{post_id}/publish", publish_post,
             "Publish a post; readers see it within its publish window", TAG, body=VersionBody, auth=AUTHORS,
             errors=AUTHOR_ERRORS, tx="write", answer="post", capability=Capability.BOARD_WRITE),
    ApiRoute("POST", "/api/boards/posts/{post_id}/unpublish", unpublish_post, "Take a post back to draft", TAG,
             body=VersionBody, auth=AUTHORS, errors=AUTHOR_ERRORS, tx="write", answer="post"),
    ApiRoute("GET", "/api/boards/posts/{post_id}/revisions", list_revisions,
             "Every saved version of a post, with who and when", TAG, auth=AUTHORS, errors=("NOT_FOUND",),
             tx="read", answer="revisions"),
    ApiRoute("POST", "/api/boards/posts/{post_id}/helpful", helpful,
             "Say a post helped: only the count goes up, nothing about who", TAG,
             errors=("NOT_FOUND", "RATE_LIMITED"), tx="write"),
    ApiRoute("POST", "/api/boards/visited", mark_visited,
             "Remember that you looked at the boards now (for the 'new' marks next time)", TAG, auth="required",
             tx="write"),
    ApiRoute("GET", "/api/boards/manage/posts", manage_posts, "Every post, drafts included, for authoring", TAG,
             auth=AUTHORS, tx="read", answer="posts"),
    ApiRoute("GET", "/api/boards/manage/posts/{post_id}", manage_post, "One post's Markdown source and status",
             TAG, auth=AUTHORS, errors=("NOT_FOUND",), tx="read", answer="post"),
    ApiRoute("POST", "/api/boards/preview", preview, "Render Markdown exactly as readers would see it, without saving",
             TAG, body=PreviewBody, auth=AUTHORS, errors=("INVALID",), tx="outside"),
    ApiRoute("POST", "/api/boards/images", upload_image,
             "Upload a JPEG, PNG or WebP (max 10 MB): re-encoded, metadata removed, resized to 1600 px", TAG,
             auth=AUTHORS, ok_status=201, multipart=True,
             errors=("INVALID", "IMAGE_INVALID", "IMAGE_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"), tx="write"),
    ApiRoute("GET", "/api/boards/images", list_images, "Uploaded images, newest first", TAG, auth=AUTHORS,
             tx="read", answer="images"),
    ApiRoute("GET", "/api/boards/images/{image_id}", serve_image, "An image (long-cached)", TAG,
             content="image/*", errors=("NOT_FOUND",), tx="read"),
    ApiRoute("GET", "/api/boards/images/{image_id}/thumb", serve_thumbnail, "An image's thumbnail (long-cached)", TAG,
             content="image/*", errors=("NOT_FOUND",), tx="read"),
)
