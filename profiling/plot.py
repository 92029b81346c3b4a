"""Plot of list and array memory against the number of elements."""

__all__ = ["plot_records"]


def _curves(records, field):
    """Curves of ``field`` against ``n`` per dtype, merging dtypes whose curves coincide.

    Many dtypes give identical curves (every 8-byte dtype has the same
    ``nbytes``; int32 and int64 ``range`` lists hold the same objects), and
    drawn one over another they would hide each other.

    Returns
    -------
    list of (str, list of int, list of int)
        Label naming the dtypes, sizes, and values of ``field``.
    """
    per_dtype = {}
    for r in sorted(records, key=lambda r: r.n):
        if r.n > 0:  # the axes are logarithmic
            per_dtype.setdefault(r.dtype, []).append((r.n, getattr(r, field)))
    merged = {}
    for dtype, points in per_dtype.items():
        merged.setdefault(tuple(points), []).append(dtype)
    return [(", ".join(dtypes), [n for n, _ in points], [b for _, b in points]) for points, dtypes in merged.items()]


def plot_records(records, path):
    """Write a PNG of bytes per element and total bytes against ``n``.

    Solid coloured lines show the lists' deep size, dashed grey lines the
    arrays' ``nbytes``; dtypes with identical curves share one line and
    one legend entry. Both axes are logarithmic, so records with
    ``n == 0`` are left out.

    Parameters
    ----------
    records : sequence of MemoryRecord
        As returned by :func:`profiling.report`.
    path : str or path-like or binary file object
        Where the PNG goes.

    Raises
    ------
    ValueError
        If no record has ``n > 0``.
    """
    # Imported here: matplotlib is optional and slow to import, and only
    # plotting needs it. A Figure with its own Agg canvas leaves pyplot's
    # global backend alone.
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lists = _curves(records, "list_deep_bytes")
    arrays = _curves(records, "array_nbytes")
    if not lists:
        raise ValueError("nothing to plot: every record has n == 0")

    fig = Figure(figsize=(14, 6), layout="constrained")
    FigureCanvasAgg(fig)
    per_element, total = fig.subplots(1, 2)
    colours = colormaps["tab10"]
    greys = colormaps["Greys"]
    styles = [(f"list: {label}", n, b, "-o", colours(i % 10)) for i, (label, n, b) in enumerate(lists)]
    styles += [
        (f"array: {label}", n, b, "--", greys(0.35 + 0.6 * i / max(len(arrays) - 1, 1)))
        for i, (label, n, b) in enumerate(arrays)
    ]
    for label, n, b, style, colour in styles:
        per_element.plot(n, [v / k for v, k in zip(b, n)], style, color=colour, ms=4, label=label)
        total.plot(n, b, style, color=colour, ms=4)

    per_element.set(xscale="log", yscale="log", xlabel="elements (n)", ylabel="bytes per element",
                    title="Bytes per element")
    total.set(xscale="log", yscale="log", xlabel="elements (n)", ylabel="bytes", title="Total bytes")
    for ax in (per_element, total):
        ax.grid(True, which="major", alpha=0.4)
    fig.suptitle("Python list (deep size, solid) against NumPy array (nbytes, dashed)")
    fig.legend(loc="outside right center", fontsize="small")
    fig.savefig(path, format="png", dpi=100)
