"""The avatar parts catalogue and the validation of a chosen look."""
from __future__ import annotations

import dataclasses
import json
import random
import re

import pytest

from avatars.parts import (
    CATEGORIES,
    PARTS,
    AvatarLook,
    catalogue,
    category_labels,
    parse_look,
    random_look,
)
from server.core.errors import DomainError, ErrorCode

SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
HEX = re.compile(r"^#[0-9a-f]{6}$")
COLOUR_CATEGORIES = {"skin", "hair_color", "clothes_color"}


def test_catalogue_offers_at_least_six_choices_per_category():
    cat = catalogue()
    assert list(cat) == list(CATEGORIES)
    assert set(CATEGORIES) == {"body", "skin", "hair", "hair_color", "eyes", "clothes", "clothes_color", "accessory"}
    for category, choices in cat.items():
        assert len(choices) >= 6, category


def test_catalogue_ids_are_unique_ascii_slugs_with_both_labels():
    for category, choices in catalogue().items():
        ids = [c["id"] for c in choices]
        assert len(ids) == len(set(ids)), category
        for c in choices:
            assert SLUG.match(c["id"]), c
            assert set(c["label"]) == {"ja", "en"}
            assert c["label"]["ja"].strip() and c["label"]["en"].strip()
            assert not c["label"]["ja"].isascii(), c  # a real Japanese label, not a copy of the English one


def test_colour_categories_carry_hex_and_the_others_do_not():
    for category, choices in catalogue().items():
        for c in choices:
            if category in COLOUR_CATEGORIES:
                assert HEX.match(c["hex"]), c
            else:
                assert "hex" not in c, c


def test_catalogue_has_none_for_hair_and_accessory_and_the_named_accessories():
    ids = {category: {c["id"] for c in choices} for category, choices in catalogue().items()}
    assert "none" in ids["hair"] and {"short", "long", "bun"} <= ids["hair"]
    assert {"none", "glasses", "scarf", "hat", "flower", "headphones"} <= ids["accessory"]


def test_catalogue_is_json_and_a_fresh_copy_each_time():
    first = catalogue()
    assert json.loads(json.dumps(first, ensure_ascii=False)) == first
    first["hair"].clear()
    assert catalogue()["hair"], "callers must not be able to change the catalogue"


def test_category_labels_cover_every_category_in_both_languages():
    labels = category_labels()
    assert list(labels) == list(CATEGORIES)
    for label in labels.values():
        assert label["ja"] and label["en"]


def test_look_fields_match_the_categories():
    assert tuple(f.name for f in dataclasses.fields(AvatarLook)) == CATEGORIES


def test_default_look_round_trips_through_dict_and_json():
    look = AvatarLook.default()
    data = look.to_dict()
    assert list(data) == list(CATEGORIES)
    assert parse_look(json.loads(json.dumps(data))) == look


def test_look_is_frozen():
    look = AvatarLook.default()
    with pytest.raises(dataclasses.FrozenInstanceError):
        look.hair = "long"  # type: ignore[misc]


def _with(**changes):
    data = AvatarLook.default().to_dict()
    data.update(changes)
    return data


def _without(key):
    data = AvatarLook.default().to_dict()
    del data[key]
    return data


