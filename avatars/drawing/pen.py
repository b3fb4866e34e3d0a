"""A small drawing layer over Pillow's ImageDraw for soft, outlined shapes.

Coordinates are in output pixels (floats welcome); everything is drawn ``SS`` times larger
and averaged down afterwards, which gives round, anti-aliased edges at 48 px.
Shapes given together share one outline around their union, so a hair style made of
several pieces reads as one soft mass instead of a pile of outlined blobs.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence, Union

from PIL import Image, ImageChops, ImageDraw

SS = 4  # supersampling factor
OUTLINE = 0.9  # outline width in output pixels: visible but gentle

RGB = tuple[int, int, int]
INK: RGB = (74, 58, 82)  # a soft plum instead of black, for outlines and eyes
WHITE: RGB = (255, 252, 247)


def rgb(hex_value: str) -> RGB:
    h = hex_value.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def lighter(c: RGB, t: float = 0.35) -> RGB:
    return mix(c, WHITE, t)


def darker(c: RGB, t: float = 0.2) -> RGB:
    return mix(c, INK, t)


def outline_of(c: RGB) -> RGB:
    return mix(c, INK, 0.62)


@dataclass(frozen=True)
class Ellipse:
    x0: float
    y0: float
    x1: float
    y1: float

    def paint(self, d: ImageDraw.ImageDraw, grow: float, fill: tuple[int, ...]) -> None:
        d.ellipse(_box(self.x0 - grow, self.y0 - grow, self.x1 + grow, self.y1 + grow), fill=fill)


def circle(x: float, y: float, r: float) -> Ellipse:
    return Ellipse(x - r, y - r, x + r, y + r)


def oval(x: float, y: float, rx: float, ry: float) -> Ellipse:
    return Ellipse(x - rx, y - ry, x + rx, y + ry)


@dataclass(frozen=True)
class RoundRect:
    x0: float
    y0: float
    x1: float
    y1: float
    r: float

    def paint(self, d: ImageDraw.ImageDraw, grow: float, fill: tuple[int, ...]) -> None:
        box = _box(self.x0 - grow, self.y0 - grow, self.x1 + grow, self.y1 + grow)
        radius = min((self.r + grow) * SS, (box[2] - box[0]) / 2, (box[3] - box[1]) / 2)
        d.rounded_rectangle(box, radius=max(0, int(radius)), fill=fill)


@dataclass(frozen=True)
class Capsule:
    """A thick line with round ends: arms, legs, tails."""

    x0: float
    y0: float
    x1: float
    y1: float
    w: float

    def paint(self, d: ImageDraw.ImageDraw, grow: float, fill: tuple[int, ...]) -> None:
        r = self.w / 2 + grow
        d.line(_pts([(self.x0, self.y0), (self.x1, self.y1)]), fill=fill, width=max(1, round(2 * r * SS)))
        d.ellipse(_box(self.x0 - r, self.y0 - r, self.x0 + r, self.y0 + r), fill=fill)
        d.ellipse(_box(self.x1 - r, self.y1 - r, self.x1 + r, self.y1 + r), fill=fill)


@dataclass(frozen=True)
class Poly:
    points: tuple[tuple[float, float], ...]

    def paint(self, d: ImageDraw.ImageDraw, grow: float, fill: tuple[int, ...]) -> None:
        pts = _pts(self.points)
        d.polygon(pts, fill=fill)
        if grow > 0:
            # A closed stroke of width 2*grow grows the polygon by ``grow`` on every side.
            d.line(pts + pts[:1], fill=fill, width=max(1, round(2 * grow * SS)), joint="curve")
            x, y = self.points[0]
            d.ellipse(_box(x - grow, y - grow, x + grow, y + grow), fill=fill)


Shape = Union[Ellipse, RoundRect, Capsule, Poly]


def arc_points(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 16) -> list[tuple[float, float]]:
    """Points along an ellipse from angle a0 to a1 (degrees, 0 = right, 90 = down)."""
    out = []
    for i in range(n + 1):
        a = math.radians(a0 + (a1 - a0) * i / n)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


class Pen:
    """Draws onto one supersampled RGBA frame."""

    def __init__(self, image: Image.Image):
        self.image = image
        self._draw = ImageDraw.Draw(image)

    def shapes(self, fill: RGB, *shapes: Shape, outline: RGB | None | bool = True) -> None:
        """Fill the union of ``shapes``, with one soft outline around the whole of it."""
        if outline is not False and outline is not None:
            line = outline_of(fill) if outline is True else outline
            for s in shapes:
                s.paint(self._draw, OUTLINE, line + (255,))
        for s in shapes:
            s.paint(self._draw, 0.0, fill + (255,))

    def stroke(self, colour: RGB, points: Sequence[tuple[float, float]], width: float) -> None:
        """A round-capped line through ``points`` (eyes, mouths, straps)."""
        w = max(1, round(width * SS))
        self._draw.line(_pts(points), fill=colour + (255,), width=w, joint="curve")
        r = width / 2
        for x, y in (points[0], points[-1]):
            self._draw.ellipse(_box(x - r, y - r, x + r, y + r), fill=colour + (255,))

    def fill_alpha(self, colour: RGB, alpha: int, *shapes: Shape) -> None:
        """Translucent fill onto empty canvas (the ground shadow)."""
        for s in shapes:
            s.paint(self._draw, 0.0, colour + (alpha,))

    def glaze(self, colour: RGB, alpha: int, *shapes: Shape) -> None:
        """A see-through layer over what is already drawn (glasses lenses)."""
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        d = ImageDraw.Draw(layer)
        for s in shapes:
            s.paint(d, 0.0, colour + (alpha,))
        self.image.alpha_composite(layer)

    @contextmanager
    def clipped(self, *clip: Shape) -> Iterator[None]:
        """Draw only inside the union of ``clip`` (stripes on a shirt, shine on hair)."""
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        mask = Image.new("L", self.image.size, 0)
        mask_draw = ImageDraw.Draw(mask)
        for s in clip:
            s.paint(mask_draw, 0.0, (255,))
        outer = self._draw
        self._draw = ImageDraw.Draw(layer)
        try:
            yield
        finally:
            self._draw = outer
        layer.putalpha(ImageChops.multiply(layer.getchannel("A"), mask))
        self.image.alpha_composite(layer)


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    return (x0 * SS, y0 * SS, max(x0, x1) * SS, max(y0, y1) * SS)


def _pts(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(x * SS, y * SS) for x, y in points]
