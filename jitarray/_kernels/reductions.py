"""Reduction kernels: NumPy's reduce loop over raw strides, and its pairwise sum.

Every fold kernel walks the input in NumPy's own iteration order, described by ``dims``,
an ``(naxes, 4)`` int64 array with one row per axis, innermost first: ``(length, input
stride, output stride, operand stride)``, strides in elements of ``x``, ``out`` and ``m``
(1-D buffers; reduced axes have output stride 0).  The first ``nblock`` axes form NumPy's
"block": the elements one call of NumPy's inner loop sees.  A block whose output stride is
0 everywhere is a reduction call, cut into calls of ``length`` elements (NumPy's buffer);
any other block is elementwise (``out[j] op= x[j]``).  Float sums add each call's elements
pairwise exactly as ``@TYPE@_pairwise_sum`` in NumPy's ``loops_utils.h.src`` does, so the
results are NumPy's bit for bit.  ``out`` holds each result's start value on entry (the
identity, or what earlier calls left).
"""

import functools
import math

import numpy as np
from llvmlite import ir as llvmir
from numba import njit, types
from numba.core import cgutils
from numba.core.imputils import impl_ret_borrowed
from numba.extending import intrinsic
from numba.np.arrayobj import make_array, populate_array

from .._fperr import clear_flags, flags, raise_overflow, raise_underflow
from ._common import best_axis_order, cast_like, literal_jitable, multiply, overload
from ._outline import kernel_factory, outlined, truth_of, wrapping

# transforms applied to each element before folding (fold kernels' ``mode``)
PLAIN, NAN_TO_ZERO, NAN_TO_ONE, SQUARED_DEVIATION, NAN_SQUARED_DEVIATION, NOT_NAN = 0, 1, 2, 3, 4, 5
# nanvar of float16 summed in another dtype: its steps still round to float16
NAN_SQUARED_DEVIATION_HALF = 6
# var of a float32 difference summed in float16: only the square is rounded to float16
SQUARED_DEVIATION_TO_HALF = 7
# fold operators
SUM, PROD = 0, 1
# the modes one compiled sum serves, chosen by its run-time ``mode`` argument: the sums of
# sum, mean, var and std share one kernel per dtype, those of the nan* functions another
# (the tree walk, the plan and the leaves are most of a fold's compile time; each mode adds
# only its leaf loop)
SHARED_MODES = ((PLAIN, SQUARED_DEVIATION), (NAN_TO_ZERO, NOT_NAN, NAN_SQUARED_DEVIATION))
# comparison reductions (fmin/fmax skip NaN, as nanmin/nanmax)
MIN, MAX, FMIN, FMAX = 0, 1, 2, 3
# logical reductions, over truth values or over isnan
ANY, ALL = 0, 1
TRUTH, ISNAN, TRUTH_NOT_NAN = 0, 1, 2
# arg reductions; the NAN variants read NaN as +inf (argmin) or -inf (argmax)
ARGMIN, ARGMAX = 0, 1


def modes_of(group):
    """The modes of a fold kernel's ``group`` constant, a bit set of modes."""
    return tuple(mode for mode in range(8) if group >> mode & 1)


#: NumPy's PW_BLOCKSIZE: blocks of at most this many reals are summed with 8 accumulators.
PW_BLOCK = 128


# The helpers below run once per item in the hot loops: intrinsics emit their few
# instructions in place (a helper compiled on its own is a call per item, measured 10x
# slower for a float sum, and another function to compile for every dtype).


@intrinsic
def strided(typingctx, x, start, step, n):
    """``n`` items of the 1-D buffer ``x`` from item ``start`` in steps of ``step`` items
    (any sign, or 0), as an array view.  Unchecked."""
    if not (isinstance(x, types.Array) and x.ndim == 1):
        return None
    retty = x.copy(layout="A")

    def codegen(context, builder, signature, args):
        ary = make_array(signature.args[0])(context, builder, args[0])
        out = make_array(retty)(context, builder)
        intp = context.get_value_type(types.intp)
        first, stride, count = (context.cast(builder, v, t, types.intp) for v, t in zip(args[1:], signature.args[1:]))
        populate_array(out, data=builder.gep(ary.data, [first]), shape=[count],
                       strides=[builder.mul(stride, ary.itemsize)], itemsize=ary.itemsize, meminfo=ary.meminfo)
        return impl_ret_borrowed(context, builder, retty, out._getvalue())

    return retty(x, types.intp, types.intp, types.intp), codegen


@intrinsic
def contiguous(typingctx, x, start, n):
    """``n`` items of the 1-D buffer ``x`` from item ``start``, typed C-contiguous (so that
    loops over it vectorise).  The view holds no reference to ``x``'s memory (which ``x``
    keeps alive for as long as a kernel uses the view): no atomic reference count per row,
    6 ns of argmax's 38 per row of 100 float64.  Unchecked; never returned from a kernel."""
    if not (isinstance(x, types.Array) and x.ndim == 1):
        return None
    retty = x.copy(layout="C")

    def codegen(context, builder, signature, args):
        ary = make_array(signature.args[0])(context, builder, args[0])
        out = make_array(retty)(context, builder)
        first, count = (context.cast(builder, v, t, types.intp) for v, t in zip(args[1:], signature.args[1:]))
        populate_array(out, data=builder.gep(ary.data, [first]), shape=[count], strides=[ary.itemsize],
                       itemsize=ary.itemsize, meminfo=None)
        return out._getvalue()

    return retty(x, types.intp, types.intp), codegen


@intrinsic
def middle_row(typingctx, x, i, j):
    """``x[i, :, j]`` of a 3-D array, as a view that holds no reference to ``x``'s memory
    (see ``contiguous``): an arg reduction along rows takes one per row (x[i, :, 0] took
    an atomic reference count each: argmax of (2000, 5000) bools along rows, where the
    first True is near, 0.77 of NumPy with it, 1.16 without).  Unchecked."""
    if not (isinstance(x, types.Array) and x.ndim == 3):
        return None
    retty = x.copy(ndim=1, layout="A")

    def codegen(context, builder, signature, args):
        ary = make_array(signature.args[0])(context, builder, args[0])
        out = make_array(retty)(context, builder)
        shape, strides = cgutils.unpack_tuple(builder, ary.shape), cgutils.unpack_tuple(builder, ary.strides)
        a, b = (context.cast(builder, v, t, types.intp) for v, t in zip(args[1:], signature.args[1:]))
        offset = builder.add(builder.mul(a, strides[0]), builder.mul(b, strides[2]))
        data = builder.bitcast(builder.gep(builder.bitcast(ary.data, llvmir.IntType(8).as_pointer()), [offset]),
                               ary.data.type)
        populate_array(out, data=data, shape=[shape[1]], strides=[strides[1]], itemsize=ary.itemsize, meminfo=None)
        return out._getvalue()

    return retty(x, types.intp, types.intp), codegen


@intrinsic
def zero_of(typingctx, arr):
    """0 in the item type of array ``arr`` (valid for empty arrays)."""
    ty = arr.dtype

    def codegen(context, builder, signature, args):
        return context.get_constant_null(ty)

    return ty(arr), codegen


@intrinsic
def to_type(typingctx, value, like):
    """``value`` converted to the type of ``like`` (C's conversion); complex to real keeps
    the real part."""
    source, target = types.unliteral(value), types.unliteral(like)

    def codegen(context, builder, signature, args):
        v = args[0]
        if isinstance(source, types.Complex) and not isinstance(target, types.Complex):
            v = context.make_complex(builder, source, v).real
            return context.cast(builder, v, source.underlying_float, target)
        return context.cast(builder, v, source, target)

    return target(source, target), codegen


@intrinsic
def is_nan(typingctx, value):
    """NaN test: True for a complex number with a NaN part, False for integers."""
    source = types.unliteral(value)

    def codegen(context, builder, signature, args):
        v = args[0]
        if isinstance(source, types.Complex):
            c = context.make_complex(builder, source, v)
            return builder.or_(builder.fcmp_unordered("uno", c.real, c.real),
                               builder.fcmp_unordered("uno", c.imag, c.imag))
        if isinstance(source, types.Float):
            return builder.fcmp_unordered("uno", v, v)
        return context.get_constant(types.boolean, False)

    return types.boolean(source), codegen


@intrinsic
def same_item_type(typingctx, x, z):
    """Whether array ``x``'s items have the type of ``z`` (a compile-time constant)."""
    flag = x.dtype == types.unliteral(z)

    def codegen(context, builder, signature, args):
        return context.get_constant(types.boolean, flag)

    return types.boolean(x, z), codegen


def round_half(value):
    """A float32 value rounded to the nearest float16 (ties to even) and widened back;
    other types unchanged.  NumPy stores float16 sums and products after every call."""


@overload(round_half)
def _round_half_impl(value):
    if not isinstance(value, types.Float):
        return lambda value: value
    # the rounding raises NumPy's float16 overflow and underflow (npy_floatbits_to_halfbits)
    # by calls (an arithmetic trick was run speculatively, out of its branch: float32 0.475
    # cast to float16 raised the underflow)

    def impl(value):
        a = abs(float(value))
        if a != a or a == math.inf:
            return value
        if a >= 65520.0:  # half of the way from 65504 (largest half) to 65536 rounds up
            raise_overflow()
            return cast_like(math.copysign(math.inf, value), value)
        # 11 significant bits; subnormal halves are multiples of 2**-24
        q = 2.0**-24 if a < 2.0**-14 else 2.0 ** (math.frexp(a)[1] - 11)
        r = np.rint(a / q) * q
        if a < 2.0**-14 and r != a:  # a subnormal half that drops bits
            raise_underflow()
        return cast_like(math.copysign(r, value), value)

    return impl


def as_half(v, like):
    """``v`` cast to float16 (as NumPy's buffers cast the input of a float16 loop), as
    ``like``'s type (float32); complex inputs keep their real part."""


@overload(as_half)
def _as_half_impl(v, like):
    if isinstance(v, types.Complex):
        return lambda v, like: cast_like(round_half(cast_like(v.real, 0.0)), like)
    return lambda v, like: cast_like(round_half(cast_like(v, 0.0)), like)


def square_of(d, like):
    """``d * d`` for reals; ``re*re + im*im`` for complex (NumPy's var squares the parts)."""


@overload(square_of, inline="always")
def _square_of_impl(d, like):
    if isinstance(d, types.Complex):
        return lambda d, like: to_type(d.real * d.real + d.imag * d.imag, like)
    return lambda d, like: to_type(d * d, like)


def conj_square(d, like):
    """``(d * conj(d)).real`` with NumPy's complex multiply; ``d * d`` for reals (nanvar)."""


@overload(conj_square)
def _conj_square_impl(d, like):
    if isinstance(d, types.Complex):
        return lambda d, like: to_type(multiply(d, d.conjugate()).real, like)
    return lambda d, like: to_type(d * d, like)


def transform(v, z, mode, m, half):
    """One element as NumPy's nan* and var functions feed it to their sums (``mode`` and
    ``half`` constants)."""


@overload(transform, prefer_literal=True)
def _transform_impl(v, z, mode, m, half):
    MODE, HALF = mode.literal_value, half.literal_value

    def impl(v, z, mode, m, half):
        # one element as NumPy's nan* and var functions feed it to their sums
        if MODE == PLAIN:
            return as_half(v, z) if HALF else to_type(v, z)
        if MODE == NAN_TO_ZERO:
            return to_type(0, z) if is_nan(v) else (as_half(v, z) if HALF else to_type(v, z))
        if MODE == NAN_TO_ONE:
            return to_type(1, z) if is_nan(v) else (as_half(v, z) if HALF else to_type(v, z))
        if MODE == NOT_NAN:  # counts of the values nan* functions keep
            return to_type(0 if is_nan(v) else 1, z)
        if MODE == SQUARED_DEVIATION or MODE == SQUARED_DEVIATION_TO_HALF:
            # x = arr - mean in the mean's type, then squared (rounded to float16 for HALF)
            d = to_type(v, m) - m
            if HALF and MODE == SQUARED_DEVIATION:
                d = round_half(d)
            s = square_of(d, z)
            return round_half(s) if HALF else s
        # nanvar: (arr - mean) stored back in arr's type, NaNs zeroed, times its conjugate
        if is_nan(v):
            return to_type(0, z)
        # (the difference in arr's type is float16 only for float16 arr; a float16 sum
        # rounds the square alone, as it enters the sum)
        d = to_type(to_type(v, m) - m, v)
        if MODE == NAN_SQUARED_DEVIATION_HALF:
            d = round_half(d)
        s = conj_square(d, z)
        return round_half(s) if HALF or MODE == NAN_SQUARED_DEVIATION_HALF else s

    return impl


