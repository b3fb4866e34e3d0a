"""Board search: normalisation for Japanese, and substring search over real rows (SQLite)."""
import pytest

from rooms.boards import search, service
from rooms.boards.search import haystack, like_pattern, matches, normalise, terms
from server.core.clock import FakeClock
from server.core.principal import Role
from tests.unit.boards_db import START, add_account, board_sessions


@pytest.mark.parametrize("raw, expected", [
    ("ABC", "abc"),
    ("ＡＢＣ１２３", "abc123"),              # full-width letters and digits
    ("ｿｳﾀﾞﾝ", "ソウダン"),                    # half-width katakana
    ("そうだん", "ソウダン"),                  # hiragana folds onto katakana
    ("ひきこもり", "ヒキコモリ"),
    ("相談", "相談"),                          # kanji unchanged
    ("Straße", "strasse"),                    # case folding, not just lower()
    ("㈱", "(株)"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize("query, expected", [
    ("相談", ["相談"]),
    ("家族　相談", ["家族", "相談"]),           # an ideographic (full-width) space separates terms
    ("  家族   相談 ", ["家族", "相談"]),
    ("相談 相談 ソウダン そうだん", ["相談", "ソウダン"]),  # duplicates after normalising collapse
    ("", []),
    ("   ", []),
    (" ".join(str(i) for i in range(20)), [str(i) for i in range(search.MAX_TERMS)]),
])
def test_terms(query, expected):
    assert terms(query) == expected


def test_overlong_queries_are_cut():
    assert terms("あ" * 500) == ["ア" * search.MAX_QUERY_CHARS]


@pytest.mark.parametrize("term, pattern", [
    ("相談", "%相談%"),
    ("100%", "%100\\%%"),
    ("a_b", "%a\\_b%"),
    ("back\\slash", "%back\\\\slash%"),
])
def test_like_patterns_take_wildcards_literally(term, pattern):
    assert like_pattern(term) == pattern


def test_haystack_and_matches():
    text = haystack("はじめての相談", "First consultation", "本文には　家族のことも。")
    assert matches(text, terms("相談 家族"))
    assert matches(text, terms("CONSULT"))
    assert not matches(text, terms("相談 学校"))


# --- over the database ------------------------------------------------------------------

POSTS = [
    ("consult", "はじめての相談で、どんなことが起きるの?", "予約して、文字だけでも相談できます。", "Your first consultation", "You can type."),
    ("families", "ご家族へ", "ご家族だけの相談も受けています。", "For families", "Families can consult alone."),
    ("events", "水曜のお茶会", "話さなくても大丈夫なお茶会です。100%気楽に。", "Wednesday tea", "No need to talk."),
    ("faq", "ヒキコモリについて", "よくある質問です。", "About hikikomori", "Frequently asked."),
]


@pytest.fixture
async def board(tmp_path):
    """Four published posts; yields (sessions, clock, staff, ids by Japanese title)."""
    clock = FakeClock(START)
    async with board_sessions(tmp_path) as sessions:
        staff = await add_account(sessions, "s" * 32, Role.STAFF)
        ids = {}
        async with sessions.begin() as db:
            for category, tja, bja, ten, ben in POSTS:
                post = (await service.create_post(db, clock, staff, service.PostFields(
                    category=category, title_ja=tja, body_ja=bja, title_en=ten, body_en=ben))).value
                await service.publish_post(db, clock, staff, post.id)
                ids[tja] = post.id
        yield sessions, clock, staff, ids


@pytest.mark.parametrize("query, expected_titles", [
    ("相談", {"はじめての相談で、どんなことが起きるの?", "ご家族へ"}),       # substring inside Japanese text
    ("談", {"はじめての相談で、どんなことが起きるの?", "ご家族へ"}),          # even one character
    ("家族 相談", {"ご家族へ"}),                                              # every term must match
    ("ひきこもり", {"ヒキコモリについて"}),                                   # hiragana finds katakana
    ("ＨＩＫＩＫＯＭＯＲＩ", {"ヒキコモリについて"}),                          # full-width English, any case
    ("consult", {"はじめての相談で、どんなことが起きるの?", "ご家族へ"}),      # English versions are searched too
    ("100%", {"水曜のお茶会"}),                                               # "%" is literal
    ("%", {"水曜のお茶会"}),
    ("_", set()),
    ("学校", set()),
    ("", {p[1] for p in POSTS}),
])
async def test_substring_search_finds_japanese_without_word_boundaries(board, query, expected_titles):
    sessions, clock, _, _ = board
    async with sessions() as db:
        found = await service.visible_posts(db, clock, query=query)
    assert {p.title_ja for p in found} == expected_titles


async def test_search_honours_drafts_and_publish_windows(board):
    sessions, clock, staff, ids = board
    family_post = ids["ご家族へ"]
    async with sessions.begin() as db:
        await service.update_post(db, clock, staff, family_post, {
            "publish_from": START.replace(hour=3), "publish_until": START.replace(hour=5)})
        await service.unpublish_post(db, clock, staff, ids["はじめての相談で、どんなことが起きるの?"])

    async def found() -> set[str]:
        async with sessions() as db:
            return {p.id for p in await service.visible_posts(db, clock, query="相談")}

    assert await found() == set()               # one is a draft, the other's window has not opened
    clock.advance(2 * 3600)                      # 03:00: the window opens
    assert await found() == {family_post}
    clock.advance(2 * 3600)                      # 05:00: the window has closed
    assert await found() == set()


async def test_search_text_follows_edits(board):
    sessions, clock, staff, ids = board
    async with sessions.begin() as db:
        await service.update_post(db, clock, staff, ids["水曜のお茶会"], {"body_ja": "こんどは**読書会**になりました。"})
    async with sessions() as db:
        assert [p.id for p in await service.visible_posts(db, clock, query="読書会")] == [ids["水曜のお茶会"]]
        assert await service.visible_posts(db, clock, query="気楽") == []
        assert await service.visible_posts(db, clock, query="**") == []  # markup is not searchable text
