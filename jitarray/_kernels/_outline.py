"""Kernels that compiled code calls out of line, through a pointer to their own machine code.

When a Numba-compiled function calls an ``@njit`` dispatcher, Numba links the callee's whole
LLVM module into the caller's, then optimises it and makes machine code of it again, in
every caller.  A user's ``@njit`` function that called one jitarray reduction therefore
compiled the reduction's kernels once more: about 6 s, against 0.4 s for the same function
calling ``np.sum``, even with the kernels already in the disk cache.

A call to an *outlined* kernel instead loads the kernel's address from a slot in the
caller's module and calls it with Numba's own calling convention (so exceptions propagate
as from any compiled call).  The slot starts empty: the first call from each compiled call
site asks :func:`_address` (a C callback, registered with LLVM as the symbol
``jitarray_kernel_address`` when jitarray is imported) to compile the kernel for the call's
argument types, or load it from the disk cache, and stores the address it returns.  The
caller's code names the kernel by a recipe (module, factory and arguments, argument types)
held as constant bytes, never by an address, so a user's ``@njit(cache=True)`` function stays
cacheable and runs in a new process once jitarray is imported, which it is wherever the
user's code calls it.

The calling kernel's optimiser sees an opaque call: only kernels that do their work in one
call are outlined, never the small helpers that kernels call in their loops.
"""

import ctypes
import functools
import hashlib
import importlib
import pickle
import sys
import traceback

import llvmlite.binding as ll
from llvmlite import ir
from numba.core import cgutils, sigutils, types, typing
from numba.core.base import OverloadSelector
from numba.core.compiler_lock import global_compiler_lock
from numba.core.imputils import impl_ret_new_ref

__all__ = ["compiled_types", "kernel_factory", "outlined", "truth_of", "wrapping"]

_SYMBOL = "jitarray_kernel_address"
_I8P = ir.IntType(8).as_pointer()
_RESOLVER_TYPE = ir.FunctionType(_I8P, [_I8P, ir.IntType(64)])


def _dispatcher(recipe):
    module, name, args, index = recipe
    made = getattr(importlib.import_module(module), name)
    if args is None:
        return made
    made = made(*args)
    return made if index is None else made[index]


def _address(spec, size):
    """The address of the compiled kernel that the pickled ``(recipe, argument types)`` at
    ``spec`` names, compiled or loaded from the disk cache now if need be; 0 on failure,
    with the error printed (the compiled caller then raises RuntimeError)."""
    try:
        recipe, argtypes = pickle.loads(ctypes.string_at(spec, size))
        dispatcher = _dispatcher(recipe)
        dispatcher.compile(argtypes)
        cres = dispatcher.overloads[tuple(argtypes)]
        return cres.library.get_pointer_to_function(cres.fndesc.llvm_func_name)
    except BaseException:  # an exception cannot cross the C callback: print it, return 0
        traceback.print_exc(file=sys.stderr)
        return 0


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)(_address)
ll.add_symbol(_SYMBOL, ctypes.cast(_CALLBACK, ctypes.c_void_p).value)


def _lowering(recipe, fndesc, argtypes=None):
    """Numba's lowering of a call to the compiled kernel ``fndesc`` (for arguments of
    ``argtypes``, its own by default): through its slot."""
    spec = pickle.dumps((recipe, tuple(fndesc.argtypes)), protocol=4)
    name = "jitarray.kernel." + hashlib.sha256(spec).hexdigest()[:32]

    def call(context, builder, sig, args):
        module = builder.module
        slot = module.globals.get(name)
        if slot is None:
            slot = ir.GlobalVariable(module, _I8P, name)
            slot.linkage = "internal"
            slot.initializer = ir.Constant(_I8P, None)
        with builder.if_then(cgutils.is_null(builder, builder.load(slot)), likely=False):
            resolver = cgutils.get_or_insert_function(module, _RESOLVER_TYPE, _SYMBOL)
            text = context.insert_const_bytes(module, spec, name=name)
            address = builder.call(resolver, [text, ir.Constant(ir.IntType(64), len(spec))])
            with builder.if_then(cgutils.is_null(builder, address), likely=False):
                context.call_conv.return_user_exc(
                    builder, RuntimeError, ("jitarray: a kernel failed to compile or load (the error is printed above)",))
            builder.store(address, slot)
        fnty = context.call_conv.get_function_type(fndesc.restype, fndesc.argtypes)
        kernel = builder.bitcast(builder.load(slot), fnty.as_pointer())
        status, result = context.call_conv.call_function(builder, kernel, fndesc.restype, fndesc.argtypes, args)
        with cgutils.if_unlikely(builder, status.is_error):
            context.call_conv.return_status_propagate(builder, status)
        return impl_ret_new_ref(context, builder, fndesc.restype, result)

    call.signature = fndesc.argtypes if argtypes is None else argtypes
    call.libs = ()
    return call


def _writable(ty):
    """``ty`` with a read-only array type made writable (other types as they are)."""
    return ty.copy(readonly=False) if isinstance(ty, types.Array) and not ty.mutable else ty


def compiled_types(dispatcher, args):
    """The argument types ``dispatcher`` compiles for calls with ``args``: arrays writable,
    of layout 'A' at the positions its kernel declares ``any_layout``, and integers as its
    :func:`wrapping` or :func:`truth_of` declaration reads them."""
    any_layout = getattr(dispatcher, "jitarray_any_layout", ())
    args = tuple(_writable(t).copy(layout="A") if i in any_layout and isinstance(t, types.Array) else _writable(t)
                 for i, t in enumerate(args))
    same_bits = getattr(dispatcher, "jitarray_same_bits", None)
    return args if same_bits is None else same_bits(args)


