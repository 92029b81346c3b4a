"""The teaching notebooks in notebooks/: each runs top to bottom, its committed outputs are current,
and the README's Speed section quotes notebook 07's stored run.

Each notebook runs in a fresh kernel started with this interpreter (``sys.executable``), whatever
``python3`` kernelspec is installed elsewhere, so in a fresh virtual environment the notebooks
import the jitarray installed there.  The kernel inherits the environment, ``NUMBA_CACHE_DIR``
included.
"""

import pathlib
import re
import sys

import nbformat
import pytest
import zmq
from ipykernel.kernelspec import get_kernel_dict, make_ipkernel_cmd
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

NOTEBOOK_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
README = NOTEBOOK_DIR.parent / "README.md"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
KERNEL_NAME = "python3"

# Per cell.  With a warm cache every notebook runs in well under a minute; a cold cache on two
# cores adds the kernels' compile time, a few seconds per cell at most.
CELL_TIMEOUT = 300

# Committed outputs must stay readable on GitHub: small plots, no huge arrays.
MAX_OUTPUT_BYTES = 100_000


class _ThisInterpreterSpecs(KernelSpecManager):
    """Resolves the notebooks' kernel name to an ipykernel running ``sys.executable``."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name != KERNEL_NAME:
            return super().get_kernel_spec(kernel_name)
        # ipykernel's own spec (encryption support included), its argv naming sys.executable.
        spec = get_kernel_dict()
        spec["argv"] = make_ipkernel_cmd(executable=sys.executable)
        return KernelSpec(**spec)


class _ThisInterpreterKernel(AsyncKernelManager):
    """nbclient's default kernel manager, starting kernels from :class:`_ThisInterpreterSpecs`."""

    def __init__(self, **kwargs):
        super().__init__(kernel_spec_manager=_ThisInterpreterSpecs(), **kwargs)
        # Newer jupyter_client can encrypt the kernel's local TCP sockets; without it the
        # kernel prints a warning about plain-text transport on every start.
        if "transport_encryption" in self.trait_names() and zmq.has("curve"):
            self.transport_encryption = "auto"


def execute(path, **options):
    """Run the notebook at ``path`` in a fresh kernel and return it with its new outputs.

    Raises ``nbclient.exceptions.CellExecutionError`` at the first cell that raises.  The
    client owns the kernel manager, so the kernel is shut down afterwards either way.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=_ThisInterpreterKernel,
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(path.parent)}},
        **options,
    )
    client.execute()
    return nb


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _ids(paths):
    return [p.name for p in paths]


def test_notebooks_exist():
    names = [p.name for p in NOTEBOOKS]
    assert names, f"no notebooks in {NOTEBOOK_DIR}"
    # Numbered in the tutorial's order, two digits then an underscore.
    assert all(name[:2].isdigit() and name[2] == "_" for name in names), names
    assert len({name[:2] for name in names}) == len(names), "two notebooks share a number"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_outputs_are_current(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL_NAME
    cells = _code_cells(nb)
    assert cells, "a notebook without code"
    # Executed top to bottom in one fresh kernel: counts 1, 2, 3, ... with none skipped.
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), f"execution counts {counts}: re-run the whole notebook"
    for cell in cells:
        for output in cell.outputs:
            assert output.output_type != "error", f"committed error output in cell {cell.execution_count}"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"committed stderr in cell {cell.execution_count}: {output.text[:200]!r}"
            )
            size = len(nbformat.writes(nbformat.from_dict({"o": output})))
            assert size < MAX_OUTPUT_BYTES, f"output of cell {cell.execution_count} is {size} bytes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs(path):
    nb = execute(path)
    cells = _code_cells(nb)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    errors = [o for cell in cells for o in cell.outputs if o.output_type == "error"]
    assert not errors, errors
    # The re-run produced the same kinds of output as the committed notebook (numbers and
    # timings may differ): a plot that stopped rendering, or a print that vanished, fails here.
    committed = _code_cells(nbformat.read(path, as_version=4))
    for new, old in zip(cells, committed):
        assert _output_kinds(new) == _output_kinds(old), f"cell {old.execution_count}: {old.source[:80]!r}"


def _output_kinds(cell):
    kinds = set()
    for output in cell.outputs:
        # stderr is left out: a warning from a newer dependency is not a broken notebook.
        if output.output_type == "stream" and output.name == "stdout":
            kinds.add(("stream", "stdout"))
        elif output.output_type in ("display_data", "execute_result"):
            kinds.add((output.output_type, "image/png" in output.data))
    return kinds


def _stored_stdout(nb, marker):
    """The committed stdout of the code cell whose output contains ``marker``."""
    for cell in _code_cells(nb):
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stdout" and marker in output.text:
                return output.text
    raise AssertionError(f"no stored output with {marker!r}")


def test_readme_quotes_the_stored_speed_run():
    """The README's Speed section and notebook 07 tell one story: the README's table of
    large-array ratios is the notebook's stored run (same functions, same figures, its
    date), and its small-array figure for ``add`` is the notebook's."""
    nb = nbformat.read(NOTEBOOK_DIR / "07_speed.ipynb", as_version=4)
    table = _stored_stdout(nb, "ratio, 1 thread")
    date = re.match(r"(\d{4}-\d{2}-\d{2}): (\d+) Numba threads", table)
    assert date, table
    measured = {}  # function -> (ratio with every thread, ratio with one)
    for line in table.splitlines():
        fields = line.split()
        if len(fields) == 5 and fields[0] != "function":
            measured[fields[0]] = fields[3], fields[4]

    speed = README.read_text("utf-8").split("\n## Speed\n", 1)[1].split("\n## ", 1)[0]
    header = re.search(r"^\| threads \|(.*)\|$", speed, re.M)
    assert header, "no table of large-array ratios in the README's Speed section"
    functions = [name.strip(" `") for name in header[1].split("|")]
    quoted = {row[1]: [value.strip() for value in row[2].split("|")]
              for row in re.finditer(r"^\| (\d+)\s*\|(.*)\|$", speed, re.M)}
    assert functions == list(measured)
    assert quoted == {date[2]: [measured[f][0] for f in functions], "1": [measured[f][1] for f in functions]}
    assert date[1] in speed

    small = re.search(r"-> ratio ([\d.]+)", _stored_stdout(nb, "one call on 100 elements"))[1]
    assert f"100 items: {small}" in speed
