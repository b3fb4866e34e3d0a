"""bench.event's speakers in a process of their own (pinned to the load generator's core).

A speaker's browser does not share an event loop with a hundred listeners. In one process, the
listeners' DTLS handshakes delayed the speakers' answers to the server's ICE consent checks
(one check every 4-6 s, 0.5 s to answer, no retry) until the server let the speakers go.
Driven over stdin/stdout, one line each way: ``pause``, ``resume``, ``sent``, ``connected``,
``quit``.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys

from bench.voice_harness import ROOT, LeanClient, LocalSenders, opus_payloads, pin


async def speak(port: int, room: str, count: int) -> None:
    voices = [LeanClient(opus_payloads()) for _ in range(count)]
    await asyncio.gather(*(v.connect(port, room, f"s{i}") for i, v in enumerate(voices)))
    senders = LocalSenders(voices)
    reader = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print("ready", flush=True)
    while line := (await reader.readline()).decode().strip():
        if line == "quit":
            break
        if line == "pause":
            await senders.pause()
        elif line == "resume":
            await senders.resume()
        if line == "sent":
            print(await senders.sent(), flush=True)
        elif line == "connected":
            print(sum(v.pc.connectionState == "connected" for v in voices), flush=True)
        else:
            print("ok", flush=True)
    for voice in voices:
        await voice.close()


class RemoteSenders:
    """The speakers' process, behind the interface ``measured_window`` uses."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, port: int, room: str, count: int) -> "RemoteSenders":
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.event_speakers", str(port), room, str(count),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=str(ROOT))
        if (await asyncio.wait_for(process.stdout.readline(), 120)).strip() != b"ready":
            raise RuntimeError("the speakers did not connect")
        return cls(process)

    async def _ask(self, line: str) -> str:
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()
        return (await self.process.stdout.readline()).decode().strip()

    async def pause(self) -> None:
        await self._ask("pause")

    async def resume(self) -> None:
        await self._ask("resume")

    async def sent(self) -> int:
        return int(await self._ask("sent"))

    async def connected(self) -> int:
        return int(await self._ask("connected"))

    async def close(self) -> None:
        try:
            self.process.stdin.write(b"quit\n")
            await self.process.stdin.drain()
            await asyncio.wait_for(self.process.wait(), 20)
        except (OSError, asyncio.TimeoutError):
            self.process.kill()
            await self.process.wait()


if __name__ == "__main__":
    if os.environ.get("IBASHO_BENCH_ICE_LOG"):
        logging.basicConfig(level=logging.WARNING, format="%(relativeCreated)d speakers %(name)s %(message)s")
        logging.getLogger("aioice.ice").setLevel(logging.INFO)
    pin(1)
    asyncio.run(speak(int(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
