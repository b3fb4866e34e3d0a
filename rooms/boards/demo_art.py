"""Soft illustrations for the demo posts, drawn with Pillow (no files shipped, no borrowed art).

Drawn at twice the size and scaled down, which smooths the edges ImageDraw leaves jagged.
"""
from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFilter

W, H = 1200, 800
S = 2  # supersampling factor


def _gradient(top: tuple[int, int, int], bottom: tuple[int, int, int], size: tuple[int, int]) -> Image.Image:
    width, height = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return img


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.resize((W, H), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def sunrise() -> bytes:
    size = (W * S, H * S)
    img = _gradient((250, 214, 190), (255, 244, 214), size)
    # The glow: one warm colour through a blurred mask (blurring colour itself darkens the edge).
    mask = Image.new("L", size, 0)
    md = ImageDraw.Draw(mask)
    cx, cy = 600 * S, 560 * S
    for r, a in ((330, 60), (250, 110), (180, 160)):
        md.ellipse([cx - r * S, cy - r * S, cx + r * S, cy + r * S], fill=a)
    img.paste((255, 240, 196), (0, 0, *size), mask.filter(ImageFilter.GaussianBlur(40 * S)))
    draw = ImageDraw.Draw(img)
    draw.ellipse([cx - 110 * S, cy - 110 * S, cx + 110 * S, cy + 110 * S], fill=(255, 196, 120))
    hills = [((176, 204, 170), 560, 0.004, 40), ((140, 182, 150), 610, 0.006, 30), ((112, 160, 138), 670, 0.005, 25)]
    for colour, base, freq, amp in hills:
        points = [(x * S, (base + amp * math.sin(x * freq * 3 + base)) * S) for x in range(0, W + 20, 20)]
        draw.polygon(points + [(W * S, H * S), (0, H * S)], fill=colour)
    for bx, by in ((420, 250), (470, 225), (760, 300)):
        draw.arc([(bx - 18) * S, (by - 8) * S, bx * S, (by + 8) * S], 200, 340, fill=(120, 100, 100), width=3 * S)
        draw.arc([bx * S, (by - 8) * S, (bx + 18) * S, (by + 8) * S], 200, 340, fill=(120, 100, 100), width=3 * S)
    return _png(img)


def cup_of_tea() -> bytes:
    size = (W * S, H * S)
    img = _gradient((246, 234, 214), (236, 216, 190), size)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 560 * S, W * S, H * S], fill=(214, 180, 146))  # the table
    draw.ellipse([380 * S, 560 * S, 820 * S, 660 * S], fill=(250, 246, 238), outline=(214, 200, 184), width=3 * S)
    draw.rounded_rectangle([450 * S, 380 * S, 750 * S, 610 * S], radius=90 * S, fill=(255, 252, 246),
                           outline=(206, 190, 172), width=4 * S)
    draw.arc([700 * S, 430 * S, 810 * S, 550 * S], -90, 90, fill=(206, 190, 172), width=18 * S)
    draw.ellipse([450 * S, 350 * S, 750 * S, 420 * S], fill=(250, 246, 238), outline=(206, 190, 172), width=4 * S)
    draw.ellipse([470 * S, 360 * S, 730 * S, 410 * S], fill=(196, 140, 92))  # tea
    for lx in (520, 600, 680):  # a band of small leaves on the cup
        draw.ellipse([(lx - 14) * S, 490 * S, (lx + 14) * S, 512 * S], fill=(168, 200, 150))
    for x0 in (540, 600, 660):
        points = [((x0 + 16 * math.sin(t / 9)) * S, (330 - t * 3) * S) for t in range(0, 60)]
        draw.line(points, fill=(255, 255, 255), width=6 * S, joint="curve")
    return _png(img)


def path() -> bytes:
    size = (W * S, H * S)
    img = _gradient((206, 228, 236), (246, 240, 222), size)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 420 * S, W * S, H * S], fill=(186, 214, 160))
    draw.polygon([(0, 420 * S), (W * S, 420 * S), (W * S, 470 * S), (0, 500 * S)], fill=(172, 204, 152))
    left = [((560 + 240 * (y - 440) / 360 - 60 * math.sin((y - 440) / 70)) * S, y * S) for y in range(440, 801, 10)]
    right = [((620 + 420 * (y - 440) / 360 - 60 * math.sin((y - 440) / 70)) * S, y * S) for y in range(800, 439, -10)]
    draw.polygon(left + right, fill=(236, 214, 176))
    for tx, ty, r in ((200, 400, 90), (330, 380, 70), (930, 390, 100), (1060, 410, 80), (780, 360, 50)):
        draw.rectangle([(tx - 8) * S, ty * S, (tx + 8) * S, (ty + r) * S], fill=(150, 118, 92))
        draw.ellipse([(tx - r) * S, (ty - r) * S, (tx + r) * S, (ty + r // 2) * S], fill=(132, 178, 128))
    for fx, fy in ((150, 620), (260, 700), (980, 640), (1080, 720), (420, 560)):
        draw.ellipse([(fx - 7) * S, (fy - 7) * S, (fx + 7) * S, (fy + 7) * S], fill=(250, 220, 120))
    draw.ellipse([880 * S, 110 * S, 980 * S, 210 * S], fill=(255, 240, 200))
    return _png(img)
