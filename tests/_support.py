"""What every test module shares: the strict comparison, the pair of calls it compares
(jitarray's and its NumPy oracle's), sample data and layouts, and the address-space cap that
tests of huge sizes run under."""

import contextlib
import functools
import resource
import warnings

import numpy as np
import pytest

import jitarray
from jitarray._table import FUNCTIONS

DTYPES = jitarray.SUPPORTED_DTYPES
DTYPE_IDS = [dt.name for dt in DTYPES]
by_dtype = pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)

#: Each function's NumPy oracle, by its jitarray name (the table's ``numpy`` column).
NUMPY = {f.name: getattr(np, f.numpy) for f in FUNCTIONS}


def distinct(rows):
    """The names of table ``rows``, each function once: a second name of a function
    already listed (``amax`` is ``max``) is left out."""
    first = {}
    for row in rows:
        first.setdefault(getattr(jitarray, row.name), row.name)
    return list(first.values())


def _bits(a):
    """The raw bytes of ``a`` in C order, as unsigned integers of the item size."""
    a = np.ascontiguousarray(a)
    if a.dtype.kind == "c":
        a = a.view(np.finfo(a.dtype).dtype)  # one item per real or imaginary part
    return a.view(f"u{a.dtype.itemsize}")


def assert_same(actual, expected, ulps=0):
    """Fail unless ``actual`` is exactly what NumPy gave: type, dtype (byte order and
    NumPy's dtype object included: ``int64`` is not ``longlong``), shape and every value
    bit for bit (so signed zeros too), NaNs in the same places (a NaN's sign and payload
    bits are not compared).

    ``ulps`` > 0 allows floating values that many units in the last place apart, for the
    few results the contract lets depend on NumPy's CPU-specific code paths."""
    assert type(actual) is type(expected), f"type {type(actual).__name__} != {type(expected).__name__}"
    if isinstance(expected, tuple):
        assert len(actual) == len(expected), f"tuple length {len(actual)} != {len(expected)}"
        for got, want in zip(actual, expected):
            assert_same(got, want, ulps)
        return
    if not isinstance(expected, (np.ndarray, np.generic)):
        assert actual == expected or (actual != actual and expected != expected), f"{actual!r} != {expected!r}"
        return
    assert actual.dtype == expected.dtype, f"dtype {actual.dtype!r} != {expected.dtype!r}"
    # int64 and longlong (uint64 and ulonglong) are equal dtypes but distinct objects
    assert type(actual.dtype) is type(expected.dtype), f"dtype {type(actual.dtype)} != {type(expected.dtype)}"
    assert actual.dtype.byteorder == expected.dtype.byteorder or actual.dtype.itemsize == 1
    assert actual.shape == expected.shape, f"shape {actual.shape} != {expected.shape}"
    differ = _count_differing(np.asarray(actual), np.asarray(expected), ulps)
    assert not differ, f"{differ} values differ:\n{actual!r}\n!=\n{expected!r}"


#: Elements compared at a time: a large result is checked in pieces along its leading axes,
#: so that the comparison's temporaries stay a few MB however big the arrays are.
COMPARE_CHUNK = 1 << 20


