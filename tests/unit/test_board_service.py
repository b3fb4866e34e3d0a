"""Board rules: who may write, what a post must hold, publish windows, revisions, emits,
the "this helped" counter and last-visit marks. On a throwaway SQLite file (no network)."""
import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from rooms.boards import service
from rooms.boards.models import BoardPost, BoardRevision
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import ToEveryone
from server.core.principal import Principal, Role
from server.models import metadata
from tests.unit.boards_db import START, add_account, board_sessions

HOUR = timedelta(hours=1)
FULL = service.PostFields(category="consult", title_ja="相談のしかた", body_ja="本文です。",
                          title_en="How to consult", body_en="The body.")


@pytest.fixture
async def env(tmp_path):
    clock = FakeClock(START)
    async with board_sessions(tmp_path) as sessions:
        staff = await add_account(sessions, "a" * 32, Role.STAFF, "そうだんいん")
        admin = await add_account(sessions, "b" * 32, Role.ADMIN, "かんりしゃ")
        yield sessions, clock, staff, admin


def with_(fields: service.PostFields, **changes) -> service.PostFields:
    return dataclasses.replace(fields, **changes)


async def create(sessions, clock, actor, fields=FULL, publish=False):
    async with sessions.begin() as db:
        post = (await service.create_post(db, clock, actor, fields)).value
        if publish:
            await service.publish_post(db, clock, actor, post.id)
    return post.id


async def count(sessions, model) -> int:
    async with sessions() as db:
        return await db.scalar(select(func.count()).select_from(model))


# --- who may write ----------------------------------------------------------------------

@pytest.mark.parametrize("role, allowed", [
    (Role.VISITOR, False), (Role.PEER_SUPPORTER, False), (Role.SPECIALIST, False),
    (Role.MODERATOR, False), (Role.STAFF, True), (Role.ADMIN, True),
])
async def test_only_staff_and_admins_author(env, role, allowed):
    sessions, clock, staff, _ = env
    actor = Principal(account_id=staff.account_id, role=role)
    existing = await create(sessions, clock, staff, publish=True)
    actions = [
        lambda db: service.create_post(db, clock, actor, FULL),
        lambda db: service.update_post(db, clock, actor, existing, {"title_ja": "変更"}),
        lambda db: service.unpublish_post(db, clock, actor, existing),
        lambda db: service.revisions(db, actor, existing),
        lambda db: service.all_posts(db, actor),
    ]
    for action in actions:
        before = (await count(sessions, BoardPost), await count(sessions, BoardRevision))
        if allowed:
            async with sessions.begin() as db:
                await action(db)
        else:
            with pytest.raises(DomainError) as caught:
                async with sessions.begin() as db:
                    await action(db)
            assert caught.value.code == ErrorCode.FORBIDDEN
            assert (await count(sessions, BoardPost), await count(sessions, BoardRevision)) == before
    if not allowed:
        with pytest.raises(DomainError):
            service.preview(actor, body_ja="x")


async def test_nobody_signed_in_is_unauthenticated(env):
    sessions, clock, _, _ = env
    with pytest.raises(DomainError) as caught:
        async with sessions.begin() as db:
            await service.create_post(db, clock, None, FULL)
    assert caught.value.code == ErrorCode.UNAUTHENTICATED


# --- what a post must hold ----------------------------------------------------------------

NAIVE = datetime(2026, 4, 2, 10, 0)


@pytest.mark.parametrize("changes, field", [
    ({"category": "gossip"}, "category"),
    ({"title_ja": "あ" * 121}, "title_ja"),
    ({"title_en": "line\nbreak"}, "title_en"),
    ({"title_ja": "bell\x07"}, "title_ja"),
    ({"body_ja": "あ" * 8001}, "body_ja"),
    ({"body_en": "nul\x00"}, "body_en"),
    ({"image_id": "f" * 32}, "image_id"),
    ({"publish_from": NAIVE}, "publish_from"),
    ({"publish_from": START + HOUR, "publish_until": START + HOUR}, "publish_until"),
    ({"publish_from": START + 2 * HOUR, "publish_until": START + HOUR}, "publish_until"),
    ({"pinned": "yes"}, "pinned"),
    ({"author_id": "x"}, "author_id"),
])
async def test_invalid_fields_are_refused_and_nothing_changes(env, changes, field):
    sessions, clock, staff, _ = env
    post_id = await create(sessions, clock, staff)
    with pytest.raises(DomainError) as caught:
        async with sessions.begin() as db:
            await service.update_post(db, clock, staff, post_id, changes)
    assert caught.value.code == ErrorCode.INVALID and caught.value.field == field
    async with sessions() as db:
        post = await db.get(BoardPost, post_id)
        assert post.version == 1 and post.title_ja == FULL.title_ja


