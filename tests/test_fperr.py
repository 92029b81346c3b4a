"""Floating-point errors (divide by zero, overflow, underflow, invalid) reported as NumPy
reports them, under every ``np.errstate`` mode: the same warnings (category, text, number,
order), the same exception, the same handler calls, the same printed lines."""

import itertools
import warnings

import numba
import numpy as np
import pytest
from _support import assert_same

import jitarray as ja
from jitarray._kernels._common import PARALLEL_MIN_SIZE

MODES = ["default", "ignore", "warn", "raise", "call", "log", "print"]
FLOATS = [np.dtype(t) for t in ("float16", "float32", "float64", "complex64", "complex128")]
INTS = [np.dtype(t) for t in ("bool", "int8", "int64", "uint8", "uint64")]
LARGE = PARALLEL_MIN_SIZE + 1000


class _Log:
    def __init__(self, seen):
        self.seen = seen

    def write(self, text):
        self.seen.append(text)


def _observe(fn, mode, capfd):
    """What one call does under ``mode``: (result, warnings, exception, handler calls,
    printed text)."""
    seen = []
    handler = _Log(seen) if mode == "log" else (lambda *args: seen.append(args))
    state = {} if mode == "default" else {"all": mode}
    capfd.readouterr()
    with np.errstate(**state, call=handler), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, exc = fn(), None
        except FloatingPointError as e:
            result, exc = None, (type(e), str(e))
    printed = capfd.readouterr().err
    return result, [(w.category, str(w.message)) for w in caught], exc, seen, printed


def _check(call_ja, call_np, mode, capfd, values=True):
    want = _observe(call_np, mode, capfd)
    got = _observe(call_ja, mode, capfd)
    assert got[1:] == want[1:]
    if want[2] is None and values:
        assert_same(got[0], want[0])
    return want[1]


def _specials(dtype):
    """Values that raise every error between them (for complex: in either part)."""
    part = np.finfo(dtype).dtype if dtype.kind in "fc" else np.dtype(np.float64)
    info = np.finfo(part)
    reals = np.array([0.0, -0.0, 1.0, -2.5, 3.0, info.max, -info.max, info.tiny, info.tiny / 4, np.inf, -np.inf,
                      np.nan], part)
    if dtype.kind == "c":
        out = np.empty(reals.size, dtype)
        out.real, out.imag = reals, np.roll(reals, 3)
        return out
    return reals.astype(dtype)


# ------------------------------------------------------------------ elementwise

BINARY = ["add", "subtract", "multiply", "divide"]


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("name", [*BINARY, "sqrt"])
def test_elementwise_each_pair(name, dtype, capfd):
    """Every pair of special values, one call each (small path): exactly NumPy's errors."""
    s = _specials(dtype)
    pairs = [(x,) for x in s] if name == "sqrt" else list(itertools.product(s, s))
    for args in pairs:
        arrays = [np.array([v], dtype) for v in args]
        _check(lambda: getattr(ja, name)(*arrays), lambda: getattr(np, name)(*arrays), "warn", capfd)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("name", [*BINARY, "sqrt"])
def test_elementwise_modes(name, dtype, mode, capfd):
    s = _specials(dtype)
    x, y = np.meshgrid(s, s)
    for a, b in ((x, y), (np.asfortranarray(x), np.asfortranarray(y)), (x[:, ::2], y[:, ::2]), (x[0], y[0])):
        args = (a,) if name == "sqrt" else (a, b)
        _check(lambda: getattr(ja, name)(*args), lambda: getattr(np, name)(*args), mode, capfd)
    if name != "sqrt":  # a broadcast scalar, a Python number
        _check(lambda: getattr(ja, name)(x, s[5]), lambda: getattr(np, name)(x, s[5]), mode, capfd)
        _check(lambda: getattr(ja, name)(x, 0.0), lambda: getattr(np, name)(x, 0.0), mode, capfd)


