import itertools
import os
import tracemalloc
import warnings
from functools import partial

import numba
import numpy as np
import pytest
from _support import DTYPES, NUMPY, SHAPES, assert_matches, assert_same, by_dtype, distinct, layouts, outcome, sample
from _support import both as _both
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import jitarray as ja
from jitarray import reductions as jr
from jitarray._kernels._common import PARALLEL_MIN_SIZE
from jitarray._table import family

NAMES = distinct(family("reductions"))  # every reduction (amin and amax are min and max)
# the reductions by kind (test_groups_cover_every_reduction keeps them in step with NAMES)
ARITH = ["sum", "prod", "mean", "nansum", "nanprod", "nanmean"]
SPREAD = ["var", "std", "nanvar", "nanstd"]
EXTREMES = ["min", "max", "nanmin", "nanmax"]
LOGICAL = ["any", "all"]
ARGS = ["argmin", "argmax", "nanargmin", "nanargmax"]


def signless_extremes(name, result):
    """NumPy's min/max over mixed 0.0 and -0.0 depends on the CPU (the contract lets the
    sign differ): their float and complex results are compared without the sign of zero."""
    if name in EXTREMES and isinstance(result, (np.ndarray, np.generic)) and result.dtype.kind in "fc":
        return result + result.dtype.type(0)
    return result


# warnings muted on both sides (they are tested on their own)
both = partial(_both, mute="both", mute_warnings=True, fix=signless_extremes)


def axes_for(ndim, name):
    """Every axis form NumPy takes for an array of ``ndim`` dimensions."""
    axes = [None] + list(range(-ndim, ndim))
    if name in ARGS:
        return axes
    axes += [()] if ndim else []
    if ndim >= 2:
        axes += [(0, ndim - 1), (ndim - 1, 0), tuple(range(ndim))]
    if ndim == 3:
        axes += [(0, 1), (1, 2)]
    return axes


def ulps_for(name, dtype):
    # NumPy multiplies complex numbers with or without fused multiply-adds depending on the
    # loop and the CPU (jitarray follows the loops measured on the reference machine)
    return 2 if name in ("prod", "nanprod") and np.dtype(dtype).kind == "c" else 0


def test_groups_cover_every_reduction():
    groups = ARITH + SPREAD + EXTREMES + LOGICAL + ARGS
    assert sorted(groups) == sorted(NAMES) and len(set(groups)) == len(groups)


# ------------------------------------------------------------ every dtype x shape x layout x axis


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", SHAPES + [(3, 40, 70)], ids=str)
@by_dtype
def test_every_dtype_shape_layout_axis(name, dtype, shape):
    a = sample(dtype, shape, 1)
    for layout in layouts(a).values():
        for axis in axes_for(a.ndim, name):
            for keepdims in (False, True):
                assert_matches(*both(name, layout, axis=axis, keepdims=keepdims), ulps=ulps_for(name, dtype))


@pytest.mark.parametrize("name", NAMES)
def test_float16_inputs(name):
    for shape in [(), (7,), (4, 5), (2, 3, 4), (3, 9000)]:
        a = sample("float16", shape, 2)
        for layout in layouts(a).values():
            for axis in axes_for(a.ndim, name)[:4]:
                assert_matches(*both(name, layout, axis=axis))


# ------------------------------------------------------------ NumPy's summation order


