"""Elementwise arithmetic: ``add``, ``subtract``, ``multiply``, ``divide`` and ``sqrt``.

NumPy decides everything that is a rule -- the loop dtypes (NumPy 2 promotion with NEP 50
weak Python scalars), the errors, the casting into ``out`` -- through
``ufunc.resolve_dtypes``; a kernel does the arithmetic.  Integer results wrap as NumPy's do;
complex division uses NumPy's algorithm, so results are bit-identical.

Operands are fed to the kernel flat: arrays contiguous in the same order (C or F) as they
are, size-1 operands as scalars, anything else (broadcast or strided views) after a copy
into C order.
"""

import numpy as np
from numba import types
from numba.extending import register_jitable

from . import _dtypes
from ._jit import TypingError, jit_version, weak_operand
from ._kernels import elementwise as _k
from ._parallel import chunks_for

__all__ = ["add", "divide", "multiply", "sqrt", "subtract", "true_divide"]


def _operand_for_kernel(value, loop_dtype, shape):
    """``value`` as the kernel takes it: a NumPy scalar (size 1) or an array of ``shape``."""
    work = _dtypes.compute_dtype(loop_dtype)
    if _dtypes.is_python_scalar(value):
        return _dtypes.weak_scalar_to(value, loop_dtype).astype(work)[()]
    if value.size == 1 and value.shape != shape or value.ndim == 0:
        return value.reshape(-1)[:1].astype(work)[0]
    value = _dtypes.for_kernel(value, work)
    return value if value.shape == shape else np.broadcast_to(value, shape)


def _flat(arrays):
    """Flat views of the full-shape operands and the memory order of the result."""
    full = [a for a in arrays if isinstance(a, np.ndarray)]
    for order, key in (("C", "C_CONTIGUOUS"), ("F", "F_CONTIGUOUS")):
        if all(a.flags[key] for a in full):
            return [a.reshape(-1, order=order) if isinstance(a, np.ndarray) else a for a in arrays], order
    return [np.ascontiguousarray(a).reshape(-1) if isinstance(a, np.ndarray) else a for a in arrays], "C"


# NumPy's loop for each (ufunc, operand kinds, out dtype): resolve_dtypes costs microseconds,
# more than a whole kernel call on a small array.
_LOOPS = {}


def _loop(ufunc, kinds):
    try:
        return _LOOPS[(ufunc, *kinds)]
    except KeyError:
        loop = _LOOPS[(ufunc, *kinds)] = ufunc.resolve_dtypes(kinds)
        return loop


def _check_out(out):
    """NumPy's checks on ``out=`` (a tuple of one array is accepted, as NumPy does)."""
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
        out = out[0]
    if not isinstance(out, np.ndarray):
        raise TypeError("return arrays must be of ArrayType")
    if not out.flags.writeable:
        raise ValueError("output array is read-only")
    _dtypes.check_dtype(out.dtype)
    return out


def _apply(ufunc, op, kernel, operands, out):
    """Shared body of every elementwise function: resolve, validate, run the kernel."""
    if out is not None:
        out = _check_out(out)
    if all(_dtypes.is_python_scalar(v) for v in operands):
        operands = [np.asarray(v) for v in operands]
    values, kinds = zip(*(_dtypes.operand(v) for v in operands))
    kinds = [np.dtype(bool) if k is bool else k for k in kinds]
    loop = _loop(ufunc, (*kinds, None if out is None else out.dtype))
    shapes = {np.shape(v) for v in values}
    shape = shapes.pop() if len(shapes) == 1 else np.broadcast_shapes(*shapes)
    if out is not None and np.broadcast_shapes(shape, out.shape) != out.shape:
        raise ValueError(
            f"non-broadcastable output operand with shape {out.shape} doesn't match the broadcast shape {shape}"
        )
    args = [_operand_for_kernel(v, dt, shape) for v, dt in zip(values, loop)]
    flat, order = _flat(args)
    result = np.empty(shape, dtype=_dtypes.compute_dtype(loop[-1]), order=order)
    kernel(op, *flat, result.reshape(-1, order=order), chunks_for(result.size))
    if result.dtype != loop[-1]:
        result = result.astype(loop[-1])
    if out is not None:
        np.copyto(out, result, casting="unsafe")
        return out
    return result[()] if result.ndim == 0 else result


def _binary_doc(name, symbol):
    return f"""{name.capitalize()} arguments elementwise (``x1 {symbol} x2``), as ``numpy.{name}``.

    Parameters
    ----------
    x1, x2 : array_like or scalar
        Broadcast together.  Python numbers are weak (NEP 50): ``int8_array {symbol} 100`` stays
        ``int8`` and ``int8_array {symbol} 300`` raises ``OverflowError``.
    out : ndarray, optional
        Broadcast into, with ``same_kind`` casting, as NumPy.

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when every input is a scalar or 0-d, as NumPy returns.

    Notes
    -----
    Integer results wrap around.  Inside ``@njit``: ``out`` is not accepted, and scalar
    arguments of Numba's default types are weak (see :mod:`jitarray._jit`).
    """


def add(x1, x2, /, out=None):
    return _apply(np.add, _k.ADD, _k.binary, (x1, x2), out)


def subtract(x1, x2, /, out=None):
    return _apply(np.subtract, _k.SUBTRACT, _k.binary, (x1, x2), out)


def multiply(x1, x2, /, out=None):
    return _apply(np.multiply, _k.MULTIPLY, _k.binary, (x1, x2), out)


