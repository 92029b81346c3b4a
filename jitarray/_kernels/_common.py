"""Building blocks shared by the kernel families."""

import functools

import numpy as np
from numba import types
from numba.extending import intrinsic
from numba.extending import overload as _numba_overload
from numba.extending import register_jitable as _numba_register_jitable
from numpy._core._multiarray_umath import __cpu_features__

from .._fperr import raise_invalid

#: Jit options of every overload and helper that jitarray registers.  They are called from
#: compiled code only, so Numba builds neither of its wrappers for calls from Python (the
#: CPython wrapper, the C callback) for them; it would lower, optimise and make machine code
#: of both for every signature (the first calls of ten functions, in a new process with an
#: empty cache: 9.2-9.3 s against 9.7 s).
COMPILED_ONLY = {"no_cpython_wrapper": True, "no_cfunc_wrapper": True}


def overload(func, jit_options=None, **options):
    """Numba's ``overload`` with :data:`COMPILED_ONLY` among its jit options."""
    return _numba_overload(func, jit_options={**COMPILED_ONLY, **(jit_options or {})}, **options)


def register_jitable(fn=None, **options):
    """Numba's ``register_jitable`` with :data:`COMPILED_ONLY` among its jit options."""
    if fn is None:
        return functools.partial(register_jitable, **options)
    return _numba_register_jitable(**{**COMPILED_ONLY, **options})(fn)


#: NumPy multiplies complex numbers with fused multiply-adds where its SIMD loops have them
#: (x86-64-v3 and up: AVX2 + FMA3), so each part is rounded once, not twice.
NUMPY_COMPLEX_FMA = bool(__cpu_features__.get("FMA3") and __cpu_features__.get("AVX2"))

#: Below this many elements a kernel runs on the calling thread alone: handing chunks to
#: the worker threads and waiting for them costs about 20 us (measured for two chunks),
#: as much as summing 64k float64 takes on one core.
PARALLEL_MIN_SIZE = 1 << 18

#: Reductions stream their input: one core reads 25-40 GB/s, and two share the memory
#: bandwidth, while the handoff measured 47 us on a 2-core virtual machine.  Threads start
#: paying from about 16 MiB read (0.5 ms on one core): sum, max, argmax, nanmax and var of
#: 2M float64 took 0.76-1.03 times as long on one thread as on two, of 4M 0.97-1.44 times.
REDUCTION_PARALLEL_MIN_BYTES = 16 << 20


def literal_jitable(fn):
    """Make ``fn`` callable from kernels and typed with its constant arguments (globals,
    closure variables, literals) as constants, so that the overloads it passes them to can
    choose their code by them (see ``reductions.extreme_row``).  ``fn`` is compiled into
    its caller."""
    overload(fn, prefer_literal=True, strict=False, jit_options={"error_model": "numpy"})(lambda *args: fn)
    return fn


def item(x, i):
    """``x[i]`` for a 1-D array, ``x`` itself for a scalar (a broadcast operand)."""


@overload(item, inline="always")
def _item_impl(x, i):
    if isinstance(x, types.Array):
        return lambda x, i: x[i]
    return lambda x, i: x


def cast_like(value, like):
    """``value`` converted to the Numba type of ``like`` (C's implicit conversion)."""


@overload(cast_like, inline="always")
def _cast_like_impl(value, like):
    target = like

    def impl(value, like):
        return target(value)

    return impl


def divide(a, b):
    """``a / b`` with NumPy's complex algorithm (Smith's method, as in NumPy's loops)."""


@overload(divide, inline="always")
def _divide_impl(a, b):
    if not isinstance(a, types.Complex):
        return lambda a, b: a / b

    def impl(a, b):
        ar, ai, br, bi = a.real, a.imag, b.real, b.imag
        abs_br, abs_bi = abs(br), abs(bi)
        one = cast_like(1.0, br)  # keep complex64 arithmetic in float32
        if abs_br != abs_br or abs_bi != abs_bi:
            raise_invalid()  # NumPy's C comparison below raises it on a NaN; Numba's is quiet
        if abs_br >= abs_bi:
            if abs_br == 0 and abs_bi == 0:
                # division by zero gives complex inf or nan, as NumPy
                return complex(ar / abs_br, ai / abs_br)
            rat = bi / br
            scl = one / (br + bi * rat)
            return complex((ar + ai * rat) * scl, (ai - ar * rat) * scl)
        rat = br / bi
        scl = one / (bi + br * rat)
        return complex((ar * rat + ai) * scl, (ai * rat - ar) * scl)

    return impl


@intrinsic
def fma(typingctx, a, b, c):
    """``a * b + c`` rounded once (LLVM's ``fma``)."""
    if not (isinstance(a, types.Float) and a == b == c):
        return None

    def codegen(context, builder, signature, args):
        return builder.fma(*args)

    return a(a, b, c), codegen


