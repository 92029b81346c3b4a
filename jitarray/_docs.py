"""Parameter descriptions that several public docstrings share, written once.

A line of a docstring that holds only ``%(name)s`` is replaced by the description ``name``
of its module's table, indented as that line, as SciPy's ``doccer`` fills its docstrings.
"""

import re
import textwrap

__all__ = ["fill_docstrings"]

_SLOT = re.compile(r"^( *)%\((\w+)\)s$", re.M)


def fill_docstrings(namespace, parameters):
    """Fill the slots of the docstrings of the functions defined in the module whose
    globals are ``namespace``, from ``parameters`` (name: the numpydoc entry, unindented)."""
    for value in list(namespace.values()):
        doc = getattr(value, "__doc__", None)
        if callable(value) and getattr(value, "__module__", None) == namespace["__name__"] and doc and "%(" in doc:
            value.__doc__ = _SLOT.sub(lambda m: textwrap.indent(parameters[m.group(2)], m.group(1)), doc)
