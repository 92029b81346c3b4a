"""How many chunks a kernel call is cut into."""

import numba

from ._kernels._common import PARALLEL_MIN_SIZE


def chunks_for(size):
    """1 (stay on the calling thread) for small jobs, else one chunk per Numba thread.

    Read at every call, so ``numba.set_num_threads`` takes effect; never read inside a
    cached kernel, where it would defeat the cache.
    """
    return 1 if size < PARALLEL_MIN_SIZE else numba.get_num_threads()
