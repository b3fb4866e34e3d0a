"""The live world: who stands where, in which channel of the map, and who sees whom.

Everything lives in memory and is never written to the database: there is no movement
history for an anonymous population. Methods are synchronous so each one is atomic on the
event loop. The transport calls ``tick_json()`` (the batches of ``tick()``, already encoded)
every 100 ms and sends each person one batch.

Channels: a map is opened as several *instances* of at most ``capacity`` people each. A
newcomer goes to the first instance with room; when all are full another one opens, and
extra instances close again once empty.

What a viewer holds on their screen is tracked per viewer (``known``). Between ticks the
world only records what changed (who moved, whose looks or status changed, who crossed
into another cell, who hid, who blocked whom); ``tick()`` turns that into per-viewer
batches by looking at the cells around each change, never at every pair of people.

Batch semantics (the client applies a batch in this order): remove every id in ``leave``;
add or replace every avatar in ``enter``; for ids it holds, apply ``move`` ([id, x, y,
dir]) and ``update`` ({id, status, look}). An id never appears in both ``leave`` and
``enter`` of the same batch. ``snapshot_for`` is a sync point: later batches are relative
to the last snapshot (or batch) the viewer received.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rooms.interest import Cell, CellGrid, CellIndex
from rooms.maps import GameMap, Zone
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode

DIRECTIONS = frozenset({"down", "left", "right", "up"})
STATUSES = frozenset({"open", "just_here", "dnd"})

# Batches are sent as compact JSON; one encoder, the same text as json.dumps(separators=...).
_dumps = json.JSONEncoder(separators=(",", ":")).encode
_json_str = encode_basestring_ascii  # what json.dumps does for a str, without the call layers


_HIDDEN_FLAG = ',"hidden":true'
_NONE = MappingProxyType({})  # "nobody entered" (read-only)

# How far around a spawn point we look for a free spot, in steps of personal space.
_SPAWN_SEARCH_RINGS = 12


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
        "id", "nickname", "look", "status", "hidden", "counts_hidden", "sees_hidden",
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
        return facts

    def public_json(self) -> str:
        """``public()`` as compact JSON text (the same text ``json.dumps`` gives), written
        directly: direction and status come from fixed sets of plain words."""
        return (f'{{"id":{self.id_json},"nickname":{_json_str(self.nickname)},"look":{_json_str(self.look)},'
                f'"x":{self.x:.1f},"y":{self.y:.1f},"dir":"{self.dir}","status":"{self.status}"'
                f'{_HIDDEN_FLAG if self.hidden else ""}}}')


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


class World:
    def __init__(
        self,
        game_map: GameMap,
        *,
        clock: Clock,
        capacity: int = 100,
        cell_size_px: int = 256,
        view_radius_px: float | None = None,
        personal_space_px: float = 24,
        max_speed_px_s: float = 200,
        speed_burst_s: float = 0.5,
        max_moves_per_s: int = 20,
    ):
        if capacity < 1 or max_moves_per_s < 1 or max_speed_px_s <= 0 or speed_burst_s <= 0:
            raise ValueError("capacity, max_moves_per_s, max_speed_px_s and speed_burst_s must be positive")
        self.map = game_map
        self._clock = clock
        self.capacity = capacity
        self.personal_space_px = personal_space_px
        self.max_speed_px_s = max_speed_px_s
        # Travel allowance saved up while standing still, in pixels. It absorbs network
        # jitter (moves arriving in a bunch) without allowing teleports after a long rest.
        self.max_travel_budget = max_speed_px_s * speed_burst_s
        self.max_moves_per_s = max_moves_per_s
        self.view_radius_px = 15 * game_map.tile_size if view_radius_px is None else view_radius_px
        self.grid = CellGrid(game_map.pixel_width, game_map.pixel_height,
                             cell_size_px=cell_size_px, view_radius_px=self.view_radius_px)

        self._instances: dict[str, _Instance] = {}
        self._avatars: dict[str, _Avatar] = {}
        self._blockers_of: dict[str, set[str]] = {}  # target -> present people who blocked them
        # Changes since the last tick.
        self._moved: set[str] = set()
        self._updated: set[str] = set()
        self._touched: dict[str, set[tuple[str, Cell]]] = {}  # visibility may change near these cells
        self._rewindow: set[str] = set()  # viewers whose window moved
        self._recompute: set[str] = set()  # viewers whose whole view must be re-derived
        self._reborn: set[str] = set()  # rejoined: their public facts may all have changed
        self._hidden_changed: set[str] = set()  # instances whose hidden people changed (counts)
        self._open_instance()

    # -- channels ---------------------------------------------------------------------------

    def _open_instance(self) -> _Instance:
        used = {inst.number for inst in self._instances.values()}
        number = next(n for n in range(1, len(used) + 2) if n not in used)
        inst = _Instance(f"{self.map.id}-{number}", number)
        self._instances[inst.id] = inst
        self._instances = dict(sorted(self._instances.items(), key=lambda kv: kv[1].number))
        return inst

    def _close_if_spare(self, inst: _Instance) -> None:
        if inst.number != 1 and not inst.avatars:
            self._instances.pop(inst.id, None)

    def _instance_with_room(self, wanted: str | None) -> _Instance:
        if wanted is not None:
            inst = self._instances.get(wanted)
            if inst is not None and len(inst.avatars) < self.capacity:
                return inst
        for inst in self._instances.values():
            if len(inst.avatars) < self.capacity:
                return inst
        return self._open_instance()

    # -- joining and leaving ----------------------------------------------------------------

    def join(
        self,
        account_id: str,
        *,
        nickname: str,
        look_digest: str,
        status: str,
        hidden: bool = False,
        counts_hidden: bool = False,
        sees_hidden: bool = False,
        blocked_ids: Iterable[str] = (),
        position: tuple[float, float] | None = None,
        instance_id: str | None = None,
    ) -> Placement:
        """Place a person in the world; one avatar per account (a rejoin replaces the old one).

        ``position``/``instance_id`` resume a previous place (reconnect) when it is still
        valid: on the map, walkable, and not inside someone's personal space. Otherwise
        the person appears at a free spot near a spawn point. The transport takes them from
        its own record of where the person was, never from the client (that would teleport).
        """
        if not isinstance(account_id, str) or not account_id:
            raise DomainError(ErrorCode.INVALID, field="account_id")
        if not isinstance(nickname, str):
            raise DomainError(ErrorCode.INVALID, field="nickname")
        if not isinstance(look_digest, str):
            raise DomainError(ErrorCode.INVALID, field="look")
        self._check_status(status)
        if isinstance(blocked_ids, str):
            raise DomainError(ErrorCode.INVALID, field="blocked_ids")
        blocks = {b for b in blocked_ids if isinstance(b, str) and b != account_id}

        old = self._avatars.get(account_id)
        old_instance = old.instance if old is not None else None
        if old is not None:
            self._remove(old)

        inst = self._instance_with_room(instance_id)
        spot = None
        if isinstance(position, (tuple, list)) and len(position) == 2 and all(_is_number(v) for v in position):
            x, y = float(position[0]), float(position[1])
            if not self.map.is_blocked_px(x, y) and self._is_free(inst, x, y):
                spot = (x, y)
        if spot is None:
            spot = self._spawn_spot(inst)

        now = self._clock.monotonic()
        av = _Avatar(account_id, nickname=nickname, look=look_digest, status=status,
                     hidden=bool(hidden), counts_hidden=bool(counts_hidden),
                     sees_hidden=bool(sees_hidden), blocks=blocks, instance=inst,
                     x=spot[0], y=spot[1], direction="down", now=now,
                     travel_budget=self.max_travel_budget)
        if old is not None:
            av.recent_moves = old.recent_moves  # reconnecting does not reset the move rate limit
        self._avatars[account_id] = av
        inst.avatars[account_id] = av
        if av.hidden:
            inst.hidden.add(account_id)
            self._hidden_changed.add(inst.id)
        self._link_blocks(av)
        self._place(av, self.grid.cell_of(av.x, av.y))
        self._touch(av)
        self._rewindow.add(account_id)
        self._recompute.add(account_id)
        if old_instance is not None and old_instance is not inst:
            self._close_if_spare(old_instance)
        return Placement(inst.id, av.x, av.y, av.dir)

    def leave(self, account_id: str) -> None:
        av = self._avatars.get(account_id)
        if av is None:
            return
        self._remove(av)
        self._close_if_spare(av.instance)

    def _remove(self, av: _Avatar) -> None:
        inst = av.instance
        self._touch(av)
        # If the account is back before the next tick, viewers still holding the old
        # avatar must get the new one whole (nickname, look or status may differ).
        self._reborn.add(av.id)
        inst.occupants.remove(av.cell, av.id)
        if av.watch_cell is not None:
            inst.watchers.remove_all(self.grid.window(av.watch_cell), av.id)
            av.watch_cell = None
        if av.zone is not None:
            self._leave_zone(inst, av)
        if av.hidden:
            inst.hidden.discard(av.id)
            self._hidden_changed.add(inst.id)
        del inst.avatars[av.id]
        del self._avatars[av.id]
        self._unlink_blocks(av, leaving=True)
        self._rewindow.discard(av.id)
        self._recompute.discard(av.id)

    # -- moving ---------------------------------------------------------------------------------

    def move(self, account_id: str, x: float, y: float, direction: str) -> tuple[float, float]:
        """Accept or refuse a step the client already showed; the server's word is final."""
        av = self._require(account_id)
        if not isinstance(direction, str) or direction not in DIRECTIONS:
            raise DomainError(ErrorCode.INVALID, field="dir")
        if not (_is_number(x) and _is_number(y)):
            raise DomainError(ErrorCode.INVALID, field="position")
        x, y = float(x), float(y)

        now = self._clock.monotonic()
        recent = av.recent_moves
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        if len(recent) >= self.max_moves_per_s:
            raise DomainError(ErrorCode.RATE_LIMITED)
        recent.append(now)

        if self.map.is_blocked_px(x, y):
            raise DomainError(ErrorCode.MOVE_REJECTED, detail={"reason": "blocked"})
        if not self.map.segment_clear(av.x, av.y, x, y, ends_free=True):  # the end was checked just above
            raise DomainError(ErrorCode.MOVE_REJECTED, detail={"reason": "wall"})
        budget = min(self.max_travel_budget,
                     av.travel_budget + self.max_speed_px_s * (now - av.last_move_at))
        distance = math.hypot(x - av.x, y - av.y)
        if distance > budget + 1e-6:
            raise DomainError(ErrorCode.MOVE_REJECTED, detail={"reason": "too_fast"})
        if self._crowds_someone(av, x, y):
            raise DomainError(ErrorCode.MOVE_REJECTED, detail={"reason": "personal_space"})

        av.travel_budget = budget - distance
        av.last_move_at = now
        av.x, av.y, av.dir = x, y, direction
        cell = self.grid.cell_of(x, y)
        if cell != av.cell:
            self._touch(av)
            av.instance.occupants.remove(av.cell, av.id)
            self._place(av, cell)
            self._touch(av)
            self._rewindow.add(av.id)
            self._recompute.add(av.id)
        else:
            self._update_zone(av)
        self._moved.add(av.id)
        return x, y

    def _crowds_someone(self, av: _Avatar, x: float, y: float) -> bool:
        """Ending inside the personal space of someone you can see is refused, unless the
        step takes you further away (you may always step back out of a crowd)."""
        space = self.personal_space_px
        space_sq = space * space
        inst = av.instance
        members = inst.occupants.members
        grid = self.grid
        size = grid.cell_size
        if int((x - space) // size) == int((x + space) // size) and int((y - space) // size) == int((y + space) // size):
            nearby = (grid.cell_of(x, y),)  # the usual case: the personal space lies in one cell
        else:
            nearby = grid.cells_near(x, y, space)
        for cell in nearby:
            for other_id in members(cell):
                other = inst.avatars[other_id]
                dx, dy = other.x - x, other.y - y
                after_sq = dx * dx + dy * dy
                if after_sq >= space_sq or other_id == av.id:  # most people are further away
                    continue
                bx, by = other.x - av.x, other.y - av.y
                if after_sq < bx * bx + by * by and self._visible(av, other):
                    return True
        return False

    def _is_free(self, inst: _Instance, x: float, y: float) -> bool:
        """Nobody at all (hidden or not) within personal space: used to place newcomers."""
        space = self.personal_space_px
        for cell in self.grid.cells_near(x, y, space):
            for other_id in inst.occupants.members(cell):
                other = inst.avatars[other_id]
                if math.hypot(other.x - x, other.y - y) < space:
                    return False
        return True

    def _spawn_spot(self, inst: _Instance) -> tuple[float, float]:
        # Newcomers stand 1.5 personal spaces apart, so nobody arrives boxed in by others.
        step = max(1.0, 1.5 * float(self.personal_space_px))
        for sx, sy in self.map.spawns:
            for ring in range(_SPAWN_SEARCH_RINGS + 1):
                for dx, dy in _ring(ring):
                    x, y = sx + dx * step, sy + dy * step
                    if (not self.map.is_blocked_px(x, y) and self._is_free(inst, x, y)
                            and self.map.segment_clear(sx, sy, x, y)):
                        return x, y
        return self.map.spawns[0]  # everything near the spawns is taken: share the spot

    # -- status, looks, hiding, blocks ----------------------------------------------------------

    def set_status(self, account_id: str, status: str) -> None:
        av = self._require(account_id)
        self._check_status(status)
        if av.status != status:
            av.status = status
            self._updated.add(av.id)

    def set_look(self, account_id: str, digest: str) -> None:
        av = self._require(account_id)
        if not isinstance(digest, str) or not digest:
            raise DomainError(ErrorCode.INVALID, field="look")
        if av.look != digest:
            av.look = digest
            self._updated.add(av.id)

    def set_hidden(self, account_id: str, hidden: bool) -> None:
        av = self._require(account_id)
        hidden = bool(hidden)
        if av.hidden == hidden:
            return
        av.hidden = hidden
        (av.instance.hidden.add if hidden else av.instance.hidden.discard)(av.id)
        self._hidden_changed.add(av.instance.id)
        self._touch(av)
        self._reborn.add(av.id)  # whoever keeps seeing them gets them again, flag changed

    def set_sees_hidden(self, account_id: str, on: bool) -> None:
        """Start or end a look at hidden people (``rooms.visibility`` decides who may):
        the viewer's whole view is derived again at the next tick."""
        av = self._require(account_id)
        if av.sees_hidden != bool(on):
            av.sees_hidden = bool(on)
            self._recompute.add(av.id)

    def hidden_count_news(self) -> dict[str, int]:
        """For each counting viewer in a channel whose hidden people changed since the last
        call: how many are hidden there now (themself not included)."""
        changed, self._hidden_changed = self._hidden_changed, set()
        news: dict[str, int] = {}
        for inst_id in changed:
            inst = self._instances.get(inst_id)
            if inst is None:
                continue
            for av in inst.avatars.values():
                if av.counts_hidden:
                    news[av.id] = len(inst.hidden - {av.id})
        return news

    def set_blocks(self, account_id: str, blocked_ids: Iterable[str]) -> None:
        """Replace the list of people this account blocked. Absent accounts are ignored:
        their block list arrives with their next ``join``."""
        av = self._avatars.get(account_id)
        if av is None:
            return
        if isinstance(blocked_ids, str):
            raise DomainError(ErrorCode.INVALID, field="blocked_ids")
        before = set(av.blocked_with)
        self._unlink_blocks(av, leaving=False)
        av.blocks = {b for b in blocked_ids if isinstance(b, str) and b != account_id}
        self._link_blocks(av)
        changed = before ^ av.blocked_with
        if changed:
            self._recompute.add(av.id)
            self._recompute.update(changed)

    def add_block(self, account_id: str, blocked_id: str) -> None:
        av = self._avatars.get(account_id)
        if av is not None and blocked_id not in av.blocks:
            self.set_blocks(account_id, av.blocks | {blocked_id})

    def remove_block(self, account_id: str, blocked_id: str) -> None:
        av = self._avatars.get(account_id)
        if av is not None and blocked_id in av.blocks:
            self.set_blocks(account_id, av.blocks - {blocked_id})

    def _link_blocks(self, av: _Avatar) -> None:
        for target in av.blocks:
            self._blockers_of.setdefault(target, set()).add(av.id)
        related = {b for b in av.blocks if b in self._avatars} | self._blockers_of.get(av.id, set())
        av.blocked_with = related
        for other_id in related:
            self._avatars[other_id].blocked_with.add(av.id)

    def _unlink_blocks(self, av: _Avatar, *, leaving: bool) -> None:
        for target in av.blocks:
            blockers = self._blockers_of.get(target)
            if blockers is not None:
                blockers.discard(av.id)
                if not blockers:
                    del self._blockers_of[target]
        for other_id in av.blocked_with:
            other = self._avatars.get(other_id)
            # While this person stays, a block the other side made still links them.
            if other is not None and (leaving or other_id not in self._blockers_of.get(av.id, ())):
                other.blocked_with.discard(av.id)
        av.blocked_with = set()

    # -- questions ------------------------------------------------------------------------------

    def can_see(self, viewer_id: str, other_id: str) -> bool:
        viewer, other = self._avatars.get(viewer_id), self._avatars.get(other_id)
        if viewer is None or other is None or viewer.instance is not other.instance:
            return False
        return viewer is other or self._visible(viewer, other)

    def _visible(self, viewer: _Avatar, other: _Avatar) -> bool:
        if other.id in viewer.blocked_with:
            return False
        # rooms.visibility.sees, inlined: this runs for every pair near a change each tick.
        return not other.hidden or viewer.sees_hidden

    def profile(self, account_id: str) -> Profile | None:
        av = self._avatars.get(account_id)
        if av is None:
            return None
        return Profile(account_id=av.id, nickname=av.nickname, look=av.look, status=av.status,
                       hidden=av.hidden, counts_hidden=av.counts_hidden, sees_hidden=av.sees_hidden,
                       instance_id=av.instance.id,
                       x=av.x, y=av.y, direction=av.dir, zone=av.zone)

    def blocks_of(self, account_id: str) -> frozenset[str]:
        """Whom this person blocked (not who blocked them)."""
        av = self._avatars.get(account_id)
        return frozenset(av.blocks) if av is not None else frozenset()

    def audience_of(self, account_id: str) -> list[str]:
        """People near enough to have this person in view and allowed to see them.

        Windows are symmetric (a viewer's window covers your cell exactly when yours
        covers theirs), so this reads the cells around the person, not every avatar.
        """
        av = self._avatars.get(account_id)
        if av is None:
            return []
        inst = av.instance
        return sorted(
            other_id
            for cell in self.grid.window(av.cell)
            for other_id in inst.occupants.members(cell)
            if other_id != av.id and self._visible(inst.avatars[other_id], av)
        )

    def zone_of(self, account_id: str) -> Zone | None:
        av = self._avatars.get(account_id)
        return av.zone if av is not None else None

    def members_of_zone(self, instance_id: str, zone_id: str) -> list[str]:
        """Everyone standing in the zone, hidden people included (they may still listen);
        the caller filters by blocks."""
        inst = self._instances.get(instance_id)
        if inst is None:
            return []
        return sorted(inst.zone_members.get(zone_id, ()))

    def position_of(self, account_id: str) -> tuple[float, float] | None:
        av = self._avatars.get(account_id)
        return (av.x, av.y) if av is not None else None

    def instance_of(self, account_id: str) -> str | None:
        av = self._avatars.get(account_id)
        return av.instance.id if av is not None else None

    def count(self) -> int:
        return len(self._avatars)

    def instances(self) -> dict[str, int]:
        """Open instances (by channel number) and how many people each holds."""
        return {inst.id: len(inst.avatars) for inst in self._instances.values()}

    # -- what a viewer receives ----------------------------------------------------------------

    def snapshot_for(self, viewer_id: str) -> dict[str, Any]:
        """Everything the viewer sees now. Also a sync point: later batches build on it."""
        viewer = self._require(viewer_id)
        inst = viewer.instance
        current = self._visible_ids_in_window(viewer)
        viewer.known = current
        snapshot: dict[str, Any] = {
            "t": self._now_ms(),
            "instance_id": inst.id,
            "you": viewer.public(),
            "avatars": [inst.avatars[a].public() for a in sorted(current)],
        }
        if viewer.counts_hidden:
            snapshot["hidden_count"] = len(inst.hidden - {viewer.id})
        return snapshot

    def pending_movers(self) -> frozenset[str]:
        """Who moved since the last tick: their next batch confirms their place as ``you``."""
        return frozenset(self._moved)

    def tick(self) -> dict[str, dict[str, Any]]:
        """Turn the changes since the last tick into one batch per viewer who has news.

        A viewer who moved also finds where the world now has them (``you``: [x, y]), so a
        client can send its steps without waiting for an answer to each: refused steps are
        corrected with ``world:correct``, accepted ones show up here once per tick."""
        t, news, _ = self._gather(encoded=False)
        batches: dict[str, dict[str, Any]] = {}
        for vid, (viewer, entered, moves, leaves, updates, moved) in news.items():
            batch = {
                "t": t,
                "enter": list(entered.values()),
                "move": _news_for(viewer, moves, entered),
                "leave": leaves,
                "update": _news_for(viewer, updates, entered),
            }
            if moved:
                batch["you"] = [_coord(viewer.x), _coord(viewer.y)]
            if moved or batch["enter"] or batch["move"] or batch["leave"] or batch["update"]:
                batches[vid] = batch
        return batches

    def tick_json(self) -> dict[str, str]:
        """The same batches as ``tick()``, each already JSON-encoded: exactly the text of
        ``json.dumps(batch, separators=(",", ":"))``.

        Move and update entries are encoded once per cell and shared by every viewer who
        watches that cell, instead of once per viewer: in a crowd each entry reaches a few
        dozen people, and encoding was the largest cost of a tick.
        """
        t, news, cells = self._gather(encoded=True)
        for cell_news in cells:
            cell_news.join()
        head = f'{{"t":{_dumps(t)},"enter":'
        batches: dict[str, str] = {}
        for vid, (viewer, entered, moves, leaves, updates, moved) in news.items():
            move = _encoded_news_for(viewer, moves, entered) if moves else ""
            update = _encoded_news_for(viewer, updates, entered) if updates else ""
            if moved or entered or move or leaves or update:
                enter = f'[{",".join(entered.values())}]' if entered else "[]"
                leave = _dumps(leaves) if leaves else "[]"
                you = f',"you":[{_coord_json(viewer.x)},{_coord_json(viewer.y)}]' if moved else ""
                batches[vid] = f'{head}{enter},"move":[{move}],"leave":{leave},"update":[{update}]{you}}}'
        return batches

    def _gather(self, *, encoded: bool) -> tuple[int, dict[str, tuple[_Avatar, dict[str, Any], list[_CellNews] | None, list[str],
                                                     list[_CellNews] | None, bool]], list[_CellNews]]:
        """Reconcile every view with the changes since the last tick and clear them. Returns
        the tick time; per viewer with possible news: (viewer, entered avatars by id, news of
        watched cells with moves, ids that left, news of watched cells with updates, whether the
        viewer moved (their batch confirms where they are as ``you``)); and every cell's news."""
        enters: dict[str, dict[str, Any]] = {}
        leaves: dict[str, list[str]] = {}
        recompute = self._recompute
        reborn = self._reborn
        public = _Avatar.public_json if encoded else _Avatar.public

        # 1. Viewers who crossed into another cell watch a new window.
        for vid in self._rewindow:
            viewer = self._avatars.get(vid)
            if viewer is not None:
                self._register_window(viewer)

        # 2. People whose visibility may have changed, checked by those watching nearby.
        for aid, places in self._touched.items():
            av = self._avatars.get(aid)
            affected: set[str] = set()
            for inst_id, cell in places:
                inst = self._instances.get(inst_id)
                if inst is not None:
                    affected.update(inst.watchers.members(cell))
            for vid in affected:
                if vid == aid or vid in recompute:
                    continue
                viewer = self._avatars[vid]
                should_see = (av is not None and av.instance is viewer.instance
                              and self.grid.in_window(viewer.cell, av.cell) and self._visible(viewer, av))
                if should_see:
                    if aid not in viewer.known or aid in reborn:
                        viewer.known.add(aid)
                        enters.setdefault(vid, {})[aid] = public(av)
                elif aid in viewer.known:
                    viewer.known.discard(aid)
                    leaves.setdefault(vid, []).append(aid)

        # 3. Viewers whose window or blocks changed: derive their whole view again.
        for vid in recompute:
            viewer = self._avatars.get(vid)
            if viewer is None:
                continue
            current = self._visible_ids_in_window(viewer)
            known = viewer.known
            fresh = (current - known) | (current & known & reborn)
            if fresh:
                members = viewer.instance.avatars
                enters.setdefault(vid, {}).update({a: public(members[a]) for a in fresh})
            gone = known - current
            if gone:
                leaves.setdefault(vid, []).extend(gone)
            viewer.known = current

        # 4. Moves and updates, gathered per cell once, then handed to the cell's watchers.
        if encoded:  # entries as JSON text right away: no list to build and encode later
            moves, moved_cells = self._news_by_watcher(
                self._moved, lambda a: f'[{a.id_json},{a.x:.1f},{a.y:.1f},"{a.dir}"]')  # as _coord_json
            updates, updated_cells = self._news_by_watcher(
                self._updated, lambda a: _dumps({"id": a.id, "status": a.status, "look": a.look}))
        else:
            moves, moved_cells = self._news_by_watcher(self._moved, lambda a: [a.id, _coord(a.x), _coord(a.y), a.dir])
            updates, updated_cells = self._news_by_watcher(
                self._updated, lambda a: {"id": a.id, "status": a.status, "look": a.look})

        t = self._now_ms()
        news = {}
        moved = self._moved
        for vid in set(enters) | set(leaves) | set(moves) | set(updates) | moved:
            viewer = self._avatars.get(vid)
            if viewer is not None:
                left = leaves.get(vid)
                news[vid] = (viewer, enters.get(vid, _NONE), moves.get(vid), sorted(left) if left else [],
                             updates.get(vid), vid in moved)

        self._moved = set()
        self._updated = set()
        self._touched = {}
        self._rewindow = set()
        self._recompute = set()
        self._reborn = set()
        return t, news, moved_cells + updated_cells

    def _news_by_watcher(self, changed: set[str], entry) -> tuple[dict[str, list[_CellNews]], list[_CellNews]]:
        """Entries about the changed people, built once per cell and shared by its watchers
        (and the list of all cells' news)."""
        per_cell: dict[tuple[_Instance, Cell], _CellNews] = {}
        for aid in changed:
            av = self._avatars.get(aid)
            if av is None:
                continue
            news = per_cell.get((av.instance, av.cell))
            if news is None:
                news = per_cell[(av.instance, av.cell)] = _CellNews(av.cell)
            news.add(aid, entry(av), av.hidden)
        by_watcher: defaultdict[str, list[_CellNews]] = defaultdict(list)
        for (inst, cell), news in per_cell.items():
            for vid in inst.watchers.members(cell):
                by_watcher[vid].append(news)
        return by_watcher, list(per_cell.values())

    # -- internals ------------------------------------------------------------------------------

    def _visible_ids_in_window(self, viewer: _Avatar) -> set[str]:
        inst = viewer.instance
        out: set[str] = set()
        for cell in self.grid.window(viewer.cell):
            for aid in inst.occupants.members(cell):
                if aid != viewer.id and self._visible(viewer, inst.avatars[aid]):
                    out.add(aid)
        return out

    def _register_window(self, viewer: _Avatar) -> None:
        watchers = viewer.instance.watchers
        if viewer.watch_cell is not None:
            watchers.remove_all(self.grid.window(viewer.watch_cell), viewer.id)
        viewer.watch_cell = viewer.cell
        watchers.add_all(self.grid.window(viewer.cell), viewer.id)

    def _place(self, av: _Avatar, cell: Cell) -> None:
        av.cell = cell
        av.instance.occupants.add(cell, av.id)
        self._update_zone(av)

    def _update_zone(self, av: _Avatar) -> None:
        zone = self.map.zone_at(av.x, av.y)
        if zone is av.zone:
            return
        inst = av.instance
        if av.zone is not None:
            self._leave_zone(inst, av)
        av.zone = zone
        if zone is not None:
            inst.zone_members.setdefault(zone.id, set()).add(av.id)

    @staticmethod
    def _leave_zone(inst: _Instance, av: _Avatar) -> None:
        members = inst.zone_members.get(av.zone.id)
        if members is not None:
            members.discard(av.id)
            if not members:
                del inst.zone_members[av.zone.id]
        av.zone = None

    def _touch(self, av: _Avatar) -> None:
        self._touched.setdefault(av.id, set()).add((av.instance.id, av.cell))

    def _require(self, account_id: str) -> _Avatar:
        av = self._avatars.get(account_id)
        if av is None:
            raise DomainError(ErrorCode.NOT_FOUND)
        return av

    @staticmethod
    def _check_status(status: object) -> None:
        if not isinstance(status, str) or status not in STATUSES:
            raise DomainError(ErrorCode.INVALID, field="status")

    def _now_ms(self) -> int:
        return int(self._clock.now().timestamp() * 1000)


class _CellNews:
    """What changed in one cell during a tick: entries for visible and for hidden people
    (objects for ``tick()``, JSON texts for ``tick_json()``). ``join()`` makes the texts'
    comma-separated run, made once and shared by all watchers of the cell."""

    __slots__ = ("cell", "ids", "entries", "hidden_ids", "hidden_entries", "text", "hidden_text")

    def __init__(self, cell: Cell):
        self.cell = cell
        self.ids: list[str] = []
        self.entries: list[Any] = []
        self.hidden_ids: list[str] = []
        self.hidden_entries: list[Any] = []
        self.text = ""  # all visible entries' texts, comma-separated
        self.hidden_text = ""

    def add(self, aid: str, entry: Any, hidden: bool) -> None:
        if hidden:
            self.hidden_ids.append(aid)
            self.hidden_entries.append(entry)
        else:
            self.ids.append(aid)
            self.entries.append(entry)

    def join(self) -> None:
        self.text = ",".join(self.entries)
        self.hidden_text = ",".join(self.hidden_entries)


def _news_for(viewer: _Avatar, news_list: list[_CellNews] | None, entered: dict[str, Any]) -> list[Any]:
    """The entries of watched cells this viewer may receive.

    Invariant after reconciling views: ``known`` is exactly the visible people in the
    viewer's window. So someone without blocks who got no ``enter`` this tick may take a
    whole cell's list as is (outside their own cell); everyone else is filtered by ``known``.
    """
    if not news_list:
        return []
    out: list[Any] = []
    plain = not viewer.blocked_with and not entered
    known = viewer.known
    for news in news_list:
        if plain and news.cell != viewer.cell:
            out.extend(news.entries)
            if viewer.sees_hidden:
                out.extend(news.hidden_entries)
            continue
        out.extend(e for aid, e in zip(news.ids, news.entries) if aid in known and aid not in entered)
        if viewer.sees_hidden:
            out.extend(e for aid, e in zip(news.hidden_ids, news.hidden_entries)
                       if aid in known and aid not in entered)
    return out


def _encoded_news_for(viewer: _Avatar, news_list: list[_CellNews], entered: Mapping[str, Any]) -> str:
    """``_news_for`` as JSON text (the same entries in the same order, comma-separated),
    from cell news gathered as text and ``join()``ed.

    The same invariant lets whole cells through: without blocks, everyone visible in a
    watched cell is known, so a cell's shared text is exactly what the filter would keep,
    unless it is the viewer's own cell (it holds the viewer) or someone in it just entered
    the view (their ``enter`` already carries the place).
    """
    known = viewer.known
    own = viewer.cell
    if not viewer.blocked_with and not entered and not viewer.sees_hidden:  # the common case, kept tight
        runs = [n.text if n.cell != own else ",".join([j for aid, j in zip(n.ids, n.entries) if aid in known])
                for n in news_list]
        return ",".join([r for r in runs if r])
    whole_cells = not viewer.blocked_with
    looking = viewer.sees_hidden
    out: list[str] = []
    for n in news_list:
        if (whole_cells and n.cell != own and entered.keys().isdisjoint(n.ids)
                and (not looking or entered.keys().isdisjoint(n.hidden_ids))):
            out.append(n.text)
            if looking:
                out.append(n.hidden_text)
            continue
        out.extend(j for aid, j in zip(n.ids, n.entries) if aid in known and aid not in entered)
        if looking:
            out.extend(j for aid, j in zip(n.hidden_ids, n.hidden_entries) if aid in known and aid not in entered)
    return ",".join([r for r in out if r])


def _ring(r: int) -> list[tuple[int, int]]:
    """Grid offsets at Chebyshev distance r, nearest to the centre first."""
    if r == 0:
        return [(0, 0)]
    cells = [(dx, dy) for dy in range(-r, r + 1) for dx in range(-r, r + 1) if max(abs(dx), abs(dy)) == r]
    cells.sort(key=lambda d: (d[0] * d[0] + d[1] * d[1], d[1], d[0]))
    return cells
