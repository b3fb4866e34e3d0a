"""Hair styles, split into what hangs behind the body and what sits on the head.

``draw_hair_behind`` runs before the body (long hair, tails and buns seen from the front or
side); ``draw_hair_on_head`` runs after the head. From the back, all hair is drawn on top.
Points are built around the head centre (hx, hy) and radii (rx, ry) so every body shape fits.
"""
from __future__ import annotations


from avatars.drawing.palette import TIE
from avatars.drawing.pen import RGB, Capsule, Pen, Poly, RoundRect, arc_points, circle, darker, lighter
from avatars.drawing.pose import Pose

Point = tuple[float, float]


def _teardrop(x0: float, y0: float, x1: float, y1: float, w0: float, w1: float) -> tuple[Capsule, ...]:
    """A tail that narrows towards its tip, as a few overlapping capsules."""
    parts = []
    n = 4
    for i in range(n):
        t0, t1 = i / n, (i + 1) / n
        w = w0 + (w1 - w0) * (i + 0.5) / n
        parts.append(Capsule(x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0, x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1, w))
    return tuple(parts)


def _sway(pose: Pose) -> float:
    return 0.8 * pose.step


def draw_hair_behind(pen: Pen, pose: Pose, style: str, hair: RGB, hidden_top: bool) -> None:
    if pose.view == "back":
        return
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    front = pose.view == "front"
    if style == "long":
        if front:  # from the side, long hair is one piece drawn over the back (see _side)
            pen.shapes(hair, RoundRect(hx - rx - 1.4, hy - 2, hx + rx + 1.4, pose.torso_top + (pose.torso_bottom - pose.torso_top) * 0.7, 4))
    elif style == "bun" and not hidden_top:
        pen.shapes(hair, circle(hx if front else hx + rx * 0.4, hy - ry - 1.6, 4.2))
    elif style == "ponytail":
        if front:
            pen.shapes(hair, *_teardrop(hx + rx * 0.6, hy - ry * 0.6, hx + rx + 2.6, hy + ry * 0.7 + _sway(pose), 5.0, 2.6))
        else:
            pen.shapes(hair, *_teardrop(hx + rx * 0.75, hy - ry * 0.55, hx + rx + 4.2 + _sway(pose), hy + ry * 0.8, 5.0, 2.4))
    elif style == "twintails":
        if front:
            for s in (-1, 1):
                pen.shapes(hair, *_teardrop(hx + s * rx * 0.8, hy - ry * 0.1, hx + s * (rx + 2.8), hy + ry + 3.0, 5.2, 2.6))
        else:  # both tails hang behind the head, the far one a little further back
            pen.shapes(hair, *_teardrop(hx + rx * 0.7, hy - ry * 0.1, hx + rx + 2.0 + _sway(pose), hy + ry + 2.4, 4.6, 2.4))
            pen.shapes(hair, *_teardrop(hx + rx * 0.5, hy, hx + rx * 0.9 + _sway(pose), hy + ry + 3.6, 5.0, 2.4))


def draw_hair_on_head(pen: Pen, pose: Pose, style: str, hair: RGB, hidden_top: bool) -> None:
    if style == "none":
        return
    view = pose.view
    if view == "front":
        _front(pen, pose, style, hair)
    elif view == "side":
        _side(pen, pose, style, hair)
    else:
        _back(pen, pose, style, hair, hidden_top)


def _shine(pen: Pen, pose: Pose, hair: RGB, a0: float, a1: float) -> None:
    pts = arc_points(pose.hx, pose.hy - 0.4, pose.rx - 2.2, pose.ry - 2.0, a0, a1, 8)
    pen.stroke(lighter(hair, 0.35), pts, 1.0)


# --- front -----------------------------------------------------------------------------

