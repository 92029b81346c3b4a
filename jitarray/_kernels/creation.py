"""Creation kernels: fill a buffer that NumPy allocated in Python."""

from numba import njit, prange, types
from numba.extending import overload

from ._common import cast_like, chunk_bounds, divide, multiply


@njit(cache=True)
def fill_serial(out, value):
    # out: (n,)
    for i in range(out.shape[0]):
        out[i] = value


@njit(cache=True, parallel=True)
def fill(out, value, nchunks):
    # out: (n,); first touch of fresh pages runs on every thread
    if nchunks == 1:
        fill_serial(out, value)
        return
    for c in prange(nchunks):
        lo, hi = chunk_bounds(out.shape[0], nchunks, c)
        fill_serial(out[lo:hi], value)


def arange_value(start, delta, i):
    """``start + i*delta`` as NumPy's ``fill`` computes it for ``arange``."""


@overload(arange_value, inline="always")
def _arange_value_impl(start, delta, i):
    if isinstance(start, types.Complex):
        # real and imaginary parts separately, i converted to the part's type
        def impl(start, delta, i):
            fi = cast_like(i, delta.real)
            return complex(start.real + fi * delta.real, start.imag + fi * delta.imag)

        return impl
    # i converted to the element type, as C does for `start + i*delta` (mod 2**k for ints)
    return lambda start, delta, i: start + cast_like(i, delta) * delta


@njit(cache=True)
def arange_serial(out, start, delta, lo):
    # out: (m,) slice of the result beginning at index lo
    for j in range(out.shape[0]):
        out[j] = arange_value(start, delta, lo + j)


@njit(cache=True, parallel=True)
def arange_fill(out, start, delta, nchunks):
    # out: (n,), n > 2, out[0] and out[1] already set by NumPy's own setitem
    n = out.shape[0]
    if nchunks == 1:
        arange_serial(out[2:], start, delta, 2)
        return
    for c in prange(nchunks):
        lo, hi = chunk_bounds(n - 2, nchunks, c)
        arange_serial(out[2 + lo:2 + hi], start, delta, 2 + lo)


@njit(cache=True)
def linspace_serial(out, start, scale, div, lo):
    # out: (m, k) rows lo.. of the result; start, scale: (k,)
    # row i is i*scale + start, or (i/div)*scale + start when div > 0 (NumPy's step==0
    # path), with i and div in the result's type as NumPy's arange and weak scalars give
    for r in range(out.shape[0]):
        fi = cast_like(lo + r, start[0])
        if div > 0:
            fi = divide(fi, cast_like(div, start[0]))
        row = out[r]
        for j in range(row.shape[0]):
            row[j] = multiply(fi, scale[j]) + start[j]


@njit(cache=True, parallel=True)
def linspace_fill(out, start, scale, div, nchunks):
    # out: (num, k); parallel over rows, or over columns when there is a single row
    num = out.shape[0]
    if nchunks == 1 or num < nchunks:
        linspace_serial(out, start, scale, div, 0)
        return
    for c in prange(nchunks):
        lo, hi = chunk_bounds(num, nchunks, c)
        linspace_serial(out[lo:hi], start, scale, div, lo)


@njit(cache=True, parallel=True)
def eye_fill(out, k, one, nchunks):
    # out: (n, m) zeros; sets the k-th diagonal to `one`.  Each write is the first touch
    # of a fresh page, so the page faults (the real cost) run on every thread.
    n, m = out.shape
    lo, hi = max(0, -k), min(n, m - k)
    for c in prange(nchunks):
        a, b = chunk_bounds(hi - lo, nchunks, c)
        for i in range(lo + a, lo + b):
            out[i, i + k] = one