@pytest.mark.parametrize("name", ["sum", "mean", "nansum", "nanmean", "var"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128", "int16", ">f8"])
@pytest.mark.parametrize("n", [1, 7, 8, 9, 127, 128, 129, 200, 256, 257, 1000, 8191, 8192, 8193, 16385, 100003])
def test_pairwise_blocks_and_buffer_chunks(name, dtype, n):
    # around the 8-accumulator blocks, the 128 block size, nodes of two blocks, deep trees
    # and NumPy's 8192-item buffers (which restart the pairwise sum when the input is cast
    # or not contiguous); contiguous items read as vectors, also off their alignment
    a = sample(dtype, (n + 1,), n)
    if a.dtype.kind in "fc":
        # finite sums, so that every bit of them depends on the order of the additions; NaNs
        # only where they are skipped
        with np.errstate(invalid="ignore"):
            a[~np.isfinite(a) | (np.abs(a) > 1e6)] = 1.5
        if name.startswith("nan"):
            a[::17] = np.nan
    a, shifted = a[:n], a[1:]
    for x in (a, shifted, a[::-1], np.repeat(a, 2)[::2]):
        assert_matches(*both(name, x))
    with np.errstate(over="ignore"):  # (int16 * 3 wraps, as intended)
        rows = np.stack([a, a[::-1], a * 3])
    for axis in (0, 1):
        assert_matches(*both(name, rows, axis=axis))
        assert_matches(*both(name, rows.T.copy(), axis=axis))


@pytest.mark.parametrize("shape", [(3, 5000), (5000, 3), (20, 30, 40), (7, 2000, 3), (2, 3, 4, 500)], ids=str)
@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128"])
def test_sum_order_on_sliced_and_tuple_axes(shape, dtype):
    # layouts whose axes NumPy cannot merge: its buffers then gather several rows per call
    a = sample(dtype, shape, 3)
    a[~np.isfinite(a)] = 0.5
    views = [a, a[..., ::2], a[..., 1:-1], a[::-1], np.moveaxis(a, 0, -1), a.astype(a.dtype.newbyteorder())]
    for v in views:
        for axis in axes_for(v.ndim, "sum"):
            for name in ("sum", "mean", "nansum"):
                assert_matches(*both(name, v, axis=axis))


@pytest.mark.parametrize("name", ["sum", "mean", "prod", "max", "any", "argmax", "nansum", "var"])
@pytest.mark.parametrize("dtype", ["int8", "float64"])
def test_parallel_paths(name, dtype, threaded_reductions):
    # (the multi-threaded paths: two dtypes, one of each kernel family)
    n = PARALLEL_MIN_SIZE * 3 + 17
    for shape in [(n,), (3, n // 3), (n // 3, 3), (300, n // 300 + 1)]:
        a = sample(dtype, shape, 4)
        if name == "prod" and a.dtype.kind in "fc":
            a = np.where(np.isfinite(a), 1.0 + a / 1e4, 1.0).astype(a.dtype)  # keep the product finite
        for layout in (a, a.T, a[..., ::-1]):
            for axis in [None] + list(range(a.ndim)):
                assert_matches(*both(name, layout, axis=axis), ulps=ulps_for(name, dtype))
    assert threaded_reductions


@pytest.mark.parametrize("name", ["sum", "mean", "var", "max", "nanmin", "any", "argmax"])
@pytest.mark.parametrize("dtype", ["int8", "float64"])
def test_one_thread_sizes_take_the_small_path(name, dtype, monkeypatch):
    # contiguous arrays of more than PARALLEL_MIN_SIZE items but under
    # REDUCTION_PARALLEL_MIN_BYTES run their kernel from the small-call closures, never
    # reaching the general path (which starts with _as_input), and give NumPy's results
    n = PARALLEL_MIN_SIZE + 8193
    a = sample(dtype, (n,), 5)
    if dtype == "float64":
        a[~np.isfinite(a)] = 0.5
        if name == "nanmin":
            a[::9] = np.nan
    general = []
    as_input = jr._as_input
    monkeypatch.setattr(jr, "_as_input", lambda x: general.append(1) or as_input(x))
    rows = a[:-1].reshape(8, -1)
    cases = [(a, {}), (rows, {})]
    if name != "argmax":  # (argmax's closure takes C-ordered arrays reduced whole)
        cases += [(rows.T, {})]
    if name != "var":  # (var has no closure along an axis)
        cases += [(rows, {"axis": 0}), (rows.T, {"axis": 1}), (rows, {"axis": -1})]
    for x, kw in cases:
        assert_matches(*both(name, x, **kw))
    assert not general


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_threaded_arg_of_one_row_with_nan(dtype, threaded_reductions):
    # a row split among the threads is first looked at for a NaN in its head
    # (ARG_HEAD_BYTES): NaNs inside it, at its edge, past it and nowhere; -inf and +inf
    # before them; the nan forms, which skip them
    from jitarray.reductions import ARG_HEAD_BYTES
    head = ARG_HEAD_BYTES // np.dtype(dtype).itemsize
    n = PARALLEL_MIN_SIZE * 3 + 17
    for at in (None, 0, 5, head - 1, head, n - 1):
        a = sample(dtype, (n,), 6)
        a[~np.isfinite(a)] = 0.5
        a[3], a[4] = -np.inf, np.inf
        if at is not None:
            a[at] = np.nan
            a[min(at + 7, n - 1)] = np.nan
        for name in ARGS:
            assert_matches(*both(name, a))
    assert threaded_reductions


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "uint16"])
def test_narrow_integer_sums_in_parts(dtype):
    # items of 1 or 2 bytes are summed in 32-bit lanes, NARROW_PART (2**15) at a time: parts
    # of the extreme values, lengths around the part's, into wider and narrower dtypes
    from jitarray._kernels.reductions import NARROW_PART
    info = np.iinfo(dtype) if dtype != "bool" else np.iinfo(np.uint8)
    for n in (1, NARROW_PART - 1, NARROW_PART, NARROW_PART + 1, 3 * NARROW_PART + 5):
        for value in (info.min, info.max, -1):
            x = np.full(n, value).astype(dtype)
            x[::7] = info.max if value != info.max else info.min
            for kw in ({}, {"dtype": "int32"}, {"dtype": "uint64"}, {"dtype": "int8"}, {"dtype": "uint16"}):
                assert_same(ja.sum(x, **kw), np.sum(x, **kw))
                assert_same(ja.sum(x[::3], **kw), np.sum(x[::3], **kw))
    a = (np.arange(6 * NARROW_PART) % 251 - 125).astype(dtype).reshape(3, -1)
    for axis in (None, 0, 1):
        assert_same(ja.sum(a, axis=axis), np.sum(a, axis=axis))


# ------------------------------------------------------------ arguments


def _tame(dtype, shape, seed):
    """Small non-negative values: every cast between the supported dtypes is exact or
    well-defined for them (NumPy's float to unsigned casts of negative values are not)."""
    return (sample("uint8", shape, seed) % 7).astype(dtype)


@pytest.mark.parametrize("name", ARITH + ["var", "std"])
@by_dtype
def test_dtype_argument(name, dtype):
    targets = list(DTYPES) + [None, "float16"]
    if name in ("var", "std"):  # (an integer or bool accumulator makes no sense for them)
        targets = [None, "float16", "float32", "float64", "complex64", "complex128"]
    for target in targets:
        a = _tame(dtype, (3, 40), 5)
        for axis in (None, 0, 1):
            assert_matches(*both(name, a, axis=axis, dtype=target), ulps=ulps_for(name, target or dtype))


@pytest.mark.parametrize("name", [name for name in NAMES if name not in ARGS])
def test_out_argument(name):
    a = _tame("float64", (4, 30), 6)
    for out_dtype in ["int64", "float32", "float64", "complex128", "bool"]:
        for axis, shape in [(0, (30,)), (1, (4,)), (None, ()), (1, (5,)), (1, (4, 1)), ((0, 1), ())]:
            out_ja, out_np = np.zeros(shape, out_dtype), np.zeros(shape, out_dtype)
            call_ja, call_np = both(name, a, axis=axis, out=out_ja)
            want = outcome(both(name, a, axis=axis, out=out_np)[1])
            assert_matches(call_ja, lambda: want[1] if want[0] == "ok" else call_np())
            if want[0] == "ok":
                assert_same(out_ja, out_np)
                assert getattr(jr, name)(a, axis=axis, out=out_ja) is out_ja


@pytest.mark.parametrize("name", ["sum", "nansum", "mean", "var", "max", "min", "nanmax", "nanmin"])
def test_out_that_cannot_hold_the_items(name):
    """Results or items out of ``out``'s integer range.  NumPy casts a result into out with
    its loop for out's layout (where the cast is undefined, on AVX-512: 0 over contiguous
    items, a wrapped value over strided ones and in a contiguous run's tail), and starts a
    max or min at its first item cast into out (int8 -128 into uint32: 4294967168, the
    maximum); so does jitarray."""
    floats = np.array([[4.0e9, -1.0, 3.0e9, 7.5, 2.0e10, 1.0]] * 9 + [[0.0, 5.0, np.nan, -3e9, 1.0, np.inf]])
    ints = np.array([[-128, 80, 3, -1, 127, 0], [5, -128, 100, 7, -2, 1]], np.int8)
    kw = {"dtype": np.float64} if "sum" in name else {}
    for a in (floats, ints):
        for out in (lambda: np.zeros(6, np.uint32), lambda: np.zeros(6, np.uint32)[::-1],
                    lambda: np.zeros(12, np.uint32)[::2], lambda: np.zeros((6, 2), np.uint32)[:, 0],
                    lambda: np.zeros(6, np.int16), lambda: np.zeros(6, np.uint8)[::-1]):
            out_ja, out_np = out(), out()
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                getattr(jr, name)(a, axis=0, out=out_ja, **kw)
                NUMPY[name](a, axis=0, out=out_np, **kw)
            assert_same(out_ja, out_np)


@pytest.mark.parametrize("name", ["var", "std"])
def test_complex_mean_of_real_items(name):
    """A complex ``mean=`` for real items: NumPy squares each complex difference as x * x
    (not |x|**2), so the result is complex; in every layout, along each axis."""
    base = _tame("float32", (3, 5), 3)
    for a in (base, np.asfortranarray(base), base[:, ::-1], base.astype(np.int16)):
        for axis in (None, 0, 1):
            for dtype in (np.complex64, np.complex128):
                m = (np.mean(a, axis=axis, keepdims=True) + 0.5j - 0.25).astype(dtype)
                for keepdims in (False, True):
                    assert_matches(*both(name, a, axis=axis, mean=m, keepdims=keepdims))


@pytest.mark.parametrize("name", ["nanvar", "nanstd"])
def test_nan_spread_of_real_items_in_another_dtype(name):
    """nanvar of real items with ``dtype=``: NumPy stores each difference back in the
    items' type (float32 with ``dtype=float16``: not rounded to float16 before it is
    squared; with a complex dtype: the real part alone, with NumPy's ComplexWarning)."""
    a = sample("float32", (3, 4, 5), 9)
    b = np.array([[1.0, 1.79769313e308, 0.65, 9.75], [1.0, 2.0, 6.5, np.nan]])
    for x, dtype in ((a, np.float16), (a.astype(np.float64), np.float16), (b, np.complex64), (b, np.complex128)):
        for axis in (None, 1, -1):
            with warnings.catch_warnings(record=True) as got, np.errstate(all="ignore"):
                warnings.simplefilter("always")
                result = getattr(jr, name)(x, axis=axis, dtype=dtype)
            with warnings.catch_warnings(record=True) as want, np.errstate(all="ignore"):
                warnings.simplefilter("always")
                expected = NUMPY[name](x, axis=axis, dtype=dtype)
            assert_same(result, expected)
            assert [w.category for w in got] == [w.category for w in want]


@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "nansum", "nanmean", "nanvar", "nanstd"])
def test_complex_items_into_a_real_dtype_warn_once(name):
    """Complex items reduced in a real dtype: NumPy's one ComplexWarning (for nanvar/nanstd
    at their mean's sum), naming the caller's line; none into bool."""
    a = np.array([[1 + 2j, np.nan], [3j, -1]], np.complex64)
    for axis, dtype in itertools.product((None, 0, 1), (np.float32, np.float64, np.float16, bool)):
        calls = _both(name, a, axis=axis, dtype=dtype, mute="both")  # (Python warnings kept)
        if dtype is bool and name in ("nanvar", "nanstd", "nanmean"):
            assert_matches(*calls)  # (NumPy: TypeError, dtype must be inexact)
            continue
        if dtype is bool and name == "std" and axis is not None:
            assert_matches(*calls)  # (NumPy's sqrt into a bool array: TypeError)
            continue
        seen = []
        for call in calls:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                seen.append(call())
            seen.append([w.filename for w in caught if w.category is np.exceptions.ComplexWarning])
        assert_same(seen[0], seen[2], 4)
        assert len(seen[1]) == len(seen[3]) == (dtype is not bool)
        assert not any(f.startswith(os.path.dirname(ja.__file__)) for f in seen[1])  # (the caller's line)


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "var", "std", "nansum", "nanprod", "nanmean", "nanvar",
                                  "max", "min", "nanmax"])