def _front(pen: Pen, pose: Pose, style: str, hair: RGB) -> None:
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    cap_y = hy - 0.3
    fringe = [
        (hx + rx * 0.80, hy + ry * 0.12), (hx + rx * 0.56, hy - ry * 0.24), (hx + rx * 0.36, hy - ry * 0.02),
        (hx + rx * 0.10, hy - ry * 0.30), (hx - rx * 0.14, hy - ry * 0.02), (hx - rx * 0.40, hy - ry * 0.28),
        (hx - rx * 0.62, hy + ry * 0.00), (hx - rx * 0.82, hy + ry * 0.12),
    ]
    if style == "short":
        pen.shapes(hair, Poly(tuple(arc_points(hx, cap_y, rx + 0.9, ry + 1.1, 160, 380, 24) + fringe)))
    elif style == "bob":
        # a round bob whose ends turn in under the cheeks
        inner = rx * 0.66
        pts: list[Point] = arc_points(hx, cap_y, rx + 1.5, ry + 1.3, 140, 400, 28)
        pts += [(hx + inner, hy + ry * 0.72), (hx + inner, hy - ry * 0.05), (hx + rx * 0.3, hy - ry * 0.04),
                (hx, hy - ry * 0.12), (hx - rx * 0.3, hy - ry * 0.04), (hx - inner, hy - ry * 0.05),
                (hx - inner, hy + ry * 0.72)]
        pen.shapes(hair, Poly(tuple(pts)))
    elif style == "long":
        bottom = pose.torso_top + 3.6
        inner = rx * 0.7
        pts = [(hx - rx - 1.3, bottom - 1.0)]
        pts += arc_points(hx, cap_y, rx + 1.3, ry + 1.2, 180, 360, 24)
        pts += [(hx + rx + 1.3, bottom - 1.0), (hx + rx + 0.4, bottom), (hx + inner, bottom),
                (hx + inner, hy - ry * 0.05), (hx + rx * 0.3, hy - ry * 0.04), (hx, hy - ry * 0.12),
                (hx - rx * 0.3, hy - ry * 0.04), (hx - inner, hy - ry * 0.05), (hx - inner, bottom),
                (hx - rx - 0.4, bottom)]
        pen.shapes(hair, Poly(tuple(pts)))
    elif style == "bun":
        parted = [
            (hx + rx * 0.84, hy + ry * 0.08), (hx + rx * 0.50, hy - ry * 0.22), (hx + rx * 0.14, hy - ry * 0.46),
            (hx, hy - ry * 0.58), (hx - rx * 0.14, hy - ry * 0.46), (hx - rx * 0.50, hy - ry * 0.22),
            (hx - rx * 0.84, hy + ry * 0.08),
        ]
        pen.shapes(hair, Poly(tuple(arc_points(hx, cap_y, rx + 0.8, ry + 1.0, 165, 375, 24) + parted)))
    elif style == "ponytail":
        swept = [
            (hx + rx * 0.84, hy + ry * 0.10), (hx + rx * 0.60, hy - ry * 0.02), (hx + rx * 0.25, hy - ry * 0.12),
            (hx - rx * 0.10, hy - ry * 0.26), (hx - rx * 0.45, hy - ry * 0.42), (hx - rx * 0.70, hy - ry * 0.30),
            (hx - rx * 0.84, hy + ry * 0.06),
        ]
        pen.shapes(hair, Poly(tuple(arc_points(hx, cap_y, rx + 0.8, ry + 1.0, 162, 378, 24) + swept)))
    elif style == "twintails":
        pen.shapes(hair, Poly(tuple(arc_points(hx, cap_y, rx + 0.9, ry + 1.1, 160, 380, 24) + fringe)))
        for s in (-1, 1):
            pen.shapes(TIE, circle(hx + s * (rx + 0.2), hy - ry * 0.02, 1.5))
    elif style == "curly":
        _curls(pen, pose, hair, front=True)
        return
    _shine(pen, pose, hair, 215, 245)


def _curls(pen: Pen, pose: Pose, hair: RGB, *, front: bool) -> None:
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    cap_y = hy - 0.3
    if front:
        base = Poly(tuple(arc_points(hx, cap_y, rx + 0.6, ry + 0.8, 165, 375, 24)
                          + [(hx + rx * 0.8, hy + ry * 0.05), (hx - rx * 0.8, hy + ry * 0.05)]))
        curls = [circle(x, y, 3.0) for x, y in arc_points(hx, cap_y, rx + 0.4, ry + 0.4, 168, 372, 10)]
        curls += [circle(hx + dx * rx, hy - ry * 0.36, 2.4) for dx in (-0.45, 0.0, 0.45)]
    else:
        base = Poly(tuple(arc_points(hx, cap_y, rx + 0.6, ry + 0.8, 0, 360, 24)))
        curls = [circle(x, y, 3.0) for x, y in arc_points(hx, cap_y, rx + 0.4, ry + 0.4, 120, 420, 11)]
    pen.shapes(hair, base, *curls)
    _curl_shine(pen, pose, hair, hx)


def _curl_shine(pen: Pen, pose: Pose, hair: RGB, cx: float) -> None:
    for dx in (-0.45, 0.1):
        pen.stroke(lighter(hair, 0.3), arc_points(cx + pose.rx * dx, pose.hy - pose.ry * 0.72, 1.2, 1.0, 200, 320, 5), 0.8)


# --- side (facing left) ------------------------------------------------------------------

