"""Elementwise kernels: binary arithmetic and unary functions over 1-D buffers."""

from numba import njit

from ._common import divide, item, multiply, sqrt

# Operation codes (a runtime argument: one compiled kernel per dtype serves every op).
ADD, SUBTRACT, MULTIPLY, DIVIDE = 0, 1, 2, 3
SQRT = 0


@njit(cache=True, nogil=True, error_model="numpy")
def binary_serial(op, x, y, out):
    # x, y: (n,) arrays of out's dtype or scalars; out: (n,) (or one chunk of each per thread)
    # One loop per op, chosen outside the loop so each loop vectorises on its own.
    n = out.shape[0]
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


@njit(cache=True, nogil=True, error_model="numpy")
def unary_serial(op, x, out):
    # x: (n,) of the loop dtype, or a scalar; out: (n,)
    for i in range(out.shape[0]):
        out[i] = sqrt(item(x, i))

