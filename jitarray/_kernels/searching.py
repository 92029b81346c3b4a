"""Searching kernels: count and list the nonzero elements, select by a condition.

Kernels see raw bits: an element of ``x`` (an unsigned integer view of any supported dtype,
byte order included) is nonzero when ``x & keep != 0``, ``keep`` clearing the sign bits of
floats (so ``-0.0`` counts as zero and NaN does not).  One compile per item size serves
every dtype, ``float16`` and byte-swapped data alike, with no conversion pass.
"""

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

from ._common import overload
from ._outline import outlined

# ---------------------------------------------------------------- 8 lanes at a time


@intrinsic
def _nonzero_lanes(typingctx, x, i, keep):
    """Bit j (j < 8) set when ``x[i + j] & keep != 0``; x: C-contiguous unsigned, i + 8 <= len."""
    if not (isinstance(x, types.Array) and x.layout == "C" and isinstance(x.dtype, types.Integer)):
        return None

    def codegen(context, builder, signature, args):
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        elt = context.get_data_type(x.dtype)
        lanes = ir.VectorType(elt, 8)
        ptr = builder.bitcast(builder.gep(ary.data, [args[1]]), lanes.as_pointer())
        values = builder.load(ptr, align=x.dtype.bitwidth // 8)
        mask = builder.insert_element(ir.Constant(lanes, ir.Undefined), args[2], ir.Constant(ir.IntType(32), 0))
        mask = builder.shuffle_vector(mask, ir.Constant(lanes, ir.Undefined),
                                      ir.Constant(ir.VectorType(ir.IntType(32), 8), [0] * 8))
        kept = builder.and_(values, mask)
        bits = builder.icmp_unsigned("!=", kept, ir.Constant(lanes, [ir.Constant(elt, 0)] * 8))
        return builder.zext(builder.bitcast(bits, ir.IntType(8)), ir.IntType(64))

    return types.uint64(x, i, x.dtype), codegen


@intrinsic
def _store_lanes(typingctx, out, k, base, table, m):
    """``out[k:k + 8] = base + table[m]``: one 8-lane store (out needs room for all 8)."""
    if not (isinstance(out, types.Array) and out.layout == "C" and isinstance(table, types.Array)):
        return None

    def codegen(context, builder, signature, args):
        i64 = ir.IntType(64)
        lanes = ir.VectorType(i64, 8)
        dst_ary = context.make_array(signature.args[0])(context, builder, args[0])
        tab_ary = context.make_array(signature.args[3])(context, builder, args[3])
        row = builder.gep(tab_ary.data, [builder.mul(args[4], ir.Constant(i64, 8))])
        offsets = builder.load(builder.bitcast(row, lanes.as_pointer()), align=8)
        start = builder.insert_element(ir.Constant(lanes, ir.Undefined), args[2], ir.Constant(ir.IntType(32), 0))
        start = builder.shuffle_vector(start, ir.Constant(lanes, ir.Undefined),
                                       ir.Constant(ir.VectorType(ir.IntType(32), 8), [0] * 8))
        dst = builder.bitcast(builder.gep(dst_ary.data, [args[1]]), lanes.as_pointer())
        builder.store(builder.add(offsets, start), dst, align=8)
        return context.get_dummy_value()

    return types.void(out, types.int64, types.int64, table, types.uint64), codegen


@intrinsic
def _popcount(typingctx, v):
    if not isinstance(v, types.Integer):
        return None

    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])

    return v(v), codegen


# Row m: the positions of the set bits of m, then zeros.  A block of 8 elements whose
# nonzero mask is m writes base + _LANES[m] in one store and moves on by _POP[m]: 2.9 ms
# for 1e7 float64 at 1% density and 4.5 ms at 20%, against 5.7 and 6.0 ms for an
# element-by-element branch-free loop (and 22 ms for a branching one at 20%).
_LANES = np.zeros((256, 8), np.int64)
for _m in range(256):
    _bits = [j for j in range(8) if _m >> j & 1]
    _LANES[_m, : len(_bits)] = _bits
_POP = np.array([m.bit_count() for m in range(256)], np.int64)
del _m, _bits


# --------------------------------------------------------------------------- counting


def _count_words(x, keep):
    """The number of nonzero elements of x (n,), contiguous."""


@overload(_count_words)
def _count_words_impl(x, keep):
    if x.dtype.bitwidth == 8:
        low = np.uint64(0x0101010101010101)

        def count_bytes(x, keep):
            # eight bytes per word: fold each byte's bits into its lowest, then count those
            # (0.11 ms for 1e7 bools against 0.45 ms byte by byte)
            n8 = x.shape[0] // 8
            words = x[:n8 * 8].view(np.uint64)
            c = 0
            for i in range(n8):
                w = words[i]
                w |= w >> np.uint64(4)
                w |= w >> np.uint64(2)
                w |= w >> np.uint64(1)
                c += _popcount(w & low)
            for i in range(n8 * 8, x.shape[0]):
                c += (x[i] & keep) != 0
            return c

        return count_bytes

    def count_streams(x, keep):
        # four quarters read side by side keep more loads in flight: 2.1 ms for 1e7 uint64
        # against 2.5 ms in one stream (memory bound either way)
        q = x.shape[0] // 4
        a, b, c, d = x[:q], x[q:2 * q], x[2 * q:3 * q], x[3 * q:4 * q]
        ca = cb = cc = cd = 0
        for i in range(q):
            ca += (a[i] & keep) != 0
            cb += (b[i] & keep) != 0
            cc += (c[i] & keep) != 0
            cd += (d[i] & keep) != 0
        total = ca + cb + cc + cd
        for i in range(4 * q, x.shape[0]):
            total += (x[i] & keep) != 0
        return total

    return count_streams


