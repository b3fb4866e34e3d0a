"""Board use cases: write, edit, publish and unpublish posts (with a revision for every
change), read what is visible now, search, count "this helped", remember last visits.

Every reading path goes through ``visible_clause`` so a publish window is honoured in the
space, on /boards and in search alike. Writers get ``Outcome.emits``: the transport sends
them after commit, so the space hears of a post only once it really exists.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.boards import markdown, search
from rooms.boards.categories import KEYS as CATEGORY_KEYS
from rooms.boards.images import ProcessedImage, clean_text, file_name
from rooms.boards.models import BoardImage, BoardLastVisit, BoardPost, BoardRevision
from rooms.boards.policy import require_author
from rooms.boards.storage import ImageStore
from server.core import text as text_rules
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToEveryone
from server.core.policy import require_principal
from server.core.principal import Principal

MAX_TITLE_CHARS = text_rules.BOARD_TITLE.max_length
MAX_ALT_CHARS = text_rules.BOARD_ALT.max_length
MAX_LIST = 100
LANGS = ("ja", "en")


@dataclass(frozen=True, slots=True)
class PostFields:
    """What staff write. An empty title and body mean "no version in this language"."""

    category: str
    title_ja: str = ""
    title_en: str = ""
    body_ja: str = ""
    body_en: str = ""
    image_id: str | None = None
    pinned: bool = False
    publish_from: datetime | None = None
    publish_until: datetime | None = None


EDITABLE = frozenset(f.name for f in fields(PostFields))


# --- visibility -------------------------------------------------------------------------

def visible_clause(now: datetime):
    return and_(
        BoardPost.published.is_(True),
        or_(BoardPost.publish_from.is_(None), BoardPost.publish_from <= now),
        or_(BoardPost.publish_until.is_(None), BoardPost.publish_until > now),
    )


def is_visible(post: BoardPost, now: datetime) -> bool:
    return (
        post.published
        and (post.publish_from is None or post.publish_from <= now)
        and (post.publish_until is None or post.publish_until > now)
    )


def status(post: BoardPost, now: datetime) -> str:
    """draft | scheduled (published, window not open yet) | ended (window closed) | published."""
    if not post.published:
        return "draft"
    if post.publish_from is not None and post.publish_from > now:
        return "scheduled"
    if post.publish_until is not None and post.publish_until <= now:
        return "ended"
    return "published"


def is_new(post: BoardPost, last_visit: datetime | None) -> bool:
    return last_visit is not None and post.shown_at is not None and post.shown_at > last_visit


def has_lang(post: BoardPost, lang: str) -> bool:
    return bool(getattr(post, f"title_{lang}") and getattr(post, f"body_{lang}"))


# --- validation -------------------------------------------------------------------------

def _text(value: object, field: str, kind: text_rules.TextKind) -> str:
    """A board field; blank is allowed here (a post may be in one language only)."""
    if value is None:
        raise text_rules.refusal(kind, field, "not_text")
    return text_rules.clean(kind, value, field=field, optional=True) or ""


def _clean_value(name: str, value: Any) -> Any:
    if name == "category":
        if value not in CATEGORY_KEYS:
            raise DomainError(ErrorCode.INVALID, field="category")
        return value
    if name.startswith("title_"):
        return _text(value, name, text_rules.BOARD_TITLE)
    if name.startswith("body_"):
        return _text(value, name, text_rules.BOARD_BODY)
    if name == "pinned":
        if not isinstance(value, bool):
            raise DomainError(ErrorCode.INVALID, field=name)
        return value
    if name in ("publish_from", "publish_until"):
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise DomainError(ErrorCode.INVALID, field=name)
        return value
    if name == "image_id":
        if value is not None and not isinstance(value, str):
            raise DomainError(ErrorCode.INVALID, field=name)
        return value
    raise DomainError(ErrorCode.INVALID, field=name)


async def _check_consistent(db: AsyncSession, post: BoardPost) -> None:
    if post.publish_from and post.publish_until and post.publish_until <= post.publish_from:
        raise DomainError(ErrorCode.INVALID, field="publish_until")
    if post.image_id is not None and await db.get(BoardImage, post.image_id) is None:
        raise DomainError(ErrorCode.INVALID, field="image_id")
    if post.published:
        require_publishable(post)


def require_publishable(post: BoardPost) -> None:
    """Readers need at least one whole language, and never a title without its body."""
    for lang in LANGS:
        title, body = getattr(post, f"title_{lang}"), getattr(post, f"body_{lang}")
        if bool(title) != bool(body):
            raise DomainError(ErrorCode.INVALID, field=f"body_{lang}" if title else f"title_{lang}")
    if not any(has_lang(post, lang) for lang in LANGS):
        raise DomainError(ErrorCode.INVALID, field="title_ja")


def _refresh_derived(post: BoardPost) -> None:
    post.excerpt_ja = markdown.excerpt(post.body_ja)
    post.excerpt_en = markdown.excerpt(post.body_en)
    post.search_text = search.haystack(
        post.title_ja, post.title_en, markdown.plain_text(post.body_ja), markdown.plain_text(post.body_en)
    )
    if post.published_at is None:
        post.shown_at = None
    else:
        post.shown_at = max(post.published_at, post.publish_from) if post.publish_from else post.published_at


# --- revisions and emits ----------------------------------------------------------------

async def _record(db: AsyncSession, clock: Clock, actor: Principal, post: BoardPost, action: str) -> None:
    db.add(BoardRevision(
        id=new_id(), post_id=post.id, version=post.version, action=action,
        editor_id=actor.account_id, editor_nickname=actor.nickname[:40], created_at=clock.now(),
        category=post.category, title_ja=post.title_ja, title_en=post.title_en,
        body_ja=post.body_ja, body_en=post.body_en, image_id=post.image_id, pinned=post.pinned,
        published=post.published, publish_from=post.publish_from, publish_until=post.publish_until,
    ))
    try:
        await db.flush()
    except IntegrityError:  # two editors saved the same version at once: the later one retries
        raise DomainError(ErrorCode.CONFLICT) from None


def headline(post: BoardPost) -> dict[str, Any]:
    return {"id": post.id, "category": post.category, "title_ja": post.title_ja, "title_en": post.title_en}


def visibility_emits(post: BoardPost, was_visible: bool, now: datetime) -> tuple[Emit, ...]:
    visible = is_visible(post, now)
    if visible and not was_visible:
        return (Emit(ToEveryone(), "board:published", headline(post)),)
    if was_visible and not visible:
        return (Emit(ToEveryone(), "board:unpublished", {"id": post.id, "category": post.category}),)
    if visible:
        return (Emit(ToEveryone(), "board:updated", headline(post)),)
    return ()


async def _staff_post(db: AsyncSession, post_id: str) -> BoardPost:
    post = await db.get(BoardPost, post_id) if isinstance(post_id, str) else None
    if post is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return post


def _check_version(post: BoardPost, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != post.version:
        raise DomainError(ErrorCode.CONFLICT, detail={"version": post.version})


# --- writing ----------------------------------------------------------------------------

async def create_post(db: AsyncSession, clock: Clock, actor: Principal | None, values: PostFields) -> Outcome[BoardPost]:
    """A new post starts as a draft; nobody but staff sees it until it is published."""
    actor = require_author(actor)
    cleaned = {name: _clean_value(name, getattr(values, name)) for name in EDITABLE}
    now = clock.now()
    post = BoardPost(
        id=new_id(), author_id=actor.account_id, created_at=now, updated_at=now, version=1,
        published=False, published_at=None, helpful_count=0, **cleaned,
    )
    await _check_consistent(db, post)
    _refresh_derived(post)
    db.add(post)
    await db.flush()
    await _record(db, clock, actor, post, "created")
    return Outcome(post)


async def update_post(
    db: AsyncSession, clock: Clock, actor: Principal | None, post_id: str,
    changes: Mapping[str, Any], *, expected_version: int | None = None,
) -> Outcome[BoardPost]:
    """Change some fields. ``expected_version`` guards against overwriting a colleague's edit."""
    actor = require_author(actor)
    post = await _staff_post(db, post_id)
    _check_version(post, expected_version)
    now = clock.now()
    was_visible = is_visible(post, now)
    with db.no_autoflush:  # checks read the database; the half-changed post must not flush first
        for name, value in changes.items():
            setattr(post, name, _clean_value(name, value))
        await _check_consistent(db, post)
    _refresh_derived(post)
    post.version += 1
    post.updated_at = now
    await _record(db, clock, actor, post, "edited")
    return Outcome(post, visibility_emits(post, was_visible, now))


