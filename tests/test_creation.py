from functools import partial

import numba
import numpy as np
import pytest
from _support import DTYPES, address_space_cap, assert_matches, assert_same, by_dtype, layouts, outcome, sample
from _support import both as _both
from hypothesis import given
from hypothesis import strategies as st

import jitarray as ja
from jitarray._kernels._common import PARALLEL_MIN_SIZE
from jitarray._table import family

both = partial(_both, mute="numpy")  # NumPy's floating-point warnings muted, jitarray's not

LIKE = [f.name for f in family("creation") if f.name.endswith("_like")]

SIZES = [(), 0, 1, 5, (2, 3), (0, 4), (2, 3, 4), PARALLEL_MIN_SIZE + 3]


# ------------------------------------------------------------------ zeros, ones, full


@by_dtype
@pytest.mark.parametrize("shape", SIZES, ids=str)
@pytest.mark.parametrize("order", ["C", "F"])
def test_zeros_ones_full(dtype, shape, order):
    for name, args in [("zeros", ()), ("ones", ()), ("full", (sample(dtype, (1,), 3)[0],))]:
        got, want = both(name, shape, *args, dtype=dtype, order=order)
        assert_matches(got, want)
        assert got().flags.f_contiguous == want().flags.f_contiguous


@by_dtype
def test_empty_shape_and_dtype(dtype):
    for shape in SIZES:
        got, want = ja.empty(shape, dtype), np.empty(shape, dtype)
        assert (type(got), got.dtype, got.shape) == (type(want), want.dtype, want.shape)


@pytest.mark.parametrize("value", [0, 1, -1, 127, 128, 300, -129, 2**63, 1.5, 0.0, -0.0, 2.0**15, float("nan"), 1e300,
                                   1 + 2j, True, np.int64(300), np.float32(2.5), [1, 2, 3]], ids=repr)
@pytest.mark.parametrize("dtype", DTYPES + (None, np.dtype("float16"), np.dtype(">i4")), ids=str)
def test_full_fill_value_rules(value, dtype):
    assert_matches(*both("full", (2, 3), value, dtype=dtype))


def test_ones_and_zeros_default_to_float64():
    assert_matches(*both("ones", 3))
    assert_matches(*both("zeros", (2, 2)))
    assert_matches(*both("full", 2, 7))


@pytest.mark.parametrize("shape", [-1, (2, -3), 2.5, (2, "a")], ids=str)
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_bad_shapes(name, shape):
    assert_matches(*both(name, shape))


def test_absurd_sizes_raise_memory_error():
    with address_space_cap(), pytest.raises((MemoryError, ValueError)):
        ja.ones(10**15)


@pytest.mark.parametrize("dtype", [object, "U3", "M8[s]", np.longdouble, "V8"], ids=str)
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_unsupported_dtypes_raise_type_error(name, dtype):
    with pytest.raises(TypeError, match="supported"):
        getattr(ja, name)(3, dtype=dtype)


# ----------------------------------------------------------------------- *_like


@by_dtype
@pytest.mark.parametrize("name", LIKE)
def test_like_family_keeps_dtype_shape_and_layout(name, dtype):
    for proto in layouts(sample(dtype, (3, 4), 1)).values():
        args = (proto, 5) if name == "full_like" else (proto,)
        got, want = both(name, *args)
        if name == "empty_like":
            g, w = got(), want()
            assert (g.dtype, g.shape, g.strides) == (w.dtype, w.shape, w.strides)
        else:
            assert_matches(got, want)
            assert got().strides == want().strides


@pytest.mark.parametrize("kwargs", [{"dtype": "int8"}, {"shape": (2, 5)}, {"order": "F"}, {"dtype": ">f4"},
                                    {"dtype": "complex64", "shape": 3}], ids=str)
@pytest.mark.parametrize("name", [name for name in LIKE if name != "empty_like"])
def test_like_family_options(name, kwargs):
    proto = sample("float64", (3, 4), 2)
    args = (proto, 7) if name == "full_like" else (proto,)
    assert_matches(*both(name, *args, **kwargs))


def test_like_family_accepts_lists_and_scalars():
    assert_matches(*both("ones_like", [[1, 2], [3, 4]]))
    assert_matches(*both("zeros_like", 3.5))
    assert_matches(*both("full_like", [1, 2], 300))  # int64 prototype: fits


# ------------------------------------------------------------------------- array


@pytest.mark.parametrize("obj", [[1, 2, 3], [[1, 2], [3, 4]], (1.5, 2), [1, 2.5, 3j], [True, False], 7, [],
                                 [[]], np.arange(6).reshape(2, 3)], ids=repr)
@pytest.mark.parametrize("dtype", (None,) + DTYPES, ids=str)
def test_array(obj, dtype):
    assert_matches(*both("array", obj, dtype=dtype))
    assert_matches(*both("array", obj, dtype=dtype, ndmin=3))


