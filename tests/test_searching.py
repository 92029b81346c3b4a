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

from jitarray import searching as ja
from jitarray._kernels._common import PARALLEL_MIN_SIZE
from jitarray._table import family

LISTS = [f.name for f in family("searching") if f.name != "where"]

both = partial(_both, mute="both")  # floating-point warnings muted in both


def sparse(dtype, shape, density, seed=0):
    """``sample`` with all but about ``density`` of the elements set to zero (``-0.0``
    for half of the float zeros)."""
    x = sample(dtype, shape, seed)
    rng = np.random.default_rng(seed + 1)
    x[rng.random(shape) >= density] = 0
    if x.dtype.kind in "fc":
        x[(rng.random(shape) < 0.5) & (x == 0)] = -0.0
    return x


# ------------------------------------------------------------- every dtype and layout


@by_dtype
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_lists_every_dtype_and_layout(dtype, shape):
    x = sparse(dtype, shape, 0.5, 1)
    for lx in layouts(x).values():
        for name in LISTS:
            assert_matches(*both(name, lx))
        assert_matches(*both("where", lx))


@by_dtype
@pytest.mark.parametrize("shape", SHAPES + [(2, 1, 3)], ids=str)
def test_count_nonzero_axes(dtype, shape):
    x = sparse(dtype, shape, 0.5, 2)
    ndim = x.ndim
    axes = [None, (), *range(-ndim - 1, ndim + 1), *[(i, j) for i in range(ndim) for j in range(ndim)],
            tuple(range(ndim))]
    for lx in layouts(x).values():
        for axis in axes:
            for keepdims in (False, True):
                assert_matches(*both("count_nonzero", lx, axis=axis, keepdims=keepdims))