async def publish_post(
    db: AsyncSession, clock: Clock, actor: Principal | None, post_id: str, *, expected_version: int | None = None,
) -> Outcome[BoardPost]:
    actor = require_author(actor)
    post = await _staff_post(db, post_id)
    _check_version(post, expected_version)
    require_publishable(post)
    now = clock.now()
    was_visible = is_visible(post, now)
    if post.published:
        return Outcome(post)  # already published: nothing changes, nothing is announced twice
    post.published = True
    post.published_at = post.published_at or now
    _refresh_derived(post)
    post.version += 1
    post.updated_at = now
    await _record(db, clock, actor, post, "published")
    return Outcome(post, visibility_emits(post, was_visible, now))


async def unpublish_post(
    db: AsyncSession, clock: Clock, actor: Principal | None, post_id: str, *, expected_version: int | None = None,
) -> Outcome[BoardPost]:
    actor = require_author(actor)
    post = await _staff_post(db, post_id)
    _check_version(post, expected_version)
    now = clock.now()
    was_visible = is_visible(post, now)
    if not post.published:
        return Outcome(post)
    post.published = False
    post.version += 1
    post.updated_at = now
    await _record(db, clock, actor, post, "unpublished")
    return Outcome(post, visibility_emits(post, was_visible, now))


