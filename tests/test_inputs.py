"""What every function does with its inputs: never modifies them, whatever the layout
(read-only inputs work); takes plain arrays, sequences and numbers and refuses inputs NumPy
would hand to other code; names unsupported dtypes as NumPy prints them; takes DType
classes; lays its result out in memory as NumPy does."""

import inspect
import subprocess
import sys

import numpy as np
import pytest
from _support import assert_matches, assert_same, layouts, outcome, sample

import jitarray as ja
from jitarray._table import FUNCTIONS

# Representative argument lists per function: ``a`` is the array under test.
CALLS = {
    "array": lambda a: [(a,), (a, a.dtype)],
    "zeros": lambda a: [],
    "ones": lambda a: [],
    "empty": lambda a: [],
    "full": lambda a: [((2, 2), a[0, 0]), ((2, 6), a[:1])],
    "zeros_like": lambda a: [(a,)],
    "ones_like": lambda a: [(a,)],
    "empty_like": lambda a: [(a,)],
    "full_like": lambda a: [(a, 1)],
    "arange": lambda a: [],
    "linspace": lambda a: [(a, a, 3)],
    "identity": lambda a: [],
    "eye": lambda a: [],
    "reshape": lambda a: [(a, -1), (a, (-1, 1), "F")],
    "ravel": lambda a: [(a,), (a, "F")],
    "transpose": lambda a: [(a,)],
    "add": lambda a: [(a, a), (a, 1)],
    "subtract": lambda a: [(a, a[::-1])] if a.dtype != bool else [],
    "multiply": lambda a: [(a, a)],
    "divide": lambda a: [(a, a)],
    "true_divide": lambda a: [(a, 2)],
    "sqrt": lambda a: [(a,)],
    "sum": lambda a: [(a,), (a, 0), (a, -1)],
    "prod": lambda a: [(a,), (a, 0), (a, -1)],
    "mean": lambda a: [(a,), (a, 0), (a, -1)],
    "var": lambda a: [(a,), (a, 0), (a, -1)],
    "std": lambda a: [(a,), (a, 0), (a, -1)],
    "min": lambda a: [(a,), (a, 0), (a, -1)],
    "amin": lambda a: [(a,), (a, 0), (a, -1)],
    "max": lambda a: [(a,), (a, 0), (a, -1)],
    "amax": lambda a: [(a,), (a, 0), (a, -1)],
    "argmin": lambda a: [(a,), (a, 0), (a, -1)],
    "argmax": lambda a: [(a,), (a, 0), (a, -1)],
    "any": lambda a: [(a,), (a, 0), (a, -1)],
    "all": lambda a: [(a,), (a, 0), (a, -1)],
    "nansum": lambda a: [(a,), (a, 0), (a, -1)],
    "nanprod": lambda a: [(a,), (a, 0), (a, -1)],
    "nanmean": lambda a: [(a,), (a, 0), (a, -1)],
    "nanvar": lambda a: [(a,), (a, 0), (a, -1)],
    "nanstd": lambda a: [(a,), (a, 0), (a, -1)],
    "nanmin": lambda a: [(a,), (a, 0), (a, -1)],
    "nanmax": lambda a: [(a,), (a, 0), (a, -1)],
    "nanargmin": lambda a: [(a,), (a, 0), (a, -1)],
    "nanargmax": lambda a: [(a,), (a, 0), (a, -1)],
    "sort": lambda a: [(a,), (a, 0), (a, None)],
    "argsort": lambda a: [(a,), (a, 0)],
    "nonzero": lambda a: [(a,)],
    "flatnonzero": lambda a: [(a,)],
    "argwhere": lambda a: [(a,)],
    "count_nonzero": lambda a: [(a,), (a, 0)],
    "where": lambda a: [(a,), (a, a, a[::-1])],
}


def test_every_function_has_calls():
    assert set(CALLS) == {f.name for f in FUNCTIONS}


