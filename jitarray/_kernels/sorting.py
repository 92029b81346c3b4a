"""Sorting kernels: stable LSD radix sorts of uint64 keys, and a merge sort for complex.

Every real dtype sorts by a ``uint64`` key (:func:`sort_key`) whose order is NumPy's sort
order: integers with the sign bit flipped, floats by the sign-flip transform after mapping
``-0.0`` to ``+0.0`` and every NaN to one key above ``+inf``.  Equal keys keep their input
order, so results are NumPy's ``kind='stable'`` results exactly.

Only two small kernels depend on the dtype: :func:`keys_of` (values -> keys) and
:func:`values_of` (sorted keys -> values, with the input's own zeros and NaNs put back);
the radix sort itself (:func:`radix_sort_keys`) sees ``uint64`` keys only, so it compiles
once for every dtype.

* 8-bit keys (and sorted 16-bit values): one counting pass (a digit as wide as the key).
* Argsort, keys of up to 32 bits: ``key << 32 | index`` in one ``uint64`` that the passes
  move as a unit (8 bytes per element per pass).
* Argsort, 64-bit keys: keys and ``uint32`` indices in separate buffers until the passes
  are done with the keys' low 32 bits; the index then moves into them.
* Complex numbers: a bottom-up merge sort with NumPy's ``CFLOAT_LT`` comparison.

A first pass counts every digit at once; digits that are the same for every element are
skipped, and keys already in order are recognised there.  Many rows are shared out among
the threads (:func:`radix_rows`); the passes over one row run on one thread: on the 2-core
machine this was measured on, a parallel pass only paid with the other core idle (1e6
float64 keys: 42 ms serial, 18-24 ms on two idle cores, but 100-190 ms whenever another
process held a core, each of the ~15 parallel regions waiting up to a scheduler slice).
"""

import numpy as np
from numba import njit, types
from numba.extending import intrinsic, overload

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
# Constants passed to other kernels are NumPy scalars: Numba compiles a separate
# specialisation of a callee for every Python-literal argument (0, False, ...).
_FALSE, _TRUE = np.bool_(False), np.bool_(True)


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
        z = np.searchsorted(keys, zero)
        m = np.searchsorted(keys, nan)
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


# --------------------------------------------- counting sorts of small keys (per dtype)
# Keys of up to 16 bits are counted straight from the values: no key buffer, no scratch
# (1e7 uint8: 21 ms against 55 ms through uint64 keys; uint16: 60 ms either way, but
# without the 160 MB of fresh scratch, whose first touch could stall for 100+ ms while the
# kernel compacted memory for huge pages).


@njit(cache=True)
def _count_keys(x, counts):
    # counts[k]: how many keys of x (n,) are k -> each key's first slot
    counts[:] = 0
    for i in range(x.shape[0]):
        counts[sort_key(x[i])] += 1
    _starts(counts)


