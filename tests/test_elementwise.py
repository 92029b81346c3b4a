import tracemalloc
from functools import partial

import numba
import numpy as np
import pytest
from _support import DTYPES, NUMPY, SHAPES, assert_matches, assert_same, by_dtype, layouts, outcome, sample
from _support import both as _both
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import jitarray as ja
from jitarray._kernels._common import PARALLEL_MIN_SIZE
from jitarray._table import family
from jitarray.elementwise import PIECE, ROW_MIN

NAMES = [f.name for f in family("elementwise")]
BINARY = [name for name in NAMES if name != "sqrt"]

both = partial(_both, mute="both")  # floating-point warnings muted in both (test_fperr compares them)


@by_dtype
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_binary_every_dtype_and_layout(name, dtype, shape):
    x, y = sample(dtype, shape, 1), sample(dtype, shape, 2)
    for layout, lx in layouts(x).items():
        # NumPy multiplies complex numbers with FMA in its SIMD loops but not on reversed
        # (negative-stride) operands; jitarray always takes the SIMD loops' formula.
        ulps = 1 if name == "multiply" and dtype.kind == "c" and layout == "reversed" else 0
        for ly in (y, layouts(y).get("F", y)):
            assert_matches(*both(name, lx, ly), ulps=ulps)


@by_dtype
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_sqrt_every_dtype_and_layout(dtype, shape):
    for lx in layouts(sample(dtype, shape)).values():
        assert_matches(*both("sqrt", lx))


@pytest.mark.parametrize("name", BINARY)
def test_every_dtype_pair_promotes_as_numpy(name):
    for d1 in DTYPES:
        for d2 in DTYPES:
            assert_matches(*both(name, sample(d1, (5,), 3), sample(d2, (5,), 4)))


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize(
    "shapes", [((3, 1), (1, 4)), ((4,), (3, 4)), ((), (2, 3)), ((1,), (5,)), ((2, 1, 3), (4, 1)), ((0, 3), (1, 3))],
    ids=str,
)
def test_broadcasting(name, shapes):
    for dtype in ("int16", "float32", "complex128"):
        assert_matches(*both(name, sample(dtype, shapes[0], 5), sample(dtype, shapes[1], 6)))
        assert_matches(*both(name, sample(dtype, shapes[1], 5), sample(dtype, shapes[0], 6)))


@by_dtype
@pytest.mark.parametrize("scalar", [0, 1, 100, 127, 300, -1, -129, 2**40, 2.5, -0.0, float("nan"), 1j, True])
@pytest.mark.parametrize("name", BINARY)
def test_python_scalars_are_weak(name, dtype, scalar):
    x = sample(dtype, (6,), 7)
    assert_matches(*both(name, x, scalar))
    assert_matches(*both(name, scalar, x))


@pytest.mark.parametrize("name", BINARY)
def test_unsigned_64_bit_scalars_past_the_signed_range(name):
    """uint64 scalars of 2**63 and more (NumPy scalars, 0-d arrays, Python ints), beside
    uint64 arrays, 0-d arrays and bool: from Python and inside @njit."""
    big, x = np.uint64(2**63 + 5), np.array([0, 1, 2**63, 2**64 - 1], np.uint64)
    for a, b in [(x, big), (big, x), (x, 2**64 - 1), (np.array(big), x), (np.array(False), np.array(big)),
                 (big, np.uint64(7)), (x, np.array(big))]:
        assert_matches(*both(name, a, b, mute="both"))
    with np.errstate(all="ignore"):
        function = getattr(ja, name)
        got = numba.njit(lambda a, s: function(a, s))(x, big)
        assert_same(got, NUMPY[name](x, big))


@pytest.mark.parametrize("name", NAMES)
def test_scalar_and_zero_d_inputs_give_numpy_scalars(name):
    args = [(np.float32(2.5), 3), (2, 3), (np.array(5, np.int8), np.int8(2)), (1.5, 1j)]
    for a, b in args:
        call = both(name, a) if name == "sqrt" else both(name, a, b)
        assert_matches(*call)


@pytest.mark.parametrize("name", NAMES)
def test_python_ints_past_int64_beside_python_numbers(name):
    """Python numbers alone are weak: an int past int64's range raises OverflowError in an
    integer loop (add(0, 2**63)) and becomes a float in a floating one (divide(0, 2**63),
    add(2**64, 1.5)); sqrt alone takes it as np.asarray does (uint64, or an object refused)."""
    big = [2**63, 2**64 - 1, 2**64, -(2**63) - 1, 2**1000]
    if name == "sqrt":
        cases = [(b,) for b in big]
    else:
        cases = [pair for b in big for o in (0, -1, True, 1.5, 1j, 2**63, -(2**63))
                 for pair in ((b, o), (o, b))]
    for args in cases:
        assert_matches(*both(name, *args, mute="both"))
    if name != "sqrt":  # (NumPy converts the ints before it checks out's type)
        assert_matches(*both(name, 0, 2**63, out=np.empty((), np.uint64)))