@pytest.mark.parametrize("density", [0.0, 0.01, 0.2, 0.5, 1.0], ids=str)
@pytest.mark.parametrize("dtype", ["bool", "uint8", "int16", "float32", "float64", "complex64", "complex128"])
def test_long_inputs(dtype, density, monkeypatch):
    # long enough to be cut into chunks (threads are used from this size here); rows of
    # several lengths for the index rows
    monkeypatch.setattr(ja, "_PARALLEL_FROM", PARALLEL_MIN_SIZE)
    n = 3 * PARALLEL_MIN_SIZE + 13
    x = sparse(dtype, (n,), density, 3)
    for name in LISTS:
        assert_matches(*both(name, x))
    for shape in ((n // 13, 13), (7, n // 7), (3, 5, n // 15)):
        y = x[: int(np.prod(shape))].reshape(shape)
        for name in LISTS:
            assert_matches(*both(name, y))
        assert_matches(*both("count_nonzero", y, axis=-1))


def test_counts_along_contiguous_rows():
    # counts along the axis the memory runs along (the last of a C array, the first of an F
    # one) read each row whole, as a full count does; one kernel per item size
    from jitarray._kernels import searching as kernels
    for dtype, bits in (("int16", numba.uint16), ("float32", numba.uint32)):
        x = sparse(dtype, (6, 11), 0.5, 5)
        assert_matches(*both("count_nonzero", x, axis=-1))
        assert_matches(*both("count_nonzero", np.asfortranarray(x), axis=0))
        assert_matches(*both("count_nonzero", x[:, :0], axis=1))
        assert [sig for sig in kernels.count_rows.signatures if sig[0].dtype == bits]


def test_signed_zero_nan_and_complex_parts():
    for dtype in ("float16", "float32", "float64", ">f8", ">f4", "<f2"):
        x = np.array([0.0, -0.0, np.nan, -np.nan, np.inf, 5e-324 if dtype.endswith("8") else 1e-7, 1.0, 0.0] * 3,
                     dtype=dtype)
        for name in LISTS:
            assert_matches(*both(name, x))
    for dtype in ("complex64", "complex128", ">c8", ">c16"):
        x = np.array([0j, complex(-0.0, -0.0), complex(0, -0.0), complex(-0.0, 1), complex(1, -0.0),
                      complex(np.nan, 0), complex(0, np.nan), 1e-300j] * 3, dtype=dtype)
        for name in LISTS:
            assert_matches(*both(name, x))


@pytest.mark.parametrize("dtype", ["float16", ">f8", ">i4", ">u2", ">c8", ">c16", "<i8"])
def test_float16_and_byteswapped(dtype):
    with np.errstate(all="ignore"):
        x = sparse("float64" if "c" not in dtype else "complex128", (6, 11), 0.4, 4).astype(dtype)
    for lx in layouts(x).values():
        for name in LISTS:
            assert_matches(*both(name, lx))
        assert_matches(*both("count_nonzero", lx, axis=0))
        assert_matches(*both("where", lx, lx, 0))


def test_zero_d_and_scalars():
    for x in (np.array(0.0), np.array(-0.0), np.array(3), np.array(True), 5, 0, 0.0, 1j):
        for name in LISTS:
            assert_matches(*both(name, x))
        assert_matches(*both("where", x))
        for axis in (None, 0, -1, 1, (), (0,)):
            for keepdims in (False, True):
                assert_matches(*both("count_nonzero", x, axis=axis, keepdims=keepdims))


def test_nonzero_of_zero_d_raises_numpys_error():
    with pytest.raises(ValueError, match="Calling nonzero on 0d arrays is not allowed"):
        ja.nonzero(np.array(1.0))


def test_count_nonzero_returns_numpy_scalar():
    x = sample("int32", (3, 4), 1)
    got = ja.count_nonzero(x)
    assert type(got) is np.intp
    assert_same(got, np.count_nonzero(x))
    assert_same(ja.count_nonzero(x, axis=(0, 1)), np.count_nonzero(x, axis=(0, 1)))


@pytest.mark.parametrize("axis", [1.0, "0", [0], (0, 0), 3, -4], ids=repr)
def test_count_nonzero_bad_axes(axis):
    assert_matches(*both("count_nonzero", np.ones((2, 3, 4)), axis=axis))


def test_input_not_modified():
    for dtype in DTYPES:
        x = sparse(dtype, (5, 9), 0.5, 2)
        before = x.copy()
        for name in LISTS:
            getattr(ja, name)(x)
        ja.count_nonzero(x, axis=1)
        ja.where(x, x, x)
        assert_same(x, before)


# ---------------------------------------------------------------------------- where


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@by_dtype
def test_where_every_dtype_and_layout(dtype, shape):
    c = sparse("float64", shape, 0.5, 5)  # a float condition: NaN is true, -0.0 false
    x, y = sample(dtype, shape, 6), sample(dtype, shape, 7)
    for lx in layouts(x).values():
        assert_matches(*both("where", c, lx, y))
        assert_matches(*both("where", c != 0, y, lx))


def test_where_every_dtype_pair_promotes_as_numpy():
    c = np.array([True, False, True, False, True])
    for d1 in DTYPES:
        for d2 in DTYPES:
            assert_matches(*both("where", c, sample(d1, (5,), 3), sample(d2, (5,), 4)))


@by_dtype
@pytest.mark.parametrize("scalar", [0, 1, 100, 127, 300, -1, -129, 2**40, 2**63, 2**70, 2.5, -0.0, 1e300,
                                    float("nan"), 1j, True], ids=repr)
def test_where_python_scalars_are_weak(dtype, scalar):
    c = np.array([True, False, False, True])
    x = sample(dtype, (4,), 7)
    assert_matches(*both("where", c, x, scalar))
    assert_matches(*both("where", c, scalar, x))
    assert_matches(*both("where", c, scalar, scalar))


@pytest.mark.parametrize(
    "shapes", [((3, 1), (1, 4), (4,)), ((4,), (3, 4), ()), ((), (2, 3), (2, 3)), ((1,), (5,), (1,)),
               ((2, 1, 3), (4, 1), (3,)), ((0, 3), (1, 3), (3,)), ((3,), (4,), (3,))], ids=str)
def test_where_broadcasting(shapes):
    for dtype in ("int16", "float32", "complex128", "bool"):
        c = sparse("int8", shapes[0], 0.5, 1)
        x, y = sample(dtype, shapes[1], 2), sample(dtype, shapes[2], 3)
        assert_matches(*both("where", c, x, y))
        assert_matches(*both("where", c, y, x))


def test_where_scalars_and_zero_d_give_zero_d_arrays():
    for args in ((True, 1, 2), (np.array(False), 1.5, 2), (0.0, np.int8(3), np.array(4, np.int16)),
                 (np.array([True]), 1, 2), (1, np.float32(1), 2.0)):
        assert_matches(*both("where", *args))


def test_where_long_inputs(monkeypatch):
    monkeypatch.setattr(ja, "_PARALLEL_FROM", PARALLEL_MIN_SIZE)
    n = 3 * PARALLEL_MIN_SIZE + 7
    c = sparse("bool", (n,), 0.3, 1)
    for dtype in ("uint8", "float16", "float32", "float64", "complex128"):
        x, y = sample(dtype, (n,), 2), sample(dtype, (n,), 3)
        assert_matches(*both("where", c, x, y))
        assert_matches(*both("where", c, x, 0))
        assert_matches(*both("where", c, 1, y))
        assert_matches(*both("where", True, x, y))


def test_where_needs_both_or_neither():
    with pytest.raises(ValueError, match="either both or neither"):
        ja.where([True, False], [1, 2])
    assert_matches(*both("where", [[0, 1], [2, 0]]))


@pytest.mark.parametrize("bad", [np.array(["a", ""]), np.array([object(), 0]), {1, 2}, np.array([1], "M8[s]"),
                                 np.array([1.0], np.longdouble)],
                         ids=["str", "object", "set", "datetime", "longdouble"])
def test_unsupported_inputs_raise_type_error(bad):
    for name in LISTS:
        with pytest.raises(TypeError):
            getattr(ja, name)(bad)
    with pytest.raises(TypeError):
        ja.where(bad, 1, 2)
    with pytest.raises(TypeError):
        ja.where([True], bad, 2)


# ------------------------------------------------------------------- property tests

element_dtypes = st.sampled_from(DTYPES)
any_arrays = hnp.arrays(element_dtypes, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))


@given(any_arrays, st.booleans())
def test_property_lists(a, fortran):
    if fortran and a.ndim >= 2:
        a = np.asfortranarray(a)
    for name in LISTS:
        assert_matches(*both(name, a))


@given(any_arrays, st.data())
def test_property_count_nonzero_axis(a, data):
    axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim - 1, a.ndim)))
    assert_matches(*both("count_nonzero", a, axis=axis, keepdims=data.draw(st.booleans())))


