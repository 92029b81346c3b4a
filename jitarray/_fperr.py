"""Floating-point errors reported as NumPy's ufuncs report them.

NumPy clears the FPU's status flags before a ufunc loop, reads them after it and hands
them to the current ``np.errstate`` (``numpy/_core/src/umath/extobj.c``).  jitarray's
kernels do the same: :func:`clear_flags` at their start, :func:`flags` at their end (two
calls of the C library's ``feclearexcept``/``fetestexcept``, the first only when a flag is
already set: a few nanoseconds), and return NumPy's bits (:data:`DIVIDE`,
:data:`OVERFLOW`, :data:`UNDERFLOW`, :data:`INVALID`).  The status is per thread, so each
chunk of a threaded job returns its own.  The Python side reads ``np.geterr()`` only when
a bit is set (:func:`report`), so the common case costs one integer test.

Kernels whose NumPy counterparts report nothing (min/max, arg*, any/all, counts) do not
read the status: vectorised comparisons raise 'invalid' on NaN where NumPy's loops clear it.
"""

import ctypes
import ctypes.util
import os
import platform
import sys
import warnings

import numpy as np
from llvmlite import binding as _llvm
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["DIVIDE", "INVALID", "OVERFLOW", "UNDERFLOW", "clear_flags", "flags", "raise_invalid", "report", "status",
           "traced"]

#: NumPy's NPY_FPE_* bits, as its 'call' handlers receive them
DIVIDE, OVERFLOW, UNDERFLOW, INVALID = 1, 2, 4, 8

# The C library's FE_DIVBYZERO, FE_OVERFLOW, FE_UNDERFLOW, FE_INVALID (<fenv.h>) by machine
_FE_BITS = {
    "x86": (0x04, 0x08, 0x10, 0x01),
    "arm": (0x02, 0x04, 0x08, 0x01),
    "ppc": (0x04000000, 0x10000000, 0x08000000, 0x20000000),
    "s390": (0x40, 0x20, 0x10, 0x80),
    "riscv": (0x08, 0x04, 0x02, 0x10),
}


def _machine_family():
    m = platform.machine().lower()
    for prefix, family in (("x86", "x86"), ("amd64", "x86"), ("i386", "x86"), ("i686", "x86"), ("aarch64", "arm"),
                           ("arm", "arm"), ("ppc", "ppc"), ("powerpc", "ppc"), ("s390", "s390"), ("riscv", "riscv")):
        if m.startswith(prefix):
            return family
    return "x86"


_FE = _FE_BITS[_machine_family()]
_FE_MASK = _FE[0] | _FE[1] | _FE[2] | _FE[3]


def _libm():
    for lib in (None, ctypes.util.find_library("m"), "ucrtbase"):  # (the last: Windows)
        try:
            handle = ctypes.CDLL(lib)
            handle.fetestexcept, handle.feclearexcept, handle.feraiseexcept  # noqa: B018 (all must exist)
            return handle
        except (OSError, AttributeError, TypeError):
            continue
    raise ImportError("jitarray needs the C library's fetestexcept and feclearexcept")


_lib = _libm()
for _name in ("fetestexcept", "feclearexcept", "feraiseexcept"):
    # so that compiled (and cached) kernels resolve the symbol wherever libm is loaded
    _llvm.add_symbol(_name, ctypes.cast(getattr(_lib, _name), ctypes.c_void_p).value)
_fetestexcept, _feclearexcept = _lib.fetestexcept, _lib.feclearexcept


# ------------------------------------------------------------------ inside kernels

_I32 = ir.IntType(32)


def _fe_call(builder, name):
    return cgutils.get_or_insert_function(builder.module, ir.FunctionType(_I32, [_I32]), name)


@intrinsic
def clear_flags(typingctx):
    """Clear the status flags of the four errors (only when one is set: a test is cheaper
    than a clear)."""

    def codegen(context, builder, signature, args):
        mask = ir.Constant(_I32, _FE_MASK)
        raised = builder.call(_fe_call(builder, "fetestexcept"), [mask])
        with builder.if_then(builder.icmp_unsigned("!=", raised, ir.Constant(_I32, 0)), likely=False):
            builder.call(_fe_call(builder, "feclearexcept"), [mask])
        return context.get_dummy_value()

    return types.none(), codegen


