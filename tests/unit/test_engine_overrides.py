"""The private python-socketio/python-engineio insides that fast_events.py and lean_websocket.py
override are those of the versions they were written for; the fast path switch really switches."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from engineio.async_drivers.aiohttp import WebSocket

from server.realtime import engine_overrides
from server.realtime.fast_events import IbashoSocketServer
from server.realtime.lean_websocket import LeanWebSocket
from server.settings import Settings

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_the_installed_libraries_are_the_versions_the_overrides_were_written_for():
    mismatches = engine_overrides.version_mismatches()
    assert not mismatches, "\n".join(mismatches)


def test_every_private_attribute_the_overrides_use_still_exists():
    missing = engine_overrides.missing_attributes()
    assert not missing, "\n".join(missing)


def test_the_pins_are_the_ones_pyproject_installs():
    text = PYPROJECT.read_text()
    for name, version in engine_overrides.PINNED_VERSIONS.items():
        assert re.search(rf'"{re.escape(name)}=={re.escape(version)}"', text), (
            f"pyproject.toml must pin {name}=={version} (server/realtime/engine_overrides.py)")


def test_another_installed_version_is_named_with_what_to_do(monkeypatch):
    monkeypatch.setitem(engine_overrides.PINNED_VERSIONS, "python-engineio", "0.0.1")
    [message] = engine_overrides.version_mismatches()
    assert message.startswith("python-engineio ") and "as of 0.0.1" in message
    assert "engine_overrides.py" in message


def test_a_private_attribute_that_went_away_is_named(monkeypatch):
    monkeypatch.setitem(engine_overrides.SOCKETIO_SERVER, "_gone_in_a_new_release", "why it is used")
    assert engine_overrides.missing_attributes() == [
        "socketio.AsyncServer has no '_gone_in_a_new_release' any more (why it is used)"]


async def noop(*args):
    return None


@pytest.mark.parametrize("on", [True, False])
def test_the_switch_turns_both_the_step_short_path_and_the_lean_loop(on):
    server = IbashoSocketServer(async_mode="aiohttp", fast_path=on)
    server.add_fast_event("/space", "world:move", noop)
    assert server.eio._async["websocket"] is (LeanWebSocket if on else WebSocket)
    assert len(server._fast) == (1 if on else 0)


@pytest.mark.parametrize(("raw", "expected"), [("", True), ("on", True), ("OFF", False), (" off ", False)])
def test_ibasho_fast_path_is_on_unless_set_off(tmp_path, raw, expected):
    env = {"IBASHO_DATA_DIR": str(tmp_path), "IBASHO_SECRET": "s" * 48, "IBASHO_FAST_PATH": raw}
    assert Settings.from_env(env).fast_path is expected


def test_ibasho_fast_path_refuses_anything_but_on_or_off(tmp_path):
    env = {"IBASHO_DATA_DIR": str(tmp_path), "IBASHO_SECRET": "s" * 48, "IBASHO_FAST_PATH": "fast"}
    with pytest.raises(ValueError, match="IBASHO_FAST_PATH must be on or off"):
        Settings.from_env(env)
