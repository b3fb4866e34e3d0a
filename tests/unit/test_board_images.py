"""The image pipeline with crafted files: metadata, bombs, truncation, polyglots, non-images."""
import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from rooms.boards.images import (
    MAX_PIXELS, MAX_SIDE, MAX_UPLOAD_BYTES, THUMB_SIDE, clean_text, file_name, process_image, sniff,
)
from rooms.boards.storage import ImageStore
from server.core.errors import DomainError, ErrorCode

GPS_LAT, GPS_LON = (35.0, 39.0, 29.16), (139.0, 44.0, 28.8)
SECRETS = (b"SecretCam", b"SECRET-XMP", b"my-home-address", b"Exif", b"xmpmeta", b"SECRET-TEXT")


def photo(size=(2000, 1500), mode="RGB") -> Image.Image:
    img = Image.new(mode, size, (210, 140, 90) if mode == "RGB" else None)
    img.paste((90, 140, 210) if mode == "RGB" else 0, (0, 0, size[0] // 2, size[1] // 3))  # a marker: top-left
    return img


def exif_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: GPS_LAT, 3: "E", 4: GPS_LON}
    return exif.tobytes()


XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>SECRET-XMP</rdf:RDF></x:xmpmeta>'


def jpeg(img=None, **kwargs) -> bytes:
    out = io.BytesIO()
    (img or photo()).save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def png(img=None, **kwargs) -> bytes:
    out = io.BytesIO()
    (img or photo()).save(out, "PNG", **kwargs)
    return out.getvalue()


def webp(img=None, **kwargs) -> bytes:
    out = io.BytesIO()
    (img or photo()).save(out, "WEBP", **kwargs)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims huge dimensions: the classic decompression bomb shape."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def reopen(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def assert_clean(data: bytes) -> None:
    img = reopen(data)
    assert len(img.getexif()) == 0 and not img.getexif().get_ifd(0x8825)
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "Comment"} & set(img.info)
    for secret in SECRETS:
        assert secret not in data, secret


def refused(data: bytes) -> DomainError:
    with pytest.raises(DomainError) as caught:
        process_image(data)
    return caught.value


# --- what comes out ---------------------------------------------------------------------

def test_jpeg_with_gps_exif_xmp_and_comment_is_stripped_resized_and_turned_upright():
    data = jpeg(exif=exif_with_gps(orientation=6), xmp=XMP, comment=b"my-home-address")
    # The crafted input really carries a GPS position, XMP and a comment.
    assert reopen(data).getexif().get_ifd(0x8825)[2] == GPS_LAT
    assert b"SECRET-XMP" in data and b"my-home-address" in data
    out = process_image(data)
    assert out.content_type == "image/jpeg" and out.extension == "jpg"
    for encoded in (out.full, out.thumb):
        assert_clean(encoded.data)
    # Orientation 6 means "rotate 90°": the 2000x1500 photo becomes portrait, then fits 1600 px.
    assert (out.full.width, out.full.height) == (1200, 1600)
    assert max(out.thumb.width, out.thumb.height) == THUMB_SIDE
    full = reopen(out.full.data)
    assert full.size == (1200, 1600)
    # The blue marker that was top-left is now top-right: the rotation was applied to the pixels.
    r, g, b = full.getpixel((1150, 50))
    assert b > r


def test_png_with_text_xmp_and_exif_chunks_is_stripped_and_keeps_transparency():
    img = Image.new("RGBA", (2000, 1000), (255, 200, 150, 0))
    img.paste((40, 90, 160, 255), (0, 0, 600, 400))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "my-home-address")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Software", "SECRET-TEXT")
    data = png(img, pnginfo=info, exif=exif_with_gps())
    assert b"SECRET-XMP" in data and b"my-home-address" in data
    out = process_image(data)
    assert out.content_type == "image/png"
    assert_clean(out.full.data)
    full = reopen(out.full.data)
    assert full.mode == "RGBA" and full.size == (MAX_SIDE, 800)
    assert full.getpixel((1500, 700))[3] == 0 and full.getpixel((10, 10))[3] == 255


def test_webp_with_exif_and_xmp_is_stripped():
    data = webp(exif=exif_with_gps(), xmp=XMP)
    assert b"SECRET-XMP" in data
    out = process_image(data)
    assert out.content_type == "image/webp"
    assert_clean(out.full.data)
    assert max(out.full.width, out.full.height) == MAX_SIDE


def test_small_images_are_not_enlarged_and_cmyk_becomes_rgb():
    out = process_image(jpeg(Image.new("CMYK", (300, 200), (0, 80, 120, 0))))
    full = reopen(out.full.data)
    assert full.size == (300, 200) and full.mode == "RGB"


def test_the_file_name_never_decides_the_type():
    assert sniff(jpeg()) == "JPEG" and sniff(png()) == "PNG" and sniff(webp()) == "WEBP"
    assert process_image(png()).content_type == "image/png"


def test_an_embedded_colour_profile_is_converted_then_dropped():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = jpeg(icc_profile=profile)
    assert "icc_profile" in reopen(data).info
    out = process_image(data)
    assert "icc_profile" not in reopen(out.full.data).info


# --- what is refused --------------------------------------------------------------------

def test_more_than_ten_megabytes_is_refused_before_decoding():
    data = png() + b"\x00" * (MAX_UPLOAD_BYTES + 1)
    err = refused(data)
    assert err.code == ErrorCode.IMAGE_TOO_LARGE and err.detail["reason"] == "bytes"


