"""aiohttp routes: REST API, pages, static client, health."""