@st.composite
def where_operands(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=4))
    c = draw(hnp.arrays(element_dtypes, shapes.input_shapes[0]))
    x = draw(hnp.arrays(element_dtypes, shapes.input_shapes[1]))
    y = draw(hnp.arrays(element_dtypes, shapes.input_shapes[2]))
    return c, x, y


@given(where_operands())
def test_property_where(cxy):
    assert_matches(*both("where", *cxy))


# --------------------------------------------------------------------- inside @njit


# Every call site inside @njit compiles its own implementation (a few tenths of a second
# each), so each dtype gets the two calls whose code depends on the dtype (which bits count,
# complex halves), and the rest run on a dtype of each kind.


@numba.njit(cache=True)
def _search_in_njit(x):
    return ja.nonzero(x), ja.count_nonzero(x, axis=1)


@by_dtype
def test_inside_njit(dtype):
    x = sparse(dtype, (3, 7), 0.5, 6)
    assert_same(_search_in_njit(x), (np.nonzero(x), np.count_nonzero(x, axis=1)))


@numba.njit(cache=True)
def _lists_in_njit(x):
    return ja.flatnonzero(x), ja.argwhere(x), ja.count_nonzero(x)


@pytest.mark.parametrize("dtype", ["bool", "float32", "complex128"])
def test_inside_njit_lists(dtype):
    x = sparse(dtype, (3, 7), 0.5, 6)
    got = _lists_in_njit(x)
    assert_same(got[:2], (np.flatnonzero(x), np.argwhere(x)))
    assert got[2] == np.count_nonzero(x)  # Numba returns a Python int for NumPy's intp scalar