@pytest.mark.parametrize("mode", ["warn", "raise", "call"])
@pytest.mark.parametrize("name", [*BINARY, "sqrt"])
def test_elementwise_threaded(name, mode, capfd):
    """Large calls run chunks on worker threads: each thread's errors are collected."""
    s = _specials(np.dtype(np.float64))
    for where in (0, LARGE - 1):  # in the first chunk (calling thread), in the last one
        x = np.full(LARGE, 1.5)
        y = np.full(LARGE, 0.5)
        x[where], y[where] = (-1.0, 0.0) if name in ("divide", "sqrt") else (s[5], s[5])
        args = (x,) if name == "sqrt" else (x, y)
        _check(lambda: getattr(ja, name)(*args), lambda: getattr(np, name)(*args), mode, capfd)
        x2, y2 = x.reshape(-1, 8).T, y.reshape(-1, 8).T  # F-ordered, through the full path
        args = (x2,) if name == "sqrt" else (x2, y2)
        _check(lambda: getattr(ja, name)(*args), lambda: getattr(np, name)(*args), mode, capfd)


@pytest.mark.parametrize("dtype", INTS, ids=str)
def test_integer_arithmetic(dtype, capfd):
    """Integer add/multiply wrap silently; integer divide is a float division."""
    info = np.iinfo(dtype) if dtype.kind != "b" else None
    a = np.array([0, 1, 1, 0] if info is None else [0, 1, info.max, info.min, 7], dtype)
    b = np.array([0, 0, 1, 1] if info is None else [0, 0, info.max, 0, 2], dtype)
    for name in ("add", "multiply", "divide", "sqrt") if dtype == np.int8 else ("divide", "sqrt"):
        args = (a,) if name == "sqrt" else (a, b)
        for mode in ("warn", "raise", "call"):
            _check(lambda: getattr(ja, name)(*args), lambda: getattr(np, name)(*args), mode, capfd)


def test_out_cast(capfd):
    """A cast into ``out`` is the ufunc's: 'overflow encountered in add', not 'in cast'."""
    a = np.array([1e300, 1.0, np.inf])
    for mode in ("warn", "raise"):
        _check(lambda: ja.add(a, 1.0, out=np.zeros(3, np.float32)),
               lambda: np.add(a, 1.0, out=np.zeros(3, np.float32)), mode, capfd)


def test_complex_scalar_formula(capfd):
    """Complex products NumPy takes through its scalar formula report that formula's errors."""
    big = np.finfo(np.float64).max
    x = np.array([big * (1 + 1j)], np.complex128)
    for mode in ("warn", "call"):
        _check(lambda: ja.multiply(x, x), lambda: np.multiply(x, x), mode, capfd)
        _check(lambda: ja.multiply(x, big + 0j), lambda: np.multiply(x, big + 0j), mode, capfd)


# ------------------------------------------------------------------ reductions

REDUCTIONS = ["sum", "prod", "mean", "var", "std", "nansum", "nanprod", "nanmean", "nanvar", "nanstd"]


def _reduction_inputs(dtype):
    info = np.finfo(np.finfo(dtype).dtype)
    big, tiny = float(info.max), float(info.tiny)
    rows = [[big, big], [np.inf, -np.inf], [1.0, np.nan], [big, big, np.nan], [np.inf, 1.0], [tiny, tiny * 0.5],
            [big, -big], [np.inf, np.inf], [np.nan, np.nan], [1.0, 2.0, 3.0], [big / 4, big / 4, big / 4, big / 4],
            [np.sqrt(big) * 2, 0.0]]
    out = [np.array(r, dtype) for r in rows]
    out += [np.array(v, dtype) for v in (np.inf, np.nan, big)]  # 0-d
    if dtype.kind == "c":
        out += [np.array([big * 1j, big * 1j], dtype), np.array([complex(np.inf, 1.0), complex(-np.inf, 1.0)], dtype)]
    return out


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reductions_float64(name, mode, capfd):
    fj, fn = getattr(ja, name), getattr(np, name)
    for a in _reduction_inputs(np.dtype(np.float64)):
        _check(lambda: fj(a), lambda: fn(a), mode, capfd)
    grid = np.array([[1e308, 1e308, 1.0], [np.inf, -np.inf, 2.0], [-1e308, 3.0, np.nan]])
    for a in (grid, np.asfortranarray(grid), grid[:, ::2]):
        for axis in (None, 0, 1):
            _check(lambda: fj(a, axis=axis), lambda: fn(a, axis=axis), mode, capfd)


