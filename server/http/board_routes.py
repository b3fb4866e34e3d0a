"""REST for the information boards: reading (anyone), authoring (staff and admins), images.

Reading never needs an account; with one, posts shown since the caller's last visit are
marked ``is_new``. Authoring rules live in rooms.boards (policy + service); this module only
parses, opens one transaction, and sends the service's emits after commit.
"""
from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from pydantic import AwareDatetime, BeforeValidator, Field, ValidationInfo

from rooms.boards import service
from rooms.boards.categories import CATEGORIES
from rooms.boards.images import MAX_UPLOAD_BYTES, ProcessedImage, process_image, too_large
from rooms.boards.markdown import render
from rooms.boards.models import BoardImage, BoardPost, BoardRevision
from rooms.boards.policy import require_author
from rooms.boards.search import MAX_QUERY_CHARS
from rooms.boards.storage import IMAGE_ID
from server import keys
from server.core import dates
from server.core.errors import DomainError, ErrorCode
from server.core import text
from server.http.bodies import Command, read_json, text_field
from server.http.principal import client_key, current_principal, optional_principal
from server.http.routing import ApiRoute
from server.realtime.broadcaster import send_emits

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


def _private(data: dict, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers={"Cache-Control": "no-store"})


def _int_query(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise DomainError(ErrorCode.INVALID, field=name)
    return int(raw)


# --- reading (anyone) -------------------------------------------------------------------

async def list_categories(request: web.Request) -> web.Response:
    actor = await optional_principal(request)
    clock = request.app[keys.CLOCK]
    async with request.app[keys.DB_SESSIONS]() as db:
        counts = await service.visible_counts(db, clock)
        last = await service.last_visit(db, actor)
        fresh = await service.visible_counts(db, clock, since=last) if last else {}
    return _private({
        "categories": [
            {"key": c.key, "label_ja": c.label_ja, "label_en": c.label_en, "about_ja": c.about_ja, "about_en": c.about_en,
             "count": counts.get(c.key, 0), "new_count": fresh.get(c.key, 0)}
            for c in CATEGORIES
        ],
        "last_visit_at": _iso(last),
    })


async def list_posts(request: web.Request) -> web.Response:
    actor = await optional_principal(request)
    query = request.query.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise DomainError(ErrorCode.INVALID, field="q")
    limit = _int_query(request, "limit", 50, 1, service.MAX_LIST)
    offset = _int_query(request, "offset", 0, 0, 100_000)
    async with request.app[keys.DB_SESSIONS]() as db:
        posts = await service.visible_posts(
            db, request.app[keys.CLOCK], category=request.query.get("category") or None, query=query,
            limit=limit, offset=offset,
        )
        images = await service.images_by_id(db, {p.image_id for p in posts if p.image_id})
        last = await service.last_visit(db, actor)
    return _private({
        "posts": [summary_json(p, images.get(p.image_id), last) for p in posts],
        "last_visit_at": _iso(last),
    })


async def get_post(request: web.Request) -> web.Response:
    actor = await optional_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        post = await service.visible_post(db, request.app[keys.CLOCK], request.match_info["post_id"])
        image = await db.get(BoardImage, post.image_id) if post.image_id else None
        last = await service.last_visit(db, actor)
    return _private({"post": post_json(post, image, last)})


async def helpful(request: web.Request) -> web.Response:
    # The limiter holds a keyed hash of the address in memory for a few minutes, never which post.
    if not request.app[keys.BOARD_HELPFUL_LIMITER].try_acquire(client_key(request)):
        raise DomainError(ErrorCode.RATE_LIMITED)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        count = await service.mark_helpful(db, request.app[keys.CLOCK], request.match_info["post_id"])
    return _private({"helpful_count": count})


async def mark_visited(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        previous = await service.mark_visited(db, request.app[keys.CLOCK], actor)
    return _private({"previous_visit_at": _iso(previous), "visited_at": _iso(request.app[keys.CLOCK].now())})


async def _serve_image(request: web.Request, variant: str) -> web.StreamResponse:
    image_id = request.match_info["image_id"]
    if not IMAGE_ID.match(image_id):
        raise DomainError(ErrorCode.NOT_FOUND)
    async with request.app[keys.DB_SESSIONS]() as db:
        image = await service.image(db, image_id)
    path = request.app[keys.BOARD_IMAGES].path(image.id, image.content_type, variant)
    if not path.is_file():
        raise DomainError(ErrorCode.NOT_FOUND)
    return web.FileResponse(path, headers={
        "Cache-Control": IMAGE_CACHE, "Content-Type": image.content_type, "Cross-Origin-Resource-Policy": "same-origin",
    })


async def serve_image(request: web.Request) -> web.StreamResponse:
    return await _serve_image(request, "full")


async def serve_thumbnail(request: web.Request) -> web.StreamResponse:
    return await _serve_image(request, "thumb")


# --- authoring (staff and admins) -------------------------------------------------------

async def _publish_emits(request: web.Request, outcome) -> None:
    await send_emits(request.app[keys.SIO], outcome.emits)


async def _staff_view(request: web.Request, db, post: BoardPost) -> dict:
    image = await db.get(BoardImage, post.image_id) if post.image_id else None
    return staff_json(post, image, request.app[keys.CLOCK].now())


async def create_post(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    require_author(actor)  # before parsing: a visitor learns nothing about the body rules
    body = await read_json(request, PostBody)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        outcome = await service.create_post(db, request.app[keys.CLOCK], actor, service.PostFields(**body.model_dump()))
        data = await _staff_view(request, db, outcome.value)
    await _publish_emits(request, outcome)
    return _private({"post": data, **request.app[keys.SHIELD].warn_staff(body.model_dump().values())}, status=201)


async def update_post(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    require_author(actor)
    body = await read_json(request, PostPatch)
    changes = {}
    for name in body.model_fields_set - {"version"}:
        value = getattr(body, name)
        if value is None and name not in NULLABLE:
            raise DomainError(ErrorCode.INVALID, field=name)
        changes[name] = value
    async with request.app[keys.DB_SESSIONS].begin() as db:
        outcome = await service.update_post(
            db, request.app[keys.CLOCK], actor, request.match_info["post_id"], changes, expected_version=body.version
        )
        data = await _staff_view(request, db, outcome.value)
    await _publish_emits(request, outcome)
    return _private({"post": data, **request.app[keys.SHIELD].warn_staff(changes.values())})


def _switch(action):
    async def handler(request: web.Request) -> web.Response:
        actor = await current_principal(request)
        require_author(actor)
        body = await read_json(request, VersionBody)
        async with request.app[keys.DB_SESSIONS].begin() as db:
            outcome = await action(
                db, request.app[keys.CLOCK], actor, request.match_info["post_id"], expected_version=body.version
            )
            data = await _staff_view(request, db, outcome.value)
        await _publish_emits(request, outcome)  # only now: the change has committed
        return _private({"post": data})

    handler.__name__ = action.__name__
    return handler


publish_post = _switch(service.publish_post)
unpublish_post = _switch(service.unpublish_post)


async def manage_posts(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        posts = await service.all_posts(db, actor)
        images = await service.images_by_id(db, {p.image_id for p in posts if p.image_id})
    now = request.app[keys.CLOCK].now()
    return _private({"posts": [staff_json(p, images.get(p.image_id), now) for p in posts]})


async def manage_post(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        post = await service.staff_post(db, actor, request.match_info["post_id"])
        data = await _staff_view(request, db, post)
    return _private({"post": data})


async def list_revisions(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        rows = await service.revisions(db, actor, request.match_info["post_id"])
    return _private({"revisions": [revision_json(r) for r in rows]})


async def preview(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    require_author(actor)
    body = await read_json(request, PreviewBody)
    html = service.preview(actor, body_ja=body.body_ja, body_en=body.body_en)
    return _private({"html_ja": html["ja"], "html_en": html["en"]})


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


async def upload_image(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    require_author(actor)  # refused before a single byte of the upload is read
    data, name, alt = await _read_upload(request)
    processed: ProcessedImage = await asyncio.to_thread(process_image, data)  # Pillow off the event loop
    store = request.app[keys.BOARD_IMAGES]
    saved: BoardImage | None = None
    try:
        async with request.app[keys.DB_SESSIONS].begin() as db:
            saved = await service.save_image(db, request.app[keys.CLOCK], actor, store, processed, name=name, alt=alt)
    except BaseException:
        if saved is not None:  # the row did not commit: leave no orphan files behind
            store.delete(saved.id, saved.content_type)
        raise
    return _private({"image": image_json(saved), "markdown": f"![{_md_alt(saved.alt)}]({image_json(saved)['url']})"},
                    status=201)


def _md_alt(alt: str) -> str:
    return alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


async def list_images(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        rows = await service.images(db, actor)
    return _private({"images": [image_json(r) for r in rows]})


AUTHOR_ERRORS = ("INVALID", "NOT_FOUND", "CONFLICT")
ROUTES = (
    ApiRoute("GET", "/api/boards/categories", list_categories,
             "Board categories with how many posts are visible now (and new since your last visit)", "boards",
             auth="optional"),
    ApiRoute("GET", "/api/boards/posts", list_posts,
             "Posts visible now, pinned first; filter by category, search with q (substring, Japanese included)",
             "boards", auth="optional", query=("category", "q", "limit", "offset"), errors=("INVALID",)),
    ApiRoute("POST", "/api/boards/posts", create_post, "Write a new post (starts as a draft)", "boards",
             body=PostBody, auth="staff", ok_status=201, errors=("INVALID",)),
    ApiRoute("GET", "/api/boards/posts/{post_id}", get_post, "One visible post with its sanitised HTML", "boards",
             auth="optional", errors=("NOT_FOUND",)),
    ApiRoute("PATCH", "/api/boards/posts/{post_id}", update_post, "Edit a post (every edit is kept as a revision)",
             "boards", body=PostPatch, auth="staff", errors=AUTHOR_ERRORS),
    ApiRoute("POST", "/api/boards/posts/{post_id}/publish", publish_post,
             "Publish a post; readers see it within its publish window", "boards", body=VersionBody, auth="staff",
             errors=AUTHOR_ERRORS),
    ApiRoute("POST", "/api/boards/posts/{post_id}/unpublish", unpublish_post, "Take a post back to draft", "boards",
             body=VersionBody, auth="staff", errors=AUTHOR_ERRORS),
    ApiRoute("GET", "/api/boards/posts/{post_id}/revisions", list_revisions,
             "Every saved version of a post, with who and when", "boards", auth="staff", errors=("NOT_FOUND",)),
    ApiRoute("POST", "/api/boards/posts/{post_id}/helpful", helpful,
             "Say a post helped: only the count goes up, nothing about who", "boards",
             errors=("NOT_FOUND", "RATE_LIMITED")),
    ApiRoute("POST", "/api/boards/visited", mark_visited,
             "Remember that you looked at the boards now (for the 'new' marks next time)", "boards", auth="required"),
    ApiRoute("GET", "/api/boards/manage/posts", manage_posts, "Every post, drafts included, for authoring", "boards",
             auth="staff"),
    ApiRoute("GET", "/api/boards/manage/posts/{post_id}", manage_post, "One post's Markdown source and status",
             "boards", auth="staff", errors=("NOT_FOUND",)),
    ApiRoute("POST", "/api/boards/preview", preview, "Render Markdown exactly as readers would see it, without saving",
             "boards", body=PreviewBody, auth="staff", errors=("INVALID",)),
    ApiRoute("POST", "/api/boards/images", upload_image,
             "Upload a JPEG, PNG or WebP (max 10 MB): re-encoded, metadata removed, resized to 1600 px", "boards",
             auth="staff", ok_status=201, multipart=True,
             errors=("INVALID", "IMAGE_INVALID", "IMAGE_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE")),
    ApiRoute("GET", "/api/boards/images", list_images, "Uploaded images, newest first", "boards", auth="staff"),
    ApiRoute("GET", "/api/boards/images/{image_id}", serve_image, "An image (long-cached)", "boards",
             content="image/*", errors=("NOT_FOUND",)),
    ApiRoute("GET", "/api/boards/images/{image_id}/thumb", serve_thumbnail, "An image's thumbnail (long-cached)", "boards",
             content="image/*", errors=("NOT_FOUND",)),
)
