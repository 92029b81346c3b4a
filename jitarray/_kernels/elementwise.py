"""Elementwise kernels: binary arithmetic and unary functions over 1-D buffers."""

from numba import njit, prange

from ._common import chunk_bounds, divide, item, multiply, part, sqrt

# Operation codes (a runtime argument: one compiled kernel per dtype serves every op).
ADD, SUBTRACT, MULTIPLY, DIVIDE = 0, 1, 2, 3
SQRT = 0


@njit(cache=True, error_model="numpy")
def binary_serial(op, x, y, out):
    # x, y: (n,) arrays of out's dtype or scalars; out: (n,)
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


@njit(cache=True, parallel=True, error_model="numpy")
def binary(op, x, y, out, nchunks):
    # nchunks == 1 skips the thread pool, which costs more than small arrays take.
    if nchunks == 1:
        binary_serial(op, x, y, out)
        return
    n = out.shape[0]
    for c in prange(nchunks):
        lo, hi = chunk_bounds(n, nchunks, c)
        binary_serial(op, part(x, lo, hi), part(y, lo, hi), out[lo:hi])


@njit(cache=True, error_model="numpy")
def unary_serial(op, x, out):
    # x: (n,) of the loop dtype, or a scalar; out: (n,)
    for i in range(out.shape[0]):
        out[i] = sqrt(item(x, i))


@njit(cache=True, parallel=True, error_model="numpy")
def unary(op, x, out, nchunks):
    if nchunks == 1:
        unary_serial(op, x, out)
        return
    n = out.shape[0]
    for c in prange(nchunks):
        lo, hi = chunk_bounds(n, nchunks, c)
        unary_serial(op, part(x, lo, hi), out[lo:hi])