def test_array_overflow_rules():
    assert_matches(*both("array", [1, 2, 3, 128], np.int8))
    assert_same(ja.array([1, 2, 3, 128], np.int8, overflow="wrap"), np.array([1, 2, 3, -128], np.int8))
    assert_same(ja.array([-1, 256, 2**64 + 5], "uint8", overflow="wrap"), np.array([255, 0, 5], np.uint8))
    assert_same(ja.array([2**70 + 3, -(2**65) - 1], "int16", overflow="wrap"), np.array([3, -1], np.int16))
    with pytest.raises(ValueError):
        ja.array([1], "int8", overflow="clip")


def test_array_copy_and_order():
    a = np.arange(6.0).reshape(2, 3)
    assert ja.array(a, copy=False) is np.array(a, copy=False)
    assert not np.shares_memory(ja.array(a), a)
    assert ja.array(a, order="F").flags.f_contiguous


@pytest.mark.parametrize("bad", [{1, 2}, frozenset([1]), ["a", "b"], [object()], np.array(["x"]),
                                 [np.datetime64(1, "s")]], ids=["set", "frozenset", "str", "object", "U1", "M8"])
def test_array_unsupported_input_raises_type_error(bad):
    with pytest.raises(TypeError):
        ja.array(bad)


def test_array_ragged_input_raises_value_error():
    assert_matches(*both("array", [[1, 2], [3]]))


def test_set_message_says_list_or_tuple():
    with pytest.raises(TypeError, match="list or tuple"):
        ja.array({1, 2, 3})


# ------------------------------------------------------------------------ arange

ARANGE_CASES = [
    (5,), (0,), (-3,), (2, 10), (10, 2), (2, 10, 3), (10, 2, -3), (0, 1, 0.1), (1.5, 7.25, 0.5), (0, 5, 0.3),
    (np.int8(5),), (np.float32(0.1), 2), (0, 2**40, 2**37), (2**63 - 5, 2**63 - 1), (1 + 1j, 6), (0, 1e-300, 1e-301),
    (0, 1, float("inf")), (0, -1, float("inf")), (3, 3), (0, 5, 0), (0, float("nan")), (0, float("inf")),
    (0, 1e30, 1), (np.uint64(3), 10), (True,),
    # Python ints either side of the direct path's bound (2**61), and a length NumPy's float64
    # test rounds to 2**63, which it then casts to -2**63: an empty result
    (2**61 - 3, 2**61 - 1), (2**61 - 1, 2**61 + 2), (-(2**61) + 1, 2**61 - 1, 2**59), (-(2**62) + 1, 2**62 - 1),
]


@pytest.mark.parametrize("args", ARANGE_CASES, ids=repr)
@pytest.mark.parametrize("dtype", (None,) + DTYPES + (np.dtype("float16"), np.dtype(">i2")), ids=str)
def test_arange(args, dtype):
    # (dtype=None not passed: a call of positional Python ints alone takes a direct path)
    assert_matches(*both("arange", *args, **({} if dtype is None else {"dtype": dtype})))


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int64", "uint64", "float32", "float64", "complex64"])
def test_arange_long_wraps_and_rounds_as_numpy(dtype):
    assert_matches(*both("arange", 0, PARALLEL_MIN_SIZE * 3 + 7, dtype=dtype))
    assert_matches(*both("arange", 0.5, 1e6, 0.37, dtype=dtype))


@given(st.integers(-10**6, 10**6), st.integers(-10**6, 10**6), st.integers(-1000, 1000).filter(bool),
       st.sampled_from((None,) + DTYPES))
def test_arange_int_property(start, stop, step, dtype):
    assert_matches(*both("arange", start, stop, step, **({} if dtype is None else {"dtype": dtype})))


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)

# Steps down to 1e-3 over a span of up to 2e6 drew aranges of up to 10**9 elements (16 GB
# as complex128, held twice to compare): a worker reached 21 GB.  The step is drawn no
# smaller than span / ARANGE_MAX_LEN, so a result holds at most 2**20 elements (16 MB).
ARANGE_MAX_LEN = 2**20


@st.composite
def arange_float_args(draw):
    start, stop = draw(finite), draw(finite)
    least = max(1e-3, abs(stop - start) / ARANGE_MAX_LEN)  # at most 2e6 / 2**20 < 2
    return start, stop, draw(st.floats(least, 1e3)) * draw(st.sampled_from([1, -1]))


@given(arange_float_args(), st.sampled_from(DTYPES))
def test_arange_float_property(args, dtype):
    assert_matches(*both("arange", *args, dtype=dtype))


# ---------------------------------------------------------------------- linspace

