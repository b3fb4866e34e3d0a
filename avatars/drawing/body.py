"""Legs, torso, arms and the clothes on them, for every view.

Each clothing style has one small function that dresses the torso; ``_LEGS`` and
``_SLEEVES`` say how it treats legs and arms.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Mapping

from avatars.drawing.palette import SHIRT, SHOES, TROUSERS, Palette
from avatars.drawing.pen import RGB, Capsule, Pen, Poly, RoundRect, circle, darker, lighter, mix, oval
from avatars.drawing.pose import FEET_Y, Limb, Pose

OBI_TINT: RGB = (214, 112, 112)

# what the legs are wearing: trousers, bare (under a dress), the clothes colour, or hidden
_LEGS = MappingProxyType({"dress": "bare", "overalls": "clothes", "yukata": "hidden"})
# long sleeves in the clothes colour, long striped sleeves, short sleeves, or wide kimono sleeves
_SLEEVES = MappingProxyType({"hoodie": "long", "sweater": "long", "cardigan": "long", "stripe": "striped",
                             "yukata": "kimono", "tshirt": "short", "overalls": "short", "dress": "puff"})


def draw_body(pen: Pen, pose: Pose, clothes: str, pal: Palette) -> None:
    _legs(pen, pose, clothes, pal)
    torso = _torso_shape(pose)
    _DRESSERS[clothes](pen, pose, torso, pal.clothes)
    _arms(pen, pose, clothes, pal)
    if clothes == "hoodie":
        _hood(pen, pose, pal.clothes)


# --- legs --------------------------------------------------------------------------------

def _legs(pen: Pen, pose: Pose, clothes: str, pal: Palette) -> None:
    kind = _LEGS.get(clothes, "trousers")
    leg = {"bare": pal.skin, "clothes": pal.clothes}.get(kind, TROUSERS)
    w = pose.spec.limb_w
    for i, limb in enumerate(pose.legs):
        far = pose.view == "side" and i == 0  # the far leg sits a little in shadow
        shoe = mix(SHOES, pal.clothes, 0.3) if kind == "hidden" else SHOES
        if kind != "hidden":
            pen.shapes(darker(leg, 0.12) if far else leg, Capsule(limb.x0, limb.y0, limb.x1, limb.y1 - 0.6, w))
        pen.shapes(darker(shoe, 0.12) if far else shoe, _shoe(pose, limb, w))


def _shoe(pose: Pose, limb: Limb, w: float) -> RoundRect:
    sole = limb.y1 + 1.6
    toe = 1.6 if pose.view == "side" else 0.4  # from the side the toe points forward (left)
    heel = 0.3 if pose.view == "side" else 0.4
    return RoundRect(limb.x1 - w * 0.5 - toe, sole - 2.5, limb.x1 + w * 0.5 + heel, sole, 1.2)


# --- torso -------------------------------------------------------------------------------

def _torso_shape(pose: Pose) -> RoundRect:
    shift = 0.4 if pose.view == "side" else 0.0
    half = pose.torso_half
    return RoundRect(pose.cx - half + shift, pose.torso_top, pose.cx + half + shift, pose.torso_bottom, half * 0.6)


def _hem(pen: Pen, t: RoundRect, colour: RGB, height: float) -> None:
    pen.shapes(colour, RoundRect(t.x0, t.y1 - height, t.x1, t.y1, min(1.0, height / 2)))


def _tshirt(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    pen.shapes(c, t)
    if pose.view == "front":  # a small pocket on the chest
        x = (t.x0 + t.x1) / 2 + pose.torso_half * 0.35
        pen.shapes(darker(c, 0.1), RoundRect(x - 1.3, t.y0 + 4.4, x + 1.3, t.y0 + 6.6, 0.5))


def _hoodie(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    pen.shapes(c, t)
    mid = (t.x0 + t.x1) / 2
    half = pose.torso_half
    if pose.view == "front":
        pen.shapes(darker(c, 0.08), RoundRect(mid - half * 0.55, t.y1 - 4.4, mid + half * 0.55, t.y1 - 0.9, 1.2))
    elif pose.view == "back":  # the hood lying on the back
        pen.shapes(darker(c, 0.14), Poly(((mid - half * 0.72, t.y0 + 0.5), (mid + half * 0.72, t.y0 + 0.5),
                                          (mid + 1.2, t.y0 + 6.6), (mid - 1.2, t.y0 + 6.6))))
    _hem(pen, t, darker(c, 0.12), 1.4)


def _sweater(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    pen.shapes(c, t)
    mid = (t.x0 + t.x1) / 2
    y = t.y0 + (t.y1 - t.y0) * 0.55
    if pose.view != "side":  # a row of knitted dots across the chest
        for dx in (-3.0, 0.0, 3.0):
            if abs(dx) < pose.torso_half - 1.5:
                pen.shapes(lighter(c, 0.45), circle(mid + dx, y, 0.8), outline=False)
    _hem(pen, t, darker(c, 0.14), 2.2)


def _stripe(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    pen.shapes(SHIRT, t)
    with pen.clipped(t):
        y = t.y0 + 3.2
        while y < t.y1:
            pen.shapes(c, RoundRect(t.x0 - 1, y, t.x1 + 1, y + 1.3, 0), outline=False)
            y += 2.6


def _cardigan(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    pen.shapes(c, t)
    mid = (t.x0 + t.x1) / 2
    if pose.view == "front":  # open at the front over a light shirt, buttons on one edge
        with pen.clipped(t):
            pen.shapes(SHIRT, Poly(((mid - 2.0, t.y0 - 1), (mid + 2.0, t.y0 - 1), (mid + 1.1, t.y1 + 1), (mid - 1.1, t.y1 + 1))))
        for i in range(2):
            pen.shapes(darker(c, 0.4), circle(mid + 1.9, t.y0 + 4.6 + i * 2.6, 0.55), outline=False)
    elif pose.view == "side":
        pen.stroke(darker(c, 0.25), [(t.x0 + 1.3, t.y0 + 3.0), (t.x0 + 1.3, t.y1 - 0.8)], 0.6)
    _hem(pen, t, darker(c, 0.12), 1.6)


def _overalls(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    pen.shapes(SHIRT, t)
    mid = (t.x0 + t.x1) / 2
    half = pose.torso_half
    top, bottom = t.y0, t.y1
    waist = RoundRect(t.x0, bottom - 2.6, t.x1, bottom, 1.0)
    if pose.view == "back":  # straps crossing on the back
        pen.shapes(c, waist)
        for sign in (-1, 1):
            pen.shapes(c, Capsule(mid + sign * (half - 1.8), top + 0.8, mid - sign * 1.2, bottom - 2.2, 1.4))
    elif pose.view == "side":
        pen.shapes(c, waist, RoundRect(t.x0, top + 3.4, mid + 0.8, bottom, 1.0))
        pen.shapes(c, Capsule(t.x0 + 1.4, top + 3.8, mid + 0.2, top + 0.6, 1.3))
    else:
        bib = half * 0.55
        pen.shapes(c, waist, RoundRect(mid - bib, top + 3.4, mid + bib, bottom, 1.0))
        for sign in (-1, 1):
            pen.shapes(c, Capsule(mid + sign * (bib - 0.7), top + 3.8, mid + sign * half * 0.62, top + 0.6, 1.3))
            pen.shapes(lighter(c, 0.5), circle(mid + sign * (bib - 0.8), top + 4.3, 0.55), outline=False)
        pen.shapes(darker(c, 0.12), RoundRect(mid - bib * 0.5, top + 5.4, mid + bib * 0.5, top + 7.6, 0.6))


def _dress(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    flare = 2.4
    back = 1.0 if pose.view == "side" else 0.0  # from the side the skirt swings backwards
    skirt = Poly(((t.x0 + 0.4, t.y1 - 3.6), (t.x1 - 0.4, t.y1 - 3.6),
                  (t.x1 + flare + back, t.y1 + 2.6), (t.x0 - flare + back * 0.3, t.y1 + 2.6)))
    pen.shapes(c, t, skirt)
    with pen.clipped(skirt):
        pen.shapes(lighter(c, 0.4), RoundRect(t.x0 - 4, t.y1 + 1.3, t.x1 + 4, t.y1 + 2.0, 0), outline=False)
    if pose.view != "side":  # a waist seam
        pen.shapes(darker(c, 0.15), RoundRect(t.x0 + 0.2, t.y1 - 4.2, t.x1 - 0.2, t.y1 - 3.2, 0.5), outline=False)


def _yukata(pen: Pen, pose: Pose, t: RoundRect, c: RGB) -> None:
    flare = 1.0 if pose.view != "side" else 0.6
    robe = Poly(((t.x0 + 0.3, t.y1 - 3), (t.x1 - 0.3, t.y1 - 3), (t.x1 + flare, FEET_Y - 1.6), (t.x0 - flare, FEET_Y - 1.6)))
    pen.shapes(c, t, robe)
    mid = (t.x0 + t.x1) / 2
    obi_y = t.y0 + (t.y1 - t.y0) * 0.55
    obi = mix(c, OBI_TINT, 0.55)
    if pose.view == "front":  # crossed collar, left over right
        pen.stroke(SHIRT, [(mid - 2.6, t.y0 + 2.4), (mid + 0.6, obi_y - 0.2)], 0.9)
        pen.stroke(darker(c, 0.35), [(mid + 2.6, t.y0 + 2.4), (mid - 0.2, obi_y - 0.6)], 0.8)
    elif pose.view == "side":
        pen.stroke(SHIRT, [(t.x0 + 1.2, t.y0 + 2.6), (t.x0 + 0.4, obi_y - 0.2)], 0.9)
    pen.shapes(obi, RoundRect(t.x0 - 0.2, obi_y, t.x1 + 0.2, obi_y + 2.6, 0.8))
    if pose.view == "back":  # the obi's bow sits on the back
        pen.shapes(obi, oval(mid - 2.0, obi_y + 1.2, 2.0, 1.5), oval(mid + 2.0, obi_y + 1.2, 2.0, 1.5))
        pen.shapes(lighter(obi, 0.2), circle(mid, obi_y + 1.3, 1.0))


_DRESSERS: Mapping[str, Callable[[Pen, Pose, RoundRect, RGB], None]] = MappingProxyType({
    "tshirt": _tshirt, "hoodie": _hoodie, "sweater": _sweater, "stripe": _stripe,
    "cardigan": _cardigan, "overalls": _overalls, "dress": _dress, "yukata": _yukata,
})


# --- arms --------------------------------------------------------------------------------

def _arms(pen: Pen, pose: Pose, clothes: str, pal: Palette) -> None:
    c = pal.clothes
    kind = _SLEEVES[clothes]
    w = pose.spec.limb_w
    for arm in pose.arms:
        hand = circle(arm.x1, arm.y1 + 0.3, w * 0.5)
        if kind == "kimono":
            x0, x1 = min(arm.x0, arm.x1), max(arm.x0, arm.x1)
            pad = 2.4 if pose.view == "side" else 2.6
            if pose.view != "side":
                x0 = x1 = arm.x0
            pen.shapes(pal.skin, hand)
            pen.shapes(c, RoundRect(x0 - pad, arm.y0 - 1.0, x1 + pad, arm.y1 + 0.2, 1.6))
        elif kind in ("long", "striped"):
            pen.shapes(pal.skin, hand)
            sleeve = Capsule(arm.x0, arm.y0, arm.x1, arm.y1 - 1.0, w)
            pen.shapes(SHIRT if kind == "striped" else c, sleeve)
            if kind == "striped":
                with pen.clipped(sleeve):
                    for dy in (1.6, 4.2):
                        pen.shapes(c, RoundRect(arm.x0 - 4, arm.y0 + dy, arm.x0 + 4, arm.y0 + dy + 1.3, 0), outline=False)
            elif clothes == "sweater":  # ribbed cuffs
                pen.shapes(darker(c, 0.14), Capsule(arm.x1, arm.y1 - 1.6, arm.x1, arm.y1 - 1.0, w))
        else:  # a bare arm with a short or puffed sleeve over the shoulder
            pen.shapes(pal.skin, Capsule(arm.x0, arm.y0, arm.x1, arm.y1, w * 0.85), hand)
            sleeve_colour = SHIRT if clothes == "overalls" else c
            if kind == "puff":
                pen.shapes(sleeve_colour, circle(arm.x0 + (arm.x1 - arm.x0) * 0.1, arm.y0 + 0.6, w * 0.75))
            else:
                t = 0.38
                pen.shapes(sleeve_colour, Capsule(arm.x0, arm.y0, arm.x0 + (arm.x1 - arm.x0) * t,
                                                  arm.y0 + (arm.y1 - arm.y0) * t, w * 1.05))


def _hood(pen: Pen, pose: Pose, c: RGB) -> None:
    """The hood around the neck, mostly hidden by the head, and its strings."""
    top = pose.torso_top
    if pose.view == "front":
        pen.shapes(darker(c, 0.14), oval(pose.cx, top + 1.6, pose.torso_half * 0.82, 2.6))
        for dx in (-1.4, 1.4):
            pen.stroke(lighter(c, 0.6), [(pose.cx + dx, top + 3.6), (pose.cx + dx * 1.1, top + 6.4)], 0.6)
    elif pose.view == "side":
        pen.shapes(darker(c, 0.14), oval(pose.cx + pose.torso_half * 0.7, top + 1.8, 3.2, 2.8))