def _item_type(ty):
    return ty.dtype if isinstance(ty, types.Array) else ty


def _signed_twin(ty, bitwidth=None):
    """``ty``, an array with unsigned integer items of ``bitwidth`` bits if given, made
    signed: the same machine representation (LLVM's integers carry no sign).  Scalars keep
    their type: from Python, the signed twin's wrapper would read a uint64 of 2**63 or more
    as an int64, and refuse it (OverflowError)."""
    item = ty.dtype if isinstance(ty, types.Array) else None
    if (not isinstance(item, types.Integer) or item.signed or bitwidth not in (None, item.bitwidth)):
        return ty
    return ty.copy(dtype=types.Integer.from_bitwidth(item.bitwidth, signed=True))


def wrapping(dispatcher, result):
    """Declare (and return) a kernel whose integer arithmetic wraps: integers converted to
    the result's type, then added or multiplied in it, modulo 2**bits.  When the array at
    argument ``result`` holds integers, every unsigned integer argument as wide as them
    compiles as its signed twin: the same bits in, the same bits out (a narrower integer is
    extended as its own type says, in either case).  ``uint64``, ``int64`` and a sum of
    ``int32`` into ``uint64`` then share one compiled kernel.  Only for kernels that return
    no value of these types (the machine code serves both signatures)."""

    def same_bits(args):
        item = _item_type(args[result])
        if not isinstance(item, types.Integer):
            return args
        return tuple(_signed_twin(t, item.bitwidth) for t in args)

    dispatcher.jitarray_same_bits = same_bits
    return dispatcher


def truth_of(dispatcher, position):
    """Declare (and return) a kernel that reads of the integers at argument ``position``
    only whether each is zero: unsigned ones compile as their signed twins (see
    :func:`wrapping`)."""

    def same_bits(args):
        return args[:position] + (_signed_twin(args[position]),) + args[position + 1:]

    dispatcher.jitarray_same_bits = same_bits
    return dispatcher


def _outline(dispatcher, recipe, any_layout=()):
    """Make compiled callers of ``dispatcher`` call it out of line; ``recipe`` makes it again
    in a new process (see :func:`_dispatcher`).

    Read-only arrays take the kernel compiled for writable ones: a signature with read-only
    array arguments is compiled (or loaded from the disk cache) with those arguments
    writable, and its machine code is registered for the read-only signature too, from
    Python and from compiled callers alike.  The two array types differ only in what Numba's
    typing lets a function write, and kernels never write their inputs (the tests check the
    bytes of read-only inputs after every function), so a read-only input (a read-only
    memory map, a ``broadcast_to`` view) no longer compiles each kernel a second time.

    Likewise the array arguments at the positions ``any_layout`` are compiled as layout 'A'
    (any strides) and that code serves their C- and F-contiguous types too: for kernels
    whose loops take their rows through views of their own (``contiguous``, ``middle_row``),
    which the declared layout does not change, a C-contiguous input and a strided one no
    longer compile the kernel twice.

    Compiled callers call the kernel itself, never its C callback (``cfunc``) wrapper, so
    that wrapper is not built."""
    add_overload, compile_exact = dispatcher.add_overload, dispatcher.compile
    lowerings = dispatcher.targetctx._defns
    dispatcher.jitarray_any_layout = tuple(any_layout)
    dispatcher.targetoptions["no_cfunc_wrapper"] = True

    def add_and_outline(cres):
        add_overload(cres)
        selector = OverloadSelector()
        selector.append(_lowering(recipe, cres.fndesc), cres.fndesc.argtypes)
        lowerings[cres.entry_point] = selector  # in place of Numba's linking call

    def compile(sig):
        args, return_type = sigutils.normalize_signature(sig)
        compiled = compiled_types(dispatcher, args)
        if compiled == args:
            return compile_exact(sig)
        with global_compiler_lock:
            if args not in dispatcher.overloads:
                compile_exact(compiled if return_type is None else return_type(*compiled))
                cres = dispatcher.overloads[compiled]
                alias = cres._replace(signature=typing.signature(cres.signature.return_type, *args))
                add_overload(alias)
                lowerings[cres.entry_point].append(_lowering(recipe, cres.fndesc, args), args)
            return dispatcher.overloads[args].entry_point

    dispatcher.add_overload = add_and_outline
    dispatcher.compile = compile
    return dispatcher


def outlined(dispatcher=None, *, any_layout=()):
    """Decorator (above ``@njit``) of a module-level kernel that compiled code calls out of
    line; ``any_layout``: see :func:`_outline`."""
    if dispatcher is None:
        return functools.partial(outlined, any_layout=any_layout)
    return _outline(dispatcher, (dispatcher.py_func.__module__, dispatcher.py_func.__name__, None, None), any_layout)


def kernel_factory(make=None, *, any_layout=()):
    """Decorator of a kernel factory: its results are cached per arguments (``functools.cache``),
    and each kernel it returns (alone or in a tuple) is called out of line by compiled code;
    ``any_layout``: see :func:`_outline`."""
    if make is None:
        return functools.partial(kernel_factory, any_layout=any_layout)

    @functools.cache
    @functools.wraps(make)
    def factory(*args):
        made = make(*args)
        kernels = made if isinstance(made, tuple) else (made,)
        for index, kernel in enumerate(kernels):
            _outline(kernel, (make.__module__, make.__name__, args, index if isinstance(made, tuple) else None),
                     any_layout)
        return made

    return factory