def test_warnings_of_an_out_of_another_kind(name):
    """Into an out of the other kind (complex items into a real out, real items into a
    complex out): NumPy's warnings in NumPy's order, the ComplexWarnings of its casts
    (sums: a complex loop's first items and its result into a real out, two; a real
    loop's buffers read from a complex out, one) before the floating-point errors."""
    c = np.array([[1 + 1j, 2, np.nan], [3j, -1, 1e30]], np.complex64)
    for a, dtype in ((c, np.float32), (c, np.int8), (c, np.int64), (c, bool), (c, np.complex128),
                     (np.array([[1, 2, 3], [4, 5, 6]], np.int16), np.complex64), (c.real.copy(), np.complex64)):
        for axis in (0, 1, None):
            calls = _both(name, a, axis=axis, out=np.zeros(() if axis is None else a.shape[1 - axis], dtype))
            seen, values = [], []
            for call in calls:
                with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
                    warnings.simplefilter("always")
                    kind, value = outcome(call)
                seen.append((kind, [(w.category, str(w.message)) for w in caught]))
                values.append(value)
            assert seen[0] == seen[1]
            if seen[0][0] == "ok":
                assert_same(*values, 4)


@pytest.mark.parametrize("name", ARGS)
def test_arg_out_argument(name):
    a = sample("float64", (4, 30), 7)
    a[np.isnan(a)] = 0.0
    for out_dtype in ["int64", "int32", "float64", "uint64"]:
        for axis, shape in [(0, (30,)), (1, (4,)), (None, ()), (1, (5,))]:
            out_ja, out_np = np.zeros(shape, out_dtype), np.zeros(shape, out_dtype)
            assert_matches(lambda: getattr(jr, name)(a, axis=axis, out=out_ja),
                           lambda: NUMPY[name](a, axis=axis, out=out_np))
            assert_same(out_ja, out_np)


@pytest.mark.parametrize("name", NAMES)
def test_read_only_or_bad_out(name):
    a = np.ones((3, 4))
    out = np.zeros(3, np.intp if name in ARGS else float)
    out.flags.writeable = False
    with pytest.raises(ValueError):
        getattr(jr, name)(a, axis=1, out=out)
    assert not out.any()
    with pytest.raises(TypeError):
        getattr(jr, name)(a, axis=1, out=[0, 0, 0])


