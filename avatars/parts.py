"""The catalogue of avatar parts and the validated choice a person makes from it.

A look is only ever a set of ids from this catalogue, never free-form data, so an avatar
cannot carry text, pictures or anything that could identify someone. Ids are stable: they
are stored with accounts and hashed into sprite URLs, so rename labels freely but never an id.
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import asdict, dataclass, fields
from types import MappingProxyType
from typing import Any, Mapping

from server.core.errors import DomainError, ErrorCode


@dataclass(frozen=True)
class Choice:
    id: str
    ja: str
    en: str
    hex: str | None = None  # only colour categories carry one

    def to_dict(self) -> dict[str, Any]:
        item: dict[str, Any] = {"id": self.id, "label": {"ja": self.ja, "en": self.en}}
        if self.hex is not None:
            item["hex"] = self.hex
        return item


# The order of categories and choices is the order the avatar builder shows them.
PARTS: Mapping[str, tuple[Choice, ...]] = MappingProxyType({
    "body": (
        Choice("round", "まるっこい", "Round"),
        Choice("slim", "ほっそり", "Slim"),
        Choice("tall", "すらり", "Tall"),
        Choice("petite", "ちいさめ", "Small"),
        Choice("sturdy", "がっしり", "Sturdy"),
        Choice("cat", "ねこみみ", "Cat ears"),
        Choice("bear", "くまみみ", "Bear ears"),
        Choice("bunny", "うさみみ", "Bunny ears"),
    ),
    "skin": (
        Choice("porcelain", "とても明るい", "Very light", "#fbe4d5"),
        Choice("light", "明るい", "Light", "#f5d2b8"),
        Choice("beige", "ベージュ", "Beige", "#e9bf9d"),
        Choice("honey", "はちみつ", "Honey", "#d8a67c"),
        Choice("tan", "小麦色", "Tan", "#bf8b64"),
        Choice("brown", "ブラウン", "Brown", "#9c6c4c"),
        Choice("deep", "こげ茶", "Deep brown", "#7a523b"),
        Choice("mint", "ミント", "Mint", "#cdeadb"),
        Choice("lavender", "ラベンダー", "Lavender", "#ddd4f0"),
    ),
    "hair": (
        Choice("none", "なし", "None"),
        Choice("short", "ショート", "Short"),
        Choice("bob", "ボブ", "Bob"),
        Choice("long", "ロング", "Long"),
        Choice("bun", "おだんご", "Bun"),
        Choice("ponytail", "ポニーテール", "Ponytail"),
        Choice("twintails", "ツインテール", "Twin tails"),
        Choice("curly", "くるくる", "Curly"),
    ),
    "hair_color": (
        Choice("black", "くろ", "Black", "#3b3641"),
        Choice("dark_brown", "こげ茶", "Dark brown", "#5b4136"),
        Choice("chestnut", "くりいろ", "Chestnut", "#8b5b3d"),
        Choice("honey", "はちみつ色", "Honey blonde", "#dcb06c"),
        Choice("auburn", "赤茶", "Auburn", "#a5563f"),
        Choice("silver", "ぎんいろ", "Silver", "#cbc8d2"),
        Choice("pink", "ピンク", "Pink", "#e9a9b9"),
        Choice("sky", "そらいろ", "Sky blue", "#9dc4e1"),
    ),
    "eyes": (
        Choice("dot", "てんてん", "Dots"),
        Choice("bright", "きらきら", "Bright"),
        Choice("smile", "にっこり", "Smiling"),
        Choice("sleepy", "ねむそう", "Sleepy"),
        Choice("closed", "おだやか", "Peaceful"),
        Choice("lashes", "まつげ", "Lashes"),
        Choice("wink", "ウインク", "Wink"),
    ),
    "clothes": (
        Choice("tshirt", "Tシャツ", "T-shirt"),
        Choice("hoodie", "パーカー", "Hoodie"),
        Choice("sweater", "セーター", "Sweater"),
        Choice("stripe", "ボーダー", "Striped top"),
        Choice("cardigan", "カーディガン", "Cardigan"),
        Choice("overalls", "オーバーオール", "Overalls"),
        Choice("dress", "ワンピース", "Dress"),
        Choice("yukata", "ゆかた", "Yukata"),
    ),
    "clothes_color": (
        Choice("cream", "クリーム", "Cream", "#f0e4cc"),
        Choice("sage", "セージ", "Sage green", "#a8c39f"),
        Choice("sky", "そらいろ", "Sky blue", "#a7c8e4"),
        Choice("lavender", "ラベンダー", "Lavender", "#c4b6e0"),
        Choice("peach", "ピーチ", "Peach", "#f2bfa1"),
        Choice("rose", "ローズ", "Rose", "#e5a9b6"),
        Choice("mustard", "からし色", "Mustard", "#e2c275"),
        Choice("navy", "ネイビー", "Navy", "#607095"),
        Choice("charcoal", "チャコール", "Charcoal", "#706c75"),
    ),
    "accessory": (
        Choice("none", "なし", "None"),
        Choice("glasses", "めがね", "Glasses"),
        Choice("scarf", "マフラー", "Scarf"),
        Choice("hat", "ニット帽", "Knit hat"),
        Choice("flower", "お花", "Flower"),
        Choice("headphones", "ヘッドホン", "Headphones"),
        Choice("ribbon", "リボン", "Ribbon"),
        Choice("sprout", "ふたば", "Sprout"),
    ),
})

CATEGORY_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "body": ("からだ", "Body"),
    "skin": ("はだの色", "Skin colour"),
    "hair": ("かみがた", "Hair style"),
    "hair_color": ("かみの色", "Hair colour"),
    "eyes": ("め", "Eyes"),
    "clothes": ("ふく", "Clothes"),
    "clothes_color": ("ふくの色", "Clothes colour"),
    "accessory": ("こもの", "Accessory"),
})

CATEGORIES: tuple[str, ...] = tuple(PARTS)

_IDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {category: frozenset(c.id for c in choices) for category, choices in PARTS.items()}
)


def catalogue() -> dict[str, list[dict[str, Any]]]:
    """Every category with its choices, in display order, ready to send as JSON."""
    return {category: [c.to_dict() for c in choices] for category, choices in PARTS.items()}


def category_labels() -> dict[str, dict[str, str]]:
    """Headings for the avatar builder, one per category."""
    return {category: {"ja": ja, "en": en} for category, (ja, en) in CATEGORY_LABELS.items()}


def choice(category: str, choice_id: str) -> Choice:
    """The catalogue entry for a known id (KeyError for unknown ones: a programming error)."""
    for c in PARTS[category]:
        if c.id == choice_id:
            return c
    raise KeyError(f"{category}={choice_id}")


def color_hex(category: str, choice_id: str) -> str:
    hex_value = choice(category, choice_id).hex
    if hex_value is None:
        raise KeyError(f"{category} is not a colour category")
    return hex_value


@dataclass(frozen=True)
class AvatarLook:
    """One choice per category. Constructing it validates, so an invalid look cannot exist."""

    body: str
    skin: str
    hair: str
    hair_color: str
    eyes: str
    clothes: str
    clothes_color: str
    accessory: str

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_value(f.name, getattr(self, f.name))

    @classmethod
    def default(cls) -> AvatarLook:
        return cls(
            body="round", skin="light", hair="short", hair_color="dark_brown",
            eyes="dot", clothes="hoodie", clothes_color="sage", accessory="none",
        )

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def digest(self) -> str:
        """A short, stable name for this look (same choices -> same digest, across runs)."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:20]


# The dataclass fields and the catalogue must describe the same categories.
assert tuple(f.name for f in fields(AvatarLook)) == CATEGORIES


def _check_value(category: str, value: object) -> None:
    if not isinstance(value, str) or value not in _IDS[category]:
        raise DomainError(ErrorCode.INVALID, field=category)


def parse_look(data: object) -> AvatarLook:
    """Validate untrusted input (e.g. a JSON body) into a look.

    Raises ``DomainError(INVALID, field=...)`` naming the first offending key: an unknown
    category, a missing category, a value that is not a string, or an unknown id.
    """
    if not isinstance(data, dict):
        raise DomainError(ErrorCode.INVALID, field="look")
    for key in sorted(data, key=str):
        if key not in _IDS:
            raise DomainError(ErrorCode.INVALID, field=str(key)[:40])
    for category in CATEGORIES:
        if category not in data:
            raise DomainError(ErrorCode.INVALID, field=category)
        _check_value(category, data[category])
    return AvatarLook(**{category: data[category] for category in CATEGORIES})


def random_look(rng: random.Random) -> AvatarLook:
    """A look for a generated guest; deterministic for a seeded ``rng``."""
    return AvatarLook(**{category: rng.choice(choices).id for category, choices in PARTS.items()})
