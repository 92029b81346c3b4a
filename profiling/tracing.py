"""tracemalloc helpers: trace a block without stopping an outer trace, and read the traced bytes."""

import contextlib
import tracemalloc


@contextlib.contextmanager
def _tracing():
    """Trace allocations inside the block, leaving an outer trace running."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        yield
    finally:
        if started:
            tracemalloc.stop()


def _traced_now():
    return tracemalloc.get_traced_memory()[0]
