"""Sorting kernels: stable LSD radix sorts of uint64 keys, and a merge sort for complex.

Every real dtype sorts by a ``uint64`` key (:func:`sort_key`) whose order is NumPy's sort
order: integers with the sign bit flipped, floats by the sign-flip transform after mapping
``-0.0`` to ``+0.0`` and every NaN to one key above ``+inf``.  Equal keys keep their input
order, so results are NumPy's ``kind='stable'`` results exactly.

* 8-bit keys (and 16-bit keys of long rows): one counting pass straight from the values
  (:func:`counting_argsort`, :func:`counting_sort`).
* Other real dtypes: :func:`radix_kernel` of the sort's mode, 8-bit digits.  Each row's keys
  are made in the pass that counts their digits, then sorted by the digits that differ:
  sorting alone (``KEYS``: the values are then rebuilt from the sorted keys), or with
  indices, packed as ``key << 32 | index`` in one ``uint64`` for keys of up to 32 bits
  (``PACKED``: 8 bytes per element per pass), or for 64-bit keys carried apart in ``uint32``
  buffers until the passes are done with the keys' low 32 bits, then moved into them
  (``WIDE``).
* Complex numbers: a bottom-up merge sort with NumPy's ``CFLOAT_LT`` comparison
  (:func:`merge_kernel`), one algorithm for sort and argsort.

A kernel is compiled with its mode (and number of digits) as constants, so that each holds
the passes of its own mode alone: compiling every mode's passes for every dtype took 4-5 s
on the first call of a float64 argsort, about 1 s now.  The passes themselves see
``uint64`` keys only and are typed once for every dtype.  Many rows are shared out among
the threads (each a range ``lo..hi`` of rows with its own scratch); the passes over one row
run on one thread: on the 2-core machine this was measured on, a parallel pass only paid
with the other core idle (1e6 float64 keys: 42 ms serial, 18-24 ms on two idle cores, but
100-190 ms whenever another process held a core, each of the ~15 parallel regions waiting
up to a scheduler slice).
"""

import numpy as np
from numba import njit, types
from numba.extending import intrinsic

from ._common import literal_jitable, overload, register_jitable
from ._outline import kernel_factory, outlined

# --------------------------------------------------------------------- sort keys


@intrinsic
def _raw_bits(typingctx, v):
    """The bits of a number as the unsigned integer of its width."""
    if not isinstance(v, (types.Integer, types.Float)):
        return None
    unsigned = types.Integer.from_bitwidth(v.bitwidth, signed=False)

    def codegen(context, builder, signature, args):
        if isinstance(v, types.Float):
            return builder.bitcast(args[0], context.get_value_type(unsigned))
        return args[0]

    return unsigned(v), codegen


def sort_key(v):
    """A ``uint64`` whose order is NumPy's sort order of ``v`` (real dtypes)."""


@overload(sort_key)
def _sort_key_impl(v):
    if isinstance(v, types.Boolean):
        one, zero = np.uint64(1), np.uint64(0)
        return lambda v: one if v else zero
    if isinstance(v, types.Integer):
        if not v.signed:
            return lambda v: np.uint64(v)
        flip = np.uint64(1 << (v.bitwidth - 1))
        return lambda v: np.uint64(_raw_bits(v)) ^ flip
    if isinstance(v, types.Float):
        width = v.bitwidth
        sign, ones, top = np.uint64(1 << (width - 1)), np.uint64((1 << width) - 1), np.uint64(width - 1)

        def impl(v):
            b = np.uint64(_raw_bits(v))
            k = b ^ (((b >> top) * ones) | sign)  # negative: all bits flipped; else the sign bit
            if v == 0:
                k = sign  # -0.0 sorts as +0.0
            if np.isnan(v):
                k = ones  # every NaN after +inf, in input order
            return k

        return impl
    return None


@intrinsic
def _from_bits(typingctx, bits, like):
    """The float of ``like``'s type whose bits are the unsigned integer ``bits``."""
    if not (isinstance(like, types.Float) and isinstance(bits, types.Integer) and bits.bitwidth == like.bitwidth):
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(like))

    return like(bits, like), codegen


