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

What viewers receive (snapshots, batches and their encoding) is in ``rooms.world_batches``;
the people as the world holds them in ``rooms.world_people``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from rooms.interest import Cell, CellGrid
from rooms.world_arrivals import arrival_spot, free_spot
from rooms.maps import GameMap, Zone
from rooms.world_batches import Views
from rooms.world_people import Placement, Profile, _Avatar, _Instance, _is_number
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode

DIRECTIONS = frozenset({"down", "left", "right", "up"})
STATUSES = frozenset({"open", "just_here", "dnd"})
RESUME_RINGS = 3  # how far around a taken resume point a returning person may stand, in steps


class World(Views):
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
            if not self.map.is_blocked_px(x, y):
                # Taken (back from a live event, docs/EVENTS.md): the nearest free spot near it.
                spot = (x, y) if self._is_free(inst, x, y) else free_spot(
                    self.map, [(x, y)], max(1.0, 1.5 * float(self.personal_space_px)), RESUME_RINGS,
                    lambda fx, fy, clearance: self._is_free(inst, fx, fy, clearance))
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
            if old.away:
                self._updated.add(account_id)  # those who saw them away see them back
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

    def _is_free(self, inst: _Instance, x: float, y: float, clearance: float | None = None) -> bool:
        """Nobody at all (hidden or not) within personal space (or ``clearance``): used to
        place newcomers."""
        space = self.personal_space_px if clearance is None else clearance
        for cell in self.grid.cells_near(x, y, space):
            for other_id in inst.occupants.members(cell):
                other = inst.avatars[other_id]
                if math.hypot(other.x - x, other.y - y) < space:
                    return False
        return True

    def _spawn_spot(self, inst: _Instance) -> tuple[float, float]:
        return arrival_spot(self.map, len(inst.avatars), float(self.personal_space_px),
                            lambda x, y, clearance: self._is_free(inst, x, y, clearance))

    # -- status, looks, hiding, blocks ----------------------------------------------------------

    def set_status(self, account_id: str, status: str) -> None:
        av = self._require(account_id)
        self._check_status(status)
        if av.status != status:
            av.status = status
            self._updated.add(av.id)

    def set_away(self, account_id: str, away: bool) -> None:
        """The connection was lost (``True``, the reconnect grace runs) or is back."""
        av = self._avatars.get(account_id)
        if av is not None and av.away != bool(away):
            av.away = bool(away)
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

    # -- internals ------------------------------------------------------------------------------

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
