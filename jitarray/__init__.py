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
from .shape import ravel, reshape, transpose

__all__ = [
    "SUPPORTED_DTYPES",
    "__version__",
    "add",
    "arange",
    "array",
    "divide",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "identity",
    "linspace",
    "multiply",
    "ones",
    "ones_like",
    "ravel",
    "reshape",
    "sqrt",
    "subtract",
    "transpose",
    "true_divide",
    "zeros",
    "zeros_like",
]