def multiply(a, b):
    """``a * b`` as NumPy's loops compute it (complex: with FMA where NumPy uses it)."""


@overload(multiply, inline="always")
def _multiply_impl(a, b):
    if not (isinstance(a, types.Complex) and NUMPY_COMPLEX_FMA):
        return lambda a, b: a * b

    def impl(a, b):
        # NumPy's simd_cmul: (ar*br - ai*bi, ar*bi + ai*br) with the first products fused
        return complex(fma(a.real, b.real, -(a.imag * b.imag)), fma(a.real, b.imag, a.imag * b.real))

    return impl


def sqrt(x):
    """``np.sqrt(x)``; complex roots by the C library's algorithm, as NumPy's ``csqrt``."""


@overload(sqrt, inline="always")
def _sqrt_impl(x):
    if not isinstance(x, types.Complex):
        return lambda x: np.sqrt(x)
    part = x.underlying_float
    finfo = np.finfo(str(part))
    big = part(float(finfo.max) / 4)  # beyond this, x is scaled down by 4
    tiny2, tiny4 = part(2 * float(finfo.tiny)), part(4 * float(finfo.tiny))
    up = -((finfo.nmant + 2) // 2)  # scale exponent for two subnormal parts
    half, zero, inf = part(0.5), part(0.0), part(np.inf)

    def impl(x):
        re, im = x.real, x.imag
        # (finite tests by comparisons: Numba's isfinite computes x - x, 'invalid' for inf)
        if not (re == re and abs(re) != inf and im == im and abs(im) != inf):
            if np.isinf(im):
                return complex(inf, im)
            if np.isinf(re):
                if re < 0:
                    return complex(im - im if np.isnan(im) else zero, np.copysign(inf, im))
                return complex(re, im if np.isnan(im) else np.copysign(zero, im))
            return complex(re + im, re + im)  # nan
        if im == 0:
            if re < 0:
                return complex(zero, np.copysign(np.sqrt(-re), im))
            return complex(abs(np.sqrt(re)), np.copysign(zero, im))
        if re == 0:
            a = abs(im)
            r = np.sqrt(half * a) if a >= tiny2 else half * np.sqrt(a + a)
            return complex(r, np.copysign(r, im))
        scale = 0
        if abs(re) > big:
            scale = 1
            re, im = re * part(0.25), im * part(0.25)
        elif abs(im) > big:
            scale = 1
            re = re * part(0.25) if abs(re) >= tiny4 else zero
            im = im * part(0.25)
        elif abs(re) < tiny2 and abs(im) < tiny2:
            scale = up
            re, im = re * part(2.0 ** (-2 * up)), im * part(2.0 ** (-2 * up))
        d = np.hypot(re, im)
        # 2 Re(root) Im(root) = Im(x) avoids cancellation in d -/+ Re(x)
        if re > 0:
            r = np.sqrt(half * (d + re))
            if scale == 1 and abs(im) < 1:
                s = im / r
                r = r * part(2.0)
                scale = 0
            else:
                s = half * (im / r)
        else:
            s = np.sqrt(half * (d - re))
            if scale == 1 and abs(im) < 1:
                r = abs(im / s)
                s = s * part(2.0)
                scale = 0
            else:
                r = abs(half * (im / s))
        if scale:
            factor = part(2.0**scale)
            r, s = r * factor, s * factor
        return complex(r, np.copysign(s, im))

    return impl


@register_jitable
def best_axis_order(ax, na, strides):
    """NumPy's ``npyiter_find_best_axis_ordering`` (nditer_constr.c): sorts the axes
    ``ax[:na]`` (innermost first, in C order to begin with) so that smaller strides are
    inner, by a stable insertion sort over the operands' ``strides`` (one row an operand,
    bytes): an operand with a 0 stride on either axis has no say, and where operands
    disagree the current order stays.  In place; callable from Python too."""
    for i0 in range(1, na):
        j0 = ax[i0]
        ipos = i0
        for i1 in range(i0 - 1, -1, -1):
            j1 = ax[i1]
            ambiguous = True
            swap = False
            for op in range(strides.shape[0]):
                s0, s1 = strides[op, j0], strides[op, j1]
                if s0 != 0 and s1 != 0:
                    if abs(s1) <= abs(s0):
                        swap = False
                    elif ambiguous:
                        swap = True
                    ambiguous = False
            if not ambiguous:
                if swap:
                    ipos = i1
                else:
                    break
        if ipos != i0:
            for i1 in range(i0, ipos, -1):
                ax[i1] = ax[i1 - 1]
            ax[ipos] = j0
