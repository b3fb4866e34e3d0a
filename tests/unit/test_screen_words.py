"""Moderators' word lists: flag, mask, refuse; folding, spacing tricks and whole words."""
import pytest

from moderation.screen import WordList, screen


@pytest.fixture(scope="module")
def words():
    return WordList.build([
        ("バカ", "mask"), ("ass", "mask"), ("spam", "refuse"), ("会おうよ", "flag"),
        ("meet me", "flag"), ("バカ", "flag"), ("投資", "flag"), ("投資", "refuse"),
    ])


def hits(text, words):
    return [(h.phrase, h.action, text[h.start:h.end]) for h in screen(text, words=words).words]


def test_each_action_and_the_masked_text(words):
    result = screen("このバカ、会おうよ", words=words)
    assert [(h.phrase, h.action) for h in result.words] == [("バカ", "mask"), ("会おうよ", "flag")]
    assert result.masked == "この●●●、会おうよ" and not result.refused


def test_refuse(words):
    assert screen("cheap SPAM here", words=words).refused
    assert screen("投資の話", words=words).refused  # listed twice: the strongest action wins


@pytest.mark.parametrize("text, matched", [
    ("ばか", "ばか"), ("ﾊﾞｶ", "ﾊﾞｶ"), ("バ カ", "バ カ"), ("バ・カ", "バ・カ"), ("ＢＡＫＡ", None),
])
def test_japanese_phrases_match_any_kana_width_and_spacing(words, text, matched):
    got = [m for _, _, m in hits(text, words)]
    assert got == ([matched] if matched else [])


def test_ascii_phrases_match_whole_words_only(words):
    assert hits("my class passed", words) == []
    assert hits("what an ASS.", words) == [("ass", "mask", "ASS")]
    assert hits("please meet  me later", words) == []  # two spaces: phrases are matched as written
    assert hits("please meet me later", words) == [("meet me", "flag", "meet me")]


@pytest.mark.parametrize("rows", [
    [("word", "ban")], [("", "flag")], [("   ", "mask")], [("x" * 101, "flag")], [("・・・", "flag")],
    [(None, "flag")],
])
def test_bad_rows_are_refused_with_a_reason(rows):
    with pytest.raises(ValueError):
        WordList.build(rows)


def test_size_limit():
    with pytest.raises(ValueError):
        WordList.build((f"w{i}", "flag") for i in range(5001))


def test_an_empty_list_finds_nothing():
    empty = WordList.build([])
    assert empty.size == 0
    assert screen("なんでも", words=empty).words == ()


def test_a_list_of_two_hundred_phrases_is_one_pass():
    big = WordList.build([(f"ことば{i}", "flag") for i in range(200)])
    assert big.size == 200
    assert [h.phrase for h in screen("ことば150 と ことば7", words=big).words] == ["ことば150", "ことば7"]
