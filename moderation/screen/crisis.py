"""Suicide and self-harm risk in Japanese and English: "urgent" for plans, methods and
imminent intent, "concern" for wishes. Never a block: callers use it to bring a human.

Japanese phrases are matched on the compact view (folded to hiragana, separators removed,
so 死 に た い, 死.に.た.い, ｼﾆﾀｲ and しにたい are all しにたい/死にたい); English phrases on
the folded view with word boundaries. Idioms come first in one alternation, so a scan that
meets 死ぬほど笑った or "dying to see" consumes it and it can never alert.
"""
from __future__ import annotations

import re

from moderation.screen.results import NO_CRISIS, Crisis

SHI = "(?:死|し)"
IKI = "(?:生|い)"
KIE = "(?:消|き)"
TOBI = "(?:飛|と)"

JA_IDIOMS = [
    f"{SHI}ぬほど", f"{SHI}ぬかと(?:思|おも)", f"{SHI}にそう", f"{SHI}ぬ(?:気|き)で", f"{SHI}ぬまでに",
    f"(?:笑|わら)い{SHI}", "(?:萌|も)え死", "(?:尊|とうと)死", "必死", "死語", "死角", "決死",
    "自殺(?:予防|防止|対策|相談|行為|ぼうし|よぼう)", "じさつ(?:よぼう|ぼうし|たいさく)",
    f"{TOBI}び(?:降|お)り(?:る|た)?(?:の|が)?(?:練習|れんしゅう|台|だい)",  # 飛び降り台 (diving board)
]
JA_URGENT = [
    "(?:首|くび)を?(?:吊|つ)(?:る|っ|り|ろ)", "首吊", f"{TOBI}び(?:降|お)り",
    f"(?:電車|でんしゃ|線路|せんろ|ほーむ|列車)に{TOBI}び(?:込|こ)",
    f"(?:屋上|おくじょう|びる|ベランダ|べらんだ|橋|歩道橋)から{TOBI}(?:ぶ|び|ぼ|ん)",
    "練炭|れんたん", "(?<![a-z])od(?:する|した|しよう|しそう|しちゃ|って|して|るつもり)",
    "おーばーどーず", "(?:薬|くすり)を?(?:溜|た)め(?:て|た|こ|込)",
    "(?:薬|くすり)を?(?:全部|ぜんぶ|大量|たいりょう|まとめて)", "りすか|りすとかっと",
    "(?:手首|てくび|腕|うで)を?(?:切|き)(?:る|っ|り|ろ|ら)", "遺書|いしょを(?:書|か)",
    "(?:自殺|じさつ)(?:する|しよう|します|して|の方法|方法|のほうほう|ほうほう|の準備|を決|を考|のつもり)",
    f"{SHI}ぬ(?:方法|ほうほう|つもり|準備|じゅんび|ことにし|と決|ってきめ)", f"{SHI}のうと(?:決|き)め",
    f"(?:楽|らく)に{SHI}ね", f"(?:今夜|こんや|今日|きょう|今から|いまから|明日|あした|もうすぐ){SHI}(?:ぬ|にます|のう|んでやる)",
    "(?:今まで|いままで)ありがとう.{0,12}(?:さようなら|さよなら)",
]
JA_CONCERN = [
    f"{SHI}にたい", f"{SHI}にたく(?:なる|なった|なって|て)", f"{SHI}んで(?:しまいたい|しまえたら|楽に)",
    f"{SHI}んじゃいたい", f"{SHI}にてえ", f"{SHI}ねたら", f"{SHI}んだ(?:ほう|方)が(?:まし|いい|楽|らく)",
    f"{SHI}ぬしかない", f"{SHI}のう(?:かな|と(?:思|おも))", f"{KIE}えたい", f"{KIE}えてしまいたい",
    f"{KIE}えてなくなりたい", "いなくなりたい", f"{IKI}きて(?:い)?たくない", f"{IKI}きたくない",
    f"{IKI}きて(?:る|いる)?(?:意味|いみ|価値|かち)(?:が|も)?(?:ない|わからない)",
    f"{IKI}きる(?:意味|いみ|価値|かち)(?:が|も)?(?:ない|わからない)", "(?:生|う)まれてこなければ",
    "自殺|じさつ", "自死", "自傷", "(?:人生|じんせい|全部|ぜんぶ)(?:を)?(?:終|お)わり?(?:に)?(?:したい|らせたい)",
    "この世から(?:消|き)え", "(?:殺|ころ)して(?:ほしい|くれ)", "存在を(?:消|け)したい",
]

