"""CPU and memory of a process, read from /proc (Linux), for the space benchmark."""
from __future__ import annotations

import os
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) in MiB."""
    found = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, value = line.split(":", 1)
                found[name] = int(value.split()[0]) / 1024
    return round(found.get("VmRSS", 0.0), 1), round(found.get("VmHWM", 0.0), 1)


def pin_to(core: int | None) -> None:
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})


class CpuMeter:
    """CPU share of a set of processes between ``start()`` and ``stop()``, in % of one core."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self._start: float | None = None
        self._start_at: float | None = None
        self.percent: float | None = None

    def _total(self) -> float:
        total = 0.0
        for pid in self.pids:
            try:
                total += cpu_seconds(pid)
            except (FileNotFoundError, ProcessLookupError):
                pass
        return total

    def start(self, now: float) -> None:
        self._start, self._start_at = self._total(), now

    def stop(self, now: float) -> float:
        self.percent = round(100 * (self._total() - self._start) / (now - self._start_at), 1)
        return self.percent


def busy_seconds_per_core() -> dict[str, float]:
    """CPU time each core spent busy (anything but idle and iowait) since boot."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if not line.startswith("cpu") or line.startswith("cpu "):
                continue
            name, *values = line.split()
            ticks = [int(v) for v in values]
            out[name] = (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS
    return out


class MachineMeter:
    """How busy each core was between ``start()`` and ``stop()``, in % of that core. Other
    work on the machine (not the server, not the load generator) shows up here."""

    def __init__(self) -> None:
        self._start: dict[str, float] = {}
        self._start_at = 0.0
        self.percent: dict[str, float] = {}

    def start(self, now: float) -> None:
        self._start, self._start_at = busy_seconds_per_core(), now

    def stop(self, now: float) -> dict[str, float]:
        end = busy_seconds_per_core()
        span = now - self._start_at
        self.percent = {core: round(100 * (end[core] - self._start.get(core, 0.0)) / span, 1) for core in end}
        return self.percent


def machine_busy_pct(seconds: float = 2.0) -> float:
    """How busy the whole machine is right now, in % of one core (200 = two busy cores)."""
    start = sum(busy_seconds_per_core().values())
    time.sleep(seconds)
    return round(100 * (sum(busy_seconds_per_core().values()) - start) / seconds, 1)


def wait_until_quiet(limit_pct: float, timeout_s: float) -> float:
    """Wait (up to ``timeout_s``) until other work on the machine is below ``limit_pct`` of a
    core; returns the last reading. A benchmark on a busy machine measures the neighbours."""
    deadline = time.time() + timeout_s
    busy = machine_busy_pct()
    while busy > limit_pct and time.time() < deadline:
        busy = machine_busy_pct(5.0)
    return busy
