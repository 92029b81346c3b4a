import numba
import numpy as np
import pytest
from _support import SHAPES, assert_matches, assert_same, both, by_dtype, layouts, sample
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import jitarray as ja
from jitarray._table import family

NAMES = [f.name for f in family("shape")]


def new_shapes(shape):
    """Shapes an array of ``shape`` can be reshaped to, and some it cannot."""
    size = int(np.prod(shape))
    return [(size,), (-1,), (1, size), (size, 1, 1), (-1, 1), (1, -1, 1), size, (size + 1,), (2, -1), (-1, -1)]


@by_dtype
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_reshape_ravel_transpose_every_dtype_and_layout(dtype, shape):
    for a in layouts(sample(dtype, shape)).values():
        for new in new_shapes(shape):
            for order in ("C", "F", "A"):
                got, want = both("reshape", a, new, order=order)
                assert_matches(got, want)
                if np.size(a) and np.ndim(a):
                    try:
                        shares = np.shares_memory(want(), a)
                    except ValueError:
                        continue
                    assert np.shares_memory(got(), a) == shares  # a view exactly when NumPy gives one
        for order in ("C", "F", "A", "K"):
            assert_matches(*both("ravel", a, order=order))
        assert_matches(*both("transpose", a))
        assert_matches(*both("transpose", a, tuple(range(a.ndim))[::-1]))


@pytest.mark.parametrize("a", [np.float32(1.5), np.int8(-3), np.uint64(7), np.complex128(1j), np.bool_(True),
                               np.array(2.5), 4, -0.0], ids=repr)
def test_scalars_as_numpy(a):
    # a NumPy scalar's own reshape/transpose give a scalar back for a 0-d result
    for shape in ((), (1,), (1, 1), -1):
        assert_matches(*both("reshape", a, shape))
    assert_matches(*both("transpose", a))
    assert_matches(*both("ravel", a))


def test_reshape_error_text_matches_numpy():
    with pytest.raises(ValueError, match=r"cannot reshape array of size 99 into shape \(3,31\)"):
        ja.reshape(ja.arange(99), (3, 31))


def test_reshape_copy_argument():
    a = np.arange(12).reshape(3, 4)
    assert_matches(*both("reshape", a.T, (12,), copy=False))  # NumPy: ValueError, a copy is needed
    assert not np.shares_memory(ja.reshape(a, (4, 3), copy=True), a)
    assert np.shares_memory(ja.reshape(a, (4, 3), copy=False), a)


@pytest.mark.parametrize("axes", [(0, 0, 1), (0, 1), (0, 1, 3), (-1, 0, 1), (0, 1, -4), (2, 1, 0)], ids=str)
def test_transpose_axes(axes):
    assert_matches(*both("transpose", sample("int16", (2, 3, 4)), axes))


@pytest.mark.parametrize("bad", [{1, 2}, np.array(["a"]), np.array([object()])], ids=["set", "str", "object"])
@pytest.mark.parametrize("name", NAMES)
def test_unsupported_inputs(name, bad):
    with pytest.raises(TypeError):
        getattr(ja, name)(bad, -1) if name == "reshape" else getattr(ja, name)(bad)


def test_bad_order():
    for name, args in [("reshape", (np.ones(4), 4)), ("ravel", (np.ones(4),))]:
        with pytest.raises(ValueError):
            getattr(ja, name)(*args, order="X")


@given(hnp.arrays(st.sampled_from(ja.SUPPORTED_DTYPES), hnp.array_shapes(min_dims=1, max_dims=4, max_side=4)),
       st.sampled_from(["C", "F"]), st.booleans())
def test_reshape_property(a, order, transpose):
    a = a.T if transpose else a
    assert_matches(*both("reshape", a, (-1,) + a.shape[:1], order=order))
    assert_matches(*both("ravel", a, order=order))


@numba.njit(cache=True)
def _shape_in_njit(a):
    return (ja.reshape(a, (a.size,)), ja.reshape(a, (-1, 2), order="F"), ja.ravel(a), ja.ravel(a, "F"),
            ja.transpose(a), ja.transpose(a, (1, 0, 2)), ja.reshape(a, a.size))


def _layouts_3d(base):
    return [base, np.asfortranarray(base), base.transpose(1, 0, 2).copy().transpose(1, 0, 2), base[:, ::-1]]


# every dtype on C arrays, every layout on two dtypes: each (dtype, layout) is a compile
@pytest.mark.parametrize("dtype, layout", [(dt, 0) for dt in ja.SUPPORTED_DTYPES]
                         + [(dt, i) for dt in ("int16", "complex128") for i in (1, 2, 3)], ids=str)
def test_inside_njit(dtype, layout):
    for a in _layouts_3d(sample(dtype, (2, 3, 4), 5))[layout:layout + 1]:
        want = (np.reshape(a, (a.size,)), np.reshape(a, (-1, 2), order="F"), np.ravel(a), np.ravel(a, "F"),
                np.transpose(a), np.transpose(a, (1, 0, 2)), np.reshape(a, a.size))
        assert_same(_shape_in_njit(a), want)