def divide(x1, x2, /, out=None):
    return _apply(np.divide, _k.DIVIDE, _k.binary, (x1, x2), out)


add.__doc__ = _binary_doc("add", "+") + """
    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.add(np.array([1, 2, 127], dtype=np.int8), 1)
    array([   2,    3, -128], dtype=int8)
    """
subtract.__doc__ = _binary_doc("subtract", "-") + """
    ``bool - bool`` raises ``TypeError``, as NumPy.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.subtract([5, 7], 2)
    array([3, 5])
    """
multiply.__doc__ = _binary_doc("multiply", "*") + """
    Examples
    --------
    >>> import jitarray as ja
    >>> ja.multiply([[1, 2], [3, 4]], [10, 100])
    array([[ 10, 200],
           [ 30, 400]])
    """
divide.__doc__ = _binary_doc("divide", "/") + """
    Integers divide in ``float64``; complex division uses NumPy's algorithm.

    Examples
    --------
    >>> import jitarray as ja
    >>> ja.divide([1, 2, 3], 2)
    array([0.5, 1. , 1.5])
    """
true_divide = divide


def sqrt(x, /, out=None):
    """Non-negative square root, elementwise, as ``numpy.sqrt``.

    Small integers give ``float16`` (``int8``, ``uint8``, ``bool``) or ``float32`` (16-bit)
    results, as NumPy 2; negative reals give ``nan``; complex roots are bit-identical to
    NumPy's.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.sqrt(np.array([1, 4, 9], dtype=np.int8))
    array([1., 2., 3.], dtype=float16)

    Notes
    -----
    Inside ``@njit`` ``out`` is not accepted and inputs that NumPy takes to ``float16``
    are refused (Numba has no ``float16`` arrays).
    """
    return _apply(np.sqrt, _k.SQRT, _k.unary, (x,), out)


# ------------------------------------------------------------------ inside @njit


def _jit_elementwise(ufunc, arg_types):
    """Typing helper: the loop's scalar type, whether the result is an array, and for each
    argument a jitted ``prepare(value)`` giving it as an array of the loop dtype."""
    kinds = [weak_operand(t) for t in arg_types]
    if all(not isinstance(k, np.dtype) for k in kinds):
        kinds = [np.asarray(k).dtype for k in kinds]
    # resolve_dtypes takes a weak Python number as its type; a bool is never weak
    kinds = [k if isinstance(k, np.dtype) else np.asarray(k).dtype if isinstance(k, bool) else type(k) for k in kinds]
    loop = ufunc.resolve_dtypes((*kinds, None))
    _dtypes.check_dtype(loop[-1], allow_half=False)
    as_array = any(isinstance(t, types.Array) for t in arg_types)
    return loop[0].type, as_array, [_jit_prepare(k, loop[0]) for k in kinds]


def _jit_prepare(kind, loop_dtype):
    """A jitted conversion of one operand to a ``loop_dtype`` array; a weak Python int
    (``kind is int``) is range-checked first, as NumPy 2 does."""
    sctype = loop_dtype.type
    if kind is int and loop_dtype.kind in "iu":
        info = np.iinfo(loop_dtype)
        lo, hi = int(info.min), int(info.max)
        message = f"Python integer out of bounds for {loop_dtype.name}"

        @register_jitable
        def prepare_checked(value):
            if value < lo or value > hi:
                raise OverflowError(message)
            return np.asarray(value).astype(sctype)

        return prepare_checked
    return register_jitable(lambda value: np.asarray(value).astype(sctype))


def _jit_binary(ufunc, op):
    def typer(x1, x2, out=None):
        if not (out is None or isinstance(out, (types.NoneType, types.Omitted))):
            raise TypingError(f"jitarray: inside @njit, {ufunc.__name__} does not accept out=")
        sctype, as_array, (prepare1, prepare2) = _jit_elementwise(ufunc, (x1, x2))

        def impl(x1, x2, out=None):
            a = prepare1(x1)
            b = prepare2(x2)
            shape = np.broadcast_shapes(a.shape, b.shape)
            a = np.ascontiguousarray(np.broadcast_to(a, shape))
            b = np.ascontiguousarray(np.broadcast_to(b, shape))
            result = np.empty(shape, sctype)
            _k.binary_serial(op, a.reshape(-1), b.reshape(-1), result.reshape(-1))
            return result

        compute = register_jitable(impl)

        def impl_scalar(x1, x2, out=None):
            return compute(x1, x2)[()]

        return impl if as_array else impl_scalar

    return typer


jit_version(add)(_jit_binary(np.add, _k.ADD))
jit_version(subtract)(_jit_binary(np.subtract, _k.SUBTRACT))
jit_version(multiply)(_jit_binary(np.multiply, _k.MULTIPLY))
jit_version(divide)(_jit_binary(np.divide, _k.DIVIDE))


@jit_version(sqrt)
def _sqrt_jit(x, out=None):
    if not (out is None or isinstance(out, (types.NoneType, types.Omitted))):
        raise TypingError("jitarray: inside @njit, sqrt does not accept out=")
    sctype, as_array, (prepare,) = _jit_elementwise(np.sqrt, (x,))

    def impl(x, out=None):
        a = prepare(x)
        result = np.empty(a.shape, sctype)
        _k.unary_serial(_k.SQRT, a.ravel(), result.reshape(-1))
        return result

    if as_array:
        return impl
    compute = register_jitable(impl)
    return lambda x, out=None: compute(x)[()]