@njit(cache=True)
def _counting_argsort(a3, out3, counts):
    post = a3.shape[2]
    for r in range(a3.shape[0] * post):
        x, out = a3[r // post, :, r % post], out3[r // post, :, r % post]
        _count_keys(x, counts)
        for i in range(x.shape[0]):
            k = sort_key(x[i])
            p = counts[k]
            counts[k] = p + 1
            out[p] = i


@njit(cache=True)
def counting_argsort(a3, out3, counts):
    """Argsort each row of a3 (pre, n, post) of keys up to 16 bits into out3 (intp);
    counts: (2**keybits,) uint64 scratch."""
    _counting_argsort(a3[::1], out3[::1], counts[::1])


@njit(cache=True)
def _counting_sort(a3, out3, counts):
    post = a3.shape[2]
    if a3.size == 0:
        return
    like = a3[0, 0, 0]
    for r in range(a3.shape[0] * post):
        x, out = a3[r // post, :, r % post], out3[r // post, :, r % post]
        _count_keys(x, counts)
        nkeys = counts.shape[0]
        for k in range(nkeys):
            lo = counts[k]
            hi = counts[k + 1] if k + 1 < nkeys else np.uint64(x.shape[0])
            if hi > lo:
                out[lo:hi] = key_value(np.uint64(k), like)


@njit(cache=True)
def counting_sort(a3, out3, counts):
    """Sort each row of a3 (pre, n, post) of keys up to 16 bits into out3: equal keys are
    equal values, so each value is written as often as it occurs."""
    _counting_sort(a3[::1], out3[::1], counts[::1])


# ------------------------------------------------- keys in, values out (per dtype)


@njit(cache=True)
def _keys_of(a3, keys, packed):
    post = a3.shape[2]
    for r in range(keys.shape[0]):
        x, k = a3[r // post, :, r % post], keys[r]
        if packed:
            for i in range(k.shape[0]):
                k[i] = (sort_key(x[i]) << _U32) | np.uint64(i)
        else:
            for i in range(k.shape[0]):
                k[i] = sort_key(x[i])


@njit(cache=True)
def keys_of(a3, keys, packed):
    """keys[r] = sort keys of row r = (p, q) of a3 (pre, n, post); keys: (pre * post, n).

    One thread: a streaming pass (about 1 ns per element), small beside the sort, and a
    parallel version per dtype would double the compile time of every dtype.
    """
    _keys_of(a3[::1], keys[::1], packed)


@njit(cache=True)
def _values_of(keys, a3, out3):
    n, post = a3.shape[1], a3.shape[2]
    if keys.shape[0] == 0 or n == 0:
        return
    like = a3[0, 0, 0]
    for r in range(keys.shape[0]):
        out = out3[r // post, :, r % post]
        for i in range(n):
            out[i] = key_value(keys[r, i], like)
        restore_specials(keys[r], a3[r // post, :, r % post], out)


@njit(cache=True)
def values_of(keys, a3, out3):
    """out3's row r = (p, q) from keys[r], the sorted keys of a3's row r: each key's value,
    with a3's own zeros and NaNs put back in input order (keys: (pre * post, n))."""
    _values_of(keys[::1], a3[::1], out3[::1])


# ------------------------------------------- radix sort of uint64 keys (all dtypes)

# What is sorted (a runtime argument): keys alone, keys with separate uint32 indices
# (64-bit keys), or keys packed with their index (key << 32 | index).
KEYS, WIDE, PACKED = np.int64(0), np.int64(1), np.int64(2)

_SMALL = 16  # rows up to this long are insertion-sorted: no histograms to clear

# Loops below run over slices from 0 and index with unsigned integers: Numba then needs no
# negative-index wrap-around check per access (measured 8x faster for a plain count).


@njit(cache=True)
def _hist_keys(keys, hist, base, step, mask):
    # hist: (ndigits, 1 << step) counts of every digit of keys (digit d: bits
    # base + d*step ...); returns whether the keys are already in order.  The usual digit
    # counts get loops of constant length, which LLVM unrolls (2.3 against 5 ns per key).
    hist[:] = 0
    ndigits = hist.shape[0]
    if ndigits == 8:
        return _count_digits(keys, hist, base, step, mask, 8)
    if ndigits == 4:
        return _count_digits(keys, hist, base, step, mask, 4)
    if ndigits == 2:
        return _count_digits(keys, hist, base, step, mask, 2)
    return _count_digits(keys, hist, base, step, mask, ndigits)


@njit(cache=True, inline="always")
def _count_digits(keys, hist, base, step, mask, ndigits):
    ordered = True
    prev = keys[0] if keys.shape[0] else np.uint64(0)
    for i in range(keys.shape[0]):
        k = keys[i]
        ordered &= prev <= k
        prev = k
        for d in range(ndigits):
            hist[d, (k >> (base + np.uint64(d) * step)) & mask] += 1
    return ordered


@njit(cache=True)
def _starts(counts):
    # counts -> each digit value's first slot (in place)
    run = np.uint64(0)
    for b in range(counts.shape[0]):
        t = counts[b]
        counts[b] = run
        run += t


@njit(cache=True)
def _move(ksrc, isrc, kdst, idst, dest, shift, mask, offs, low32, pack):
    # One pass: element i goes to slot offs[digit]++.  Writes the key to kdst (if any),
    # its index (isrc[i], or i when isrc is empty) to idst or, on the last pass, to dest;
    # low32: the index is the key's low 32 bits; pack: write the index into the key's low
    # 32 bits (once no pass needs them) instead of to idst.
    if pack:
        if isrc.shape[0] == 0:
            for i in range(ksrc.shape[0]):
                v = ksrc[i]
                d = (v >> shift) & mask
                p = offs[d]
                offs[d] = p + 1
                kdst[p] = (v & _HIGH32) | np.uint64(i)
        else:
            for i in range(ksrc.shape[0]):
                v = ksrc[i]
                d = (v >> shift) & mask
                p = offs[d]
                offs[d] = p + 1
                kdst[p] = (v & _HIGH32) | np.uint64(isrc[i])
    elif dest.shape[0] != 0:
        if low32:
            for i in range(ksrc.shape[0]):
                v = ksrc[i]
                d = (v >> shift) & mask
                p = offs[d]
                offs[d] = p + 1
                dest[p] = v & _LOW32
        elif isrc.shape[0] == 0:
            for i in range(ksrc.shape[0]):
                d = (ksrc[i] >> shift) & mask
                p = offs[d]
                offs[d] = p + 1
                dest[p] = i
        else:
            for i in range(ksrc.shape[0]):
                d = (ksrc[i] >> shift) & mask
                p = offs[d]
                offs[d] = p + 1
                dest[p] = isrc[i]
    elif idst.shape[0] == 0:
        for i in range(ksrc.shape[0]):
            v = ksrc[i]
            d = (v >> shift) & mask
            p = offs[d]
            offs[d] = p + 1
            kdst[p] = v
    elif isrc.shape[0] == 0:
        for i in range(ksrc.shape[0]):
            v = ksrc[i]
            d = (v >> shift) & mask
            p = offs[d]
            offs[d] = p + 1
            kdst[p] = v
            idst[p] = np.uint32(i)
    else:
        for i in range(ksrc.shape[0]):
            v = ksrc[i]
            d = (v >> shift) & mask
            p = offs[d]
            offs[d] = p + 1
            kdst[p] = v
            idst[p] = isrc[i]


@njit(cache=True)
def _insertion_sort(ka, ia, dest, mode):
    # Sorts the keys ka in place.  WIDE: their indices are ia, moved along and then written
    # to dest, or, when ia is empty, 0, 1, ... sorted directly in dest (which must not
    # share ka's memory then).  PACKED: the indices (low 32 bits) are written to dest.
    n = ka.shape[0]
    if mode == WIDE and ia.shape[0] == 0:
        for i in range(n):
            dest[i] = i
        for i in range(1, n):
            t = dest[i]
            v = ka[t]
            j = i
            while j > 0 and v < ka[dest[j - 1]]:
                dest[j] = dest[j - 1]
                j -= 1
            dest[j] = t
        return
    for i in range(1, n):
        v = ka[i]
        j = i
        if mode == WIDE:
            t = ia[i]
            while j > 0 and v < ka[j - 1]:
                ka[j] = ka[j - 1]
                ia[j] = ia[j - 1]
                j -= 1
            ia[j] = t
        else:
            while j > 0 and v < ka[j - 1]:
                ka[j] = ka[j - 1]
                j -= 1
        ka[j] = v
    if mode == WIDE:
        for i in range(n):
            dest[i] = ia[i]
    elif mode == PACKED:
        for i in range(n):
            dest[i] = ka[i] & _LOW32


@njit(cache=True)
def _lsd(ka, kb, ia, ib, dest, hist, digits, bits, mode, base, implicit):
    # LSD passes over the given digits (hist[d]: counts of digit d), from ka (and ia, or
    # the indices 0, 1, ... when implicit) back and forth through kb, ib; the last pass
    # writes the keys (KEYS) or the indices (to dest).  Returns 0 or 1: the key buffer the
    # last pass wrote (KEYS) or left alone (the others).
    # WIDE keys carry their index apart only while passes still read the keys' low 32 bits;
    # then it moves into them and the passes move 8 bytes per element, not 12.
    npass = digits.shape[0]
    mask = np.uint64((1 << bits) - 1)
    none_k, none_i, none_out = ka[:0], ib[:0], dest[:0]
    pack_pass = -1  # KEYS and PACKED: no index apart from the key at all
    if mode == WIDE:
        pack_pass = npass  # never, unless a pass reads bits above the low 32
        for j in range(npass):
            if digits[j] * bits >= 32:
                pack_pass = max(j - 1, 0)
                break
    for j in range(npass):
        d = digits[j]
        shift = base + np.uint64(d * bits)
        ksrc, kdst = (ka, kb) if j % 2 == 0 else (kb, ka)
        isrc, idst = (ia, ib) if j % 2 == 0 else (ib, ia)
        packed = j > pack_pass  # the keys read hold their index
        if packed:
            isrc, idst = none_i, none_i
        elif implicit and j == 0:
            isrc = none_i
        offs = hist[d]
        _starts(offs)
        if j == npass - 1 and mode != KEYS:
            _move(ksrc, isrc, none_k, none_i, dest, shift, mask, offs, packed, _FALSE)
        elif j == pack_pass:
            _move(ksrc, isrc, kdst, none_i, none_out, shift, mask, offs, _FALSE, _TRUE)
        else:
            _move(ksrc, isrc, kdst, idst, none_out, shift, mask, offs, _FALSE, _FALSE)
    return 1 if (npass - 1) % 2 == 0 else 0


@njit(cache=True)
def radix_sort_keys(ka, kb, ia, ib, out, hist, bits, mode):
    """Stable LSD radix sort of the uint64 keys ka (n,); kb: (n,) scratch.

    mode KEYS: sorts the keys; returns 0 or 1, the buffer (ka, kb) that holds them.
    mode WIDE (indices in ia, ib: (n,) uint32 scratch, may be empty when one pass suffices)
    and PACKED (ka holds key << 32 | index): writes the sorting permutation, as int64, into
    out or, when out is empty, into whichever of ka, kb the last pass does not read;
    returns 0 (ka), 1 (kb) or 2 (out).  hist: (ndigits, 1 << bits) uint64 scratch.
    """
    n = ka.shape[0]
    given = out.shape[0] != 0
    if n <= _SMALL:
        _insertion_sort(ka, ia[:0], out if given else kb.view(np.int64), mode)
        return 0 if mode == KEYS else (2 if given else 1)
    ndigits = hist.shape[0]
    mask = np.uint64((1 << bits) - 1)
    base = _U32 if mode == PACKED else np.uint64(0)
    in_order = _hist_keys(ka, hist, base, np.uint64(bits), mask)
    digits = np.empty(ndigits, np.int64)
    npass = 0
    if not in_order:
        first = ka[0]
        for d in range(ndigits):
            if hist[d, (first >> (base + np.uint64(d * bits))) & mask] != np.uint64(n):
                digits[npass] = d
                npass += 1
    digits = digits[:npass]
    if npass == 0:
        if mode == KEYS:
            return 0
        dest = out if given else kb.view(np.int64)
        for i in range(n):
            dest[i] = i
        return 2 if given else 1
    if mode == KEYS and ndigits == 1:
        # counting sort: write each key as often as it occurs
        counts = hist[0]
        p = 0
        for b in range(counts.shape[0]):
            c = np.int64(counts[b])
            if c:
                kb[p:p + c] = np.uint64(b)
                p += c
        return 1
    dest = out if given else (kb.view(np.int64) if npass % 2 == 1 else ka.view(np.int64))
    last = _lsd(ka, kb, ia, ib, dest, hist, digits, bits, mode, base, _TRUE)
    return 2 if given and mode != KEYS else last


@njit(cache=True)
def radix_flat(ka, kb, ia, ib, out, hist, bits, mode):
    """:func:`radix_sort_keys` of one row (any layouts)."""
    return radix_sort_keys(ka[::1], kb[::1], ia[::1], ib[::1], out[::1], hist[::1], bits, mode)


@njit(cache=True)
def _radix_run(keys, out3, kbuf, ibuf, hist, bits, mode, lo, hi):
    # rows lo..hi-1 with one thread's scratch, all arrays layout 'A' (see radix_rows)
    post = out3.shape[2]
    none = kbuf[:0].view(np.int64)
    for r in range(lo, hi):
        out = none if mode == KEYS else out3[r // post, :, r % post]
        where = radix_sort_keys(keys[r], kbuf, ibuf[0], ibuf[1], out, hist, bits, mode)
        if where == 1:
            keys[r, :] = kbuf


@njit(cache=True, nogil=True)
def radix_rows(keys, out3, kbuf, ibuf, hist, bits, mode, lo, hi):
    """Sort rows lo..hi-1 of keys (rows, n) uint64, rows being those of out3 (pre, n, post),
    with one thread's scratch.

    KEYS mode: the sorted keys replace the row (out3 is not used).  WIDE and PACKED: the
    sorting indices go to out3's row.  kbuf: (n,) uint64; ibuf: (2, n) uint32 (WIDE with
    more than one pass); hist: (ndigits, 1 << bits) uint64.  Any layouts: viewed as 'A', so
    that radix_sort_keys is the one radix_flat compiles.
    """
    _radix_run(keys[::1], out3[::1], kbuf[::1], ibuf[::1], hist[::1], bits, mode, lo, hi)


# ------------------------------------------------------------- merge sort (complex)

_RUN = 16  # insertion-sorted runs before merging


@njit(cache=True)
def merge_argsort_row(x, out, tmp):
    """Stable argsort of x (n,) into out (n,) int64 by comparisons; tmp: (n,) int64."""
    n = x.shape[0]
    for lo in range(0, n, _RUN):
        hi = min(n, lo + _RUN)
        for i in range(lo, hi):
            v = x[i]
            j = i
            while j > lo and less(v, x[out[j - 1]]):
                out[j] = out[j - 1]
                j -= 1
            out[j] = i
    src, dst = out, tmp
    width, swapped = _RUN, False
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(n, lo + width), min(n, lo + 2 * width)
            i, j, k = lo, mid, lo
            if mid < hi and less(x[src[mid]], x[src[mid - 1]]):
                while i < mid and j < hi:
                    if less(x[src[j]], x[src[i]]):
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


@njit(cache=True)
def merge_sort_row(x, out, tmp):
    """Stable sort of x (n,) into out (n,) by comparisons; tmp: (n,) scratch."""
    n = x.shape[0]
    for lo in range(0, n, _RUN):
        hi = min(n, lo + _RUN)
        for i in range(lo, hi):
            v = x[i]
            j = i
            while j > lo and less(v, out[j - 1]):
                out[j] = out[j - 1]
                j -= 1
            out[j] = v
    src, dst = out, tmp
    width, swapped = _RUN, False
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(n, lo + width), min(n, lo + 2 * width)
            i, j, k = lo, mid, lo
            if mid < hi and less(src[mid], src[mid - 1]):
                while i < mid and j < hi:
                    if less(src[j], src[i]):
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


# ------------------------------------------------------------------ merge entries


@njit(cache=True)
def _merge_argsort_run(a3, out3, buf, lo, hi):
    post = a3.shape[2]
    for r in range(lo, hi):
        merge_argsort_row(a3[r // post, :, r % post], out3[r // post, :, r % post], buf)


@njit(cache=True, nogil=True)
def merge_argsort_rows(a3, out3, buf, lo, hi):
    """Argsort rows lo..hi-1 (in C order of (pre, post)) of a3 (pre, n, post) into out3
    (intp); buf: (n,) intp, one thread's scratch."""
    _merge_argsort_run(a3[::1], out3[::1], buf[::1], lo, hi)


@njit(cache=True)
def _merge_sort_run(a3, out3, buf, lo, hi):
    post = a3.shape[2]
    for r in range(lo, hi):
        merge_sort_row(a3[r // post, :, r % post], out3[r // post, :, r % post], buf)


@njit(cache=True, nogil=True)
def merge_sort_rows(a3, out3, buf, lo, hi):
    """Sort rows lo..hi-1 (in C order of (pre, post)) of a3 (pre, n, post) into out3;
    buf: (n,) of a3's dtype, one thread's scratch."""
    _merge_sort_run(a3[::1], out3[::1], buf[::1], lo, hi)
