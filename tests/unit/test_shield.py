"""The shield per place (moderation.shield) and the support lines (moderation.support), without
a network: what others receive, the desk's confirm step, word lists, the staff warning, the
operator's lines and the person's notice."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from moderation.screen import WordList
from moderation.shield import Shield
from moderation.support import DEMO_LINES, crisis_notice, parse_lines
from server.core.errors import DomainError, ErrorCode


@pytest.fixture
def shield():
    return Shield(WordList.build([("ばかやろう", "refuse"), ("ひみつ", "mask"), ("会いに行く", "flag")]))


def test_public_masks_personal_information_and_says_which(shield):
    done = shield.public("連絡ください 090-1234-5678 taro@example.com")
    assert "090" not in done.text and "taro" not in done.text and done.masked
    assert done.kinds == ("phone", "email")
    notice = done.sender_notice()["shield"]
    assert notice["kinds"] == ["phone", "email"]
    assert "電話番号・メールアドレス" in notice["message"]["ja"] and "a phone number, an e-mail address" in notice["message"]["en"]


@pytest.mark.parametrize("text", ["電話は苦手です", "3時に30分だけ", "1,500円でした", "20歳です", "version 3.11.7"])
def test_public_leaves_ordinary_numbers_and_words_alone(shield, text):
    done = shield.public(text)
    assert done.text == text and not done.masked and done.sender_notice() == {}


def test_word_lists_refuse_mask_and_flag(shield):
    with pytest.raises(DomainError) as refused:
        shield.public("この ばかやろう")
    assert refused.value.code == ErrorCode.WORD_REFUSED
    assert "ひみつ" not in shield.public("ひみつの話").text
    flagged = shield.public("会いに行くね")
    assert flagged.text == "会いに行くね" and flagged.flagged == ("会いに行く",)
    with pytest.raises(DomainError):
        shield.desk("ばかやろう", confirmed=True)  # refused everywhere


def test_the_desk_asks_first_then_passes_unmasked(shield):
    with pytest.raises(DomainError) as asked:
        shield.desk("090-1234-5678 に電話ください", confirmed=False)
    assert asked.value.code == ErrorCode.CONFIRM_PERSONAL_INFO and asked.value.detail == {"kinds": ["phone"]}
    assert shield.desk("090-1234-5678 に電話ください", confirmed=True).text == "090-1234-5678 に電話ください"
    assert shield.desk("こんにちは", confirmed=False).text == "こんにちは"


def test_private_texts_are_untouched_but_heard_for_a_crisis(shield):
    done = shield.private("090-1234-5678 です。もう死にたい。今夜で終わりにする")
    assert done.text.startswith("090-1234-5678") and done.crisis_level == "urgent"
    assert shield.private("死ぬほど笑った").crisis_level == "none"


def test_staff_posts_get_a_warning_never_a_block(shield):
    warned = shield.warn_staff(["タイトル", "センターは 03-1234-5678", None])
    assert warned["warning"]["personal_info"] == ["phone"] and warned["warning"]["message"]["en"]
    assert shield.warn_staff(["ふつうのお知らせ"]) == {}


def test_support_lines_from_the_operator():
    assert parse_lines("") == DEMO_LINES
    lines = parse_lines('[{"name_ja": "市の相談窓口", "name_en": "City line", "phone": "0120-000-000"}]')
    assert lines[0].json() == {"name_ja": "市の相談窓口", "name_en": "City line", "phone": "0120-000-000"}


@pytest.mark.parametrize("raw", [
    "{}", "[]", '[{"name_ja": "a"}]', '[{"name_ja": "a", "name_en": "b"}]',
    '[{"name_ja": "a", "name_en": "b", "url": "http://x"}]', '[{"name_ja": "a", "name_en": "b", "phone": "1", "fax": "2"}]',
    '[{"name_ja": "a", "name_en": "b", "phone": 1}]', "[" + ",".join(['{"name_ja": "a", "name_en": "b", "phone": "1"}'] * 11) + "]",
])
def test_a_wrong_support_line_stops_the_server(raw):
    with pytest.raises(ValueError):
        parse_lines(raw)


def test_the_notice_says_when_staff_are_next_there_only_when_nobody_is():
    later = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
    closed = crisis_notice(DEMO_LINES, level="urgent", staffed_now=False, next_staffed=later, staff_asked=True)
    assert closed["next_staffed_at"] == "2026-12-02T09:00:00Z" and closed["demo"] is True and len(closed["lines"]) == 4
    open_ = crisis_notice(DEMO_LINES[:1], level="concern", staffed_now=True, next_staffed=later, staff_asked=True)
    assert open_["next_staffed_at"] is None and open_["demo"] is False
