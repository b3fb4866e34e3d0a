"""Hostile input: texts built to make a backtracking regex or a quadratic loop explode
(runs of separators after a context word, endless digit groups, long place names...). Each
is screened in a subprocess with a generous limit: the engine's work is linear, so the whole
set takes well under a second; an exponential pattern would take years on the first one.
This guards against a regression (a nested quantifier crept in before, in the SNS pattern).
"""
import json
import subprocess
import sys

HOSTILE = [
    "line" + " " * 60 + "あ", "ライン" + "のは" * 60 + "!", "id" * 200 + "!", "line: " * 300,
    "0-" * 1000, "1 " * 2000, "0" * 4000, "〇" * 2000, "+1 " * 700, "〒" + "1" * 1000,
    "東京都1丁目" + "1" * 200 + "x", "東京都1丁目" + "1 " * 200 + "x", "東京都" + "新" * 1000 + "1丁目",
    "a@" + "b-" * 1000, "a@b" + ".b" * 1000 + "-", "a (at) " + "b (dot) " * 300, "a" * 3000 + "@",
    "x.com/" + "a" * 3000, "@" * 2000, "死 " * 1000, "ｶﾞ" * 2000, "…" * 2000, "しにたい" * 500,
]
SCRIPT = """
import json, sys
from moderation.screen import WordList, screen
words = WordList.build([("ばか", "mask"), ("spam", "refuse")])
for text in json.loads(sys.stdin.read()):
    screen(text, words=words)
print("done")
"""


def test_hostile_texts_are_screened_in_linear_time():
    done = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(HOSTILE), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
