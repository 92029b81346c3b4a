import tracemalloc
from functools import partial

import numba
import numpy as np
import pytest
from _support import (
    DTYPES,
    SHAPES,
    assert_matches,
    assert_same,
    by_dtype,
    layouts,
    sample,
)
from _support import both as _both
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from jitarray import sorting as ja
from jitarray._kernels._common import PARALLEL_MIN_SIZE
from jitarray._table import family

NAMES = [f.name for f in family("sorting")]


def stable(sort, *args, **kwargs):
    """The oracle ``sort`` (``np.sort`` or ``np.argsort``) called with the same arguments (so
    its exceptions are the oracle's), then its stable sort gives the values."""
    sort(*args, **kwargs)
    plain = {k: v for k, v in kwargs.items() if k not in ("kind", "stable")}
    return sort(*args, kind="stable", **plain)


both = partial(_both, oracle=stable)  # (jitarray's sorts are all stable)


def axes_of(a):
    """Every axis NumPy may accept, one out of range each side, and None."""
    ndim = max(a.ndim, 1)
    return [None, *range(-ndim - 1, ndim + 1)]


def patterns(dtype, n, seed=0):
    """Arrays of ``n`` elements that stress a stable sort: ties, runs, NaN and signed zeros."""
    rng = np.random.default_rng(seed)
    base = sample(dtype, (n,), seed)
    out = {
        "random": base,
        "few distinct": rng.choice(base[: min(n, 3)], n) if n else base,
        "sorted": np.sort(base, kind="stable"),
        "reversed": np.sort(base, kind="stable")[::-1].copy(),
        "constant": np.full(n, base[0] if n else 0, dtype),
    }
    if n > 2:
        nearly = np.sort(base, kind="stable")
        nearly[n // 2] = base[1]
        out["one out of place"] = nearly
    if dtype.kind in "fc" and n:
        z = base.copy()
        part = z.real if dtype.kind == "c" else z
        for value, share in ((-0.0, 0.4), (0.0, 0.3), (np.nan, 0.2), (-np.nan, 0.1), (np.inf, 0.05)):
            part[rng.random(n) < share] = value
        if dtype.kind == "c":
            z.imag[rng.random(n) < 0.3] = np.nan
            z.imag[rng.random(n) < 0.3] = -0.0
        out["zeros and nans"] = z
    if dtype.kind in "iu" and dtype.itemsize == 8 and n:
        # digits that are the same for every key are skipped: low, high and middle ones
        u = base.view(np.uint64)
        for label, bits in (("high 32 bits only", (u >> 32) << 32), ("low 16 bits zero", (u >> 16) << 16),
                            ("one middle byte", (u & 0xFF) << 24), ("two far bytes", (u % 7) << 40 | (u % 3))):
            out[label] = bits.astype(np.uint64).view(dtype)
    return out


# ------------------------------------------------------------- every dtype and layout


@by_dtype
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_every_dtype_layout_and_axis(dtype, shape):
    x = sample(dtype, shape, 1)
    for lx in layouts(x).values():
        for axis in axes_of(lx):
            for name in NAMES:
                assert_matches(*both(name, lx, axis=axis))


@by_dtype
@pytest.mark.parametrize("n", [0, 1, 2, 15, 16, 17, 100, 1000, 70001], ids=str)
def test_patterns(dtype, n):
    for x in patterns(dtype, n).values():
        for name in NAMES:
            assert_matches(*both(name, x))


@by_dtype
@pytest.mark.parametrize("n", [17, 1000], ids=str)
def test_patterns_in_rows(dtype, n):
    # every pattern as a row of one array (the indices written into the result's rows,
    # not left in a key buffer), along both axes
    x = np.stack(list(patterns(dtype, n).values()))
    for axis in (1, 0):
        for name in NAMES:
            assert_matches(*both(name, x, axis=axis))
            assert_matches(*both(name, x.T.copy(), axis=1 - axis))


@by_dtype
@pytest.mark.parametrize("shape,axis", [((300, 300), 1), ((300, 300), 0), ((3, 70001), 1), ((70001, 3), 0),
                                        ((2, 3, 4, 5), 2), ((40, 1, 33), 0)], ids=str)
def test_rows_and_long_rows(dtype, shape, axis, monkeypatch):
    # many rows (shared out among threads), few long rows (one after the other), and
    # strided rows (axis 0 of a C array)
    monkeypatch.setattr(ja, "_PARALLEL_FROM", PARALLEL_MIN_SIZE)  # threads for these sizes too
    x = sample(dtype, shape, 4)
    x.reshape(-1)[::7] = x.reshape(-1)[1]  # ties
    for name in NAMES:
        assert_matches(*both(name, x, axis=axis))
        assert_matches(*both(name, np.asfortranarray(x), axis=axis))


@pytest.mark.parametrize("dtype", ["float16", ">f8", ">i4", "<u2", ">c16", ">f4"])
def test_float16_and_byteswapped(dtype):
    with np.errstate(all="ignore"):
        x = sample("float64" if dtype != ">c16" else "complex128", (4, 25), 5).astype(dtype)
    for axis in (None, 0, 1):
        for name in NAMES:
            assert_matches(*both(name, x, axis=axis))
    assert ja.sort(x).dtype == x.dtype  # byte order kept, as NumPy


def test_large_flat_paths():
    rng = np.random.default_rng(7)
    n = 3 * PARALLEL_MIN_SIZE + 5
    for x in (rng.random(n), rng.integers(-2**62, 2**62, n), rng.integers(-100, 100, n).astype(np.int16),
              rng.random(n).astype(np.float32), rng.random(n) < 0.3, (rng.random(n) * 1000).astype(np.uint8)):
        for name in NAMES:
            assert_matches(*both(name, x))


def test_complex_order_matches_numpy():
    # NumPy's CFLOAT_LT: lexicographic, a NaN in either part sorts after all numbers
    parts = [-np.inf, -1.0, -0.0, 0.0, 2.0, np.inf, np.nan]
    grid = np.array([complex(r, i) for r in parts for i in parts])
    rng = np.random.default_rng(3)
    for _ in range(5):
        x = rng.permutation(np.concatenate([grid, grid]))
        for name in NAMES:
            assert_matches(*both(name, x))
            assert_matches(*both(name, x.astype(np.complex64)))


def test_zero_d_and_scalars():
    for x in (np.array(3.0), np.array(True), 5, 2.5):
        for axis in (None, 0, -1, 1, -2):
            for name in NAMES:
                assert_matches(*both(name, x, axis=axis))


def test_input_not_modified():
    for dtype in DTYPES:
        x = sample(dtype, (5, 9), 2)
        before = x.copy()
        for name in NAMES:
            getattr(ja, name)(x, axis=0)
            getattr(ja, name)(x, axis=None)
        assert_same(x, before)


# ------------------------------------------------------------------ argument checks


@pytest.mark.parametrize("kind", [None, "quicksort", "mergesort", "heapsort", "stable", "Q", "m", "HEAP", "s",
                                  "stablesort", b"q", "", "x", "fast", 1, 2.5, ["q"]], ids=repr)
def test_kind_parsed_as_numpy(kind):
    x = sample("float64", (3, 6), 1)
    for name in NAMES:
        assert_matches(*both(name, x, kind=kind))
        assert_matches(*both(name, x, axis=5, kind=kind))  # which error comes first


@pytest.mark.parametrize("stable", [None, True, False, 1, "x"], ids=repr)
@pytest.mark.parametrize("kind", [None, "q", "x"], ids=repr)
def test_stable_with_and_without_kind(stable, kind):
    x = sample("int32", (11,), 1)
    for name in NAMES:
        assert_matches(*both(name, x, kind=kind, stable=stable))


@pytest.mark.parametrize("order", [None, "a", ["a"], []], ids=repr)
def test_order_needs_fields(order):
    x = sample("float32", (2, 5), 1)
    for name in NAMES:
        assert_matches(*both(name, x, order=order))


@pytest.mark.parametrize("axis", [1.0, "0", (0,), [0]], ids=repr)
def test_bad_axis_types(axis):
    for name in NAMES:
        assert_matches(*both(name, np.ones((2, 3)), axis=axis))


@pytest.mark.parametrize("bad", [np.array(["b", "a"]), np.array([object(), object()]), {2, 1}, frozenset([1]),
                                 np.array([2, 1], "M8[s]"), np.array([2.0, 1.0], np.longdouble)],
                         ids=["str", "object", "set", "frozenset", "datetime", "longdouble"])
@pytest.mark.parametrize("name", NAMES)
def test_unsupported_inputs_raise_type_error(name, bad):
    with pytest.raises(TypeError):
        getattr(ja, name)(bad)


# ------------------------------------------------------------------- scratch memory


@pytest.mark.parametrize("shape,axis", [((300000,), -1), ((300, 1000), -1), ((1000, 300), 0), ((2, 150000), 1)],
                         ids=str)
@pytest.mark.parametrize("dtype", ["float64", "int32", "int16", "complex128"])
@pytest.mark.parametrize("name", NAMES)
def test_scratch_memory(name, dtype, shape, axis):
    # Beyond its result, a sort holds at most about one key buffer and one index buffer of
    # 8-byte items (2 x 8 bytes per element), never a copy of the whole input per axis.
    x = sample(dtype, shape, 6)
    getattr(ja, name)(x, axis=axis)  # compile outside the measurement
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = getattr(ja, name)(x, axis=axis)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    scratch = peak - result.nbytes
    assert scratch <= 2 * 8 * x.size + (1 << 20), f"{scratch / x.size:.1f} bytes of scratch per element"


# ------------------------------------------------------------------- property tests

element_dtypes = st.sampled_from(DTYPES)


@st.composite
def arrays_and_axes(draw):
    a = draw(hnp.arrays(element_dtypes, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6)))
    if draw(st.booleans()) and a.ndim >= 2:
        a = np.asfortranarray(a)
    if draw(st.booleans()) and a.size:
        a = np.repeat(a, 2, axis=-1)[..., ::2]  # strided
    axis = draw(st.one_of(st.none(), st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1)))
    return a, axis