def _count_differing(got, want, ulps):
    """How many values of ``got`` and ``want`` (same dtype and shape) differ under
    `assert_same`'s rules."""
    if got.size > COMPARE_CHUNK and got.ndim >= 1:
        if got.shape[0] > 1:
            step = max(1, got.shape[0] * COMPARE_CHUNK // got.size)
            return sum(_count_differing(got[i:i + step], want[i:i + step], ulps)
                       for i in range(0, got.shape[0], step))
        if got.ndim >= 2:  # a single huge row: cut along the next axis
            return _count_differing(got[0], want[0], ulps)
    # native-order bits: -0.0 differs from 0.0 and NaNs must sit in the same places
    got = got.astype(got.dtype.newbyteorder("="))
    want = want.astype(want.dtype.newbyteorder("="))
    bad = _bits(got) != _bits(want)
    if got.dtype.kind in "fc":
        # a NaN's sign and payload are not part of the contract, its position is
        parts = lambda a: np.ascontiguousarray(a).view(np.finfo(a.dtype).dtype)  # noqa: E731
        bad &= ~(np.isnan(parts(got)) & np.isnan(parts(want))).reshape(bad.shape)
    if ulps and got.dtype.kind in "fc":
        # same sign and within `ulps` steps of the integer ordering of the bits
        diff = _bits(got).astype(np.int64) - _bits(want).astype(np.int64)
        bad &= np.abs(diff) > ulps
    return int(np.count_nonzero(bad))


def outcome(fn, *args, **kwargs):
    """``('ok', result)`` or ``('raise', exception)`` of a call."""
    try:
        return "ok", fn(*args, **kwargs)
    except Exception as exc:  # the exception is the result under test
        return "raise", exc


def _public_base(cls):
    """NumPy raises private subclasses (``_UFuncOutputCastingError``); compare the nearest
    public class: the first base that is a builtin exception or lives in numpy.exceptions."""
    for base in cls.__mro__:
        if base.__module__ in ("builtins", "numpy.exceptions"):
            return base
    return Exception


def assert_matches(call_ja, call_np, ulps=0):
    """Run both zero-argument callables: same result (strictly), or the same exception type."""
    kind_np, want = outcome(call_np)
    kind_ja, got = outcome(call_ja)
    if kind_np == "raise":
        assert kind_ja == "raise", f"NumPy raised {want!r}, jitarray returned {got!r}"
        assert isinstance(got, _public_base(type(want))), f"{got!r} is not a {type(want).__name__} like {want!r}"
        return
    if kind_ja == "raise":
        raise AssertionError(f"jitarray raised {got!r}; NumPy returned {want!r}") from got
    assert_same(got, want, ulps)


def both(name, *args, mute=None, mute_warnings=False, oracle=None, fix=None, **kwargs):
    """``(jitarray call, NumPy call)`` of ``name(*args, **kwargs)`` as zero-argument callables,
    for `assert_matches`; the NumPy call is to ``name``'s oracle in the function table.

    ``mute``: whose floating-point warnings are silenced (``np.errstate(all="ignore")``):
    ``None``, ``"numpy"`` or ``"both"``; ``mute_warnings`` silences Python warnings in those
    calls too.  ``oracle(numpy_function, *args, **kwargs)`` replaces the plain NumPy call;
    ``fix(name, result)`` is applied to both results, to leave out of the comparison what
    the contract lets differ."""
    assert mute in (None, "numpy", "both"), mute
    numpy_function = NUMPY[name] if oracle is None else functools.partial(oracle, NUMPY[name])

    def call(function, muted):
        def run():
            with contextlib.ExitStack() as stack:
                if muted:
                    stack.enter_context(np.errstate(all="ignore"))
                    if mute_warnings:
                        stack.enter_context(warnings.catch_warnings())
                        warnings.simplefilter("ignore")
                result = function(*args, **kwargs)
                return result if fix is None else fix(name, result)

        return run

    return call(getattr(jitarray, name), mute == "both"), call(numpy_function, mute is not None)


def sample(dtype, shape, seed=0):
    """An array of ``dtype`` and ``shape`` whose values cover the dtype's interesting cases:
    extremes for integers, ``nan``, ``inf``, ``-0.0`` and subnormals for floats."""
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    if dtype.kind == "b":
        values = rng.random(size) < 0.5
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        special = np.array([0, 1, info.max, info.min, info.max - 1, 2, 3], dtype=dtype)
        values = rng.integers(info.min, info.max, size, dtype=dtype, endpoint=True)
        values[: min(size, special.size)] = special[: min(size, special.size)]
    else:
        part = np.finfo(dtype).dtype  # the real type of a complex dtype
        info = np.finfo(part)
        special = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1.0, -2.5, info.tiny / 4, info.max], dtype=part)

        def draw():
            v = (rng.standard_normal(size) * 10.0 ** rng.integers(-3, 4, size)).astype(part)
            pick = rng.random(size) < 0.3
            v[pick] = rng.choice(special, int(pick.sum()))
            return v

        with np.errstate(invalid="ignore"):  # inf * 1j: the nan it makes is one more special value
            values = draw() if dtype.kind == "f" else draw() + 1j * draw().astype(dtype)
    return np.asarray(values, dtype=dtype).reshape(shape)


def layouts(a):
    """The same logical array in several memory layouts: ``{name: array}``."""
    out = {"C": np.ascontiguousarray(a)}
    if a.ndim >= 2:
        out["F"] = np.asfortranarray(a)
        out["transposed"] = np.ascontiguousarray(np.swapaxes(a, 0, -1)).swapaxes(0, -1)
    if a.ndim >= 1:
        wide = np.repeat(a, 2, axis=-1) if a.shape[-1] else a
        out["strided"] = wide[..., ::2] if a.shape[-1] else wide
        out["reversed"] = np.ascontiguousarray(a[..., ::-1])[..., ::-1]
    if a.dtype.itemsize > 1:
        out["byteswapped"] = a.astype(a.dtype.newbyteorder())
    return out


#: Shapes every family is tried on: 0-d, empty, 1-D, 2-D and 3-D.
SHAPES = [(), (0,), (7,), (3, 0), (4, 5), (2, 3, 4)]


@contextlib.contextmanager
def address_space_cap(extra=4 << 30):
    """Cap this process's address space a little above what it uses, so that a request for
    terabytes fails at once on any machine (one that overcommits would otherwise hand it
    out and the first fill would touch it).  The huge-size tests need no more than a few MB."""
    try:
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * resource.getpagesize()
    except OSError:  # not Linux: huge sizes fail there without help
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + extra if hard == resource.RLIM_INFINITY else min(used + extra, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
