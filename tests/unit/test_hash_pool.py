"""argon2id runs beside the event loop, a bounded number at a time."""
import asyncio

from avatars.passphrases import HashPool, PassphraseHasher
from server.core.errors import DomainError, ErrorCode

REAL = PassphraseHasher()  # the production cost: tens of milliseconds a hash


async def test_the_event_loop_keeps_turning_while_a_hash_runs():
    pool = HashPool(REAL, workers=1, queue=0)
    turns = 0
    done = asyncio.Event()

    async def spin():
        nonlocal turns
        while not done.is_set():
            turns += 1
            await asyncio.sleep(0)

    spinner = asyncio.create_task(spin())
    hashed = await pool.hash("a passphrase to hash")
    done.set()
    await spinner
    pool.close()
    assert REAL.verify(hashed, "a passphrase to hash")
    assert turns >= 10  # hashed on the loop, it would not have turned at all


async def test_past_the_queue_the_pool_answers_busy_at_once():
    pool = HashPool(REAL, workers=1, queue=1)
    results = await asyncio.gather(*(pool.hash_all("one secret", "two secret") for _ in range(4)),
                                   return_exceptions=True)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 2 and all(r.code is ErrorCode.BUSY and r.detail == {"retry_after": 1} for r in refused)
    hashed = [r for r in results if isinstance(r, list)]
    assert len(hashed) == 2 and all(REAL.verify(h[1], "two secret") for h in hashed)
    assert await pool.verify(hashed[0][0], "one secret")  # once the burst is over it admits again
    pool.close()
