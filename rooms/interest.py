"""Interest management: cut a map into square cells so each person only hears about the
people near them.

A viewer standing in a cell watches a fixed square window of cells around it, wide enough
to cover the view radius from anywhere inside its own cell. Because the window depends on
the cell and not on the exact position, it only changes when the viewer crosses into
another cell, which keeps the bookkeeping cheap.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

Cell = tuple[int, int]

_EMPTY: frozenset[str] = frozenset()


class CellGrid:
    """Pure geometry: which cell holds a point, and which cells a viewer watches."""

    def __init__(self, width_px: float, height_px: float, *, cell_size_px: int, view_radius_px: float):
        if cell_size_px <= 0 or view_radius_px < 0:
            raise ValueError("cell size must be positive and view radius non-negative")
        self.cell_size = cell_size_px
        self.cols = max(1, math.ceil(width_px / cell_size_px))
        self.rows = max(1, math.ceil(height_px / cell_size_px))
        # From anywhere in its own cell a viewer must see view_radius_px in every direction.
        self.reach = math.ceil(view_radius_px / cell_size_px)
        self._windows: dict[Cell, tuple[Cell, ...]] = {}

    def cell_of(self, x: float, y: float) -> Cell:
        cx = min(self.cols - 1, max(0, int(x // self.cell_size)))
        cy = min(self.rows - 1, max(0, int(y // self.cell_size)))
        return cx, cy

    def window(self, cell: Cell) -> tuple[Cell, ...]:
        """The cells watched from ``cell`` (computed once per cell, then reused)."""
        found = self._windows.get(cell)
        if found is None:
            cx, cy = cell
            r = self.reach
            found = tuple(
                (x, y)
                for y in range(max(0, cy - r), min(self.rows, cy + r + 1))
                for x in range(max(0, cx - r), min(self.cols, cx + r + 1))
            )
            self._windows[cell] = found
        return found

    def in_window(self, viewer_cell: Cell, cell: Cell) -> bool:
        return abs(cell[0] - viewer_cell[0]) <= self.reach and abs(cell[1] - viewer_cell[1]) <= self.reach

    def cells_near(self, x: float, y: float, radius: float) -> list[Cell]:
        """Cells overlapping the square of half-side ``radius`` around a point."""
        x0, y0 = self.cell_of(x - radius, y - radius)
        x1, y1 = self.cell_of(x + radius, y + radius)
        return [(cx, cy) for cy in range(y0, y1 + 1) for cx in range(x0, x1 + 1)]


class CellIndex:
    """Who is in (or watching) each cell. Empty cells are dropped, so memory follows people."""

    def __init__(self) -> None:
        self._cells: dict[Cell, set[str]] = {}

    def add(self, cell: Cell, member: str) -> None:
        self._cells.setdefault(cell, set()).add(member)

    def remove(self, cell: Cell, member: str) -> None:
        members = self._cells.get(cell)
        if members is not None:
            members.discard(member)
            if not members:
                del self._cells[cell]

    def add_all(self, cells: Iterable[Cell], member: str) -> None:
        for cell in cells:
            self.add(cell, member)

    def remove_all(self, cells: Iterable[Cell], member: str) -> None:
        for cell in cells:
            self.remove(cell, member)

    def members(self, cell: Cell) -> set[str] | frozenset[str]:
        """Read-only view by convention: callers must not change the returned set."""
        return self._cells.get(cell, _EMPTY)

    def cells(self) -> list[Cell]:
        return list(self._cells)


def ring_offsets(r: int) -> list[tuple[int, int]]:
    """Grid offsets at Chebyshev distance r, nearest to the centre first."""
    if r == 0:
        return [(0, 0)]
    cells = [(dx, dy) for dy in range(-r, r + 1) for dx in range(-r, r + 1) if max(abs(dx), abs(dy)) == r]
    cells.sort(key=lambda d: (d[0] * d[0] + d[1] * d[1], d[1], d[0]))
    return cells