def _side(pen: Pen, pose: Pose, style: str, hair: RGB) -> None:
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    cap_y = hy - 0.3
    fringe = [
        (hx + rx * 0.10, hy - ry * 0.10), (hx - rx * 0.22, hy - ry * 0.34), (hx - rx * 0.48, hy - ry * 0.06),
        (hx - rx * 0.72, hy - ry * 0.30), (hx - rx * 0.96, hy - ry * 0.16),
    ]
    if style in ("short", "ponytail", "twintails", "bun"):
        nape = [(hx + rx * 0.52, hy + ry * 0.58), (hx + rx * 0.18, hy + ry * 0.22)]
        pen.shapes(hair, Poly(tuple(arc_points(hx + 0.3, cap_y, rx + 0.9, ry + 1.1, 195, 400, 24) + nape + fringe)))
        if style == "ponytail":
            pen.shapes(TIE, circle(hx + rx * 0.9, hy - ry * 0.42, 1.5))
        elif style == "twintails":
            pen.shapes(TIE, circle(hx + rx * 0.6, hy + ry * 0.1, 1.5))
    elif style == "bob":
        pts: list[Point] = arc_points(hx + 0.3, cap_y, rx + 1.4, ry + 1.3, 195, 412, 24)
        pts += [(hx + rx * 0.3, hy + ry * 0.9), (hx + rx * 0.1, hy + ry * 0.5), (hx + rx * 0.05, hy - ry * 0.1),
                (hx - rx * 0.5, hy - ry * 0.14), (hx - rx * 0.97, hy - ry * 0.16)]
        pen.shapes(hair, Poly(tuple(pts)))
    elif style == "long":
        bottom = pose.torso_top + (pose.torso_bottom - pose.torso_top) * 0.8
        pts = arc_points(hx + 0.3, cap_y, rx + 1.2, ry + 1.2, 195, 360, 20)
        pts += [(hx + rx + 1.6, bottom - 1.6), (hx + rx + 0.2, bottom), (hx + rx * 0.4, bottom),
                (hx + rx * 0.12, hy + ry * 0.5), (hx + rx * 0.05, hy - ry * 0.1), (hx - rx * 0.5, hy - ry * 0.14),
                (hx - rx * 0.97, hy - ry * 0.16)]
        pen.shapes(hair, Poly(tuple(pts)))
        pen.stroke(darker(hair, 0.18), [(hx + rx * 0.75, hy + ry * 0.4), (hx + rx * 0.8, bottom - 1.6)], 0.6)
    elif style == "curly":
        nape = [(hx + rx * 0.52, hy + ry * 0.58), (hx + rx * 0.18, hy + ry * 0.22)]
        base = Poly(tuple(arc_points(hx + 0.3, cap_y, rx + 0.6, ry + 0.8, 195, 400, 24) + nape + fringe))
        curls = [circle(x, y, 3.0) for x, y in arc_points(hx + 0.3, cap_y, rx + 0.4, ry + 0.4, 205, 405, 9)]
        curls += [circle(hx - rx * 0.5, hy - ry * 0.42, 2.5), circle(hx - rx * 0.1, hy - ry * 0.5, 2.5)]
        pen.shapes(hair, base, *curls)
        _curl_shine(pen, pose, hair, hx + 0.3)
        return
    _shine(pen, pose, hair, 225, 255)


# --- back --------------------------------------------------------------------------------

def _back(pen: Pen, pose: Pose, style: str, hair: RGB, hidden_top: bool) -> None:
    hx, hy, rx, ry = pose.hx, pose.hy, pose.rx, pose.ry
    cap_y = hy - 0.3
    nape = [(hx + rx * 0.5, hy + ry * 0.66), (hx + rx * 0.2, hy + ry * 0.58), (hx, hy + ry * 0.76),
            (hx - rx * 0.2, hy + ry * 0.58), (hx - rx * 0.5, hy + ry * 0.66)]
    short_cap = Poly(tuple(arc_points(hx, cap_y, rx + 0.9, ry + 1.1, 140, 400, 24) + nape))
    if style in ("short", "bun", "ponytail", "twintails"):
        pen.shapes(hair, short_cap)
        if style == "bun" and not hidden_top:
            pen.shapes(hair, circle(hx, hy - ry * 0.6, 4.2))
        elif style == "ponytail":
            pen.shapes(hair, *_teardrop(hx, hy - ry * 0.3, hx + _sway(pose), hy + ry + 4.6, 5.4, 2.6))
            pen.shapes(TIE, circle(hx, hy - ry * 0.32, 1.6))
        elif style == "twintails":
            for s in (-1, 1):
                pen.shapes(hair, *_teardrop(hx + s * rx * 0.72, hy - ry * 0.05, hx + s * (rx + 2.4), hy + ry + 3.0, 5.0, 2.4))
                pen.shapes(TIE, circle(hx + s * rx * 0.72, hy - ry * 0.05, 1.5))
    elif style == "bob":
        pts: list[Point] = arc_points(hx, cap_y, rx + 1.5, ry + 1.3, 135, 405, 28)
        pts += [(hx + rx * 0.4, hy + ry * 0.95), (hx - rx * 0.4, hy + ry * 0.95)]
        pen.shapes(hair, Poly(tuple(pts)))
    elif style == "long":
        bottom = pose.torso_top + (pose.torso_bottom - pose.torso_top) * 0.78
        pts = [(hx - rx - 1.3, bottom - 1.2)]
        pts += arc_points(hx, cap_y, rx + 1.3, ry + 1.2, 180, 360, 24)
        pts += [(hx + rx + 1.3, bottom - 1.2), (hx + rx, bottom), (hx - rx, bottom)]
        pen.shapes(hair, Poly(tuple(pts)))
        for dx in (-0.4, 0.4):  # a couple of soft strands so the back is not one flat block
            pen.stroke(darker(hair, 0.18), [(hx + rx * dx, hy + ry * 0.3), (hx + rx * dx * 1.1, bottom - 1.6)], 0.6)
    elif style == "curly":
        _curls(pen, pose, hair, front=False)
        return
    _shine(pen, pose, hair, 220, 260)
