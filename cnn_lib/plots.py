"""Every figure the article draws, as functions that take ``ax=None`` and return the Figure.

None of them calls ``plt.show()`` or saves a file. Colour maps are readable by
colour-blind readers: grey for images, PuOr (diverging, centred on 0) for signed weights,
cividis for counts (``cnn_lib.raster`` names them, for the explorers and the HTML book too).
"""

from __future__ import annotations

import math

import numpy as np

from . import _checks, ops
from .raster import COUNT_CMAP, IMAGE_CMAP, MAP_CMAP, SIGNED_CMAP, format_number, signed_limit


def _axes(ax, figsize):
    import matplotlib.pyplot as plt  # noqa: PLC0415

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def _bare(ax):
    ax.set_xticks([])
    ax.set_yticks([])


def _image(name, image):
    image = _checks.real_array(
        name, image, shapes=((None, None), (None, None, 1)), shape_text="(H, W) or (H, W, 1)", booleans=True
    )
    return image[..., 0] if image.ndim == 3 else image


def plot_image(image, title: str | None = None, *, ax=None, cmap: str = IMAGE_CMAP):
    """Show one (H, W) or (H, W, 1) image without ticks; return the Figure.

    Introduced in 01_convolution.
    """
    image = _image("image", image)
    title = _checks.string("title", title, none=True, empty=True)
    cmap = _checks.colormap("cmap", cmap)
    fig, ax = _axes(ax, (2.5, 2.5))
    ax.imshow(image, cmap=cmap)
    if title:
        ax.set_title(title, fontsize=10)
    _bare(ax)
    return fig


def plot_kernel(kernel, *, ax=None, annotate: bool = True, decimals: int = 2):
    """Show a (k, k) kernel as a heat map centred on 0, with its values written in; return the Figure.

    Introduced in 01_convolution.
    """
    kernel = _image("kernel", kernel)
    annotate = _checks.boolean("annotate", annotate)
    decimals = _checks.integer("decimals", decimals, minimum=0, maximum=10)
    fig, ax = _axes(ax, (2.5, 2.5))
    limit = signed_limit(kernel)
    ax.imshow(kernel, cmap=SIGNED_CMAP, vmin=-limit, vmax=limit)
    if annotate:
        for (row, col), value in np.ndenumerate(kernel):
            strong = abs(value) > 0.6 * limit
            ax.text(
                col,
                row,
                format_number(value, decimals) if decimals else _shortest(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if strong else "black",
            )
    _bare(ax)
    return fig


def _shortest(value) -> str:
    """The shortest form of ``value`` (``:g``), with '0' for -0."""
    text = f"{value:g}"
    return "0" if text == "-0" else text


def plot_filter_and_output(image, kernel, output, *, titles=("input", "filter", "output"), axes=None):
    """Show an image, a kernel and the convolution's output side by side; return the Figure.

    Introduced in 01_convolution.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    image, output = _image("image", image), _image("output", output)
    kernel = _image("kernel", kernel)
    titles = _checks.items("titles", titles, str, "strings")
    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.6))
    else:
        fig = axes[0].figure
    plot_image(image, ax=axes[0])
    plot_kernel(kernel, ax=axes[1], annotate=bool(kernel.shape[0] <= 5))
    plot_image(output, ax=axes[2], cmap=MAP_CMAP)
    for ax, title in zip(axes, titles, strict=False):
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_feature_maps(
    maps, *, ncols: int = 8, titles=None, cmap: str = MAP_CMAP, size: float = 1.2, images: int = 0
):
    """Show a stack of (n, H, W) maps as a grid, one small image each; return the Figure.

    images: how many of the first panels are input digits rather than feature maps; they are
    drawn as every digit of the book is (``IMAGE_CMAP``, dark ink on white paper), so that a digit
    beside its maps keeps its polarity. Introduced in 02_multiple_filters.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    maps = _checks.real_array("maps", maps, ndims=(3,), shape_text="(n, height, width)", booleans=True)
    ncols = _checks.integer("ncols", ncols)
    cmap = _checks.colormap("cmap", cmap)
    size = _checks.number("size", size, above=0)
    images = _checks.integer("images", images, minimum=0, maximum=len(maps))
    if titles is not None:
        titles = _checks.items("titles", titles, str, "strings")
    if titles is not None and len(titles) != len(maps):
        raise ValueError(f"titles: expected one title per map ({len(maps)}), got {len(titles)}")
    count = len(maps)
    ncols = max(1, min(ncols, count))
    nrows = math.ceil(count / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.2 * nrows), squeeze=False)
    for index, ax in enumerate(axes.flat):
        _bare(ax)
        if index >= count:
            ax.axis("off")
            continue
        ax.imshow(maps[index], cmap=IMAGE_CMAP if index < images else cmap)
        ax.set_title(titles[index] if titles is not None else str(index + 1), fontsize=8)
    fig.tight_layout()
    return fig


