import random

import pytest

from avatars.nicknames import MAX_LENGTH, generate_nickname, login_name, validate_nickname
from server.core.errors import DomainError, ErrorCode


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ひだまり", "ひだまり"),
        ("  そら  ", "そら"),
        ("ＡＢＣ", "ABC"),  # full width folded
        ("a" * MAX_LENGTH, "a" * MAX_LENGTH),
        ("ねこ好き2号", "ねこ好き2号"),
        ("ライン好き", "ライン好き"),  # a context word without an id is no id
        ("三重のくま", "三重のくま"),
        ("sora@", "sora@"),
        ("1999年生まれ", "1999年生まれ"),
    ],
)
def test_valid_nicknames(raw, expected):
    assert validate_nickname(raw) == expected


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", ErrorCode.NICKNAME_INVALID),
        ("   ", ErrorCode.NICKNAME_INVALID),
        ("a" * (MAX_LENGTH + 1), ErrorCode.NICKNAME_INVALID),
        ("tab\there", ErrorCode.NICKNAME_INVALID),
        ("new\nline", ErrorCode.NICKNAME_INVALID),
        ("bell\x07", ErrorCode.NICKNAME_INVALID),
        ("zero\u200bwidth", ErrorCode.NICKNAME_INVALID),
        ("rtl\u202eevil", ErrorCode.NICKNAME_INVALID),
        (None, ErrorCode.NICKNAME_INVALID),
        (12345, ErrorCode.NICKNAME_INVALID),
        (["list"], ErrorCode.NICKNAME_INVALID),
        ("me@example.com", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("ｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("taro@mail", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("090-1234-5678", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("０９０１２３４５６７８", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("+81 90 1234 5678", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("call 03(1234)5678", ErrorCode.NICKNAME_PERSONAL_INFO),
        # issue 12: each of these was accepted before the screening engine
        ("LINE: taro_1990", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("@taro_x", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("taro(at)gmail.com", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("〇九〇一二三四五六七八", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("ライン taro_1990", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("taro アット gmail.com", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("〒150-0001", ErrorCode.NICKNAME_PERSONAL_INFO),
        ("line.me/ti/p/abc", ErrorCode.NICKNAME_PERSONAL_INFO),
    ],
)
def test_refused_nicknames(raw, code):
    with pytest.raises(DomainError) as err:
        validate_nickname(raw)
    assert err.value.code == code
    assert err.value.field == "nickname"


def test_login_name_ignores_case_and_width():
    assert login_name("Ｓｏｒａ") == login_name("sora") == login_name(" SORA ")


def test_generated_nicknames_are_valid_and_varied():
    rng = random.Random(7)
    names = {generate_nickname(rng) for _ in range(50)} | {generate_nickname(rng, "en") for _ in range(50)}
    assert len(names) > 30
    for name in names:
        assert validate_nickname(name) == name
