"""The folded view and its way back to the original offsets; the phrase notation."""
import pytest

from moderation.screen.normalise import compact, fold
from moderation.screen.phrases import expand


@pytest.mark.parametrize("text, folded", [
    ("ＡＢＣ１２３", "abc123"), ("シニタイ", "しにたい"), ("ｼﾆﾀｲ", "しにたい"), ("ｶﾞｲﾄﾞ", "がいど"),
    ("㈱ねこ", "(株)ねこ"), ("ＬＩＮＥ＠ｍｅ", "line@me"), ("Straße", "strasse"),
])
def test_fold(text, folded):
    assert fold(text).text == folded


def test_aligned_text_needs_no_offset_map():
    view = fold("ＬＩＮＥ：ｔａｒｏ")
    assert view.starts is None and view.span(5, 9) == (5, 9)


def test_uneven_folding_maps_back_to_the_original():
    text = "ｶﾞｲﾄﾞ㈱ 090"
    view = fold(text)
    assert view.text == "がいど(株) 090"
    start = view.text.index("090")
    a, b = view.span(start, start + 3)
    assert text[a:b] == "090"
    assert view.span(0, 1) == (0, 2)  # が came from ｶ + ﾞ
    a, b = view.span(3, 6)
    assert text[a:b] == "㈱"


def test_compact_view_maps_back_through_removed_separators():
    view = compact(fold("死 に.た・い!").text)
    assert view.text == "死にたい"
    assert view.span(1, 3) == (2, 5)


@pytest.mark.parametrize("pattern, phrases", [
    ("abc", ["abc"]),
    ("ab?c", ["abc", "ac"]),
    ("(?:死|し)にたい", ["しにたい", "死にたい"]),
    ("x(?:a|b(?:c|d)?)?", ["x", "xa", "xb", "xbc", "xbd"]),
])
def test_expand(pattern, phrases):
    assert expand(pattern) == phrases


@pytest.mark.parametrize("pattern", ["a(?:b", "a)b", "a.*", "a[bc]", "a{2}", "(b)"])
def test_expand_refuses_what_it_does_not_know(pattern):
    with pytest.raises(ValueError):
        expand(pattern)
