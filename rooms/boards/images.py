"""The image pipeline: every upload is decoded and re-encoded by Pillow, or refused.

What comes out is a new file built from pixels only: no EXIF (so no GPS), no XMP, no
comments, no colour profile (pixels are converted to sRGB first), at most ``MAX_SIDE`` px
on its longest side, plus a thumbnail. What is refused, before anything is stored:
- more than ``MAX_UPLOAD_BYTES``, or more than ``MAX_PIXELS`` once decoded (decompression
  bombs: checked from the header, before the pixels are decoded) -> IMAGE_TOO_LARGE;
- anything but JPEG, PNG or WebP, judged by its bytes, never by its name -> IMAGE_INVALID;
- truncated or corrupt files -> IMAGE_INVALID;
- polyglots: bytes after the image's own end (a ZIP, an HTML page, a motion-photo video)
  or markup such as ``<script>`` hidden anywhere inside -> IMAGE_INVALID.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from server.core.errors import DomainError, ErrorCode

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo still fits
MAX_SIDE = 1600
THUMB_SIDE = 480

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Markup a browser or interpreter would act on if the file were ever served as something else.
_MARKUP = re.compile(rb"<(?:script|html|body|iframe|svg|object|embed)[\s>/]|<\?php|<!doctype", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Encoded:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    content_type: str
    full: Encoded
    thumb: Encoded

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def invalid(reason: str) -> DomainError:
    return DomainError(ErrorCode.IMAGE_INVALID, detail={"reason": reason})


def too_large(reason: str) -> DomainError:
    limits = {"bytes": {"max_bytes": MAX_UPLOAD_BYTES}, "pixels": {"max_pixels": MAX_PIXELS}}
    return DomainError(ErrorCode.IMAGE_TOO_LARGE, detail={"reason": reason, **limits[reason]})


def sniff(data: bytes) -> str | None:
    """The format the bytes claim to be: "JPEG", "PNG", "WEBP" or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Offset just past the EOI marker, walking the segments; None if the file stops early."""
    n, i = len(data), 2
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes may precede a marker
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:  # EOI
            return i
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if i + 2 > n:
            return None
        length = int.from_bytes(data[i:i + 2], "big")
        if length < 2:
            return None
        i += length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    return None
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart marker
                    i = j + 2
                elif following == 0xFF:  # fill byte
                    i = j + 1
                else:
                    i = j
                    break
    return None


def _png_end(data: bytes) -> int | None:
    n, i = len(data), len(PNG_SIGNATURE)
    while i + 12 <= n:
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        i += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return i if i <= n else None
    return None


def _webp_end(data: bytes) -> int | None:
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size + (size & 1)  # RIFF chunks are padded to an even size
    return end if end <= len(data) else None


def image_end(data: bytes, fmt: str) -> int | None:
    """Where the image's own bytes end by its container structure (None: truncated/broken)."""
    return {"JPEG": _jpeg_end, "PNG": _png_end, "WEBP": _webp_end}[fmt](data)


def check_container(data: bytes, fmt: str) -> None:
    end = image_end(data, fmt)
    if end is None:
        raise invalid("truncated")
    if data[end:].strip(b"\x00"):  # zero padding is harmless; anything else is a second file
        raise invalid("polyglot")
    if _MARKUP.search(data):
        raise invalid("polyglot")


def _open(data: bytes, fmt: str) -> Image.Image:
    try:
        img = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError:
        raise too_large("pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise invalid("decode") from None
    if img.format not in (fmt, "MPO" if fmt == "JPEG" else fmt):
        raise invalid("type")
    if img.width < 1 or img.height < 1:
        raise invalid("decode")
    if img.width * img.height > MAX_PIXELS:
        raise too_large("pixels")
    return img


def _decode(img: Image.Image) -> Image.Image:
    """Decode the first frame fully; EXIF orientation is applied, since EXIF is dropped."""
    try:
        if img.format == "JPEG":
            img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # let libjpeg scale down while decoding
        img.load()
    except Image.DecompressionBombError:
        raise too_large("pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise invalid("decode") from None
    try:
        return ImageOps.exif_transpose(img) or img
    except Exception:  # a broken EXIF block: keep the pixels as they are  # noqa: BLE001
        return img


def _to_srgb(img: Image.Image, keep_alpha: bool) -> Image.Image:
    mode = "RGBA" if keep_alpha else "RGB"
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            out_mode = "RGBA" if keep_alpha and img.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(img, source, target, outputMode=out_mode)
            if converted is not None:
                img = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: fall back to a plain conversion
    return img.convert(mode)


def _has_alpha(img: Image.Image) -> bool:
    return img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)


def _encode(img: Image.Image, fmt: str) -> Encoded:
    out = io.BytesIO()
    if fmt == "JPEG":
        img.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "PNG":
        img.save(out, "PNG", compress_level=6)
    else:
        img.save(out, "WEBP", quality=85, method=4)
    return Encoded(out.getvalue(), img.width, img.height)


def process_image(data: bytes) -> ProcessedImage:
    """Upload bytes -> a clean, resized re-encoding and a thumbnail, or a DomainError."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large("bytes")
    fmt = sniff(data)
    if fmt is None:
        raise invalid("type")
    img = _open(data, fmt)  # header only: the pixel count is checked before decoding
    check_container(data, fmt)
    decoded = _decode(img)
    pixels = _to_srgb(decoded, keep_alpha=fmt != "JPEG" and _has_alpha(decoded))
    # A new image from the pixels alone: nothing of the original's metadata can ride along.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedImage(CONTENT_TYPES[fmt], _encode(clean, fmt), _encode(thumb, fmt))


def clean_text(raw: str, limit: int) -> str:
    """Alt text or a file name as plain single-line text. It is still escaped wherever shown;
    this only keeps control characters and line breaks out of the record."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(text.split())[:limit]


def file_name(raw: str) -> str:
    """The last part of an uploader's file name (browsers may send a whole path)."""
    return clean_text(raw.replace("\\", "/").rsplit("/", 1)[-1], 100)