def preview(actor: Principal | None, *, body_ja: str = "", body_en: str = "") -> dict[str, str]:
    """Render without saving: exactly what readers would get."""
    require_author(actor)
    return {
        "ja": markdown.render(_text(body_ja, "body_ja", text_rules.BOARD_BODY)),
        "en": markdown.render(_text(body_en, "body_en", text_rules.BOARD_BODY)),
    }


# --- staff reading ----------------------------------------------------------------------

async def all_posts(db: AsyncSession, actor: Principal | None) -> list[BoardPost]:
    require_author(actor)
    rows = await db.scalars(select(BoardPost).order_by(BoardPost.updated_at.desc(), BoardPost.id))
    return list(rows)


async def staff_post(db: AsyncSession, actor: Principal | None, post_id: str) -> BoardPost:
    require_author(actor)
    return await _staff_post(db, post_id)


async def revisions(db: AsyncSession, actor: Principal | None, post_id: str) -> list[BoardRevision]:
    require_author(actor)
    await _staff_post(db, post_id)
    rows = await db.scalars(
        select(BoardRevision).where(BoardRevision.post_id == post_id).order_by(BoardRevision.version.desc())
    )
    return list(rows)


# --- public reading ---------------------------------------------------------------------

def _ordered(stmt):
    return stmt.order_by(BoardPost.pinned.desc(), BoardPost.shown_at.desc(), BoardPost.id)


async def visible_posts(
    db: AsyncSession, clock: Clock, *, category: str | None = None, query: str = "",
    limit: int = 50, offset: int = 0,
) -> list[BoardPost]:
    """What readers see now: pinned first, then newest. ``query`` matches substrings of
    titles and bodies in either language; every term must match."""
    if category is not None and category not in CATEGORY_KEYS:
        raise DomainError(ErrorCode.INVALID, field="category")
    stmt = select(BoardPost).where(visible_clause(clock.now()))
    if category is not None:
        stmt = stmt.where(BoardPost.category == category)
    for term in search.terms(query):
        stmt = stmt.where(BoardPost.search_text.like(search.like_pattern(term), escape=search.LIKE_ESCAPE))
    stmt = _ordered(stmt).limit(max(1, min(limit, MAX_LIST))).offset(max(0, offset))
    return list(await db.scalars(stmt))


