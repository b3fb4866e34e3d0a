"""The head: animal ears, the round face and its features.

Faces stay small and quiet on purpose: two eyes, a little mouth and soft cheeks. The back
view shows no face at all; the side view shows one eye.
"""
from __future__ import annotations

from avatars.drawing.palette import EYE, Palette
from avatars.drawing.pen import RGB, WHITE, Pen, Poly, arc_points, circle, mix, oval
from avatars.drawing.pose import Pose


def draw_ears(pen: Pen, pose: Pose, fur: RGB, pal: Palette) -> None:
    """Animal ears, drawn before the head and hair so both cover the base of each ear."""
    kind = pose.spec.ears
    if kind is None:
        return
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    # angles on the head outline (270 = top); from the side the far ear peeks out behind
    angles = (292.0, 268.0) if pose.view == "side" else (236.0, 304.0)
    for i, a in enumerate(angles):
        inner = pose.view == "front" or (pose.view == "side" and i == 1)
        (x, y), = arc_points(hx, hy - 0.3, rx + 0.6, ry + 0.8, a, a, 1)[:1]
        lean = 0.0 if pose.view == "side" else (1.0 if a > 270 else -1.0)
        if kind == "cat":
            tip = (x + lean * 1.6 + (0.8 if pose.view == "side" else 0.0), y - 4.6)
            pen.shapes(fur, Poly(((x - 3.3, y + 1.8), tip, (x + 3.3, y + 1.8))))
            if inner:
                pen.shapes(pal.inner_ear, Poly(((x - 1.5, y + 0.6), (tip[0] * 0.8 + x * 0.2, tip[1] + 1.6), (x + 1.5, y + 0.6))),
                           outline=False)
        elif kind == "bear":
            pen.shapes(fur, circle(x + lean * 0.6, y - 0.4, 3.3))
            if inner:
                pen.shapes(pal.inner_ear, circle(x + lean * 0.6, y - 0.4, 1.7), outline=False)
        elif kind == "bunny":
            x = hx + (x - hx) * 0.7
            ear_x, ear_y = x + lean * 0.8, hy - ry - 4.0
            pen.shapes(fur, oval(ear_x, ear_y, 2.3, 6.0))
            if inner:
                pen.shapes(pal.inner_ear, oval(ear_x, ear_y - 0.2, 1.0, 4.2), outline=False)


def draw_head(pen: Pen, pose: Pose, pal: Palette) -> None:
    pen.shapes(pal.skin, oval(pose.hx, pose.hy, pose.rx, pose.ry))


def draw_face(pen: Pen, pose: Pose, eyes: str, pal: Palette) -> None:
    if pose.view == "back":
        return
    hx, rx = pose.hx, pose.rx
    y = pose.eye_y
    mouth_colour = mix(EYE, pal.skin, 0.25)
    if pose.view == "front":
        for s in (-1, 1):
            pen.shapes(pal.blush, oval(hx + s * rx * 0.62, y + 2.1, 1.8, 1.05), outline=False)
        _eye(pen, hx - rx * 0.4, y, "bright" if eyes == "wink" else eyes, -1)
        _eye(pen, hx + rx * 0.4, y, "smile" if eyes == "wink" else eyes, 1)
        pen.stroke(mouth_colour, arc_points(hx, y + 1.8, 1.2, 1.0, 25, 155, 6), 0.75)
    else:  # facing left
        pen.shapes(pal.blush, oval(hx - rx * 0.3, y + 2.1, 1.6, 1.0), outline=False)
        _eye(pen, hx - rx * 0.52, y, "bright" if eyes == "wink" else eyes, 1)
        pen.stroke(mouth_colour, arc_points(hx - rx * 0.84, y + 2.0, 0.9, 0.8, 30, 150, 5), 0.7)


def _eye(pen: Pen, x: float, y: float, style: str, side: int) -> None:
    if style == "dot":
        pen.shapes(EYE, oval(x, y, 1.2, 1.55), outline=False)
    elif style == "bright":
        pen.shapes(EYE, oval(x, y, 1.65, 2.05), outline=False)
        pen.shapes(WHITE, circle(x + 0.55, y - 0.75, 0.62), outline=False)
    elif style == "smile":
        pen.stroke(EYE, arc_points(x, y + 0.8, 1.6, 1.6, 205, 335, 8), 0.95)
    elif style == "sleepy":
        pen.shapes(EYE, Poly(tuple(arc_points(x, y - 0.1, 1.5, 1.3, 0, 180, 8))), outline=False)
        pen.stroke(EYE, [(x - 1.8, y - 0.2), (x + 1.8, y - 0.2)], 0.8)
    elif style == "closed":
        pen.stroke(EYE, arc_points(x, y - 0.9, 1.6, 1.5, 25, 155, 8), 0.95)
    elif style == "lashes":
        pen.shapes(EYE, oval(x, y + 0.2, 1.3, 1.65), outline=False)
        pen.shapes(WHITE, circle(x + 0.4, y - 0.5, 0.5), outline=False)
        pen.stroke(EYE, arc_points(x, y + 0.3, 1.9, 2.0, 200, 300, 6), 0.7)  # upper lid
        pen.stroke(EYE, [(x + side * 1.4, y - 1.3), (x + side * 2.6, y - 2.0)], 0.6)
        pen.stroke(EYE, [(x + side * 1.9, y - 0.6), (x + side * 2.9, y - 0.9)], 0.6)
    else:
        raise KeyError(style)
