"""Framework-free kernel shared by every domain package.

Nothing here imports aiohttp, socketio or aiortc, so domain code that depends only on
``server.core`` stays testable without a network.
"""