@pytest.mark.parametrize("axis", [True, False, np.True_, (True,), (0, True), (np.False_, 1)], ids=repr)
def test_bool_axes_as_numpy(axis):
    """A bool is no axis to NumPy's reductions, argmin/argmax and argsort (TypeError); sort
    reads ``True`` as 1, as NumPy's does."""
    a = np.arange(12, dtype=np.float32).reshape(3, 4)  # (float32: kernels this file compiles anyway)
    for f in FUNCTIONS:
        if "axis" not in inspect.signature(getattr(ja, f.name)).parameters:
            continue
        kind_np, want = outcome(lambda: getattr(np, f.numpy)(a, axis=axis))
        kind_ja, got = outcome(lambda: getattr(ja, f.name)(a, axis=axis))
        assert kind_ja == kind_np, (f.name, got, want)
        if kind_np == "raise":
            assert type(got) is type(want), (f.name, got, want)
        else:
            assert_same(got, want)


@pytest.mark.parametrize("keepdims", [1, 0, np.int8(1), np.array(1), 1.0, None, "yes", np.True_, [1], 2**70],
                         ids=repr)
def test_keepdims_forms_as_numpy(keepdims):
    """NumPy's reductions read ``keepdims`` as an integer (floats, None, strings and
    ``numpy.bool`` are refused, a 0-d integer array is taken); argmin/argmax read its truth
    value."""
    a = np.arange(12, dtype=np.float32).reshape(3, 4)  # (float32: kernels this file compiles anyway)
    for f in FUNCTIONS:
        if "keepdims" not in inspect.signature(getattr(ja, f.name)).parameters:
            continue
        # (a bad axis beside: NumPy's mean and variances meet it first, its sums the keepdims)
        for x, axis in [(a, 0), (a, 2), (a, (0, 0)), (a.astype(np.int16), 2), (a.tolist(), (1, -3))]:
            kind_np, want = outcome(lambda: getattr(np, f.numpy)(x, axis=axis, keepdims=keepdims))
            kind_ja, got = outcome(lambda: getattr(ja, f.name)(x, axis=axis, keepdims=keepdims))
            assert kind_ja == kind_np, (f.name, axis, got, want)
            if kind_np == "raise":
                assert type(got) is type(want), (f.name, axis, got, want)
            else:
                assert_same(got, want)


@pytest.mark.parametrize("order", ["C", "f", "a", "k", "K", None, b"C", b"f", np.str_("F"), "", "CF", "X", 1, ["C"]],
                         ids=repr)
def test_order_forms_as_numpy(order):
    """Every function with ``order`` reads it as NumPy does: one letter of either case, as
    ``str`` or ``bytes``; ``None`` is the default; an order the function cannot make and
    any other string are a ``ValueError``, other types a ``TypeError``.  Results are laid
    out as NumPy's."""
    f_ordered = np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3))
    calls = {name: (lambda m, name=name: getattr(m, name)((2, 3), order=order)) for name in ("zeros", "ones", "empty")}
    calls.update(
        full=lambda m: m.full((2, 3), 7, order=order),
        eye=lambda m: m.eye(3, order=order),
        array=lambda m: m.array(f_ordered, order=order),
        reshape=lambda m: m.reshape(f_ordered, 6, order=order),
        ravel=lambda m: m.ravel(f_ordered, order=order),
        zeros_like=lambda m: m.zeros_like(f_ordered, order=order),
        full_like=lambda m: m.full_like(f_ordered, 7, order=order),
    )
    for name, call in calls.items():
        kind_np, want = outcome(call, np)
        kind_ja, got = outcome(call, ja)
        assert kind_ja == kind_np, (name, got, want)
        if kind_np == "raise":
            assert type(got) is type(want), (name, got, want)
        else:
            assert got.strides == want.strides, name
            if name != "empty":
                assert_same(got, want)


