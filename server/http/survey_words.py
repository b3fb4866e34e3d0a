"""The words of the /surveys pages, Japanese and English (the web client has its own, in i18n)."""
from __future__ import annotations

TEXT = {
    "ja": {
        "site": "いばしょ", "title": "アンケート", "skip": "本文へ移動", "other_lang": "English", "other_code": "en",
        "intro": "いばしょをよりよくするために、みなさんの声を聞かせてください。",
        "anonymous": "回答は名前なしで保存されます。だれが何と答えたかは、スタッフにもわかりません。",
        "skip_any": "答えたくない問いは、空けたままで大丈夫です。",
        "empty": "いま受け付けているアンケートはありません。",
        "many": "(いくつでも)", "scale_note": "(1: あまり 〜 5: とても)",
        "no_contact": "電話番号やメールアドレスなど、連絡先は書かないでください。",
        "send": "送る", "thanks": "答えてくださって、ありがとうございました。回答は名前なしで保存しました。",
        "in_space": "このアンケートは決まった方に向けたものです。スペースに入って、自分のことを「本人」「家族」などから選ぶと答えられます。",
        "enter": "スペースに入ってみる", "boards": "掲示板", "events": "催し", "back": "アンケートの一覧へ戻る",
        "not_found_title": "見つかりませんでした",
        "not_found": "このアンケートは見つからないか、受付が終わりました。",
        "cross_site": "ほかのサイトからの送信は受け付けていません。このページから送ってください。",
        "too_long": "送られた内容が長すぎました。",
    },
    "en": {
        "site": "Ibasho", "title": "Surveys", "skip": "Skip to the content", "other_lang": "日本語", "other_code": "ja",
        "intro": "Tell us what would make Ibasho better for you.",
        "anonymous": "Answers are stored without a name. Nobody, staff included, can tell who answered what.",
        "skip_any": "Leave any question you'd rather not answer blank.",
        "empty": "No surveys are open right now.",
        "many": "(choose any)", "scale_note": "(1: not really – 5: very much)",
        "no_contact": "Please don't write contact details such as a phone number or e-mail address.",
        "send": "Send", "thanks": "Thank you for answering. Your answer was stored without a name.",
        "in_space": "This survey is for a particular group. Step into the space and say how you come "
                    "(yourself, family, ...) to answer it.",
        "enter": "Step into the space", "boards": "Boards", "events": "Events", "back": "Back to the surveys",
        "not_found_title": "Not found",
        "not_found": "We couldn't find this survey, or it has closed.",
        "cross_site": "Answers sent from another site are not accepted. Please send it from this page.",
        "too_long": "What was sent was too long.",
    },
}
AUDIENCE = {
    "ja": {"everyone": "どなたでも", "individuals": "ご本人むけ", "families": "ご家族むけ"},
    "en": {"everyone": "For everyone", "individuals": "For individuals", "families": "For families"},
}


def audience_label(audience: str, lang: str) -> str:
    return AUDIENCE[lang].get(audience, audience)


def pick(item: dict, name: str, lang: str) -> str:
    """``title_en`` in English when written, else the Japanese (options: ``en`` / ``ja``)."""
    key = f"{name}_" if name else ""
    return item.get(f"{key}{lang}") or item.get(f"{key}ja") or ""
