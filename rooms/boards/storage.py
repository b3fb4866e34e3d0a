"""Where re-encoded board images live on disk: ``<data dir>/board_images/<id>[.thumb].<ext>``.

Files are named by random id only (never by anything an uploader typed) and written
atomically, so a reader never sees half a file.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from rooms.boards.images import EXTENSIONS, ProcessedImage

IMAGE_ID = re.compile(r"^[0-9a-f]{32}$")
VARIANTS = ("full", "thumb")


class ImageStore:
    def __init__(self, root: Path):
        self.root = root

    def path(self, image_id: str, content_type: str, variant: str = "full") -> Path:
        if not IMAGE_ID.match(image_id) or variant not in VARIANTS or content_type not in EXTENSIONS:
            raise ValueError("not an image id")
        suffix = ".thumb" if variant == "thumb" else ""
        return self.root / f"{image_id}{suffix}.{EXTENSIONS[content_type]}"

    def save(self, image_id: str, image: ProcessedImage) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        try:
            for variant, encoded in (("full", image.full), ("thumb", image.thumb)):
                target = self.path(image_id, image.content_type, variant)
                self._write_atomically(target, encoded.data)
                written.append(target)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise

    def delete(self, image_id: str, content_type: str) -> None:
        for variant in VARIANTS:
            self.path(image_id, content_type, variant).unlink(missing_ok=True)

    def exists(self, image_id: str, content_type: str) -> bool:
        return self.path(image_id, content_type).is_file()

    def _write_atomically(self, target: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
