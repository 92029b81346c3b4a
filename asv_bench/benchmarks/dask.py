"""Dask benchmarks: ``jitarray.dask`` beside ``dask.array``'s own functions, on one cluster.

10**8 items (10,000 x 10,000) in chunks of 10**7 (1,000 whole rows), made by Dask and
persisted on the workers in ``setup``, so a timing is the reduction alone.  The reference
library (asv's ``numpy`` parameter, as in every family) is here Dask's own function, which
runs NumPy on each chunk; ``asv_bench/ratios.py --family dask`` prints Dask time /
jitarray-on-Dask time.

The cluster is a ``distributed.LocalCluster`` of 2 worker processes with 1 thread each
(jitarray.dask runs a chunk's kernels on the thread that computes it, as NumPy runs Dask's
chunks), started on first use in the process and closed at its exit.  Without the ``dask``
extra installed this module lists no case (asv's environments built from ``asv.conf.json``
may not have it).
"""

import atexit

import numpy as np

from ._cases import Case, asv_classes

try:
    import dask.array as da
    from distributed import Client, LocalCluster, wait

    import jitarray.dask as jd
except ImportError:
    da = None

N = 10**8
CHUNK = 10**7
COLS = 10**4

_state = {}


def _close():
    client, cluster = _state.pop("client", None), _state.pop("cluster", None)
    if client is not None:
        client.close()
        cluster.close()


def _client():
    if "client" not in _state:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        _state["cluster"], _state["client"] = cluster, Client(cluster)
        atexit.register(_close)
    return _state["client"]


def _data(kind):
    """``(x,)``: ``N`` items of ``kind`` ('int8', 'float64', or 'sparse': float64 with 5%
    non-zero), chunks of ``CHUNK`` whole rows, persisted on the workers (kept for the process)."""

    def setup():
        key = (kind, N, CHUNK)
        if key not in _state:
            _client()
            rng = da.random.default_rng(0)
            shape, chunks = (N // COLS, COLS), (max(CHUNK // COLS, 1), COLS)
            if kind == "int8":
                x = rng.integers(-100, 100, shape, dtype=np.int8, chunks=chunks)
            elif kind == "float64":
                x = rng.standard_normal(shape, chunks=chunks)
            else:
                u = rng.random(shape, chunks=chunks)
                x = da.where(u < 0.05, u, 0.0)
            x = x.persist()
            wait(x)
            _state[key] = x
        return (_state[key],)

    return setup


def _pair(name, **kwargs):
    """``(run_ja, run_np)``: ``jitarray.dask.<name>`` and ``dask.array.<name>``, computed."""
    return (lambda x: getattr(jd, name)(x, **kwargs).compute(),
            lambda x: getattr(da, name)(x, **kwargs).compute())


CASES = [] if da is None else [
    Case("sum int8 1e8 axis=0", _data("int8"), *_pair("sum", axis=0), 1.5),
    Case("sum int8 1e8 axis=None", _data("int8"), *_pair("sum"), 1.5),
    Case("sum float64 1e8 axis=None", _data("float64"), *_pair("sum"), 1.0),
    Case("argmax float64 1e8 axis=0", _data("float64"), *_pair("argmax", axis=0), 2.5),
    Case("count_nonzero float64 1e8", _data("sparse"), *_pair("count_nonzero"), 1.5),
    Case("argwhere float64 1e8 5% non-zero", _data("sparse"), *_pair("argwhere"), 2.0),
]

asv_classes(CASES, globals())