@pytest.mark.parametrize("args", [(True,), (3, True), (3, None, True), (3, None, 5.5), (3, None, 1.5), (2.0,)], ids=repr)
def test_eye_sizes_as_numpy(args):
    """``eye`` and ``identity`` take their sizes as a shape (a bool is refused) and ``k`` as
    NumPy does (a ``k`` past the last column is never read as an integer)."""
    for name, call in (("eye", args), ("identity", args[:1])):
        kind_np, want = outcome(lambda: getattr(np, name)(*call))
        kind_ja, got = outcome(lambda: getattr(ja, name)(*call))
        assert kind_ja == kind_np and (kind_np == "ok" or type(got) is type(want)), (name, got, want)
        if kind_np == "ok":
            assert_same(got, want)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float32", "complex128"])
def test_inputs_unchanged(name, dtype):
    for layout, a in layouts(sample(dtype, (4, 6), 3)).items():
        a.flags.writeable = False  # a write would raise; the byte check below catches the rest
        before = a.tobytes(order="A"), a.shape, a.strides, a.dtype
        for args in CALLS[name](a):
            with np.errstate(all="ignore"):
                getattr(ja, name)(*args)
        assert (a.tobytes(order="A"), a.shape, a.strides, a.dtype) == before, layout


# ------------------------------------------------------------------ the input policy


class _OwnFunction:
    """An array-like NumPy hands every function to (its own ``__array_function__``)."""

    def __init__(self, values):
        self.values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self.values

    def __array_function__(self, func, types, args, kwargs):
        return "its own answer"


class _OwnMethods:
    """A pandas-like object: ``__array__``, its own ufunc handling and reduction methods
    (NumPy's ``np.sum(x)`` calls ``x.sum()``, which skips NaN here as pandas does)."""

    def __init__(self, values):
        self.values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self.values

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return NotImplemented

    def sum(self, axis=None, dtype=None, out=None, **kwargs):
        return np.nansum(self.values)


def _foreign_inputs(values):
    mask = np.zeros(values.shape, bool)
    mask.reshape(-1)[-1] = True
    return {
        "MaskedArray": np.ma.array(values, mask=mask),
        "matrix": np.asmatrix(values),
        "__array_function__": _OwnFunction(values),
        "__array_ufunc__": _OwnMethods(values),
    }


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix
def test_foreign_inputs_would_differ():
    """The reason for the policy: NumPy's answers for these inputs are not their plain
    values' answers."""
    values = np.array([[1.0, 2.0], [3.0, 9.0]])
    foreign = _foreign_inputs(values)
    assert np.max(foreign["MaskedArray"]) == 3.0 != np.max(values)
    assert np.sum(_OwnMethods([1.0, np.nan, 2.0])) == 3.0
    assert np.sum(foreign["__array_function__"]) == "its own answer"
    assert np.sum(foreign["matrix"], axis=1).shape == (2, 1)


# the functions taking an array to compute on (creation from shapes or scalars aside; a
# fill value is a value, and ``array`` converts as ``numpy.array`` does, keeping the plain
# values), each with the arguments that follow the array(s)
_COMPUTING = sorted(name for name, calls in CALLS.items()
                    if name not in ("array", "full") and calls(np.ones((2, 2))))
_OPERANDS = {"add": 2, "subtract": 2, "multiply": 2, "divide": 2, "true_divide": 2, "linspace": 2, "where": 3}
_AFTER = {"reshape": (-1,), "full_like": (1,), "linspace": (3,)}


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.parametrize("name", _COMPUTING)
def test_foreign_inputs_refused_on_every_call(name):
    for kind, obj in _foreign_inputs(np.array([[1.0, 2.0], [3.0, 9.0]])).items():
        for attempt in range(2):  # the first call in a process and a later one alike
            for args in [(obj,) * _OPERANDS.get(name, 1), (obj, 1.0, 2.0)[:_OPERANDS.get(name, 1)]]:
                with pytest.raises(TypeError, match=r"does not take .* np\.asarray\(x\)"):
                    getattr(ja, name)(*args, *_AFTER.get(name, ()))