def transform_in(v, z, mode, group, m, half):
    """:func:`transform` with the run-time ``mode``, one of the constant ``group``'s."""


@overload(transform_in, prefer_literal=True)
def _transform_in_impl(v, z, mode, group, m, half):
    members = modes_of(group.literal_value)
    if len(members) == 1:
        (M0,) = members
        return lambda v, z, mode, group, m, half: transform(v, z, M0, m, half)
    M0, M1, M2 = (members + members[-1:])[:3]
    if len(members) > 3:
        raise TypeError("a fold kernel serves three modes at most")

    def impl(v, z, mode, group, m, half):
        if mode == M0:
            return transform(v, z, M0, m, half)
        if mode == M1:
            return transform(v, z, M1, m, half)
        return transform(v, z, M2, m, half)

    return impl


def loop_multiply(a, b, step):
    """``a * b`` as NumPy's elementwise multiply loop computes it on an input of stride
    ``step``: with fused multiply-adds for complex numbers (see ``_common.multiply``),
    except that its complex64 SIMD path skips negative strides (measured on AVX-512)."""


@overload(loop_multiply)
def _loop_multiply_impl(a, b, step):
    if isinstance(a, types.Complex) and a.underlying_float == types.float32:
        return lambda a, b, step: multiply(a, b) if step >= 0 else a * b
    return lambda a, b, step: multiply(a, b)


def fold_two(op, a, b, step):
    """``a + b`` (``op`` SUM, a constant) or ``a * b`` as ``loop_multiply`` computes it."""


@overload(fold_two, prefer_literal=True)
def _fold_two_impl(op, a, b, step):
    if not isinstance(op, types.IntegerLiteral):
        return None
    if op.literal_value == SUM:
        return lambda op, a, b, step: a + b
    return lambda op, a, b, step: loop_multiply(a, b, step)


# ------------------------------------------------------------------ pairwise sums


@intrinsic
def contiguous_leaf(typingctx, x, start, k):
    """NumPy's sum of one pairwise leaf of ``k`` contiguous float or complex items of the 1-D
    buffer ``x`` from item ``start`` (at least 8 reals, at most PW_BLOCK): eight
    accumulators, lane ``j`` adding the reals ``j``, ``8 + j``, ``16 + j``, ... (a complex
    item is two reals), combined pairwise, then the reals left over added one by one.  Each
    lane is added on its own, as NumPy's eight accumulators are, so the sum is NumPy's bit
    for bit; the eight run as one vector addition.  Unchecked."""
    if not (isinstance(x, types.Array) and x.ndim == 1 and isinstance(x.dtype, (types.Float, types.Complex))):
        return None
    cplx = isinstance(x.dtype, types.Complex)
    real = x.dtype.underlying_float if cplx else x.dtype

    def codegen(context, builder, signature, args):
        ary = make_array(signature.args[0])(context, builder, args[0])
        first = context.cast(builder, args[1], signature.args[1], types.intp)
        count = context.cast(builder, args[2], signature.args[2], types.intp)
        intp = context.get_value_type(types.intp)
        ftype = context.get_value_type(real)
        align = context.get_abi_sizeof(ftype)
        # lanes per vector: vectors of 16 bytes, which malloc's 16-byte alignment keeps within
        # one cache line (64-byte vectors, split across lines, read 17% slower from memory)
        width = 16 // align
        vec = llvmir.VectorType(ftype, width)
        reals = builder.bitcast(builder.gep(ary.data, [first]), ftype.as_pointer())
        per_item = 2 if cplx else 1
        nreal = builder.mul(count, intp(per_item))
        groups = builder.udiv(nreal, intp(8))
        vectors = builder.bitcast(reals, vec.as_pointer())
        nvec = 8 // width
        accs = [cgutils.alloca_once_value(builder, builder.load(builder.gep(vectors, [intp(v)]), align=align))
                for v in range(nvec)]
        with cgutils.for_range_slice(builder, intp(1), groups, intp(1)) as (g, _):
            base = builder.mul(g, intp(nvec))
            for v, acc in enumerate(accs):
                item = builder.load(builder.gep(vectors, [builder.add(base, intp(v))]), align=align)
                builder.store(builder.fadd(builder.load(acc), item), acc)
        r = []
        for acc in accs:
            lanes = builder.load(acc)
            r += [builder.extract_element(lanes, llvmir.IntType(32)(j)) for j in range(width)]
        add = builder.fadd
        if cplx:  # the even lanes hold real parts, the odd ones imaginary parts
            parts = [add(add(r[0], r[2]), add(r[4], r[6])), add(add(r[1], r[3]), add(r[5], r[7]))]
        else:
            parts = [add(add(add(r[0], r[1]), add(r[2], r[3])), add(add(r[4], r[5]), add(r[6], r[7])))]
        sums = [cgutils.alloca_once_value(builder, p) for p in parts]
        with cgutils.for_range_slice(builder, builder.mul(groups, intp(8)), nreal, intp(per_item)) as (j, _):
            for part, total in enumerate(sums):
                v = builder.load(builder.gep(reals, [builder.add(j, intp(part))]))
                builder.store(add(builder.load(total), v), total)
        if not cplx:
            return builder.load(sums[0])
        c = context.make_complex(builder, x.dtype)
        c.real, c.imag = (builder.load(t) for t in sums)
        return c._getvalue()

    return x.dtype(x, types.intp, types.intp), codegen


