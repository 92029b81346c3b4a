"""jitarray: Numba-compiled array functions with results identical to NumPy 2.x.

Every public function takes NumPy's signature, returns plain ``numpy.ndarray`` objects (or
NumPy scalars where NumPy does) and is also callable from a user's own ``@numba.njit``
code.  Importing compiles nothing: kernels compile on first use and are cached on disk.
"""

from . import _cache  # noqa: F401  first: before any njit(cache=True) runs
from . import _llvm_memory  # noqa: F401  before anything compiles
from ._dtypes import SUPPORTED_DTYPES
from ._version import __version__
from .creation import (
    arange,
    array,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    identity,
    linspace,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from .elementwise import add, divide, multiply, sqrt, subtract, true_divide
from .reductions import (
    all,
    amax,
    amin,
    any,
    argmax,
    argmin,
    max,
    mean,
    min,
    nanargmax,
    nanargmin,
    nanmax,
    nanmean,
    nanmin,
    nanprod,
    nanstd,
    nansum,
    nanvar,
    prod,
    std,
    sum,
    var,
)
from .searching import argwhere, count_nonzero, flatnonzero, nonzero, where
from .shape import ravel, reshape, transpose
from .sorting import argsort, sort

__all__ = [
    "SUPPORTED_DTYPES",
    "__version__",
    "add",
    "all",
    "amax",
    "amin",
    "any",
    "arange",
    "argmax",
    "argmin",
    "argsort",
    "argwhere",
    "array",
    "count_nonzero",
    "divide",
    "empty",
    "empty_like",
    "eye",
    "flatnonzero",
    "full",
    "full_like",
    "identity",
    "linspace",
    "max",
    "mean",
    "min",
    "multiply",
    "nanargmax",
    "nanargmin",
    "nanmax",
    "nanmean",
    "nanmin",
    "nanprod",
    "nanstd",
    "nansum",
    "nanvar",
    "nonzero",
    "ones",
    "ones_like",
    "prod",
    "ravel",
    "reshape",
    "sort",
    "sqrt",
    "std",
    "subtract",
    "sum",
    "transpose",
    "true_divide",
    "var",
    "where",
    "zeros",
    "zeros_like",
]
