"""Memory a run needs, estimated without allocating it, and memory the process can still have."""

import operator
import os

try:
    import resource
except ImportError:  # Windows: no address-space limit to read
    resource = None

import numpy as np

from .compare import DEFAULT_SIZES
from .dtypes import _check_size, _resolve_all

__all__ = ["available_memory", "estimate_bytes"]

# Peak bytes per element of one measurement, from the process's peak RSS (VmHWM) around
# report() at n = 10**6: 200 per int64 or float64 element, 208 per complex128, 215 for
# random uint64, 97 for int8, 17 for bool or uint8 (178 to 190 at 10**7).  Each term below
# is rounded up.
_SLOT_BYTES = 8  # the list's pointer to each element
_TRACE_BYTES = 96  # tracemalloc's record of each object it traces (136 B per int, 40 of them the int and its slot)
_DEEP_BYTES = 64  # deep_list_bytes' id and dict entry for each distinct object (46 measured)
# kernel_memory: the input, the result and the temporaries of argsort (24 B per int64
# element traced, 68 per complex128 element in RSS at n = 4 * 10**6)
_KERNEL_BYTES_PER_ITEM = 4


def _created_per_256(dt, values):
    """Of every 256 elements, how many ``tolist`` creates an object for: none for bool,
    uint8 and int zeros, all objects CPython shares (True, False, the ints -5..256); 123
    for int8, whose range and random values spread evenly over -128..127; all otherwise."""
    if dt.kind == "b" or dt == np.uint8 or (dt.kind in "iu" and values == "zeros"):
        return 0
    return 123 if dt == np.int8 else 256


def _measure_bytes(n, dt, values):
    wide = 16 if dt.kind == "c" else 8
    # the array, kept throughout, and at most its uint64 source or _list_key's two wide copies
    arrays = dt.itemsize + max(8 + dt.itemsize, 2 * wide)
    # pymalloc's block (16-byte steps) of an int (28 bytes below 2**30, 36 from 2**60),
    # float (24) or complex (32)
    obj = 48 if dt.kind in "iu" and dt.itemsize == 8 else 32
    per_object = obj + _TRACE_BYTES + _DEEP_BYTES
    return n * (arrays + _SLOT_BYTES) + n * _created_per_256(dt, values) * per_object // 256


def _kernel_bytes(n, dt):
    return n * (_KERNEL_BYTES_PER_ITEM * max(dt.itemsize, 8) + 16)


def _largest_measurement(dtypes=None, sizes=None, values="range", kernels=False):
    """``(bytes, n, dtype)`` of the measurement that needs the most memory."""
    dts = _resolve_all(dtypes)
    ns = [_check_size(n) for n in (DEFAULT_SIZES if sizes is None else sizes)]
    cases = [(_measure_bytes(n, dt, values), n, dt) for dt in dts for n in ns]
    if kernels:
        cases += [(_kernel_bytes(n, dt), n, dt) for dt in dts for n in ns]
    return max(cases, key=operator.itemgetter(0), default=(0, 0, None))


def estimate_bytes(dtypes=None, sizes=None, values="range", kernels=False):
    """Memory that :func:`report` (and :func:`kernel_memory` with ``kernels``) needs on top
    of what the process holds, estimated without allocating it.

    Each measurement frees its list and arrays before the next, so the estimate is that
    of the largest one: ``n`` times, per element, the array and its temporaries
    (``itemsize + max(8 + itemsize, 16)``; 48 for complex128), the list's pointer (8) and,
    for each object ``tolist`` creates, the object (32 bytes; 48 for 64-bit ints), its
    tracemalloc record (96) and its entry in the deep-size count (64): 240 bytes per int64
    element, 248 per complex128, 25 per bool or uint8, whose elements are shared objects.
    :func:`kernel_memory` needs ``4 * max(itemsize, 8) + 16`` per element, less than that.

    Parameters
    ----------
    dtypes, sizes, values
        As in :func:`report`.
    kernels : bool, optional
        Include :func:`kernel_memory` of the same dtypes and sizes.

    Returns
    -------
    int
        Bytes: 10 to 50% above the peak measured at 10**6 and 10**7 elements.
    """
    return _largest_measurement(dtypes, sizes, values, kernels)[0]


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _cgroup_headroom():
    """Bytes this process's cgroups let it allocate still: the least over its memory
    cgroup and the ones above it of limit - usage + inactive page cache (which the kernel
    reclaims before it refuses memory).  None without a limit."""
    text = _read("/proc/self/cgroup") or ""
    least = None
    for line in text.splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # cgroup v2
            roots = ("/sys/fs/cgroup", "/sys/fs/cgroup/unified")
            names = ("memory.max", "memory.current", "inactive_file")
        elif "memory" in controllers.split(","):  # cgroup v1
            roots = ("/sys/fs/cgroup/memory",)
            names = ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
        else:
            continue
        for root in roots:
            # the process's cgroup and those above it; in a container whose cgroup
            # namespace hides the path, the mount's root is its cgroup
            folder = os.path.normpath(root + path)
            while folder.startswith(root):
                limit, usage = _read(f"{folder}/{names[0]}"), _read(f"{folder}/{names[1]}")
                if limit and usage and limit.strip().isdigit() and int(limit) < 2**60:
                    stat = dict(item.split() for item in (_read(f"{folder}/memory.stat") or "").splitlines())
                    room = int(limit) - int(usage) + int(stat.get(names[2], 0))
                    least = room if least is None else min(least, room)
                folder = os.path.dirname(folder)
    return least


def available_memory():
    """Bytes this process can still allocate, and what bounds it.

    The least of ``MemAvailable`` in /proc/meminfo, the room left under the memory
    limit of the process's cgroup (v2 ``memory.max``, v1 ``memory.limit_in_bytes``) and
    the room left under its address-space limit (``RLIMIT_AS``).

    Returns
    -------
    (int, str) or (None, None)
        The bytes and ``'MemAvailable'``, ``'cgroup memory limit'`` or ``'RLIMIT_AS'``;
        ``(None, None)`` where none of them is known (not Linux, no limits).
    """
    found = []
    for line in (_read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemAvailable:"):
            found.append((int(line.split()[1]) * 1024, "MemAvailable"))
    room = _cgroup_headroom()
    if room is not None:
        found.append((room, "cgroup memory limit"))
    statm = _read("/proc/self/statm")
    if resource is not None and statm:
        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
        if soft != resource.RLIM_INFINITY:
            found.append((soft - int(statm.split()[0]) * resource.getpagesize(), "RLIMIT_AS"))
    return min(found, default=(None, None))