async def visible_post(db: AsyncSession, clock: Clock, post_id: str) -> BoardPost:
    post = await db.get(BoardPost, post_id) if isinstance(post_id, str) and len(post_id) <= 32 else None
    if post is None or not is_visible(post, clock.now()):
        raise DomainError(ErrorCode.NOT_FOUND)
    return post


async def visible_counts(db: AsyncSession, clock: Clock, *, since: datetime | None = None) -> dict[str, int]:
    """Posts per category visible now; with ``since``, only those shown after it."""
    stmt = select(BoardPost.category, func.count()).where(visible_clause(clock.now()))
    if since is not None:
        stmt = stmt.where(BoardPost.shown_at > since)
    rows = await db.execute(stmt.group_by(BoardPost.category))
    return {category: count for category, count in rows}


async def mark_helpful(db: AsyncSession, clock: Clock, post_id: str) -> int:
    """One more "this helped". Only the number is kept: no account, address or time."""
    if not isinstance(post_id, str) or len(post_id) > 32:
        raise DomainError(ErrorCode.NOT_FOUND)
    result = await db.execute(
        update(BoardPost)
        .where(BoardPost.id == post_id, visible_clause(clock.now()))
        .values(helpful_count=BoardPost.helpful_count + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DomainError(ErrorCode.NOT_FOUND)
    return await db.scalar(select(BoardPost.helpful_count).where(BoardPost.id == post_id))


# --- last visits ------------------------------------------------------------------------

async def last_visit(db: AsyncSession, actor: Principal | None) -> datetime | None:
    if actor is None:
        return None
    row = await db.get(BoardLastVisit, actor.account_id)
    return row.visited_at if row else None


async def mark_visited(db: AsyncSession, clock: Clock, actor: Principal | None) -> datetime | None:
    """Remember that this account looked at the boards now; return the previous visit."""
    actor = require_principal(actor)
    now = clock.now()
    row = await db.get(BoardLastVisit, actor.account_id)
    if row is not None:
        previous, row.visited_at = row.visited_at, now
        return previous
    try:
        async with db.begin_nested():
            db.add(BoardLastVisit(account_id=actor.account_id, visited_at=now))
    except IntegrityError:  # the same account in two tabs at once: the other write stands
        pass
    return None


# --- images -----------------------------------------------------------------------------

async def save_image(
    db: AsyncSession, clock: Clock, actor: Principal | None, store: ImageStore, image: ProcessedImage,
    *, name: str = "", alt: str = "",
) -> BoardImage:
    """Keep an already re-encoded image: files first, then the row (the caller removes the
    files again if the transaction does not commit)."""
    actor = require_author(actor)
    row = BoardImage(
        id=new_id(), uploader_id=actor.account_id, name=file_name(name), alt=clean_text(alt, MAX_ALT_CHARS),
        content_type=image.content_type, width=image.full.width, height=image.full.height,
        thumb_width=image.thumb.width, thumb_height=image.thumb.height, byte_size=len(image.full.data),
        created_at=clock.now(),
    )
    store.save(row.id, image)
    try:
        db.add(row)
        await db.flush()
    except BaseException:
        store.delete(row.id, row.content_type)
        raise
    return row


async def images(db: AsyncSession, actor: Principal | None, *, limit: int = 200) -> list[BoardImage]:
    require_author(actor)
    return list(await db.scalars(select(BoardImage).order_by(BoardImage.created_at.desc()).limit(limit)))


async def image(db: AsyncSession, image_id: str) -> BoardImage:
    row = await db.get(BoardImage, image_id) if isinstance(image_id, str) and len(image_id) == 32 else None
    if row is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return row


async def images_by_id(db: AsyncSession, ids: set[str]) -> dict[str, BoardImage]:
    if not ids:
        return {}
    return {row.id: row for row in await db.scalars(select(BoardImage).where(BoardImage.id.in_(ids)))}
