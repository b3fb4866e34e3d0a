"""Suicide and self-harm risk in Japanese and English: "urgent" for plans, methods and
imminent intent, "concern" for wishes. Never a block: callers use it to bring a human.

Phrases are written in the small notation of ``phrases.expand`` and compiled into two
Aho-Corasick automatons. Japanese ones match the compact view (folded to hiragana, separators
removed, so 死 に た い, 死.に.た.い, ｼﾆﾀｲ and しにたい are one text); English ones match the
folded text with every run of spaces and symbols made one space, as whole words. Idioms are
phrases too: a risk phrase that overlaps an idiom (死ぬほど笑った, "dying to see") is dropped.
"""
from __future__ import annotations

import re

import ahocorasick

from moderation.screen.normalise import SEPARATORS, Compact, Folded, fold
from moderation.screen.phrases import expand
from moderation.screen.results import NO_CRISIS, Crisis

SHI = "(?:死|し)"
IKI = "(?:生|い)"
KIE = "(?:消|き)"
TOBI = "(?:飛|と)"
KIRU = "(?:切|き)(?:る|っ|ろ|ら|り|ります)"

JA_IDIOM = [
    f"{SHI}ぬほど", f"{SHI}ぬかと(?:思|おも)", f"{SHI}にそう", f"{SHI}ぬ(?:気|き)で", f"{SHI}ぬまでに",
    f"(?:笑|わら)い{SHI}", "(?:萌|も)え死", "(?:尊|とうと)死", "必死", "死語", "死角", "決死",
    "自殺(?:予防|防止|対策|相談|行為)", "じさつ(?:よぼう|ぼうし|たいさく)",
    f"{TOBI}び(?:降|お)り(?:の|が)?(?:練習|れんしゅう|台|だい)",  # 飛び降り台: a diving board
    f"(?:舞台|ぶたい)から{TOBI}び(?:降|お)り",  # 清水の舞台から飛び降りる: to take the plunge
    "(?:切|き)り(?:替|換|かえ|かわ)",  # 腕を切り替えて: switching, not cutting
    "にたいして", "にたいする",  # わたしにたいして: 私に対して written in kana
]
JA_URGENT = [
    f"(?:首|くび)を?(?:吊|つ)(?:る|っ|り|ろ)", f"{TOBI}び(?:降|お)り",
    f"(?:電車|でんしゃ|線路|せんろ|ホーム|列車)(?:に|へ|から){TOBI}び(?:込|こ)",
    f"(?:屋上|おくじょう|ビル|ベランダ|歩道橋|橋)から{TOBI}(?:ぶ|び|ぼう|んで)",
    "練炭", "れんたん", "od(?:する|した|しよう|しそう|しちゃ|って|して|るつもり)",
    "オーバードーズ", "(?:薬|くすり)を?(?:溜|た)め(?:て|た|こ|込)",
    "(?:薬|くすり)を?(?:全部|ぜんぶ|大量|たいりょう|まとめて)(?:飲|の)", "リスカ", "リストカット",
    f"(?:手首|てくび|腕|うで)を?{KIRU}", "(?:遺書|いしょ)を?(?:書|か)(?:い|く|こ|け)", "遺書を(?:用意|準備)",
    "(?:自殺|じさつ)(?:する|しよう|します|して|の方法|方法|のほうほう|ほうほう|の準備|を決|のつもり)",
    f"{SHI}ぬ(?:方法|ほうほう|つもり|準備|じゅんび|ことにし|と決|ってきめ)", f"{SHI}のうと(?:決|き)め",
    f"(?:楽|らく)に{SHI}ね",
    f"(?:今夜|こんや|今日|きょう|今から|いまから|明日|あした|もうすぐ)(?:で)?{SHI}(?:ぬ|にます|のう|んでやる)",
    "(?:今まで|いままで)ありがとう(?:ございました)?(?:みんな|みなさん)?(?:さようなら|さよなら)",
]
JA_CONCERN = [
    f"{SHI}にたい", f"{SHI}にたく(?:なる|なった|なって|て)", f"{SHI}んで(?:しまいたい|しまえたら)",
    f"{SHI}んじゃいたい", f"{SHI}にてえ", f"{SHI}ねたら", f"{SHI}んだ(?:ほう|方)が(?:まし|いい|楽|らく)",
    f"{SHI}ぬしかない", f"{SHI}のう(?:かな|と(?:思|おも))", f"{KIE}えたい", f"{KIE}えてしまいたい",
    f"{KIE}えてなくなりたい", "いなくなりたい", f"{IKI}きて(?:い)?たくない", f"{IKI}きたくない",
    f"{IKI}き(?:て|てる|ている|る|ても|てても|ていても)(?:意味|いみ|価値|かち)(?:が|も|は)?(?:ない|わからない|分からない)",
    "(?:生|う)まれてこなければ", "自殺", "じさつ", "自死", "自傷",
    "(?:人生|じんせい|全部|ぜんぶ)を?(?:終|お)わりにしたい", "(?:人生|じんせい|全部|ぜんぶ)を?(?:終|お)わらせたい",
    f"この世から{KIE}え", "(?:殺|ころ)して(?:ほしい|くれ)", "存在を(?:消|け)したい",
]
EN_IDIOM = [
    "dying to", "killing it", "killed it", "kill me now", "killing me now", "kill me with",
    "to die for", "die laughing", "died laughing", "kill myself laughing", "killing myself laughing",
    "suicide (?:prevention|squad|hotline|awareness|door|doors|line|lines)",
    "die of (?:boredom|embarrassment)",
]
EN_URGENT = [
    "(?:going to|gonna|plan to|planning to|decided to|i will|i'll|about to) (?:kill myself|end it|end my life|end it all)",
    "hang myself", "hanging myself", "overdose", "overdosed", "overdosing",
    "(?:stockpiling|saving|saving up|hoarding|stockpiled|saved|saved up|hoarded) (?:my |the )?(?:pills|meds)",
    "(?:took|take|taking|swallowed) (?:all|a bunch of|the whole bottle of) (?:my |the |of my )?(?:pills|meds)",
    "cut myself", "cutting myself", "slit my wrist", "slit my wrists", "slitting my wrists",
    "(?:jump|jumping) (?:off|from) (?:a|the|this) (?:bridge|building|roof)",
    "suicide note", "how to kill myself", "goodbye forever", "bye forever", "method to kill myself",
]
EN_CONCERN = [
    "want to die", "wanna die", "wish i (?:was|were) dead", "wish i (?:was|were) never born",
    "kill myself", "killing myself", "end my life", "take my (?:own )?life", "end it all",
    "suicide", "suicidal", "(?:don't|do not|dont) want to (?:live|be alive|exist|wake up)",
    "no reason to live", "better off dead", "better off without me", "self harm", "hurt myself",
    "hurting myself", "disappear forever", "can't go on",
]
IMMINENT = re.compile(r"今夜|こんや|今日中|今から|いまから|tonight|right now")


