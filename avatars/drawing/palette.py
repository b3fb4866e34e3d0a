"""Colours of one look, plus the fixed soft colours shared by every avatar."""
from __future__ import annotations

from dataclasses import dataclass

from avatars.drawing.pen import RGB, mix, rgb
from avatars.parts import AvatarLook, color_hex

EYE: RGB = (56, 42, 60)
SHIRT: RGB = (248, 242, 230)  # inner shirts, collars, stripes
TROUSERS: RGB = (112, 122, 153)
SHOES: RGB = (140, 110, 94)
TIE: RGB = (238, 146, 158)  # hair ties
BLUSH: RGB = (242, 132, 142)
SHADOW: RGB = (60, 48, 70)


@dataclass(frozen=True)
class Palette:
    skin: RGB
    hair: RGB
    clothes: RGB

    @classmethod
    def of(cls, look: AvatarLook) -> Palette:
        return cls(
            skin=rgb(color_hex("skin", look.skin)),
            hair=rgb(color_hex("hair_color", look.hair_color)),
            clothes=rgb(color_hex("clothes_color", look.clothes_color)),
        )

    @property
    def blush(self) -> RGB:
        return mix(self.skin, BLUSH, 0.38)

    @property
    def inner_ear(self) -> RGB:
        return mix(self.skin, BLUSH, 0.45)