@pytest.mark.parametrize("dtype", ["float16", ">f8", "<i4", ">c16", ">u2"])
@pytest.mark.parametrize("name", NAMES)
def test_float16_and_byteswapped_inputs(name, dtype):
    x, y = sample("float64", (9,), 8).astype(dtype), sample("float64", (9,), 9).astype(dtype)
    assert_matches(*(both(name, x) if name == "sqrt" else both(name, x, y)))


@pytest.mark.parametrize("dtype", ["int8", "uint16", "float32", "float64", "complex64", "int64"])
@pytest.mark.parametrize("name", NAMES)
def test_parallel_path(name, dtype):
    n = PARALLEL_MIN_SIZE * 3 + 17
    x, y = sample(dtype, (n,), 10), sample(dtype, (n,), 11)
    assert_matches(*(both(name, x) if name == "sqrt" else both(name, x, y)))


def test_bool_subtract_raises_type_error():
    x = np.array([True, False])
    assert_matches(*both("subtract", x, x))
    with pytest.raises(TypeError):
        ja.subtract(x, True)


@pytest.mark.parametrize("bad", [np.array(["a"]), np.array([object()]), {1, 2}, np.array([1], "M8[s]"),
                                 np.array([1.0], np.longdouble)],
                         ids=["str", "object", "set", "datetime", "longdouble"])
@pytest.mark.parametrize("name", NAMES)
def test_unsupported_inputs_raise_type_error(name, bad):
    with pytest.raises(TypeError):
        getattr(ja, name)(bad) if name == "sqrt" else getattr(ja, name)(bad, 1)


def test_shape_mismatch_raises_value_error():
    assert_matches(*both("add", np.ones(3), np.ones(4)))


@pytest.mark.parametrize("name", BINARY)
def test_out(name):
    x, y = sample("int32", (2, 3), 1), sample("int32", (3,), 2)
    for make_out in (lambda: np.empty((2, 3)), lambda: np.empty((2, 3), "int64"),
                     lambda: np.empty((2, 3), "float32"), lambda: np.empty((3, 2)).T,
                     lambda: np.empty((2, 3), "int16"), lambda: np.empty((4, 3)),
                     lambda: np.empty((2, 3), "complex64")):
        out_ja, out_np = make_out(), make_out()
        call_np = both(name, x, y, out=out_np)[1]
        assert_matches(lambda: getattr(ja, name)(x, y, out=out_ja), call_np)
        if outcome(call_np)[0] == "ok":
            assert_same(out_ja, out_np)


def test_out_is_returned_and_broadcast_into():
    out = np.zeros((2, 3))
    assert ja.add(1.0, np.ones(3), out=out) is out
    assert_same(out, np.full((2, 3), 2.0))
    tup = (np.zeros(3),)
    assert ja.multiply([1, 2, 3], 2, out=tup) is tup[0]


def test_out_read_only_or_not_an_array():
    out = np.zeros(3)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        ja.add(np.ones(3), 1, out=out)
    assert not out.any()
    with pytest.raises(TypeError):
        ja.add(np.ones(3), 1, out=[0, 0, 0])


def test_out_overlapping_an_input():
    for name in BINARY:
        a = sample("float64", (10,), 3)
        b = a.copy()
        getattr(ja, name)(a[:-1], a[1:], out=a[1:])
        with np.errstate(all="ignore"):
            NUMPY[name](b[:-1], b[1:], out=b[1:])
        assert_same(a, b)


