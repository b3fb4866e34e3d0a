"""The OpenAPI document, built from the same ApiRoute declarations that mount the handlers."""
from __future__ import annotations

import re

from aiohttp import web

from server.core.errors import ErrorCode
from server.http.errors import STATUS
from server.http.routing import ApiRoute

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "enum": [c.value for c in ErrorCode]},
                "message": {
                    "type": "object",
                    "required": ["ja", "en"],
                    "properties": {"ja": {"type": "string"}, "en": {"type": "string"}},
                },
                "field": {"type": "string"},
                "detail": {"type": "object"},
            },
        }
    },
}

AUTH_ERRORS = {"required": ("UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED"),
               "staff": ("UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED", "FORBIDDEN"),
               "admin": ("UNAUTHENTICATED", "TOKEN_INVALID", "TOKEN_EXPIRED", "FORBIDDEN"),
               "optional": ("TOKEN_INVALID", "TOKEN_EXPIRED"),
               "none": ()}


def _operation(route: ApiRoute, schemas: dict) -> dict:
    op: dict = {"summary": route.summary, "tags": [route.tag], "operationId": route.handler.__name__ + "_" + route.method.lower()}
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
              for n in re.findall(r"{(\w+)}", route.path)]
    params += [{"name": n, "in": "query", "required": False, "schema": {"type": "string"}} for n in route.query]
    if params:
        op["parameters"] = params
    if route.body is not None:
        name = route.body.__name__
        schemas[name] = route.body.model_json_schema(ref_template="#/components/schemas/{model}")
        for sub_name, sub in schemas[name].pop("$defs", {}).items():
            schemas[sub_name] = sub
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}
    elif route.multipart:
        op["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object"}}}}
    # The auth ApiRoute enforces before the handler runs; the domain may refuse more.
    op["x-auth"] = [role.value for role in route.auth] if isinstance(route.auth, tuple) else route.auth
    if route.auth == "optional":
        op["security"] = [{}, {"bearer": []}]
    elif route.auth != "none":
        op["security"] = [{"bearer": []}]
    responses: dict = {str(route.ok_status): {"description": "Success", "content": {route.content: {}}}}
    codes = set(route.errors) | set(AUTH_ERRORS["staff" if isinstance(route.auth, tuple) else route.auth])
    if route.body is not None:
        codes |= {"INVALID", "INVALID_JSON", "BODY_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"}
    by_status: dict[int, list[str]] = {}
    for code in sorted(codes):
        by_status.setdefault(STATUS[ErrorCode(code)], []).append(code)
    for status, names in sorted(by_status.items()):
        responses[str(status)] = {
            "description": "Error: " + ", ".join(names),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    op["responses"] = responses
    return op


def build_document(routes: tuple[ApiRoute, ...], *, server_url: str) -> dict:
    schemas: dict = {"Error": ERROR_SCHEMA}
    paths: dict = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ibasho API",
            "version": "0.1.0",
            "description": "REST API of Ibasho. Real-time events use Socket.IO: see docs/PROTOCOL.md.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def openapi_handler(document: dict):
    async def openapi(request: web.Request) -> web.Response:
        return web.json_response(document)

    return openapi
