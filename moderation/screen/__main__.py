"""Check sentences against the screening, one per line on stdin, one JSON object per line out:

    echo '連絡は 090-1234-5678 まで' | .venv/bin/python -m moderation.screen
    .venv/bin/python -m moderation.screen --words words.csv < sentences.txt

``--words`` is a CSV file of ``phrase,action`` rows (action: flag, mask or refuse).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys

from moderation.screen import Screening, WordList, screen


def load_words(path: str) -> WordList:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(row[0], row[1].strip()) for row in csv.reader(handle) if row and row[0].strip()]
    return WordList.build(rows)


def as_json(text: str, result: Screening) -> dict:
    return {
        "personal_info": [
            {"kind": f.kind, "start": f.start, "end": f.end, "text": text[f.start:f.end]}
            for f in result.personal_info
        ],
        "masked": result.masked,
        "crisis": {"level": result.crisis.level, "matched": list(result.crisis.matched)},
        "words": [
            {"phrase": h.phrase, "action": h.action, "start": h.start, "end": h.end}
            for h in result.words
        ],
        "refused": result.refused,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", help="CSV file of phrase,action rows")
    args = parser.parse_args(argv)
    try:
        words = load_words(args.words) if args.words else None
    except (OSError, ValueError, IndexError) as error:
        print(f"moderation.screen: cannot use the word list: {error}", file=sys.stderr)
        return 2
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        print(json.dumps(as_json(text, screen(text, words=words)), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