@pytest.mark.parametrize("fields, field", [
    (service.PostFields(category="faq"), "title_ja"),                                   # nothing written
    (service.PostFields(category="faq", title_ja="題だけ"), "body_ja"),                  # a title without body
    (service.PostFields(category="faq", body_en="Body only"), "title_en"),
    (service.PostFields(category="faq", title_ja="題", body_ja="本文", title_en="Half"), "body_en"),
])
async def test_drafts_may_be_incomplete_but_publishing_needs_a_whole_language(env, fields, field):
    sessions, clock, staff, _ = env
    post_id = await create(sessions, clock, staff, fields)  # saving a draft is fine
    with pytest.raises(DomainError) as caught:
        async with sessions.begin() as db:
            await service.publish_post(db, clock, staff, post_id)
    assert caught.value.code == ErrorCode.INVALID and caught.value.field == field


async def test_one_language_is_enough(env):
    sessions, clock, staff, _ = env
    post_id = await create(sessions, clock, staff, service.PostFields(category="faq", title_en="Only English",
                                                                      body_en="Hello."), publish=True)
    async with sessions() as db:
        post = await service.visible_post(db, clock, post_id)
    assert service.has_lang(post, "en") and not service.has_lang(post, "ja")


# --- publishing, windows, emits, revisions ------------------------------------------------

async def test_the_life_of_a_post_emits_only_what_readers_can_see(env):
    sessions, clock, staff, admin = env
    async with sessions.begin() as db:
        created = await service.create_post(db, clock, staff, FULL)
    assert created.emits == ()  # a draft is nobody's news
    post_id = created.value.id

    async with sessions.begin() as db:
        published = await service.publish_post(db, clock, admin, post_id)
    (emit,) = published.emits
    assert emit.target == ToEveryone() and emit.event == "board:published"
    assert emit.data == {"id": post_id, "category": "consult", "title_ja": "相談のしかた", "title_en": "How to consult"}

    async with sessions.begin() as db:
        again = await service.publish_post(db, clock, staff, post_id)
    assert again.emits == () and again.value.version == 2  # publishing twice changes nothing

    clock.advance(60)
    async with sessions.begin() as db:
        edited = await service.update_post(db, clock, staff, post_id, {"title_ja": "相談のしかた(改)"})
    assert [e.event for e in edited.emits] == ["board:updated"]

    async with sessions.begin() as db:
        hidden = await service.update_post(db, clock, staff, post_id, {"publish_until": clock.now()})
    assert [e.event for e in hidden.emits] == ["board:unpublished"]  # its window just closed

    async with sessions.begin() as db:
        shown = await service.update_post(db, clock, staff, post_id, {"publish_until": None})
    assert [e.event for e in shown.emits] == ["board:published"]

    async with sessions.begin() as db:
        gone = await service.unpublish_post(db, clock, admin, post_id)
    assert [(e.event, e.data) for e in gone.emits] == [("board:unpublished", {"id": post_id, "category": "consult"})]

    async with sessions() as db:
        history = await service.revisions(db, staff, post_id)
    assert [(r.version, r.action, r.editor_nickname) for r in history] == [
        (6, "unpublished", "かんりしゃ"),
        (5, "edited", "そうだんいん"),
        (4, "edited", "そうだんいん"),
        (3, "edited", "そうだんいん"),
        (2, "published", "かんりしゃ"),
        (1, "created", "そうだんいん"),
    ]
    assert history[3].title_ja == "相談のしかた(改)" and history[4].title_ja == "相談のしかた"
    assert history[0].created_at == START + timedelta(seconds=60)


async def test_a_scheduled_post_is_not_announced_early(env):
    sessions, clock, staff, _ = env
    post_id = await create(sessions, clock, staff, with_(FULL, publish_from=START + HOUR))
    async with sessions.begin() as db:
        outcome = await service.publish_post(db, clock, staff, post_id)
    assert outcome.emits == () and service.status(outcome.value, clock.now()) == "scheduled"
    assert outcome.value.shown_at == START + HOUR  # "new" counts from when readers can see it


@pytest.mark.parametrize("published, start, end, expected", [
    (False, None, None, "draft"),
    (True, None, None, "published"),
    (True, START + HOUR, None, "scheduled"),
    (True, START - HOUR, START + HOUR, "published"),
    (True, START - 2 * HOUR, START - HOUR, "ended"),
    (True, None, START, "ended"),        # "until" is exclusive
    (True, START, None, "published"),    # "from" is inclusive
])
async def test_publish_windows_on_every_reading_path(env, published, start, end, expected):
    sessions, clock, staff, _ = env
    post_id = await create(sessions, clock, staff, publish=published)
    async with sessions.begin() as db:
        await service.update_post(db, clock, staff, post_id, {"publish_from": start, "publish_until": end})
    async with sessions() as db:
        post = await db.get(BoardPost, post_id)
        assert service.status(post, clock.now()) == expected
        visible = expected == "published"
        assert [p.id for p in await service.visible_posts(db, clock)] == ([post_id] if visible else [])
        assert [p.id for p in await service.visible_posts(db, clock, query="相談")] == ([post_id] if visible else [])
        assert await service.visible_counts(db, clock) == ({"consult": 1} if visible else {})
        if visible:
            assert (await service.visible_post(db, clock, post_id)).id == post_id
        else:
            with pytest.raises(DomainError):
                await service.visible_post(db, clock, post_id)
    if not visible:
        with pytest.raises(DomainError) as caught:
            async with sessions.begin() as db:
                await service.mark_helpful(db, clock, post_id)
        assert caught.value.code == ErrorCode.NOT_FOUND


