"""The raised hands: a fair queue in first-raised order.

"Quiet voices first" moves the people who have not spoken yet in this event ahead of those who
have, keeping first-raised order inside each group. Passing leaves the queue; raising again
goes to the back (a new turn), never back to the old place.
"""
from __future__ import annotations

import itertools
from collections.abc import Container


class HandQueue:
    def __init__(self) -> None:
        self._raised: dict[str, int] = {}  # account -> its turn number (ever increasing)
        self._turns = itertools.count(1)

    def raise_hand(self, account_id: str) -> bool:
        """Raise; False when the hand was already up (it keeps its place)."""
        if account_id in self._raised:
            return False
        self._raised[account_id] = next(self._turns)
        return True

    def lower(self, account_id: str) -> bool:
        """Pass (or the floor was given): leave the queue. False when not in it."""
        return self._raised.pop(account_id, None) is not None

    def __contains__(self, account_id: object) -> bool:
        return account_id in self._raised

    def __len__(self) -> int:
        return len(self._raised)

    def order(self, *, quiet_first: bool, spoken: Container[str] = ()) -> list[str]:
        """The queue, next first."""
        if quiet_first:
            key = lambda a: (a in spoken, self._raised[a])  # noqa: E731 - False (not spoken) sorts first
        else:
            key = self._raised.__getitem__
        return sorted(self._raised, key=key)

    def place_of(self, account_id: str, *, quiet_first: bool, spoken: Container[str] = ()) -> int | None:
        """1 for next; None when the hand is down."""
        if account_id not in self._raised:
            return None
        return self.order(quiet_first=quiet_first, spoken=spoken).index(account_id) + 1
