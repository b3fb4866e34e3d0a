"""What a viewer receives: a snapshot, then one batch per tick of what changed near them.

Batch semantics (the client applies a batch in this order): remove every id in ``leave``;
add or replace every avatar in ``enter``; for ids it holds, apply ``move`` ([id, x, y,
dir]) and ``update`` ({id, status, look}). An id never appears in both ``leave`` and
``enter`` of the same batch. ``snapshot_for`` is a sync point: later batches are relative
to the last snapshot (or batch) the viewer received.

The rules (who is where, who sees whom) are ``rooms.world.World``'s; this module only turns
what changed since the last tick into each viewer's batch, encoded once per cell where it
can. ``Views`` is mixed into ``World`` and reads its state directly: the tick is the hot path,
and an extra layer between them cost measurable time.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from rooms.interest import Cell
from rooms.world_people import _Avatar, _Instance, _coord, _coord_json, _dumps

_NONE = MappingProxyType({})  # "nobody entered" (read-only)



def update_of(a: _Avatar) -> dict[str, Any]:
    """What changed about someone others already see: status, looks, and whether they are away."""
    return {"id": a.id, "status": a.status, "look": a.look, "away": a.away}

class Views:
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

    def count_shown(self) -> int:
        """How many people anyone may be told are here: hidden people are not counted."""
        return len(self._avatars) - sum(len(inst.hidden) for inst in self._instances.values())

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
                self._updated, lambda a: _dumps(update_of(a)))
        else:
            moves, moved_cells = self._news_by_watcher(self._moved, lambda a: [a.id, _coord(a.x), _coord(a.y), a.dir])
            updates, updated_cells = self._news_by_watcher(
                self._updated, update_of)

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
