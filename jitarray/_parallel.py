"""How many chunks a kernel call is cut into."""

import os
import threading

import numba

# OpenMP's worker threads spin for a while after each parallel region by default.  On a
# machine whose cores are shared with other processes a spinning worker takes the core the
# calling thread needs: argmax of 1e7 float64 after a parallel call measured 13.4 ms with
# the default policy, 2.4 ms with PASSIVE (NumPy: 2.2-3.2 ms), two cores under load 2.
# The setting reaches OpenMP only if it is not running yet; a value set by the user wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from ._kernels._common import PARALLEL_MIN_SIZE

_layer = []  # the threading layer, once Numba has started it


def _thread_safe_layer():
    """False for Numba's ``workqueue`` layer, which aborts the process when two Python
    threads run parallel regions at once (it is what Numba falls back to without TBB or
    OpenMP)."""
    if not _layer:
        numba.get_num_threads()  # starts the layer, so that Numba can name it
        _layer.append(numba.threading_layer())
    return _layer[0] != "workqueue"


def chunks_for(size):
    """1 (stay on the calling thread) for small jobs, else one chunk per Numba thread.

    Read at every call, so ``numba.set_num_threads`` takes effect; never read inside a
    cached kernel, where it would defeat the cache.  Under the ``workqueue`` layer only the
    main thread runs kernels in parallel; other threads run them serially.
    """
    if size < PARALLEL_MIN_SIZE:
        return 1
    if threading.current_thread() is not threading.main_thread() and not _thread_safe_layer():
        return 1
    return numba.get_num_threads()
