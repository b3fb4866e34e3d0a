"""bench.event_hall at a tiny size, so the benchmark cannot rot unnoticed: four attendees and a
host in a real server's live event (and in the bare baseline) chat and react for one short
stage; every line reaches every other attendee and the report has every figure."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGE_FIELDS = {"rate_per_attendee_s", "lines_accepted_per_s", "reactions_accepted_per_s", "messages_handled_per_s",
                "line_frames_per_s", "reaction_frames_per_s", "delivered_ratio", "delivery_p50_ms",
                "delivery_p99_ms", "all_received_p99_ms", "reaction_answer_p99_ms", "server_cpu_pct",
                "loadgen_cpu_pct", "refused"}


def test_a_tiny_hall_chats_and_reacts_and_the_report_is_complete():
    done = subprocess.run([sys.executable, "-m", "bench.event_hall", "--attendees", "4", "--rates", "0.4",
                           "--seconds", "5", "--workers", "1", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["attendees"] == 4 and isinstance(report["load_avg_1min_before"], float)
    for prefix in ("", "baseline_"):
        assert report[f"{prefix}arrived"] == 5 and report[f"{prefix}connect_failures"] == 0
        assert report[f"{prefix}unanswered"] == 0
        (stage,) = report[f"{prefix}stages"]
        assert STAGE_FIELDS <= stage.keys()
        assert stage["refused"] == {}
        assert stage["lines_accepted_per_s"] > 0 and stage["reactions_accepted_per_s"] > 0
        assert stage["delivered_ratio"] == 1.0  # each line reached the three others and the host
        assert 0 < stage["delivery_p50_ms"] <= stage["delivery_p99_ms"] <= stage["all_received_p99_ms"]
