"""No function ever modifies its inputs, whatever the layout, and read-only inputs work."""

import numpy as np
import pytest
from _support import layouts, sample

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
