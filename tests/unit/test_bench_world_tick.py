"""The world benchmark runs end to end on a small crowd and reports sane figures (its
numbers are for docs/PERFORMANCE.md, never checked against a time here)."""
from bench.world_tick import Walk, run
from bench.space_map import bench_map_document
from rooms.maps import parse_map


def test_walkers_really_walk_and_turn_at_walls():
    walk = Walk(parse_map(bench_map_document(48)), 40, seed=3)
    before = {aid: walk.world.position_of(aid) for aid in walk.heading}
    for _ in range(30):
        walk.steps()
    moved = sum(walk.world.position_of(aid) != place for aid, place in before.items())
    assert moved >= 35  # nearly everybody got somewhere in three seconds
    assert walk.world.count() == 40


def test_report_has_both_sides_and_real_batches():
    report = run(avatars=60, ticks=12, seed=1)
    assert report["avatars"] == 60 and report["ticks"] == 12
    assert report["batch_bytes_per_tick"] > 60 * 20  # every walker's batch holds entries
    for key in ("moves_ms_p50", "tick_ms_p50", "tick_ms_p99", "baseline_tick_ms_p50"):
        assert report[key] > 0, key
    assert report["tick_ms_p50"] <= report["tick_ms_p99"]
    assert report["tick_speedup_over_baseline"] > 0