@given(arrays_and_axes(), st.sampled_from(NAMES))
def test_property_matches_numpy_stable(a_axis, name):
    a, axis = a_axis
    assert_matches(*both(name, a, axis=axis))


@given(st.lists(st.sampled_from([0.0, -0.0, 1.0, -1.0, np.nan, np.inf, -np.inf, 5e-324]), max_size=40),
       st.sampled_from(["float64", "float32", "float16", "complex64"]))
def test_property_special_values(values, dtype):
    x = np.array(values, dtype=np.float64).astype(dtype)
    for name in NAMES:
        assert_matches(*both(name, x))


# --------------------------------------------------------------------- inside @njit


@numba.njit(cache=True)
def _sorts_in_njit(x, axis):
    return ja.argsort(x, axis=axis), ja.sort(x, axis=axis)


@by_dtype
def test_inside_njit(dtype):
    # (each call site compiles and links the row sorts: a few per dtype keep the suite fast)
    x = sample(dtype, (4, 19), 3)
    x[1] = x[2]  # ties
    for axis in (0, 1, -1, -2):
        want = (np.argsort(x, axis=axis, kind="stable"), np.sort(x, axis=axis, kind="stable"))
        assert_same(_sorts_in_njit(x, axis), want)
    with pytest.raises(np.exceptions.AxisError):
        _sorts_in_njit(x, 2)