@pytest.mark.parametrize("name", ["add", "where", "sum", "sort", "argmax"])
def test_plain_inputs_and_memmap_accepted(name, tmp_path):
    values = np.array([[1.0, 2.0], [3.0, 9.0]])
    mapped = np.memmap(tmp_path / "values", dtype=values.dtype, mode="w+", shape=values.shape)
    mapped[...] = values
    for obj in (values, mapped, values.tolist()):
        for args in CALLS[name](obj):
            got = getattr(ja, name)(*args)
            want = getattr(np, name)(*(np.asarray(v) if isinstance(v, np.memmap) else v for v in args))
            assert_same(got, want)
    del mapped


@pytest.mark.parametrize("dtype, name", [
    ("O", "object"), ("M8[s]", r"datetime64\[s\]"), ("m8[ms]", r"timedelta64\[ms\]"), ("U3", "<U3"),
    (np.longdouble, "longdouble"), (np.clongdouble, "clongdouble"), (np.dtypes.StrDType, "str"),
])
def test_unsupported_dtypes_named_as_numpy_prints_them(dtype, name):
    with pytest.raises(TypeError, match=f"does not support dtype {name};"):
        ja.zeros(2, dtype)
    if dtype is not np.dtypes.StrDType:
        with pytest.raises(TypeError, match=f"does not support dtype {name};"):
            ja.sum(np.zeros(2, dtype))


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "full", "arange", "array", "eye", "identity",
                                  "linspace", "zeros_like", "sum", "prod", "mean", "var", "nansum"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float32", "complex64", "float16"])
def test_dtype_classes_taken_wherever_a_dtype_is(name, dtype):
    """``np.dtypes.Float32DType`` names ``float32`` as ``"float32"`` does (NumPy 2.4's own
    ``arange`` reads a DType class as ``object``; jitarray reads it as the class's dtype)."""
    cls = type(np.dtype(dtype))
    args = {"zeros": (3,), "ones": (3,), "empty": (3,), "full": ((3,), 1), "arange": (3,), "array": ([1, 0],),
            "eye": (2,), "identity": (2,), "linspace": (0, 1, 3), "zeros_like": (np.ones(3),),
            "sum": (np.ones(3),), "prod": (np.ones(3),), "mean": (np.ones(3),), "var": (np.ones(3),),
            "nansum": (np.ones(3),)}[name]
    by_class = outcome(getattr(ja, name), *args, dtype=cls)
    by_name = outcome(getattr(ja, name), *args, dtype=dtype)
    assert by_class[0] == by_name[0]
    if by_name[0] == "ok":
        if name != "empty":
            assert_same(by_class[1], by_name[1])
        assert by_class[1].dtype == np.dtype(dtype)
    else:
        assert type(by_class[1]) is type(by_name[1])


# ------------------------------------------------------------------ result memory order


def _order(r):
    """What NumPy users see of a result's memory order: the contiguity flags and the axes
    (longer than 1) from the largest stride to the smallest."""
    if isinstance(r, tuple):
        return tuple(_order(v) for v in r)
    if not isinstance(r, np.ndarray):
        return type(r)
    big = [k for k in range(r.ndim) if r.shape[k] > 1]
    return r.flags.c_contiguous, r.flags.f_contiguous, tuple(sorted(big, key=lambda k: -abs(r.strides[k])))


