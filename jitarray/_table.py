"""The table of public functions: one row per function, read by tests and benchmarks.

``family`` is the module that defines the function (and names its test and benchmark
files); ``numpy`` names the NumPy function whose results it reproduces.
"""

from typing import NamedTuple


class Function(NamedTuple):
    name: str
    family: str
    numpy: str


FUNCTIONS = (
    Function("array", "creation", "array"),
    Function("zeros", "creation", "zeros"),
    Function("ones", "creation", "ones"),
    Function("empty", "creation", "empty"),
    Function("full", "creation", "full"),
    Function("zeros_like", "creation", "zeros_like"),
    Function("ones_like", "creation", "ones_like"),
    Function("empty_like", "creation", "empty_like"),
    Function("full_like", "creation", "full_like"),
    Function("arange", "creation", "arange"),
    Function("linspace", "creation", "linspace"),
    Function("identity", "creation", "identity"),
    Function("eye", "creation", "eye"),
    Function("reshape", "shape", "reshape"),
    Function("ravel", "shape", "ravel"),
    Function("transpose", "shape", "transpose"),
    Function("add", "elementwise", "add"),
    Function("subtract", "elementwise", "subtract"),
    Function("multiply", "elementwise", "multiply"),
    Function("divide", "elementwise", "divide"),
    Function("true_divide", "elementwise", "true_divide"),
    Function("sqrt", "elementwise", "sqrt"),
    Function("sum", "reductions", "sum"),
    Function("prod", "reductions", "prod"),
    Function("mean", "reductions", "mean"),
    Function("var", "reductions", "var"),
    Function("std", "reductions", "std"),
    Function("min", "reductions", "min"),
    Function("amin", "reductions", "amin"),
    Function("max", "reductions", "max"),
    Function("amax", "reductions", "amax"),
    Function("argmin", "reductions", "argmin"),
    Function("argmax", "reductions", "argmax"),
    Function("any", "reductions", "any"),
    Function("all", "reductions", "all"),
    Function("nansum", "reductions", "nansum"),
    Function("nanprod", "reductions", "nanprod"),
    Function("nanmean", "reductions", "nanmean"),
    Function("nanvar", "reductions", "nanvar"),
    Function("nanstd", "reductions", "nanstd"),
    Function("nanmin", "reductions", "nanmin"),
    Function("nanmax", "reductions", "nanmax"),
    Function("nanargmin", "reductions", "nanargmin"),
    Function("nanargmax", "reductions", "nanargmax"),
    Function("sort", "sorting", "sort"),
    Function("argsort", "sorting", "argsort"),
    Function("nonzero", "searching", "nonzero"),
    Function("flatnonzero", "searching", "flatnonzero"),
    Function("argwhere", "searching", "argwhere"),
    Function("count_nonzero", "searching", "count_nonzero"),
    Function("where", "searching", "where"),
)

FAMILIES = tuple(dict.fromkeys(f.family for f in FUNCTIONS))


def family(name):
    """The rows of one family, in table order."""
    return tuple(f for f in FUNCTIONS if f.family == name)
