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


from hypothesis import given, settings, strategies as st  # noqa: E402

from moderation.screen import screen  # noqa: E402

# Text that mixes what the engine folds: half-width kana and sound marks, full-width forms,
# ligatures and symbols that expand, digits and kanji numerals, separators.
_ALPHABET = st.sampled_from(list("ｶﾞﾊﾟｼﾆﾀｲ…㈱ﬁ０９＠．ａＺ090-・ 　.@abc死にたい〇九〒市区丁目LINE:/x") + ["\u0301", "\u3099"])


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_offsets_are_monotonic_and_inside_the_original(text):
    view = fold(text)
    if view.starts is None:
        assert len(view.text) == len(text)
        return
    assert len(view.starts) == len(view.ends) == len(view.text)
    assert all(0 <= a < b <= len(text) for a, b in zip(view.starts, view.ends))
    assert list(view.starts) == sorted(view.starts)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_screen_never_fails_and_masks_only_what_it_found(text):
    result = screen(text)
    spans = sorted((f.start, f.end) for f in result.personal_info)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))  # no overlaps
    kept = "".join(text[b:a] for (_, b), (a, _) in zip([(0, 0)] + spans, spans + [(len(text), 0)]))
    assert result.masked.replace("●●●", "") == kept.replace("●●●", "")
