"""The caseload view's cost (issue 14 item 4): one admin's month read over a year of work.
Prints one JSON object.

Seeds a freshly migrated database (SQLite in a temporary file, or a PostgreSQL database given
by --pg) with S specialists, P persons with a case each (two seats for every third), B
bookings and L letters spread over twelve months, then times ``caseload.caseload`` for one
month as an admin (the widest answer) and as one specialist. The baseline, in the same run
on the same data, is the least any monthly figure costs: one ``count(*)`` of the month's
bookings.

    .venv/bin/python -m bench.caseload --specialists 40 --persons 2000 --bookings 20000 --letters 20000 --json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, insert, select

from avatars.models import Account
from rooms.bookings.models import Booking
from rooms.casework import caseload
from rooms.casework.models import Assignment, Case, Letter
from server.core.clock import FakeClock
from server.core.principal import Principal, Role
from server.db import create_engine, session_factory, upgrade_to_head

YEAR_STARTS = datetime(2026, 3, 31, 15, tzinfo=timezone.utc)  # 1 April 2026 in Tokyo
NOW = datetime(2026, 10, 15, 3, tzinfo=timezone.utc)  # mid-October: past, current and future months


async def seed(sessions, args, rng: random.Random) -> tuple[list[str], str]:
    specialists = [f"s{i:04d}" for i in range(args.specialists)]
    persons = [f"p{i:06d}" for i in range(args.persons)]
    admin = "admin0"
    accounts = [{"id": i, "nickname": i, "is_guest": False, "kind": "unspecified", "role": "specialist",
                 "profession": "psychologist", "token_version": 0, "disabled": False, "created_at": YEAR_STARTS}
                for i in specialists]
    accounts += [{"id": i, "nickname": i, "is_guest": False, "kind": "individual", "role": "visitor", "profession": None,
                  "token_version": 0, "disabled": False, "created_at": YEAR_STARTS} for i in persons]
    accounts.append({"id": admin, "nickname": admin, "is_guest": False, "kind": "unspecified", "role": "admin",
                     "profession": None, "token_version": 0, "disabled": False, "created_at": YEAR_STARTS})
    # Some specialists carry far more than others, as in life.
    weights = [rng.paretovariate(1.5) for _ in specialists]
    holder = {p: rng.choices(specialists, weights)[0] for p in persons}
    cases, seats = [], []
    for n, person in enumerate(persons):
        case_id = f"c{n:06d}"
        opened = YEAR_STARTS + timedelta(days=rng.uniform(0, 300))
        cases.append({"id": case_id, "person_id": person, "opened_by_id": holder[person], "opened_at": opened,
                      "updated_at": opened})
        seats.append({"case_id": case_id, "specialist_id": holder[person], "seat": 1, "assigned_at": opened})
        if n % 3 == 0:
            second = rng.choice(specialists)
            if second != holder[person]:
                seats.append({"case_id": case_id, "specialist_id": second, "seat": 2, "assigned_at": opened})
    statuses = ["completed"] * 6 + ["no_show", "cancelled", "booked"]
    bookings = []
    for n in range(args.bookings):
        person = rng.choice(persons)
        starts = YEAR_STARTS + timedelta(days=rng.uniform(0, 365))
        status = "booked" if starts > NOW else rng.choice(statuses)
        bookings.append({"id": f"b{n:07d}", "specialist_id": holder[person], "person_id": person, "starts_at": starts,
                         "ends_at": starts + timedelta(minutes=50), "slot_key": None if status == "cancelled" else f"k{n}",
                         "status": status, "created_at": starts - timedelta(days=7)})
    letters = []
    for n in range(args.letters):
        person = rng.choice(persons)
        sender, recipient = (person, holder[person]) if n % 2 else (holder[person], person)
        letters.append({"id": f"l{n:07d}", "sender_id": sender, "recipient_id": recipient, "body": "…",
                        "created_at": YEAR_STARTS + timedelta(days=rng.uniform(0, 200))})
    async with sessions.begin() as db:
        for model, rows in ((Account, accounts), (Case, cases), (Assignment, seats), (Booking, bookings), (Letter, letters)):
            for start in range(0, len(rows), 2000):
                await db.execute(insert(model), rows[start:start + 2000])
    return specialists, admin


async def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2)}


async def main(args) -> dict:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.pg or f"sqlite+aiosqlite:///{Path(tmp) / 'caseload.db'}"
        await asyncio.to_thread(upgrade_to_head, url)
        engine = create_engine(url)
        sessions = session_factory(engine)
        specialists, admin = await seed(sessions, args, rng)
        clock = FakeClock(NOW)
        start, end = caseload.month_window(2026, 10, "Asia/Tokyo")
        as_admin = Principal(account_id=admin, role=Role.ADMIN)
        as_one = Principal(account_id=specialists[0], role=Role.SPECIALIST)
        answer = {}

        async def admin_month():
            async with sessions() as db:
                answer["body"] = await caseload.caseload(db, clock, as_admin, "2026-10")

        async def own_month():
            async with sessions() as db:
                await caseload.caseload(db, clock, as_one, "2026-10")

        async def baseline():
            async with sessions() as db:
                await db.scalar(select(func.count()).select_from(Booking).where(
                    Booking.starts_at >= start, Booking.starts_at < end))

        for fn in (admin_month, own_month, baseline):  # warm the caches once
            await fn()
        result = {
            "bench": "caseload", "database": "postgresql" if args.pg else "sqlite",
            "specialists": args.specialists, "persons": args.persons, "bookings": args.bookings, "letters": args.letters,
            "runs": args.runs, "admin_month": summary(await timed(admin_month, args.runs)),
            "own_month": summary(await timed(own_month, args.runs)),
            "baseline_count_of_month": summary(await timed(baseline, args.runs)),
            "rows_answered": len(answer["body"]["specialists"]),
            "marked": sum(r["heavier_than_most"] for r in answer["body"]["specialists"]),
        }
        await engine.dispose()
        return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=40)
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--bookings", type=int, default=20000)
    parser.add_argument("--letters", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--pg", help="a PostgreSQL URL (postgresql+asyncpg://...) of an empty database")
    parser.add_argument("--json", action="store_true", help="print the JSON object only")
    out = asyncio.run(main(parser.parse_args()))
    print(json.dumps(out))
