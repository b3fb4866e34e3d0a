"""`python -m moderation.screen` as an operator runs it: a real subprocess, lines in, JSON out."""
import json
import subprocess
import sys


def run(lines: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "moderation.screen", *args], input=lines,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_one_json_object_per_line():
    done = run("連絡は 090-1234-5678 まで\nもう死にたい\n今日は晴れ\n")
    assert done.returncode == 0, done.stderr
    first, second, third = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["personal_info"] == [{"kind": "phone", "start": 4, "end": 17, "text": "090-1234-5678"}]
    assert first["masked"] == "連絡は ●●● まで"
    assert first["crisis"] == {"level": "none", "matched": []}
    assert second["crisis"] == {"level": "concern", "matched": ["死にたい"]}
    assert third == {"personal_info": [], "masked": "今日は晴れ", "crisis": {"level": "none", "matched": []},
                     "words": [], "refused": False}


def test_word_list_from_csv(tmp_path):
    words = tmp_path / "words.csv"
    words.write_text("phrase,action\nバカ,mask\n投資,refuse\n", encoding="utf-8")
    done = run("このバカ\n投資しませんか\n", "--words", str(words))
    assert done.returncode == 2 and "unknown action 'action'" in done.stderr  # a header row is not a phrase
    words.write_text("バカ,mask\n投資, refuse\n", encoding="utf-8")
    done = run("このバカ\n投資しませんか\n", "--words", str(words))
    assert done.returncode == 0, done.stderr
    first, second = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["masked"] == "この●●●" and first["words"][0]["action"] == "mask"
    assert second["refused"] is True


def test_unreadable_word_list_is_a_clear_error(tmp_path):
    done = run("x\n", "--words", str(tmp_path / "missing.csv"))
    assert done.returncode == 2 and "cannot use the word list" in done.stderr and done.stdout == ""