@pytest.mark.parametrize("name", sorted(set(_COMPUTING) | {"array"}))
@pytest.mark.parametrize("dtype", ["int16", "float64", "complex64", "complex128"])
def test_result_memory_order_as_numpy(name, dtype):
    base = sample(dtype, (3, 4, 5), 5)
    for layout, a in layouts(base).items():
        for a in (a, a.transpose(1, 2, 0), a[:, ::2]):
            for args in CALLS[name](a) + ([(a, 1)] if name in ("sum", "argmax", "nanmin", "var") else []):
                with np.errstate(all="ignore"):
                    kind_np, want = outcome(getattr(np, name), *args)
                    kind_ja, got = outcome(getattr(ja, name), *args)
                assert kind_ja == kind_np, (layout, args[1:])
                if kind_np == "ok":
                    assert _order(got) == _order(want), (layout, a.strides, args[1:])


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("dtype", ["q", "Q"])
def test_longlong_results_as_numpy(name, dtype):
    """NumPy's longlong/ulonglong ('q'/'Q') equal int64/uint64 but are other dtype objects,
    which NumPy's results keep (and its promotion prefers: int64 + longlong is longlong):
    the result's dtype object and scalar type are NumPy's, as `assert_same` checks."""
    a = sample(dtype, (4, 6), 3)
    plain = sample(dtype.replace("q", "l").replace("Q", "L"), (4, 6), 4)
    calls = [args for layout in layouts(a).values() for args in CALLS[name](layout)]
    if name in _OPERANDS and name != "linspace":  # mixed with the int64 of the same kind
        calls += [(plain, a)[:_OPERANDS[name]], (a, plain)[:_OPERANDS[name]], (plain, plain[::-1])[:_OPERANDS[name]]]
        if name == "where":
            calls += [(a > 0, plain, a), (a > 0, a, plain), (a > 0, a, 1)]

    def call(module, *args, **kwargs):
        result = getattr(module, name)(*args, **kwargs)
        if name.startswith("empty"):  # values undefined: the dtype, shape and layout are compared
            result[...] = 0
        return result

    with np.errstate(all="ignore"):  # the int64 twins first: every cache keyed by dtype meets them first
        for args in [args for layout in layouts(plain).values() for args in CALLS[name](layout)]:
            call(ja, *args)
    for args in calls:
        with np.errstate(all="ignore"):
            assert_matches(lambda: call(ja, *args), lambda: call(np, *args))
    # a longlong named by dtype=, in each spelling NumPy takes
    if "dtype" in inspect.signature(getattr(ja, name)).parameters:
        # (small non-negative values: var's float deviations cast to an unsigned dtype stay
        # in range, where NumPy's cast is defined)
        source = np.arange(24, dtype=np.int32).reshape(4, 6)
        args = {"array": (source,), "full": ((2, 3), 7), "full_like": (source, 7), "arange": (5,),
                "linspace": (0, 10, 5), "identity": (3,), "eye": (3,)}.get(name, CALLS[name](source)[0]
                                                                             if CALLS[name](source) else ((2, 3),))
        # (NumPy 2.4's arange, nanmean and nanvar misread a DType class: it is compared with
        # NumPy given the class's dtype, as test_dtype_classes_taken_wherever_a_dtype_is does)
        for spec, numpy_spec in ((dtype, dtype), (np.dtype(dtype),) * 2, (np.dtype(dtype).type,) * 2,
                                 (type(np.dtype(dtype)), np.dtype(dtype))):
            with np.errstate(all="ignore"):
                assert_matches(lambda: call(ja, *args, dtype=spec), lambda: call(np, *args, dtype=numpy_spec))


def test_int64_results_stay_int64_after_longlong_inputs():
    """NumPy's int64 and longlong dtypes compare equal, so a cache keyed by dtype could hand
    an int64 input the longlong result type of an earlier call: checked in a fresh process,
    longlong calls first."""
    script = """
import itertools, numpy as np, jitarray as ja
calls = {"sum": ja.sum, "max": ja.max, "nanmin": ja.nanmin, "prod": ja.prod, "sort": ja.sort,
         "mean": ja.mean, "axis": lambda a: ja.max(a, axis=0), "add": lambda a: ja.add(a, a),
         "multiply": lambda a: ja.multiply(a, 2), "where": lambda a: ja.where(a > 1, a, a)}
shapes = [(6,), (2, 3)]
for first, (name, f), shape in itertools.product("qQ", calls.items(), shapes):
    f(np.arange(6, dtype=first).reshape(shape))
for dt, (name, f), shape in itertools.product("lL", calls.items(), shapes):
    r = f(np.arange(6, dtype=dt).reshape(shape))
    assert r.dtype.char not in "qQ" and type(r) not in (np.longlong, np.ulonglong), (dt, name, shape)
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=600)