def _raiser(index, doc):
    """An intrinsic raising the flag ``_FE[index]`` by a call to the C library: unlike an
    arithmetic trick, a call is never hoisted out of its branch by LLVM, which takes
    floating-point operations to have no side effects and may run them speculatively."""

    @intrinsic
    def raise_flag(typingctx):
        def codegen(context, builder, signature, args):
            builder.call(_fe_call(builder, "feraiseexcept"), [ir.Constant(_I32, _FE[index])])
            return context.get_dummy_value()

        return types.none(), codegen

    raise_flag.__doc__ = doc
    return raise_flag


raise_invalid = _raiser(3, "Raise the 'invalid' flag, as C's ordered comparisons (``<``, ``>=``) do on a NaN where "
                           "Numba's comparisons stay quiet.")
raise_overflow = _raiser(1, "Raise the 'overflow' flag.")
raise_underflow = _raiser(2, "Raise the 'underflow' flag.")


@intrinsic
def flags(typingctx):
    """NumPy's bits of the errors raised on this thread since :func:`clear_flags`."""

    def codegen(context, builder, signature, args):
        i64 = ir.IntType(64)
        raised = builder.call(_fe_call(builder, "fetestexcept"), [ir.Constant(_I32, _FE_MASK)])
        result = ir.Constant(i64, 0)
        for fe, bit in zip(_FE, (DIVIDE, OVERFLOW, UNDERFLOW, INVALID)):
            hit = builder.icmp_unsigned("!=", builder.and_(raised, ir.Constant(_I32, fe)), ir.Constant(_I32, 0))
            result = builder.or_(result, builder.select(hit, ir.Constant(i64, bit), ir.Constant(i64, 0)))
        return result

    return types.int64(), codegen


# ------------------------------------------------------------------ from Python


def status():
    """NumPy's bits of the errors raised on this thread since the last clear, cleared."""
    raised = _fetestexcept(_FE_MASK)
    if not raised:
        return 0
    _feclearexcept(_FE_MASK)
    return sum(bit for fe, bit in zip(_FE, (DIVIDE, OVERFLOW, UNDERFLOW, INVALID)) if raised & fe)


def traced(func, *args, **kwargs):
    """``(func(*args, **kwargs), bits)``: a NumPy operation run silently, with the errors its
    loops raised (for the few steps jitarray leaves to NumPy but NumPy reports under
    another name, such as the float16 cast of a float16 sum)."""
    with np.errstate(all="ignore"):
        status()
        result = func(*args, **kwargs)
        return result, status()


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_ERRORS = ((DIVIDE, "divide", "divide by zero"), (OVERFLOW, "over", "overflow"),
           (UNDERFLOW, "under", "underflow"), (INVALID, "invalid", "invalid value"))


def stacklevel():
    """The ``stacklevel`` naming the first frame outside jitarray (NumPy's warnings name
    the line that called the ufunc)."""
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def report(bits, name):
    """Act on NumPy's error ``bits`` of the operation ``name`` ('add', 'reduce', ...) as
    NumPy's ``PyUFunc_handlefperr`` does under the current ``np.errstate``: for each error
    in the order divide, over, under, invalid, ignore it, warn, raise, call the handler with
    ``(text, bits)``, print to stderr or call the log object's ``write``."""
    if not bits:
        return
    modes = np.geterr()
    for bit, key, text in _ERRORS:
        if not bits & bit:
            continue
        mode = modes[key]
        if mode == "ignore":
            continue
        if mode == "warn":
            warnings.warn(f"{text} encountered in {name}", RuntimeWarning, stacklevel=stacklevel())
        elif mode == "raise":
            raise FloatingPointError(f"{text} encountered in {name}")
        elif mode == "print":
            os.write(2, f"Warning: {text} encountered in {name}\n".encode())
        elif mode == "call":
            handler = np.geterrcall()
            if handler is None:
                raise NameError(f"python callback specified for {text} (in  {name}) but no function found.")
            handler(text, bits)
        elif mode == "log":
            handler = np.geterrcall()
            if handler is None:
                raise NameError(f"log specified for {text} (in {name}) but no object with write method found.")
            handler.write(f"Warning: {text} encountered in {name}\n")
