"""The funnel recorder's day set: one count per account, step and Tokyo day; yesterday's pairs
are forgotten at Tokyo midnight (not UTC's)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rooms.funnel.recorder import FunnelRecorder
from rooms.funnel.steps import Step
from server.core.clock import FakeClock

JST = timezone(timedelta(hours=9))


def test_once_per_account_step_and_tokyo_day():
    clock = FakeClock(datetime(2026, 4, 1, 23, 58, tzinfo=JST))
    recorder = FunnelRecorder(clock)
    assert recorder.first_today("a", Step.FIRST_STAMP) is True
    assert recorder.first_today("a", Step.FIRST_STAMP) is False
    assert recorder.first_today("a", Step.FIRST_TEXT) is True  # another step
    assert recorder.first_today("b", Step.FIRST_STAMP) is True  # another account
    clock.advance(60)  # 23:59 JST
    assert recorder.first_today("a", Step.FIRST_STAMP) is False
    clock.advance(60)  # 00:00 JST: a new day, and nothing of yesterday is kept
    assert recorder.today().isoformat() == "2026-04-02"
    assert recorder._seen == set()
    assert recorder.first_today("a", Step.FIRST_STAMP) is True


def test_a_count_that_failed_is_tried_again():
    recorder = FunnelRecorder(FakeClock(datetime(2026, 4, 1, 12, 0, tzinfo=JST)))
    assert recorder.first_today("a", Step.VISIT) is True
    recorder.forget("a", Step.VISIT)
    assert recorder.first_today("a", Step.VISIT) is True
