"""Figures of one space-benchmark run, from what the load-generator processes recorded.

Latency and delivery come from joining two logs after the run: tracked walkers' moves
(when sent, where to, accepted or not) and the positions of tracked walkers that observers
received (first receipt of each position). A move is *expected* at an observer who had the
mover in view from the moment it was sent until ``SETTLE_S`` later (so view changes at the
edge of the window, where a ``leave`` replaces the move, are not counted as losses). It is
*delivered* when the observer received that exact position; *coalesced* when it did not but
received the mover's next accepted position (two moves landed in one 100 ms tick and only
the later one was sent, by design). Latency is receipt minus send time of delivered moves.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable

SETTLE_S = 1.0


def percentile(sorted_values, q: float) -> float | None:
    """Nearest-rank percentile of an already sorted sequence (None when empty)."""
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def _covered(spans: list[list[float]], start: float, end: float) -> bool:
    return any(a <= start and b >= end for a, b in spans)


def join_deliveries(tracked_sends: dict[str, list[list]], observations: Iterable[dict],
                    measure_from: float, measure_to: float) -> dict:
    accepted = {aid: [(s, key) for s, key, ok in sends if ok] for aid, sends in tracked_sends.items()}
    latencies = array("d")
    expected = delivered = coalesced = 0
    for seen in observations:
        received = seen["received"]
        for aid, spans in seen["intervals"].items():
            moves = accepted.get(aid)
            if not moves:
                continue
            got = received.get(aid, {})
            for i, (sent_at, key) in enumerate(moves):
                if not (measure_from <= sent_at < measure_to) or not _covered(spans, sent_at, sent_at + SETTLE_S):
                    continue
                expected += 1
                at = got.get(key)
                if at is not None and at >= sent_at:
                    delivered += 1
                    latencies.append(at - sent_at)
                elif i + 1 < len(moves):
                    later = got.get(moves[i + 1][1])
                    if later is not None and later >= sent_at:
                        coalesced += 1
    ordered = sorted(latencies)
    return {
        "latency_p50_ms": ms(percentile(ordered, 50)),
        "latency_p90_ms": ms(percentile(ordered, 90)),
        "latency_p99_ms": ms(percentile(ordered, 99)),
        "latency_max_ms": ms(ordered[-1] if ordered else None),
        "latency_samples": len(ordered),
        "delivered_ratio": round(delivered / expected, 4) if expected else None,
        "coalesced_ratio": round(coalesced / expected, 4) if expected else None,
        "expected_deliveries": expected,
    }


def merge_tallies(parts: list[dict]) -> dict:
    """Add up the per-process tallies (see ``bench.space.worker_result``)."""
    total: dict = {"tracked_sends": {}, "observations": [], "ack_rtts": array("d"), "batch_ages": array("d")}
    counters = ("connected", "failed", "observers", "moves_sent", "acked_moves_sent", "moves_accepted", "moves_refused",
                "corrections", "move_entries", "observer_batches", "visible_sum", "disconnects")
    for name in counters:
        total[name] = sum(p[name] for p in parts)
    for p in parts:
        total["tracked_sends"].update(p["tracked_sends"])
        total["observations"].extend(p["observations"])
        total["ack_rtts"].extend(p["ack_rtts"])
        total["batch_ages"].extend(p["batch_ages"])
    return total


def figures(total: dict, *, avatars: int, measure_from: float, measure_to: float) -> dict:
    """The client-side figures of one run (server CPU and memory are added by the caller)."""
    seconds = measure_to - measure_from
    observers = total["observers"]
    rtts = sorted(total["ack_rtts"])
    ages = sorted(total["batch_ages"])
    out = {
        "avatars": avatars,
        "connected": total["connected"],
        "connect_failures": total["failed"],
        "disconnects": total["disconnects"],
        "observers": observers,
        # Move entries all clients received per second, from the observers' count.
        "updates_per_s": round(total["move_entries"] / seconds * total["connected"] / observers) if observers else None,
        "moves_per_s": round(total["moves_sent"] / seconds),
        # of the tracked walkers' steps (the others' steps go unanswered)
        "moves_accepted_ratio": (round(total["moves_accepted"] / total["acked_moves_sent"], 4)
                                 if total["acked_moves_sent"] else None),
        "corrections": total["corrections"],
        "visible_avg": round(total["visible_sum"] / total["observer_batches"], 1) if total["observer_batches"] else 0.0,
        "ack_rtt_p50_ms": ms(percentile(rtts, 50)),
        "ack_rtt_p99_ms": ms(percentile(rtts, 99)),
        "batch_age_p50_ms": ms(percentile(ages, 50)),
        "batch_age_p99_ms": ms(percentile(ages, 99)),
    }
    out.update(join_deliveries(total["tracked_sends"], total["observations"], measure_from, measure_to))
    return out
