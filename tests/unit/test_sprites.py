"""Sprite sheets drawn from a look, the builder preview, and the in-memory sprite cache."""
from __future__ import annotations

import dataclasses
import io
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from avatars.parts import PARTS, AvatarLook
from avatars.sprite_cache import SpriteCache
from avatars.sprites import (
    DIRECTIONS,
    FRAME_SIZE,
    FRAMES,
    compose_preview,
    compose_sprite_sheet,
)
from server.core.errors import DomainError, ErrorCode

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = AvatarLook.default()
EVERY_CHOICE = [(category, c.id) for category, choices in PARTS.items() for c in choices]


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _frame(sheet: Image.Image, direction: str, frame: str) -> Image.Image:
    x = FRAMES.index(frame) * FRAME_SIZE
    y = DIRECTIONS.index(direction) * FRAME_SIZE
    return sheet.crop((x, y, x + FRAME_SIZE, y + FRAME_SIZE))


def _row(sheet: Image.Image, direction: str) -> Image.Image:
    y = DIRECTIONS.index(direction) * FRAME_SIZE
    return sheet.crop((0, y, sheet.width, y + FRAME_SIZE))


def _changed_pixels(a: Image.Image, b: Image.Image) -> int:
    r, g, b_, alpha = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA")).split()
    biggest = ImageChops.lighter(ImageChops.lighter(r, g), ImageChops.lighter(b_, alpha))
    return a.width * a.height - biggest.histogram()[0]


def _chunk_types(png: bytes) -> list[bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    types, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        types.append(png[pos + 4:pos + 8])
        pos += 12 + length
    return types


def _assert_well_formed_sheet(sheet: Image.Image) -> None:
    assert sheet.size == (len(FRAMES) * FRAME_SIZE, len(DIRECTIONS) * FRAME_SIZE)
    assert sheet.mode == "RGBA"
    for direction in DIRECTIONS:
        for frame in FRAMES:
            cell = _frame(sheet, direction, frame)
            alpha = cell.getchannel("A")
            last = FRAME_SIZE - 1
            for corner in ((0, 0), (last, 0), (0, last), (last, last)):
                assert alpha.getpixel(corner) == 0, (direction, frame, corner)
            opaque = alpha.histogram()[255]
            assert opaque > 250, (direction, frame, opaque)


@pytest.fixture(scope="module")
def default_png() -> bytes:
    return compose_sprite_sheet(DEFAULT)


@pytest.fixture(scope="module")
def default_sheet(default_png) -> Image.Image:
    return _open(default_png)


def test_layout_constants():
    assert FRAME_SIZE == 48
    assert DIRECTIONS == ("down", "left", "right", "up")
    assert FRAMES == ("step-left", "stand", "step-right")


def test_sheet_is_a_transparent_rgba_grid_with_a_figure_in_every_frame(default_sheet):
    assert default_sheet.size == (3 * 48, 4 * 48)
    _assert_well_formed_sheet(default_sheet)


@pytest.mark.parametrize("category, choice_id", EVERY_CHOICE)
def test_every_catalogue_choice_renders(category, choice_id):
    look = dataclasses.replace(DEFAULT, **{category: choice_id})
    _assert_well_formed_sheet(_open(compose_sprite_sheet(look)))


@pytest.mark.parametrize("category", list(PARTS))
def test_every_choice_in_a_category_looks_different(category):
    base = dataclasses.replace(DEFAULT, body="cat")  # animal ears take the hair colour even without hair
    sheets = {
        c.id: _open(compose_sprite_sheet(dataclasses.replace(base, **{category: c.id}))).tobytes()
        for c in PARTS[category]
    }
    assert len(set(sheets.values())) == len(sheets), category


def test_a_different_hair_colour_changes_many_pixels(default_sheet):
    other = _open(compose_sprite_sheet(dataclasses.replace(DEFAULT, hair_color="sky")))
    for direction in DIRECTIONS:
        assert _changed_pixels(_row(default_sheet, direction), _row(other, direction)) > 300, direction


def test_hair_is_seen_from_behind_but_eyes_and_glasses_are_not(default_sheet):
    winking = _open(compose_sprite_sheet(dataclasses.replace(DEFAULT, eyes="smile")))
    assert _changed_pixels(_row(default_sheet, "down"), _row(winking, "down")) > 0
    assert _changed_pixels(_row(default_sheet, "up"), _row(winking, "up")) == 0
    glasses = _open(compose_sprite_sheet(dataclasses.replace(DEFAULT, accessory="glasses")))
    assert _changed_pixels(_row(default_sheet, "left"), _row(glasses, "left")) > 0
    assert _changed_pixels(_row(default_sheet, "up"), _row(glasses, "up")) == 0
    long_hair = _open(compose_sprite_sheet(dataclasses.replace(DEFAULT, hair="long")))
    assert _changed_pixels(_row(default_sheet, "up"), _row(long_hair, "up")) > 300


def test_side_view_shows_the_open_eye_of_a_wink():
    bright = _open(compose_sprite_sheet(dataclasses.replace(DEFAULT, eyes="bright")))
    wink = _open(compose_sprite_sheet(dataclasses.replace(DEFAULT, eyes="wink")))
    assert _changed_pixels(_row(bright, "down"), _row(wink, "down")) > 0
    assert _changed_pixels(_row(bright, "left"), _row(wink, "left")) == 0


def test_right_row_mirrors_left_row(default_sheet):
    for frame in FRAMES:
        left = _frame(default_sheet, "left", frame).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        assert left.tobytes() == _frame(default_sheet, "right", frame).tobytes(), frame


def test_walk_frames_differ_within_each_direction(default_sheet):
    for direction in DIRECTIONS:
        cells = [_frame(default_sheet, direction, frame).tobytes() for frame in FRAMES]
        assert len(set(cells)) == 3, direction


def test_same_look_gives_identical_bytes(default_png):
    assert compose_sprite_sheet(AvatarLook.default()) == default_png


def test_bytes_do_not_depend_on_the_process(default_png):
    # A fresh interpreter with another hash seed must draw exactly the same file.
    code = "import sys; from avatars.parts import AvatarLook; from avatars.sprites import compose_sprite_sheet; " \
           "sys.stdout.buffer.write(compose_sprite_sheet(AvatarLook.default()))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT, env=env).stdout
    assert out == default_png


@pytest.mark.parametrize("make", [
    pytest.param(lambda: compose_sprite_sheet(DEFAULT), id="sheet"),
    pytest.param(lambda: compose_preview(DEFAULT), id="preview"),
])
def test_png_carries_pixels_and_nothing_else(make):
    png = make()
    assert set(_chunk_types(png)) <= {b"IHDR", b"IDAT", b"IEND"}
    info = _open(png).info
    for key in ("exif", "dpi", "icc_profile", "text", "zTXt", "iTXt", "tEXt", "Software", "Comment"):
        assert key not in info
    assert not getattr(_open(png), "text", {})


def test_preview_is_the_front_standing_frame_enlarged(default_sheet):
    preview = _open(compose_preview(DEFAULT, scale=3))
    assert preview.size == (3 * FRAME_SIZE, 3 * FRAME_SIZE) and preview.mode == "RGBA"
    shrunk = preview.resize((FRAME_SIZE, FRAME_SIZE), Image.Resampling.NEAREST)
    assert shrunk.tobytes() == _frame(default_sheet, "down", "stand").tobytes()
    assert _open(compose_preview(DEFAULT)).size == (144, 144)
    assert _open(compose_preview(DEFAULT, scale=1)).size == (48, 48)


@pytest.mark.parametrize("scale", [0, -1, 9, 100, 2.5, "3", True, None])
def test_preview_refuses_odd_scales(scale):
    with pytest.raises(DomainError) as caught:
        compose_preview(DEFAULT, scale=scale)  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.INVALID and caught.value.field == "scale"


# --- the cache ---------------------------------------------------------------------------

class CountingCompose:
    """The real composer, counting how often it is asked to draw."""

    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, look: AvatarLook) -> bytes:
        self.calls.append(look.digest())
        return compose_sprite_sheet(look)


