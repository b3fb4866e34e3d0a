"""``python -m server``: serve Ibasho with settings from the environment."""
import gc

from aiohttp import web

from server import logs
from server.app import create_app
from server.db import NotMigrated
from server.logs import PrivateAccessLogger
from server.settings import Settings


GC_THRESHOLDS = (100_000, 10, 10)


async def settle_heap(_app: web.Application) -> None:
    """Put everything built at start-up (modules, the ORM, the map, the app) out of the garbage
    collector's reach, and collect far less often than Python's default (every 700 new
    objects). A full collection walks every live object with the whole process stopped: with
    hundreds of connections that is about 0.1 s, which everyone walking in the space feels as
    a stutter (it was the p99 of the space benchmark). With these thresholds a full pass comes
    every few minutes under load instead of several times a second, so cyclic garbage is still
    reclaimed. Runs after the cleanup contexts have started."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def serving_app(settings: Settings) -> web.Application:
    """The app as this process serves it: the shared composition plus process-wide tuning."""
    app = create_app(settings)
    app.on_startup.append(settle_heap)
    return app


def main() -> None:
    logs.configure()
    settings = Settings.from_env()
    app = serving_app(settings)
    try:
        web.run_app(
            app,
            host=settings.host,
            port=settings.port,
            access_log_class=PrivateAccessLogger,
            print=lambda msg: print(f"Ibasho is serving on http://{settings.host}:{settings.port}", flush=True),
        )
    except NotMigrated as exc:
        raise SystemExit(f"ibasho: {exc}") from None


if __name__ == "__main__":
    main()
