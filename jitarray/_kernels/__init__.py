"""Compiled kernels: ``@njit(cache=True)`` functions over raw buffers, nothing else.

Kernels never validate, never allocate large outputs (the caller passes them in, allocated
by NumPy, which asks the OS for huge pages) and never import the public modules.
"""