_SEP = r"[\s\W_]+"


def _en(phrase: str) -> str:
    """An English phrase with word boundaries; any run of spaces or symbols between words."""
    return r"\b" + phrase.replace(" ", _SEP) + r"\b"


EN_IDIOMS = [
    _en(p) for p in (
        "dying to", "killing it", "killed it", "kill(?:ing)? me (?:now|with)", "to die for",
        "(?:could|gonna|will|would) die laughing", "die laughing", "kill(?:ing)? myself laughing",
        "suicide (?:prevention|squad|hotline|awareness|doors?|lines?)", "die of (?:boredom|embarrassment)",
    )
]
EN_URGENT = [
    _en(p) for p in (
        "(?:going|gonna|plan(?:ning)? to|decided to|i will|i'll|about to) (?:kill myself|end (?:it|my life|it all))",
        "hang(?:ing)? myself", "overdos(?:e|ed|ing)", "(?:stockpil|sav|hoard)(?:e|ed|ing)? (?:up )?(?:my |the )?(?:pills|meds)",
        "(?:took|take|taking|swallow(?:ed)?) (?:all|a bunch of|the whole bottle of) (?:my |the |of my )?(?:pills|meds)",
        "cut(?:ting)? myself", "slit(?:ting)? my wrists?", "jump(?:ing)? (?:off|from) (?:a|the|this) (?:bridge|building|roof)",
        "suicide note", "how to kill myself", "(?:goodbye|bye) forever", "method to (?:die|kill myself)",
    )
]
EN_CONCERN = [
    _en(p) for p in (
        "want to die", "wanna die", "wish i (?:was|were) dead", "wish i (?:was|were) never born",
        "kill myself", "killing myself", "end my life", "take my (?:own )?life", "end it all",
        "suicid(?:e|al)", "(?:don't|do not|dont) want to (?:live|be alive|exist|wake up)",
        "no reason to live", "better off dead", "better off without me", "self harm", "self-harm",
        "hurt(?:ing)? myself", "disappear forever", "can't go on",
    )
]
IMMINENT = re.compile(r"今夜|こんや|今日中|今から|いまから|\btonight\b|\bright now\b")


def _alternation(groups: list[tuple[str, list[str]]]) -> tuple[re.Pattern, dict[str, str]]:
    """One regex; idioms first so that they win at the position where they start."""
    parts, level_of = [], {}
    for level, patterns in groups:
        for pattern in patterns:
            name = f"g{len(parts)}"
            level_of[name] = level
            parts.append(f"(?P<{name}>{pattern})")
    return re.compile("|".join(parts)), level_of


JA, JA_LEVEL = _alternation([("idiom", JA_IDIOMS), ("urgent", JA_URGENT), ("concern", JA_CONCERN)])
EN, EN_LEVEL = _alternation([("idiom", EN_IDIOMS), ("urgent", EN_URGENT), ("concern", EN_CONCERN)])
_ASCII_LETTER = re.compile(r"[a-z]")


def assess(folded: str, compact: str) -> Crisis:
    """The level and what matched, from the folded and compact views of one text."""
    matched: dict[str, str] = {}
    scans = [(JA, JA_LEVEL, compact)]
    if _ASCII_LETTER.search(folded):
        scans.append((EN, EN_LEVEL, folded))
    for regex, levels, view in scans:
        for m in regex.finditer(view):
            level = levels[m.lastgroup]
            if level != "idiom":
                matched.setdefault(m.group(), level)
    if not matched:
        return NO_CRISIS
    urgent = "urgent" in matched.values() or bool(IMMINENT.search(folded))
    return Crisis("urgent" if urgent else "concern", tuple(matched))