@pytest.mark.parametrize("name", SPREAD)
@pytest.mark.parametrize("ddof", [0, 1, 2, 4, 5, 1.5, -1])
def test_ddof(name, ddof):
    a = sample("float64", (3, 4), 8)
    for axis in (None, 0, 1):
        assert_matches(*both(name, a, axis=axis, ddof=ddof))
        with np.errstate(invalid="ignore"):  # (NaN and inf cast to int32)
            ints = a.astype("int32")
        assert_matches(*both(name, ints, axis=axis, ddof=ddof))


@pytest.mark.parametrize("name", NAMES)
def test_scalars_lists_and_zero_d(name):
    for value in [5.0, 3, True, 1 - 2j, np.float32(2.5), np.array(7, np.int8), [[1, 2], [3, 4]], [1.5, float("nan")]]:
        for axis in [None, 0, -1, 1, (0,), ()]:
            assert_matches(*both(name, value, axis=axis))


# ------------------------------------------------------------ errors and warnings


@pytest.mark.parametrize("name", NAMES)
def test_bad_axes(name):
    a = np.ones((2, 3))
    for axis in [2, -3, (0, 0), (0, 5), 1.0, "0", (1, -1)]:
        assert_matches(*both(name, a, axis=axis))


@pytest.mark.parametrize("name", NAMES)
def test_empty_inputs(name):
    for shape in [(0,), (3, 0), (0, 3), (0, 0), (2, 0, 3)]:
        a = np.zeros(shape)
        for axis in axes_for(len(shape), name):
            assert_matches(*both(name, a, axis=axis))


@pytest.mark.parametrize(
    "bad", [np.array(["a"]), np.array([object()]), {1, 2}, np.array([1], "M8[s]"), np.array([1.0], np.longdouble)],
    ids=["str", "object", "set", "datetime", "longdouble"],
)
@pytest.mark.parametrize("name", NAMES)
def test_unsupported_inputs_raise_type_error(name, bad):
    with pytest.raises(TypeError):
        getattr(jr, name)(bad)


def _warnings_of(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="ignore"):
            outcome(call)
    return sorted({(w.category.__name__, str(w.message)) for w in caught})


@pytest.mark.parametrize("call", [
    ("mean", np.zeros((0, 3)), 0), ("mean", np.zeros((3, 0)), 1), ("nanmean", np.full((2, 3), np.nan), 1),
    ("nanmin", np.full((2, 3), np.nan), 0), ("nanmax", np.array([np.nan, 1.0]), None),
    ("var", np.ones(3), None, {"ddof": 3}), ("nanvar", np.array([[np.nan, 1.0], [1.0, 2.0]]), 1),
    ("nanstd", np.array([np.nan, 1.0]), None, {"ddof": 1}), ("sum", np.ones(3, complex), None, {"dtype": float}),
], ids=lambda c: c[0])
def test_warnings_as_numpy(call):
    name, a, axis, *kw = call
    kw = kw[0] if kw else {}
    assert _warnings_of(lambda: getattr(jr, name)(a, axis=axis, **kw)) == \
        _warnings_of(lambda: NUMPY[name](a, axis=axis, **kw))


def test_all_nan_slices():
    a = np.array([[np.nan, np.nan], [1.0, np.nan]])
    for name in ("nanargmin", "nanargmax"):
        for axis in (None, 0, 1):
            assert_matches(*both(name, a, axis=axis))
    c = np.array([[complex(np.nan, 1), complex(2, np.nan)], [complex(np.nan, np.nan), 1j]])
    for name in ("nanmin", "nanmax", "min", "max", "argmax", "nanargmin"):
        for axis in (None, 0, 1):
            assert_matches(*both(name, c, axis=axis))


def test_nan_winners_without_all_nan_slices():
    # NaN counts as the losing infinity: a NaN can win a slice that also holds that infinity,
    # which must not raise, while an all-NaN slice must (jitarray checks only NaN winners)
    base = np.arange(1.0, 43.0).reshape(6, 7)
    cases = []
    for fill in (np.inf, -np.inf):
        a = base.copy()
        a[0] = fill
        a[0, 2] = np.nan
        a[:, 4] = np.nan
        a[3, 4] = fill
        cases += [a, a.copy()]
        cases[-1][5] = np.nan  # and an all-NaN row
    for a in cases:
        for dtype in (np.float64, np.float32, np.float16, np.complex128):
            for x in layouts(a.astype(dtype)).values():
                for name in ("nanargmin", "nanargmax"):
                    for kw in ({}, {"axis": 0}, {"axis": 1}, {"axis": -1, "keepdims": True}, {"keepdims": True}):
                        assert_matches(*both(name, x, **kw))
                    outs = np.full(6, -1, np.intp), np.full(6, -1, np.intp)  # (out=: the checked-first path)
                    assert_matches(lambda: getattr(ja, name)(x, axis=1, out=outs[0]).copy(),
                                   lambda: NUMPY[name](x, axis=1, out=outs[1]).copy())
    for a in cases:
        for x in (a, a[::2], a.T):
            kind_np, want = outcome(lambda: (np.nanargmin(x, axis=0), np.nanargmax(x, axis=1), np.nanargmin(x),
                                             np.nanargmax(x)))
            kind_ja, got = outcome(_nan_args_in_njit, x)
            assert kind_ja == kind_np, (got, want)
            if kind_np == "raise":
                assert isinstance(got, ValueError), got
                continue
            for g, w in zip(got, want):
                assert_same(np.asarray(g, w.dtype)[()] if isinstance(w, np.generic) else g, w)


@numba.njit(cache=True)
def _nan_args_in_njit(x):
    return jr.nanargmin(x, axis=0), jr.nanargmax(x, axis=1), jr.nanargmin(x), jr.nanargmax(x)


