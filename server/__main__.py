"""``python -m server``: serve Ibasho with settings from the environment."""
from aiohttp import web

from server import logs
from server.app import create_app
from server.db import NotMigrated
from server.logs import PrivateAccessLogger
from server.settings import Settings


def main() -> None:
    logs.configure()
    settings = Settings.from_env()
    try:
        web.run_app(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            access_log_class=PrivateAccessLogger,
            print=lambda msg: print(f"Ibasho is serving on http://{settings.host}:{settings.port}", flush=True),
        )
    except NotMigrated as exc:
        raise SystemExit(f"ibasho: {exc}") from None


if __name__ == "__main__":
    main()
