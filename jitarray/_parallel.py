"""How a large job is cut into chunks and run on several threads.

Kernels are serial ``@njit(nogil=True)`` functions; a large job runs one of them on each
chunk, the first chunk on the calling thread and the others on a small pool of Python
threads.  Numba's ``parallel=True`` is not used: each ``prange`` loop costs seconds to
compile for every dtype (``fold_parallel`` alone measured 10.7 s for float64), while the
serial kernel that small inputs need anyway serves large ones too.  Without Numba's
threading layer, kernels may be called from any number of Python threads at once, whatever
``NUMBA_THREADING_LAYER`` says.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numba

from ._kernels._common import PARALLEL_MIN_SIZE

_pool = [None, None]  # (pid, executor): a pool inherited through fork() has no threads
_pool_lock = threading.Lock()
_local = threading.local()  # .one_thread: True inside on_one_thread()


def chunks_for(size, least=PARALLEL_MIN_SIZE):
    """1 (stay on the calling thread) for jobs smaller than ``least`` and inside
    :func:`on_one_thread`, else one chunk per Numba thread.

    Read at every call, so ``numba.set_num_threads`` (or ``NUMBA_NUM_THREADS``) takes
    effect.
    """
    if size < least or getattr(_local, "one_thread", False):
        return 1
    return numba.get_num_threads()


def on_one_thread(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with every kernel it calls run on the calling thread alone,
    for callers that already keep every core busy with one call per thread (Dask's workers
    run one task per chunk on each of their threads)."""
    outer = getattr(_local, "one_thread", False)
    _local.one_thread = True
    try:
        return fn(*args, **kwargs)
    finally:
        _local.one_thread = outer


def bounds(n, nchunks):
    """``[(lo, hi), ...]``: ``n`` items cut into ``nchunks`` near-equal parts (the last ones
    may be empty)."""
    step = -(-n // nchunks) if nchunks else n
    return [(min(n, c * step), min(n, (c + 1) * step)) for c in range(nchunks)]


def _executor():
    pid = os.getpid()
    with _pool_lock:
        if _pool[0] != pid:
            _pool[0] = pid
            _pool[1] = ThreadPoolExecutor(max(1, numba.config.NUMBA_NUM_THREADS - 1),
                                          thread_name_prefix="jitarray")
        return _pool[1]


def run(kernel, argsets):
    """``kernel(*args)`` for each ``args`` in ``argsets``: the first on the calling thread,
    the others on jitarray's worker threads, returning the results in order.  ``kernel``
    must release the GIL (``nogil=True``)."""
    if len(argsets) == 1:
        return [kernel(*argsets[0])]
    pool = _executor()
    futures = [pool.submit(kernel, *args) for args in argsets[1:]]
    first = kernel(*argsets[0])
    return [first] + [f.result() for f in futures]


def run_flags(kernel, argsets):
    """:func:`run` for kernels that return floating-point error bits (the FPU status is per
    thread: each chunk reports its own); returns their union."""
    bits = 0
    for b in run(kernel, argsets):
        bits |= b
    return bits
