"""Output of the command line: records and kernel records as a text or Markdown table, CSV or JSON."""

import csv
import dataclasses
import io
import json

SCHEMA = "jitarray-memreport/1"

_LEGEND = (
    "list deep = sys.getsizeof(list) + each distinct element object, as pympler.asizeof counts them;"
    " naive list = sys.getsizeof(l[0]) * n; array = nbytes."
)
_SHARING_LEGEND = (
    "shared = elements that are objects CPython shares (True, False, the ints -5..256)"
    " instead of creating them: list deep counts each distinct object once."
)


def _range_text(r):
    if r.element_type in ("bool", "int"):
        text = f"{r.min}..{r.max}"
    else:
        text = f"{r.min:.3g}..{r.max:.3g}"
    return text + " per part" if r.element_type == "complex" else text


def _ratio_text(ratio):
    return "-" if ratio is None else f"{ratio:.1f}"


def _record_table(records):
    headers = ("dtype", "C type", "range", "itemsize", "n", "shared", "distinct",
               "list deep", "naive list", "array", "deep/array")
    rows = [
        (r.dtype, r.c_type, _range_text(r), str(r.itemsize), f"{r.n:,}",
         f"{r.shared_elements:,}", f"{r.distinct_elements:,}",
         f"{r.list_deep_bytes:,}", f"{r.naive_list_bytes:,}", f"{r.array_nbytes:,}",
         _ratio_text(r.deep_to_nbytes_ratio))
        for r in records
    ]
    notes = [_LEGEND] + ([_SHARING_LEGEND] if any(r.shared_elements for r in records) else [])
    return headers, rows, notes, 3


def _kernel_table(kernels):
    headers = ("function", "dtype", "n", "output", "retained", "peak", "temporary")
    rows = [
        (k.function, k.dtype, f"{k.n:,}", f"{k.output_bytes:,}", f"{k.retained_bytes:,}",
         f"{k.peak_bytes:,}", f"{k.temporary_bytes:,}")
        for k in kernels
    ]
    notes = ["bytes allocated per call (tracemalloc, NumPy and Numba's runtime); temporary = peak - retained."]
    return headers, rows, notes, 2


# Each table builder returns (headers, rows, notes, text_columns): its first
# text_columns columns hold text, aligned left; the rest hold numbers.


def _render_text(headers, rows, notes, text_columns):
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]

    def line(cells):
        return "  ".join(
            cell.ljust(w) if i < text_columns else cell.rjust(w) for i, (cell, w) in enumerate(zip(cells, widths))
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows]
    return "\n".join(out + [""] + notes) + "\n"


def _render_markdown(headers, rows, notes, text_columns):
    rule = ["---" if i < text_columns else "---:" for i in range(len(headers))]
    out = ["| " + " | ".join(cells) + " |" for cells in (headers, rule, *rows)]
    return "\n".join(out + [""] + notes) + "\n"


def _tables(records, kernels, render):
    parts = [render(*_record_table(records))]
    if kernels:
        parts.append(render(*_kernel_table(kernels)))
    return "\n".join(parts)


def _csv_text(records, kernels):
    out = io.StringIO()
    for section in (records, kernels):
        if not section:
            continue
        if out.tell():
            out.write("\n")
        writer = csv.DictWriter(out, fieldnames=[f.name for f in dataclasses.fields(section[0])], lineterminator="\n")
        writer.writeheader()
        writer.writerows(dataclasses.asdict(item) for item in section)
    return out.getvalue()


def _json_text(records, kernels):
    document = {
        "schema": SCHEMA,
        "records": [dataclasses.asdict(r) for r in records],
        "kernels": [dataclasses.asdict(k) for k in kernels],
    }
    return json.dumps(document, indent=2) + "\n"


_FORMATTERS = {
    "table": lambda records, kernels: _tables(records, kernels, _render_text),
    "markdown": lambda records, kernels: _tables(records, kernels, _render_markdown),
    "csv": _csv_text,
    "json": _json_text,
}
