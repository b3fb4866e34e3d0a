"""The people of the live world as it holds them (``_Avatar`` in a channel, ``_Instance``),
the facts it hands out about them (``Placement``, ``Profile``), and one person's public facts
as compact JSON. Internal to ``rooms.world`` and ``rooms.world_batches``."""
from __future__ import annotations

import json
import math
from collections import deque
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any

from rooms.interest import Cell, CellIndex
from rooms.maps import Zone

# Batches are sent as compact JSON; one encoder, the same text as json.dumps(separators=...).
_dumps = json.JSONEncoder(separators=(",", ":")).encode
_json_str = encode_basestring_ascii  # what json.dumps does for a str, without the call layers
_HIDDEN_FLAG = ',"hidden":true'
_AWAY_FLAG = ',"away":true'


@dataclass(frozen=True, slots=True)
class Placement:
    instance_id: str
    x: float
    y: float
    direction: str


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything the world knows about one person present, for the server's own rules.
    Never sent to other people as is: they only get ``public`` facts."""

    account_id: str
    nickname: str
    look: str
    status: str
    hidden: bool
    counts_hidden: bool  # told how many hidden people share the channel
    sees_hidden: bool  # looking at hidden people right now (rooms.visibility)
    instance_id: str
    x: float
    y: float
    direction: str
    zone: Zone | None


class _Avatar:
    __slots__ = (
        "id", "nickname", "look", "status", "hidden", "counts_hidden", "sees_hidden", "away",
        "blocks", "blocked_with", "instance", "x", "y", "dir", "cell", "zone",
        "watch_cell", "known", "last_move_at", "travel_budget", "recent_moves", "id_json",
    )

    def __init__(self, account_id: str, *, nickname: str, look: str, status: str, hidden: bool,
                 counts_hidden: bool, sees_hidden: bool, blocks: set[str], instance: _Instance, x: float, y: float,
                 direction: str, now: float, travel_budget: float):
        self.id = account_id
        self.id_json = _json_str(account_id)  # written into every move entry about this person
        self.nickname = nickname
        self.look = look
        self.status = status
        self.hidden = hidden
        # Connection lost, within the reconnect grace: still placed (a blip must not cost the
        # place), but shown as away and not counted as someone nearby.
        self.away = False
        self.counts_hidden = counts_hidden
        self.sees_hidden = sees_hidden
        self.blocks = blocks  # whom this person blocked (present or not)
        self.blocked_with: set[str] = set()  # present people in a block either way
        self.instance = instance
        self.x, self.y, self.dir = x, y, direction
        self.cell: Cell = (0, 0)
        self.zone: Zone | None = None
        self.watch_cell: Cell | None = None  # the cell whose window we are registered on
        self.known: set[str] = set()  # ids the viewer's client currently holds
        self.last_move_at = now
        self.travel_budget = travel_budget
        self.recent_moves: deque[float] = deque()

    def public(self) -> dict[str, Any]:
        """The only facts about a person others ever receive. ``hidden`` is there only for
        hidden people, whom only someone looking at hidden people (and they) receive."""
        facts = {
            "id": self.id, "nickname": self.nickname, "look": self.look,
            "x": _coord(self.x), "y": _coord(self.y), "dir": self.dir, "status": self.status,
        }
        if self.hidden:
            facts["hidden"] = True
        if self.away:
            facts["away"] = True
        return facts

    def public_json(self) -> str:
        """``public()`` as compact JSON text (the same text ``json.dumps`` gives), written
        directly: direction and status come from fixed sets of plain words."""
        return (f'{{"id":{self.id_json},"nickname":{_json_str(self.nickname)},"look":{_json_str(self.look)},'
                f'"x":{self.x:.1f},"y":{self.y:.1f},"dir":"{self.dir}","status":"{self.status}"'
                f'{_HIDDEN_FLAG if self.hidden else ""}{_AWAY_FLAG if self.away else ""}}}')


class _Instance:
    __slots__ = ("id", "number", "avatars", "occupants", "watchers", "zone_members", "hidden")

    def __init__(self, instance_id: str, number: int):
        self.id = instance_id
        self.number = number
        self.avatars: dict[str, _Avatar] = {}
        self.occupants = CellIndex()  # cell -> people standing in it
        self.watchers = CellIndex()  # cell -> people whose view window covers it
        self.zone_members: dict[str, set[str]] = {}
        self.hidden: set[str] = set()


def _coord(v: float) -> float:
    return round(v, 1)


def _coord_json(v: float) -> str:
    """The JSON text of ``_coord(v)``: the same correctly rounded tenth, without
    ``round(v, 1)`` and the float's repr (each converts through a decimal string; rounding
    coordinates was the largest single cost of a tick)."""
    return "%.1f" % v


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
