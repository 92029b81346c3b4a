"""Elementwise kernels: binary arithmetic and unary functions over 1-D buffers."""

from numba import njit

from .._fperr import clear_flags, flags
from ._common import divide, item, multiply, sqrt
from ._outline import kernel_factory, wrapping

# Operation codes.  Each op has its own kernel (made on first use), so a call compiles only
# the loop it runs.
ADD, SUBTRACT, MULTIPLY, DIVIDE = 0, 1, 2, 3
SQRT = 0


@kernel_factory
def binary_kernel(op):
    """``kernel(x, y, out) -> bits``: ``out[i] = x[i] <op> y[i]``; ``x``, ``y``: (n,) arrays of
    out's dtype or scalars, ``out``: (n,) (or one chunk of each per thread); ``bits``: NumPy's
    floating-point error bits of the loop (see :mod:`jitarray._fperr`)."""

    @njit(cache=True, nogil=True, error_model="numpy")
    def kernel(x, y, out):
        # ``op`` is a constant of the closure: Numba drops the other ops' loops
        n = out.shape[0]
        clear_flags()
        if op == ADD:
            for i in range(n):
                out[i] = item(x, i) + item(y, i)
        elif op == SUBTRACT:
            for i in range(n):
                out[i] = item(x, i) - item(y, i)
        elif op == MULTIPLY:
            for i in range(n):
                out[i] = multiply(item(x, i), item(y, i))
        else:
            for i in range(n):
                out[i] = divide(item(x, i), item(y, i))
        return flags()

    return kernel if op == DIVIDE else wrapping(kernel, 2)


@kernel_factory
def unary_kernel(op):
    """``kernel(x, out) -> bits``: ``out[i] = <op>(x[i])``; ``x``: (n,) of the loop dtype, or a
    scalar; ``bits`` as for :func:`binary_kernel`."""

    @njit(cache=True, nogil=True, error_model="numpy")
    def kernel(x, out):
        clear_flags()
        for i in range(out.shape[0]):
            out[i] = sqrt(item(x, i))
        return flags()

    return kernel
