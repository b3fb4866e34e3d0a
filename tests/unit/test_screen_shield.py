"""The personal-information shield, table by table: exactly what is found, where (spans in
the ORIGINAL text, whatever its width or spelling), and what the masked text reads."""
import pytest

from moderation.screen import MASK, Found, mask, personal_info, screen


def found(text):
    return [(f.kind, text[f.start:f.end]) for f in personal_info(text)]


@pytest.mark.parametrize("text, expected", [
    ("連絡ください 090-1234-5678", "090-1234-5678"),
    ("０９０－１２３４－５６７８ に電話して", "０９０－１２３４－５６７８"),
    ("〇九〇一二三四五六七八", "〇九〇一二三四五六七八"),
    ("090・1234・5678 です", "090・1234・5678"),
    ("携帯は(090)1234-5678", "(090)1234-5678"),
    ("+81 90 1234 5678", "+81 90 1234 5678"),
    ("090の1234の5678", "090の1234の5678"),
    ("2024.12.25 以降なら 090-2468-1357 で", "090-2468-1357"),  # the date stays
    ("フリーダイヤル0120-123-456へ", "0120-123-456"),
    ("tel:0312345678", "0312345678"),
])
def test_phones(text, expected):
    assert found(text) == [("phone", expected)]


@pytest.mark.parametrize("text", [
    "電話は苦手", "0900-1800 の間", "ISBN 978-4-00-000000-0 の本", "ポイント 12345 たまった",
    "090で始まる番号は携帯だよ", "1234-5678", "0000000000", "2024-12-25 10:00",
])
def test_not_phones(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("taro@example.com に連絡ください", "taro@example.com"),
    ("メールはｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ("taro(at)gmail.com", "taro(at)gmail.com"),
    ("hanako at yahoo dot co dot jp", "hanako at yahoo dot co dot jp"),
    ("sora.chan アット gmail.com", "sora.chan アット gmail.com"),
    ("write to me at mika (at) example (dot) org", "mika (at) example (dot) org"),
    ("hikari ＠ gmail ． com", "hikari ＠ gmail ． com"),
    ("taro@mail", "taro@mail"),  # a whole nickname
])
def test_emails(text, expected):
    assert found(text) == [("email", expected)]


@pytest.mark.parametrize("text", [
    "look at example.com for details", "meet at the station?", "see you@home later",
    "email is scary for me", "@ 500円", "sora@",
])
def test_not_emails(text):
    assert [k for k, _ in found(text) if k == "email"] == []


@pytest.mark.parametrize("text, expected", [
    ("〒150-0001 に送ってください", "150-0001"),
    ("郵便番号は123-4567です", "123-4567"),
    ("〒1500001", "1500001"),
    ("987-6543 宮城県仙台市", "987-6543"),
    ("住所は 060-0806 札幌の", "060-0806"),
])
def test_postal_codes(text, expected):
    assert found(text) == [("postal_code", expected)]


@pytest.mark.parametrize("text, expected", [
    ("東京都新宿区西新宿2-8-1に住んでます", "東京都新宿区西新宿2-8-1"),
    ("札幌市中央区北1条西2丁目", "札幌市中央区北1条西2丁目"),
    ("大阪府大阪市北区梅田3丁目1番1号", "大阪府大阪市北区梅田3丁目1番1号"),
    ("仙台市青葉区国分町三丁目", "仙台市青葉区国分町三丁目"),
])
def test_addresses(text, expected):
    assert found(text) == [("address", expected)]


@pytest.mark.parametrize("text", [
    "3丁目の夕日って映画が好き", "東京都に住んでます", "三重県は遠い", "地区大会で3番だった",
    "この市内で10-20人くらい", "2階の202号室", "国道1号線沿い", "大阪市3-5位",
])
def test_not_addresses(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("LINE: taro_1990", "taro_1990"),
    ("@taro_x", "@taro_x"),
    ("ＬＩＮＥのＩＤはｔａｒｏ１９９０です", "ｔａｒｏ１９９０"),
    ("ｲﾝｽﾀ sora_0412", "sora_0412"),
    ("discord: taro#1234", "taro#1234"),
    ("my insta is yuki.photos", "yuki.photos"),
    ("discord id: hidamari", "hidamari"),
])
def test_sns_ids(text, expected):
    assert found(text) == [("sns_id", expected)]


@pytest.mark.parametrize("text", [
    "I stood in line for an hour", "the line is long today", "my id is secret", "LINEやってないです",
    "online game", "@みんな おはよう", "ID は必要ないよ",
])
def test_not_sns_ids(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", [
    ("https://line.me/ti/p/abcdEFG123 から", "https://line.me/ti/p/abcdEFG123"),
    ("instagram.com/sora_chan 見てね", "instagram.com/sora_chan"),
    ("ｈｔｔｐｓ：／／ｘ．ｃｏｍ／ｓｏｒａ", "ｈｔｔｐｓ：／／ｘ．ｃｏｍ／ｓｏｒａ"),
])
def test_profile_links(text, expected):
    assert found(text) == [("profile_link", expected)]


@pytest.mark.parametrize("text", [
    "https://www.mhlw.go.jp/ に情報があります", "x.com で見たよ", "https://example.com/news/2024",
    "dropbox.com/s/abc",
])
def test_not_profile_links(text):
    assert found(text) == []


def test_masking_keeps_everything_else_as_written():
    text = "ｼﾞﾛｰです。連絡は ０９０－１２３４－５６７８ か taro@example.com まで！"
    result = screen(text)
    assert result.masked == "ｼﾞﾛｰです。連絡は ●●● か ●●● まで！"
    assert [f.kind for f in result.personal_info] == ["phone", "email"]


def test_spans_survive_characters_that_fold_to_more_or_fewer():
    text = "㈱ｶﾞｲﾄﾞ 090-1234-5678"  # ㈱ folds to three characters, ｶﾞ two to one
    (phone,) = personal_info(text)
    assert text[phone.start:phone.end] == "090-1234-5678"


def test_one_mask_for_every_kind_and_for_touching_spans():
    assert mask("abcdef", [Found("phone", 1, 3), (2, 5)]) == f"a{MASK}f"
    assert mask("abcdef", [(0, 1), (4, 6)]) == f"{MASK}bcd{MASK}"
    assert mask("abc", []) == "abc"
    assert mask("abc", [(2, 2), (-5, 1), (2, 99)]) == f"{MASK}b{MASK}"


def test_nothing_found_leaves_the_text_identical():
    text = "今日は 2024.12.25、1,200円のケーキを3人で食べた"
    result = screen(text)
    assert result.personal_info == () and result.masked is text
