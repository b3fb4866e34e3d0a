"""The one heartbeat: driven by the injected clock, keeps beating through a failing run, and
is really over once stopped."""
import asyncio
import logging

from server.core.clock import FakeClock
from server.realtime.heartbeat import Heartbeat


async def parked(clock: FakeClock) -> None:
    """Until the heartbeat waits on the clock again (its run is over)."""
    for _ in range(1000):
        if clock.sleepers:
            return
        await asyncio.sleep(0)
    raise AssertionError("the heartbeat never waited on the clock")


async def test_it_beats_only_when_the_clock_moves():
    clock, runs = FakeClock(), []

    async def job():
        runs.append(clock.monotonic())

    beat = Heartbeat(clock, 5, job, log=logging.getLogger("test.heartbeat"), what="test").start()
    await parked(clock)
    clock.advance(4.9)
    await parked(clock)
    clock.advance(0.1)  # the first beat is due now, and must be the first run
    await parked(clock)
    assert runs == [1005.0]
    clock.advance(12)  # one beat is due, two more were missed: one run, then back on the grid
    await parked(clock)
    assert runs == [1005.0, 1017.0]
    clock.advance(2.9)
    await parked(clock)
    assert len(runs) == 2
    clock.advance(0.1)
    await parked(clock)
    assert runs == [1005.0, 1017.0, 1020.0]
    await beat.stop()


async def test_a_failing_run_is_logged_and_the_next_one_runs(caplog):
    clock, runs = FakeClock(), []

    async def job():
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("one bad turn")

    log = logging.getLogger("test.heartbeat")
    with caplog.at_level(logging.ERROR, logger="test.heartbeat"):
        beat = Heartbeat(clock, 1, job, log=log, what="test housekeeping").start()
        for _ in range(4):
            await parked(clock)
            clock.advance(1)
        await parked(clock)
    assert runs == [0, 1, 2, 3]
    assert [r.getMessage() for r in caplog.records] == ["test housekeeping failed"]
    await beat.stop()


async def test_stop_waits_until_the_running_job_has_ended():
    clock, started, ended = FakeClock(), asyncio.Event(), []

    async def job():
        started.set()
        try:
            await asyncio.Event().wait()  # a run that is in the middle of its work
        finally:
            ended.append(True)

    beat = Heartbeat(clock, 1, job, log=logging.getLogger("test.heartbeat"), what="test").start()
    await parked(clock)
    clock.advance(1)
    await started.wait()
    await beat.stop()
    assert ended == [True]
    clock.advance(10)  # stopped for good: nothing waits on the clock, nothing runs
    assert clock.sleepers == 0
