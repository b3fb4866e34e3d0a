"""The fixed board categories, in the order a visitor meets them, with their labels."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label_ja: str
    label_en: str
    about_ja: str
    about_en: str


CATEGORIES: tuple[Category, ...] = (
    Category(
        "consult", "相談のしかた", "How to consult",
        "相談で何が起きるのか、どんな専門職がいるのか、いつ開いているのか。",
        "What happens in a consultation, who the specialists are, and when we are open.",
    ),
    Category(
        "events", "これからのイベント", "Upcoming events",
        "ふらっと立ち寄れる集まりや、家族向けの教室のお知らせです。",
        "Gatherings you can drop in on, and classes for families.",
    ),
    Category(
        "voices", "経験した人の声", "Voices of lived experience",
        "同じ道を歩いてきた人たちが書いたコラムです。",
        "Columns written by people who have walked the same road.",
    ),
    Category(
        "families", "ご家族へ", "For families",
        "ご家族が一人で抱えこまないための情報です。",
        "Information so that families don't have to carry it alone.",
    ),
    Category(
        "local", "地域の相談先", "Local support",
        "地域の支援機関の名前、していること、受付時間、連絡のしかた。",
        "Local organisations: who they are, what they do, their hours and how to reach them.",
    ),
    Category(
        "faq", "よくある質問", "Frequently asked questions",
        "はじめての方がよく気にされることへの答えです。",
        "Answers to what people often wonder about at first.",
    ),
)

KEYS: frozenset[str] = frozenset(c.key for c in CATEGORIES)


def category(key: str) -> Category | None:
    return next((c for c in CATEGORIES if c.key == key), None)