LINSPACE_CASES = [
    (0, 1), (0, 1, 5), (1, 0, 7), (0, 10, 1), (0, 10, 0), (2.5, 2.5, 4), (0, 1e-310, 5), (-1, 1, 2**16 + 3),
    (np.float32(0), 1, 9), (0, np.float32(3), 4), (1j, 5 + 2j, 6), ([0, 1], [1, 3], 4), ([[0], [1]], [2, 4, 8], 3),
    (0, float("inf"), 4), (np.int8(3), 100, 5), (0, 5, -1), (0.1, 0.9, 3), (np.float16(0), 1, 5),
]


@pytest.mark.parametrize("args", LINSPACE_CASES, ids=repr)
@pytest.mark.parametrize("endpoint", [True, False])
@pytest.mark.parametrize("retstep", [False, True])
def test_linspace(args, endpoint, retstep):
    # (an infinite endpoint's floating-point warnings: test_fperr.py)
    assert_matches(*both("linspace", *args, endpoint=endpoint, retstep=retstep, mute="both"))


@pytest.mark.parametrize("dtype", (None,) + DTYPES + (np.dtype("float16"),), ids=str)
def test_linspace_dtype(dtype):
    assert_matches(*both("linspace", -3.5, 40.25, 17, dtype=dtype))
    assert_matches(*both("linspace", [0, -2], [5, 9], 5, dtype=dtype, axis=1))


@given(finite, finite, st.integers(0, 300), st.booleans(), st.sampled_from([None, "float32", "int32", "complex64"]))
def test_linspace_property(start, stop, num, endpoint, dtype):
    assert_matches(*both("linspace", start, stop, num, endpoint=endpoint, dtype=dtype))


# -------------------------------------------------------------------- eye, identity


@pytest.mark.parametrize("args", [(0,), (1,), (4,), (3, 5), (5, 3), (4, 4, 1), (4, 4, -2), (3, 5, 4), (3, 5, 5),
                                  (3, 5, -3), (3, None, 1)], ids=repr)
@pytest.mark.parametrize("order", ["C", "F"])
def test_eye(args, order):
    for dtype in DTYPES + (np.dtype("float16"), np.dtype(">f8")):
        assert_matches(*both("eye", *args, dtype=dtype, order=order))


@by_dtype
def test_identity(dtype):
    for n in (0, 1, 5):
        assert_matches(*both("identity", n, dtype=dtype))
    assert_matches(*both("identity", 3))


@pytest.mark.parametrize("args", [(-1,), (2.5,), (3, 2.5), (3, 3, 1.5)], ids=repr)
def test_eye_bad_arguments(args):
    assert_matches(*both("eye", *args))


# ----------------------------------------------------------------- inside @njit


@numba.njit(cache=True)
def _fill_family_in_njit(like, value):
    return (
        ja.zeros((2, 3), like.dtype),
        ja.ones((2, 3), like.dtype),
        ja.full((2, 3), value),
        ja.zeros_like(like),
        ja.ones_like(like),
        ja.full_like(like, value),
        ja.empty_like(like).shape,
        ja.empty(4, like.dtype).shape,
        ja.eye(3, 4, 1, like.dtype),
        ja.identity(3, like.dtype),
        ja.array(like, like.dtype),
    )


@by_dtype
def test_inside_njit_fill_family(dtype):
    like = sample(dtype, (2, 3), 4)
    value = like[0, 0]
    got = _fill_family_in_njit(like, value)
    want = (np.zeros((2, 3), dtype), np.ones((2, 3), dtype), np.full((2, 3), value), np.zeros_like(like),
            np.ones_like(like), np.full_like(like, value), like.shape, (4,), np.eye(3, 4, 1, dtype),
            np.identity(3, dtype), np.array(like, dtype))
    assert_same(got, want)


@numba.njit(cache=True)
def _likes_in_njit(like):
    return (ja.zeros_like(like), ja.ones_like(like, order="A"), ja.full_like(like, 7, np.int8), ja.empty_like(like),
            ja.zeros_like(like, order="C"))


@pytest.mark.parametrize("layout", ["C", "F"])
def test_inside_njit_likes_keep_layout(layout):
    # 'K' and 'A' keep an F-ordered prototype's layout (Numba's layout 'F'), as NumPy does
    like = sample("int16", (3, 5), 2)
    like = np.asfortranarray(like) if layout == "F" else like
    got = _likes_in_njit(like)
    want = (np.zeros_like(like), np.ones_like(like, order="A"), np.full_like(like, 7, np.int8), np.empty_like(like),
            np.zeros_like(like, order="C"))
    assert_same(got[:3] + got[4:], want[:3] + want[4:])
    assert [g.strides for g in got] == [w.strides for w in want]


