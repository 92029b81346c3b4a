"""Shape benchmarks: views cost only call overhead; copies are real work."""

import numpy as np

import jitarray as ja

from ._cases import Case, asv_classes

N6, N7 = 10**6, 2000 * 5000  # (read when a case's setup runs: the tests shrink them)

CASES = [
    Case("reshape view 1e6", lambda: (np.ones(N6),), lambda a: ja.reshape(a, (1000, -1)),
         lambda a: np.reshape(a, (1000, -1))),
    Case("ravel F copy 2000x5000", lambda: (np.ones((2000, N7 // 2000)).T,), ja.ravel, np.ravel),
    Case("transpose 3-D", lambda: (np.ones((10, 20, 30)),), ja.transpose, np.transpose),
]

asv_classes(CASES, globals())
