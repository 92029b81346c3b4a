"""jitarray.dask on a real dask.distributed cluster: two worker processes of one thread each,
started once for this module and closed at its end.

Every array is made on the workers (``dask.array.random`` and Dask's own elementwise
functions), with uneven chunks (a chunk of length 1 among them), NaN, ``-0.0`` and repeated
values (ties).  Each result is compared, by ``assert_same`` (type, dtype, shape, bits), with
``dask.array``'s own function (``method='tree'``) and with NumPy on the computed whole array:
bit for bit where jitarray.dask promises it, within the docstring's bound for float
``'tree'`` results.

What runs, chosen so that few kernels compile on a cold cache (the module's budget is about
90 s on two cores, most of it compiling; ``compile_once`` compiles each kernel on one worker):

* reductions: all 17, with their three methods, ``keepdims``, ``ddof``, ``split_every``, on
  float64, over 1-, 2- and 3-D arrays and the axis forms None, int, negative int and tuples
  (one with a kept axis between reduced ones), and ``sum(dtype=float32)``; elsewhere the ones
  whose rules change with the dtype: ``sum`` (every representative dtype: bool, int8, int64,
  uint64, float32, complex128),
  ``mean`` (int8 through float64, float32; float32 with ``dtype=float64``), ``var``
  (complex128), ``prod`` (int64, wrapping), ``sum(dtype=int8)``;
* the sequential fold over many chunks (row after row, pairwise across chunks, float64 into
  float32 through 8192-item cast buffers), where dask's own tree differs from NumPy;
* argmax/argmin/nanargmin on float64, nanargmax on complex128, argmax on int8: every axis,
  ``keepdims``, ties and NaN; nan-forms over a chunk that is all NaN, and the all-NaN error;
* sort and argsort along every axis of float64, complex128, int8 and bool arrays;
* nonzero, flatnonzero, argwhere, where(condition) and count_nonzero on the representative
  dtypes;
* add on every supported dtype (broadcast, and with a Python int); subtract, multiply,
  divide, true_divide, sqrt and where on the representative ones;
* the input policy both ways, no kernel in the client while graphs are built, ``warmup``,
  and a worker process killed in the middle of a computation.
"""

import functools
import itertools
import os
import signal
import subprocess
import sys
import time
import warnings

import cloudpickle
import numpy as np
import pytest

import dask
import dask.array as da
from distributed import Client, LocalCluster

import jitarray
import jitarray.dask as jd
from jitarray._table import family

from _support import assert_same

# the helpers below run on the workers, which cannot import this test module
cloudpickle.register_pickle_by_value(sys.modules[__name__])

REPRESENTATIVE = [np.dtype(d) for d in ("bool", "int8", "int64", "uint64", "float32", "float64", "complex128")]
# (shape, chunks): uneven, with a chunk of length 1 along a reduced and along a kept axis
SHAPES = [
    ((1500,), ((400, 1, 700, 399),)),
    ((37, 53), ((10, 15, 12), (1, 20, 32))),
    ((6, 5, 40), ((1, 5), (2, 3), (13, 27))),
]
AXES = {1: [None, -1], 2: [None, 0, 1], 3: [None, 0, (0, 2), (1, 2)]}


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        compile_once(client)
        yield client
    finally:
        client.close()
        cluster.close()


def _run_here(builder, dtype):
    """Compute a test's graphs inside one worker, with Dask's synchronous scheduler."""
    _, graphs, arrays = builder(dtype)
    dask.compute(*arrays, *graphs, scheduler="sync")