INVALID_LOOKS = [
    pytest.param(_with(tail="fluffy"), "tail", id="unknown category"),
    pytest.param(_with(name="taro"), "name", id="extra field"),
    pytest.param(_with(hex="#ffffff"), "hex", id="extra field that looks harmless"),
    pytest.param({**_with(), 7: "x"}, "7", id="non-string key"),
    pytest.param(_with(hair="mohawk"), "hair", id="unknown value"),
    pytest.param(_with(hair="Short"), "hair", id="wrong case"),
    pytest.param(_with(hair=" short"), "hair", id="padded value"),
    pytest.param(_with(hair="glasses"), "hair", id="id from another category"),
    pytest.param(_with(skin="#f5d2b8"), "skin", id="hex instead of colour id"),
    pytest.param(_with(eyes=""), "eyes", id="empty string"),
    pytest.param(_with(hair=1), "hair", id="int"),
    pytest.param(_with(hair=None), "hair", id="null"),
    pytest.param(_with(hair=True), "hair", id="bool"),
    pytest.param(_with(hair=["short"]), "hair", id="list"),
    pytest.param(_with(skin={"id": "light"}), "skin", id="object"),
    pytest.param(_without("eyes"), "eyes", id="missing eyes"),
    pytest.param(_without("accessory"), "accessory", id="missing accessory"),
    pytest.param({}, "body", id="empty object"),
    pytest.param([], "look", id="list instead of object"),
    pytest.param(None, "look", id="null instead of object"),
    pytest.param("round.light.short", "look", id="string instead of object"),
]


@pytest.mark.parametrize("data, field", INVALID_LOOKS)
def test_parse_look_refuses_invalid_input_naming_the_field(data, field):
    with pytest.raises(DomainError) as caught:
        parse_look(data)
    assert caught.value.code is ErrorCode.INVALID
    assert caught.value.field == field
    assert caught.value.to_dict()["field"] == field


def test_unknown_keys_are_reported_before_missing_ones():
    data = _without("hair")
    data["hairstyle"] = "short"  # a typo for "hair"
    with pytest.raises(DomainError) as caught:
        parse_look(data)
    assert caught.value.field == "hairstyle"


def test_a_very_long_unknown_key_is_not_echoed_in_full():
    with pytest.raises(DomainError) as caught:
        parse_look(_with(**{"x" * 5000: "y"}))
    assert caught.value.field == "x" * 40


@pytest.mark.parametrize("category", CATEGORIES)
def test_constructing_a_look_directly_also_validates(category):
    with pytest.raises(DomainError) as caught:
        dataclasses.replace(AvatarLook.default(), **{category: "no-such-part"})
    assert caught.value.code is ErrorCode.INVALID and caught.value.field == category


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_catalogue_choice_parses(category):
    for choice in PARTS[category]:
        look = parse_look(_with(**{category: choice.id}))
        assert getattr(look, category) == choice.id


def test_digest_is_short_hex_and_pinned():
    digest = AvatarLook.default().digest()
    assert re.fullmatch(r"[0-9a-f]{20}", digest)
    # Pinned on purpose: digests name cached sprites, so a change here must be deliberate.
    assert digest == "b24f4f4accf68ceb0f8b"


def test_digest_is_the_same_for_equal_looks_whatever_the_key_order():
    data = AvatarLook.default().to_dict()
    reversed_data = dict(reversed(list(data.items())))
    assert parse_look(reversed_data).digest() == parse_look(data).digest() == AvatarLook.default().digest()


def test_digest_differs_for_every_single_change():
    base = AvatarLook.default()
    seen = {base.digest()}
    for category, choices in PARTS.items():
        for choice in choices:
            if choice.id == getattr(base, category):
                continue
            seen.add(dataclasses.replace(base, **{category: choice.id}).digest())
    changes = sum(len(choices) - 1 for choices in PARTS.values())
    assert len(seen) == changes + 1


def test_random_look_is_valid_and_reproducible_with_a_seed():
    first = [random_look(random.Random(42)) for _ in range(3)]
    assert first[0] == first[1] == first[2]
    rng = random.Random(42)
    looks = [random_look(rng) for _ in range(300)]
    for look in looks:
        assert parse_look(look.to_dict()) == look
    for category, choices in PARTS.items():
        used = {getattr(look, category) for look in looks}
        assert used == {c.id for c in choices}, category  # every part can turn up for a guest


def test_random_look_depends_on_the_rng():
    looks = {random_look(random.Random(seed)) for seed in range(20)}
    assert len(looks) > 15
