"""A declared REST route: one place that both mounts the handler and describes it in OpenAPI."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable

from aiohttp import web
from pydantic import BaseModel

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    auth: str = "none"  # none | optional | required | staff | admin
    ok_status: int = 200
    errors: tuple[str, ...] = ()
    content: str = "application/json"  # what a success returns
    multipart: bool = False
    query: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


def install(app: web.Application, routes: tuple[ApiRoute, ...]) -> None:
    for route in routes:
        app.router.add_route(route.method, route.path, route.handler)
