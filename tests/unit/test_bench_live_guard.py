"""bench.live_guard runs and measures what it says: the policy refuses only in the restricted case."""
from bench.live_guard import run


def test_the_bench_measures_both_cases():
    result = run(connections=40, events=2000)
    assert result["nobody_restricted"]["refused_by_policy"] == 0
    assert result["quarter_restricted"]["refused_by_policy"] > 0
    for case in ("nobody_restricted", "quarter_restricted"):
        assert result[case]["guard_us_per_event"] > 0 and result[case]["baseline_us_per_event"] > 0
