"""Which encodings a browser takes, and what the static tree keeps (issue 15 item 12)."""
from __future__ import annotations

import gzip

import pytest

from server.http.static_assets import Asset, StaticTree, accepts_gzip


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True), ("*", True), ("GZIP", True),
    ("", False), ("identity", False), ("br", False), ("gzip;q=0", False), ("gzip; q=0.0", False),
    ("gzip;q=nonsense", False), ("x-gzip", False),
])
def test_accepts_gzip(header, expected):
    assert accepts_gzip(header) is expected


def test_text_is_compressed_and_tiny_or_binary_files_are_not():
    text = Asset.of(b"export const calm = true;\n" * 40, "a.js")
    assert text.content_type.startswith("text/javascript") and gzip.decompress(text.gzipped) == text.body
    assert Asset.of(b"x = 1;\n", "tiny.js").gzipped is None
    assert Asset.of(bytes(range(256)) * 8, "picture.png").gzipped is None
    assert Asset.of(b"a", "a.js").etag != Asset.of(b"b", "a.js").etag


def test_the_version_follows_the_content_and_hidden_files_are_left_out(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "x.js").write_text("1")
    (tmp_path / ".x.js.swp").write_text("editor")
    tree = StaticTree(tmp_path)
    first = tree.version
    assert set(tree.assets) == {"ui/x.js"} and tree.refresh() == first
    (tmp_path / "ui" / "y.js").write_text("2")
    assert tree.refresh() != first and set(tree.assets) == {"ui/x.js", "ui/y.js"}
    (tmp_path / "ui" / "y.js").unlink()
    assert tree.refresh() == first
    assert tree.versioned('<script src="/static/main.js">') == f'<script src="/static/v/{first}/main.js">'