@pytest.mark.parametrize("width, height", [
    (20_000, 20_000),   # beyond Pillow's own bomb limit
    (8_000, 7_000),     # within Pillow's limit, beyond ours
    (1, MAX_PIXELS + 1),
])
def test_decompression_bombs_are_refused_from_the_header(width, height):
    err = refused(png_header_only(width, height))
    assert err.code == ErrorCode.IMAGE_TOO_LARGE and err.detail["reason"] == "pixels"


def test_a_real_compressed_bomb_is_refused():
    # 9000 x 6000 white pixels compress to a few kilobytes.
    data = png(Image.new("L", (9000, 6000), 255))
    assert len(data) < 200_000
    assert refused(data).code == ErrorCode.IMAGE_TOO_LARGE


@pytest.mark.parametrize("make", [
    lambda: jpeg()[: len(jpeg()) // 2],
    lambda: jpeg()[:-2],                      # no end-of-image marker
    lambda: png()[: len(png()) // 2],
    lambda: png()[:-12],                      # no IEND chunk
    lambda: webp()[: len(webp()) // 2],
    lambda: jpeg()[:20],
], ids=["jpeg-half", "jpeg-no-eoi", "png-half", "png-no-iend", "webp-half", "jpeg-header-only"])
def test_truncated_files_are_refused(make):
    err = refused(make())
    assert err.code == ErrorCode.IMAGE_INVALID and err.detail["reason"] in ("truncated", "decode")


def test_an_intact_container_with_corrupt_pixels_is_refused():
    good = png(Image.new("RGB", (64, 64), (1, 2, 3)))
    ihdr = good[8:8 + 25]
    broken = b"\x89PNG\r\n\x1a\n" + ihdr + png_chunk(b"IDAT", b"not zlib at all") + png_chunk(b"IEND", b"")
    err = refused(broken)
    assert err.code == ErrorCode.IMAGE_INVALID and err.detail["reason"] == "decode"


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()


def _bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "BMP")
    return out.getvalue()


@pytest.mark.parametrize("data", [
    b"",
    b"hello, this is text",
    b"<html><body><script>alert(1)</script></body></html>",
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    b"PK\x03\x04" + b"\x00" * 100,
    b"RIFF\x10\x00\x00\x00WAVEfmt ",
    b"\xff\xd8",  # a JPEG signature and nothing else
    _gif(),
    _bmp(),
], ids=["empty", "text", "html", "svg", "pdf", "zip", "wav", "jpeg-stub", "gif", "bmp"])
def test_non_images_and_other_formats_are_refused(data):
    err = refused(data)
    assert err.code == ErrorCode.IMAGE_INVALID and err.detail["reason"] in ("type", "truncated", "decode")


@pytest.mark.parametrize("make", [
    lambda: jpeg() + b"PK\x03\x04" + b"\x00" * 64,                       # JPEG + ZIP (a "GIFAR"-style file)
    lambda: png() + b"<html><script>alert(1)</script></html>",          # PNG + HTML page
    lambda: webp() + b"#!/bin/sh\necho hi\n",                            # WebP + a script
    lambda: jpeg(comment=b"<script>alert(1)</script>"),                  # markup hidden in a JPEG comment
    lambda: png(pnginfo=_text_chunk("Comment", "<?php system($_GET['c']); ?>")),
    lambda: jpeg() + jpeg(),                                             # two images: a motion-photo shape
], ids=["jpeg+zip", "png+html", "webp+script", "jpeg-comment-script", "png-text-php", "jpeg+jpeg"])
def test_polyglots_are_refused(make):
    err = refused(make())
    assert err.code == ErrorCode.IMAGE_INVALID and err.detail["reason"] == "polyglot"


def _text_chunk(key: str, value: str) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


def test_zero_padding_after_the_image_is_harmless():
    assert process_image(jpeg() + b"\x00" * 32).content_type == "image/jpeg"


# --- storage and names ------------------------------------------------------------------

def test_store_writes_both_files_atomically_and_deletes_them(tmp_path):
    store = ImageStore(tmp_path / "board_images")
    out = process_image(png(Image.new("RGB", (800, 600), (10, 20, 30))))
    image_id = "0123456789abcdef0123456789abcdef"
    store.save(image_id, out)
    full, thumb = store.path(image_id, out.content_type), store.path(image_id, out.content_type, "thumb")
    assert full.read_bytes() == out.full.data and thumb.read_bytes() == out.thumb.data
    assert sorted(p.name for p in full.parent.iterdir()) == [f"{image_id}.png", f"{image_id}.thumb.png"]
    store.delete(image_id, out.content_type)
    assert list(full.parent.iterdir()) == []


@pytest.mark.parametrize("image_id, variant", [
    ("../../etc/passwd", "full"), ("0123456789ABCDEF0123456789ABCDEF", "full"), ("abc", "full"),
    ("0123456789abcdef0123456789abcdef", "../x"),
])
def test_store_paths_only_from_image_ids(tmp_path, image_id, variant):
    with pytest.raises(ValueError):
        ImageStore(tmp_path).path(image_id, "image/png", variant)


@pytest.mark.parametrize("raw, expected", [
    ("photo.png", "photo.png"),
    ("C:\\Users\\me\\Desktop\\photo.png", "photo.png"),
    ("/home/me/photo.png", "photo.png"),
    ('"><script>alert(1)</script>.png', "script>.png"),
    ("line\nbreak\r.png", "line break .png"),
    ("a" * 300, "a" * 100),
])
def test_file_names_are_reduced_to_one_plain_line(raw, expected):
    assert file_name(raw) == expected


def test_alt_text_keeps_its_words_but_loses_control_characters():
    assert clean_text("朝日の\x00絵\n\tです", 200) == "朝日の 絵 です"
    assert clean_text("<img src=x onerror=alert(1)>", 200) == "<img src=x onerror=alert(1)>"  # escaped when shown
