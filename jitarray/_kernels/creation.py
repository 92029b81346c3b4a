"""Creation kernels: fill a buffer that NumPy allocated in Python."""

from numba import njit, types

from .._fperr import clear_flags, flags
from ._common import cast_like, divide, multiply, overload
from ._outline import outlined


@outlined
@njit(cache=True, nogil=True)
def fill_serial(out, value):
    # out: (n,), or one chunk of it per thread (the first touch of fresh pages is the cost)
    for i in range(out.shape[0]):
        out[i] = value


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


@outlined
@njit(cache=True, nogil=True)
def arange_serial(out, start, delta, lo):
    # out: (m,) slice of the result beginning at index lo (>= 2: out[0] and out[1] are set
    # by NumPy's own setitem)
    for j in range(out.shape[0]):
        out[j] = arange_value(start, delta, lo + j)


@outlined
@njit(cache=True, nogil=True)
def linspace_serial(out, start, scale, div, lo):
    # out: (m, k) rows lo.. of the result; start, scale: (k,)
    # row i is i*scale + start, or (i/div)*scale + start when div > 0 (NumPy's step==0
    # path), with i and div in the result's type as NumPy's arange and weak scalars give;
    # returns the floating-point error bits of those steps together (see jitarray._fperr)
    clear_flags()
    for r in range(out.shape[0]):
        fi = cast_like(lo + r, start[0])
        if div > 0:
            fi = divide(fi, cast_like(div, start[0]))
        row = out[r]
        for j in range(row.shape[0]):
            row[j] = multiply(fi, scale[j]) + start[j]
    return flags()


@outlined
@njit(cache=True, nogil=True)
def eye_fill(out, k, one, lo, hi):
    # out: (n, m) zeros; sets the k-th diagonal of rows lo..hi-1 to `one`.  Each write is the
    # first touch of a fresh page, so the page faults (the real cost) are shared out by rows.
    for i in range(max(lo, -k), min(hi, out.shape[1] - k)):
        out[i, i + k] = one
