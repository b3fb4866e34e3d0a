"""The REST route modules hold only declarations and domain calls: the pipeline
(server/http/routing.py ApiRoute.run) authenticates, opens the one session or transaction
and answers. A handler that looks the caller up itself, or opens its own transaction, is
a second path that skips what the pipeline guarantees (the declared auth, emits after commit)."""
from __future__ import annotations

import ast
from pathlib import Path

from server.app import api_routes

HTTP = Path(__file__).resolve().parents[2] / "server" / "http"
ROUTE_MODULES = sorted(HTTP.glob("*_routes.py")) + [HTTP / "health.py"]


def _called_name(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Subscript):  # app[keys.DB_SESSIONS]()
        return ast.unparse(func.slice)
    return ""


def offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called_name(node) in ("current_principal", "optional_principal"):
            found.append(f"line {node.lineno}: looks the caller up itself ({_called_name(node)})")
        if isinstance(node, (ast.AsyncWith, ast.With)):
            for item in node.items:
                call = item.context_expr
                if not isinstance(call, ast.Call):
                    continue
                name = _called_name(call)
                if name in ("begin", "begin_nested") or "DB_SESSIONS" in name or name == "sessions":
                    found.append(f"line {node.lineno}: opens its own session or transaction ({ast.unparse(call)})")
    return found


def test_the_check_finds_the_ritual_it_forbids():
    ritual = (
        "async def h(request):\n"
        "    actor = await current_principal(request)\n"
        "    async with request.app[keys.DB_SESSIONS].begin() as db:\n"
        "        pass\n"
        "    async with request.app[keys.DB_SESSIONS]() as db:\n"
        "        pass\n"
        "    async with call.sessions() as db:\n"
        "        pass\n"
    )
    assert len(offences(ritual)) == 4
    assert offences("async def h(call):\n    return await domain(call.db, call.actor)\n") == []


def test_no_route_module_authenticates_or_opens_a_transaction_by_hand():
    assert len(ROUTE_MODULES) >= 10
    found = {path.name: offences(path.read_text()) for path in ROUTE_MODULES}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_every_route_of_the_app_runs_the_pipeline():
    """tx=None (a handler taking the bare request) is only for probes in tests."""
    assert [f"{r.method} {r.path}" for r in api_routes() if r.tx is None] == []
