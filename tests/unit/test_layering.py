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


# The two transports meet only through server.core and the composition root (server/app.py):
# REST sends emits through app[keys.DELIVER], Socket.IO parses payloads with server.core.commands.
TRANSPORTS = {"server.http": "server/http", "server.realtime": "server/realtime"}


def imported_names(path: Path, package: str | None = None):
    """Every module a file imports, ``from server import realtime`` counted as server.realtime
    (relative imports are resolved against the file's package)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = package or ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def transport_files():
    for package, folder in TRANSPORTS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield package, path


def test_the_import_reader_sees_cross_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from server import realtime\nfrom ..realtime.events import SPACE\nimport server.realtime.hub\n")
    names = set(imported_names(probe, package="server.http"))
    assert {"server.realtime", "server.realtime.events", "server.realtime.hub"} <= names


@pytest.mark.parametrize(("package", "path"), list(transport_files()),
                         ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v)
def test_http_and_realtime_do_not_import_each_other(package, path):
    (other,) = set(TRANSPORTS) - {package}
    crossing = sorted(m for m in imported_names(path) if m == other or m.startswith(other + "."))
    assert crossing == [], f"{path.relative_to(ROOT)} imports {crossing}: go through server.core or server/app.py"
