"""The desk's and the consultation rooms' clocks keep beating through a failing run."""
import asyncio
import logging

from server.realtime.heartbeat import start_heartbeat


async def test_a_failing_run_is_logged_and_the_next_one_runs(caplog):
    runs: list[int] = []

    async def job():
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("one bad turn")

    log = logging.getLogger("test.heartbeat")
    with caplog.at_level(logging.ERROR, logger="test.heartbeat"):
        task = start_heartbeat(0.01, job, log=log, what="test housekeeping")
        for _ in range(200):
            if len(runs) >= 4:
                break
            await asyncio.sleep(0.01)
        task.cancel()
    assert len(runs) >= 4
    assert [r.getMessage() for r in caplog.records] == ["test housekeeping failed"]
    await asyncio.sleep(0.03)
    stopped_at = len(runs)
    await asyncio.sleep(0.05)
    assert task.cancelled() and len(runs) == stopped_at
