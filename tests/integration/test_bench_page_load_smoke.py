"""The page-load benchmark, once and unthrottled, so its code cannot rot unnoticed (the
figures themselves come from `python -m bench.page_load --json`, see docs/PERFORMANCE.md)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"landing_usable_ms", "space_ready_cold_ms", "space_ready_return_ms", "cold_bytes", "landing_bytes",
          "layout_shift", "modules_before_landing", "return_requests", "return_bytes",
          "space_live_cold_ms", "space_live_return_ms"}


def test_page_load_benchmark_prints_one_complete_report():
    done = subprocess.run([sys.executable, "-m", "bench.page_load", "--json", "--runs", "1", "--no-throttle"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["throttled"] is False and set(report["meets_targets"]) <= FIELDS
    for side in ("ibasho", "baseline"):
        assert FIELDS == set(report[side])
        assert 0 < report[side]["landing_usable_ms"] and 0 < report[side]["space_ready_cold_ms"]
        assert 0 < report[side]["space_live_cold_ms"] and 0 < report[side]["space_ready_return_ms"] <= report[side]["space_live_return_ms"] + 50
        assert 0 < report[side]["landing_bytes"] < report[side]["cold_bytes"]
        assert 0 < report[side]["modules_before_landing"] <= 15  # as tests/unit/test_landing_modules.py
    # Compression is what the baseline lacks: the same files weigh clearly less.
    assert report["ibasho"]["cold_bytes"] < 0.7 * report["baseline"]["cold_bytes"]