@pytest.mark.parametrize("dtype", [dt for dt in FLOATS if dt != np.float64], ids=str)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reductions_other_dtypes(name, dtype, capfd):
    """Every reduction on the other float and complex dtypes, under every mode: the special
    rows whole, and a grid in C, F and strided layouts along each axis."""
    fj, fn = getattr(ja, name), getattr(np, name)
    big = float(np.finfo(dtype).max)
    grid = np.array([[big, big, 1.0], [np.inf, -np.inf, 2.0], [-big, 3.0, np.nan]], dtype)
    if dtype.kind == "c":
        grid[0] *= 1j
    for mode in MODES:
        for a in _reduction_inputs(dtype):
            _check(lambda: fj(a), lambda: fn(a), mode, capfd)
        for a in (grid, np.asfortranarray(grid), grid[:, ::2]):
            for axis in (0, 1):
                _check(lambda: fj(a, axis=axis), lambda: fn(a, axis=axis), mode, capfd)


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "var", "nansum", "nanvar"])
def test_reductions_threaded(name, capfd, threaded_reductions):
    fj, fn = getattr(ja, name), getattr(np, name)
    a = np.full(LARGE, 1e303)
    a[-1] = -np.inf
    b = np.full(LARGE, 1.0)
    b[-5:] = [1e200, 1e200, 1e-200, 1e-200, np.inf]
    for x in (a, b, b.reshape(-1, 8), b.reshape(-1, 8).T):
        for mode in ("warn", "raise"):
            _check(lambda: fj(x), lambda: fn(x), mode, capfd)
        if x.ndim == 2:
            _check(lambda: fj(x, axis=0), lambda: fn(x, axis=0), "warn", capfd)
    assert threaded_reductions


def test_reduce_dtype_and_out(capfd):
    """Casts of a reduce's input (``dtype=``) and into ``out`` are the reduce's errors."""
    a = np.array([[1e300, 1.0], [2.0, 3.0]])
    for mode in ("warn", "raise"):
        _check(lambda: ja.sum(a, dtype=np.float32), lambda: np.sum(a, dtype=np.float32), mode, capfd)
        _check(lambda: ja.sum(a, axis=0, out=np.zeros(2, np.float32)),
               lambda: np.sum(a, axis=0, out=np.zeros(2, np.float32)), mode, capfd)
    # the sum overflows in one column and the cast into out in the other: one report, as
    # NumPy reads the flags once per call
    b = np.array([[1e308, 1e300], [1e308, 1.0]])
    for mode in ("warn", "raise", "call"):
        for name in ("sum", "var", "nansum", "nanvar", "mean"):
            fj, fn = getattr(ja, name), getattr(np, name)
            _check(lambda: fj(b, axis=0, out=np.zeros(2, np.float32)),
                   lambda: fn(b, axis=0, out=np.zeros(2, np.float32)), mode, capfd)


@pytest.mark.parametrize("mode", ["warn", "raise", "call"])
def test_reduce_dtype_float16(mode, capfd):
    """float32/float64 items summed with dtype=float16: only the casts that overflow or drop
    a subnormal's bits report an error (0.475 cast quietly, where a speculated multiply once
    raised the underflow)."""
    for row in ([0.475], [0.475, 0.387], [0.475, 9.2e18], [65519.0, 1.0], [1e-5, 1.0], [2.0**-24, 3 * 2.0**-25]):
        for dtype, name in itertools.product([np.float32, np.float64], ["sum", "mean", "prod", "nansum", "var"]):
            a = np.array(row, dtype)
            _check(lambda: getattr(ja, name)(a, dtype=np.float16), lambda: getattr(np, name)(a, dtype=np.float16),
                   mode, capfd)


@pytest.mark.parametrize("mode", ["warn", "raise", "call"])
def test_reduce_dtype_of_a_0d_array(mode, capfd):
    """A 0-d array reduced with a dtype= that its item does not fit: NumPy reduces nothing
    and casts the item, so its errors are named "cast", not "reduce"."""
    values, dtypes = [1e-40, 1e300, np.nan], [np.float32, np.float16, np.int8]
    cases = [(np.array(v), dtype) for v, dtype in itertools.product(values, dtypes)]
    # float32 summed in float16: the cast to float16 happens in the kernels
    cases += [(np.array(v, np.float32), np.float16) for v in (1e-6, 7e4, 3e38)]
    for a, dtype in cases:
        for name in ("sum", "prod", "mean", "var") + (("nansum", "nanmean", "nanvar") if dtype is not np.int8 else ()):
            fj, fn = getattr(ja, name), getattr(np, name)
            _check(lambda: fj(a, dtype=dtype), lambda: fn(a, dtype=dtype), mode, capfd, values=dtype is not np.int8)