def test_nan_and_tie_rules():
    a = np.array([1.0, 3.0, np.nan, 3.0, np.nan, -1.0])
    for name in ("argmax", "argmin", "nanargmax", "nanargmin", "max", "min"):
        assert_matches(*both(name, a))
    ties = np.array([[2, 5, 5], [5, 5, 2]], np.int16)
    for name in ("argmax", "argmin"):
        for axis in (None, 0, 1):
            assert_matches(*both(name, ties, axis=axis))
            assert_matches(*both(name, np.asfortranarray(ties), axis=axis))
    truthy = np.array([np.nan, -0.0, 0.0, 2.0])
    for name in ("any", "all"):
        for x in (truthy[:1], truthy[1:3], truthy):
            assert_matches(*both(name, x))
    lex = np.array([1 + 5j, 2 - 1j, 2 - 1j, 2 - 3j])
    for name in ("argmax", "argmin", "max", "min"):
        assert_matches(*both(name, lex))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8"])
def test_any_all_decided_anywhere(dtype):
    # one-byte items are read 64 at a time: the one deciding item at every place in and
    # around those blocks, in contiguous rows at every alignment, and any non-zero byte
    # (a bool array viewed from uint8 may hold 2 or 255) counting as True
    for n in (1, 63, 64, 65, 130, 200):
        for where in range(n):
            for truth in (1, 2, 255):
                quiet = np.zeros(n + 1, np.uint8)
                quiet[1 + where] = truth
                loud = np.full(n + 1, truth, np.uint8)
                loud[1 + where] = 0
                for a in (quiet.view(dtype), loud.view(dtype)):
                    for x in (a[1:], a[:n], a[1:].reshape(1, n)):
                        assert ja.any(x) == np.any(x) and ja.all(x) == np.all(x)
                        assert ja.any(x, axis=-1).tolist() == np.any(x, axis=-1).tolist()
                        assert ja.all(x, axis=-1).tolist() == np.all(x, axis=-1).tolist()


@pytest.mark.parametrize("dtype", ["bool", "int8", "float32", "complex128"])
def test_any_all_along_kept_rows(dtype):
    # along an outer axis each contiguous row is or-ed (and-ed) into the result at once: one
    # deciding item per column at every row, bytes 2 and 255 of bools counting as True,
    # -0.0 as zero and NaN as non-zero
    for rows, cols in ((1, 5), (3, 70), (9, 33)):
        for truth in (1, 2, 255) if dtype in ("bool", "int8") else (1,):
            quiet = np.zeros((rows, cols), np.uint8)
            quiet[np.arange(cols) % rows, np.arange(cols)] = truth
            loud = np.full((rows, cols), truth, np.uint8)
            loud[np.arange(cols) % rows, np.arange(cols)] = 0
            for a in (quiet, loud):
                x = a.view(dtype) if dtype in ("bool", "int8") else a.astype(dtype)
                if dtype == "float32":
                    x = np.where(x == 0, -0.0, np.where(a == 255, np.nan, x)).astype(dtype)
                for lx in (x, x[:, ::2], x[::-1]):
                    for name in ("any", "all"):
                        assert_same(getattr(ja, name)(lx, axis=0), getattr(np, name)(lx, axis=0))
                        assert_same(getattr(ja, name)(lx[None], axis=(0, 1)), getattr(np, name)(lx[None], axis=(0, 1)))


def test_bool_extremes_are_any_and_all():
    # max/min (and the nan forms) of bools run any/all: every axis form, keepdims, out of
    # another dtype, bytes 2 and 255 read as True, and the empty reduction's error
    u = np.zeros((4, 70), np.uint8)
    u[1, ::3], u[2, 1::3], u[3] = 2, 255, 1
    for x in (u.view(bool), u.view(bool)[:, ::-2], np.asfortranarray(u.view(bool))):
        for name in ("max", "min", "nanmax", "nanmin", "amax", "amin"):
            for axis in (None, 0, 1, (0, 1), -1):
                for keepdims in (False, True):
                    assert_matches(*both(name, x, axis=axis, keepdims=keepdims))
            out_ja, out_np = np.full(x.shape[1], 7, np.int64), np.full(x.shape[1], 7, np.int64)
            assert getattr(ja, name)(x, axis=0, out=out_ja) is out_ja
            assert_same(out_ja, getattr(np, name)(x, axis=0, out=out_np))
    assert_matches(*both("max", np.zeros((3, 0), bool), axis=1))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_extremes_nan_anywhere(dtype):
    # contiguous float rows are compared a vector at a time, in four accumulators, then the
    # items left over: one NaN (or a lone extreme) at every place in and around those blocks
    rng = np.random.default_rng(9)
    for n in (1, 31, 64, 65, 130):
        base = rng.standard_normal(n + 1).astype(dtype)
        for where in range(n):
            for special in (np.nan, np.inf, -np.inf):
                a = base.copy()
                a[1 + where] = special
                for x in (a[1:], a[:n], np.full(n, np.nan, dtype)):
                    for name in EXTREMES:
                        assert_matches(*both(name, x))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float32", "float64", "complex128"])
def test_extremes_four_rows_at_a_time(dtype):
    # along a reduced outer axis, contiguous rows go into the result four at a time, then one
    # by one: row counts around multiples of four, NaN, infinities and signed zeros anywhere
    rng = np.random.default_rng(5)
    dt = np.dtype(dtype)
    pool = {"b": [False, True], "c": [0, 1, 1j, -1, np.nan, complex(1, np.nan)],
            "f": [-0.0, 0.0, 1.0, -1.0, np.nan, np.inf, -np.inf]}.get(dt.kind, [0, 1, 2, 3, 100])
    for n in (1, 3, 4, 5, 8, 9, 14):
        a = np.asarray(rng.choice(np.array(pool), (n, 5, 19)), dt)
        for v in (a, a[..., ::2], np.asfortranarray(a)):
            for axis in (0, 1, (0, 1)):
                for name in EXTREMES:
                    assert_matches(*both(name, v, axis=axis))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float32", "float64", "complex128"])