@pytest.mark.parametrize("dtype", ["int16", "float64"])
def test_inside_njit_f_order(dtype):
    # an F-ordered array (Numba's layout 'F'): sort keeps its layout, as NumPy's sorted copy
    # does; argsort's indices are C-ordered, as NumPy's
    x = np.asfortranarray(sample(dtype, (4, 19), 3))
    for axis in (0, 1, -1, -2):
        want = (np.argsort(x, axis=axis, kind="stable"), np.sort(x, axis=axis, kind="stable"))
        got = _sorts_in_njit(x, axis)
        assert_same(got, want)
        assert [g.strides for g in got] == [w.strides for w in want]
    for axis in (2, -3):
        with pytest.raises(np.exceptions.AxisError):
            _sorts_in_njit(x, axis)


@numba.njit(cache=True)
def _sort_options_in_njit(x, kind):
    return (ja.sort(x, axis=None), ja.argsort(x, kind="quicksort"), ja.sort(x, kind=kind),
            ja.argsort(x, stable=True), ja.argsort(x, -1, "heapsort"))


def test_inside_njit_options():
    x = sample("float64", (3, 40), 8)
    got = _sort_options_in_njit(x, "mergesort")
    want = (np.sort(x, axis=None, kind="stable"), np.argsort(x, kind="stable"), np.sort(x, kind="stable"),
            np.argsort(x, kind="stable"), np.argsort(x, kind="stable"))
    assert_same(got, want)
    with pytest.raises(ValueError):
        _sort_options_in_njit(x, "x")


@numba.njit(cache=True)
def _zero_d_in_njit(x):
    return ja.argsort(x), ja.sort(x, axis=None)


@numba.njit(cache=True)
def _zero_d_sort_axis_in_njit(x):
    return ja.sort(x)


@numba.njit(cache=True)
def _bad_kind_in_njit(x):
    return ja.argsort(x, kind="q", stable=False)


def test_inside_njit_zero_d_and_errors():
    x = np.array(2.5)
    assert_same(_zero_d_in_njit(x), (np.argsort(x, kind="stable"), np.sort(x, axis=None, kind="stable")))
    with pytest.raises(np.exceptions.AxisError):
        _zero_d_sort_axis_in_njit(x)
    with pytest.raises(ValueError):  # NumPy refuses kind together with stable
        _bad_kind_in_njit(np.ones(3))
