"""Postal codes, street addresses, SNS ids and links to personal profiles, found in the
folded view (NFKC, hiragana, lower case: ライン is らいん, ＬＩＮＥ is line)."""
from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[str, int, int]

PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 "
    "神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 "
    "大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
    "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
_HYPHEN = r"[\-‐‑‒–—―ー−]"

# 〒, 郵便番号 or "zip" announce a postal code; a bare ddd-dddd needs 住所/〒 before it or a
# prefecture right after it (otherwise it is a score, a range, a phone fragment...).
POSTAL_ANNOUNCED = re.compile(
    rf"(?:〒|郵便番号|ゆうびんばんごう|postal code|post ?code|zip(?: ?code)?)\s*(?:[:は]|is)?\s*"
    rf"(?P<code>\d{{3}}\s*{_HYPHEN}?\s*\d{{4}})(?!\d)"
)
POSTAL_BARE = re.compile(
    rf"(?<![\d\-])(?P<code>\d{{3}}{_HYPHEN}\d{{4}})(?![\d\-])(?=\s*(?:{'|'.join(PREFECTURES)}))"
    rf"|(?:住所|じゅうしょ|address)[^\d\n]{{0,8}}(?P<code2>\d{{3}}{_HYPHEN}\d{{4}})(?![\d\-])"
)

# A place (a prefecture, or a municipality ending in 市区町村郡) then, within a short run of
# kanji, a block number: 丁目, 番地, 番 before a number, 号 (not 号室/号車/号館/号線), 条 before a
# number or a direction, or a hyphenated 1-2-3. 「3番目」「第2条」「部屋2」 are not addresses.
_NUM = r"[0-9〇一二三四五六七八九十百]+"
_PLACE = (
    rf"(?:{'|'.join(PREFECTURES)}|(?:[一-龥々ヶゖ]{{1,5}}|さいたま|つくば|いわき|ひたちなか|あきる野)[市区町村郡])"
)
_UNIT = rf"(?:丁目|番地|番(?=\s*{_NUM})|号(?![室車館線機])|条(?=\s*(?:{_NUM}|[東西南北])))"
_BLOCK = rf"{_NUM}\s*{_UNIT}(?:\s*(?:{_NUM}|[東西南北の]|{_HYPHEN})*\s*{_UNIT})*"
_HYPHENATED = rf"\d{{1,4}}(?:\s*{_HYPHEN}\s*\d{{1,4}}){{1,3}}(?![\d人円歳個回件日月年時分点%位度階枚本冊])"
_PLACE_MARK = re.compile("[都道府県市区町村郡]")
_BLOCK_MARK = re.compile(rf"丁目|番|号|条|\d\s*{_HYPHEN}\s*\d")
_DIGIT = re.compile(r"\d")
ADDRESS = re.compile(
    rf"{_PLACE}(?:[一-龥々ヶゖがのケ]{{0,12}}?)(?:{_BLOCK}|{_HYPHENATED})(?:{_HYPHENATED})?"
)

# SNS ids: a context word (LINE, ライン, インスタ, X, Discord, ID, アカウント...) then, after a
# few connecting words, an ASCII handle. "@handle" announces itself.
_SNS_WORDS = (
    "line insta instagram twitter x discord tiktok facebook threads skype kakao wechat telegram "
    "snapchat id username handle らいん いんすた いんすたぐらむ ついった ついったー でぃすこ "
    "でぃすこーど てぃっくとっく ふぇいすぶっく あかうんと 垢 ゆーざー名 ゆーざーねーむ すかいぷ"
).split()
_SNS_WORD = "|".join(sorted(_SNS_WORDS, key=len, reverse=True))  # "instagram" before "insta"
_CONNECT = r"(?:\s|[:=→>\-]|の|は|が|です|だよ|id|is|me|on|at|で|に|を|検索|追加|して|ね|よ)*"
_TIGHT = re.compile(_CONNECT)
SNS = re.compile(rf"(?P<ctx>{_SNS_WORD})(?P<conn>(?:{_CONNECT}|[^a-z0-9@\n]){{0,12}}?)(?P<at>@?)(?P<handle>[a-z0-9][a-z0-9._\-]{{2,29}}(?:#\d{{4}})?)(?![a-z0-9])")
AT_HANDLE = re.compile(r"(?<![a-z0-9._%+\-])@[a-z0-9_][a-z0-9_.]{1,29}(?![a-z0-9_@])")
_EXPLICIT = re.compile(r"[:=→>]|は|id|が")
_ID_WORDS = frozenset({"id", "username", "user name", "username", "handle", "垢", "あかうんと"})
NOT_HANDLES = frozenset({
    "the", "and", "for", "you", "but", "not", "with", "this", "that", "too", "yet", "now", "also",
    "here", "there", "chat", "call", "group", "app", "account", "user", "name", "please", "only",
    "secret", "private", "hidden", "unknown", "none", "nothing", "same", "different", "later",
})

# Links to a person's page on a social network or messenger (news sites and docs pass).
PROFILE_LINK = re.compile(
    r"(?<![a-z0-9.\-])(?:https?://)?(?:www\.|m\.|mobile\.|vt\.)?"
    r"(?:line\.me|lin\.ee|instagram\.com|instagr\.am|twitter\.com|x\.com|discord\.gg|discord\.com|"
    r"discordapp\.com|tiktok\.com|facebook\.com|fb\.com|fb\.me|threads\.net|t\.me|wa\.me|"
    r"youtube\.com/@|mixi\.jp|ameblo\.jp|note\.com)"
    r"/?[a-z0-9_.~%@?=&#/+\-]{2,}"
)


def postal_codes(folded: str) -> Iterator[Span]:
    if len(_DIGIT.findall(folded)) < 7:
        return
    for m in POSTAL_ANNOUNCED.finditer(folded):
        yield "postal_code", m.start("code"), m.end("code")
    for m in POSTAL_BARE.finditer(folded):
        group = "code" if m.group("code") else "code2"
        yield "postal_code", m.start(group), m.end(group)


def addresses(folded: str) -> Iterator[Span]:
    if not (_PLACE_MARK.search(folded) and _BLOCK_MARK.search(folded)):
        return
    for m in ADDRESS.finditer(folded):
        yield "address", m.start(), m.end()


def sns_ids(folded: str) -> Iterator[Span]:
    for m in SNS.finditer(folded):
        handle = m.group("handle")
        if _inside_a_word(folded, m.start("ctx"), m.end("ctx")):
            continue  # "online", "paid", "lines": the context word is part of another word
        conn = m.group("conn")
        tight = _TIGHT.fullmatch(conn) is not None  # only connecting words: "LINEのIDは"
        explicit = bool(m.group("at")) or (tight and (bool(_EXPLICIT.search(conn)) or m.group("ctx") in _ID_WORDS))
        wordlike = handle.isalpha()
        if handle in NOT_HANDLES or (wordlike and not explicit):
            continue
        if handle.isdigit() and len(handle) < 5:
            continue
        yield "sns_id", m.start("handle"), m.end("handle")
    if "@" not in folded:
        return
    for m in AT_HANDLE.finditer(folded):
        yield "sns_id", m.start(), m.end()


def _inside_a_word(text: str, start: int, end: int) -> bool:
    if not text[start].isascii():
        return False
    before = start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()
    after = end < len(text) and text[end].isascii() and text[end].isalnum()
    return before or after


def profile_links(folded: str) -> Iterator[Span]:
    if "." not in folded:
        return
    for m in PROFILE_LINK.finditer(folded):
        yield "profile_link", m.start(), m.end()
