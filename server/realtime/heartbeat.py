"""Housekeeping that runs every few seconds for as long as the app lives (the desk's and the
consultation rooms' clocks). A run that fails is logged and the next one runs as usual: one
bad turn must not stop the grace periods and time-outs of everybody else."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable


def start_heartbeat(seconds: float, job: Callable[[], Awaitable[None]], *, log: logging.Logger,
                    what: str) -> asyncio.Task:
    """Run ``job`` every ``seconds`` until the returned task is cancelled."""

    async def beats() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await job()
            except Exception:
                log.exception("%s failed", what)

    return asyncio.create_task(beats())