def compile_once(client):
    """Compile the kernels the tests use once, half on each worker, before the tests run.

    On a cold cache both workers would otherwise compile every kernel at the same time (a
    reduction sends chunks to both), doubling the compile time.  Here each family and dtype
    runs its tests' own graphs on one worker (balanced by measured compile seconds), writing
    the shared Numba cache; during the tests each worker loads what the other compiled."""
    seconds = {"complex128": 9, "int8": 4, "bool": 3, "float32": 3}  # measured, cold
    jobs = [(reduction_graphs, d, seconds.get(d.name, 1.5)) for d in REPRESENTATIVE if d != np.float64]
    half = len(ALL_REDUCTIONS) // 2  # float64's, the most kernels, on both workers
    jobs += [(functools.partial(reduction_graphs, names=names), np.dtype(np.float64), 16)
             for names in (ALL_REDUCTIONS[:half], ALL_REDUCTIONS[half:])]
    jobs += [(arg_graphs, np.dtype(d), 2 * len(names)) for d, names in ARG_CASES.items()]
    jobs += [(sort_graphs, d, 2.5 if d.kind in "fc" else 0.7) for d in SORT_DTYPES]
    jobs += [(search_graphs, d, 0.5) for d in REPRESENTATIVE]
    jobs += [(elementwise_graphs, d, 1) for d in REPRESENTATIVE] + [(every_dtype_graphs, d, 0.4) for d in EVERY]
    load = dict.fromkeys(sorted(client.nthreads()), 0.0)
    futures = []
    for builder, dtype, cost in sorted(jobs, key=lambda job: -job[2]):
        worker = min(load, key=load.get)
        load[worker] += cost
        futures.append(client.submit(_run_here, builder, dtype, workers=[worker], allow_other_workers=False,
                                     pure=False))
    client.gather(futures)


# ------------------------------------------------------------------ data, made on the workers


def data(dtype, shape, chunks, seed=0):
    """NaN, -0.0 and ties among varied magnitudes (floats); the full range (integers, so
    sums wrap); made by Dask on the workers."""
    dtype = np.dtype(dtype)
    rng = da.random.default_rng(seed)
    if dtype.kind == "b":
        return rng.random(shape, chunks=chunks) < 0.4
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max, shape, dtype=dtype, chunks=chunks, endpoint=True)
        u = rng.random(shape, chunks=chunks)
        return da.where(u < 0.1, dtype.type(0), da.where(u > 0.85, dtype.type(7), x))  # zeros and ties

    def part():
        x = rng.standard_normal(shape, chunks=chunks) * 10.0 ** rng.integers(-2, 3, shape, chunks=chunks)
        u = rng.random(shape, chunks=chunks)
        x = da.where(u < 0.05, np.nan, x)
        x = da.where(u > 0.93, -0.0, x)
        return da.where((u > 0.5) & (u < 0.56), 2.5, x)

    x = part() if dtype.kind == "f" else part() + 1j * part()
    return x.astype(dtype)


def near_one(x):
    """Items near 1 (products of them neither overflow nor underflow), NaN and ties kept."""
    return (x / 50 + 1).astype(x.dtype) if x.dtype.kind in "fc" else x


# ------------------------------------------------------------------ comparisons


def same(got, want, min_max=False):
    """assert_same; ``min_max``: a zero's sign may differ (NumPy's own depends on the CPU)."""
    if min_max and isinstance(want, (np.ndarray, np.generic)) and want.dtype.kind in "fc":
        zeros = np.asarray(want == 0) & np.asarray(got == 0)
        if zeros.any():
            got, want = np.where(zeros, 0, got).astype(want.dtype), np.where(zeros, 0, want).astype(want.dtype)
            got = got[()] if np.ndim(want) == 0 else got
            want = want[()] if np.ndim(want) == 0 else want
    assert_same(got, want)


def _parts(v):
    v = np.asarray(v)
    return (v.real, v.imag) if v.dtype.kind == "c" else (v,)


def _reduce_terms(w, axis, keepdims, fn):
    with np.errstate(all="ignore"):
        return np.sum(fn(w), axis=axis, keepdims=keepdims, dtype=np.float64)


