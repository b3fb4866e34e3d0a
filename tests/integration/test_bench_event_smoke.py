"""bench.event at a tiny size, so the benchmark cannot rot unnoticed: two receive-only
listeners hear one speaker through the server process, with the MediaRelay baseline in the
same run, and the report has every figure. Loopback only:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -m webrtc tests/integration/test_bench_event_smoke.py'
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.webrtc
ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"listeners", "speakers", "join_p50_ms", "join_p95_ms", "loss_pct", "server_cpu_pct", "loadgen_cpu_pct"}


def test_two_listeners_hear_one_speaker_and_the_report_is_complete():
    done = subprocess.run([sys.executable, "-m", "bench.event", "--listeners", "2", "--speakers", "1",
                           "--seconds", "2", "--warmup", "0.5", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert FIELDS <= report.keys() and {f"baseline_{f}" for f in FIELDS - {"listeners", "speakers"}} <= report.keys()
    assert (report["listeners"], report["speakers"]) == (2, 1)
    assert report["join_failures"] == 0 and report["baseline_join_failures"] == 0
    assert 0 < report["join_p50_ms"] <= report["join_p95_ms"]
    assert report["packets_per_s_per_listener"] > 10  # audio flowed (50 per second when unloaded)
    assert report["speakers_connected_after"] == 1 and report["speaker_packets_per_s"] > 10
    assert all(report[f"join_{phase}_p95_ms"] is not None for phase in ("answer", "server", "connect", "first_audio"))


def test_the_join_bench_times_the_server_against_aiortcs_plain_answer():
    done = subprocess.run([sys.executable, "-m", "bench.voice_join", "--joins", "3", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["joins"] == 3 and report["voice_slots"] == 3
    assert 0 < report["join_server"]["p50_ms"] and 0 < report["baseline_join_server"]["p50_ms"]