def plot_history(history, metric: str = "accuracy", *, ax=None):
    """Plot a metric per epoch, training against validation (the article's acc.png / loss.png).

    history: a Keras ``History`` or its ``.history`` dict. Returns the Figure.
    Introduced in 05_training.
    """
    history = _checks.keras_history("history", history)
    metric = _checks.string("metric", metric)
    if metric not in history or f"val_{metric}" not in history:
        raise ValueError(
            f"metric: expected one of {sorted(k for k in history if not k.startswith('val_'))}, got {metric!r}"
        )
    if not len(history[metric]) or len(history[metric]) != len(history[f"val_{metric}"]):
        raise ValueError(
            f"history: expected as many {metric} as val_{metric} values, at least one, got "
            f"{len(history[metric])} and {len(history[f'val_{metric}'])}"
        )
    fig, ax = _axes(ax, (5, 3.2))
    epochs = np.arange(1, len(history[metric]) + 1)
    ax.plot(epochs, history[metric], marker="o", markersize=3, label="train")
    ax.plot(epochs, history[f"val_{metric}"], marker="s", markersize=3, linestyle="--", label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.set_xticks(epochs[:: max(1, len(epochs) // 10)])
    ax.grid(alpha=0.3)
    ax.legend(loc="best")
    return fig


def plot_predictions(
    images,
    labels,
    predictions,
    *,
    indices=None,
    start: int = 0,
    num: int = 10,
    ncols: int = 5,
    probabilities=None,
):
    """Show up to 25 images titled ``label=…,predict=…`` (the article's predict.png); return the Figure.

    Either the ``num`` images from ``start`` on, or the listed ``indices``. Wrong
    predictions get a bold title and a frame, so they stand out without colour. With
    ``probabilities``, the (n, classes) array of ``model.predict``, each title gives the
    test index, the label, the prediction and its probability instead: ``#1234 5→3 (0.62)``.
    Introduced in 06_evaluation.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    images = _checks.real_array(
        "images",
        images,
        shapes=((None, None, None), (None, None, None, 1)),
        shape_text="(n, H, W) or (n, H, W, 1)",
    )
    labels = _checks.class_labels("labels", labels, count=len(images))
    predictions = _checks.class_labels("predictions", predictions, count=len(images))
    if probabilities is not None:
        probabilities = _checks.real_array(
            "probabilities",
            probabilities,
            shapes=((len(images), None),),
            shape_text=f"(n, classes), n = {len(images)}, as model.predict gives",
        )
        if probabilities.shape[1] <= predictions.max():
            raise ValueError(
                f"probabilities: expected a column for every predicted class (0..{predictions.max()}), "
                f"got {probabilities.shape[1]} columns"
            )
    num, ncols = _checks.integer("num", num), _checks.integer("ncols", ncols)
    last = len(images) - 1
    if indices is None:
        start = _checks.integer("start", start, minimum=0, maximum=last)
        indices = range(start, min(start + num, len(images)))
    indices = _checks.integers("indices", indices, minimum=0, maximum=last)[:25]
    ncols = max(1, min(ncols, len(indices)))
    nrows = math.ceil(len(indices) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.9 * ncols, 2.0 * nrows), squeeze=False)
    for ax in axes.flat:
        _bare(ax)
        ax.axis("off")
    for ax, index in zip(axes.flat, indices, strict=False):
        ax.axis("on")
        ax.imshow(_image("images", images[index]), cmap=IMAGE_CMAP)
        wrong = labels[index] != predictions[index]
        if probabilities is None:
            title = f"label={labels[index]},predict={predictions[index]}"
        else:
            confidence = float(probabilities[index, predictions[index]])
            title = f"#{index} {labels[index]}→{predictions[index]} ({confidence:.2f})"
        ax.set_title(
            title,
            fontsize=9,
            fontweight="bold" if wrong else "normal",
        )
        for spine in ax.spines.values():
            spine.set_visible(bool(wrong))
            spine.set_linewidth(2.5)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(matrix, *, ax=None):
    """Draw a confusion matrix (rows ``label``, columns ``predict``) with its counts; return the Figure.

    Colour follows the logarithm of the count, so the rare mistakes show beside the
    thousand-strong diagonal. Introduced in 07_confusion_matrix.
    """
    from matplotlib.colors import LogNorm  # noqa: PLC0415

    values = _checks.real_array("matrix", matrix, ndims=(2,), shape_text="(classes, classes)")
    if values.shape[0] != values.shape[1]:
        raise ValueError(f"matrix: expected a square table of counts, got shape {values.shape}")
    if values.min() < 0:
        raise ValueError(f"matrix: expected counts >= 0, got {values.min()}")
    fig, ax = _axes(ax, (5.2, 4.6))
    image = ax.imshow(
        np.where(values > 0, values, np.nan), cmap=COUNT_CMAP, norm=LogNorm(vmin=1, vmax=max(values.max(), 2))
    )
    for (row, col), value in np.ndenumerate(values):
        if value:
            ax.text(
                col,
                row,
                str(value),
                ha="center",
                va="center",
                fontsize=8,
                color="black" if value > 30 else "white",
            )
    ticks = np.arange(values.shape[0])
    ax.set_xticks(ticks, labels=[str(t) for t in getattr(matrix, "columns", ticks)])
    ax.set_yticks(ticks, labels=[str(t) for t in getattr(matrix, "index", ticks)])
    ax.set_xlabel("predict")
    ax.set_ylabel("label")
    fig.colorbar(image, ax=ax, label="count (log scale)")
    return fig


def plot_sliding_window(image, kernel_size: int = 3, steps=(1, 2, 5), *, decimals: int = 1):
    """Show a small (H, W) image once per step with the kernel's window outlined; return the Figure.

    steps: 1-based positions of the window in the order a 'valid' convolution visits them,
    left to right, then top to bottom (step 1 is the top-left corner; there are
    (H - k + 1) x (W - k + 1) steps). Pixel values are written in with ``decimals`` digits.
    Introduced in 01_convolution.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    image = _image("image", image)
    kernel_size = _checks.integer("kernel_size", kernel_size)
    decimals = _checks.integer("decimals", decimals, minimum=0, maximum=10)
    height, width = image.shape
    if kernel_size > min(height, width):
        raise ValueError(
            f"kernel_size: expected at most the image's smaller side {min(height, width)}, got {kernel_size}"
        )
    out_rows, out_cols = height - kernel_size + 1, width - kernel_size + 1
    steps = _checks.integers("steps", steps, minimum=1, maximum=out_rows * out_cols)
    fig, axes = plt.subplots(1, len(steps), figsize=(2.4 * len(steps), 2.6), squeeze=False)
    limit = float(np.abs(image).max()) or 1.0
    for ax, step in zip(axes[0], steps, strict=True):
        row, col = divmod(step - 1, out_cols)
        ax.imshow(image, cmap=IMAGE_CMAP, vmin=0, vmax=limit)
        for (pixel_row, pixel_col), value in np.ndenumerate(image):
            ax.text(
                pixel_col,
                pixel_row,
                f"{value:.{decimals}f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > 0.6 * limit else "black",
            )
        ax.add_patch(
            Rectangle(
                (col - 0.5, row - 0.5),
                kernel_size,
                kernel_size,
                fill=False,
                edgecolor="tab:orange",
                linewidth=3,
            )
        )
        ax.set_title(f"step {step}: output ({row}, {col})", fontsize=9)
        _bare(ax)
    fig.tight_layout()
    return fig


def plot_pooling_example(image, pool_size: int = 2, *, mode: str = "max", decimals: int = 0, axes=None):
    """Show a small (H, W) array with its pool_size blocks shaded and outlined beside the pooled array.

    Each block and the output cell it becomes share a shade; with mode 'max' the winning
    value of every block is boxed. Values are written in with ``decimals`` digits.
    Returns the Figure. Introduced in 03_max_pool.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    image = _image("image", image)
    decimals = _checks.integer("decimals", decimals, minimum=0, maximum=10)
    if max(image.shape) > 12:
        raise ValueError(
            f"image: expected a small array (at most 12 x 12) to write out, got shape {image.shape}"
        )
    pooled = ops.pool2d(image, pool_size, mode=mode)
    rows, cols = pooled.shape
    image = image[: rows * pool_size, : cols * pool_size]
    if axes is None:
        fig, axes = plt.subplots(
            1,
            2,
            figsize=(0.55 * (image.shape[1] + cols) + 1.2, 0.55 * image.shape[0] + 0.6),
            gridspec_kw={"width_ratios": [image.shape[1], cols]},
        )
    else:
        fig = axes[0].figure
    shade = (np.add.outer(np.arange(rows), np.arange(cols)) % 2) * 0.5 + 0.5  # two light greys
    block_shade = np.kron(shade, np.ones((pool_size, pool_size)))

    def draw(ax, values, shades, step):
        ax.imshow(shades, cmap="Greys", vmin=0, vmax=4)
        for (row, col), value in np.ndenumerate(values):
            ax.text(col, row, f"{value:.{decimals}f}", ha="center", va="center", fontsize=10)
        for edge in np.arange(0, values.shape[0] + 1, step) - 0.5:
            ax.axhline(edge, color="black", linewidth=2)
        for edge in np.arange(0, values.shape[1] + 1, step) - 0.5:
            ax.axvline(edge, color="black", linewidth=2)
        _bare(ax)

    draw(axes[0], image, block_shade, pool_size)
    draw(axes[1], pooled, shade, 1)
    if mode == "max":
        for row in range(rows):
            for col in range(cols):
                block = image[
                    row * pool_size : (row + 1) * pool_size, col * pool_size : (col + 1) * pool_size
                ]
                winner_row, winner_col = np.unravel_index(np.argmax(block), block.shape)
                axes[0].add_patch(
                    Rectangle(
                        (col * pool_size + winner_col - 0.4, row * pool_size + winner_row - 0.4),
                        0.8,
                        0.8,
                        fill=False,
                        edgecolor="black",
                        linewidth=1.2,
                        linestyle="--",
                    )
                )
    axes[0].set_title(f"{image.shape[0]} x {image.shape[1]} input", fontsize=10)
    axes[1].set_title(f"{rows} x {cols} {mode}-pool", fontsize=10)
    fig.tight_layout()
    return fig


def plot_speed_runs(table, *, axes=None):
    """Two bar panels per measured run: seconds per 48,000-image epoch of training steps, and test error.

    The error (100 x (1 - test accuracy), in per cent) starts at zero like the time, so that
    both bars are honest and the differences between accuracies near 1 stay visible.

    table: ``speed.runs_table``'s DataFrame (index: run names; columns "epoch of steps (s)" and
    "test accuracy"; with its step quartiles, the time bars carry the middle half of the steps as an
    error bar). Introduced in appendix_a_training_speed.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    _checks.instance("table", table, pd.DataFrame, "speed.runs_table's DataFrame")
    needed = {"epoch of steps (s)", "test accuracy"}
    missing = needed - set(table.columns)
    if missing:
        raise ValueError(f"table: expected speed.runs_table's columns, missing {sorted(missing)}")
    if len(table) == 0:
        raise ValueError("table: expected at least one run, got an empty table")
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(9, 0.45 * len(table) + 1.2), sharey=True)
    else:
        fig = axes[0].figure
    names = [str(name) for name in table.index]
    positions = np.arange(len(names))[::-1]
    for ax, column, label, fmt in (
        (axes[0], "epoch of steps (s)", "seconds per epoch (training steps)", "{:.1f}"),
        (axes[1], "test accuracy", "test error (%)", "{:.2f}"),
    ):
        values = table[column].to_numpy(dtype=float)
        errors = None
        if column == "test accuracy":
            values = 100 * (1 - values)
        elif {"step q1 (ms)", "step q3 (ms)", "step (ms)"} <= set(table.columns):
            # the middle half of the steps, at the epoch's scale: quartile / median x the epoch's time
            scale = table[column].to_numpy(dtype=float) / table["step (ms)"].to_numpy(dtype=float)
            low = values - scale * table["step q1 (ms)"].to_numpy(dtype=float)
            high = scale * table["step q3 (ms)"].to_numpy(dtype=float) - values
            errors = np.vstack([low, high])
        ax.barh(positions, values, color="#4c72b0", xerr=errors, ecolor="black", capsize=3)
        ends = values if errors is None else values + errors[1]
        for y, value, end in zip(positions, values, ends, strict=True):
            ax.text(end, y, " " + fmt.format(value), va="center", fontsize=8)
        ax.set_xlabel(label)
        ax.set_xlim(0, ends.max() * 1.3)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_yticks(positions, names)
    fig.tight_layout()
    return fig


#: How ``plot_accuracy_curves``, ``plot_reliability`` and ``plot_occlusion_maps`` tell networks apart:
#: line style, marker and a position on the PuOr colour map (purple, then orange), so that the networks
#: differ in print and for colour-blind readers too, not by colour alone. Introduced in 08_beyond_the_article.
NETWORK_STYLES = (
    {"linestyle": "-", "marker": "o", "shade": 0.9},
    {"linestyle": "--", "marker": "s", "shade": 0.15},
    {"linestyle": ":", "marker": "^", "shade": 0.75},
    {"linestyle": "-.", "marker": "D", "shade": 0.3},
)


def _network_style(position: int) -> dict:
    """Line style, marker and colour of the network drawn ``position``-th (0-based)."""
    import matplotlib  # noqa: PLC0415

    style = NETWORK_STYLES[position]
    return {
        "linestyle": style["linestyle"],
        "marker": style["marker"],
        "color": matplotlib.colormaps[SIGNED_CMAP](style["shade"]),
    }


def _networks(name: str, values, what: str) -> dict:
    """A non-empty dict of at most len(NETWORK_STYLES) networks, by name (str)."""
    _checks.instance(name, values, dict, f"a dict of {what} by network name")
    if not values:
        raise ValueError(f"{name}: expected at least one network, got an empty dict")
    if len(values) > len(NETWORK_STYLES):
        raise ValueError(f"{name}: expected at most {len(NETWORK_STYLES)} networks, got {len(values)}")
    for key in values:
        _checks.string(f"{name} key", key)
    return values


def plot_accuracy_curves(
    steps, accuracies, *, intervals=None, xlabel: str = "shift (pixels)", chance: float | None = None, ax=None
):
    """Plot each network's accuracy against how far the test digits were moved; return the Figure.

    steps: the 1-D x values (pixels, degrees or factors); accuracies: a dict, network name ->
    accuracies in [0, 1], one per step. intervals: optional, network name -> (low, high), the
    bounds per step (``robustness.binomial_interval``), drawn as a band. chance: an accuracy to
    mark with a dotted line (0.1 for ten classes). The networks differ in line style and marker as
    well as colour (``NETWORK_STYLES``). Introduced in 08_beyond_the_article.
    """
    steps = _checks.real_array("steps", steps, ndims=(1,), shape_text="(steps,)")
    accuracies = _networks("accuracies", accuracies, "accuracies")
    curves = {}
    for name, values in accuracies.items():
        values = _checks.real_array(
            f"accuracies[{name!r}]",
            values,
            shapes=((len(steps),),),
            shape_text=f"({len(steps)},), one per step",
        )
        if values.min() < 0 or values.max() > 1:
            raise ValueError(
                f"accuracies[{name!r}]: expected values in [0, 1], got {values.min()}..{values.max()}"
            )
        curves[name] = values
    bands = {}
    if intervals is not None:
        _checks.instance("intervals", intervals, dict, "a dict of (low, high) by network name")
        unknown = sorted(set(intervals) - set(curves))
        if unknown:
            raise ValueError(f"intervals: expected names of accuracies {sorted(curves)}, got {unknown}")
        for name, bounds in intervals.items():
            bounds = _checks.real_array(
                f"intervals[{name!r}]",
                bounds,
                shapes=((2, len(steps)),),
                shape_text=f"(low, high), {len(steps)} each",
            )
            if (bounds[0] > bounds[1]).any():
                raise ValueError(f"intervals[{name!r}]: expected low <= high at every step")
            bands[name] = bounds
    xlabel = _checks.string("xlabel", xlabel)
    if chance is not None:
        chance = _checks.number("chance", chance, minimum=0, maximum=1)
    fig, ax = _axes(ax, (5.5, 3.4))
    for position, (name, values) in enumerate(curves.items()):
        style = _network_style(position)
        if name in bands:
            ax.fill_between(
                steps, bands[name][0], bands[name][1], color=style["color"], alpha=0.2, linewidth=0
            )
        ax.plot(steps, values, markersize=5, label=name, **style)
    if chance is not None:
        ax.axhline(chance, color="grey", linestyle=":", linewidth=1, label=f"chance ({chance:g})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.02)
    ax.set_xticks(steps)
    ax.grid(alpha=0.3)
    ax.legend(loc="best")
    return fig


def plot_reliability(tables, *, axes=None):
    """Draw reliability diagrams: per confidence bin, accuracy against confidence; return the Figure.

    tables: a dict, network name -> ``robustness.reliability``'s table (``low``, ``high``, ``count``,
    ``confidence``, ``accuracy``, one entry per bin). The upper panel puts each filled bin at
    (mean confidence, accuracy), with the diagonal of a calibrated network; the lower panel counts
    the images per bin on a log scale, since a good network puts nearly all of them in the last
    bin. axes: two Axes (upper, lower) to draw on. Introduced in 08_beyond_the_article.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    tables = _networks("tables", tables, "reliability tables")
    needed = ("low", "high", "count", "confidence", "accuracy")
    checked = {}
    for name, table in tables.items():
        _checks.instance(f"tables[{name!r}]", table, dict, "robustness.reliability's table")
        missing = [key for key in needed if key not in table]
        if missing:
            raise ValueError(f"tables[{name!r}]: expected robustness.reliability's table, missing {missing}")
        columns = {
            key: _checks.real_array(f"tables[{name!r}][{key!r}]", table[key], ndims=(1,), finite=False)
            for key in needed
        }
        if len({len(column) for column in columns.values()}) != 1:
            raise ValueError(f"tables[{name!r}]: expected one entry per bin in every column")
        checked[name] = columns
    if axes is None:
        fig, axes = plt.subplots(
            2, 1, figsize=(4.8, 5.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]}
        )
    else:
        fig = axes[0].figure
    upper, lower = axes
    upper.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1, label="calibrated")
    for position, (name, table) in enumerate(checked.items()):
        style = _network_style(position)
        filled = table["count"] > 0
        upper.plot(table["confidence"][filled], table["accuracy"][filled], markersize=5, label=name, **style)
        edges = np.append(table["low"], table["high"][-1])
        lower.stairs(
            np.where(filled, table["count"], np.nan),
            edges,
            color=style["color"],
            linestyle=style["linestyle"],
            linewidth=1.8,
            label=name,
        )
    upper.set_ylabel("accuracy in the bin")
    upper.set_xlim(0, 1.01)
    upper.set_ylim(0, 1.02)
    upper.grid(alpha=0.3)
    upper.legend(loc="lower right")
    lower.set_yscale("log")
    lower.set_ylabel("images")
    lower.set_xlabel("confidence (largest softmax probability)")
    lower.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_occlusion_maps(images, maps, *, patch: int, stride: int, titles=None):
    """Show digits (top row) and, below each, every network's occlusion map; return the Figure.

    images: (n, H, W) or (n, H, W, 1), the digits; maps: a dict, network name -> (n, rows, columns)
    maps of ``robustness.occlusion_map`` made with this ``patch`` and ``stride``. Each map entry is
    drawn over the centre of its square, on one PuOr scale centred on 0 for all (purple: hiding the
    square lowers the true class's probability; orange: it raises it), under the digit's outline.
    titles: one per digit (its index, label and predictions, say). Introduced in 08_beyond_the_article.
    """
    import matplotlib.pyplot as plt  # noqa: PLC0415

    images = _checks.real_array(
        "images",
        images,
        shapes=((None, None, None), (None, None, None, 1)),
        shape_text="(n, H, W) or (n, H, W, 1)",
    )
    images = images.reshape(images.shape[:3])
    count, height, width = images.shape
    patch = _checks.integer("patch", patch, maximum=min(height, width))
    stride = _checks.integer("stride", stride)
    rows, cols = (height - patch) // stride + 1, (width - patch) // stride + 1
    maps = _networks("maps", maps, "occlusion maps")
    checked = {
        name: _checks.real_array(
            f"maps[{name!r}]",
            values,
            shapes=((count, rows, cols),),
            shape_text=f"({count}, {rows}, {cols}): one map per image for patch {patch}, stride {stride}",
        )
        for name, values in maps.items()
    }
    if titles is not None:
        titles = _checks.items("titles", titles, str, "strings")
        if len(titles) != count:
            raise ValueError(f"titles: expected one title per image ({count}), got {len(titles)}")
    limit = signed_limit(np.stack(list(checked.values())))
    half = (patch - 1) / 2
    extent = (half - stride / 2, (cols - 1) * stride + half + stride / 2)
    extent_rows = ((rows - 1) * stride + half + stride / 2, half - stride / 2)
    fig, axes = plt.subplots(
        1 + len(checked), count, figsize=(1.55 * count + 1.2, 1.6 * (1 + len(checked))), squeeze=False
    )
    shown = None
    for column in range(count):
        digit = images[column]
        axes[0, column].imshow(digit, cmap=IMAGE_CMAP)
        if titles is not None:
            axes[0, column].set_title(titles[column], fontsize=8)
        for row, values in enumerate(checked.values(), start=1):
            ax = axes[row, column]
            shown = ax.imshow(
                values[column],
                cmap=SIGNED_CMAP,
                vmin=-limit,
                vmax=limit,
                extent=(*extent, *extent_rows),
                interpolation="nearest",
            )
            ax.contour(digit, levels=[0.5 * float(digit.max() or 1)], colors="black", linewidths=0.7)
            ax.set_xlim(-0.5, width - 0.5)
            ax.set_ylim(height - 0.5, -0.5)
    for ax in axes.flat:
        _bare(ax)
    axes[0, 0].set_ylabel("digit", fontsize=9)
    for row, name in enumerate(checked, start=1):
        axes[row, 0].set_ylabel(name, fontsize=9)
    fig.tight_layout()
    fig.colorbar(shown, ax=axes.ravel().tolist(), shrink=0.6, label="drop of the true\nclass's probability")
    return fig