@numba.njit(cache=True)
def _count_along_in_njit(x, axis):
    return ja.count_nonzero(x, axis=axis)


def test_count_along_inside_njit():
    # along the one axis of a 1-D array: NumPy's scalar count (Numba returns it as a Python
    # int), not a 0-d array; an axis past it raises AxisError
    x = sparse("float32", (9,), 0.5, 4)
    for axis in (0, -1):
        got = _count_along_in_njit(x, axis)
        assert type(got) is int and got == np.count_nonzero(x, axis=axis)
    for axis in (1, -2):
        with pytest.raises(np.exceptions.AxisError):
            _count_along_in_njit(x, axis)
    # along an axis of an F-ordered array of three dimensions: F-ordered counts, as NumPy's
    f = np.asfortranarray(sparse("float32", (3, 4, 5), 0.5, 5))
    for axis in (0, 1, -1):
        got, want = _count_along_in_njit(f, axis), np.count_nonzero(f, axis=axis)
        assert_same(got, want)
        assert got.strides == want.strides


@numba.njit(cache=True)
def _where_in_njit(c, x, y):
    return ja.where(c, x, y)


@pytest.mark.parametrize("dtypes", [("bool", "bool"), ("int16", "int16"), ("int8", "float32"), ("uint64", "int64"),
                                    ("complex128", "complex128")], ids=str)  # every item size
def test_inside_njit_where(dtypes):
    x, y = sample(dtypes[0], (3, 7), 1), sample(dtypes[1], (7,), 2)
    c = sparse("float64", (3, 7), 0.5, 3)
    assert_same(_where_in_njit(c, x, y), np.where(c, x, y))


def test_inside_njit_where_f_ordered():
    # arrays all F-ordered (Numba's layout 'F'): an F-ordered result, as NumPy's; beside a
    # C-ordered one, C-contiguous (here NumPy's too)
    x, y = np.asfortranarray(sample("int16", (3, 7), 1)), np.asfortranarray(sample("float32", (3, 7), 2))
    c = np.asfortranarray(sparse("float64", (3, 7), 0.5, 3))
    for args, f_ordered in (((c, x, y), True), ((c, x, 2.5), True), ((c, x, np.ascontiguousarray(y)), False)):
        got, want = _where_in_njit(*args), np.where(*args)
        assert_same(got, want)
        assert got.flags.f_contiguous == want.flags.f_contiguous == f_ordered


@numba.njit(cache=True)
def _search_options_in_njit(x, c, axis):
    return ja.count_nonzero(x, axis=axis, keepdims=True), ja.count_nonzero(x, keepdims=True), ja.where(c, x, 300)


def test_inside_njit_options():
    x = sparse("int8", (2, 3, 4), 0.5, 8)
    c = sparse("float64", (2, 3, 4), 0.5, 9)  # NaN is true, -0.0 false
    for axis in (0, 1, -1):
        want = (np.count_nonzero(x, axis=axis, keepdims=True), np.count_nonzero(x, keepdims=True),
                np.where(c, x, 300))  # a weak Python int wraps into int8
        assert_same(_search_options_in_njit(x, c, axis), want)
    with pytest.raises(np.exceptions.AxisError):
        _search_options_in_njit(x, c, 3)


@numba.njit(cache=True)
def _zero_d_nonzero_in_njit(x):
    return ja.nonzero(x)


def test_inside_njit_zero_d():
    with pytest.raises(ValueError):
        _zero_d_nonzero_in_njit(np.array(1.0))