def within_bound(name, got, want, w, axis, keepdims, ddof, dtype):
    """The docstring's bound of a float 'tree' result against NumPy's."""
    assert type(got) is type(want) and got.dtype == want.dtype and np.shape(got) == np.shape(want)
    eps = np.finfo(want.dtype).eps
    nan = name.startswith("nan")
    wv = w if w.dtype.kind in "fc" else w.astype(np.float64)
    valid = ~np.isnan(wv) if nan else np.ones(w.shape, bool)
    n = np.sum(valid, axis=axis, keepdims=keepdims)
    clean = np.where(valid, wv, 0)
    with np.errstate(all="ignore"):
        if name in ("sum", "nansum"):
            bounds = [2 * n * eps * _reduce_terms(p, axis, keepdims, np.abs) for p in _parts(clean)]
        elif name in ("mean", "nanmean"):
            bounds = [2 * n * eps * _reduce_terms(p, axis, keepdims, np.abs) / n + eps * np.abs(q)
                      for p, q in zip(_parts(clean), _parts(want))]
        elif name in ("prod", "nanprod"):
            factor = 4 if want.dtype.kind == "c" else 2
            bounds = [factor * n.reshape(np.shape(want)) * eps * np.abs(want)] * len(_parts(want))
        else:  # var, std and their nan forms
            vb = 4 * n * eps * _reduce_terms(clean, axis, keepdims, lambda v: np.abs(v) ** 2) / (n - ddof)
            if name.endswith("std"):
                vb = vb / (np.asarray(got, np.float64) + np.asarray(want, np.float64)) + eps * np.asarray(want)
            bounds = [vb]
        for g, e, b in zip(_parts(got), _parts(want), bounds):
            g, e = np.asarray(g, np.float64), np.asarray(e, np.float64)
            both_nan = np.isnan(g) & np.isnan(e)
            ok = both_nan | (g == e) | (np.abs(g - e) <= b)
            over = np.broadcast_to(b, ok.shape)[~ok]
            assert ok.all(), f"{name}: |tree - NumPy| {np.abs(g - e)[~ok]} over the bound {over}"


# ------------------------------------------------------------------ reductions

