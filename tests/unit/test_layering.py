"""Domain packages stay free of transports: they import only server.core and libraries."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_PACKAGES = ["rooms", "avatars", "moderation", "server/core"]
FORBIDDEN = {"aiohttp", "socketio", "engineio", "aiortc", "aioice", "redis"}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def domain_files():
    for package in DOMAIN_PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_there_are_domain_files():
    assert len(list(domain_files())) > 5


@pytest.mark.parametrize("path", list(domain_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_imports_no_transport(path):
    for module in imported_modules(path):
        top = module.split(".")[0]
        assert top not in FORBIDDEN, f"{path.relative_to(ROOT)} imports {module}"
        if top == "server":
            assert module.startswith("server.core"), f"{path.relative_to(ROOT)} imports {module}"