def test_arg_along_rows_in_blocks(dtype):
    """Arg reductions across rows (the kept axis contiguous) go 255 rows at a time, two rows
    at a time within: few distinct values, so that ties fall within a pair, within a block
    and across blocks; NaN, -0.0 and 0.0 among them; odd and even row counts."""
    rng = np.random.default_rng(7)
    dt = np.dtype(dtype)
    for n in (2, 3, 255, 256, 257, 511, 600):
        pool = {"b": [False, True], "c": [0, 1, 1j, np.nan, complex(1, np.nan)],
                "f": [-0.0, 0.0, 1.0, -1.0, np.nan, np.inf]}.get(dt.kind, [0, 1, 2, 3])
        a = np.asarray(rng.choice(np.array(pool), (n, 37)), dt)
        names = ARGS if dt.kind in "fc" else ["argmin", "argmax"]
        for x in (a, a[:, 1:], a[::-1]):
            for name in names:
                assert_matches(*both(name, x, axis=0))
        if dt.kind == "f":  # the second half NaN: for n > 256, NaNs in later blocks only
            late = np.array(a[:, :5])
            late[n // 2:] = np.nan
            for name in ARGS:
                assert_matches(*both(name, late, axis=0))


@pytest.mark.parametrize("dtype", ["int8", "uint16", "int32", "uint64", "float32", "float64"])
def test_along_rows_a_vector_at_a_time(dtype):
    """Rows are compared 64 bytes at a time, 4- and 8-byte items in one pass of two vectors
    that keep each lane's first winner and its index, others by blocks whose first winner is
    found from a vector's mask: rows of lengths either side of a vector (masked loads below
    one, the last vector read again above), of a pair of vectors and one more, of the 64
    items that send a row to the vectors and of a 4096-byte block; the winner, a tie, a NaN,
    an infinity or a zero of either sign at the front, in the first pair's second vector, in
    the last vector and in the items read twice; the dtype's own extremes (the start key)."""
    rng = np.random.default_rng(11)
    dt = np.dtype(dtype)
    if dt.kind == "f":
        pool, marks = [-0.0, 0.0, 1.0, -1.0, 2.0], [np.nan, np.inf, -np.inf, -0.0, 0.0, 2.0]
    else:
        info = np.iinfo(dt)
        pool, marks = [info.min, info.min + 1, 0, 1, info.max - 1, info.max], [info.min, info.max, 1]
    for n in (1, 5, 15, 16, 17, 63, 64, 65, 88, 89, 100, 112, 113, 127, 511, 512, 513, 530, 1030, 4100):
        a = np.asarray(rng.choice(np.array(pool), (len(marks) * 4 + 3, n)), dt)
        second = 3 * 64 // dt.itemsize // 2  # (in the second vector of the first pair)
        for k, mark in enumerate(marks):  # one mark at the front, in the first pair, in the last vector, last
            for r, at in enumerate((0, min(second, n - 1), max(n - 9, 0), n - 1)):
                a[4 * k + r, at] = mark
        if dt.kind == "f":
            a[-1, ::3] = np.nan
            # NaNs among the infinities that nanargmax/nanargmin read them as
            a[-3:-1] = [[-np.inf], [np.inf]]
            a[-3:-1, n // 2:] = np.nan
            a[-3:-1, -1] = [-np.inf, np.inf]
        for x in (a, a[:, ::-1], a[:, 1:], a[:, ::2], a[:1, :].reshape(-1)):
            axes = (None,) if x.ndim == 1 else (1, None)
            for name in (ARGS if dt.kind == "f" else ["argmin", "argmax"]) + EXTREMES:
                for axis in axes:
                    assert_matches(*both(name, x, axis=axis))


@pytest.mark.parametrize("dtype", ["int8", "uint32", "int64", "uint64"])
def test_integer_means_cast_contiguous_leaves(dtype):
    """A mean of integers casts each contiguous leaf of NumPy's pairwise sum to float64 in
    one loop: lengths either side of a leaf (128) and of NumPy's 8192-item calls, values
    whose float64 sum depends on the order; rows, reversed and strided."""
    rng = np.random.default_rng(9)
    info = np.iinfo(dtype)
    for n in (127, 128, 129, 8191, 8193, 40000):
        a = rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
        for x in (a, a[::-1], a[::3], a[: n - n % 4].reshape(4, -1)):
            for axis in ((None,) if x.ndim == 1 else (None, 1)):
                assert_matches(*both("mean", x, axis=axis))
                assert_matches(*both("sum", x, axis=axis, dtype=np.float64))


def test_bool_arg_rows_find_the_first_deciding_item():
    """argmax/argmin of bool rows is the first True/False (a byte not 0 is True, as in
    NumPy): rows either side of a vector and of the 64 items that send a row to the
    search, all False, all True, the deciding item last; bytes 2 and 255 as True."""
    rng = np.random.default_rng(3)
    for n in (1, 63, 64, 65, 100, 128, 129, 1000):
        rows = [np.zeros(n, bool), np.ones(n, bool), rng.random(n) < 0.5, rng.random(n) < 0.01]
        rows += [np.arange(n) == n - 1, np.arange(n) != n - 1]
        a = np.array(rows)
        raw = a.view(np.uint8).copy()
        raw[raw == 1] = 2
        raw[:, ::7][raw[:, ::7] == 2] = 255
        for x in (a, raw.view(bool), a[:, ::-1], a[:, ::2], np.asfortranarray(a), a[3]):
            for name in ARGS:
                for axis in ((None,) if x.ndim == 1 else (1, None)):
                    assert_matches(*both(name, x, axis=axis))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float32", "float64", "complex64", "complex128"])
def test_fold_of_kept_rows(dtype):
    """sum and prod along an outer axis fold whole contiguous rows into the result, four
    rows a pass where four are left: row counts either side of four and eight; integer
    products that wrap; infinities, NaN, -0.0 and 0.0 (the sign of a zero product); rows
    reversed (the stride sign NumPy's complex64 multiply depends on) and strided."""
    rng = np.random.default_rng(5)
    dt = np.dtype(dtype)
    pool = {"b": [True, True, False], "i": [-3, -1, 1, 2, 127], "u": [1, 3, 2**40, 2**63 + 1],
            "f": [-0.0, 0.0, 1.5, -2.0, 0.5, np.inf, np.nan], "c": [1 + 1j, -0.0 - 0.5j, 2.0, np.inf + 0j, 1j]}[dt.kind]
    for rows in (1, 2, 3, 4, 5, 7, 8, 9, 13):
        a = np.asarray(rng.choice(np.array(pool), (rows, 3, 37)), dt)
        for x in (a, a[..., ::-1], a[..., ::2], a[:, :, 1:]):
            for name in ("sum", "prod"):
                for axis in (0, (0, 1)):
                    assert_matches(*both(name, x, axis=axis), ulps=ulps_for(name, dtype))


def test_signed_zero_min_max_may_differ_in_sign_only():
    a = np.array([0.0, -0.0, 0.0])
    for name in ("min", "max", "nanmin", "nanmax"):
        assert getattr(jr, name)(a) == 0.0


# ------------------------------------------------------------ inputs and memory


@pytest.mark.parametrize("name", NAMES)
def test_inputs_never_modified(name):
    a = sample("float64", (5, 6), 9)
    before = a.copy()
    for axis in (None, 0, 1):
        both(name, a, axis=axis)[0]()
    assert_same(a, before)


@pytest.mark.parametrize("name", ["sum", "mean", "nansum", "var", "max", "argmax", "any", "nanmean", "prod"])
def test_no_copy_of_the_input(name):
    a = sample("float64", (400, 500), 10)  # 1.6 MB
    for layout in (a, np.asfortranarray(a), a.T, a[:, ::2], a[::-1]):
        for axis in (None, 0, 1):
            getattr(jr, name)(layout, axis=axis)  # compiled and warm
            tracemalloc.start()
            getattr(jr, name)(layout, axis=axis)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert peak < 64_000, f"{name} axis={axis}: {peak} bytes traced"


# ------------------------------------------------------------ property tests

element_dtypes = st.sampled_from(DTYPES)


@st.composite
def arrays_and_axes(draw):
    a = draw(hnp.arrays(element_dtypes, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6)))
    if a.ndim >= 2 and draw(st.booleans()):
        a = np.asfortranarray(a)
    if a.ndim >= 1 and draw(st.booleans()):
        a = a[..., ::-1]
    if draw(st.booleans()):
        a = a.astype(a.dtype.newbyteorder())  # byte-swapped (one-byte dtypes: unchanged)
    axes = st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1)) if a.ndim else st.none()
    if a.ndim:
        axes = st.one_of(axes, st.lists(st.integers(0, a.ndim - 1), unique=True).map(tuple))
    return a, draw(axes)


