"""The Socket.IO connection authenticates with the token in its auth payload."""
import asyncio

import pytest
import socketio


async def connect(running, auth):
    client = socketio.AsyncClient(reconnection=False)
    welcome = asyncio.get_running_loop().create_future()
    client.on("world:snapshot", lambda data: welcome.done() or welcome.set_result(data), namespace="/space")
    await client.connect(running.url, namespaces=["/space"], transports=["websocket"], auth=auth, wait_timeout=5)
    return client, await asyncio.wait_for(welcome, 5)


async def test_valid_token_connects(running):
    guest = await running.api.guest()
    client, welcome = await connect(running, {"token": guest["access_token"]})
    try:
        assert welcome["you"]["id"] == guest["account"]["id"]
        reply = await client.call("ping", {}, namespace="/space", timeout=5)
        assert reply == {"ok": True, "data": {"pong": True}}
    finally:
        await client.disconnect()


@pytest.mark.parametrize("auth", [None, {}, {"token": ""}, {"token": "forged.token.value"}, {"token": 7}, "just a string"])
async def test_connection_without_a_valid_token_is_refused(running, auth):
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(running, auth)


async def test_revoked_session_cannot_connect(running):
    guest = await running.api.guest()
    await running.api.call("POST", "/api/auth/logout", token=guest["access_token"])
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(running, {"token": guest["access_token"]})