@numba.njit(cache=True)
def _arange_in_njit(n):
    return (ja.arange(n), ja.arange(2, n, 3), ja.arange(0.5, n, 0.25), ja.arange(n, dtype=np.uint8),
            ja.arange(0, n, 1, np.float32), ja.arange(n, 0, -2, np.int16))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 300])
def test_inside_njit_arange(n):
    want = (np.arange(n), np.arange(2, n, 3), np.arange(0.5, n, 0.25), np.arange(n, dtype=np.uint8),
            np.arange(0, n, 1, np.float32), np.arange(n, 0, -2, np.int16))
    assert_same(_arange_in_njit(n), want)


@numba.njit(cache=True)
def _linspace_in_njit(a, b, n):
    return (ja.linspace(a, b, n), ja.linspace(a, b, n, endpoint=False), ja.linspace(a, b, n, dtype=np.int32),
            ja.linspace(np.float32(a), b, n), ja.linspace(a, b, n, retstep=True)[1])


@pytest.mark.parametrize("args", [(0.0, 1.0, 5), (-3.5, 40.25, 17), (2.0, 2.0, 4), (0.0, 1.0, 1), (0.0, 1.0, 0)],
                         ids=repr)
def test_inside_njit_linspace(args):
    a, b, n = args
    got = _linspace_in_njit(a, b, n)
    want = (np.linspace(a, b, n), np.linspace(a, b, n, endpoint=False), np.linspace(a, b, n, dtype=np.int32),
            np.linspace(np.float32(a), b, n), np.linspace(a, b, n, retstep=True)[1])
    assert_same(got[:4], want[:4])
    assert_same(np.float64(got[4]), np.float64(want[4]))  # a Python float when num < 2


@numba.njit(cache=True)
def _array_cast_in_njit(a):
    return ja.array(a, np.int8)


def test_inside_njit_array_of_an_int_array_wraps_as_numpy():
    a = np.array([1, 300, -200])
    assert_same(_array_cast_in_njit(a), np.array(a, np.int8))


@numba.njit(cache=True)
def _overflowing_full(v):
    return ja.full(3, v, np.int8)


def test_inside_njit_full_checks_python_ints():
    assert_same(_overflowing_full(100), np.full(3, 100, np.int8))
    with pytest.raises(OverflowError):
        _overflowing_full(300)


# ------------------------------------------------------------------ NumPy 2 argument forms


@pytest.mark.parametrize("args, kwargs", [
    ((), dict(stop=3)), ((), dict(start=1, stop=5)), ((), dict(start=1, stop=7, step=2)), ((), dict(stop=7, step=2)),
    ((2,), dict(stop=5)), ((1,), dict(step=2)), ((1, 7, 2, "int8"), {}), ((1, 7), dict(step=2, dtype="float32")),
    ((5,), dict(stop=None)), ((), dict(start=1, stop=None)), ((1, None), {}), ((), dict(start=1.5, stop=5, step=1.5)),
    # NumPy's errors: no stop, an argument twice, too many, unknown names, None bounds
    ((), dict(start=3)), ((), dict(step=2)), ((), {}), ((3,), dict(start=1)), ((1, 5, 1, None), dict(stop=3)),
    ((1, 2, 3, None, 5), {}), ((1,), dict(end=3)), ((None,), dict(stop=3)), ((), dict(stop=None)),
])
def test_arange_every_argument_form(args, kwargs):
    assert_matches(*both("arange", *args, **kwargs))


def test_arange_keyword_forms_inside_njit():
    @numba.njit(cache=True)
    def ranges():
        return ja.arange(stop=3), ja.arange(start=1, stop=5), ja.arange(2, stop=9, step=3), ja.arange(4.0)

    for got, want in zip(ranges(), (np.arange(stop=3), np.arange(start=1, stop=5), np.arange(2, 9, 3), np.arange(4.0))):
        assert_same(got, want)


@pytest.mark.parametrize("obj", [[[1, 2], [3, 4]], [[[1.5]]], np.ones((2, 3)), 5, [1, [2, 3]]])
@pytest.mark.parametrize("kwargs", [dict(ndmax=1), dict(ndmax=2), dict(ndmax=3), dict(ndmax=0), dict(ndmax=64),
                                    dict(ndmax=-1), dict(ndmax=65), dict(ndmax=1, ndmin=3), dict(ndmax=3, ndmin=2)])
def test_array_ndmax_as_numpy(obj, kwargs):
    """NumPy 2.4's ``ndmax``; where NumPy would make an object array jitarray refuses the
    object dtype with its TypeError."""
    kind_np, want = outcome(np.array, obj, **kwargs)
    kind_ja, got = outcome(ja.array, obj, **kwargs)
    if kind_np == "ok" and want.dtype == object:
        assert kind_ja == "raise" and isinstance(got, TypeError)
    else:
        assert_matches(lambda: ja.array(obj, **kwargs), lambda: np.array(obj, **kwargs))
