"""/api/openapi.json describes exactly the REST routes the app serves."""
import re

from server.core.errors import ErrorCode, MESSAGES

NOT_API = {"/", "/admin", "/console", "/vendor/{name}", "/api/openapi.json",
           "/boards", "/boards/{category}", "/boards/post/{post_id}", "/boards/post/{post_id}/helpful", "/console/boards", "/desk", "/consult",
           "/events", "/events.ics", "/console/moderation", "/console/reports", "/event/{occurrence_id}",
           "/surveys", "/surveys/{survey_id}"}


def served_routes(app):
    routes = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter")
        if not path or route.method in ("HEAD", "OPTIONS", "*") or path in NOT_API:
            continue
        if path.startswith("/socket.io") or path.startswith("/static"):
            continue
        routes.add((route.method.lower(), path))
    return routes


async def test_document_matches_served_routes(running):
    status, doc = await running.api.call("GET", "/api/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")
    documented = {(method, path) for path, ops in doc["paths"].items() for method in ops}
    assert documented == served_routes(running.app)
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["summary"] and op["responses"]
            for name in re.findall(r"{(\w+)}", path):
                assert any(p["name"] == name and p["in"] == "path" for p in op.get("parameters", []))
            ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                assert ref.split("/")[-1] in doc["components"]["schemas"]


async def test_every_error_code_has_both_languages():
    for code in ErrorCode:
        ja, en = MESSAGES[code]
        assert ja.strip() and en.strip()
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), code


async def test_document_states_the_auth_each_route_enforces(running):
    from server.app import api_routes

    _, doc = await running.api.call("GET", "/api/openapi.json")
    for route in api_routes():
        op = doc["paths"][route.path][route.method.lower()]
        declared = [r.value for r in route.auth] if isinstance(route.auth, tuple) else route.auth
        assert op["x-auth"] == declared, route.path
        assert ("security" in op) == (route.auth != "none"), route.path
        if route.auth not in ("none", "optional"):
            assert "401" in op["responses"], route.path


def test_no_two_body_models_share_a_schema_name():
    """OpenAPI names a body's schema after its class: two classes of one name (e.g. two
    QuestionBody) would silently replace each other's schema in the document."""
    from pydantic import BaseModel

    from server.app import api_routes

    seen: dict[str, type] = {}

    def walk(model: type[BaseModel]) -> None:
        if seen.setdefault(model.__name__, model) is not model:
            raise AssertionError(f"two body models are named {model.__name__}")
        for info in model.model_fields.values():
            for arg in getattr(info.annotation, "__args__", ()) + (info.annotation,):
                inner = getattr(arg, "__args__", ())
                for candidate in (arg, *inner):
                    if isinstance(candidate, type) and issubclass(candidate, BaseModel) and seen.get(candidate.__name__) is not candidate:
                        walk(candidate)

    for route in api_routes():
        if route.body is not None and seen.get(route.body.__name__) is not route.body:
            walk(route.body)
    assert "SurveyQuestionBody" in seen and "QuestionBody" in seen
