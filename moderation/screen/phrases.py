"""Phrase patterns written compactly, expanded into every literal string they stand for, so a
whole list can live in one Aho-Corasick automaton (one C pass per text, whatever its size).

The notation is a tiny regex subset: literal characters, groups ``(?:a|b|c)`` (nested groups
allowed) and ``?`` after a character or a group to make it optional.

    expand("(?:死|し)にた(?:い|くなる)")
    -> ["死にたい", "死にたくなる", "しにたい", "しにたくなる"]
"""
from __future__ import annotations

from itertools import product

MAX_EXPANSION = 5000


def expand(pattern: str) -> list[str]:
    items, at = _sequence(pattern, 0)
    if at != len(pattern):
        raise ValueError(f"unbalanced ')' in {pattern!r}")
    out = [""]
    for options in items:
        out = [head + tail for head, tail in product(out, options)]
        if len(out) > MAX_EXPANSION:
            raise ValueError(f"{pattern!r} stands for more than {MAX_EXPANSION} phrases")
    return sorted(set(out))


def _sequence(pattern: str, at: int) -> tuple[list[list[str]], int]:
    """Parse until ')' or '|' or the end: a list of per-position option lists."""
    items: list[list[str]] = []
    while at < len(pattern) and pattern[at] not in ")|":
        if pattern.startswith("(?:", at):
            options, at = _group(pattern, at + 3)
        elif pattern[at] in "(?[]*+{}.\\":
            raise ValueError(f"unsupported {pattern[at]!r} at {at} in {pattern!r}")
        else:
            options, at = [pattern[at]], at + 1
        if at < len(pattern) and pattern[at] == "?":
            options, at = ["", *options], at + 1
        items.append(options)
    return items, at


def _group(pattern: str, at: int) -> tuple[list[str], int]:
    options: list[str] = []
    while True:
        items, at = _sequence(pattern, at)
        branch = [""]
        for choice in items:
            branch = [head + tail for head, tail in product(branch, choice)]
        options.extend(branch)
        if at >= len(pattern):
            raise ValueError(f"unclosed group in {pattern!r}")
        if pattern[at] == ")":
            return options, at + 1
        at += 1  # '|'
