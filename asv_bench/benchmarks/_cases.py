"""What every benchmark module shares: a speed case and the asv classes made from a table.

A family's module lists its cases once, in ``CASES``; the asv classes (``time_*`` for
jitarray beside NumPy) and the side-by-side ratio script (``asv_bench/ratios.py``) are both
made from that list, so a benchmark can never time one function under another's name.
"""

import functools
from typing import Callable, NamedTuple


class Case(NamedTuple):
    """One speed comparison: ``setup()`` returns the arguments, ``run_ja(*args)`` and
    ``run_np(*args)`` do the same work with jitarray and with NumPy."""

    name: str
    setup: Callable
    run_ja: Callable
    run_np: Callable
    target: float = None  # the NumPy / jitarray time ratio this case is expected to reach
    # a streaming reduction: it reads its inputs once and writes a small result, so its speed
    # is bounded by the machine's memory read rate; ratios.py gives its GB/s beside a read probe
    streams: bool = False


#: a :class:`Case` that is a streaming reduction
Stream = functools.partial(Case, streams=True)

#: (items, target ratio) of the small cases: there a call's own cost, not its loop, decides
SMALL_SIZES = ((100, 0.3), (1000, 0.5))


def small(name, make, run_ja, run_np):
    """The cases ``"<name> 100"`` and ``"<name> 1000"``; ``make(n)`` gives the arguments."""
    return [Case(f"{name} {n}", functools.partial(make, n), run_ja, run_np, target) for n, target in SMALL_SIZES]


def asv_classes(cases, namespace):
    """Add one asv benchmark class per case to ``namespace``, parametrised by library."""
    for case in cases:

        def setup(self, library, case=case):
            self.args = case.setup()
            self.run = case.run_ja if library == "jitarray" else case.run_np
            self.run(*self.args)  # compile (or load from the cache) outside the timing

        def time_call(self, library):
            self.run(*self.args)

        cls_name = "Time_" + "".join(c if c.isalnum() else "_" for c in case.name)
        namespace[cls_name] = type(
            cls_name,
            (),
            {"params": [["jitarray", "numpy"]], "param_names": ["library"], "setup": setup,
             "time_call": time_call, "timeout": 300},
        )