ALL_REDUCTIONS = ["sum", "prod", "mean", "var", "std", "min", "max", "any", "all", "count_nonzero", "nansum",
                  "nanprod", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax"]
# every reduction on float64; elsewhere the ones whose kernels or rules differ by dtype
REDUCTIONS = {"float64": ALL_REDUCTIONS, "float32": ["sum", "mean"], "complex128": ["sum", "var"],
              "int8": ["sum", "mean"], "int64": ["sum", "prod"], "uint64": ["sum"],
              "bool": ["sum"]}
ORDER_FREE = {"min", "max", "nanmin", "nanmax", "any", "all", "count_nonzero"}
MIN_MAX = {"min", "max", "nanmin", "nanmax"}


def _reduction_cases(dtype, names=None):
    """(name, shape index, kwargs) of the reductions tried on ``dtype`` (``names``: some of them)."""
    only = names
    names = REDUCTIONS[dtype.name] if only is None else only
    cases = []
    for s, (shape, _) in enumerate(SHAPES):
        for name in names:
            for j, axis in enumerate(AXES[len(shape)]):
                kw = {"axis": axis, "keepdims": j % 2 == 1}  # each shape has keepdims on half its axis forms
                if name in ("var", "std", "nanvar", "nanstd") and j == 1:
                    kw["ddof"] = 1
                cases.append((name, s, kw))
    extra = {"float64": [("sum", 0, {"dtype": np.float32}), ("sum", 1, {"axis": 0, "split_every": 2}),
                         ("nanmean", 2, {"split_every": 3})],
             "int8": [("sum", 1, {"axis": 1, "dtype": np.int8})],
             "float32": [("mean", 2, {"axis": -1, "dtype": np.float64})]}.get(dtype.name, [])
    return cases + [case for case in extra if only is None or case[0] in only]


def _numpy(name, w, kw):
    kw = {k: v for k, v in kw.items() if k != "split_every"}
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (empty and all-NaN slices)
        return getattr(np, name)(w, **kw)


def _numpy_exact(name, dtype, kw):
    """Whether the 'tree' result equals NumPy's: order-free results."""
    if name in ORDER_FREE:
        return True
    acc = kw.get("dtype")
    if name in ("sum", "prod", "nansum", "nanprod"):
        return np.dtype(acc if acc is not None else dtype).kind in "biu"
    return False


def reduction_graphs(dtype, names=None):
    """``(plans, graphs, arrays)``: jitarray.dask's and dask's reductions of ``dtype``."""
    arrays = [data(dtype, shape, chunks, seed=s) for s, (shape, chunks) in enumerate(SHAPES)]
    plans, graphs = [], []
    for name, s, kw in _reduction_cases(dtype, names):
        x = near_one(arrays[s]) if name.endswith("prod") else arrays[s]
        for method in ("tree", "sequential", "rechunk"):
            if method != "tree" and "split_every" in kw:
                continue
            graphs.append(getattr(jd, name)(x, method=method, **kw))
            plans.append((name, s, kw, method, "jd"))
        dkw = {k: v for k, v in kw.items() if not (name == "count_nonzero" and k == "keepdims")}
        if name != "count_nonzero" or not kw.get("keepdims"):
            graphs.append(getattr(da, name)(x, **dkw))
            plans.append((name, s, kw, "tree", "da"))
    return plans, graphs, arrays


@pytest.mark.parametrize("dtype", REPRESENTATIVE, ids=[d.name for d in REPRESENTATIVE])
def test_reductions(client, dtype):
    plans, graphs, arrays = reduction_graphs(dtype)
    wholes = [near_one(a) for a in arrays]
    results = dask.compute(*arrays, *wholes, *graphs)
    whole, whole1, results = results[:3], results[3:6], results[6:]
    failures = []
    dask_of = {}
    for (name, s, kw, _method, who), r in zip(plans, results):
        if who == "da":
            dask_of[name, s, repr(kw)] = r
    for (name, s, kw, method, who), got in zip(plans, results):
        if who == "da":
            continue
        w = whole1[s] if name.endswith("prod") else whole[s]
        label = f"{name}(shape {SHAPES[s][0]}, {kw}, method={method!r})"
        try:
            want = _numpy(name, w, kw)
            if method == "tree" and (name, s, repr(kw)) in dask_of:
                same(got, dask_of[name, s, repr(kw)], name in MIN_MAX)
            if method != "tree" or _numpy_exact(name, dtype, kw):
                same(got, want, name in MIN_MAX)
            else:
                within_bound(name, got, want, w, kw.get("axis"), kw.get("keepdims", False), kw.get("ddof", 0),
                             kw.get("dtype"))
        except AssertionError as exc:
            failures.append(f"{label}: {exc}")
    assert not failures, f"{len(failures)} of {len(plans)} results differ:\n" + "\n".join(failures[:20])


def test_complex_extremes_keep_numpys_first(client):
    """Of several complex NaNs, or of equal complex values (0j, -0j), NumPy keeps the first in
    C order; with column chunks the chunks meet in another order, yet every method gives
    NumPy's, over every pair of axes and the whole array."""
    w = np.zeros((4, 6, 3), np.complex128)
    w[...] = complex(-0.0, 0.0)
    w[0, 4, 1], w[1, 0, 2], w[2, 5, 0] = complex(np.nan, 1.0), complex(np.nan, 2.0), complex(3.0, np.nan)
    w[3, 1, :] = complex(0.0, -0.0)
    x = da.from_array(w, chunks=(2, 1, 2))
    cases = list(itertools.product(["min", "max", "nanmin", "nanmax"], [None, (0, 1), (1, 2), (0, 2)],
                                   ["tree", "sequential", "rechunk"], [False, True]))
    # (one compute for all: a round trip to the cluster each took 17 s in all)
    results = dask.compute(*[getattr(jd, name)(x, axis=axis, keepdims=keepdims, method=method)
                             for name, axis, method, keepdims in cases])
    for (name, axis, method, keepdims), got in zip(cases, results):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_same(got, getattr(np, name)(w, axis=axis, keepdims=keepdims)), (name, axis, method)


def test_sequential_folds_chunk_after_chunk(client):
    """Over many chunks (one of a single item), 'sequential' equals NumPy where dask's tree
    does not: a float sum row after row, a float32 sum pairwise across chunks, and a float64
    sum into float32 through NumPy's 8192-item cast buffers."""
    x = data(np.float64, (3000, 3), ((1,) + (61,) * 49 + (10,), 3), seed=7)
    y = data(np.float32, (20000,), (5003, 1, 9000, 5996), seed=8)
    z = data(np.float64, (20000,), (5003, 1, 9000, 5996), seed=9)
    w, v, u, *got = dask.compute(x, y, z, jd.sum(x, axis=0, method="sequential"), jd.sum(y, method="sequential"),
                                 jd.sum(z, dtype=np.float32, method="sequential"),
                                 da.sum(x, axis=0), da.sum(y), da.sum(z, dtype=np.float32))
    assert_same(got[0], np.sum(w, axis=0))
    assert_same(got[1], np.sum(v))
    assert_same(got[2], np.sum(u, dtype=np.float32))
    # the data make the other orders differ, so the equalities above mean something
    assert (got[3] != got[0]).any() and got[4] != got[1] and got[5] != got[2]
    assert np.sum(u.astype(np.float32)) != got[2]  # (summed without NumPy's buffers)


# ------------------------------------------------------------------ arg reductions

ARG_CASES = {"float64": ["argmax", "argmin", "nanargmin"], "complex128": ["nanargmax"], "int8": ["argmax"]}


def arg_graphs(dtype):
    arrays = [data(dtype, shape, chunks, seed=10 + s) for s, (shape, chunks) in enumerate(SHAPES)]
    plans, graphs = [], []
    for name in ARG_CASES[np.dtype(dtype).name]:
        for s, (shape, _) in enumerate(SHAPES):
            for axis in [None] + list(range(-1, len(shape))):
                for keepdims in (False, True):
                    graphs.append(getattr(jd, name)(arrays[s], axis=axis, keepdims=keepdims,
                                                    split_every=2 if keepdims else None))
                    plans.append((name, s, axis, keepdims))
    return plans, graphs, arrays


@pytest.mark.parametrize("dtype", list(ARG_CASES))
def test_arg_reductions(client, dtype):
    plans, graphs, arrays = arg_graphs(dtype)
    results = dask.compute(*arrays, *graphs)
    whole, results = results[:3], results[3:]
    failures = []
    for (name, s, axis, keepdims), got in zip(plans, results):
        try:
            assert_same(got, getattr(np, name)(whole[s], axis=axis, keepdims=keepdims))
        except AssertionError as exc:
            failures.append(f"{name}({SHAPES[s][0]}, axis={axis}, keepdims={keepdims}): {exc}")
    assert not failures, "\n".join(failures[:20])


def test_nanarg_all_nan(client):
    """A chunk whose column is all NaN is fine (NumPy's -inf rule); an all-NaN column raises."""
    x = da.from_array(np.array([[np.nan, np.nan], [np.nan, -np.inf], [np.nan, 1.0], [np.nan, -np.inf]]),
                      chunks=(1, 2)).map_blocks(np.copy)
    got = jd.nanargmin(x[:, 1:], axis=0).compute()
    assert_same(got, np.nanargmin(x[:, 1:].compute(), axis=0))
    assert_same(jd.nanargmax(x[:2, 1], axis=0).compute(), np.nanargmax(x[:2, 1].compute()))
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        jd.nanargmax(x, axis=0).compute()
    with pytest.raises(ValueError, match="empty sequence"):
        jd.argmax(da.zeros((0, 3), chunks=1), axis=0)


# ------------------------------------------------------------------ sorting

SORT_DTYPES = [np.dtype(d) for d in ("float64", "complex128", "int8", "bool")]


def sort_graphs(dtype):
    arrays = [data(dtype, shape, chunks, seed=20 + s) for s, (shape, chunks) in enumerate(SHAPES)]
    plans, graphs = [], []
    for s, (shape, _) in enumerate(SHAPES):
        for axis in range(-1, len(shape)):
            for name in ("sort", "argsort"):
                graphs.append(getattr(jd, name)(arrays[s], axis=axis))
                plans.append((name, s, axis))
    graphs.append(jd.argsort(arrays[0].rechunk(-1), axis=None))
    plans.append(("argsort", 0, None))
    return plans, graphs, arrays


@pytest.mark.parametrize("dtype", SORT_DTYPES, ids=[d.name for d in SORT_DTYPES])
def test_sort_argsort(client, dtype):
    plans, graphs, arrays = sort_graphs(dtype)
    results = dask.compute(*arrays, *graphs)
    whole, results = results[:3], results[3:]
    for (name, s, axis), got in zip(plans, results):
        assert_same(got, getattr(np, name)(whole[s], axis=axis, kind="stable"))
    assert len(jd.sort(arrays[1], axis=0).chunks[1]) == 3  # the other axes keep their chunks
    with pytest.raises(ValueError, match="one chunk"):
        jd.sort(arrays[1], axis=None)
    with pytest.raises(ValueError, match="kind"):
        jd.sort(arrays[0], kind="bogus")


# ------------------------------------------------------------------ searching


def search_graphs(dtype):
    arrays = [data(dtype, shape, chunks, seed=30 + s) for s, (shape, chunks) in enumerate(SHAPES)]
    graphs = []
    for x in arrays:
        graphs += [jd.argwhere(x), jd.flatnonzero(x), jd.nonzero(x), jd.where(x),
                   jd.count_nonzero(x), jd.count_nonzero(x, axis=-1, keepdims=True), da.count_nonzero(x)]
    return None, graphs, arrays


def test_searching(client):
    parts = [search_graphs(d) for d in REPRESENTATIVE]
    computed = dask.compute(*[p[2] + p[1] for p in parts])
    for results in computed:
        _check_searching(results[:3], results[3:])
    assert np.isnan(jd.argwhere(parts[0][2][1]).shape[0])  # as dask's: unknown until computed
    with pytest.raises(ValueError, match="0d"):
        jd.nonzero(da.ones((), chunks=()))


def _check_searching(whole, results):
    for s in range(len(SHAPES)):
        w = whole[s]
        aw, flat, nz, wh, cnt, cnt_axis, dask_cnt = results[7 * s:7 * s + 7]
        assert_same(aw, np.argwhere(w))
        assert_same(flat, np.flatnonzero(w))
        assert_same(tuple(nz), np.nonzero(w))
        assert_same(tuple(wh), np.nonzero(w))
        assert_same(cnt, np.count_nonzero(w))
        assert_same(cnt, dask_cnt)
        assert_same(cnt_axis, np.count_nonzero(w, axis=-1, keepdims=True))


# ------------------------------------------------------------------ elementwise

EVERY = list(jitarray.SUPPORTED_DTYPES)


def every_dtype_graphs(dtype):
    x, y = data(dtype, (37, 53), SHAPES[1][1], seed=40), data(dtype, (53,), ((20, 33),), seed=41)
    return None, [jd.add(x, y), jd.add(x, 1)], [x, y]


def test_elementwise_every_dtype(client):
    """add on every supported dtype: broadcast against a differently chunked operand, and
    with a weak Python int (int8 + 1 stays int8)."""
    parts = [every_dtype_graphs(d) for d in EVERY]
    results = dask.compute(*[p[2] + p[1] for p in parts])
    failures = []
    for dtype, (w, v, added, scalar) in zip(EVERY, results):
        try:
            with np.errstate(all="ignore"):
                assert_same(added, np.add(w, v))
                assert_same(scalar, np.add(w, 1))
        except AssertionError as exc:
            failures.append(f"{dtype}: {exc}")
    assert not failures, "\n".join(failures)


def elementwise_graphs(dtype):
    x, y = data(dtype, (1500,), SHAPES[0][1], seed=42), data(dtype, (1500,), (500, 1000), seed=43)
    cond = data(np.bool_, (1500,), (300, 1200), seed=44)
    graphs = [jd.divide(x, y), jd.true_divide(x, 3), jd.sqrt(x), jd.where(cond, x, y), jd.where(cond, x, 0),
              jd.multiply(x, y)]
    if np.dtype(dtype).kind != "b":
        graphs.append(jd.subtract(x, y))
    return None, graphs, [x, y, cond]


@pytest.mark.parametrize("dtype", REPRESENTATIVE, ids=[d.name for d in REPRESENTATIVE])
def test_elementwise(client, dtype):
    _, graphs, arrays = elementwise_graphs(dtype)
    x, y, _cond = arrays
    w, v, c, *got = dask.compute(*arrays, *graphs)
    with np.errstate(all="ignore"):
        want = [np.divide(w, v), np.true_divide(w, 3), np.sqrt(w), np.where(c, w, v), np.where(c, w, 0),
                np.multiply(w, v)]
        if dtype.kind != "b":
            want.append(np.subtract(w, v))
    for g, e in zip(got, want):
        assert_same(g, e)
    if dtype.kind == "b":
        with pytest.raises(TypeError):
            jd.subtract(x, y)  # NumPy's error, raised while the graph is built
    if dtype == np.int8:
        with pytest.raises(OverflowError):
            jd.add(x, 300)


# ------------------------------------------------------------------ the boundary

CHUNKED = [f.name for fam in ("reductions", "sorting", "searching", "elementwise") for f in family(fam)]


ALIASES = {"amax": "max", "amin": "min", "true_divide": "divide"}  # the same functions under two names


@pytest.mark.parametrize("name", CHUNKED)
def test_plain_functions_refuse_dask_arrays(name):
    x = da.ones((4, 3), chunks=2)
    args = {"where": (x > 0, x, x)}.get(name, (x, x) if name in {f.name for f in family("elementwise")} and
                                         name != "sqrt" else (x,))
    canonical = ALIASES.get(name, name)
    with pytest.raises(TypeError, match=rf"call jitarray\.dask\.{canonical}\b"):
        getattr(jitarray, name)(*args)
    # and the Dask function exists, and refuses a NumPy array naming both
    fn = getattr(jd, name)
    with pytest.raises(TypeError, match=rf"jitarray\.dask\.{canonical} takes a Dask array.*jitarray\.{canonical} "):
        fn(*[np.ones((4, 3))] * len(args))


def test_import_jitarray_does_not_import_dask():
    code = "import sys, jitarray; assert 'dask' not in sys.modules and 'distributed' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_kernel_runs_in_the_client(monkeypatch):
    """Graphs are built with meta given: with every jitarray function made to fail in this
    process, every jitarray.dask function still builds its graph."""
    def refuse(*args, **kwargs):
        raise AssertionError("a jitarray kernel ran in the client")

    for name in jitarray.__all__:
        if callable(getattr(jitarray, name)):
            monkeypatch.setattr(jitarray, name, refuse)
    x = data(np.float64, (37, 53), SHAPES[1][1])
    for name in ALL_REDUCTIONS:
        for method in ("tree", "sequential", "rechunk"):
            getattr(jd, name)(x, axis=0, method=method)
    for name in ("argmax", "argmin", "nanargmax", "nanargmin", "sort", "argsort", "argwhere", "flatnonzero",
                 "nonzero", "sqrt"):
        getattr(jd, name)(x)
    jd.add(x, 1), jd.where(x > 0, x, 0), jd.var(x, method="sequential", ddof=1), jd.nanstd(x, method="sequential")


def test_chunks_run_on_one_thread(monkeypatch):
    """Dask keeps the cores busy with one chunk per thread: jitarray.dask's kernels never cut
    a chunk again into one piece per core (jitarray asks Numba's thread count only to do so)."""
    import numba

    from jitarray._kernels._common import PARALLEL_MIN_SIZE

    whole = np.random.default_rng(5).standard_normal(4 * PARALLEL_MIN_SIZE)
    x = da.from_array(whole, chunks=2 * PARALLEL_MIN_SIZE)
    asked = []
    count = numba.get_num_threads
    monkeypatch.setattr(numba, "get_num_threads", lambda: asked.append(1) or count())
    jitarray.add(whole, whole)
    assert asked, "a plain call of this size no longer asks for threads: the test checks nothing"
    asked.clear()
    got = dask.compute(jd.sum(x), jd.max(x), jd.argsort(x), jd.add(x, x), scheduler="threads")
    assert asked == []
    assert_same(got[0], da.sum(x).compute(scheduler="threads"))
    assert_same(got[1:], (np.max(whole), np.argsort(whole, kind="stable"), np.add(whole, whole)))


def test_bad_arguments():
    x = da.ones((4, 3), chunks=2)
    with pytest.raises(ValueError, match="method"):
        jd.sum(x, method="pairwise")
    with pytest.raises(np.exceptions.AxisError):
        jd.sum(x, axis=2)
    with pytest.raises(TypeError, match="tuple"):
        jd.argmax(x, axis=(0, 1))
    with pytest.raises(TypeError, match="does not support dtype object"):
        jd.sum(da.from_array(np.array([1, None], object), chunks=1))


# ------------------------------------------------------------------ the cluster


def test_warmup(client):
    """One worker compiles, the other loads every kernel from the shared cache."""
    report = jd.warmup(client, dtypes=["int64"], functions=["sum"])
    workers = sorted(client.nthreads())
    assert sorted(report) == workers
    assert all(r["seconds"] > 0 for r in report.values())
    assert [report[w]["compiled"] for w in workers[1:]] == [0] * (len(workers) - 1), report


def slow_block(block_info=None, dtype=np.float64):
    """A chunk of data from a generator seeded by the chunk's place, a little slowly, so that
    a computation lasts long enough to lose a worker in its middle."""
    info = block_info[None]
    time.sleep(0.05)
    rng = np.random.default_rng(list(info["chunk-location"]))
    x = rng.standard_normal(info["chunk-shape"])
    x[rng.random(x.shape) < 0.02] = -0.0
    return x


def test_killed_worker(client):
    """A worker process killed mid-computation: its tasks are recomputed (the data are made
    again from their seeds) and the results are the same."""
    x = da.map_blocks(slow_block, chunks=((50,) * 20, (30, 30)), dtype=np.float64,
                      meta=np.empty((0, 0)))
    graphs = [jd.sum(x, axis=0, method="sequential"), jd.sum(x, method="sequential"), jd.argmax(x, axis=0),
              jd.sort(x, axis=0)]
    reference = dask.compute(x, *graphs)
    whole = reference[0]
    assert_same(reference[1], np.sum(whole, axis=0))
    assert_same(reference[2], np.sum(whole))
    assert_same(reference[3], np.argmax(whole, axis=0))
    assert_same(reference[4], np.sort(whole, axis=0))

    pids = client.run(os.getpid)
    victim = sorted(pids)[0]
    futures = client.compute(graphs)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # kill once some work is done, and much is not
        done = client.run_on_scheduler(lambda dask_scheduler: sum(
            ts.state == "memory" for ts in dask_scheduler.tasks.values()))
        if done >= 12:
            break
        time.sleep(0.05)
    assert not all(f.done() for f in futures)
    os.kill(pids[victim], signal.SIGKILL)
    results = client.gather(futures)
    for got, want in zip(results, reference[1:]):
        assert_same(got, want)
    client.wait_for_workers(2, timeout=60)  # the nanny has started a new worker
    assert pids[victim] not in client.run(os.getpid).values()