def key_value(k, like):
    """The value of ``like``'s type whose :func:`sort_key` is ``k`` (for floats: the
    canonical one, ``+0.0`` for zeros, one NaN for every NaN)."""


@overload(key_value)
def _key_value_impl(k, like):
    if isinstance(like, types.Boolean):
        return lambda k, like: k != 0
    if isinstance(like, types.Integer):
        flip = np.uint64(1 << (like.bitwidth - 1) if like.signed else 0)
        target = like
        return lambda k, like: target(k ^ flip)  # integer conversion truncates: the bits are kept
    if isinstance(like, types.Float):
        width = like.bitwidth
        unsigned = types.Integer.from_bitwidth(width, signed=False)
        sign, ones = np.uint64(1 << (width - 1)), np.uint64((1 << width) - 1)

        def impl(k, like):
            b = k ^ sign if k & sign else ~k & ones
            return _from_bits(unsigned(b), like)

        return impl
    return None


def less(a, b):
    """``a < b`` in NumPy's sort order (NaN last; complex: ``CFLOAT_LT`` of npysort)."""


@overload(less)
def _less_impl(a, b):
    if isinstance(a, types.Complex):

        def impl(a, b):
            ar, ai, br, bi = a.real, a.imag, b.real, b.imag
            if ar < br:
                return not np.isnan(ai) or np.isnan(bi)
            if ar > br:
                return np.isnan(bi) and not np.isnan(ai)
            if ar == br or (np.isnan(ar) and np.isnan(br)):
                return ai < bi or (np.isnan(bi) and not np.isnan(ai))
            return np.isnan(br)

        return impl
    return lambda a, b: sort_key(a) < sort_key(b)


_LOW32 = np.uint64(0xFFFFFFFF)
_HIGH32 = np.uint64(0xFFFFFFFF00000000)
_U32 = np.uint64(32)
_DIGIT = np.uint64(0xFF)  # the radix sorts take 8-bit digits (see radix_kernel)


@register_jitable
def _first_at_least(keys, k):
    # the first position in the sorted keys whose key is at least k
    lo, hi = 0, keys.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < k:
            lo = mid + 1
        else:
            hi = mid
    return lo


def restore_specials(keys, x, out):
    """Put ``x``'s own zeros and NaNs (signs and payloads) back into ``out``, the values of
    the sorted ``keys`` of ``x``: each is a block of equal keys, filled in input order."""


@overload(restore_specials)
def _restore_specials_impl(keys, x, out):
    if not isinstance(x.dtype, types.Float):
        return lambda keys, x, out: None
    width = x.dtype.bitwidth
    zero, nan = np.uint64(1 << (width - 1)), np.uint64((1 << width) - 1)

    def impl(keys, x, out):
        n = keys.shape[0]
        z = _first_at_least(keys, zero)
        m = _first_at_least(keys, nan)
        if (z == n or keys[z] != zero) and m == n:
            return  # neither zeros nor NaNs
        for i in range(x.shape[0]):
            v = x[i]
            if v == 0:
                out[z] = v
                z += 1
            elif np.isnan(v):
                out[m] = v
                m += 1

    return impl


@register_jitable
def _values_of(keys, x, out):
    # out (n,): the values of x's sorted keys, with x's own zeros and NaNs put back in
    # input order
    if x.shape[0] == 0:
        return
    like = x[0]
    for i in range(keys.shape[0]):
        out[i] = key_value(keys[i], like)
    restore_specials(keys, x, out)


@register_jitable
def _starts(counts):
    # counts -> each digit value's first slot (in place)
    run = np.uint64(0)
    for b in range(counts.shape[0]):
        t = counts[b]
        counts[b] = run
        run += t


# --------------------------------------------- counting sorts of small keys (per dtype)
# Keys of up to 16 bits are counted straight from the values: no key buffer, no scratch
# (1e7 uint8: 21 ms against 55 ms through uint64 keys; uint16: 60 ms either way, but
# without the 160 MB of fresh scratch, whose first touch could stall for 100+ ms while the
# kernel compacted memory for huge pages).