@njit(cache=True, error_model="numpy", no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _block_real(x, z):
    # x: (n,) with n <= PW_BLOCK, of z's type; NumPy's 8-accumulator block
    n = x.shape[0]
    if n < 8:
        res = -z  # -0.0, so that a block of -0.0 sums to -0.0 as in NumPy
        for i in range(n):
            res += x[i]
        return res
    r0, r1, r2, r3 = x[0], x[1], x[2], x[3]
    r4, r5, r6, r7 = x[4], x[5], x[6], x[7]
    m = n - n % 8
    for i in range(8, m, 8):
        b = x[i:i + 8]
        r0 += b[0]
        r1 += b[1]
        r2 += b[2]
        r3 += b[3]
        r4 += b[4]
        r5 += b[5]
        r6 += b[6]
        r7 += b[7]
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for i in range(m, n):
        res += x[i]
    return res


@njit(cache=True, error_model="numpy", no_cpython_wrapper=True, no_cfunc_wrapper=True)
def _block_complex(x, z):
    # x: (n,) complex with 2n <= PW_BLOCK; NumPy counts reals, so 4 complex accumulators
    n = x.shape[0]
    if n < 4:
        res = -z
        for i in range(n):
            res += x[i]
        return res
    r0, r1, r2, r3 = x[0], x[1], x[2], x[3]
    m = n - n % 4
    for i in range(4, m, 4):
        b = x[i:i + 4]
        r0 += b[0]
        r1 += b[1]
        r2 += b[2]
        r3 += b[3]
    res = (r0 + r1) + (r2 + r3)
    for i in range(m, n):
        res += x[i]
    return res


def block_sum(x, start, step, k, z):
    """Pairwise sum of one leaf block in NumPy's order (float or complex ``z``): ``k`` items of
    the 1-D buffer ``x`` from item ``start`` in steps of ``step`` (when they are of ``z``'s
    type; otherwise never called, and typed as a dummy)."""


@overload(block_sum, inline="always")
def _block_sum_impl(x, start, step, k, z):
    # (inlined: a call per leaf measured 20-40% of a float64 sum's time)
    if x.dtype != types.unliteral(z):
        return lambda x, start, step, k, z: z
    block, least = (_block_complex, 4) if isinstance(z, types.Complex) else (_block_real, 8)

    def impl(x, start, step, k, z):
        if step == 1 and k >= least:
            return contiguous_leaf(x, start, k)
        return block(strided(x, start, step, k), z)

    return impl


@intrinsic
def wrapping_add(typingctx, a, b):
    """``a + b`` in ``a``'s integer type (``b`` converted to it), wrapping as C's unsigned
    arithmetic does; Numba's own ``+`` would widen a 32-bit ``a`` to 64 bits."""
    ta, tb = types.unliteral(a), types.unliteral(b)

    def codegen(context, builder, signature, args):
        b, source = args[1], tb
        if isinstance(tb, types.Complex):  # (the real part, as to_type takes it)
            b, source = context.make_complex(builder, tb, b).real, tb.underlying_float
        return builder.add(args[0], context.cast(builder, b, source, ta))

    return ta(ta, tb), codegen


#: items of 1 or 2 bytes summed in 32-bit lanes before each part is added to the total:
#: 2**15 of them cannot overflow (|int16| <= 2**15; uint16 < 2**16, in uint32)
NARROW_PART = 1 << 15


@intrinsic
def lane_of(typingctx, x, z):
    """0 of the type a contiguous integer sum of the items of array ``x`` into ``z`` adds
    them in: int32 (uint32 for unsigned items and bools) for items of 1 or 2 bytes, which
    holds twice as many lanes per vector as 64 bits (an int8 sum read 44 GB/s on one core,
    against 22), and ``z``'s own integer type for wider items."""
    item, target = x.dtype, types.unliteral(z)
    narrow = isinstance(item, types.Boolean) or (isinstance(item, types.Integer) and item.bitwidth <= 16)
    if narrow:
        lane = types.int32 if isinstance(item, types.Integer) and item.signed else types.uint32
    else:
        lane = target

    def codegen(context, builder, signature, args):
        return context.get_constant_null(lane)

    return lane(x, z), codegen


def _constant_flag(test):
    """An intrinsic ``f(z)`` giving the compile-time constant ``test(type of z)``."""

    @intrinsic
    def flag(typingctx, z):
        value = bool(test(types.unliteral(z)))

        def codegen(context, builder, signature, args):
            return context.get_constant(types.boolean, value)

        return types.boolean(z), codegen

    return flag


#: float and complex sums depend on the order (and are summed pairwise)
is_inexact = _constant_flag(lambda ty: isinstance(ty, (types.Float, types.Complex)))
is_complex = _constant_flag(lambda ty: isinstance(ty, types.Complex))
#: a lane_of type that sums in parts of NARROW_PART items
is_narrow_lane = _constant_flag(lambda ty: isinstance(ty, types.Integer) and ty.bitwidth == 32)


def call_sum(x, xo, dims, nblock, lo, count, z, mode, group, m, half, buf, stack, sums):
    """The sum of one of NumPy's calls (``group`` and ``half`` constants, ``mode`` one of
    ``group``'s)."""


@overload(call_sum, prefer_literal=True)
def _call_sum_impl(x, xo, dims, nblock, lo, count, z, mode, group, m, half, buf, stack, sums):
    members, HALF = modes_of(group.literal_value), half.literal_value
    HAS_PLAIN, HAS_NAN_TO_ZERO = PLAIN in members, NAN_TO_ZERO in members
    HAS_NOT_NAN, HAS_SQUARED_DEVIATION = NOT_NAN in members, SQUARED_DEVIATION in members
    # modes without a loop of their own below
    OTHERS = HALF or not set(members) <= {PLAIN, NAN_TO_ZERO, NOT_NAN, SQUARED_DEVIATION}
    if not isinstance(types.unliteral(z), (types.Float, types.Complex)):
        # integer sums are exact in any order: one loop over the call's items, none of the
        # pairwise machinery below typed for them (an int64 sum's first compile: 2.1 to 1.4 s)
        def impl_integer(x, xo, dims, nblock, lo, count, z, mode, group, m, half, buf, stack, sums):
            total = z
            if nblock == 1 and HAS_PLAIN and mode == PLAIN and not HALF:
                step = dims[0, 1]
                if step == 1:  # (typed contiguous: the loops vectorise)
                    # in parts summed in lane_of's type, of NARROW_PART items where it is 32 bits wide
                    lane = lane_of(x, z)
                    part = NARROW_PART if is_narrow_lane(lane) else max(count, 1)
                    for p0 in range(0, count, part):
                        xc = contiguous(x, xo + lo + p0, min(part, count - p0))
                        acc = lane
                        for i in range(xc.shape[0]):
                            acc = wrapping_add(acc, xc[i])
                        total += to_type(acc, z)  # (extended as the items were: the same sum mod 2**bits)
                    return total
                xs = strided(x, xo + lo * step, step, count)
                for i in range(count):
                    total += to_type(xs[i], z)
                return total
            for i in range(lo, lo + count):
                total += transform_in(x[_item_offset(dims, nblock, i, xo)], z, mode, group, m, HALF)
            return total

        return impl_integer

    def impl(x, xo, dims, nblock, lo, count, z, mode, group, m, half, buf, stack, sums):
        # the sum of one NumPy call: items lo .. lo+count of a block (NumPy's iteration order),
        # pairwise as @TYPE@_pairwise_sum (its recursion unrolled onto `stack`; NumPy counts
        # reals, so a complex block holds 64 items)
        cplx = is_complex(z)
        per = 64 if cplx else PW_BLOCK
        step = dims[0, 1] if nblock > 0 else 0
        direct = nblock == 1 and HAS_PLAIN and mode == PLAIN and not HALF
        in_place = direct and same_item_type(x, z)  # leaves summed where they lie
        # NumPy's recursion walked left to right: descend to the leftmost leaf, keeping the
        # right halves on `stack` (start, count); each leaf's sum is added to the finished left
        # halves on `sums` (their depths in stack[:, 2]) that it completes
        s = lo
        n = count
        d = 0
        rp = 0
        vp = 0
        while True:
            while n > per:
                # NumPy's split: half of the reals, rounded down to a multiple of 8
                n2 = (n - n % 8) // 2 if cplx else n // 2 - (n // 2) % 8
                stack[rp, 0] = s + n2
                stack[rp, 1] = n - n2
                rp += 1
                n = n2
                d += 1
            k = min(n, per)
            if in_place:
                leaf = block_sum(x, xo + s * step, step, k, z)
            else:
                # the leaf, transformed, into buf
                if nblock == 1:
                    p = xo + s * step
                    if HAS_PLAIN and mode == PLAIN and not HALF:
                        if step == 1 and not same_item_type(x, z):
                            # a contiguous leaf cast (mean of integers): the loop vectorises
                            # (mean of 4e6 int8 or int32 items 2.3 ms before, item by item)
                            xc = contiguous(x, p, k)
                            for i in range(k):
                                buf[i] = to_type(xc[i], z)
                        else:
                            for i in range(k):
                                buf[i] = to_type(x[p], z)
                                p += step
                    elif HAS_NAN_TO_ZERO and mode == NAN_TO_ZERO and not HALF:
                        for i in range(k):
                            v = x[p]
                            buf[i] = z if is_nan(v) else to_type(v, z)
                            p += step
                    elif HAS_NOT_NAN and mode == NOT_NAN:
                        for i in range(k):
                            buf[i] = to_type(0 if is_nan(x[p]) else 1, z)
                            p += step
                    elif HAS_SQUARED_DEVIATION and mode == SQUARED_DEVIATION and not HALF:
                        for i in range(k):
                            buf[i] = square_of(to_type(x[p], m) - m, z)
                            p += step
                    elif OTHERS:
                        for i in range(k):
                            buf[i] = transform_in(x[p], z, mode, group, m, HALF)
                            p += step
                else:
                    for i in range(k):
                        buf[i] = transform_in(x[_item_offset(dims, nblock, s + i, xo)], z, mode, group, m, HALF)
                leaf = block_sum(buf, 0, 1, k, z)
            while vp > 0 and stack[vp - 1, 2] == d:
                leaf = sums[vp - 1] + leaf
                vp -= 1
                d -= 1
            if rp == 0:
                return leaf
            sums[vp] = leaf
            stack[vp, 2] = d
            vp += 1
            rp -= 1
            s = stack[rp, 0]
            n = stack[rp, 1]

    return impl


# ------------------------------------------------------------------ fold: sum and product


@functools.cache
def fold_kernel(op, mode, half):
    """The cached kernels ``(serial, calls)`` that fold with ``op`` (SUM or PROD), ``mode``
    and ``half``; ``mode`` is passed to them as their last argument.

    ``op``, ``half`` and the modes a kernel serves are compiled in: its own mode alone, or
    one of :data:`SHARED_MODES` (a float64 sum measured 6.0 s to compile with every op and
    mode, 2.4 s with its own).

    ``serial(x, x0, out, m, dims, nblock, length, sign, first, count, mode)`` folds the
    outer indices ``first .. first+count``; ``calls(x, x0, dims, nblock, starts, counts, m,
    sums, mode)`` sets ``sums[k]`` to the sum of ``counts[k]`` items of the block from item
    ``starts[k]`` (one of NumPy's calls, or one subtree of its pairwise sum) for one output
    whose operand is ``m[0]``.
    Both return NumPy's floating-point error bits of what they ran.
    """
    shared = [g for g in SHARED_MODES if mode in g and op == SUM and not half]
    return _fold_kernels(op, sum(1 << m for m in (shared[0] if shared else (mode,))), half)


@kernel_factory
def _fold_kernels(op, group, half):
    """:func:`fold_kernel`'s kernels for the modes of ``group`` (see :func:`modes_of`)."""
    members = modes_of(group)
    HAS_PLAIN, HAS_NAN_TO_ZERO, HAS_SQUARED_DEVIATION = (
        PLAIN in members, NAN_TO_ZERO in members, SQUARED_DEVIATION in members)
    # modes without a loop of their own along a kept innermost axis
    OTHERS = half or not set(members) <= {PLAIN, NAN_TO_ZERO, SQUARED_DEVIATION}

    @njit(cache=True, nogil=True, error_model="numpy")
    def serial(x, x0, out, m, dims, nblock, length, sign, first, count, mode):
        # x, out, m: 1-D buffers; dims: (naxes, 4), innermost first; outer indices first..first+count;
        # sign: the sign of the input stride NumPy's elementwise loop sees (+1 when it buffers);
        # returns NumPy's floating-point error bits of the fold (see jitarray._fperr)
        if out.shape[0] == 0:
            return 0  # an empty result still gets one outer index from the plan: write nothing
        clear_flags()
        bsize, reduce_call = _block_of(dims, nblock)
        naxes = dims.shape[0]
        z = zero_of(out)
        buf = np.empty(PW_BLOCK, out.dtype)
        stack = np.empty((64, 3), np.int64)
        sums = np.empty(64, out.dtype)
        t = first
        end = first + count
        while t < end:
            done = 1  # outer indices this pass folds
            # offsets of outer index t (axes nblock.., innermost fastest)
            xo = x0
            oo = 0
            mo = 0
            r = t
            for a in range(nblock, naxes):
                i = r % dims[a, 0]
                r //= dims[a, 0]
                xo += i * dims[a, 1]
                oo += i * dims[a, 2]
                mo += i * dims[a, 3]
            if reduce_call:
                acc = out[oo]
                mv = m[mo]
                # NumPy's calls of `length` items; an integer sum is exact in any order: one call
                span = length if is_inexact(z) or op != SUM else max(bsize, 1)
                for lo in range(0, bsize, span):
                    k = min(span, bsize - lo)
                    if op == SUM:
                        acc = acc + call_sum(x, xo, dims, nblock, lo, k, z, mode, group, mv, half, buf, stack,
                                             sums)
                    elif nblock == 1 and HAS_PLAIN and mode == PLAIN and not half:
                        # NumPy's multiply reduce loop: one product after another (for complex
                        # numbers its scalar formula, without the fused multiply-adds of its
                        # elementwise SIMD loop)
                        xs = strided(x, xo + lo * dims[0, 1], dims[0, 1], k)
                        for j in range(k):
                            acc = acc * to_type(xs[j], z)
                    elif nblock == 1:
                        # the other modes (nanprod's NaN read as one) through the same view, not
                        # an offset worked out per item (nanprod of float32 rows: 0.65 of NumPy)
                        xs = strided(x, xo + lo * dims[0, 1], dims[0, 1], k)
                        for j in range(k):
                            acc = acc * transform_in(xs[j], z, mode, group, mv, half)
                    else:
                        for j in range(lo, lo + k):
                            acc = acc * transform_in(x[_item_offset(dims, nblock, j, xo)], z, mode, group, mv, half)
                    if half:
                        acc = round_half(acc)
                out[oo] = acc
            elif nblock == 1:
                # out[j] op= x[j] along the innermost axis, which is kept
                n = dims[0, 0]
                xs = strided(x, xo, dims[0, 1], n)
                os = strided(out, oo, dims[0, 2], n)
                ms = strided(m, mo, dims[0, 3], n)
                if HAS_PLAIN and mode == PLAIN and not half:
                    # sums and products alike (products through the generic loop below measured
                    # 0.2-0.8 of NumPy along axis 0 of (2000, 2000), here 1.4-7.8x)
                    if dims[0, 1] == 1 and dims[0, 2] == 1:  # contiguous rows: vectorised
                        xc = contiguous(x, xo, n)
                        oc = contiguous(out, oo, n)
                        if naxes > 1 and dims[1, 2] == 0 and min(dims[1, 0] - t % dims[1, 0], end - t) >= 4:
                            # the next outer axis is reduced: four of its rows in one pass, each
                            # column still folded row after row (out is read and written a
                            # quarter as often: 2x faster for (2000, 5000) float64, axis 0)
                            x1 = contiguous(x, xo + dims[1, 1], n)
                            x2 = contiguous(x, xo + 2 * dims[1, 1], n)
                            x3 = contiguous(x, xo + 3 * dims[1, 1], n)
                            for j in range(n):
                                v = fold_two(op, oc[j], to_type(xc[j], z), sign)
                                v = fold_two(op, v, to_type(x1[j], z), sign)
                                v = fold_two(op, v, to_type(x2[j], z), sign)
                                oc[j] = fold_two(op, v, to_type(x3[j], z), sign)
                            done = 4
                        else:
                            for j in range(n):
                                oc[j] = fold_two(op, oc[j], to_type(xc[j], z), sign)
                    else:
                        for j in range(n):
                            os[j] = fold_two(op, os[j], to_type(xs[j], z), sign)
                elif op == SUM and HAS_NAN_TO_ZERO and mode == NAN_TO_ZERO and not half:
                    for j in range(n):
                        v = xs[j]
                        os[j] = os[j] + (z if is_nan(v) else to_type(v, z))
                elif op == SUM and HAS_SQUARED_DEVIATION and mode == SQUARED_DEVIATION and not half:
                    for j in range(n):
                        os[j] = os[j] + square_of(to_type(xs[j], ms[j]) - ms[j], z)
                elif op == SUM:
                    if OTHERS:
                        for j in range(n):
                            v = os[j] + transform_in(xs[j], z, mode, group, ms[j], half)
                            os[j] = round_half(v) if half else v
                else:
                    for j in range(n):
                        v = loop_multiply(os[j], transform_in(xs[j], z, mode, group, ms[j], half), sign)
                        os[j] = round_half(v) if half else v
            else:
                for j in range(bsize):
                    p, q, s = _block_offsets(dims, nblock, j, xo, oo, mo)
                    v = transform_in(x[p], z, mode, group, m[s], half)
                    w = out[q] + v if op == SUM else loop_multiply(out[q], v, sign)
                    out[q] = round_half(w) if half else w
            t += done
        return flags()

    @njit(cache=True, nogil=True, error_model="numpy")
    def calls(x, x0, dims, nblock, starts, counts, m, sums, mode):
        # sums[k]: the sum of counts[k] items of the block from item starts[k] (one of NumPy's
        # calls, or one subtree of its pairwise sum), for one output whose operand is m[0]
        z = zero_of(sums)
        buf = np.empty(PW_BLOCK, sums.dtype)
        stack = np.empty((64, 3), np.int64)
        partial = np.empty(64, sums.dtype)
        clear_flags()
        for k in range(starts.shape[0]):
            sums[k] = call_sum(x, x0, dims, nblock, starts[k], counts[k], z, mode, group, m[0], half, buf, stack,
                               partial)
        return flags()

    return wrapping(serial, 2), wrapping(calls, 7)


# ------------------------------------------------------------------ min, max, fmin, fmax


def _llvm_extreme(name, larger):
    """An intrinsic ``f(a, b)`` for reals and integers: LLVM's ``name`` for floats
    (``llvm.maximum`` propagates NaN, ``llvm.maxnum`` skips it), a compare-and-select for
    integers.  Loops of these vectorise (selects on floats do not, without fast-math);
    complex numbers are not accepted (their loops use :func:`better`)."""

    @intrinsic
    def extreme(typingctx, a, b):
        ta, tb = types.unliteral(a), types.unliteral(b)
        if ta != tb or not isinstance(ta, (types.Float, types.Integer, types.Boolean)):
            return None

        def codegen(context, builder, signature, args):
            x, y = args
            if isinstance(ta, types.Float):
                fnty = llvmir.FunctionType(x.type, [x.type, x.type])
                full = f"{name}.f{ta.bitwidth}"
                fn = builder.module.globals.get(full) or llvmir.Function(builder.module, fnty, name=full)
                return builder.call(fn, [x, y])
            signed = isinstance(ta, types.Integer) and ta.signed
            op = ">" if larger else "<"
            take = builder.icmp_signed(op, y, x) if signed else builder.icmp_unsigned(op, y, x)
            return builder.select(take, y, x)

        return ta(ta, tb), codegen

    return extreme


nan_max = _llvm_extreme("llvm.maximum", True)
nan_min = _llvm_extreme("llvm.minimum", False)
num_max = _llvm_extreme("llvm.maxnum", True)
num_min = _llvm_extreme("llvm.minnum", False)
#: each comparison reduction's operation on two reals or integers
_EXTREME_OF = {MAX: nan_max, MIN: nan_min, FMAX: num_max, FMIN: num_min}



@njit(inline="always", error_model="numpy")
def _block_of(dims, nblock):
    # (items in a block, whether the block is one reduction call: output stride 0 throughout)
    bsize = 1
    reduce_call = True
    for a in range(nblock):
        bsize *= dims[a, 0]
        if dims[a, 2] != 0:
            reduce_call = False
    return bsize, reduce_call


@njit(inline="always", error_model="numpy")
def _item_offset(dims, nblock, j, xo):
    # input offset of item j of the block at xo
    p = xo
    for a in range(nblock):
        p += (j % dims[a, 0]) * dims[a, 1]
        j //= dims[a, 0]
    return p


@njit(inline="always", error_model="numpy")
def _block_offsets(dims, nblock, j, xo, oo, mo):
    # input, output and operand offsets of item j of the block at xo, oo, mo
    p, q, s = xo, oo, mo
    for a in range(nblock):
        i = j % dims[a, 0]
        j //= dims[a, 0]
        p += i * dims[a, 1]
        q += i * dims[a, 2]
        s += i * dims[a, 3]
    return p, q, s


@njit(inline="always", error_model="numpy")
def _outer_offsets(dims, nblock, t, x0):
    # input and output offsets of outer index t (axes nblock.., innermost fastest)
    xo = x0
    oo = 0
    for a in range(nblock, dims.shape[0]):
        i = t % dims[a, 0]
        t //= dims[a, 0]
        xo += i * dims[a, 1]
        oo += i * dims[a, 2]
    return xo, oo


def better(op, acc, v):
    """The value NumPy's maximum/minimum/fmax/fmin loop keeps from ``acc`` and ``v``."""


@overload(better, inline="always")
def _better_impl(op, acc, v):
    if isinstance(acc, types.Complex):

        def impl_complex(op, acc, v):
            ar, ai, vr, vi = acc.real, acc.imag, v.real, v.imag
            nan_a = ar != ar or ai != ai
            nan_v = vr != vr or vi != vi
            if op == MAX or op == FMAX:
                keep = (ar > vr and ai == ai and vi == vi) or (ar == vr and ai >= vi)
            else:
                keep = (ar < vr and ai == ai and vi == vi) or (ar == vr and ai <= vi)
            if op == MAX or op == MIN:
                return acc if (nan_a or keep) else v  # NaN propagates: the first one stays
            return acc if (nan_v or keep) else v  # fmax/fmin: a NaN is skipped

        return impl_complex
    if isinstance(acc, types.Float):

        def impl_float(op, acc, v):
            if op == MAX:
                return acc if (acc >= v or acc != acc) else v
            if op == MIN:
                return acc if (acc <= v or acc != acc) else v
            if op == FMAX:
                return acc if (acc >= v or v != v) else v
            return acc if (acc <= v or v != v) else v

        return impl_float

    def impl_int(op, acc, v):
        if op == MAX or op == FMAX:
            return acc if acc >= v else v
        return acc if acc <= v else v

    return impl_int


@kernel_factory
def extreme_kernel(op):
    """The cached kernel of the comparison reduction ``op`` (MIN, MAX, FMIN or FMAX),
    ``serial(x, x0, out, dims, nblock, first, count)``: outer indices ``first ..
    first+count``; ``out`` starts at the op's neutral value (NaN for fmin/fmax: an all-NaN
    slice stays NaN).  ``op`` is compiled in, so each kernel holds the loops of its op alone
    (max of float64 measured 1.9 s to compile with all four ops' loops, 1.3 s with one)."""

    @njit(cache=True, nogil=True, error_model="numpy")
    def serial(x, x0, out, dims, nblock, first, count):
        if out.shape[0] == 0:
            return  # an empty result still gets one outer index from the plan: write nothing
        bsize, reduce_call = _block_of(dims, nblock)
        t = first
        end = first + count
        while t < end:
            done = 1  # outer indices this pass reduces
            xo, oo = _outer_offsets(dims, nblock, t, x0)
            if reduce_call and nblock == 1:
                if dims[0, 1] == 1:
                    out[oo] = extreme_row(op, contiguous(x, xo, dims[0, 0]), out[oo])
                else:
                    out[oo] = extreme_row(op, strided(x, xo, dims[0, 1], dims[0, 0]), out[oo])
            elif nblock == 1:
                # out[j] = op(out[j], x[j]) along the innermost (kept) axis: a vectorisable select
                n = dims[0, 0]
                if dims[0, 1] == 1 and dims[0, 2] == 1:  # contiguous rows: vectorised
                    # the next outer axis reduced: four of its rows in one pass over out, each
                    # column still taken row after row (as the fold's sum does); a row alone is
                    # taken four times over (the same result: the ops are idempotent), so that
                    # the kernel compiles one vectorised loop, not two
                    step = 0
                    if dims.shape[0] > 1 and dims[1, 2] == 0 and min(dims[1, 0] - t % dims[1, 0], end - t) >= 4:
                        step = dims[1, 1]
                        done = 4
                    extreme_update4(op, contiguous(out, oo, n), contiguous(x, xo, n), contiguous(x, xo + step, n),
                                    contiguous(x, xo + 2 * step, n), contiguous(x, xo + 3 * step, n))
                else:
                    extreme_update(op, strided(out, oo, dims[0, 2], n), strided(x, xo, dims[0, 1], n))
            else:
                for j in range(bsize):
                    p, q, _s = _block_offsets(dims, nblock, j, xo, oo, 0)
                    out[q] = better(op, out[q], x[p])
            t += done

    return serial


def _splat(builder, value, width):
    """``value`` in every lane of a vector of ``width``."""
    vec = llvmir.VectorType(value.type, width)
    one = builder.insert_element(llvmir.Constant(vec, None), value, llvmir.IntType(32)(0))
    return builder.shuffle_vector(one, one, llvmir.Constant(llvmir.VectorType(llvmir.IntType(32), width), None))


def _first_lanes(builder, data, n, width, passthru):
    """The ``n < width`` items at ``data`` (a pointer to items) in the first lanes of a
    vector, ``passthru``'s lanes after them, read with a masked load (no item past the
    ``n``th is touched); and the mask."""
    vec = passthru.type
    count = _splat(builder, n, width)
    mask = builder.icmp_unsigned("<", llvmir.Constant(count.type, list(range(width))), count)
    fn = cgutils.get_or_insert_function(
        builder.module, llvmir.FunctionType(vec, [vec.as_pointer(), llvmir.IntType(32), mask.type, vec]),
        f"llvm.masked.load.{_mangled(vec)}.p0")
    return builder.call(fn, [builder.bitcast(data, vec.as_pointer()), llvmir.IntType(32)(1), mask, passthru]), mask


def _mangled(t):
    """The LLVM type ``t`` as an overloaded intrinsic's name spells it: f32, f64, i8, v16f32."""
    if isinstance(t, llvmir.VectorType):
        return f"v{t.count}{_mangled(t.element)}"
    return {llvmir.FloatType: "f32", llvmir.DoubleType: "f64"}.get(type(t)) or f"i{t.width}"


def _fold_vectors(context, builder, ary, start, combine, watch_nan=False):
    """A C-contiguous row ``ary`` of floats or integers folded by ``combine`` (an
    idempotent, associative comparison of two values or vectors) onto ``start``: four
    accumulators of 64-byte vectors, then the whole vectors left, then the last vector's
    worth of items again (an overlap changes nothing), a row shorter than a vector read
    with a masked load, then the lanes halved in turn.  With ``watch_nan`` (floats), also
    whether an item is NaN (an i1)."""
    intp = context.get_value_type(types.intp)
    width = 64 // context.get_abi_sizeof(start.type)  # (16- and 32-byte vectors measured slower in cache)
    vec = llvmir.VectorType(start.type, width)
    n = builder.extract_value(ary.shape, 0)
    accs = [cgutils.alloca_once_value(builder, _splat(builder, start, width)) for _ in range(4)]
    nans = cgutils.alloca_once_value(builder, llvmir.Constant(llvmir.VectorType(llvmir.IntType(1), width), None))
    vectors = builder.bitcast(ary.data, vec.as_pointer())

    def add(total, v):
        builder.store(combine(builder.load(total), v), total)
        if watch_nan:
            builder.store(builder.or_(builder.load(nans), builder.fcmp_unordered("uno", v, v)), nans)

    groups = builder.udiv(n, intp(4 * width))  # of four vectors
    with cgutils.for_range(builder, groups) as loop:
        for k, total in enumerate(accs):
            add(total, builder.load(builder.gep(vectors, [builder.add(builder.mul(loop.index, intp(4)), intp(k))]),
                                    align=1))
    whole = builder.udiv(n, intp(width))
    with cgutils.for_range_slice(builder, builder.mul(groups, intp(4)), whole, intp(1)) as (j, _):
        add(accs[0], builder.load(builder.gep(vectors, [j]), align=1))
    with builder.if_then(builder.icmp_unsigned("!=", builder.urem(n, intp(width)), intp(0))):
        with builder.if_else(builder.icmp_unsigned(">=", n, intp(width))) as (overlap, short):
            with overlap:
                last = builder.gep(ary.data, [builder.sub(n, intp(width))])
                add(accs[0], builder.load(builder.bitcast(last, vec.as_pointer()), align=1))
            with short:
                add(accs[0], _first_lanes(builder, ary.data, n, width, builder.load(accs[0]))[0])
    a = [builder.load(total) for total in accs]
    both = combine(combine(a[0], a[1]), combine(a[2], a[3]))
    half = width // 2
    while half:
        lanes = [llvmir.Constant(llvmir.VectorType(llvmir.IntType(32), half), list(range(k, k + half)))
                 for k in (0, half)]
        both = combine(*(builder.shuffle_vector(both, both, lane) for lane in lanes))
        half //= 2
    result = builder.extract_element(both, llvmir.IntType(32)(0))
    if not watch_nan:
        return result
    return result, builder.icmp_unsigned("!=", builder.bitcast(builder.load(nans), llvmir.IntType(width)),
                                         llvmir.IntType(width)(0))


def _is_row_of(row, kinds):
    """Whether ``row`` is a C-contiguous 1-D array of one of the Numba types ``kinds``."""
    return isinstance(row, types.Array) and row.ndim == 1 and row.layout == "C" and isinstance(row.dtype, kinds)


def _is_real_row(row):
    """A C-contiguous 1-D array of floats or integers (bools are not Numba integers)."""
    return _is_row_of(row, (types.Float, types.Integer))


def _strictly(builder, dtype, larger):
    """``better(v, best)``, for items (or vectors of items) of the Numba type ``dtype``:
    whether ``v`` is strictly larger (``larger``) or smaller than ``best``, an i1 a lane;
    never for a NaN on either side."""
    relation = ">" if larger else "<"
    if isinstance(dtype, types.Float):
        return lambda v, best: builder.fcmp_ordered(relation, v, best)
    more = builder.icmp_signed if dtype.signed else builder.icmp_unsigned
    return lambda v, best: more(relation, v, best)


@intrinsic(prefer_literal=True)
def vector_extreme(typingctx, op, row, acc):
    """``acc`` combined with every item of the C-contiguous float row ``row`` by the
    comparison ``op`` (a constant), a vector at a time (``_fold_vectors``).  LLVM's loop
    vectoriser keeps a single ``maxnum``/``minnum`` (fmax, fmin) accumulator scalar; these
    operations are associative up to which NaN and which zero sign the result keeps, which
    the contract leaves free.  So max and min compare and select (one instruction a vector,
    where ``llvm.maximum``'s NaN and zero order took six) and note NaNs beside: a NaN
    ``acc`` is never replaced, and a row holding a NaN gives NaN."""
    if not (isinstance(op, types.IntegerLiteral) and _is_row_of(row, types.Float)
            and types.unliteral(acc) == row.dtype):
        return None
    if op.literal_value in (MAX, MIN):
        larger = op.literal_value == MAX

        def codegen_select(context, builder, signature, args):
            better = _strictly(builder, row.dtype, larger)

            def combine(a, v):  # a NaN ``v`` is not taken, a NaN ``a`` not replaced
                return builder.select(better(v, a), v, a)

            ary = make_array(row)(context, builder, args[1])
            peak, nan = _fold_vectors(context, builder, ary, args[2], combine, watch_nan=True)
            return builder.select(nan, llvmir.Constant(peak.type, math.nan), peak)

        return row.dtype(op, row, row.dtype), codegen_select
    name = {FMAX: "llvm.maxnum", FMIN: "llvm.minnum"}[op.literal_value]

    def codegen(context, builder, signature, args):

        def combine(a, b):
            t = a.type
            fn = cgutils.get_or_insert_function(builder.module, llvmir.FunctionType(t, [t, t]), f"{name}.{_mangled(t)}")
            return builder.call(fn, [a, b])

        return _fold_vectors(context, builder, make_array(row)(context, builder, args[1]), args[2], combine)

    return row.dtype(op, row, row.dtype), codegen


def extreme_row(op, row, acc):
    """``acc`` combined with every item of ``row`` by ``op`` (NumPy's reduce loop)."""


@overload(extreme_row, prefer_literal=True)
def _extreme_row_impl(op, row, acc):
    if isinstance(row.dtype, types.Complex):
        # complex numbers keep NumPy's order: the first NaN wins
        def impl_complex(op, row, acc):
            for i in range(row.shape[0]):
                acc = better(op, acc, row[i])
            return acc

        return impl_complex
    if isinstance(op, types.IntegerLiteral) and isinstance(row.dtype, types.Float) and row.layout == "C":
        return lambda op, row, acc: vector_extreme(op, row, acc)
    if isinstance(op, types.IntegerLiteral):  # a constant op: its loop alone
        pick = _EXTREME_OF[op.literal_value]

        def impl_one(op, row, acc):
            for i in range(row.shape[0]):
                acc = pick(acc, row[i])
            return acc

        return impl_one

    def impl(op, row, acc):
        # one loop per op so that each vectorises (which NaN and which zero sign the result
        # keeps may differ from NumPy's, as the contract allows)
        n = row.shape[0]
        if op == MAX:
            for i in range(n):
                acc = nan_max(acc, row[i])
        elif op == MIN:
            for i in range(n):
                acc = nan_min(acc, row[i])
        elif op == FMAX:
            for i in range(n):
                acc = num_max(acc, row[i])
        else:
            for i in range(n):
                acc = num_min(acc, row[i])
        return acc

    return impl


def extreme_update(op, out, x):
    """``out[j] = op(out[j], x[j])`` for two 1-D arrays of the same length."""


@overload(extreme_update, prefer_literal=True)
def _extreme_update_impl(op, out, x):
    if isinstance(x.dtype, types.Complex):
        def impl_complex(op, out, x):
            for j in range(x.shape[0]):
                out[j] = better(op, out[j], x[j])

        return impl_complex
    if isinstance(op, types.IntegerLiteral):  # a constant op: its loop alone
        pick = _EXTREME_OF[op.literal_value]

        def impl_one(op, out, x):
            for j in range(x.shape[0]):
                out[j] = pick(out[j], x[j])

        return impl_one

    def impl(op, out, x):
        n = x.shape[0]
        if op == MAX:
            for j in range(n):
                out[j] = nan_max(out[j], x[j])
        elif op == MIN:
            for j in range(n):
                out[j] = nan_min(out[j], x[j])
        elif op == FMAX:
            for j in range(n):
                out[j] = num_max(out[j], x[j])
        else:
            for j in range(n):
                out[j] = num_min(out[j], x[j])

    return impl


def extreme_update4(op, out, x0, x1, x2, x3):
    """:func:`extreme_update` with four rows in one pass over ``out``, in their order:
    ``out[j] = op(op(op(op(out[j], x0[j]), x1[j]), x2[j]), x3[j])``."""


@overload(extreme_update4, prefer_literal=True)
def _extreme_update4_impl(op, out, x0, x1, x2, x3):
    if isinstance(x0.dtype, types.Complex) or not isinstance(op, types.IntegerLiteral):
        # one row after another (the same order for each item): the complex comparison
        # inlined four times in one loop makes Numba's inliner warn (NumbaIRAssumptionWarning)
        def impl_rows(op, out, x0, x1, x2, x3):
            extreme_update(op, out, x0)
            extreme_update(op, out, x1)
            extreme_update(op, out, x2)
            extreme_update(op, out, x3)

        return impl_rows
    pick = _EXTREME_OF[op.literal_value]

    def impl(op, out, x0, x1, x2, x3):
        for j in range(x0.shape[0]):
            out[j] = pick(pick(pick(pick(out[j], x0[j]), x1[j]), x2[j]), x3[j])

    return impl


# ------------------------------------------------------------------ any, all


def _truth(v, mode):
    """The truth value an any/all of ``mode`` (a constant) reads in ``v``."""


@overload(_truth, prefer_literal=True)
def _truth_impl(v, mode):
    if mode.literal_value == ISNAN:
        return lambda v, mode: is_nan(v)
    if mode.literal_value == TRUTH_NOT_NAN:  # nansum into bool: a NaN became 0
        return lambda v, mode: v != 0 and not is_nan(v)
    return lambda v, mode: v != 0


@kernel_factory
def logical_kernel(op, mode):
    """The cached kernel of one logical reduction, ``serial(x, x0, out, dims, nblock,
    first, count)``: ``out`` is bool, starting False (ANY) or True (ALL); ``op`` and
    ``mode`` (TRUTH, ISNAN, TRUTH_NOT_NAN) are compiled in."""

    @njit(cache=True, nogil=True, error_model="numpy")
    def serial(x, x0, out, dims, nblock, first, count):
        # out: bool, starting False (any) or True (all)
        if out.shape[0] == 0:
            return  # an empty result still gets one outer index from the plan: write nothing
        bsize, reduce_call = _block_of(dims, nblock)
        target = op == ANY  # the value that decides a slice
        for t in range(first, first + count):
            xo, oo = _outer_offsets(dims, nblock, t, x0)
            if reduce_call and nblock == 1:
                if out[oo] == target:
                    continue
                if dims[0, 1] == 1:  # (typed contiguous: the loops over it vectorise)
                    out[oo] = _decides(contiguous(x, xo, dims[0, 0]), mode, target)
                else:
                    out[oo] = _decides(strided(x, xo, dims[0, 1], dims[0, 0]), mode, target)
            elif nblock == 1 and mode == TRUTH:
                # out[j] = out[j] or/and x[j] != 0 along the innermost (kept) axis
                n = dims[0, 0]
                if dims[0, 1] == 1 and dims[0, 2] == 1:
                    # contiguous rows: without a branch per item the loop vectorises (10x
                    # faster for bool, 2000 x 2000 along axis 0)
                    xc = contiguous(x, xo, n)
                    oc = contiguous(out, oo, n)
                    if target:
                        for j in range(n):
                            oc[j] = oc[j] | (xc[j] != 0)
                    else:
                        for j in range(n):
                            oc[j] = oc[j] & (xc[j] != 0)
                    continue
                xs = strided(x, xo, dims[0, 1], n)
                os = strided(out, oo, dims[0, 2], n)
                if target:
                    for j in range(n):
                        os[j] = os[j] or xs[j] != 0
                else:
                    for j in range(n):
                        os[j] = os[j] and xs[j] != 0
            else:
                for j in range(bsize):
                    p, q, _s = _block_offsets(dims, nblock, j, xo, oo, 0)
                    if _truth(x[p], mode) == target:
                        out[q] = target

    return truth_of(serial, 0)


@intrinsic
def bytes_decide(typingctx, row, target):
    """Whether some item of the C-contiguous 1-D array ``row`` of a one-byte type (bool,
    int8, uint8) is non-zero (``target`` True) or zero (``target`` False), as NumPy's SIMD
    loops read bool data: 64 bytes at a time (four 16-byte vectors), stopping after the
    first 64 that decide."""
    if not (isinstance(row, types.Array) and row.ndim == 1 and row.layout == "C"
            and row.dtype in (types.boolean, types.int8, types.uint8)):
        return None

    def codegen(context, builder, signature, args):
        ary = make_array(signature.args[0])(context, builder, args[0])
        target = args[1]
        intp = context.get_value_type(types.intp)
        byte = llvmir.IntType(8)
        vec = llvmir.VectorType(byte, 16)
        mask = llvmir.IntType(16)
        n = builder.extract_value(ary.shape, 0)
        data = builder.bitcast(ary.data, byte.as_pointer())
        zero = llvmir.Constant(vec, None)
        blocks = builder.udiv(n, intp(64))
        tail_start = builder.mul(blocks, intp(64))
        entry = builder.block
        header = builder.append_basic_block("decide.header")
        body = builder.append_basic_block("decide.body")
        latch = builder.append_basic_block("decide.latch")
        tail_header = builder.append_basic_block("decide.tail_header")
        tail_body = builder.append_basic_block("decide.tail_body")
        tail_latch = builder.append_basic_block("decide.tail_latch")
        done = builder.append_basic_block("decide.done")
        builder.branch(header)

        builder.position_at_end(header)
        i = builder.phi(intp)
        i.add_incoming(intp(0), entry)
        builder.cbranch(builder.icmp_unsigned("<", i, blocks), body, tail_header)

        builder.position_at_end(body)
        # the bitwise or of the 64 bytes has a non-zero byte where some byte is non-zero, their
        # unsigned minimum a zero byte where some byte is zero
        either = least = None
        for k in range(4):
            p = builder.gep(data, [builder.add(builder.mul(i, intp(64)), intp(16 * k))])
            v = builder.load(builder.bitcast(p, vec.as_pointer()), align=1)
            either = v if either is None else builder.or_(either, v)
            least = v if least is None else builder.select(builder.icmp_unsigned("<", least, v), least, v)
        nonzero = builder.bitcast(builder.icmp_unsigned("!=", either, zero), mask)
        zeros = builder.bitcast(builder.icmp_unsigned("==", least, zero), mask)
        hits = builder.select(target, nonzero, zeros)
        builder.cbranch(builder.icmp_unsigned("!=", hits, mask(0)), done, latch)

        builder.position_at_end(latch)
        i.add_incoming(builder.add(i, intp(1)), latch)
        builder.branch(header)

        builder.position_at_end(tail_header)
        j = builder.phi(intp)
        j.add_incoming(tail_start, header)
        builder.cbranch(builder.icmp_unsigned("<", j, n), tail_body, done)

        builder.position_at_end(tail_body)
        ne = builder.icmp_unsigned("!=", builder.load(builder.gep(data, [j])), byte(0))
        builder.cbranch(builder.icmp_unsigned("==", ne, target), done, tail_latch)

        builder.position_at_end(tail_latch)
        j.add_incoming(builder.add(j, intp(1)), tail_latch)
        builder.branch(tail_header)

        builder.position_at_end(done)
        result = builder.phi(llvmir.IntType(1))
        result.add_incoming(llvmir.IntType(1)(1), body)
        result.add_incoming(llvmir.IntType(1)(1), tail_body)
        result.add_incoming(llvmir.IntType(1)(0), tail_header)
        return result

    return types.boolean(row, types.boolean), codegen


def _decides(row, mode, target):
    """Whether some item of ``row`` has the truth value ``target`` (``mode`` a constant)."""


@overload(_decides, prefer_literal=True)
def _decides_impl(row, mode, target):
    MODE = mode.literal_value
    if MODE == TRUTH and row.layout == "C" and row.dtype in (types.boolean, types.int8, types.uint8):

        def impl_bytes(row, mode, target):
            if bytes_decide(row, target):
                return target
            return not target

        return impl_bytes

    def impl(row, mode, target):
        # whether some item of row has truth value `target`; blocks of 256 keep the inner loop
        # branch-free (vectorised) while still stopping early
        n = row.shape[0]
        for lo in range(0, n, 256):
            blk = row[lo:lo + 256]
            hits = 0
            if MODE == ISNAN:
                for i in range(blk.shape[0]):
                    hits += is_nan(blk[i]) == target
            elif MODE == TRUTH_NOT_NAN:
                for i in range(blk.shape[0]):
                    hits += (blk[i] != 0 and not is_nan(blk[i])) == target
            else:
                for i in range(blk.shape[0]):
                    hits += (blk[i] != 0) == target
            if hits:
                return target
        return not target

    return impl


# ------------------------------------------------------------------ argmin, argmax


def arg_better(op, nan_as_inf, best, v):
    """Whether ``v`` replaces ``best`` in NumPy's argmax/argmin scan: strictly better only
    (ties keep the first), the first NaN wins; with ``nan_as_inf`` a NaN reads as -inf for
    argmax and +inf for argmin (a complex one as that real), as nanargmax/nanargmin do."""


@overload(arg_better, inline="always")
def _arg_better_impl(op, nan_as_inf, best, v):
    # (no conditional expressions, `and` or `or`: Numba's inliner loses their variables)
    if isinstance(best, types.Complex):
        part = best.underlying_float

        def impl_complex(op, nan_as_inf, best, v):
            vn = (v.real != v.real) | (v.imag != v.imag)
            bn = (best.real != best.real) | (best.imag != best.imag)
            if not nan_as_inf:
                if bn:
                    return False
                if vn:
                    return True
            br, bi, vr, vi = best.real, best.imag, v.real, v.imag
            if nan_as_inf & vn:  # read as the infinity, +0j
                vr = arg_key(op, nan_as_inf, part(math.nan))
                vi = part(0.0)
            if nan_as_inf & bn:
                br = arg_key(op, nan_as_inf, part(math.nan))
                bi = part(0.0)
            if op == ARGMAX:
                return (vr > br) | ((vr == br) & (vi > bi))
            return (vr < br) | ((vr == br) & (vi < bi))

        return impl_complex
    if isinstance(best, types.Float):

        def impl_float(op, nan_as_inf, best, v):
            b = arg_key(op, nan_as_inf, best)
            w = arg_key(op, nan_as_inf, v)
            if b != b:  # (NaN is left only without nan_as_inf)
                return False
            if w != w:
                return True
            if op == ARGMAX:
                return w > b
            return w < b

        return impl_float
    if isinstance(best, types.Boolean):

        def impl_bool(op, nan_as_inf, best, v):
            if op == ARGMAX:
                return v & ~best
            return best & ~v

        return impl_bool

    def impl_int(op, nan_as_inf, best, v):
        if op == ARGMAX:
            return v > best
        return v < best

    return impl_int


_ARG_BLOCK = 4096  # bytes: 512 float64, 4096 int8 (whose vector folds have 64 lanes to halve)
_ARG_ROWS = 255  # rows of _arg_column_blocks' blocks: row offsets within a block fit a byte


@intrinsic
def arg_key(typingctx, op, nan_as_inf, v):
    """``v`` as the block scan of ``_arg_row`` compares it: with ``nan_as_inf`` a NaN reads
    as -inf for argmax and +inf for argmin (an intrinsic: a select in place, in the hot
    loop)."""
    vt = types.unliteral(v)

    def codegen(context, builder, signature, args):
        op_, flag, x = args
        if not isinstance(vt, types.Float):
            return x
        ninf, pinf = (llvmir.Constant(x.type, val) for val in (-math.inf, math.inf))
        is_max = builder.icmp_signed("==", op_, llvmir.Constant(op_.type, ARGMAX))
        inf = builder.select(is_max, ninf, pinf)
        flag = context.cast(builder, flag, signature.args[1], types.boolean)
        swap = builder.and_(flag, builder.fcmp_unordered("uno", x, x))
        return builder.select(swap, inf, x)

    return vt(types.intp, types.boolean, vt), codegen


@intrinsic(prefer_literal=True)
def first_match(typingctx, block, m, equal):
    """The index of the first item of the C-contiguous integer or bool ``block`` equal to
    ``m``, or with ``equal`` False the first not equal to it; the block's length if there is
    none (a bool is its byte: any byte not 0 is True, as NumPy reads it).  Compared a 64-byte vector at a time, the first match of a
    vector read from its mask (a scalar scan that stops there cannot vectorise), the items
    after the whole vectors as the last vector's worth again, a block shorter than a vector
    with a masked load.  (Reading every vector of an arg block and keeping the least index,
    without a branch on the data, measured slower.)"""
    dtype = getattr(block, "dtype", None)
    if not (_is_row_of(block, (types.Integer, types.Boolean)) and types.unliteral(m) == dtype
            and isinstance(equal, types.BooleanLiteral)):
        return None
    relation = "==" if equal.literal_value else "!="

    def codegen(context, builder, signature, args):
        ary = make_array(block)(context, builder, args[0])
        intp = context.get_value_type(types.intp)
        elt = context.get_data_type(dtype)  # (a bool's byte)
        m = builder.zext(args[1], elt) if isinstance(dtype, types.Boolean) else args[1]
        width = 64 // context.get_abi_sizeof(elt)
        vec = llvmir.VectorType(elt, width)
        n = builder.extract_value(ary.shape, 0)

        def match(v, mv):
            return builder.icmp_signed(relation, v, mv)

        wanted = _splat(builder, m, width)
        result = cgutils.alloca_once_value(builder, n)
        done = builder.append_basic_block("first_match.done")

        def search(start, short=False):
            # the vector of items from ``start``: on a match, its index and on to done
            at = builder.gep(ary.data, [start])
            if short:
                v, valid = _first_lanes(builder, at, n, width, llvmir.Constant(vec, None))
                hits = builder.and_(match(v, wanted), valid)
            else:
                hits = match(builder.load(builder.bitcast(at, vec.as_pointer()), align=1), wanted)
            mask = builder.bitcast(hits, llvmir.IntType(width))
            with builder.if_then(builder.icmp_unsigned("!=", mask, mask.type(0)), likely=False):
                builder.store(builder.add(start, builder.zext(builder.cttz(mask, llvmir.IntType(1)(1)), intp)),
                              result)
                builder.branch(done)

        whole = builder.udiv(n, intp(width))
        with cgutils.for_range(builder, whole) as loop:
            search(builder.mul(loop.index, intp(width)))
        with builder.if_else(builder.icmp_unsigned(">=", n, intp(width))) as (overlap, short):
            with overlap:
                search(builder.sub(n, intp(width)))
            with short:
                search(intp(0), short=True)
        builder.branch(done)
        builder.position_at_end(done)
        return builder.load(result)

    return types.intp(block, dtype, equal), codegen


def first_of(block, m):
    """The index of the first item of ``block`` equal to ``m`` (``m`` NaN: the first NaN);
    ``block`` holds one."""


@overload(first_of)
def _first_of_impl(block, m):
    if _is_row_of(block, types.Integer):
        return lambda block, m: first_match(block, m, True)

    def impl(block, m):
        for k in range(block.shape[0]):
            v = block[k]
            if (v == m) | ((v != v) & (m != m)):
                return k
        return block.shape[0]

    return impl


@kernel_factory(any_layout=(0,))
def arg_kernel(op, nan_as_inf):
    """The cached kernel of one arg reduction, ``serial(x, out, best)``: ``x`` a ``(pre, n,
    post)`` view with ``n > 0``, ``out`` its ``(pre, post)`` intp result, ``best`` a
    ``(post,)`` scratch of ``x``'s type.  ``op`` (ARGMIN or ARGMAX) and ``nan_as_inf`` are
    compiled in, so that the block scan holds the loop of its op alone."""

    @njit(cache=True, nogil=True, error_model="numpy")
    def serial(x, out, best):
        pre, n, post = x.shape
        for i in range(pre):
            if post == 1:
                out[i, 0] = _arg_row(op, nan_as_inf, middle_row(x, i, 0))
            else:
                o = out[i]
                first = x[i, 0]
                for j in range(post):
                    best[j] = first[j]
                    o[j] = 0
                if x.strides[2] == x.itemsize and o.strides[0] == o.itemsize:
                    arg_column_rows(op, nan_as_inf, x[i], best, o)
                else:
                    for k in range(1, n):
                        _arg_columns(op, nan_as_inf, x[i, k], k, best, o)

    return serial


@literal_jitable
def _arg_columns(op, nan_as_inf, row, k, best, o):
    # row k of (n, post) columns against the winners so far: branch-free
    for j in range(row.shape[0]):
        v = row[j]
        take = arg_better(op, nan_as_inf, best[j], v)
        best[j] = v if take else best[j]
        o[j] = k if take else o[j]


def arg_column_rows(op, nan_as_inf, x, best, o):
    """Rows 1.. of ``(n, post)`` columns with contiguous rows against their winners so far
    (row 0 in ``best``/``o``): in blocks for reals and integers; complex numbers, whose
    comparison Numba's inliner cannot take three times in one loop, row by row."""


@overload(arg_column_rows, prefer_literal=True)
def _arg_column_rows_impl(op, nan_as_inf, x, best, o):
    if isinstance(x.dtype, types.Complex):

        def impl_complex(op, nan_as_inf, x, best, o):
            for k in range(1, x.shape[0]):
                _arg_columns(op, nan_as_inf, x[k], k, best, o)

        return impl_complex
    return lambda op, nan_as_inf, x, best, o: _arg_column_blocks(op, nan_as_inf, x, best, o)


@literal_jitable
def _arg_column_blocks(op, nan_as_inf, x, best, o):
    # (n, post) columns with contiguous rows, row 0 already in best/o: _ARG_ROWS rows at a
    # time, each column's first winner in the block is found by _arg_columns' rule, two rows
    # at a time, with its row kept in one byte (an eighth of an intp index's traffic), then
    # merged into the winner so far (strictly better only: ties keep the earlier block's).
    # First-winner merges in index order are the scan's own result.
    n, post = x.shape
    block = np.empty(post, best.dtype)
    at = np.empty(post, np.uint8)
    for k0 in range(1, n, _ARG_ROWS):
        k1 = min(k0 + _ARG_ROWS, n)
        first = contiguous(x[k0], 0, post)
        for j in range(post):
            block[j] = first[j]
            at[j] = 0
        for k in range(k0 + 1, k1, 2):
            # two rows at a time, their own winner first (a last row alone is paired with
            # itself, which it does not beat), then the block's
            k2 = min(k + 1, k1 - 1)
            row, row2 = contiguous(x[k], 0, post), contiguous(x[k2], 0, post)
            step, step2 = np.uint8(k - k0), np.uint8(k2 - k0)
            for j in range(post):
                v, v2 = row[j], row2[j]
                second = arg_better(op, nan_as_inf, v, v2)
                w = v2 if second else v
                ws = step2 if second else step
                take = arg_better(op, nan_as_inf, block[j], w)
                block[j] = w if take else block[j]
                at[j] = ws if take else at[j]
        for j in range(post):
            take = arg_better(op, nan_as_inf, best[j], block[j])
            best[j] = block[j] if take else best[j]
            o[j] = k0 + np.intp(at[j]) if take else o[j]


@literal_jitable
def _arg_row(op, nan_as_inf, row):
    # Reals and integers go by vectors (arg_long_row) unless the row is short; complex
    # numbers one by one
    if row.shape[0] < 64:
        return _arg_scan(op, nan_as_inf, row)
    return arg_long_row(op, nan_as_inf, row)


@literal_jitable
def _arg_scan(op, nan_as_inf, row):
    best = row[0]
    idx = 0
    for k in range(1, row.shape[0]):
        v = row[k]
        if arg_better(op, nan_as_inf, best, v):
            best = v
            idx = k
    return idx


def arg_long_row(op, nan_as_inf, row):
    """The winner's index in a row of at least one item (see ``_arg_row``)."""


@overload(arg_long_row, prefer_literal=True)
def _arg_long_row_impl(op, nan_as_inf, row):
    if isinstance(row.dtype, types.Complex):
        return lambda op, nan_as_inf, row: _arg_scan(op, nan_as_inf, row)
    if isinstance(row.dtype, types.Boolean) and isinstance(op, types.IntegerLiteral):
        # argmax's first True (a byte not 0), argmin's first False, found as NumPy's bool
        # loops do: a vector at a time, stopping there (the scan measured 100x slower on
        # 2000x2000 along rows)
        FALSE = op.literal_value == ARGMIN

        def impl_bool(op, nan_as_inf, row):
            n = row.shape[0]
            if row.strides[0] != 1:
                return _arg_scan(op, nan_as_inf, row)
            k = first_match(contiguous(row, 0, n), False, FALSE)
            return k if k < n else 0

        return impl_bool

    if row.dtype.bitwidth in (32, 64):

        def impl_indexed(op, nan_as_inf, row):
            if row.strides[0] == row.itemsize:
                return _arg_indexed(op, nan_as_inf, contiguous(row, 0, row.shape[0]))
            return _arg_blocks(op, nan_as_inf, row)

        return impl_indexed

    def impl(op, nan_as_inf, row):
        if row.strides[0] == row.itemsize:
            return _arg_blocks(op, nan_as_inf, contiguous(row, 0, row.shape[0]))
        return _arg_blocks(op, nan_as_inf, row)

    return impl


_PAIRS = 2  # vectors a step, each with its own lanes (4 measured slower on rows of 100)
_INDEX_SPAN = 2**30  # items of one indexed_peak pass: its 32-bit index lanes cannot overflow


@literal_jitable
def _arg_indexed(op, nan_as_inf, row):
    # a C-contiguous row of 4- or 8-byte items, _INDEX_SPAN items a pass, each pass's winner
    # taken over the winner so far only when strictly better (the first NaN stays)
    n = row.shape[0]
    idx = indexed_peak(op, nan_as_inf, contiguous(row, 0, min(n, _INDEX_SPAN)))
    for s in range(_INDEX_SPAN, n, _INDEX_SPAN):
        k = s + indexed_peak(op, nan_as_inf, contiguous(row, s, min(n - s, _INDEX_SPAN)))
        if arg_better(op, nan_as_inf, row[idx], row[k]):
            idx = k
    return idx


@intrinsic(prefer_literal=True)
def indexed_peak(typingctx, op, nan_as_inf, row):
    """The index of the first winner of the arg reduction ``op`` (ARGMAX or ARGMIN) in a
    C-contiguous row of 4- or 8-byte floats or integers of fewer than 2**31 items, in one
    pass, as NumPy's SIMD argmax: each lane of two 64-byte vectors keeps the best key so
    far and its index, replaced only by a strictly better key (so a lane keeps its first);
    then the best key of all lanes, and the least index among the lanes holding it, which
    is the row's first.  Keys are the items (with ``nan_as_inf`` a NaN reads as the
    infinity that never wins); without it, the first vector holding a NaN ends the pass,
    and its first NaN is the answer.  The items after the whole vectors are read as the last
    vector's worth again (a lane offered an item it has seen keeps it), a row shorter than
    a vector with a masked load whose empty lanes hold a key that never wins.  (Per 4 KB
    block, the extreme and then a search for its first index measured 0.6-0.9 of NumPy's
    speed along rows.)"""
    if not (isinstance(op, types.IntegerLiteral) and isinstance(nan_as_inf, types.BooleanLiteral)
            and _is_real_row(row) and row.dtype.bitwidth in (32, 64)):
        return None
    larger = op.literal_value == ARGMAX
    real = isinstance(row.dtype, types.Float)
    watch_nan = real and not nan_as_inf.literal_value

    def codegen(context, builder, signature, args):
        ary = make_array(row)(context, builder, args[2])
        intp = context.get_value_type(types.intp)
        item = context.get_value_type(row.dtype)
        width = 512 // row.dtype.bitwidth
        vec = llvmir.VectorType(item, width)
        index = llvmir.IntType(row.dtype.bitwidth)  # index lanes as wide as the items
        if real:
            start = item(-math.inf if larger else math.inf)
        else:
            info = np.iinfo(np.dtype(str(row.dtype)))
            start = item(info.min if larger else info.max)
        starts = _splat(builder, start, width)
        n = builder.extract_value(ary.shape, 0)

        better = _strictly(builder, row.dtype, larger)
        keys = [cgutils.alloca_once_value(builder, starts) for _ in range(_PAIRS)]
        ats = [cgutils.alloca_once_value(builder, llvmir.Constant(llvmir.VectorType(index, width), None))
               for _ in range(_PAIRS)]
        lanes = llvmir.Constant(llvmir.VectorType(index, width), list(range(width)))
        result = cgutils.alloca_once(builder, intp)
        done = builder.append_basic_block("indexed_peak.done")

        def offer(k, first, v):
            # the vector ``v`` of items ``first``.. to lane pair ``k``
            if watch_nan:
                mask = builder.bitcast(builder.fcmp_unordered("uno", v, v), llvmir.IntType(width))
                with builder.if_then(builder.icmp_unsigned("!=", mask, mask.type(0)), likely=False):
                    builder.store(builder.add(first, builder.zext(builder.cttz(mask, llvmir.IntType(1)(1)), intp)),
                                  result)
                    builder.branch(done)
            elif real:
                v = builder.select(builder.fcmp_unordered("uno", v, v), starts, v)
            best = builder.load(keys[k])
            take = better(v, best)
            builder.store(builder.select(take, v, best), keys[k])
            at = builder.add(_splat(builder, builder.trunc(first, index) if index.width < 64 else first, width), lanes)
            builder.store(builder.select(take, at, builder.load(ats[k])), ats[k])

        def load(first):
            return builder.load(builder.bitcast(builder.gep(ary.data, [first]), vec.as_pointer()), align=1)

        pairs = builder.udiv(n, intp(_PAIRS * width))
        with cgutils.for_range(builder, pairs) as loop:
            first = builder.mul(loop.index, intp(_PAIRS * width))
            for k in range(_PAIRS):
                at = builder.add(first, intp(k * width))
                offer(k, at, load(at))
        rest = builder.mul(pairs, intp(_PAIRS * width))
        whole = builder.udiv(n, intp(width))
        with cgutils.for_range_slice(builder, builder.udiv(rest, intp(width)), whole, intp(1)) as (j, _):
            at = builder.mul(j, intp(width))
            offer(0, at, load(at))
        with builder.if_then(builder.icmp_unsigned("!=", builder.urem(n, intp(width)), intp(0))):
            with builder.if_else(builder.icmp_unsigned(">=", n, intp(width))) as (overlap, short):
                with overlap:
                    last = builder.sub(n, intp(width))
                    offer(1, last, load(last))
                with short:
                    offer(1, intp(0), _first_lanes(builder, ary.data, n, width, starts)[0])

        def merge(a, at_a, b, at_b):
            # the better key of each lane pair, the lesser index of equal ones
            take = builder.or_(better(b, a), builder.and_(builder.fcmp_ordered("==", b, a) if real
                                                          else builder.icmp_signed("==", b, a),
                                                          builder.icmp_unsigned("<", at_b, at_a)))
            return builder.select(take, b, a), builder.select(take, at_b, at_a)

        best, at = builder.load(keys[0]), builder.load(ats[0])
        for k in range(1, _PAIRS):
            best, at = merge(best, at, builder.load(keys[k]), builder.load(ats[k]))
        half = width // 2
        while half:
            lo, hi = (llvmir.Constant(llvmir.VectorType(llvmir.IntType(32), half), list(range(k, k + half)))
                      for k in (0, half))
            best, at = merge(builder.shuffle_vector(best, best, lo), builder.shuffle_vector(at, at, lo),
                             builder.shuffle_vector(best, best, hi), builder.shuffle_vector(at, at, hi))
            half //= 2
        builder.store(builder.zext(builder.extract_element(at, llvmir.IntType(32)(0)), intp)
                      if index.width < 64 else builder.extract_element(at, llvmir.IntType(32)(0)), result)
        builder.branch(done)
        builder.position_at_end(done)
        return builder.load(result)

    return types.intp(op, nan_as_inf, row), codegen


@literal_jitable
def _arg_blocks(op, nan_as_inf, row):
    # Rows of 1- and 2-byte integers, and strided rows, in blocks (contiguous rows of 4- and
    # 8-byte items go to _arg_indexed): a branch-free pass finds each block's extreme, and
    # only a block that beats the running winner (or holds a NaN) is read again, from L1,
    # for the first index of its extreme.  The row is read from memory once; one running
    # (value, index) winner is latency-bound (measured 2.5x slower than NumPy on 1e7
    # float64; this: on par, both memory-bound).
    n = row.shape[0]
    best = arg_key(op, nan_as_inf, row[0])
    idx = 0
    size = _ARG_BLOCK // row.itemsize
    for s in range(0, n, size):
        block = row[s:min(s + size, n)]
        m = _block_extreme(op, nan_as_inf, block)
        if m != m:  # the first NaN wins
            return s + first_of(block, m)
        if m > best if op == ARGMAX else m < best:
            # a real extreme (a NaN's infinity never beats the winner), and so the first item
            # equal to it is the first whose key is
            best = m
            idx = s + first_of(block, m)
    return idx


@intrinsic(prefer_literal=True)
def block_peak(typingctx, op, nan_as_inf, block):
    """``_block_extreme`` of a C-contiguous block of integers (rows of 4- and 8-byte items,
    floats among them, are searched by ``indexed_peak`` instead): its largest item (``op``
    ARGMAX) or smallest, a vector compared and selected at a time from the dtype's own
    extreme."""
    if not (isinstance(op, types.IntegerLiteral) and isinstance(nan_as_inf, types.BooleanLiteral)
            and _is_row_of(block, types.Integer)):
        return None
    larger = op.literal_value == ARGMAX

    def codegen(context, builder, signature, args):
        better = _strictly(builder, block.dtype, larger)
        info = np.iinfo(np.dtype(str(block.dtype)))
        start = context.get_value_type(block.dtype)(info.min if larger else info.max)
        return _fold_vectors(context, builder, make_array(block)(context, builder, args[2]), start,
                             lambda acc, v: builder.select(better(v, acc), v, acc))

    return block.dtype(op, nan_as_inf, block), codegen


def _block_extreme(op, nan_as_inf, block):
    """The block's extreme as ``_arg_blocks`` compares it (``op`` and ``nan_as_inf``
    constants): NaN if it holds one (max/min); with ``nan_as_inf`` the extreme of the other
    items (fmax/fmin skip NaN), an all-NaN block reading as the infinity NaN stands for.
    extreme_row's loops vectorise; a loop that also maps NaN item by item measured 20x
    slower (it stays scalar)."""


@overload(_block_extreme, prefer_literal=True)
def _block_extreme_impl(op, nan_as_inf, block):
    if not isinstance(op, types.IntegerLiteral) or not isinstance(nan_as_inf, types.BooleanLiteral):
        return None
    if _is_row_of(block, types.Integer):
        return lambda op, nan_as_inf, block: block_peak(op, nan_as_inf, block)
    larger = op.literal_value == ARGMAX
    if nan_as_inf.literal_value:
        skip_nan = FMAX if larger else FMIN
        return lambda op, nan_as_inf, block: arg_key(op, nan_as_inf, extreme_row(skip_nan, block, block[0]))
    keep_nan = MAX if larger else MIN
    return lambda op, nan_as_inf, block: extreme_row(keep_nan, block, block[0])


@outlined
@njit(cache=True, error_model="numpy")
def arg_flat(op, nan_as_inf, x, x0, dims):
    # index of the winner among all items in C order; dims: (ndim, 2) length and stride,
    # innermost (last axis) first
    total = 1
    for a in range(dims.shape[0]):
        total *= dims[a, 0]
    best = x[x0]
    win = 0
    p = x0
    idx = np.zeros(dims.shape[0], np.int64)
    for k in range(total):
        v = x[p]
        if k > 0 and arg_better(op, nan_as_inf, best, v):
            best = v
            win = k
        for a in range(dims.shape[0]):
            idx[a] += 1
            p += dims[a, 1]
            if idx[a] < dims[a, 0]:
                break
            p -= dims[a, 0] * dims[a, 1]
            idx[a] = 0
    return win


# ------------------------------------------------------------------ NumPy's iteration order


@outlined
@njit(cache=True)
def iteration_plan(shape, xstrides, ostrides, reduced, in_cast, out_cast, bufsize):
    # NumPy's reduce iterator for an input of `shape`/`xstrides` (bytes) reduced over the axes
    # flagged in `reduced`: nditer's axis order (numpy/_core/src/multiarray/nditer_constr.c,
    # npyiter_find_best_axis_ordering), its coalescing (nditer_api.c) and its buffer setup
    # (npyiter_find_buffering_setup).  `ostrides` are a given output's strides, or all 0 when
    # NumPy allocates it; `in_cast`/`out_cast`: that operand is buffered for a cast.
    # Returns [naxes, nblock, call length, axes innermost first ..., input buffered].
    nd = shape.shape[0]
    ax = np.empty(nd, np.int64)
    na = 0
    for k in range(nd - 1, -1, -1):
        if shape[k] != 1:
            ax[na] = k
            na += 1
    # smallest strides innermost; the output (operand 0) first, then the input
    operands = np.empty((2, nd), np.int64)
    for k in range(nd):
        operands[0, k] = ostrides[k]
        operands[1, k] = xstrides[k]
    best_axis_order(ax, na, operands)
    # the output's strides: as given, or NumPy's allocation (contiguous in this order)
    given = False
    for k in range(nd):
        if ostrides[k] != 0:
            given = True
    ost = np.zeros(nd, np.int64)
    step = 1
    for i in range(na):
        k = ax[i]
        if not reduced[k]:
            ost[k] = ostrides[k] if given else step
            step *= shape[k]
    any_reduced = False
    for k in range(nd):
        if reduced[k]:
            any_reduced = True
    # coalesce neighbours whose strides chain for both operands
    gshape = np.empty(max(na, 1), np.int64)
    gx = np.empty(max(na, 1), np.int64)
    go = np.empty(max(na, 1), np.int64)
    gend = np.empty(max(na, 1), np.int64)  # axes (in `ax`) up to this one belong to the group
    ng = 0
    for i in range(na):
        k = ax[i]
        if ng > 0 and gx[ng - 1] * gshape[ng - 1] == xstrides[k] and go[ng - 1] * gshape[ng - 1] == ost[k]:
            gshape[ng - 1] *= shape[k]
            gend[ng - 1] = i + 1
        else:
            gshape[ng] = shape[k]
            gx[ng] = xstrides[k]
            go[ng] = ost[k]
            gend[ng] = i + 1
            ng += 1
    if ng == 0:  # a single item
        gshape[0] = 1
        gx[0] = 0
        go[0] = 0
        gend[0] = 0
        ng = 1
    # the buffer setup: operand 0 is the output, operand 1 the input
    cast0 = out_cast > 0
    cast1 = in_cast > 0
    cost = 1 + cast0 + cast1
    single0 = 1
    single1 = 1
    red_outer0 = 0
    outer_reduce_dim = 0
    size = gshape[0]
    best_dim = 0
    best_cost = cost
    best_size = size
    best_coresize = 1
    for idim in range(1, ng):
        if outer_reduce_dim:
            break
        if size >= bufsize and cost > 1:
            break
        # output operand
        if single0 == idim:
            if go[idim - 1] * gshape[idim - 1] == go[idim]:
                single0 += 1
            else:
                if not cast0:
                    cost += 1
                if any_reduced and (go[idim] == 0 or go[idim - 1] == 0):
                    red_outer0 = idim
                    outer_reduce_dim = idim
        elif any_reduced and (go[idim] == 0 or go[idim - 1] == 0):
            red_outer0 = idim
            outer_reduce_dim = idim
        # input operand (never a reduce operand)
        if single1 == idim:
            if gx[idim - 1] * gshape[idim - 1] == gx[idim]:
                single1 += 1
            elif not cast1:
                cost += 1
        coresize = size
        size *= gshape[idim]
        if size == 0:
            break
        bsz = size
        if size > bufsize and cost > 1:
            bsz = bufsize
        if cost * best_size <= best_cost * bsz:
            best_cost = cost
            best_coresize = coresize
            best_size = size
            best_dim = idim
    using_reduce = outer_reduce_dim != 0 and best_dim == outer_reduce_dim
    must_buffer = False
    in_buffered = False
    for iop in range(2):
        buffered = cast0 if iop == 0 else cast1
        single = single0 if iop == 0 else single1
        if not using_reduce:
            is_reduce = False
        elif iop == 0 and red_outer0 == best_dim:
            is_reduce = True
        elif single == best_dim and not buffered:
            is_reduce = True
        elif (go[outer_reduce_dim] if iop == 0 else gx[outer_reduce_dim]) == 0 and single <= best_dim:
            is_reduce = True
        else:
            is_reduce = False
        if not (single + is_reduce > best_dim):
            buffered = True
        if buffered:
            must_buffer = True
            if iop == 1:
                in_buffered = True
    if must_buffer and bufsize < best_size:
        best_size = best_coresize * (bufsize // best_coresize)
    plan = np.empty(na + 4, np.int64)
    plan[0] = na
    if using_reduce:  # one call per core (the groups below best_dim)
        plan[1] = gend[best_dim - 1]
        plan[2] = max(best_coresize, 1)
    else:  # calls of the buffer size inside each block of groups 0..best_dim
        plan[1] = gend[best_dim]
        plan[2] = max(best_size, 1)
    for i in range(na):
        plan[3 + i] = ax[i]
    plan[3 + na] = in_buffered
    return plan


# ------------------------------------------------------------------ raw views (inside @njit)


@intrinsic
def flat_view(typingctx, a, start, span):
    """``span`` items of ``a``'s memory as a 1-D C-contiguous array, from the item ``start``
    places (possibly negative) after ``a``'s first item.  Unchecked, like ``as_strided``."""
    if not isinstance(a, types.Array) or not isinstance(start, types.Integer) or not isinstance(span, types.Integer):
        return None
    retty = a.copy(ndim=1, layout="C")

    def codegen(context, builder, signature, args):
        aryty = signature.args[0]
        ary = make_array(aryty)(context, builder, args[0])
        out = make_array(retty)(context, builder)
        intp = context.get_value_type(types.intp)
        first = builder.sext(args[1], intp) if args[1].type.width < intp.width else args[1]
        count = builder.sext(args[2], intp) if args[2].type.width < intp.width else args[2]
        populate_array(out, data=builder.gep(ary.data, [first]), shape=[count], strides=[ary.itemsize],
                       itemsize=ary.itemsize, meminfo=ary.meminfo)
        return impl_ret_borrowed(context, builder, retty, out._getvalue())

    return retty(a, start, span), codegen


@outlined
@njit(cache=True)
def buffer_span(shape, strides, itemsize):
    # (lo, span, item strides): the first and the number of items of the memory an array of
    # this shape and these byte strides covers, relative to its first item
    nd = shape.shape[0]
    xstr = np.empty(nd, np.int64)
    lo = 0
    hi = 0
    size = 1
    for k in range(nd):
        s = strides[k] // itemsize
        xstr[k] = s
        size *= shape[k]
        if shape[k] > 1:
            if s < 0:
                lo += (shape[k] - 1) * s
            else:
                hi += (shape[k] - 1) * s
    return lo, (hi - lo + 1 if size > 0 else 0), xstr


@outlined
@njit(cache=True)
def jit_layout(shape, strides, itemsize, reduced, in_cast, virtual, bufsize, mstr):
    # one reduction laid out for the kernels from inside @njit (the Python path does the
    # same in Python): (lo, span, dims, nblock, length, sign, kept shape), with the result
    # C-ordered over the kept axes; `virtual`: NumPy reduces a contiguous copy in this
    # array's memory order (nan* functions, var), whose strides decide its order
    nd = shape.shape[0]
    order_strides = strides.copy()
    if virtual:
        # the axes outermost first: by falling |stride|, stably (an insertion sort over a
        # handful of axes; np.argsort would compile Numba's merge sort into this helper)
        order = np.arange(nd)
        for i in range(1, nd):
            k = order[i]
            j = i
            while j > 0 and abs(strides[order[j - 1]]) < abs(strides[k]):
                order[j] = order[j - 1]
                j -= 1
            order[j] = k
        step = itemsize
        for i in range(nd - 1, -1, -1):
            k = order[i]
            order_strides[k] = step
            step *= max(shape[k], 1)
    lo, span, xstr = buffer_span(shape, strides, itemsize)
    plan = iteration_plan(shape, order_strides, np.zeros(nd, np.int64), reduced, in_cast, 0, bufsize)
    naxes = plan[0]
    nkept = 0
    for k in range(nd):
        if not reduced[k]:
            nkept += 1
    kept = np.empty(nkept, np.int64)
    ostr = np.zeros(nd, np.int64)
    step = 1
    j = nkept
    for k in range(nd - 1, -1, -1):
        if not reduced[k]:
            j -= 1
            kept[j] = shape[k]
            ostr[k] = step
            step *= shape[k]
    dims = np.empty((naxes, 4), np.int64)
    for i in range(naxes):
        k = plan[3 + i]
        dims[i, 0] = shape[k]
        dims[i, 1] = xstr[k]
        dims[i, 2] = ostr[k]
        dims[i, 3] = mstr[k]
    sign = 1
    if naxes > 0 and plan[3 + naxes] == 0 and order_strides[plan[3]] < 0:
        sign = -1
    dims, nblock = coalesce(dims, plan[1])
    return lo, span, dims, nblock, plan[2], sign, kept


@outlined
@njit(cache=True)
def coalesce(dims, nblock):
    # (dims, nblock) with neighbouring axes merged where every operand's strides chain, on
    # the same side of the block boundary: the same items in the same order, but a C array
    # reduced whole becomes one long row (NumPy's iterator coalesces the same way; a 2-D
    # walk by index arithmetic measured 15x slower than the row)
    out = np.empty_like(dims)
    k = 0
    nb = 0
    for i in range(dims.shape[0]):
        merged = False
        if k > 0 and i != nblock:
            last = out[k - 1]
            if (last[1] * last[0] == dims[i, 1] and last[2] * last[0] == dims[i, 2]
                    and last[3] * last[0] == dims[i, 3]):
                last[0] *= dims[i, 0]
                merged = True
        if not merged:
            for c in range(4):  # (item by item: a row assignment compiles NumPy's shape checks)
                out[k, c] = dims[i, c]
            k += 1
        if i < nblock:
            nb = k
    return out[:k], nb
