"""Accessories. Each has its own fixed soft colour so it stands out from hair and clothes.

The scarf wraps the neck, so it is drawn before the hair; everything else sits on top.
"""
from __future__ import annotations

from avatars.drawing.pen import RGB, Pen, Poly, RoundRect, arc_points, circle, darker, lighter, outline_of, oval
from avatars.drawing.pose import Pose

GLASSES: RGB = (96, 80, 104)
LENS: RGB = (255, 255, 255)
SCARF: RGB = (226, 137, 124)
HAT: RGB = (231, 192, 116)
PETAL: RGB = (246, 196, 208)
PETAL_CENTRE: RGB = (244, 210, 110)
PHONES: RGB = (168, 174, 202)
PHONES_BAND: RGB = (126, 129, 152)
RIBBON: RGB = (236, 140, 160)
SPROUT: RGB = (134, 192, 120)


def hides_top_of_head(accessory: str) -> bool:
    """A hat covers whatever would sit on the crown (a bun)."""
    return accessory == "hat"


def draw_neckwear(pen: Pen, pose: Pose, accessory: str) -> None:
    if accessory != "scarf":
        return
    y = pose.hy + pose.ry
    half = pose.torso_half
    cx = pose.cx + (0.4 if pose.view == "side" else 0.0)
    wrap = RoundRect(cx - half * 0.92, y - 1.7, cx + half * 0.92, y + 1.5, 1.5)
    if pose.view == "front":
        tail = RoundRect(cx + half * 0.2, y, cx + half * 0.2 + 2.8, y + 6.2, 1.0)
    elif pose.view == "side":
        tail = RoundRect(cx + half * 0.5, y, cx + half * 0.5 + 2.6, y + 5.4, 1.0)
    else:
        tail = RoundRect(cx - half * 0.5, y, cx - half * 0.5 + 2.8, y + 5.8, 1.0)
    stripe = lighter(SCARF, 0.55)
    pen.shapes(SCARF, tail)
    with pen.clipped(tail):
        pen.shapes(stripe, RoundRect(tail.x0 - 1, tail.y1 - 2.6, tail.x1 + 1, tail.y1 - 1.6, 0), outline=False)
    pen.shapes(SCARF, wrap)
    with pen.clipped(wrap):
        pen.shapes(stripe, RoundRect(wrap.x0 - 1, y - 0.3, wrap.x1 + 1, y + 0.5, 0), outline=False)


def draw_headwear(pen: Pen, pose: Pose, accessory: str) -> None:
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    view = pose.view
    # decorations sit on the viewer's right from the front, which is the left seen from behind
    side_x = {"front": 1.0, "back": -1.0, "side": 0.3}[view]

    if accessory == "glasses" and view != "back":
        y = pose.eye_y
        if view == "front":
            for s in (-1, 1):
                pen.glaze(LENS, 90, circle(hx + s * rx * 0.4, y, 2.4))
                _ring(pen, hx + s * rx * 0.4, y, 2.4)
            pen.stroke(GLASSES, [(hx - rx * 0.4 + 2.4, y - 0.4), (hx + rx * 0.4 - 2.4, y - 0.4)], 0.6)
        else:
            pen.glaze(LENS, 90, circle(hx - rx * 0.52, y, 2.3))
            _ring(pen, hx - rx * 0.52, y, 2.3)
            pen.stroke(GLASSES, [(hx - rx * 0.52 + 2.3, y - 0.5), (hx + rx * 0.15, y - 0.9)], 0.6)
    elif accessory == "hat":
        shift = 0.3 if view == "side" else 0.0
        crown = Poly(tuple(arc_points(hx + shift, hy - 0.8, rx + 1.3, ry + 1.4, 180, 360, 24)))
        pen.shapes(HAT, crown)
        band_y = hy - ry * 0.34
        pen.shapes(darker(HAT, 0.12), RoundRect(hx + shift - rx - 1.6, band_y - 1.4, hx + shift + rx + 1.6, band_y + 1.5, 1.5))
        for i in range(-2, 3):  # knit ribs
            x = hx + shift + i * rx * 0.36
            pen.stroke(darker(HAT, 0.25), [(x, band_y - 0.7), (x, band_y + 0.8)], 0.5)
        pen.shapes(lighter(HAT, 0.55), circle(hx + shift, hy - ry - 2.0, 2.4))
    elif accessory == "flower":
        x, y = hx + side_x * rx * 0.64, hy - ry * 0.62
        petals = [circle(px, py, 1.45) for px, py in arc_points(x, y, 1.6, 1.6, -90, 198, 4)]
        pen.shapes(PETAL, *petals)
        pen.shapes(PETAL_CENTRE, circle(x, y, 1.05), outline=False)
    elif accessory == "headphones":
        if view == "side":
            x = hx + rx * 0.22  # over the ear, a little behind the middle of the head
            band = [(x, hy - 2.5), (x - 0.2, hy - ry * 0.75), (x - 0.8, hy - ry - 1.5)]
            _outlined_stroke(pen, PHONES_BAND, band, 1.4)
            pen.shapes(PHONES, oval(x, hy + 0.8, 2.6, 3.2))
            pen.shapes(lighter(PHONES, 0.4), oval(x, hy + 0.8, 1.1, 1.6), outline=False)
        else:
            band = arc_points(hx, hy - 0.3, rx + 1.5, ry + 1.7, 192, 348, 16)
            _outlined_stroke(pen, PHONES_BAND, band, 1.4)
            for s in (-1, 1):
                pen.shapes(PHONES, oval(hx + s * (rx + 0.7), hy + 0.8, 2.3, 3.2))
    elif accessory == "ribbon":
        x, y = hx + side_x * rx * 0.5, hy - ry * 0.82
        pen.shapes(RIBBON,
                   Poly(((x, y), (x - 3.4, y - 2.0), (x - 3.4, y + 2.0))),
                   Poly(((x, y), (x + 3.4, y - 2.0), (x + 3.4, y + 2.0))))
        pen.shapes(darker(RIBBON, 0.1), circle(x, y, 1.1))
    elif accessory == "sprout":
        base = (hx + (0.3 if view == "side" else 0.0), hy - ry - 0.4)
        top = (base[0] + 0.3, base[1] - 2.8)
        _outlined_stroke(pen, SPROUT, [base, top], 0.8)
        pen.shapes(SPROUT, oval(top[0] - 2.0, top[1] - 0.5, 2.1, 1.2), oval(top[0] + 2.2, top[1] - 0.9, 2.3, 1.3))


def _ring(pen: Pen, x: float, y: float, r: float) -> None:
    pen.stroke(GLASSES, arc_points(x, y, r, r, 0, 360, 24), 0.7)


def _outlined_stroke(pen: Pen, colour: RGB, points: list[tuple[float, float]], width: float) -> None:
    pen.stroke(outline_of(colour), points, width + 1.2)
    pen.stroke(colour, points, width)