@outlined
@njit(cache=True, nogil=True)
def count_serial(x, keep):
    # x: (n,) contiguous (or one chunk of it per thread) -> its nonzero count
    return _count_words(x, keep)


# ---------------------------------------------------------------------------- listing


@outlined
@njit(cache=True, nogil=True)
def fill_serial(x, keep, out, start):
    # out: exactly the nonzero count of x (n,); writes start + i for each nonzero x[i]
    # (x a chunk of 8-element blocks beginning at index start, out its part of the result)
    n = x.shape[0]
    nblocks = n // 8
    room = out.shape[0] - 8
    sparse = out.shape[0] * 16 < n  # fewer than 1 in 16: skip empty blocks with a branch
    k = 0
    for b in range(nblocks):
        i = b * 8
        m = _nonzero_lanes(x, i, keep)
        if sparse and m == 0:
            continue
        if k <= room:
            _store_lanes(out, k, start + i, _LANES, m)
            k += _POP[m]
        else:  # the last few: no room for a whole 8-lane store
            for j in range(8):
                if (x[i + j] & keep) != 0:
                    out[k] = start + i + j
                    k += 1
    for i in range(nblocks * 8, n):
        if (x[i] & keep) != 0:
            out[k] = start + i
            k += 1


@outlined
@njit(cache=True, nogil=True)
def unravel_serial(flat, out, dim_step, item_step, lo, hi, shape):
    # flat[lo:hi]: ascending C-order flat indices into an array of shape (ndim,); writes the
    # index along dimension d of flat[k] to out[d * dim_step + k * item_step] (out a flat
    # buffer: (ndim, count) rows with steps (count, 1), (count, ndim) with steps (1, ndim));
    # flat may be the last row of out itself.  One run of items per row of the array: the
    # leading indices are the same for the whole run.
    ndim = shape.shape[0]
    last = shape[ndim - 1]
    lead = np.zeros(ndim, np.int64)
    k = lo
    while k < hi:
        row = flat[k] // last
        row_start = row * last
        row_end = row_start + last
        for d in range(ndim - 2, -1, -1):
            lead[d] = row % shape[d]
            row //= shape[d]
        end = k + 1
        while end < hi and flat[end] < row_end:
            end += 1
        for d in range(ndim - 1):
            value = lead[d]
            at = d * dim_step
            for j in range(k, end):
                out[at + j * item_step] = value
        at = (ndim - 1) * dim_step
        for j in range(k, end):
            out[at + j * item_step] = flat[j] - row_start
        k = end


@outlined
@njit(cache=True)
def merge_halves(parts, keep, out):
    # parts: (n, 2) uint64, the two 8-byte halves of 16-byte items; out: (n,) uint64 whose
    # bits are nonzero exactly where the item is
    for i in range(out.shape[0]):
        out[i] = (parts[i, 0] & keep) | (parts[i, 1] & keep)


# ------------------------------------------------------------------- along an axis

COUNT, SUM = 0, 1


@outlined
@njit(cache=True)
def count_axis(op, a3, keep, out2):
    # a3: (pre, n, post) unsigned bits; out2: (pre, post) intp, the nonzero count (COUNT)
    # or the sum (SUM, of intp counts viewed unsigned) along the middle axis
    pre, n, post = a3.shape
    for p in range(pre):
        row = out2[p]
        row[:] = 0
        block = a3[p]
        if op == COUNT:
            for i in range(n):
                src = block[i]
                for q in range(post):
                    row[q] += (src[q] & keep) != 0
        else:
            for i in range(n):
                src = block[i]
                for q in range(post):
                    row[q] += src[q]


@outlined
@njit(cache=True, nogil=True)
def count_rows(x, n, keep, out):
    # x: (rows * n,) contiguous unsigned bits; out[r]: the nonzero count of its row r (the n
    # items from r * n), read as count_serial reads a whole array (along the last axis of a
    # 3163 x 3163 C array: 3x count_axis' speed for float64, 9x for int16, 37x for bool)
    for r in range(out.shape[0]):
        out[r] = _count_words(x[r * n:(r + 1) * n], keep)


# ----------------------------------------------------------------------------- where


@outlined
@njit(cache=True, nogil=True)
def select_serial(cond, x, y, out):
    # out[i] = x[i] where cond[i] else y[i]; cond: (n,) uint8 (0: take y) or (1,); x, y: (n,)
    # or (1,), a scalar broadcast (n: out's length, or one chunk of it per thread)
    n = out.shape[0]
    if cond.shape[0] == 1:
        src = x if cond[0] else y
        if src.shape[0] == 1:
            out[:] = src[0]
        else:  # (a loop: an array assignment compiles a shape check with its message, 2 s)
            for i in range(n):
                out[i] = src[i]
    elif x.shape[0] == 1 and y.shape[0] == 1:
        a, b = x[0], y[0]
        for i in range(n):
            out[i] = a if cond[i] else b
    elif x.shape[0] == 1:
        a = x[0]
        for i in range(n):
            out[i] = a if cond[i] else y[i]
    elif y.shape[0] == 1:
        b = y[0]
        for i in range(n):
            out[i] = x[i] if cond[i] else b
    else:
        for i in range(n):
            out[i] = x[i] if cond[i] else y[i]

