"""The benchmark's messages and word list, made here so the bench needs nothing from tests/.

Messages are what the plaza, conversations and the desk carry: mostly everyday lines in
Japanese and English, about one in ten with contact details, about one in fifty with a
crisis phrase, lengths from a greeting to a paragraph.
"""
from __future__ import annotations

import random

EVERYDAY = [
    "こんにちは", "はじめまして、よろしくお願いします", "今日は雨ですね", "おはようございます！",
    "明日の10時から相談会があります", "電話に出るのが怖いです", "メールが苦手で…", "今日は3人来ました",
    "2024年12月25日の14時からです", "1,200円のケーキを買った", "17歳の息子がいます",
    "うちの子は15歳で、3年くらい部屋から出ていません。どうしたらいいのか分からなくて、毎日不安です。",
    "夜になると少し元気が出ます。昼間は眠くて、起きていられないことが多いです。",
    "親として何ができるのか、ずっと考えています。話を聞いてもらえるだけで助かります。",
    "死ぬほど笑った", "お腹すいて死にそう", "相談の部屋2に行きます", "ゲームのバージョン1.2.3が出た",
    "ありがとう、少し楽になりました", "散歩してきた。30分くらい", "ねこが膝の上で寝てる",
    "hello!", "thanks for listening", "I went outside today for the first time in a week",
    "meet at the plaza at 10:30?", "I have 2 cats and 1 dog", "I'm dying to see the new movie",
    "my son has been at home for 3 years and I don't know how to talk to him anymore",
    "ＬＩＮＥはやってないです", "インスタ見るのが好き", "3丁目の夕日って映画が好き", "ｗｗｗ",
]
PERSONAL = [
    "連絡ください 090-1234-5678", "taro@example.com に送って", "ＬＩＮＥのＩＤはｔａｒｏ１９９０です",
    "〒150-0001 東京都渋谷区神宮前1-2-3", "@taro_x フォローして", "instagram.com/sora_chan 見てね",
    "〇九〇一二三四五六七八", "taro(at)gmail.com", "my number is 090 8765 4321", "discord: taro#1234",
]
CRISIS = ["もう死にたい", "ｼﾆﾀｲ", "薬をためてる", "I want to die", "消えてしまいたい"]


def messages(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        roll = rng.random()
        pool = CRISIS if roll < 0.02 else PERSONAL if roll < 0.12 else EVERYDAY
        out.append(rng.choice(pool))
    return out


def word_rows(count: int = 200, seed: int = 5) -> list[tuple[str, str]]:
    """A moderators' list of about 200 phrases: real-looking Japanese and English ones, then
    made-up ones to reach the size (they match nothing, as most of a real list does)."""
    rows = [("バカ", "mask"), ("アホ", "mask"), ("きもい", "mask"), ("うざい", "flag"), ("会おうよ", "flag"),
            ("住所教えて", "flag"), ("投資", "flag"), ("稼げる", "refuse"), ("副業", "flag"),
            ("idiot", "mask"), ("loser", "mask"), ("meet me", "flag"), ("crypto", "refuse")]
    rng = random.Random(seed)
    kana = "あいうえおかきくけこさしすせそたちつてとなにぬねの"
    while len(rows) < count:
        word = "".join(rng.choice(kana) for _ in range(rng.randint(3, 6)))
        rows.append((word if rng.random() < 0.7 else f"spam{len(rows)}", rng.choice(("flag", "mask"))))
    return rows