@given(arrays_and_axes(), st.sampled_from([n for n in NAMES if "arg" not in n]), st.booleans())
def test_reduction_property(a_axis, name, keepdims):
    a, axis = a_axis
    assert_matches(*both(name, a, axis=axis, keepdims=keepdims), ulps=ulps_for(name, a.dtype))


@given(arrays_and_axes(), st.sampled_from(["argmax", "nanargmin"]))
def test_arg_property(a_axis, name):
    a, axis = a_axis
    assert_matches(*both(name, a, axis=None if isinstance(axis, tuple) else axis))


# ------------------------------------------------------------ inside @njit


@numba.njit(cache=True)
def _sum_in_njit(a):
    return jr.sum(a, axis=0)


@by_dtype
def test_inside_njit(dtype):
    # (each reduction compiled inside @njit costs seconds: one per dtype here, every
    # function on float64 in test_api.py; the kernels are those the Python path tests)
    a = sample(dtype, (4, 5), 1)
    assert_same(_sum_in_njit(a), np.sum(a, axis=0))


@numba.njit(cache=True)
def _layouts_in_njit(a):
    return jr.sum(a, axis=(0, 1)), jr.max(a, axis=0), jr.argmin(a, axis=1), jr.var(a, axis=1), jr.any(a, axis=0)


@pytest.mark.parametrize("layout", ["F", "strided", "reversed"])
def test_inside_njit_layouts(layout):
    a = layouts(sample("float64", (6, 7), 12))[layout]
    with np.errstate(all="ignore"):
        want = (np.sum(a, axis=(0, 1)), np.max(a, axis=0) + 0, np.argmin(a, axis=1), np.var(a, axis=1), np.any(a, axis=0))
    got = _layouts_in_njit(a)
    assert_same((np.float64(got[0]), got[1] + 0, *got[2:]), want)


@numba.njit(cache=True)
def _f_ordered_in_njit(a):
    return (jr.sum(a, axis=1), jr.max(a, axis=0), jr.var(a, axis=2, keepdims=True), jr.any(a, axis=1),
            jr.mean(a, axis=(0, 2), keepdims=True), jr.prod(a, axis=(0, 1)))


@pytest.mark.parametrize("dtype", ["int16", "float64"])
def test_inside_njit_f_ordered(dtype):
    # an F-ordered array of three dimensions (Numba's layout 'F'): F-ordered results, as NumPy's
    a = np.asfortranarray(sample(dtype, (3, 4, 5), 6))
    with np.errstate(all="ignore"):
        want = (np.sum(a, axis=1), np.max(a, axis=0), np.var(a, axis=2, keepdims=True), np.any(a, axis=1),
                np.mean(a, axis=(0, 2), keepdims=True), np.prod(a, axis=(0, 1)))
        got = _f_ordered_in_njit(a)
    assert_same(got, want)
    assert [g.strides for g in got] == [w.strides for w in want]


@numba.njit(cache=True)
def _args_whole_in_njit(a):
    return jr.argmax(a), jr.nanargmax(a), jr.nanargmin(a), jr.argmin(a, keepdims=True)


def test_arg_whole_inside_njit():
    # a C-contiguous array of reals reduced whole: the winning value, then its first place:
    # ties, NaN (the first wins, or reads as the infinity and ties with it), -0.0, keepdims,
    # integers and bools, and an all-NaN array refused
    inf, nan = np.inf, np.nan
    for a in ([[1.0, nan, 3.0], [3.0, -0.0, 0.0]], [[2.0, 2.0, 1.0], [1.0, 2.0, 1.0]], [[nan, -inf], [-inf, nan]],
              [[nan, inf], [inf, nan]], [[-0.0, 0.0], [0.0, -0.0]], np.array([[3, -7, 9], [9, 0, -7]], np.int16),
              np.array([[False, True], [True, False]])):
        a = np.asarray(a)
        got = _args_whole_in_njit(a)
        assert got[:3] == (np.argmax(a), np.nanargmax(a), np.nanargmin(a)), a
        assert_same(got[3], np.argmin(a, keepdims=True))
    with pytest.raises(ValueError, match="All-NaN"):
        _args_whole_in_njit(np.full((2, 3), np.nan))


