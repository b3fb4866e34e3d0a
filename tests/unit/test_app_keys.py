"""Every long-lived object on the app is stored under a key that names its type: a key typed
``Any`` (or not at all) hides what a route or namespace really gets. Keys whose class lives
in a module that imports server.keys name it as a dotted forward reference, which must
resolve to that class."""
from __future__ import annotations

import importlib
import typing

from aiohttp import web

from server import keys


def declared_type(key: web.AppKey) -> object:
    t = key._t
    if t is None:
        args = typing.get_args(getattr(key, "__orig_class__", None))
        t = args[0] if args else None
    if isinstance(t, typing.ForwardRef):
        module, _, name = t.__forward_arg__.rpartition(".")
        t = getattr(importlib.import_module(module), name)
    return t


def app_keys() -> dict[str, web.AppKey]:
    return {name: value for name, value in vars(keys).items() if isinstance(value, web.AppKey)}


def test_every_app_key_names_a_real_type():
    found = app_keys()
    assert len(found) >= 25
    untyped = {name for name, key in found.items() if declared_type(key) in (None, typing.Any)}
    assert untyped == set()
    for name, key in found.items():
        t = declared_type(key)
        assert isinstance(t, type) or typing.get_origin(t) is not None, (name, t)


def test_the_check_refuses_any_and_untyped_keys():
    assert declared_type(web.AppKey("loose", typing.Any)) is typing.Any
    assert declared_type(web.AppKey("bare")) is None


def test_forward_references_resolve_to_the_namespaces():
    from server.realtime.consult import ConsultNamespace
    from server.realtime.desk import DeskNamespace
    from server.realtime.space import SpaceNamespace

    assert declared_type(keys.SPACE_NS) is SpaceNamespace
    assert declared_type(keys.DESK_NS) is DeskNamespace
    assert declared_type(keys.CONSULT_NS) is ConsultNamespace
