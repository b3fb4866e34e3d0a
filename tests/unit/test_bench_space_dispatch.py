"""The shell's per-step benchmark runs end to end on a few steps, every step accepted (its
numbers are for docs/PERFORMANCE.md, never checked against a time here)."""
import asyncio

from bench.space_dispatch import run


def test_every_step_goes_through_the_shell_and_is_accepted():
    report = asyncio.run(run(2000))
    assert report["steps"] == 2000 and report["refused"] == 0
    assert report["shell_us_per_step"] > 0 and report["baseline_world_move_us_per_step"] > 0
    assert set(report) >= {"shell_overhead_us", "command"}