@pytest.mark.parametrize("mode", ["warn", "raise", "call"])
def test_reduce_dtype_into_narrow_integers(mode, capfd):
    """NaN, inf and out-of-range floats cast to a narrower integer dtype= (int8, uint32, ...,
    cast first, then widened for the kernels): the cast's invalid value is the reduce's
    error, as in NumPy; var/std also report their subtract and square (their values are
    those the README's undefined casts leave open)."""
    for a in (np.array([np.nan, 1.0]), np.array([[np.inf, 1.0], [2.0, 3e300]]), np.array([300.0, -1.0])):
        for name, dtype in itertools.product(["sum", "prod", "mean", "var", "std"], ["int8", "uint32", "int16"]):
            fj, fn = getattr(ja, name), getattr(np, name)
            _check(lambda: fj(a, dtype=dtype), lambda: fn(a, dtype=dtype), mode, capfd,
                   values=name in ("sum", "prod", "mean"))


@pytest.mark.parametrize("mode", MODES)
def test_spread_of_a_subnormal_mean(mode, capfd):
    """A small array whose mean underflows (the direct path of var/std): NumPy divides its
    keepdims array, so the errors are the divide's, the cast back to float32 included."""
    for a in (np.array([5e-324, -0.0]), np.array([1e-45, 0], np.float32), np.array([2e-38, 0, 0, 0, 0], np.float32),
              np.array([1e-307, 1e-308, 0, 0])):
        for name in ("var", "std"):
            _check(lambda: getattr(ja, name)(a), lambda: getattr(np, name)(a), mode, capfd)


@pytest.mark.parametrize("name", ["nanvar", "nanstd"])
def test_nan_spread_of_complex_items_in_a_real_dtype(name, capfd):
    """Complex items with a real dtype=: the mean is real, and where it or an item is not
    finite, NumPy's multiply by the conjugate raises an invalid value (0 * inf in the
    imaginary part) that a sum of squared parts does not."""
    for row in ([complex(1, np.inf)], [1e200j, 1e200], [3e38, 3e38], [complex(np.inf, 1), 2, np.nan], [1 + 2j, 3 - 1j]):
        for dtype, kind in itertools.product([np.float32, np.float64, None], [np.complex64, np.complex128]):
            with np.errstate(all="ignore"):
                a = np.array(row, kind)
            for x in (a, a[:1].reshape(())):
                for mode in ("warn", "raise"):
                    _check(lambda: getattr(ja, name)(x, dtype=dtype), lambda: getattr(np, name)(x, dtype=dtype), mode,
                           capfd)


def test_var_with_dtype_bool(capfd):
    """var/std with dtype=bool: NumPy's squared deviations (with their errors) read as
    truth values, so equal items give False; complex items cast to bool without a
    ComplexWarning."""
    for a in (np.array([1.0, 1.0]), np.array([[1.0, 1.0], [1.0, 3.0]]), np.array([1e300, 1.0]),
              np.array([2, 2], np.int8), np.array([[1, 0], [1, 1]], np.uint64), np.array([1 + 1j, 1]),
              np.array([np.nan, 1.0])):
        for name, axis, mode in itertools.product(["var", "std", "sum", "mean"], [None, 0, -1], ["warn", "raise"]):
            fj, fn = getattr(ja, name), getattr(np, name)
            if name == "std" and axis is not None and a.ndim > 1:  # NumPy's sqrt into a bool array refuses
                for f in (fj, fn):
                    with pytest.raises(TypeError, match="Cannot cast ufunc 'sqrt' output"):
                        f(a, axis=axis, dtype=bool)
                continue
            _check(lambda: fj(a, axis=axis, dtype=bool), lambda: fn(a, axis=axis, dtype=bool), mode, capfd)


