"""Screening throughput: messages per second and p99 per message through the whole screening
(shield + crisis + a word list of ~200 phrases, ``moderation.screen.screen``) on one core,
against the baseline of the plain NFKC + regex contact detector that was there before
(``bench.screen_baseline``, moderation/personal_info.py as it stood), in the same run on the
same messages; then the engine alone on paragraphs of ~400 characters (``long_*``, letters and
desk messages). Prints one JSON object.

    .venv/bin/python -m bench.screen --json
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import time

from bench.screen_baseline import looks_like_contact_details
from bench.screen_corpus import messages, word_rows
from moderation.screen import WordList, screen


def _timed_each(fn, corpus: list[str]) -> tuple[float, float, list[int]]:
    """Wall seconds, CPU seconds of this thread, and per-message CPU nanoseconds for one pass.

    CPU time (CLOCK_THREAD_CPUTIME_ID) is what the screening costs on one core; on a machine
    shared with other work, wall time also counts the moments the process was not running.
    """
    cpu = time.thread_time_ns
    each = []
    wall0, cpu0 = time.perf_counter(), cpu()
    for text in corpus:
        t0 = cpu()
        fn(text)
        each.append(cpu() - t0)
    return time.perf_counter() - wall0, (cpu() - cpu0) / 1e9, each


def _figures(prefix: str, wall: float, cpu_s: float, each: list[int]) -> dict:
    q = statistics.quantiles(each, n=100)
    return {
        f"{prefix}msgs_per_cpu_s": round(len(each) / cpu_s),
        f"{prefix}msgs_per_wall_s": round(len(each) / wall),
        f"{prefix}p50_us": round(q[49] / 1000, 1),
        f"{prefix}p99_us": round(q[98] / 1000, 1),
        f"{prefix}max_us": round(max(each) / 1000, 1),
    }


def run(count: int, rounds: int, seed: int, core: int | None) -> dict:
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    corpus = messages(count, seed)
    words = WordList.build(word_rows())
    everything = lambda text: screen(text, words=words)  # noqa: E731
    for fn in (everything, looks_like_contact_details):  # warm caches (fold table, regexes)
        _timed_each(fn, corpus[:2000])
    gc.collect()
    gc.freeze()
    totals = {"ours": [0.0, 0.0, []], "base": [0.0, 0.0, []]}
    for _ in range(rounds):  # interleaved, so a noisy neighbour hits both sides alike
        for name, fn in (("ours", everything), ("base", looks_like_contact_details)):
            wall, cpu_s, each = _timed_each(fn, corpus)
            totals[name][0] += wall
            totals[name][1] += cpu_s
            totals[name][2] += each
    result = {"messages": len(totals["ours"][2]), "word_phrases": words.size, "core": core,
              "avg_chars": round(statistics.mean(map(len, corpus)), 1),
              "load_1min": round(os.getloadavg()[0], 2)}
    result |= _figures("", *totals["ours"])
    result |= _figures("baseline_", *totals["base"])
    # Letters and desk messages are longer: paragraphs of 20 messages (~400 characters).
    paragraphs = ["。".join(corpus[i:i + 20]) for i in range(0, min(len(corpus), 20_000), 20)]
    wall, cpu_s, each = _timed_each(everything, paragraphs)
    result |= {"long_avg_chars": round(statistics.mean(map(len, paragraphs)))}
    result |= _figures("long_", wall, cpu_s, each)
    result["cost_vs_baseline"] = round(result["baseline_msgs_per_cpu_s"] / result["msgs_per_cpu_s"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--core", type=int, default=0, help="pin to this CPU (-1: do not pin)")
    parser.add_argument("--json", action="store_true", help="print the JSON object on one line")
    args = parser.parse_args()
    result = run(args.messages, args.rounds, args.seed, None if args.core < 0 else args.core)
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
