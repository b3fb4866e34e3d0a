"""The serving process moves its start-up heap out of the garbage collector's reach."""
import gc

from server.__main__ import GC_THRESHOLDS, serving_app, settle_heap
from tests.conftest import make_settings


def test_serving_app_settles_the_heap_after_start_up(tmp_path):
    app = serving_app(make_settings("sqlite+aiosqlite:///unused.db", tmp_path))
    # Last, so it runs after the cleanup contexts (database, world clock) have started.
    assert list(app.on_startup)[-1] is settle_heap


async def test_settle_heap_freezes_what_exists():
    survivors = [[i] for i in range(1000)]  # tracked containers, alive across the call
    gc.unfreeze()
    thresholds = gc.get_threshold()
    try:
        assert gc.get_freeze_count() == 0
        await settle_heap(None)
        assert gc.get_freeze_count() >= len(survivors)
        # A full collection no longer walks the frozen objects.
        walked = {id(o) for o in gc.get_objects(generation=2)}
        assert not any(id(s) in walked for s in survivors)
        assert gc.get_threshold() == GC_THRESHOLDS and GC_THRESHOLDS[0] > 100 * thresholds[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
