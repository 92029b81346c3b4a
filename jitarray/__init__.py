"""jitarray: Numba-compiled array functions with results identical to NumPy 2.x.

Every public function takes NumPy's signature, returns plain ``numpy.ndarray`` objects (or
NumPy scalars where NumPy does) and is also callable from a user's own ``@numba.njit``
code.  Importing compiles nothing: kernels compile on first use and are cached on disk.
"""

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
from .searching import argwhere, count_nonzero, flatnonzero, nonzero, where
from .shape import ravel, reshape, transpose
from .sorting import argsort, sort

__all__ = [
    "SUPPORTED_DTYPES",
    "__version__",
    "add",
    "arange",
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
    "multiply",
    "nonzero",
    "ones",
    "ones_like",
    "ravel",
    "reshape",
    "sort",
    "sqrt",
    "subtract",
    "transpose",
    "true_divide",
    "where",
    "zeros",
    "zeros_like",
]
