"""Cell geometry for interest management."""
from __future__ import annotations

import random

import pytest

from rooms.interest import CellGrid, CellIndex


@pytest.fixture
def grid() -> CellGrid:
    # the demo map's size with the world's defaults
    return CellGrid(1920, 1280, cell_size_px=256, view_radius_px=480)


def test_grid_dimensions(grid: CellGrid) -> None:
    assert (grid.cols, grid.rows, grid.reach) == (8, 5, 2)


@pytest.mark.parametrize(
    "x, y, cell",
    [
        (0, 0, (0, 0)),
        (255.9, 255.9, (0, 0)),
        (256, 256, (1, 1)),
        (1919, 1279, (7, 4)),
        (-50, -50, (0, 0)),  # clamped: callers only pass positions on the map anyway
        (5000, 5000, (7, 4)),
    ],
)
def test_cell_of(grid: CellGrid, x: float, y: float, cell: tuple[int, int]) -> None:
    assert grid.cell_of(x, y) == cell


@pytest.mark.parametrize(
    "cell, size",
    [
        ((3, 2), 25),  # well inside: 5 x 5
        ((0, 0), 9),  # corner: 3 x 3
        ((7, 2), 15),  # right edge: 3 x 5
    ],
)
def test_window_sizes_are_clamped_to_the_map(grid: CellGrid, cell, size: int) -> None:
    window = grid.window(cell)
    assert len(window) == size == len(set(window))
    assert all(0 <= cx < grid.cols and 0 <= cy < grid.rows for cx, cy in window)
    assert grid.window(cell) is window  # computed once


def test_in_window_agrees_with_window(grid: CellGrid) -> None:
    for viewer in [(cx, cy) for cx in range(grid.cols) for cy in range(grid.rows)]:
        window = set(grid.window(viewer))
        for cell in [(cx, cy) for cx in range(grid.cols) for cy in range(grid.rows)]:
            assert grid.in_window(viewer, cell) == (cell in window)


def test_window_covers_the_view_radius_from_anywhere_in_the_cell() -> None:
    grid = CellGrid(4000, 4000, cell_size_px=256, view_radius_px=480)
    rng = random.Random(3)
    for _ in range(2000):
        vx, vy = rng.uniform(0, 4000), rng.uniform(0, 4000)
        px, py = vx + rng.uniform(-480, 480), vy + rng.uniform(-480, 480)
        if not (0 <= px < 4000 and 0 <= py < 4000):
            continue
        assert grid.cell_of(px, py) in grid.window(grid.cell_of(vx, vy))


def test_cells_near(grid: CellGrid) -> None:
    assert grid.cells_near(100, 100, 24) == [(0, 0)]
    assert sorted(grid.cells_near(256, 256, 24)) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_bad_grid_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        CellGrid(100, 100, cell_size_px=0, view_radius_px=10)
    with pytest.raises(ValueError):
        CellGrid(100, 100, cell_size_px=10, view_radius_px=-1)


def test_cell_index_drops_empty_cells() -> None:
    index = CellIndex()
    index.add((0, 0), "a")
    index.add_all([(0, 0), (1, 0)], "b")
    assert index.members((0, 0)) == {"a", "b"}
    index.remove((0, 0), "a")
    index.remove_all([(0, 0), (1, 0)], "b")
    assert index.cells() == []
    assert index.members((0, 0)) == frozenset()
    index.remove((5, 5), "nobody")  # harmless