def _automaton(groups: list[tuple[str, list[str]]], squash) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for level, patterns in groups:
        for pattern in patterns:
            for phrase in expand(pattern):
                needle = squash(fold(phrase).text)
                old = automaton.get(needle, None)
                if old is None or old[1] == "concern":  # idiom/urgent win a tie
                    automaton.add_word(needle, (len(needle), level))
    automaton.make_automaton()
    return automaton


def spaced(folded_text: str) -> str:
    """English view: every run of spaces and symbols becomes one space."""
    return SEPARATORS.sub(" ", folded_text)


JA = _automaton([("idiom", JA_IDIOM), ("urgent", JA_URGENT), ("concern", JA_CONCERN)],
                lambda text: SEPARATORS.sub("", text))
EN = _automaton([("idiom", EN_IDIOM), ("urgent", EN_URGENT), ("concern", EN_CONCERN)], spaced)
_ASCII_LETTER = re.compile(r"[a-z]")


def _hits(automaton: ahocorasick.Automaton, text: str, whole_words: bool):
    """(start, end, level) of every phrase, risk phrases that overlap an idiom dropped."""
    hits = []
    for last, (length, level) in automaton.iter(text):
        start, end = last - length + 1, last + 1
        if whole_words and not (_edge(text, start - 1) and _edge(text, end)):
            continue
        hits.append((start, end, level))
    idioms = [(a, b) for a, b, level in hits if level == "idiom"]
    return [(a, b, level) for a, b, level in hits
            if level != "idiom" and all(b <= i or a >= j for i, j in idioms)]


def _edge(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not text[i].isalnum()


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or "\uff66" <= ch <= "\uff9d"


def _cuts_a_katakana_word(folded: Folded, packed: Compact, start: int, end: int) -> bool:
    """Folding kana made 消えた+インク read 消えたいんく and アリスかわいい hold りすか. A match
    that begins or ends inside a katakana word, and is not all katakana itself, is not one."""
    start, end = folded.span(*packed.span(start, end))
    text = folded.original
    if all(_is_katakana(ch) for ch in text[start:end]):
        return False
    left = start > 0 and _is_katakana(text[start - 1]) and _is_katakana(text[start])
    right = end < len(text) and _is_katakana(text[end]) and _is_katakana(text[end - 1])
    return left or right


_PUNCTUATION = re.compile(r"[。.!?、,]")


def _spans_two_sentences(packed: Compact, start: int, end: int) -> bool:
    """消えた。いつも reads 消えたいつも without its 。: a hit whose last one or two letters lie
    past a punctuation mark is two sentences. 死、に、た、い (every letter set apart) is the
    trick the compact view is for, and ありがとう、さようなら is one farewell."""
    gaps = packed.gaps(start, end)
    if all(gaps):
        return False
    return any(_PUNCTUATION.search(gap) and len(gaps) - i <= 2 for i, gap in enumerate(gaps))


def assess(folded: Folded, packed: Compact) -> Crisis:
    """The level and what matched (normalised phrases), from one text's folded and compact views."""
    matched: dict[str, str] = {}
    for start, end, level in _hits(JA, packed.text, whole_words=False):
        if not _cuts_a_katakana_word(folded, packed, start, end) and not _spans_two_sentences(packed, start, end):
            matched.setdefault(packed.text[start:end], level)
    if _ASCII_LETTER.search(folded.text):
        text = spaced(folded.text)
        for start, end, level in _hits(EN, text, whole_words=True):
            matched.setdefault(text[start:end], level)
    if not matched:
        return NO_CRISIS
    urgent = "urgent" in matched.values() or bool(IMMINENT.search(folded.text))
    return Crisis("urgent" if urgent else "concern", tuple(matched))