@register_jitable
def _count_keys(x, counts):
    # counts[k]: how many keys of x (n,) are k -> each key's first slot
    for k in range(counts.shape[0]):
        counts[k] = 0
    for i in range(x.shape[0]):
        counts[sort_key(x[i])] += 1
    _starts(counts)


@outlined(any_layout=(0,))
@njit(cache=True, nogil=True)
def counting_argsort(a3, out3, counts):
    """Argsort each row of a3 (pre, n, post) of keys up to 16 bits into out3 (uint64);
    counts: (2**keybits,) uint64 scratch."""
    post = a3.shape[2]
    for r in range(a3.shape[0] * post):
        x, out = a3[r // post, :, r % post], out3[r // post, :, r % post]
        _count_keys(x, counts)
        for i in range(x.shape[0]):
            k = sort_key(x[i])
            p = counts[k]
            counts[k] = p + 1
            out[p] = i


@outlined(any_layout=(0,))
@njit(cache=True, nogil=True)
def counting_sort(a3, out3, counts):
    """Sort each row of a3 (pre, n, post) of keys up to 16 bits into out3: equal keys are
    equal values, so each value is written as often as it occurs."""
    post = a3.shape[2]
    if a3.size == 0:
        return
    like = a3[0, 0, 0]
    nkeys = counts.shape[0]
    for r in range(a3.shape[0] * post):
        x, out = a3[r // post, :, r % post], out3[r // post, :, r % post]
        _count_keys(x, counts)
        for k in range(nkeys):
            lo = counts[k]
            hi = counts[k + 1] if k + 1 < nkeys else np.uint64(x.shape[0])
            if hi > lo:
                out[lo:hi] = key_value(np.uint64(k), like)


# ------------------------------------------------------ radix sorts of uint64 keys

# What a radix kernel sorts: keys alone, 64-bit keys with separate uint32 indices, or keys
# packed with their index (key << 32 | index).  Python ints: compiled in as constants.
KEYS, WIDE, PACKED = 0, 1, 2

_SMALL = 16  # rows up to this long are insertion-sorted: no passes to set up

# The pass loops run over slices from 0 and index with unsigned integers: Numba then needs
# no negative-index wrap-around check per access (measured 8x faster for a plain count).
# Their arrays are all 1-D layout 'A' uint64 (uint32 indices), so each is typed once.


@register_jitable
def _slot(v, shift, offs):
    # where key v goes in this pass: the next free slot of its digit's run
    d = (v >> shift) & _DIGIT
    p = offs[d]
    offs[d] = p + 1
    return p


@register_jitable
def _scatter(src, dst, shift, offs):
    # one pass: src[i] goes to its slot in dst
    for i in range(src.shape[0]):
        v = src[i]
        dst[_slot(v, shift, offs)] = v


@register_jitable
def _scatter_index(src, dest, shift, offs):
    # the last pass over packed keys: only their index (low 32 bits) is written, to dest
    for i in range(src.shape[0]):
        v = src[i]
        dest[_slot(v, shift, offs)] = v & _LOW32


@register_jitable
def _scatter_wide(src, isrc, dst, idst, shift, offs):
    # a pass moving each key with its index
    for i in range(src.shape[0]):
        v = src[i]
        p = _slot(v, shift, offs)
        dst[p] = v
        idst[p] = isrc[i]


@register_jitable
def _scatter_pack(src, isrc, dst, shift, offs):
    # the last pass over the low 32 bits: each key takes its index into them
    for i in range(src.shape[0]):
        v = src[i]
        dst[_slot(v, shift, offs)] = (v & _HIGH32) | np.uint64(isrc[i])


@kernel_factory(any_layout=(0,))
def radix_kernel(mode, ndigits):
    """The cached radix kernel of ``mode`` (KEYS, WIDE or PACKED) for keys of ``ndigits``
    8-bit digits, ``rows(a3, out3, ka, kb, ib, hist, lo, hi)``: sorts rows lo..hi-1 (in C
    order of (pre, post)) of a3 (pre, n, post) of a real dtype into out3 (the values, or
    for WIDE and PACKED the sorting indices as uint64).  One thread's scratch: ka, kb (n,)
    uint64; ib (2n,) uint32 (WIDE, else empty); hist (ndigits, 256) uint64.  For one row,
    an argsort's out3 may be empty: the indices are then left in ka or kb, and the
    returned 0 or 1 says which (2: in out3).

    ``mode`` and ``ndigits`` are closure constants: Numba drops the code of the other modes
    before typing, and the digit loops have a constant length.  The row sort is written out
    in this one function (only the pass loops are helpers): Numba optimises a function it
    compiles separately again, and makes machine code of it again, in every function that
    calls it.
    """

    @njit(cache=True, nogil=True)
    def rows(a3, out3, ka, kb, ib, hist, lo, hi):
        n, post = a3.shape[1], a3.shape[2]
        m = ib.shape[0] // 2
        # layout 'A' views, so that the pass loops are typed once
        keys_a, keys_b, idx_a, idx_b = ka[:n:1], kb[:n:1], ib[:m:1], ib[m:2 * m:1]
        given = out3.size != 0
        where = 2
        for r in range(lo, hi):
            x = a3[r // post, :, r % post]
            out = keys_a[:0]  # the indices' destination, if not a key buffer
            if mode != KEYS and given:
                out = out3[r // post, :, r % post]
            for d in range(ndigits):
                for b in range(256):
                    hist[d, b] = 0
            # the keys, counting all their digits at once (loops of constant length,
            # unrolled: 2.3 against 5 ns per key), and whether they are already in order
            ordered = True
            prev = np.uint64(0)
            for i in range(n):
                k = sort_key(x[i])
                if mode == PACKED:
                    keys_a[i] = (k << _U32) | np.uint64(i)
                else:
                    keys_a[i] = k
                ordered &= prev <= k
                prev = k
                for d in range(ndigits):
                    hist[d, (k >> np.uint64(8 * d)) & _DIGIT] += 1
            # the digits that differ between keys: the others need no pass
            varying = 0
            npass = 0
            if not ordered and n > _SMALL:
                first = sort_key(x[0])
                for d in range(ndigits):
                    if hist[d, (first >> np.uint64(8 * d)) & _DIGIT] != np.uint64(n):
                        varying |= 1 << d
                        npass += 1
            if n <= _SMALL or npass == 0:
                if mode == KEYS:
                    _insertion_sort(keys_a)
                    where = 0
                else:
                    # the indices, insertion-sorted by their keys unless in order
                    dest = out if given else keys_b
                    for i in range(n):
                        dest[i] = i
                    if not ordered:
                        _insertion_sort_by(dest, keys_a)
                    where = 2 if given else 1
            else:
                where = -1
                low = 0  # WIDE: passes over the low 32 bits, which carry the index apart
                if mode == WIDE:
                    for d in range(4):
                        low += (varying >> d) & 1
                    if low == 0:
                        for i in range(n):
                            keys_a[i] = (keys_a[i] & _HIGH32) | np.uint64(i)
                    else:
                        for i in range(n):
                            idx_a[i] = i
                cur = 0  # the buffer that holds the keys: 0 ka, 1 kb (and the indices: ia, ib)
                done = 0
                for d in range(ndigits):
                    if not (varying >> d) & 1:
                        continue
                    done += 1
                    shift = np.uint64(8 * d + 32) if mode == PACKED else np.uint64(8 * d)
                    offs = hist[d]
                    _starts(offs)
                    src, dst = (keys_a, keys_b) if cur == 0 else (keys_b, keys_a)
                    if mode == WIDE and done <= low:
                        isrc, idst = (idx_a, idx_b) if cur == 0 else (idx_b, idx_a)
                        if done == low:
                            _scatter_pack(src, isrc, dst, shift, offs)
                        else:
                            _scatter_wide(src, isrc, dst, idst, shift, offs)
                    elif mode != KEYS and done == npass:
                        _scatter_index(src, out if given else dst, shift, offs)
                        where = 2 if given else 1 - cur
                    else:
                        _scatter(src, dst, shift, offs)
                    cur = 1 - cur
                if mode == KEYS:
                    where = cur
                elif where == -1:
                    # WIDE keys whose varying digits are all low: sorted, their index packed in
                    keys = keys_a if cur == 0 else keys_b
                    dest = out if given else keys
                    for i in range(n):
                        dest[i] = keys[i] & _LOW32
                    where = 2 if given else cur
            if mode == KEYS:
                _values_of(keys_a if where == 0 else keys_b, x, out3[r // post, :, r % post])
        return where

    return rows


@register_jitable
def _insertion_sort(keys):
    for i in range(1, keys.shape[0]):
        v = keys[i]
        j = i
        while j > 0 and v < keys[j - 1]:
            keys[j] = keys[j - 1]
            j -= 1
        keys[j] = v


@register_jitable
def _insertion_sort_by(index, keys):
    # sorts index (n,) by keys[index] in place, stably
    for i in range(1, index.shape[0]):
        t = index[i]
        v = keys[t]
        j = i
        while j > 0 and v < keys[index[j - 1]]:
            index[j] = index[j - 1]
            j -= 1
        index[j] = t


# ------------------------------------------------------------- merge sort (complex)

_RUN = 16  # insertion-sorted runs before merging


def _item(indices, x, i):
    """What the merge sort moves for ``x[i]``: ``i`` itself (``indices``) or the value."""


@overload(_item, prefer_literal=True)
def _item_impl(indices, x, i):
    if not isinstance(indices, types.BooleanLiteral):
        return None
    if indices.literal_value:
        return lambda indices, x, i: np.uint64(i)
    return lambda indices, x, i: x[i]


def _before(indices, x, a, b):
    """Whether item ``a`` sorts before item ``b`` (``indices``: both are positions in x)."""


@overload(_before, prefer_literal=True)
def _before_impl(indices, x, a, b):
    if not isinstance(indices, types.BooleanLiteral):
        return None
    if indices.literal_value:
        return lambda indices, x, a, b: less(x[a], x[b])
    return lambda indices, x, a, b: less(a, b)


@literal_jitable
def _merge_row(indices, x, out, tmp):
    # Stable sort of x (n,) into out (n,) by comparisons (indices: the positions that sort
    # x, as uint64); tmp: (n,) of out's type.  One algorithm for both: only what is moved
    # and how two items compare differ (as in Numba's misc/mergesort.py).
    n = x.shape[0]
    for lo in range(0, n, _RUN):
        hi = min(n, lo + _RUN)
        for i in range(lo, hi):
            v = _item(indices, x, i)
            j = i
            while j > lo and _before(indices, x, v, out[j - 1]):
                out[j] = out[j - 1]
                j -= 1
            out[j] = v
    src, dst = out, tmp
    width, swapped = _RUN, False
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(n, lo + width), min(n, lo + 2 * width)
            i, j, k = lo, mid, lo
            if mid < hi and _before(indices, x, src[mid], src[mid - 1]):
                while i < mid and j < hi:
                    if _before(indices, x, src[j], src[i]):
                        dst[k] = src[j]
                        j += 1
                    else:
                        dst[k] = src[i]
                        i += 1
                    k += 1
            while i < mid:
                dst[k] = src[i]
                i += 1
                k += 1
            while j < hi:
                dst[k] = src[j]
                j += 1
                k += 1
        src, dst = dst, src
        swapped = not swapped
        width *= 2
    if swapped:
        for i in range(n):
            out[i] = src[i]


@kernel_factory(any_layout=(0,))
def merge_kernel(indices):
    """The cached merge sort kernel, ``rows(a3, out3, buf, lo, hi)``: sorts (``indices``:
    argsorts, into uint64) rows lo..hi-1 (in C order of (pre, post)) of a3 (pre, n, post)
    into out3; buf: (n,) of out3's dtype, one thread's scratch."""

    @njit(cache=True, nogil=True)
    def rows(a3, out3, buf, lo, hi):
        post = a3.shape[2]
        tmp = buf[::1]
        for r in range(lo, hi):
            _merge_row(indices, a3[r // post, :, r % post], out3[r // post, :, r % post], tmp)

    return rows
