"""The sweep's summary of bench.space, for both servers or one of them (``--only``)."""
from bench.space import summarize


def test_largest_n_on_each_side_and_their_ratio():
    runs = [
        {"avatars": 200, "meets_target": True, "baseline_meets_target": True},
        {"avatars": 400, "meets_target": True, "baseline_meets_target": False},
        {"avatars": 600, "meets_target": False, "baseline_meets_target": False},
    ]
    summary = summarize(runs)
    assert (summary["largest_n_meeting_target"], summary["baseline_largest_n_meeting_target"]) == (400, 200)
    assert summary["capacity_ratio"] == 2.0 and summary["runs"] == runs


def test_a_sweep_of_one_side_only_has_no_ratio():
    baseline_only = summarize([{"avatars": 300, "baseline_meets_target": True}])
    assert baseline_only["largest_n_meeting_target"] is None
    assert baseline_only["baseline_largest_n_meeting_target"] == 300
    assert baseline_only["capacity_ratio"] is None
    ours_only = summarize([{"avatars": 300, "meets_target": False}])
    assert ours_only["largest_n_meeting_target"] is None and ours_only["capacity_ratio"] is None
