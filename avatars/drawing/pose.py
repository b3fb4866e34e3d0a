"""Where each part of the figure sits in one frame: body proportions, view and walk step.

All numbers are in output pixels of a 48x48 frame. Side views are computed facing left;
the sheet mirrors them for the right-facing row.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

FEET_Y = 44.6  # bottom of the shoes; the ground shadow sits just below


@dataclass(frozen=True)
class BodySpec:
    head_rx: float
    head_ry: float
    torso_w: float
    torso_h: float
    leg_h: float
    limb_w: float
    ears: str | None = None  # "cat" | "bear" | "bunny"


_ROUND = BodySpec(head_rx=11.0, head_ry=10.0, torso_w=14.0, torso_h=10.5, leg_h=4.5, limb_w=4.0)

BODIES: Mapping[str, BodySpec] = MappingProxyType({
    "round": _ROUND,
    "slim": BodySpec(head_rx=10.0, head_ry=9.8, torso_w=11.0, torso_h=11.5, leg_h=5.5, limb_w=3.4),
    "tall": BodySpec(head_rx=10.0, head_ry=9.6, torso_w=12.5, torso_h=13.0, leg_h=7.0, limb_w=3.6),
    "petite": BodySpec(head_rx=10.5, head_ry=9.6, torso_w=12.0, torso_h=8.5, leg_h=3.5, limb_w=3.6),
    "sturdy": BodySpec(head_rx=11.5, head_ry=10.2, torso_w=17.0, torso_h=11.0, leg_h=5.0, limb_w=4.6),
    "cat": replace(_ROUND, ears="cat"),
    "bear": replace(_ROUND, ears="bear"),
    "bunny": replace(_ROUND, ears="bunny"),
})


@dataclass(frozen=True)
class Limb:
    x0: float  # shoulder or hip
    y0: float
    x1: float  # hand or ankle
    y1: float


@dataclass(frozen=True)
class Pose:
    view: str  # "front" | "side" | "back"
    step: int  # -1 step-left, 0 stand, +1 step-right
    spec: BodySpec
    cx: float
    hx: float  # head centre and radii
    hy: float
    rx: float
    ry: float
    torso_top: float
    torso_bottom: float
    torso_half: float  # half width as seen in this view
    arms: tuple[Limb, ...]
    legs: tuple[Limb, ...]  # side view: far leg first

    @property
    def eye_y(self) -> float:
        return self.hy + self.ry * 0.24

    @property
    def head_top(self) -> float:
        return self.hy - self.ry


def make_pose(body: str, view: str, step: int) -> Pose:
    spec = BODIES[body]
    cx = 24.0
    bob = -0.8 if step else 0.0  # a small lift on the stepping frames
    ankle_y = FEET_Y - 1.6
    leg_top = FEET_Y - 2.0 - spec.leg_h + bob
    torso_bottom = leg_top + 1.0
    torso_top = torso_bottom - spec.torso_h
    hy = torso_top - spec.head_ry + 3.2
    hip_y = torso_bottom - 1.5
    arm_top = torso_top + 2.6
    hand_y = torso_top + spec.torso_h * 0.78 + 0.5

    if view == "side":
        half = spec.torso_w * 0.36
        # far leg first so the near leg is drawn over it
        far_dx, near_dx = {-1: (2.8, -2.8), 0: (0.9, -0.6), 1: (-2.8, 2.8)}[step]
        lift = 1.2
        legs = (
            Limb(cx + 0.4, hip_y, cx + far_dx, ankle_y - (lift if step == -1 else 0.0)),
            Limb(cx - 0.4, hip_y, cx + near_dx, ankle_y - (lift if step == 1 else 0.0)),
        )
        swing = {-1: 2.6, 0: 0.4, 1: -2.6}[step]  # the near arm swings against the near leg
        arms = (Limb(cx + 0.6, arm_top, cx + 0.6 + swing, hand_y - abs(swing) * 0.25),)
        return Pose(view, step, spec, cx, cx - 0.5, hy, spec.head_rx * 0.96, spec.head_ry,
                    torso_top, torso_bottom, half, arms, legs)

    half = spec.torso_w / 2
    leg_dx = half * 0.42
    lift_left = 1.6 if step == 1 else 0.0  # the leg not carrying the weight lifts a little
    lift_right = 1.6 if step == -1 else 0.0
    legs = (
        Limb(cx - leg_dx, hip_y, cx - leg_dx - 0.2, ankle_y - lift_left),
        Limb(cx + leg_dx, hip_y, cx + leg_dx + 0.2, ankle_y - lift_right),
    )
    sway_l = -0.7 * step
    sway_r = 0.7 * step
    shoulder = half - spec.limb_w * 0.35
    arms = (
        Limb(cx - shoulder, arm_top, cx - shoulder - 1.4, hand_y + sway_l),
        Limb(cx + shoulder, arm_top, cx + shoulder + 1.4, hand_y + sway_r),
    )
    return Pose(view, step, spec, cx, cx, hy, spec.head_rx, spec.head_ry,
                torso_top, torso_bottom, half, arms, legs)