@pytest.mark.parametrize("name", ["var", "std", "nanvar", "nanstd"])
def test_float16_spread_into_a_wider_out(name, capfd):
    """float16 deviations squared in float16 (overflowing there) and summed in a float32 or
    complex ``out``'s dtype, as NumPy's steps run them: values and errors."""
    fj, fn = getattr(ja, name), getattr(np, name)
    a = np.array([[300.0, -300.0, 1.0, np.nan], [2.0, 4.0, 8.0, 16.0], [np.inf, 1.0, -np.inf, 5.0],
                  [300.0, -300.0, 1.0, 2.0]], np.float16)  # (the last row's squares overflow in float16)
    for mode in MODES:
        for odt in (np.float32, np.float64, np.complex64, np.complex128):
            for axis in (0, 1):
                _check(lambda: fj(a, axis=axis, out=np.zeros(a.shape[1 - axis], odt)),
                       lambda: fn(a, axis=axis, out=np.zeros(a.shape[1 - axis], odt)), mode, capfd)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["max", "min", "nanmax", "nanmin"])
def test_extremes_into_an_out_that_cannot_hold_them(name, mode, capfd):
    """NumPy starts a max or min with out at its first item cast into out (NaN, inf and
    floats out of range raise "invalid value encountered in cast"), and casts the result
    into out as the reduce's; complex items into a real out warn at both casts."""
    fj, fn = getattr(ja, name), getattr(np, name)
    a = np.array([[np.nan, 3e9, -1.0, np.inf], [1.0, 2.0, 5.0, 7.5], [-0.0, 4e9, 2.5, 1.0]])
    for x, odt in ((a, np.int16), (a, np.uint32), (a[1:], np.int16), (a + 1j, np.float64), (a[::-1].T, np.int8)):
        for make in (lambda: np.zeros(x.shape[1], odt), lambda: np.zeros(2 * x.shape[1], odt)[::-2]):
            _check(lambda: fj(x, axis=0, out=make()), lambda: fn(x, axis=0, out=make()), mode, capfd)


@pytest.mark.parametrize("name", ["min", "max", "argmax", "nanmin", "any", "sum", "mean", "nansum", "prod"])
def test_silent_on_nan(name, capfd):
    """NaN inputs: NumPy reports nothing for comparisons or for sums of a quiet NaN."""
    fj, fn = getattr(ja, name), getattr(np, name)
    many = np.full(LARGE, 1.0)
    many[::3] = np.nan
    for a in (np.array([1.0, np.nan, 2.0, -np.inf]), np.array([np.nan] * 40 + [1.0] * 40), many):
        assert _check(lambda: fj(a), lambda: fn(a), "raise", capfd, values=False) == []


# ------------------------------------------------------------------- creation

_ENDPOINTS = [(np.inf, 0.0), (0.0, -np.inf), (-np.inf, np.inf), (np.nan, 1.0), (-1.7e308, 1.7e308),
              (np.float32(3e38), np.float32(-3e38)), ([np.inf, 0.0], [[1.0, 2.0], [3.0, np.inf]]),
              (complex(np.inf, 1.0), 0j), (5e-324, np.float32(1.0)), (1e308, np.float32(1.0)),
              # a subnormal step (NumPy's scalar divide warns of underflow), Python numbers at
              # and past 2**53, where linspace's direct path for Python numbers ends
              (0, 1e-310), (-1e-310, 5e-324), (-(2**53), 2**53), (2**53 + 1, 1), (1e300, -1e300)]


@pytest.mark.parametrize("mode", MODES)
def test_linspace(mode, capfd):
    """Infinite or NaN endpoints, a span that overflows, an endpoint past float32's range:
    linspace reports NumPy's errors of each of its steps, in NumPy's order (0 * inf in the
    multiply, inf - inf in the add), as one call and as threaded chunks."""
    for (start, stop), num, endpoint in itertools.product(_ENDPOINTS, (1, 2, 7, LARGE), (True, False)):
        _check(lambda: ja.linspace(start, stop, num, endpoint), lambda: np.linspace(start, stop, num, endpoint), mode,
               capfd)

def test_warning_location():
    """Warnings name the line that called jitarray, as NumPy's name the ufunc's caller."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ja.divide(np.ones(3), np.zeros(3))
        ja.sum(np.full(4, 1e308))
    assert [w.filename for w in caught] == [__file__] * 2


def test_njit_is_silent():
    """Inside @njit nothing can be reported: the values are NumPy's, without warnings."""

    @numba.njit
    def f(x, y):
        return ja.divide(x, y)

    x, y = np.array([1.0, 0.0, 2.0]), np.zeros(3)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        q = f(x, y)
    with np.errstate(all="ignore"):
        assert_same(q, np.divide(x, y))
