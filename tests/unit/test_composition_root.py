"""One composition root: only server/app.py and server/composition.py put objects on the app.
A page, route or namespace that stored its own (board_pages.py once did; the desk and consult
namespaces built their live registries) is a second place a reader must find."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROOTS = {"server/app.py", "server/composition.py"}


def stores_on_the_app(source: str) -> list[int]:
    """Lines assigning ``<something>[keys.X] = ...``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and ast.unparse(target.slice).startswith("keys."):
                    lines.append(node.lineno)
    return lines


def test_the_check_sees_a_stored_key():
    assert stores_on_the_app("app[keys.DESK] = Desk()\nx = app[keys.DESK]\n") == [1]


def test_only_the_composition_root_stores_objects_on_the_app():
    files = [p for package in ("server", "rooms", "avatars") for p in (ROOT / package).rglob("*.py")
             if "migrations" not in p.parts]
    found = {str(p.relative_to(ROOT)): stores_on_the_app(p.read_text()) for p in files}
    offenders = {name: lines for name, lines in found.items() if lines and name not in ROOTS}
    assert offenders == {}
    assert all(found[name] for name in ROOTS)
