"""How every public function is also callable from a user's ``@numba.njit`` code.

Each public module defines its Python function (normalise arguments, allocate, call a
kernel, shape the result) and, beside it, a typing function registered with
:func:`jit_version`.  Numba calls the typing function with the *types* of the arguments
when it compiles the user's code; it returns an implementation that runs compiled and
reuses the same kernels.  Registration only records the function: nothing compiles at
import time.

Rules that hold for every ``@njit`` version (each public docstring repeats those that apply):

* Arguments that decide the result's type -- ``dtype``, ``keepdims``, ``axis=None`` versus
  an int, the length of a tuple ``axis``, ``order`` -- must be compile-time constants
  (literals, or left at their defaults).
* ``float16`` results are not available inside ``@njit`` (Numba has no ``float16`` arrays).
* ``dtype=bool`` of the sums, products, means and variances is refused (NumPy's bool sums
  are logical ors, which the kernels there do not run).
* Python numbers are weak scalars as in NumPy 2 (NEP 50); inside ``@njit`` Numba types every
  scalar variable as ``int64``, ``float64``, ``complex128`` or ``bool``, so scalars of those
  types are treated as Python numbers (``int8_array + 5`` stays ``int8``).
* A result's memory order follows its inputs' Numba layout, not their strides: arrays of
  layout ``'F'`` give F-ordered results where NumPy's are (the elementwise functions, where,
  sort, the reductions and count_nonzero along axes, the ``*_like`` family); any other
  result is C-contiguous, where NumPy's may follow the inputs' memory order (arrays of
  layout ``'A'``, mixed layouts).
"""

import numpy as np
from numba.core import errors, types
from numba.np.numpy_support import as_dtype

from ._kernels._common import overload

__all__ = ["TypingError", "all_f_ordered", "dtype_of", "is_none", "jit_version", "literal", "numpy_dtype", "transposed",
           "weak_operand"]

TypingError = errors.TypingError


def jit_version(pyfunc):
    """Register the decorated typing function as ``pyfunc``'s ``@njit`` implementation."""

    def register(typer):
        overload(pyfunc, jit_options={"error_model": "numpy"})(typer)
        return typer

    return register


def all_f_ordered(arg_types):
    """Whether the arrays among ``arg_types`` (at least one) are all Numba's layout ``'F'``
    with two or more dimensions, of one number of dimensions: a function of them whose NumPy
    result follows their memory order can run on their C-ordered transposes (no copies)
    and transpose its result back."""
    arrays = [t for t in arg_types if isinstance(t, types.Array) and t.ndim > 0]
    return bool(arrays) and all(t.layout == "F" and t.ndim == arrays[0].ndim > 1 for t in arrays)


def transposed(v):
    """``v.T`` for an array, ``v`` itself for a scalar, inside @njit only."""


@overload(transposed)
def _transposed_jit(v):
    if isinstance(v, types.Array):
        return lambda v: v.T
    return lambda v: v


def is_none(ty):
    """True when an argument type means "not given" (``None`` or an omitted default of None)."""
    if ty is None or isinstance(ty, types.NoneType):
        return True
    return isinstance(ty, types.Omitted) and ty.value is None


def literal(ty, name):
    """The compile-time value of argument ``name`` (a literal or an omitted default)."""
    if not isinstance(ty, types.Type):
        return ty  # an omitted argument reaches the typing function as its default value
    if isinstance(ty, types.Omitted):
        return ty.value
    if isinstance(ty, types.Literal):
        return ty.literal_value
    if isinstance(ty, types.NoneType):
        return None
    raise TypingError(f"jitarray: inside @njit, '{name}' must be a compile-time constant")


def numpy_dtype(ty):
    """The NumPy dtype of a Numba scalar or array type (or of an omitted default's value)."""
    if not isinstance(ty, types.Type):
        return np.asarray(ty).dtype
    if isinstance(ty, types.Omitted):
        return np.asarray(ty.value).dtype
    if isinstance(ty, types.Array):
        return np.dtype(as_dtype(ty.dtype))
    if isinstance(ty, types.Boolean):
        return np.dtype(bool)
    return np.dtype(as_dtype(ty))


def dtype_of(ty, default=None):
    """The NumPy dtype named by a ``dtype=`` argument's type (None, a class, a string, a dtype)."""
    if is_none(ty):
        return None if default is None else np.dtype(default)
    if not isinstance(ty, types.Type):
        return np.dtype(ty)  # an omitted argument's default value
    if isinstance(ty, types.Omitted):
        return np.dtype(ty.value)
    if isinstance(ty, types.DType):
        return numpy_dtype(ty.dtype)
    if isinstance(ty, types.NumberClass):
        return numpy_dtype(ty.instance_type)
    if isinstance(ty, types.StringLiteral):
        return np.dtype(ty.literal_value)
    if isinstance(ty, types.Function) and ty.typing_key in (bool, int, float, complex):
        return np.dtype(ty.typing_key)
    raise TypingError(f"jitarray: inside @njit, dtype must be a constant dtype, not {ty}")


# Numba's types for Python numbers: a scalar of one of these is taken as a weak Python scalar.
_PYTHON_SCALAR_TYPES = {types.boolean: False, types.int64: 0, types.float64: 0.0, types.complex128: 0j}


def weak_operand(ty):
    """What NumPy's promotion should see for an argument of Numba type ``ty``.

    An array gives its dtype; a scalar of Numba's default types (``int64``, ``float64``,
    ``complex128``, ``bool``) is taken to be a Python number and gives a Python value of that
    kind, which NumPy treats as weak (NEP 50); any other scalar gives its own dtype.
    """
    if isinstance(ty, types.Array):
        return numpy_dtype(ty)
    if isinstance(ty, types.Literal):
        ty = ty.literal_type
    if ty in _PYTHON_SCALAR_TYPES:
        return _PYTHON_SCALAR_TYPES[ty]
    return numpy_dtype(ty)
