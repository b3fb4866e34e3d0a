"""The screening benchmark runs end to end on a small corpus and reports both sides (its
numbers are for docs/PERFORMANCE.md, never checked against a time here)."""
import json
import subprocess
import sys

from bench.screen import run
from bench.screen_baseline import looks_like_contact_details
from bench.screen_corpus import CRISIS, PERSONAL, messages, word_rows
from moderation.screen import WordList, screen


def test_report_has_both_sides():
    report = run(count=300, rounds=1, seed=3, core=None)
    assert report["messages"] == 300 and report["word_phrases"] == 200
    for prefix in ("", "baseline_"):
        assert report[f"{prefix}msgs_per_cpu_s"] > 0 and report[f"{prefix}msgs_per_wall_s"] > 0
        assert 0 < report[f"{prefix}p50_us"] <= report[f"{prefix}p99_us"] <= report[f"{prefix}max_us"]
    assert report["cost_vs_baseline"] > 0


def test_the_corpus_exercises_every_part():
    corpus = messages(2000, seed=1)
    assert 0.05 < sum(t in PERSONAL for t in corpus) / len(corpus) < 0.2
    assert any(t in CRISIS for t in corpus)
    words = WordList.build(word_rows())
    results = [screen(t, words=words) for t in corpus]
    assert any(r.personal_info for r in results) and any(r.crisis.level != "none" for r in results)
    assert all(screen(t).personal_info for t in PERSONAL)
    assert all(screen(t).crisis.level != "none" for t in CRISIS)
    # the baseline is the old detector: it misses what the engine was built for
    assert not looks_like_contact_details("ＬＩＮＥのＩＤはｔａｒｏ１９９０です")
    assert looks_like_contact_details("090-1234-5678")


def test_command_line_prints_one_json_object():
    done = subprocess.run([sys.executable, "-m", "bench.screen", "--messages", "200", "--rounds", "1",
                           "--core", "-1", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["messages"] == 200
