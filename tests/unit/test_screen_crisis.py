"""Crisis screening, table by table: levels, spellings and tricks, idioms, and what matched."""
import pytest

from moderation.screen import screen


def level(text):
    return screen(text).crisis.level


@pytest.mark.parametrize("text", [
    "死にたい", "しにたい", "シニタイ", "ｼﾆﾀｲ", "死 に た い", "死.に.た.い", "死・に・た・い",
    "し　に　た　い", "死\u200bに\u200bた\u200bい", "消えたい", "いなくなりたい", "生きていたくない",
    "want to die", "I WANT TO DIE", "i want.to.die", "I'm suicidal", "kill myself",
])
def test_wishes_are_concern(text):
    assert level(text) == "concern"


@pytest.mark.parametrize("text", [
    "首を吊ろうと思ってる", "飛び降りようかな", "今夜ODする", "ＯＤしようかな", "薬をためてる",
    "リスカしちゃった", "ﾘｽｶ", "練炭を買った", "cutting myself again", "I'm going to kill myself",
    "saving up my pills", "今夜、死にたい", "死にたい、今から", "want to die tonight",
])
def test_plans_methods_and_imminent_intent_are_urgent(text):
    assert level(text) == "urgent"


@pytest.mark.parametrize("text", [
    "死ぬほど笑った", "お腹すいて死にそう", "死ぬほど眠い", "笑い死ぬ", "死ぬかと思った",
    "清水の舞台から飛び降りるつもりで", "自殺防止の窓口", "消えたインク", "アリスかわいい",
    "腕を切り替えて", "死にたくない", "dying to see you", "you're killing it", "to die for",
    "suicide prevention week", "I want to diet", "method to my madness", "kill me now lol",
])
def test_idioms_and_lookalikes_do_not_alert(text):
    assert level(text) == "none"


def test_an_idiom_does_not_hide_a_real_wish_next_to_it():
    crisis = screen("死ぬほど疲れた。もう死にたい").crisis
    assert crisis.level == "concern" and crisis.matched == ("死にたい",)


def test_matched_lists_each_phrase_once_in_reading_order():
    crisis = screen("消えたい、死にたい、死にたい。首を吊る").crisis
    assert crisis.level == "urgent"
    assert crisis.matched == ("消えたい", "死にたい", "首を吊る")


def test_crisis_can_be_left_out():
    result = screen("死にたい 090-1234-5678", crisis=False)
    assert result.crisis.level == "none" and result.crisis.matched == ()
    assert [f.kind for f in result.personal_info] == ["phone"]


def test_a_crisis_message_is_never_masked_or_refused():
    result = screen("もう死にたい")
    assert result.masked == "もう死にたい" and not result.refused