@numba.njit(cache=True)
def _args_along_in_njit(a):
    return jr.argmax(a, axis=0), jr.nanargmin(a, axis=-1), jr.argmin(a, axis=0, keepdims=True)


def test_arg_along_inside_njit():
    # along the one axis of a 1-D array: NumPy's scalar index (Numba returns it as a Python
    # int), as the other reductions give NumPy's scalar; keepdims keeps a 1-element array
    a = np.array([2.0, np.nan, -1.0, 5.0, -1.0])
    got = _args_along_in_njit(a)
    assert [type(g) for g in got[:2]] == [int, int]
    assert got[:2] == (np.argmax(a, axis=0), np.nanargmin(a, axis=-1))
    assert_same(got[2], np.argmin(a, axis=0, keepdims=True))


@numba.njit(cache=True)
def _empty_max_in_njit(a):
    return jr.max(a)


def test_inside_njit_errors():
    with pytest.raises(ValueError, match="zero-size"):
        _empty_max_in_njit(np.zeros(0))
    with pytest.raises(numba.core.errors.TypingError):
        numba.njit(lambda a, k: jr.sum(a, axis=k))(np.ones(3), 0)  # axis must be a constant
    with pytest.raises(numba.core.errors.TypingError):
        numba.njit(lambda a, o: jr.sum(a, out=o))(np.ones(3), np.zeros(()))


@pytest.mark.parametrize("name", ["sum", "prod", "nansum", "mean", "nanmean", *SPREAD])
def test_inside_njit_dtype_bool_refused(name):
    # (var([1.0, 1.0], dtype=bool) is False in NumPy: the truth of squared deviations;
    # inside @njit the mean and spread kernels gave True)
    function = getattr(ja, name)
    for a in (np.array([1.0, 1.0]), np.array([2, 2], np.int8)):
        with pytest.raises(numba.core.errors.TypingError, match="dtype=bool is not supported"):
            numba.njit(lambda a: function(a, dtype=np.bool_))(a)


# ------------------------------------------------------------------ var/std: mean= and correction=


def _mean_of(name, a, axis):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return (np.nanmean if name.startswith("nan") else np.mean)(a, axis=axis, keepdims=True)


@pytest.mark.parametrize("name", SPREAD)
@pytest.mark.parametrize("dtype", ["int16", "float16", "float32", "float64", "complex64"])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 1)])
def test_variance_correction_and_given_mean_as_numpy(name, dtype, axis):
    """NumPy 2's keywords: ``correction`` (the Array API's ``ddof``; both given is an error)
    and ``mean`` (a precomputed mean of the keepdims shape, a broadcastable one, or a
    number), on data with NaN, inf and -0.0."""
    a = sample(dtype, (4, 5), 3)
    m = _mean_of(name, a, axis)
    ulps = 8 if dtype == "float16" else 0
    for kwargs in [dict(correction=1), dict(correction=0.5), dict(ddof=1, correction=1), dict(mean=m),
                   dict(mean=m, ddof=1), dict(mean=m, correction=2, keepdims=True), dict(mean=2.5),
                   dict(mean=np.float32(2)), dict(mean=m[..., :1]), dict(mean=[[1]]),
                   dict(mean=m.astype(np.complex128 if m.dtype.kind == "c" else np.float64))]:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            assert_matches(lambda: getattr(ja, name)(a, axis=axis, **kwargs),
                           lambda: NUMPY[name](a, axis=axis, **kwargs), ulps=ulps)


@pytest.mark.parametrize("name", SPREAD)
def test_variance_of_0d_arrays(name):
    """0-d items with a given mean (a complex one: NumPy squares x * x, a complex result)
    and with a complex dtype= (a mean kept 0-d where np.ascontiguousarray made it 1-d)."""
    for a in (np.array(2.0), np.array(np.inf, np.float32), np.array(-0.0, np.float16), np.array(5, np.float16),
              np.array(3, np.int8), np.array(1 + 1j)):
        for kwargs in [dict(), dict(mean=1j), dict(mean=np.array(1.0)), dict(dtype=np.complex128),
                       dict(mean=1.0, dtype=np.complex128), dict(dtype=np.complex64, keepdims=True)]:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                assert_matches(lambda: getattr(ja, name)(a, **kwargs), lambda: NUMPY[name](a, **kwargs), ulps=4)


@pytest.mark.parametrize("name", ["nanmax", "nanmin"])
def test_all_nan_slices_of_lists_and_scalars(name):
    """Of an ndarray NumPy warns 'All-NaN slice'; of a list or a scalar it takes another
    path, which sets each all-NaN slice's result to np.nan (a complex nan+1j gives nan+0j)
    and warns 'All-NaN axis'."""
    for a in ([np.nan], [[np.nan, 1.0], [np.nan, np.nan]], np.float64(np.nan), np.complex64(complex(np.nan, np.inf)),
              [complex(np.nan, 1)], [[complex(np.nan, 1)], [3j]], [1, 2], np.array([[complex(np.nan, 1)], [1j]])):
        for kwargs in (dict(), dict(axis=-1), dict(keepdims=True)):
            seen = []
            for call in _both(name, a, **kwargs):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    seen.append(call())
                seen.append([str(w.message) for w in caught])
            assert_same(seen[0], seen[2])
            assert seen[1] == seen[3]


@pytest.mark.parametrize("name", SPREAD)
def test_variance_mean_of_another_shape_refused(name):
    """A ``mean`` that does not broadcast to the keepdims shape: NumPy would reduce
    ``a - mean`` of another shape; jitarray says what it expects."""
    a = np.arange(12.0).reshape(3, 4)
    with pytest.raises(ValueError, match=r"does not broadcast to \(3, 1\)"):
        getattr(ja, name)(a, axis=1, mean=np.zeros((3, 4)))


def test_variance_correction_inside_njit():
    @numba.njit(cache=True)
    def variances(a):
        return ja.var(a, correction=1), ja.nanstd(a, axis=0, correction=1), ja.std(a, axis=1, ddof=1)

    a = sample("float64", (4, 5), 3)
    got = variances(a)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want = np.var(a, ddof=1), np.nanstd(a, axis=0, ddof=1), np.std(a, axis=1, ddof=1)
    for g, w in zip(got, want):
        assert_same(np.asarray(g), np.asarray(w))