def test_cache_returns_digest_and_the_real_sheet(default_png):
    cache = SpriteCache()
    digest, png = cache.get_or_compose(DEFAULT)
    assert digest == DEFAULT.digest()
    assert png == default_png
    assert cache.max_entries == 512


def test_cache_hit_returns_the_same_object_without_drawing_again():
    compose = CountingCompose()
    cache = SpriteCache(compose=compose)
    _, first = cache.get_or_compose(DEFAULT)
    _, second = cache.get_or_compose(AvatarLook.default())  # an equal look, another instance
    assert second is first
    assert compose.calls == [DEFAULT.digest()]
    assert (cache.hits, cache.misses) == (1, 1)
    assert cache.get(DEFAULT.digest()) is first
    assert cache.get("0" * 20) is None


def test_cache_evicts_the_least_recently_used_look():
    compose = CountingCompose()
    cache = SpriteCache(max_entries=2, compose=compose)
    a = DEFAULT
    b = dataclasses.replace(DEFAULT, hair="long")
    c = dataclasses.replace(DEFAULT, hair="bun")
    cache.get_or_compose(a)
    cache.get_or_compose(b)
    cache.get_or_compose(a)  # a is now the most recently used
    cache.get_or_compose(c)  # so b leaves
    assert len(cache) == 2
    assert a.digest() in cache and c.digest() in cache and b.digest() not in cache
    cache.get_or_compose(b)
    assert compose.calls == [a.digest(), b.digest(), c.digest(), b.digest()]
    assert a.digest() not in cache  # a was the oldest once c had been used


def test_cache_get_counts_as_a_use():
    cache = SpriteCache(max_entries=2)
    a, b, c = DEFAULT, dataclasses.replace(DEFAULT, eyes="smile"), dataclasses.replace(DEFAULT, eyes="wink")
    cache.get_or_compose(a)
    cache.get_or_compose(b)
    assert cache.get(a.digest()) is not None
    cache.get_or_compose(c)
    assert a.digest() in cache and b.digest() not in cache


def test_caches_do_not_share_state():
    first, second = SpriteCache(), SpriteCache()
    first.get_or_compose(DEFAULT)
    assert len(first) == 1 and len(second) == 0


@pytest.mark.parametrize("size", [0, -5, True, 2.5, "10"])
def test_cache_refuses_a_senseless_size(size):
    with pytest.raises(ValueError):
        SpriteCache(max_entries=size)  # type: ignore[arg-type]