async def test_a_stale_version_is_refused(env):
    sessions, clock, staff, admin = env
    post_id = await create(sessions, clock, staff)
    async with sessions.begin() as db:
        await service.update_post(db, clock, admin, post_id, {"body_ja": "管理者の編集"}, expected_version=1)
    with pytest.raises(DomainError) as caught:
        async with sessions.begin() as db:
            await service.update_post(db, clock, staff, post_id, {"body_ja": "古い版からの編集"}, expected_version=1)
    assert caught.value.code == ErrorCode.CONFLICT and caught.value.detail == {"version": 2}
    async with sessions() as db:
        assert (await db.get(BoardPost, post_id)).body_ja == "管理者の編集"


async def test_pinned_first_then_newest(env):
    sessions, clock, staff, _ = env
    old_pinned = await create(sessions, clock, staff, with_(FULL, pinned=True), publish=True)
    clock.advance(60)
    older = await create(sessions, clock, staff, publish=True)
    clock.advance(60)
    newest = await create(sessions, clock, staff, publish=True)
    async with sessions() as db:
        assert [p.id for p in await service.visible_posts(db, clock)] == [old_pinned, newest, older]
        assert [p.id for p in await service.visible_posts(db, clock, limit=1, offset=1)] == [newest]
    with pytest.raises(DomainError):
        async with sessions() as db:
            await service.visible_posts(db, clock, category="nope")


# --- "this helped" and last visits ----------------------------------------------------------

async def test_helpful_counts_without_recording_who(env):
    sessions, clock, staff, _ = env
    post_id = await create(sessions, clock, staff, publish=True)

    async def row_counts():
        async with sessions() as db:
            return {t.name: await db.scalar(select(func.count()).select_from(t)) for t in metadata.sorted_tables}

    before = await row_counts()
    for expected in (1, 2, 3):
        async with sessions.begin() as db:
            assert await service.mark_helpful(db, clock, post_id) == expected
    assert await row_counts() == before  # no new row anywhere: only the number moved
    async with sessions() as db:
        post = await db.get(BoardPost, post_id)
        assert post.helpful_count == 3 and post.version == 2  # created + published: a press is not an edit
    with pytest.raises(DomainError) as caught:
        async with sessions.begin() as db:
            await service.mark_helpful(db, clock, "0" * 32)
    assert caught.value.code == ErrorCode.NOT_FOUND


async def test_new_since_the_last_visit(env):
    sessions, clock, staff, _ = env
    reader = await add_account(sessions, "c" * 32, Role.VISITOR)
    seen = await create(sessions, clock, staff, publish=True)
    async with sessions.begin() as db:
        assert await service.last_visit(db, reader) is None
        assert await service.mark_visited(db, clock, reader) is None  # the first visit
    clock.advance(3600)
    fresh = await create(sessions, clock, staff, publish=True)
    async with sessions.begin() as db:
        last = await service.last_visit(db, reader)
        marks = {p.id: service.is_new(p, last) for p in await service.visible_posts(db, clock)}
        assert marks == {seen: False, fresh: True}
        assert await service.visible_counts(db, clock, since=last) == {"consult": 1}
        assert await service.mark_visited(db, clock, reader) == START
    async with sessions() as db:
        last = await service.last_visit(db, reader)
        assert last == START + timedelta(hours=1)
        assert not any(service.is_new(p, last) for p in await service.visible_posts(db, clock))
    assert not service.is_new(await _get(sessions, fresh), None)  # nobody signed in: no marks


async def _get(sessions, post_id):
    async with sessions() as db:
        return await db.get(BoardPost, post_id)


async def test_visits_need_someone(env):
    sessions, clock, _, _ = env
    with pytest.raises(DomainError) as caught:
        async with sessions.begin() as db:
            await service.mark_visited(db, clock, None)
    assert caught.value.code == ErrorCode.UNAUTHENTICATED


def test_preview_renders_without_saving():
    staff = Principal(account_id="a" * 32, role=Role.STAFF)
    html = service.preview(staff, body_ja="# 見出し\n\n<script>x</script>", body_en="[a](javascript:x)")
    assert html["ja"].startswith("<h2>見出し</h2>") and "<script" not in html["ja"]
    assert "href" not in html["en"]