# Broadcasts that take each way of feeding the kernel (jitarray.elementwise._pieces): a row
# repeated along the outer axes (tiled in pieces), a column constant along rows of ROW_MIN
# items or more (one scalar per row), both at once, rows too short for that or operands
# broadcast along a middle axis (copied), each also past the thread threshold.
PIECE_SHAPES = [
    ((5, 7), (7,)), ((9, 5000), (5000,)), ((3, 4, ROW_MIN), (4, ROW_MIN)), ((6, ROW_MIN + 3), (6, 1)),
    ((6, 3, ROW_MIN), (6, 1, 1)), ((ROW_MIN - 1, 3), (ROW_MIN - 1, 1)), ((5, 1), (ROW_MIN,)), ((3, 5, 7), (5, 1)),
    ((PARALLEL_MIN_SIZE // 1000 + 3, 1000), (1000,)), ((PARALLEL_MIN_SIZE // ROW_MIN + 2, ROW_MIN), (1, 1)),
    ((PARALLEL_MIN_SIZE // ROW_MIN + 2, ROW_MIN), (PARALLEL_MIN_SIZE // ROW_MIN + 2, 1)),
]


@pytest.mark.parametrize("shapes", PIECE_SHAPES, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_broadcast_pieces(name, shapes):
    for dtype in ("int8", "float64", "complex128"):
        x, y = sample(dtype, shapes[0], 7), sample(dtype, shapes[1], 8)
        for lx in (x, np.asfortranarray(x)):  # the result in C and in F order
            assert_matches(*both(name, lx, y))
            assert_matches(*both(name, y, lx))


def _peak_bytes(call):
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", BINARY)
def test_out_written_in_place(name):
    rows = 4 * PIECE // ROW_MIN + 1  # a row tiled to PIECE items is a quarter of the result
    for dtype in ("int16", "float64", "complex128"):
        x, y, col = sample(dtype, (rows, ROW_MIN), 1), sample(dtype, (ROW_MIN,), 2), sample(dtype, (rows, 1), 3)
        cases = [  # (inputs, out): out of other orders, bigger than the inputs' broadcast, one of them
            (lambda: (x.copy(), y), lambda args: np.empty_like(x)),
            (lambda: (x.copy(), col), lambda args: np.empty(x.shape, dtype, order="F")),
            (lambda: (y, col), lambda args: np.empty((2, *x.shape), dtype)),
            (lambda: (x.copy(), y), lambda args: args[0]),
            (lambda: (x.copy(),), lambda args: args[0]),  # x <op> x into x
            (lambda: (x.copy(), y), lambda args: args[0][::-1]),  # sharing memory, not item for item
            (lambda: (x.copy(), y), lambda args: np.empty(x.shape, "c8" if dtype == "complex128" else "f4")),  # a cast
        ]
        for inputs, make_out in cases:
            got, want = inputs(), inputs()
            out_ja, out_np = make_out(got), make_out(want)
            # each call once: it may write an input (divide raises for an integer out)
            kind_ja, res_ja = outcome(both(name, *(got * 2)[:2], out=out_ja)[0])
            kind_np, res_np = outcome(both(name, *(want * 2)[:2], out=out_np)[1])
            assert kind_ja == kind_np, (res_ja, res_np)
            if kind_np == "ok":
                assert res_ja is out_ja
                assert_same(out_ja, out_np)
            else:
                assert isinstance(res_ja, TypeError) and isinstance(res_np, TypeError)
            assert_same(got[0], want[0])
    # no temporary of the result's size: neither a result to copy into out nor the row
    # broadcast out to the whole shape (the row's tile is a quarter of it)
    x, y = sample("float64", (rows, ROW_MIN), 1), sample("float64", (ROW_MIN,), 2)
    out = np.empty_like(x)
    with np.errstate(all="ignore"):
        getattr(ja, name)(x, y, out=out)
        assert _peak_bytes(lambda: getattr(ja, name)(x, y, out=out)) < out.nbytes / 2
        assert _peak_bytes(lambda: getattr(ja, name)(x, y)) < 1.5 * out.nbytes


# --------------------------------------------------------------- property tests

element_dtypes = st.sampled_from(DTYPES)


@st.composite
def operands(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4))
    dt1, dt2 = draw(element_dtypes), draw(element_dtypes)
    x = draw(hnp.arrays(dt1, shapes.input_shapes[0]))
    y = draw(hnp.arrays(dt2, shapes.input_shapes[1]))
    if draw(st.booleans()) and x.ndim >= 2:
        x = np.asfortranarray(x)
    return x, y


@given(operands(), st.sampled_from(BINARY))
def test_binary_property(xy, name):
    assert_matches(*both(name, *xy))


@given(hnp.arrays(element_dtypes, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)))
def test_sqrt_property(x):
    assert_matches(*both("sqrt", x))


# --------------------------------------------------------------- inside @njit


@numba.njit(cache=True)
def _binary_in_njit(x, y):
    return ja.add(x, y), ja.subtract(x, y), ja.multiply(x, y), ja.divide(x, y)


@numba.njit(cache=True)
def _sqrt_in_njit(x):
    return ja.sqrt(x)


@by_dtype
def test_inside_njit(dtype):
    x, y = sample(dtype, (3, 4), 1), sample(dtype, (4,), 2)
    if dtype == np.bool_:
        with pytest.raises(TypeError, match="boolean subtract"):
            _binary_in_njit(x, y)  # NumPy's TypeError, raised when Numba compiles the call
        results = (ja.add(x, y), None, ja.multiply(x, y), ja.divide(x, y))
    else:
        results = _binary_in_njit(x, y)
    for name, got in zip(["add", "subtract", "multiply", "divide"], results):
        if got is not None:
            assert_same(got, both(name, x, y)[1]())
    if np.sqrt(x[:0]).dtype != np.float16:
        assert_same(_sqrt_in_njit(x), both("sqrt", x)[1]())


def test_inside_njit_reads_inputs_in_place():
    # an operand of the loop's dtype, C-contiguous and of the result's shape, goes to the
    # kernel as it is: beyond the results, only the broadcast row is copied out (once per op)
    x, y = sample("float64", (300, 400), 1), sample("float64", (400,), 2)
    with np.errstate(all="ignore"):
        _binary_in_njit(x, y), _sqrt_in_njit(x)  # (compiled, or loaded, outside the measurement)
        assert _peak_bytes(lambda: _binary_in_njit(x, y)) < 5.5 * x.nbytes
        assert _peak_bytes(lambda: _sqrt_in_njit(x)) < 1.5 * x.nbytes


@numba.njit(cache=True)
def _layouts_in_njit(x, y):
    return ja.add(x, 2.5), ja.multiply(3, x), ja.sqrt(x), ja.subtract(x, y), ja.divide(y, x)


@pytest.mark.parametrize("layout", ["F", "strided", "transposed int32"])
def test_inside_njit_layouts(layout):
    # an array alone with a scalar (the result has its shape), or beside another array,
    # read in any layout, cast to the loop's dtype or not
    x = sample("float64", (4, 6), 1)
    x = {"F": np.asfortranarray(x), "strided": x[:, ::2], "transposed int32": x.T.astype(np.int32)}[layout]
    y = sample("float32", (2 * x.shape[-1],), 2)[::-2]
    with np.errstate(all="ignore"):
        want = (np.add(x, 2.5), np.multiply(3, x), np.sqrt(x), np.subtract(x, y), np.divide(y, x))
    for got, expected in zip(_layouts_in_njit(x, y), want):
        assert_same(got, expected)


@numba.njit(cache=True)
def _f_ordered_in_njit(x, y):
    return ja.add(x, y), ja.multiply(2.5, x), ja.sqrt(y), ja.subtract(x, y[0])


def test_inside_njit_f_ordered():
    # arrays all F-ordered (Numba's layout 'F'): F-ordered results, as NumPy's; beside a
    # row of layout 'A', C-contiguous (the docstrings say so)
    x, y = np.asfortranarray(sample("float64", (4, 6), 1)), np.asfortranarray(sample("float32", (4, 6), 2))
    got = _f_ordered_in_njit(x, y)
    with np.errstate(all="ignore"):
        want = (np.add(x, y), np.multiply(2.5, x), np.sqrt(y), np.subtract(x, y[0]))
    assert_same(got, want)
    assert [g.flags.f_contiguous for g in got] == [True, True, True, False]
    assert [w.flags.f_contiguous for w in want[:3]] == [True, True, True]


@numba.njit(cache=True)
def _weak_scalars_in_njit(x):
    return ja.add(x, 100), ja.multiply(x, 2.5), ja.subtract(3, x)


def test_inside_njit_python_scalars_are_weak():
    x = sample("int8", (5,), 3)
    got = _weak_scalars_in_njit(x)
    with np.errstate(all="ignore"):
        want = (np.add(x, 100), np.multiply(x, 2.5), np.subtract(3, x))
    assert_same(got, want)


@numba.njit(cache=True)
def _overflow_in_njit(x, v):
    return ja.add(x, v)


def test_inside_njit_out_of_range_python_int_raises():
    with pytest.raises(OverflowError):
        _overflow_in_njit(np.zeros(3, np.int8), 300)


@numba.njit(cache=True)
def _scalars_in_njit(a, b):
    return ja.add(a, b), ja.sqrt(a)


def test_inside_njit_scalars_give_scalars():
    # Numba hands scalars back to Python as Python numbers, so rewrap them to compare
    got = tuple(np.float64(v) for v in _scalars_in_njit(2.0, 3.0))
    assert type(_scalars_in_njit(2.0, 3.0)[0]) is float
    assert_same(got, (np.float64(5.0), np.float64(np.sqrt(2.0))))


@numba.njit
def _accumulate_sqrt_in_njit(rows):
    total = ja.zeros(rows.shape[1])
    for i in range(rows.shape[0]):
        total = ja.add(total, ja.sqrt(rows[i]))
    return total


def test_inside_njit_after_python_calls_of_other_ops():
    # each op's kernel is reached from compiled code by its own recipe: compiling add and
    # multiply from Python first must not change what the compiled add calls
    x = np.linspace(0.0, 1.0, PARALLEL_MIN_SIZE + 1)
    assert_same(ja.add(x, x[::-1]), np.add(x, x[::-1]))
    assert_same(ja.multiply(x, x[::-1]), np.multiply(x, x[::-1]))
    rows = sample("float64", (50, 7), 4)
    want = np.zeros(7)
    for row in np.abs(rows):
        want = np.add(want, np.sqrt(row))
    assert_same(_accumulate_sqrt_in_njit(np.abs(rows)), want)
