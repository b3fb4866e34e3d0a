"""Turn a look into a walking sprite sheet (and a still preview), drawn entirely by code.

Sheet layout: one row per direction (DIRECTIONS), one column per walk frame (FRAMES), each
cell FRAME_SIZE x FRAME_SIZE px, transparent background. A client plays the columns
step-left, stand, step-right, stand. The same look always gives byte-identical PNGs, and
the PNG carries no metadata.
"""
from __future__ import annotations

import io
from types import MappingProxyType

from PIL import Image

from avatars.drawing.accessories import draw_headwear, draw_neckwear, hides_top_of_head
from avatars.drawing.body import draw_body
from avatars.drawing.hair import draw_hair_behind, draw_hair_on_head
from avatars.drawing.head import draw_ears, draw_face, draw_head
from avatars.drawing.palette import SHADOW, Palette
from avatars.drawing.pen import SS, Pen, oval
from avatars.drawing.pose import FEET_Y, make_pose
from avatars.parts import AvatarLook
from server.core.errors import DomainError, ErrorCode

FRAME_SIZE = 48
DIRECTIONS: tuple[str, ...] = ("down", "left", "right", "up")
FRAMES: tuple[str, ...] = ("step-left", "stand", "step-right")
# Bump when the drawing changes, so HTTP caches keyed by look digest can be told apart.
SPRITE_VERSION = 1

_VIEW = MappingProxyType({"down": "front", "left": "side", "right": "side", "up": "back"})
_STEP = MappingProxyType({"step-left": -1, "stand": 0, "step-right": 1})
MAX_PREVIEW_SCALE = 8


def render_frame(look: AvatarLook, direction: str, frame: str) -> Image.Image:
    """One frame as a FRAME_SIZE x FRAME_SIZE RGBA image."""
    return _downsample(_draw_frame(look, Palette.of(look), direction, frame))


def compose_sprite_sheet(look: AvatarLook) -> bytes:
    pal = Palette.of(look)
    big = FRAME_SIZE * SS
    sheet = Image.new("RGBA", (big * len(FRAMES), big * len(DIRECTIONS)), (0, 0, 0, 0))
    for row, direction in enumerate(DIRECTIONS):
        for col, frame in enumerate(FRAMES):
            sheet.paste(_draw_frame(look, pal, direction, frame), (col * big, row * big))
    # BOX with an exact integer factor averages each SSxSS block: no bleed between frames
    return _png(_downsample(sheet))


def compose_preview(look: AvatarLook, scale: int = 3) -> bytes:
    """The front-facing standing frame, enlarged with crisp pixels for the avatar builder."""
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_PREVIEW_SCALE:
        raise DomainError(ErrorCode.INVALID, field="scale")
    frame = render_frame(look, "down", "stand")
    return _png(frame.resize((FRAME_SIZE * scale, FRAME_SIZE * scale), Image.Resampling.NEAREST))


def _draw_frame(look: AvatarLook, pal: Palette, direction: str, frame: str) -> Image.Image:
    image = Image.new("RGBA", (FRAME_SIZE * SS, FRAME_SIZE * SS), (0, 0, 0, 0))
    pen = Pen(image)
    pose = make_pose(look.body, _VIEW[direction], _STEP[frame])
    hidden_top = hides_top_of_head(look.accessory)

    pen.fill_alpha(SHADOW, 46, oval(pose.cx, FEET_Y + 0.2, pose.torso_half + 3.0, 1.8))
    draw_hair_behind(pen, pose, look.hair, pal.hair, hidden_top)
    draw_body(pen, pose, look.clothes, pal)
    # animal ears are furred in the hair colour; the hair drawn later covers their base
    draw_ears(pen, pose, pal.skin if look.hair == "none" else pal.hair, pal)
    draw_head(pen, pose, pal)
    draw_face(pen, pose, look.eyes, pal)
    draw_neckwear(pen, pose, look.accessory)
    draw_hair_on_head(pen, pose, look.hair, pal.hair, hidden_top)
    draw_headwear(pen, pose, look.accessory)

    # Right is the mirror of left, so both sides always match.
    return image.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if direction == "right" else image


def _downsample(image: Image.Image) -> Image.Image:
    return image.resize((image.width // SS, image.height // SS), Image.Resampling.BOX)


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    # No pnginfo, exif, icc or dpi: the file holds pixels and nothing else.
    image.save(buf, format="PNG", optimize=False, compress_level=9)
    return buf.getvalue()
