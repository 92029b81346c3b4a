"""Elementwise arithmetic: ``add``, ``subtract``, ``multiply``, ``divide`` and ``sqrt``.

NumPy decides everything that is a rule -- the loop dtypes (NumPy 2 promotion with NEP 50
weak Python scalars), the errors, the casting into ``out`` -- through
``ufunc.resolve_dtypes``; a kernel does the arithmetic.  Integer results wrap as NumPy's do;
complex division uses NumPy's algorithm, so results are bit-identical.

Operands are fed to the kernel flat, in the result's memory order (see :func:`_pieces`):
arrays contiguous in that order as they are, size-1 operands as scalars, a row broadcast
along the outer axes tiled once to a few hundred kilobytes, a column constant along long
rows as one scalar per row, anything else (strided views, other orders) after a copy.  A
contiguous ``out`` of the loop's dtype is written directly, with no temporary result.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Protocol

import numpy as np
from numba import types
from numpy.typing import ArrayLike, NDArray

from . import _dtypes, _fperr
from ._axes import allocate, k_order
from ._jit import TypingError, all_f_ordered, jit_version, numpy_dtype, transposed, weak_operand
from ._kernels import elementwise as _k
from ._kernels._common import NUMPY_COMPLEX_FMA, PARALLEL_MIN_SIZE, overload, register_jitable
from ._parallel import bounds, chunks_for, run_flags

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


def _order(arrays, shape):
    """The result's memory order as a :func:`k_order` (NumPy's ``order='K'``): C or F when
    every full-shape operand is (then also returned as the flag name, else None), else the
    order their strides give."""
    full = [a for a in arrays if isinstance(a, np.ndarray)]
    ndim = len(shape)
    for perm, key in ((tuple(range(ndim)), "C_CONTIGUOUS"), (tuple(range(ndim - 1, -1, -1)), "F_CONTIGUOUS")):
        if all(a.flags[key] for a in full):
            return perm, key
    return k_order(shape, tuple(a.strides for a in full)), None


#: A broadcast operand is fed to the kernel in pieces of about this many items: a row
#: repeated along the outer axes is tiled to this length once (in cache), instead of being
#: copied out to the result's whole size.
PIECE = 1 << 15
#: An operand constant along each row of the result goes in as one scalar per row (one
#: kernel call per row) when the rows have at least this many items; shorter rows copy it.
ROW_MIN = 2048


def _split(v, itemsize):
    """How the kernel reads operand ``v`` (full shape, in the result's memory order, size-1
    axes dropped): ``("full", None)`` when it is C-contiguous; ``("row", k)`` when it is
    one C-contiguous block over axes ``k..`` repeated along the axes before them;
    ``("each", k)`` when it is constant over axes ``k..`` (one value per row); else
    ``("copy", None)``."""
    strides, dims = v.strides, v.shape
    contiguous, step = [True] * (len(dims) + 1), itemsize
    for i in range(len(dims) - 1, -1, -1):
        contiguous[i] = contiguous[i + 1] and strides[i] == step
        step *= dims[i]
    if contiguous[0]:
        return "full", None
    moving = [i for i, s in enumerate(strides) if s]
    if moving and contiguous[moving[0]] and moving[0] > 0:
        return "row", moving[0]
    if moving and moving[-1] < len(dims) - 1:
        return "each", moving[-1] + 1
    return "copy", None


def _pieces(args, target, perm, contiguous=False):
    """The kernel's argument sets ``(*operands, out)`` that together write ``target`` (an
    array contiguous in the memory order ``perm``), each operand flat or a scalar
    (``contiguous``: every array in ``args`` is known to be contiguous in that order).

    A full operand in that order is read in place.  A row repeated along the outer axes
    (``(2000, 5000) + (5000,)``) is tiled to :data:`PIECE` items once; a column constant
    along long rows (``(2000, 5000) + (2000, 1)``) goes in as one scalar per row; any other
    operand (strided, or another order), and every one of a result of at most :data:`PIECE`
    items, is copied into the result's order first."""
    flat_out = target.ravel(order="K")  # a view: target is contiguous in perm
    size = flat_out.shape[0]
    if size == 0:
        return []
    if contiguous:
        in_order = [True] * len(args)
    else:
        order = "C_CONTIGUOUS" if target.flags.c_contiguous else "F_CONTIGUOUS" if target.flags.f_contiguous else None
        in_order = [not isinstance(a, np.ndarray) or (order and a.flags[order]) for a in args]
    if all(in_order) or size <= PIECE:  # the common cases, in a microsecond or two
        return _chunked([a if not isinstance(a, np.ndarray) else a.ravel(order="K") if ok
                         else np.ascontiguousarray(a.transpose(perm)).reshape(-1) for a, ok in zip(args, in_order)],
                        flat_out)
    kept = (*(0 if target.shape[k] == 1 else slice(None) for k in perm), Ellipsis)  # (views, even 0-d)
    dims = target.transpose(perm)[kept].shape
    views, splits = [], []
    for a in args:
        v = a.transpose(perm)[kept] if isinstance(a, np.ndarray) else a
        how, k = _split(v, v.itemsize) if isinstance(v, np.ndarray) else ("scalar", None)
        views.append(v)
        splits.append((how, k))
    broadcast = [k for how, k in splits if how in ("row", "each")]
    k = broadcast[0] if broadcast else None
    width = math.prod(dims[k:]) if broadcast else size
    for i, (how, at) in enumerate(splits):
        if how == "copy" or (how in ("row", "each") and at != k) or (how == "each" and width < ROW_MIN):
            views[i], splits[i] = np.ascontiguousarray(views[i]), ("full", None)
    hows = [how for how, _ in splits]
    if "each" in hows:
        step = width  # one row a call
    elif "row" in hows:
        step = width * max(1, min(size // width, PIECE // width))
    else:  # (every broadcast operand was copied)
        return _chunked([v.reshape(-1) if how == "full" else v for v, how in zip(views, hows)], flat_out)
    parts = []  # the operand of the piece lo..hi, for each operand
    for v, how in zip(views, hows):
        if how == "full":
            parts.append(lambda lo, hi, flat=v.reshape(-1): flat[lo:hi])
        elif how == "row":
            parts.append(lambda lo, hi, tile=np.tile(v[(0,) * k].reshape(-1), step // width): tile[:hi - lo])
        elif how == "each":
            rows = np.ascontiguousarray(v[(Ellipsis,) + (0,) * (len(dims) - k)]).reshape(-1)
            parts.append(lambda lo, hi, rows=rows: rows[lo // width])
        else:  # (a scalar)
            parts.append(lambda lo, hi, scalar=v: scalar)
    return [(*(part(lo, min(size, lo + step)) for part in parts), flat_out[lo:lo + step])
            for lo in range(0, size, step)]


def _chunked(flats, flat_out):
    """The argument sets for flat operands (arrays of ``flat_out``'s length, or scalars):
    one call for the whole result, or one piece a thread for a large one."""
    size = flat_out.shape[0]
    nchunks = chunks_for(size)
    if nchunks == 1:
        return [(*flats, flat_out)]
    return [(*(f[lo:hi] if isinstance(f, np.ndarray) else f for f in flats), flat_out[lo:hi])
            for lo, hi in bounds(size, nchunks)]


def _call_each(kernel, argsets):
    """``kernel`` on each argument set in turn; the union of the error bits it returns."""
    bits = 0
    for args in argsets:
        bits |= kernel(*args)
    return bits


def _run_pieces(kernel, pieces, size):
    """``kernel`` on every piece of :func:`_pieces`, on one thread per chunk of a large
    result; the union of their error bits."""
    nchunks = min(chunks_for(size), len(pieces))
    if nchunks <= 1:
        return _call_each(kernel, pieces)
    if len(pieces) == nchunks:
        return run_flags(kernel, pieces)
    return run_flags(_call_each, [(kernel, pieces[lo:hi]) for lo, hi in bounds(len(pieces), nchunks)])


def _writes_in_place(out, ufunc, loop, values):
    """Whether the kernel may write straight into ``out``: of the loop's own (computed)
    dtype, aligned and contiguous, and sharing memory with no input other than one that is
    ``out`` itself item for item (and none at all for a complex product, whose NumPy formula
    :func:`_plain_complex_product` recomputes from the inputs)."""
    if not (out.dtype == loop[-1] == _dtypes.compute_dtype(loop[-1]) and out.flags.aligned
            and (out.flags.c_contiguous or out.flags.f_contiguous)):
        return False
    product = ufunc is np.multiply and out.dtype.kind == "c"
    return not any(
        isinstance(v, np.ndarray) and np.may_share_memory(v, out)
        and (product or v.dtype != out.dtype or v.shape != out.shape or v.strides != out.strides
             or _address(v) != _address(out))
        for v in values)


# NumPy's loop for each (ufunc, operand kinds, out dtype): resolve_dtypes costs microseconds,
# more than a whole kernel call on a small array.
_LOOPS = {}


def _loop(ufunc, kinds):
    try:
        return _LOOPS[(ufunc, *kinds)]
    except KeyError:
        loop = _LOOPS[(ufunc, *kinds)] = tuple(_dtypes.canonical(dt) for dt in ufunc.resolve_dtypes(kinds))
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


# The kernel of each ufunc (each compiles on its first call)
_KERNELS = {
    np.add: _k.binary_kernel(_k.ADD),
    np.subtract: _k.binary_kernel(_k.SUBTRACT),
    np.multiply: _k.binary_kernel(_k.MULTIPLY),
    np.divide: _k.binary_kernel(_k.DIVIDE),
    np.sqrt: _k.unary_kernel(_k.SQRT),
}

class _SmallKernels(dict):
    """dtype -> ``ufunc``'s kernel for operands all of ``dtype`` where NumPy's loop for them
    computes and returns ``dtype`` itself, as the kernels compute, else False (complex
    products excepted: their formula depends on the layout, see _scalar_complex_multiply);
    filled on first use."""

    def __init__(self, ufunc):
        super().__init__()
        self.ufunc = ufunc

    def __missing__(self, dtype):
        ufunc = self.ufunc
        try:
            loop = _loop(ufunc, (dtype,) * ufunc.nin + (None,))
        except TypeError:  # (bool - bool: the full path raises NumPy's error)
            loop = None
        same = (dtype.isnative and dtype in _dtypes.SUPPORTED_DTYPES and loop is not None
                and all(dt == dtype for dt in loop) and _dtypes.compute_dtype(dtype) == dtype
                and not (ufunc is np.multiply and dtype.kind == "c"))
        kernel = self[dtype] = same and _KERNELS[ufunc]
        return kernel


_SMALL = {ufunc: _SmallKernels(ufunc) for ufunc in _KERNELS}


def _unary(ufunc, x, out):
    """Body of the unary functions: a small array, 1-D in any layout or C-contiguous, goes
    straight to the kernel, as in :func:`_binary_function`'s functions."""
    if out is None and type(x) is np.ndarray and (kernel := _SMALL[ufunc][x.dtype]):
        if x.ndim == 1:
            if len(x) < PARALLEL_MIN_SIZE:
                result = np.empty(len(x), x.dtype)
                if bits := kernel(x, result):
                    _fperr.report(bits, ufunc.__name__)
                return result
        elif x.size < PARALLEL_MIN_SIZE and x.ndim and x.flags.c_contiguous:
            result = np.empty(x.shape, x.dtype)
            # (ravel: a view of these C-contiguous arrays, at a third of reshape(-1)'s cost)
            if bits := kernel(x.ravel(), result.ravel()):
                _fperr.report(bits, ufunc.__name__)
            return result
    return _apply(ufunc, (x,), out)


def _apply(ufunc, operands, out):
    """Shared body of every elementwise function: resolve, validate, run the kernel."""
    kernel = _KERNELS[ufunc]
    if out is not None:
        out = _check_out(out)
    if all(_dtypes.is_python_scalar(v) for v in operands):
        operands = _python_operands(ufunc, operands)
    values, kinds = zip(*(_dtypes.operand(v) for v in operands))
    kinds = [np.dtype(bool) if k is bool else k for k in kinds]
    loop = _loop(ufunc, (*kinds, None if out is None else out.dtype))
    shapes = {v.shape if isinstance(v, np.ndarray) else () for v in values}  # (the rest are Python scalars)
    shape = shapes.pop() if len(shapes) == 1 else np.broadcast_shapes(*shapes)
    if out is not None and np.broadcast_shapes(shape, out.shape) != out.shape:
        raise ValueError(
            f"non-broadcastable output operand with shape {out.shape} doesn't match the broadcast shape {shape}"
        )
    in_place = out is not None and _writes_in_place(out, ufunc, loop, values)
    if in_place:
        shape = out.shape
    args = [_operand_for_kernel(v, dt, shape) for v, dt in zip(values, loop)]
    if in_place:
        result, perm = out, tuple(range(out.ndim) if out.flags.c_contiguous else range(out.ndim - 1, -1, -1))
        key = None  # (whether the operands are in out's order: _pieces looks)
    else:
        perm, key = _order(args, shape)
        result = allocate(shape, perm, _dtypes.numpy_identity(_dtypes.compute_dtype(loop[-1]), kinds))
    pieces = _pieces(args, result, perm, key is not None)
    bits = kernel(*pieces[0]) if len(pieces) == 1 else _run_pieces(kernel, pieces, result.size)
    if (ufunc is np.multiply and result.dtype.kind == "c" and NUMPY_COMPLEX_FMA
            and _scalar_complex_multiply(values, loop, out, result.size)):
        bits = 0
        for x, y, piece in pieces:
            bits |= _plain_complex_product((x, y), piece)
    if in_place:
        _fperr.report(bits, ufunc.__name__)
        return out
    if result.dtype != loop[-1]:
        # float16 results are computed in float32: the rounding's overflow and underflow
        # are the ufunc's own in NumPy ("overflow encountered in add", not "in cast")
        result, cast_bits = _fperr.traced(result.astype, loop[-1])
        bits |= cast_bits
    if out is not None:
        # (a cast into out is the ufunc's in NumPy: its errors are reported as the ufunc's)
        _fperr.report(bits | _fperr.traced(np.copyto, out, result, casting="unsafe")[1], ufunc.__name__)
        return out
    _fperr.report(bits, ufunc.__name__)
    return result[()] if result.ndim == 0 else result


def _python_operands(ufunc, operands):
    """Operands that are all Python numbers, as arrays, as NumPy 2 takes them.

    One alone is converted as ``np.asarray`` converts it (``sqrt(2**63)`` takes it as
    ``uint64``).  Two are weak: a Python int is taken as ``int64`` when the loop is chosen,
    so one past ``int64``'s range raises ``OverflowError`` in an integer loop (``add(0,
    2**63)``) and is converted to the loop's floating type in a floating one (``divide(0,
    2**63)``, ``add(2**64, 1.5)``)."""
    big = [type(v) is int and not _INT64_MIN <= v <= _INT64_MAX for v in operands]
    if len(operands) == 1 or not any(big):
        return [np.asarray(v) for v in operands]
    arrays = [np.asarray(0 if b else v) for v, b in zip(operands, big)]
    loop = _loop(ufunc, (*(a.dtype for a in arrays), None))  # (NumPy converts before it checks out)
    if loop[0].kind in "biu":
        raise OverflowError("Python int too large to convert to C long")
    return [np.asarray(float(v)) if b else a for v, b, a in zip(operands, big, arrays)]


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _inner_stride(a):
    """The stride NumPy's single-call loop hands its inner loop for ``a``."""
    if a.size == 1 or a.ndim == 0:
        return 0
    return a.strides[0] if a.ndim == 1 else a.itemsize


def _address(a):
    return a.__array_interface__["data"][0]


def _may_share(a, b):
    """NumPy's solve_may_share_memory(a, b, max_work=1) != 0."""
    try:
        return np.shares_memory(a, b, max_work=1)
    except np.exceptions.TooHardError:
        return True


def _reads_ahead(a, out):
    """NumPy's PyArray_EQUIVALENTLY_ITERABLE_OVERLAP_OK for input ``a`` and ``out``."""
    step = _inner_stride(a)
    if (a is out and step) or not _may_share(a, out):
        return True
    out_step = _inner_stride(out)
    if step > 0:
        return step >= out_step and _address(a) >= _address(out)
    if step < 0:
        return step <= out_step and _address(a) <= _address(out)
    return False


def _single_call(values, loop, out):
    """Whether NumPy runs a ufunc as one inner-loop call rather than through its iterator
    (ufunc_object.c: check_for_trivial_loop, try_trivial_single_output_loop): operands of
    one shape (0-d inputs aside), those of two or more dimensions all C- or all
    F-contiguous alike, of the loop's dtype and aligned (0-d and small 1-D inputs are cast
    into copies first), and an ``out`` of ascending addresses each input reads ahead of.
    Returns the inputs the call reads in place, or None."""
    inputs = [(v, dt) for v, dt in zip(values, loop) if isinstance(v, np.ndarray)]
    shaped = [v for v, _ in inputs if v.ndim] + ([] if out is None else [out])
    if any(v.shape != shaped[0].shape for v in shaped):
        return None
    orders = {(v.flags.c_contiguous, v.flags.f_contiguous) for v in shaped if v.ndim > 1}
    if len(orders) > 1 or (False, False) in orders:
        return None
    in_place = []
    for v, dt in inputs:
        if v.dtype == dt and v.flags.aligned:
            in_place.append(v)
        elif v.ndim > 1 or (v.ndim == 1 and v.shape[0] > np.getbufsize()):
            return None
    if out is not None:
        if out.dtype != loop[-1] or not out.flags.aligned:
            return None
        if out.ndim == 1 and 0 != out.strides[0] < out.itemsize:  # NumPy's self-overlap test
            return None
        if not all(_reads_ahead(v, out) for v in in_place):
            return None
    return in_place


def _overlaps_partly(a, out, n):
    """NumPy's is_mem_overlap (loops_utils.h) for the items the inner loop visits."""
    spans = []
    for v in (a, out):
        first = _address(v)
        last = first + _inner_stride(v) * (n - 1)
        spans.append((min(first, last), max(first, last)))
    (i0, i1), (o0, o1) = spans
    return not ((i0 == o0 and i1 == o1) or i0 > o1 or o0 > i1)


@functools.cache
def _backwards_scalar(dtype):
    """Whether NumPy's complex multiply of ``dtype`` reads an input of negative stride with
    its scalar formula (complex64 but not complex128 with NumPy 2.4 on AVX-512): asked from
    NumPy once, with a product its two formulas round differently."""
    x, y = np.full(2, 0.34 + 0.42j, dtype), np.full(2, 0.37 + 0.38j, dtype)
    return not np.array_equal(np.multiply(x[::-1], y), np.multiply(x, y))


def _scalar_complex_multiply(values, loop, out, size):
    """Whether NumPy's complex multiply takes its scalar formula (no fused multiply-adds)
    rather than its SIMD loop, which refuses a zero output stride and an input that
    partly overlaps the output: one element through the iterator (operands of different
    shapes, an ``out`` sharing memory with an input, ...), or a single call reading an
    input in place that partly overlaps ``out`` (``multiply(x[1:], y, out=x[:-1])``; the
    iterator would have copied it), or one the iterator leaves in place (``x[::-2]`` and
    ``out=x[-2::-2]``: interleaved, sharing no element); and, for complex64 here, a
    single call reading an input backwards."""
    if size > 1:
        # the common cases, decided in about a microsecond: without an input read backwards,
        # only an input whose memory may overlap out's matters
        arrays = [v for v in values if isinstance(v, np.ndarray)]
        backwards = _backwards_scalar(loop[-1]) and any(v.ndim == 1 and v.strides[0] < 0 for v in arrays)
        if not backwards and (out is None or not any(np.may_share_memory(v, out) for v in arrays)):
            return False
    in_place = _single_call(values, loop, out)
    if size == 1:
        return in_place is None
    if in_place is not None and _backwards_scalar(loop[-1]) and any(_inner_stride(v) < 0 for v in in_place):
        return True
    if out is None:
        return False
    if in_place is None:
        # NumPy's iterator (modelled for one dimension only) reads inputs of the loop's
        # dtype in place, walking backwards only when no operand walks forwards
        # (npyiter_flip_negative_strides); it writes to a temporary copy of out when an
        # input other than out itself (same address, shape, strides and dtype: safe item
        # by item) may share memory with it, else in place, even beside interleaved views
        arrays = [v for v in values if isinstance(v, np.ndarray)]
        if out.ndim != 1 or any(v.ndim > 1 for v in arrays):
            return False
        in_place = [v for v, dt in zip(values, loop) if isinstance(v, np.ndarray) and v.dtype == dt and v.flags.aligned]
        steps = [_inner_stride(v) for v in (*arrays, out)]
        flip = -1 if max(steps) <= 0 and min(steps) < 0 else 1
        if _backwards_scalar(loop[-1]) and any(flip * _inner_stride(v) < 0 for v in in_place):
            return True
        if any(_may_share(v, out) and not _same_operand(v, out) for v in arrays):
            return False
    return any(_overlaps_partly(v, out, size) for v in in_place)


def _same_operand(a, out):
    """Whether ``a`` is ``out`` to NumPy's iterator (NPY_ITER_OVERLAP_ASSUME_ELEMENTWISE)."""
    return (_address(a) == _address(out) and a.shape == out.shape and a.strides == out.strides
            and a.dtype is out.dtype)


def _plain_complex_product(flat, result):
    """``result`` recomputed by NumPy's scalar complex formula, without fused multiply-adds
    (it differs from the SIMD loop's by an ulp here and there); returns that formula's
    floating-point error bits."""
    x, y = flat[0], flat[1]
    with np.errstate(all="ignore"):
        _fperr.status()
        real = x.real * y.real - x.imag * y.imag
        imag = x.real * y.imag + x.imag * y.real
        bits = _fperr.status()
    r = result.reshape(-1, order="A")
    r.real[...], r.imag[...] = real, imag
    return bits


def _binary_doc(name, symbol):
    return f"""{name.capitalize()} arguments elementwise (``x1 {symbol} x2``), as ``numpy.{name}``.

    Parameters
    ----------
    x1, x2 : array_like or scalar
        Broadcast together.  Python numbers are weak (NEP 50): ``int8_array {symbol} 100`` stays
        ``int8`` and ``int8_array {symbol} 300`` raises ``OverflowError``.  Two Python numbers
        alone take ints as ``int64``: one past its range raises ``OverflowError`` where the
        loop is an integer one and becomes a float where it is a floating one, as in NumPy.
    out : ndarray, optional
        Broadcast into, with ``same_kind`` casting, as NumPy.

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar when every input is a scalar or 0-d, as NumPy returns.

    Notes
    -----
    Integer results wrap around.  Inside ``@njit``: ``out`` is not accepted, scalar
    arguments of Numba's default types are weak (see :mod:`jitarray._jit`), and the result
    is F-ordered when every array argument is (Numba's layout ``'F'``, of one number of
    dimensions), as NumPy's, and C-contiguous otherwise (NumPy's follows the arguments'
    memory order).

    Floating-point errors are reported as NumPy reports them under ``np.errstate``
    (``RuntimeWarning: overflow encountered in {name}``, ``FloatingPointError``, the
    ``call``/``log`` handler); integer overflow is not reported, as in NumPy.  Inside
    ``@njit`` the values are the same but no warning or error is reported.
    """


class _Binary(Protocol):
    def __call__(self, x1: ArrayLike, x2: ArrayLike, /,
                 out: NDArray[Any] | None | tuple[NDArray[Any]] = None) -> Any: ...


def _binary_function(ufunc) -> _Binary:
    """The public function of the binary ``ufunc`` (its docstring is set below).

    Two small arrays of one dtype object and one shape, 1-D in any layout or C-contiguous,
    go straight to the kernel, with no promotion, broadcasting or layout to work out (add
    of 100 float64: 0.8 us, against 7 us through :func:`_apply`; NumPy's 0.3 us).  This
    path is the function's own body, and what it looks up is bound here: at this size each
    call and global lookup saved is a few percent.  Everything else goes to :func:`_apply`."""
    small, ndarray, empty, report, name = _SMALL[ufunc], np.ndarray, np.empty, _fperr.report, ufunc.__name__

    def function(x1: ArrayLike, x2: ArrayLike, /, out: NDArray[Any] | None | tuple[NDArray[Any]] = None) -> Any:
        if (out is None and type(x1) is ndarray and type(x2) is ndarray and x2.dtype is (dtype := x1.dtype)
                and (kernel := small[dtype])):
            if x1.ndim == 1 == x2.ndim:
                n = len(x1)
                if n == len(x2) and n < PARALLEL_MIN_SIZE:
                    result = empty(n, dtype)
                    if bits := kernel(x1, x2, result):
                        report(bits, name)
                    return result
            elif (x1.shape == x2.shape and x1.size < PARALLEL_MIN_SIZE and x1.ndim and x1.flags.c_contiguous
                  and x2.flags.c_contiguous):
                result = empty(x1.shape, dtype)
                if bits := kernel(x1.ravel(), x2.ravel(), result.ravel()):  # (views: see _unary)
                    report(bits, name)
                return result
        return _apply(ufunc, (x1, x2), out)

    # (named as the ufunc in tracebacks and to the checks that name the function called)
    function.__code__ = function.__code__.replace(co_name=name, co_qualname=name)
    function.__name__ = function.__qualname__ = name
    return function


add = _binary_function(np.add)
subtract = _binary_function(np.subtract)
multiply = _binary_function(np.multiply)
divide = _binary_function(np.divide)


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


def sqrt(x: ArrayLike, /, out: NDArray[Any] | None | tuple[NDArray[Any]] = None) -> Any:
    """Non-negative square root, elementwise, as ``numpy.sqrt``.

    Small integers give ``float16`` (``int8``, ``uint8``, ``bool``) or ``float32`` (16-bit)
    results, as NumPy 2; negative reals give ``nan``; complex roots are bit-identical to
    NumPy's.

    Parameters
    ----------
    x : array_like or scalar
    out : ndarray, optional
        Broadcast into, with ``same_kind`` casting, as NumPy.

    Returns
    -------
    numpy.ndarray or NumPy scalar
        A NumPy scalar for a scalar or 0-d ``x``, as NumPy returns; ``out`` itself when
        given.

    Notes
    -----
    Inside ``@njit`` ``out`` is not accepted and inputs that NumPy takes to ``float16``
    are refused (Numba has no ``float16`` arrays).  Floating-point errors are reported as
    NumPy reports them (``invalid value encountered in sqrt``), except inside ``@njit``,
    where the values are the same but no warning or error is reported.  The result's memory
    order inside ``@njit`` is as :func:`add`'s.

    Examples
    --------
    >>> import jitarray as ja, numpy as np
    >>> ja.sqrt(np.array([1, 4, 9], dtype=np.int8))
    array([1., 2., 3.], dtype=float16)
    """
    return _unary(np.sqrt, x, out)


# ------------------------------------------------------------------ inside @njit


def _jit_elementwise(ufunc, arg_types):
    """Typing helper: the loop's scalar type, whether the result is an array, and for each
    argument jitted ``(prepare, shape_of, flat)`` (see :func:`_jit_operand`)."""
    kinds = [weak_operand(t) for t in arg_types]
    if all(not isinstance(k, np.dtype) for k in kinds):
        kinds = [np.asarray(k).dtype for k in kinds]
    # resolve_dtypes takes a weak Python number as its type; a bool is never weak
    kinds = [k if isinstance(k, np.dtype) else np.asarray(k).dtype if isinstance(k, bool) else type(k) for k in kinds]
    loop = ufunc.resolve_dtypes((*kinds, None))
    _dtypes.check_dtype(loop[-1], allow_half=False)
    as_array = any(isinstance(t, types.Array) for t in arg_types)
    ndim = max([t.ndim for t in arg_types if isinstance(t, types.Array)], default=0)
    alone = sum(isinstance(t, types.Array) and t.ndim > 0 for t in arg_types) == 1
    return loop[0].type, as_array, [_jit_operand(t, k, loop[0], ndim, alone) for t, k in zip(arg_types, kinds)]


def _jit_operand(ty, kind, loop_dtype, ndim, alone):
    """Jitted ``(prepare, shape_of, flat)`` for an operand of Numba type ``ty`` (NumPy kind
    ``kind``) of a loop of ``loop_dtype`` whose result has ``ndim`` dimensions; ``alone``:
    the operands' only array of at least one dimension, whose shape is then the result's.

    ``prepare(value, sctype)``: an array of the loop's scalar type ``sctype`` (``value``
    itself when it is one: no copy), or for a scalar or 0-d array a scalar of it (the kernel
    takes scalars as they are); a weak Python int is range-checked first, as NumPy 2 does.
    ``shape_of(v)``: its shape.  ``flat(v, shape)``: what the kernel reads for the result's
    ``shape``: the flat view of a C-contiguous array of that shape, else a C-ordered copy of
    its broadcast (of itself, when it is ``alone``).  They are module-level functions (the
    range check one per dtype), so that a user's function calling several operations
    compiles each for a signature once."""
    array = isinstance(ty, types.Array) and ty.ndim > 0
    if array:
        prepare = _unchanged if numpy_dtype(ty.dtype) == loop_dtype else _array_cast
    elif kind is int and loop_dtype.kind in "iu":
        prepare = _range_checked(loop_dtype)
    else:
        prepare = _scalar_cast
    if not array:
        return prepare, _no_shape, _unchanged
    # (Numba's astype keeps an F-contiguous array's layout, and makes any other one C's)
    contiguous = ty.layout == "C" or (ty.layout == "A" and numpy_dtype(ty.dtype) != loop_dtype)
    if alone:
        return prepare, _shape, _flat if contiguous else _flat_copy
    return prepare, _shape, _flat_or_copied if ty.ndim == ndim and contiguous else _copied


@register_jitable
def _unchanged(value, _):
    return value


@register_jitable
def _array_cast(value, sctype):
    return value.astype(sctype)


@register_jitable
def _scalar_cast(value, sctype):
    return np.asarray(value).astype(sctype)[()]


@functools.cache
def _range_checked(loop_dtype):
    """``prepare`` of a weak Python int for an integer loop: NumPy 2's range check first."""
    info = np.iinfo(loop_dtype)
    lo, hi = int(info.min), int(info.max)
    message = f"Python integer out of bounds for {loop_dtype.name}"

    @register_jitable
    def prepare(value, sctype):
        if value < lo or value > hi:
            raise OverflowError(message)
        return np.asarray(value).astype(sctype)[()]

    return prepare


@register_jitable
def _no_shape(v):
    return ()


@register_jitable
def _shape(v):
    return v.shape


@register_jitable
def _copied(v, shape):
    return np.ascontiguousarray(np.broadcast_to(v, shape)).reshape(-1)


@register_jitable
def _flat_or_copied(v, shape):
    return v.reshape(-1) if v.shape == shape else _copied(v, shape)


@register_jitable
def _flat(v, shape):
    return v.reshape(-1)


@register_jitable
def _flat_copy(v, shape):
    return np.ascontiguousarray(v).reshape(-1)


def _broadcast(shape1, shape2):
    """``np.broadcast_shapes(shape1, shape2)``, inside @njit only."""


@overload(_broadcast)
def _broadcast_jit(shape1, shape2):
    # a scalar's () changes nothing: no need to compile Numba's broadcast_shapes for it
    if len(shape2) == 0:
        return lambda shape1, shape2: shape1
    if len(shape1) == 0:
        return lambda shape1, shape2: shape2
    return lambda shape1, shape2: np.broadcast_shapes(shape1, shape2)


def _jit_binary(ufunc):
    def typer(x1, x2, out=None):
        if not (out is None or isinstance(out, (types.NoneType, types.Omitted))):
            raise TypingError(f"jitarray: inside @njit, {ufunc.__name__} does not accept out=")
        sctype, as_array, ((prepare1, shape1, flat1), (prepare2, shape2, flat2)) = _jit_elementwise(ufunc, (x1, x2))
        kernel = _KERNELS[ufunc]

        def impl(x1, x2, out=None):
            a = prepare1(x1, sctype)
            b = prepare2(x2, sctype)
            shape = _broadcast(shape1(a), shape2(b))
            result = np.empty(shape, sctype)
            kernel(flat1(a, shape), flat2(b, shape), result.reshape(-1))
            return result

        compute = register_jitable(impl)
        if all_f_ordered((x1, x2)):
            # NumPy's result follows F-ordered inputs: the same loop over their C-ordered
            # transposes (no copies), transposed back
            return lambda x1, x2, out=None: compute(transposed(x1), transposed(x2)).T

        def impl_scalar(x1, x2, out=None):
            return compute(x1, x2)[()]

        return impl if as_array else impl_scalar

    return typer


jit_version(add)(_jit_binary(np.add))
jit_version(subtract)(_jit_binary(np.subtract))
jit_version(multiply)(_jit_binary(np.multiply))
jit_version(divide)(_jit_binary(np.divide))


@jit_version(sqrt)
def _sqrt_jit(x, out=None):
    if not (out is None or isinstance(out, (types.NoneType, types.Omitted))):
        raise TypingError("jitarray: inside @njit, sqrt does not accept out=")
    sctype, as_array, ((prepare, shape_of, flat),) = _jit_elementwise(np.sqrt, (x,))
    kernel = _KERNELS[np.sqrt]

    def impl(x, out=None):
        a = prepare(x, sctype)
        shape = shape_of(a)
        result = np.empty(shape, sctype)
        kernel(flat(a, shape), result.reshape(-1))
        return result

    if all_f_ordered((x,)):
        compute = register_jitable(impl)
        return lambda x, out=None: compute(x.T).T  # (as the binary functions')
    if as_array:
        return impl
    compute = register_jitable(impl)
    return lambda x, out=None: compute(x)[()]
