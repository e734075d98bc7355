"""Interactive explorers for the chapters, built on core ipywidgets only (7.7 in Colab, 8.x elsewhere).

Introduced in 01_convolution (``convolution_explorer``), 02_multiple_filters
(``filters_explorer``), 03_max_pool (``pooling_explorer``), 06_evaluation
(``network_explorer``) and 08_beyond_the_article (``shift_explorer``). Each function returns an explorer object: display it (it is the
last value of a cell, or ``display(explorer)``), and drive it with the widgets it keeps as
attributes (``explorer.controls`` names every one). The numbers come from ``cnn_lib.ops``
(or from the Keras model) and the last computed arrays stay on the object, e.g.
``explorer.output``, ``explorer.maps``, ``explorer.pooled``, ``explorer.probabilities``.

Images are drawn from numpy straight to PNG bytes in ``ipywidgets.Image`` widgets (no
matplotlib figures), so an update takes milliseconds and the saved widget state shows real
images in the static HTML book. Colour maps are readable by colour-blind readers: grey for
images and feature maps, PuOr centred on 0 for signed weights. A bad entry (empty, not a
number, NaN, infinite, a seed below 0) shows a message beside the controls and keeps the
last good output. Importing this module displays nothing and does not import TensorFlow.
"""

from __future__ import annotations

import contextlib
import html
import re
import types

import ipywidgets
import numpy as np
from IPython.display import display

from . import _checks, article, ops, robustness
from .raster import (
    IMAGE_CMAP,
    MAP_CMAP,
    OUTLINE_RGB,
    SIGNED_CMAP,
    colorize,
    encode_png,
    format_number,
    kernel_table,
    mosaic,
    outline,
    signed_limit,
    upscale,
)

IMAGE_PIXELS = 224  # on-screen side of a 28 x 28 image (8 screen pixels per image pixel)
KERNEL_SIZES = (3, 5)
POOL_SIZES = (2, 3, 4)
MAX_FILTERS = 36
MAX_SHIFT = 4
#: How far ``shift_explorer`` moves a digit each way, in pixels; the HTML book's shift control
#: (_static/js/draw-digit.js, MAX_SHIFT) goes as far, which its browser test checks.
NETWORK_MAX_SHIFT = 10
KEEPING = "keeping the last good output"
FLOAT32_MAX = float(np.finfo(np.float32).max)  # the largest weight a kernel entry may hold


# --- showing cnn_lib.raster's pictures -------------------------------------------------------------


def _image_widget(side: int = IMAGE_PIXELS) -> ipywidgets.Image:
    return ipywidgets.Image(format="png", width=str(side), height=str(side))


def _set_png(widget: ipywidgets.Image, rgb: np.ndarray) -> None:
    widget.value = encode_png(rgb)
    widget.width, widget.height = str(rgb.shape[1]), str(rgb.shape[0])


def _plain_text(markup: str) -> str:
    """The words of an HTML widget's value, without its tags and entities."""
    spaced = re.sub(r"<br\s*/?>|</(p|div|li|tr|td)>", " ", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def _caption(text: str) -> ipywidgets.HTML:
    return ipywidgets.HTML(f"<b>{html.escape(text)}</b>")


# --- checking arguments ---------------------------------------------------------------------


def _float_images(name, images, *, stack: bool) -> np.ndarray:
    """uint8 images are divided by 255; float images are used as they are. Returns float32."""
    if stack:
        shapes, shape_text = ((None,) * 3, (None,) * 3 + (1,)), "(n, height, width) or (n, height, width, 1)"
    else:
        shapes, shape_text = ((None,) * 2, (None,) * 2 + (1,)), "(height, width) or (height, width, 1)"
    array = _checks.real_array(name, images, shapes=shapes, shape_text=shape_text)
    if array.ndim == len(shapes[1]):
        array = array[..., 0]
    if min(array.shape[-2:]) < max(POOL_SIZES):
        raise ValueError(f"{name}: expected images at least 4 x 4 pixels, got shape {array.shape}")
    if array.dtype == np.uint8:
        return array.astype(np.float32) / 255
    return array.astype(np.float32)


# --- the common part of every explorer ---------------------------------------------------------


class Explorer:
    """Base of the explorers: ``widget`` is the top-level container, ``controls`` names the inputs.

    ``message`` is an HTML widget that is empty while every entry is good and explains the
    problem otherwise. Displaying the explorer displays ``widget``.
    """

    widget: ipywidgets.Box
    controls: dict
    message: ipywidgets.HTML

    def __init__(self) -> None:
        self.message = ipywidgets.HTML("", layout=ipywidgets.Layout(min_height="20px"))
        self._holding = False

    def _ipython_display_(self):
        display(self._repr_mimebundle_(), raw=True)
        handle_displayed = getattr(self.widget, "_handle_displayed", None)  # ipywidgets 7's display callbacks
        if handle_displayed is not None:
            handle_displayed()

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """The live widget, and a still picture of it for where no kernel runs (the HTML book, GitHub).

        Jupyter, Colab and VS Code show the widget view; a page without a widget manager shows the
        PNG, as ipympl's figures do. The text is what the widget says it is.
        """
        return {
            "text/plain": repr(self.widget)[:110],
            "image/png": self.still_png(),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.widget.model_id,
            },
        }

    # the still picture: what the explorer shows, without its controls
    def _bars_of(self, widget):
        """(ten probabilities, label or None) when ``widget`` draws probability bars, else None."""
        return None

    def _still_parts(self):
        """The explorer's pictures in display order, each with the text shown last before it, and
        the texts that no picture follows: ([(row, kind, caption, data)], [text]). The pictures of one
        child of the explorer's top box share a row, as on screen."""
        parts, texts = [], []

        def walk(widget, row):
            if isinstance(widget, ipywidgets.Box):
                for child in widget.children:
                    walk(child, row)
            elif isinstance(widget, ipywidgets.Image) and widget.value:
                parts.append((row, "image", texts.pop() if texts else "", widget.value))
            elif (bars := self._bars_of(widget)) is not None:
                parts.append((row, "bars", texts.pop() if texts else "", bars))
            elif isinstance(widget, ipywidgets.HTML) and widget is not self.message:
                text = _plain_text(widget.value)
                if text and "<table" not in widget.value:
                    texts[:] = [text]  # only the last text before a picture is its caption

        for row, child in enumerate(self.widget.children):
            walk(child, row)
        rows = sorted({row for row, *_ in parts})
        return [(rows.index(row), *rest) for row, *rest in parts], texts

    def settings(self) -> str:
        """The controls' values in words, e.g. "image 0, kernel random, seed 10, ReLU off"."""
        words = []
        for control in self.controls.values():
            description = getattr(control, "description", "")
            if isinstance(control, ipywidgets.Button):
                continue
            value = control.label if isinstance(control, ipywidgets.ToggleButtons) else control.value
            if not description and not isinstance(control, ipywidgets.ToggleButtons):
                continue
            value = ("on" if value else "off") if isinstance(value, bool) else value
            words.append(f"{description} {value}".strip())
        return ", ".join(words)

    def still_png(self) -> bytes:
        """The explorer as it now stands, as one PNG: its pictures and probability bars side by side
        under their captions, and its settings and remaining texts below."""
        import io  # noqa: PLC0415
        import textwrap  # noqa: PLC0415

        import matplotlib.image  # noqa: PLC0415 - only when a still is drawn
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415

        parts, texts = self._still_parts()
        pictures = [
            matplotlib.image.imread(io.BytesIO(data), format="png") if kind == "image" else data
            for _, kind, _, data in parts
        ]
        # Sizes in pixels: each part's width and the room on its left (a bar chart's digit labels
        # need more), each row's height under a line of captions, the axis under the bars.
        widths = [
            picture.shape[1] if kind == "image" else 200 for (_, kind, _, _), picture in zip(parts, pictures)
        ]
        gaps = [70 if kind == "bars" else 40 for _, kind, _, _ in parts]
        count = 1 + max((row for row, *_ in parts), default=0)
        heights = [
            max(
                [
                    200 if kind == "bars" else picture.shape[0]
                    for (r, kind, _, _), picture in zip(parts, pictures)
                    if r == row
                ]
                + [0]
            )
            for row in range(count)
        ]
        ticks = [
            28 if any(r == row and kind == "bars" for r, kind, _, _ in parts) else 0 for row in range(count)
        ]
        total = 40 + max(
            sum(width + gap for (r, *_), width, gap in zip(parts, widths, gaps) if r == row)
            for row in range(count)
        )
        notes = [f"Settings: {self.settings()}.", *texts]
        lines = [line for note in notes for line in textwrap.wrap(note, max(40, total // 7))]
        caption_room, bottom = 50, 20 + 18 * len(lines)
        tall = sum(caption_room + height + tick for height, tick in zip(heights, ticks)) + bottom
        figure = Figure(figsize=(total / 100, tall / 100), dpi=100)
        FigureCanvasAgg(figure)
        tops = [
            sum(caption_room + h + t for h, t in zip(heights[:row], ticks[:row])) + caption_room
            for row in range(count)
        ]
        lefts = [0] * count
        for (row, kind, caption, _), picture, width, gap in zip(parts, pictures, widths, gaps):
            lefts[row] += gap
            # each picture hangs from its row's line of captions at its own size: drawn pixel for pixel
            height = picture.shape[0] if kind == "image" else heights[row]
            box = [lefts[row] / total, (tall - tops[row] - height) / tall, width / total, height / tall]
            axes = figure.add_axes(box)
            if kind == "image":
                axes.imshow(picture, interpolation="nearest")
                axes.set_axis_off()
            else:
                probabilities, label = picture
                best = int(np.argmax(probabilities))
                colours = ["#542788" if digit == best else "#b2abd2" for digit in range(len(probabilities))]
                axes.barh(range(len(probabilities)), probabilities, color=colours)
                axes.set_yticks(range(len(probabilities)))
                axes.set_yticklabels(
                    [
                        f"{digit} (label)" if digit == label else str(digit)
                        for digit in range(len(probabilities))
                    ],
                    fontsize=8,
                )
                axes.invert_yaxis()
                axes.set_xlim(0, 1)
                axes.tick_params(axis="x", labelsize=8)
                share = float(probabilities[best])
                inside = share > 0.5  # white on the bar's dark purple, else black beside it
                axes.text(
                    share - 0.02 if inside else share + 0.02,
                    best,
                    f"{100 * share:.1f} %",
                    ha="right" if inside else "left",
                    va="center",
                    fontsize=8,
                    color="white" if inside else "black",
                )
            axes.set_title("\n".join(textwrap.wrap(caption, max(20, width // 7))), fontsize=9, loc="left")
            lefts[row] += width
        figure.text(40 / total, (bottom - 10) / tall, "\n".join(lines), fontsize=9, va="top", linespacing=1.4)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", facecolor="white")
        return buffer.getvalue()

    def _warn(self, text: str) -> None:
        self.message.value = (
            f'<span style="color:#b35806">&#9888; {html.escape(text, quote=False)} &mdash; {KEEPING}</span>'
        )

    def _clear(self) -> None:
        self.message.value = ""

    @contextlib.contextmanager
    def _hold(self):
        """Set several controls from code without each one recomputing."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding

    def _safely(self, handler, *args) -> None:
        if self._holding:
            return
        try:
            handler(*args)
        except (ValueError, TypeError, ArithmeticError) as error:
            self._warn(str(error))

    def _observe(self, widget, handler, *args) -> None:
        widget.observe(lambda change: self._safely(handler, *args), names="value")


# --- 1. convolution ----------------------------------------------------------------------------


class ConvolutionExplorer(Explorer):
    """One image, one kernel, one output, and the multiply-and-sum of one output pixel.

    Arrays after each update: ``image`` (H, W) float32, ``kernel`` (k, k) float32,
    ``convolved`` = ``ops.conv2d(image, kernel, 'same')``, ``output`` (``convolved`` or its
    ReLU), ``window`` (k, k) (the zero-padded input under the kernel for output pixel
    (``row.value``, ``col.value``)) and ``pixel_value`` (that output pixel).
    Introduced in 01_convolution.
    """

    def __init__(self, images, labels, *, index, kernel, kernel_size, seed, relu):
        images = _float_images("images", images, stack=True)
        labels = None if labels is None else _checks.class_labels("labels", labels, count=len(images))
        index = _checks.integer("index", index, minimum=0, maximum=len(images) - 1)
        kernel = _checks.choice("kernel", kernel, ["random", *ops.KERNEL_PRESETS])
        kernel_size = _checks.choice("kernel_size", kernel_size, KERNEL_SIZES)
        seed = _checks.seed("seed", seed)
        relu = _checks.boolean("relu", relu)
        super().__init__()
        self.images, self.labels = images, labels
        count, height, width = images.shape
        style = {"description_width": "initial"}
        self.index = ipywidgets.IntSlider(value=index, min=0, max=count - 1, description="image", style=style)
        self.digit_class = ipywidgets.Dropdown(
            options=["any", *(str(digit) for digit in range(article.NUM_CLASSES))],
            value="any",
            description="class",
            disabled=labels is None,
            layout=ipywidgets.Layout(width="130px"),
            style=style,
        )
        self.next_image = ipywidgets.Button(
            description="next of class", disabled=labels is None, layout=ipywidgets.Layout(width="120px")
        )
        self.kernel_choice = ipywidgets.Dropdown(
            options=["random", *ops.KERNEL_PRESETS], value=kernel, description="kernel", style=style
        )
        self.kernel_size = ipywidgets.ToggleButtons(
            options=[(f"{size} x {size}", size) for size in KERNEL_SIZES],
            value=kernel_size,
            style={"button_width": "56px"},
        )
        self.seed = ipywidgets.IntText(
            value=seed, description="seed", layout=ipywidgets.Layout(width="130px"), style=style
        )
        self.relu = ipywidgets.Checkbox(value=relu, description="ReLU", indent=False)
        self.row = ipywidgets.IntSlider(value=0, min=0, max=height - 1, description="output row", style=style)
        self.col = ipywidgets.IntSlider(
            value=0, min=0, max=width - 1, description="output column", style=style
        )
        size = max(KERNEL_SIZES)
        self.cells = [
            [
                ipywidgets.Text(continuous_update=False, layout=ipywidgets.Layout(width="52px"))
                for _ in range(size)
            ]
            for _ in range(size)
        ]
        self.cell_grid = ipywidgets.GridBox([], layout=ipywidgets.Layout(grid_gap="2px"))

        self.title = ipywidgets.HTML()
        self.input_image = _image_widget()
        self.output_image = _image_widget()
        self.kernel_table = ipywidgets.HTML()
        self.output_range = ipywidgets.HTML()
        self.sum_text = ipywidgets.HTML(layout=ipywidgets.Layout(max_width="720px"))

        self.controls = {
            "index": self.index,
            "digit_class": self.digit_class,
            "next_image": self.next_image,
            "kernel_choice": self.kernel_choice,
            "kernel_size": self.kernel_size,
            "seed": self.seed,
            "relu": self.relu,
            "row": self.row,
            "col": self.col,
        }
        for row, cells in enumerate(self.cells):
            for col, cell in enumerate(cells):
                self.controls[f"kernel[{row}, {col}]"] = cell
                self._observe(cell, self._on_cell, row, col)
        self._bad_cells: dict[tuple[int, int], str] = {}  # entries that are not numbers
        self._pending: dict[tuple[int, int], float] = {}  # good entries not yet in the output

        self._observe(self.index, self._on_index)
        self._observe(self.digit_class, self._on_class)
        self.next_image.on_click(lambda button: self._safely(self._on_next))
        for control in (self.kernel_choice, self.kernel_size, self.seed):
            self._observe(control, self._load_kernel)
        self._observe(self.relu, self._compute)
        self._observe(self.row, self._draw)
        self._observe(self.col, self._draw)

        self.widget = ipywidgets.VBox(
            [
                ipywidgets.HBox([self.index, self.digit_class, self.next_image]),
                ipywidgets.HBox([self.kernel_choice, self.kernel_size, self.seed, self.relu]),
                ipywidgets.HBox(
                    [
                        ipywidgets.VBox([self.title, self.input_image]),
                        ipywidgets.VBox(
                            [
                                _caption("kernel"),
                                self.kernel_table,
                                ipywidgets.HTML("edit a weight, then press Enter:"),
                                self.cell_grid,
                                self.message,
                            ],
                            layout=ipywidgets.Layout(width="300px", margin="0 12px"),
                        ),
                        ipywidgets.VBox([self.output_range, self.output_image]),
                    ]
                ),
                ipywidgets.HBox([self.row, self.col]),
                self.sum_text,
            ]
        )
        self.image = images[index]
        self._show_title()
        self._load_kernel()

    # observers
    def _on_index(self):
        self.image = self.images[self.index.value]
        self._show_title()
        self._compute()

    def _matching(self, digit: int) -> np.ndarray:
        found = np.flatnonzero(self.labels == digit)
        if found.size == 0:
            raise ValueError(f"class {digit}: none of the {len(self.labels)} images has this label")
        return found

    def _on_class(self):
        if self.digit_class.value != "any":
            self.index.value = int(self._matching(int(self.digit_class.value))[0])

    def _on_next(self):
        current = self.index.value
        if self.digit_class.value == "any":
            self.index.value = (current + 1) % len(self.images)
            return
        found = self._matching(int(self.digit_class.value))
        later = found[found > current]
        self.index.value = int(later[0] if later.size else found[0])

    def _load_kernel(self):
        choice = self.kernel_choice.value
        if choice == "random":
            kernel = ops.random_filters(1, self.kernel_size.value, self.seed.value)[0]
        else:
            kernel = ops.preset_kernel(choice)
        with self._hold():
            if choice != "random":
                self.kernel_size.value = kernel.shape[0]
            self.kernel_size.disabled = self.seed.disabled = choice != "random"
        self._bad_cells.clear()
        self._pending.clear()
        self._compute(kernel)
        size = kernel.shape[0]
        with self._hold():
            for row in range(size):
                for col in range(size):
                    self.cells[row][col].value = format_number(kernel[row, col], 3)
        self.cell_grid.children = [cell for cells in self.cells[:size] for cell in cells[:size]]
        self.cell_grid.layout.grid_template_columns = f"repeat({size}, 54px)"

    def _clear(self) -> None:
        if self._bad_cells:  # the output changed, but a weight still waits for a good entry
            self._warn("; ".join(self._bad_cells[key] for key in sorted(self._bad_cells)))
        else:
            super()._clear()

    def _on_cell(self, row, col):
        size = self.kernel.shape[0]
        if row >= size or col >= size:  # a hidden cell of the 5 x 5 grid: nothing to compute
            return
        name = f"kernel[{row}, {col}]"
        try:
            value = _checks.number_text(name, self.cells[row][col].value, limit=FLOAT32_MAX)
        except ValueError as error:
            self._bad_cells[(row, col)] = str(error)
        else:
            self._bad_cells.pop((row, col), None)
            self._pending[(row, col)] = value
        if self._bad_cells:
            self._clear()  # shows what is wrong
            return
        kernel = self.kernel.copy()
        for (pending_row, pending_col), pending_value in self._pending.items():
            kernel[pending_row, pending_col] = pending_value
        self._compute(kernel)
        self._pending.clear()

    # computing and drawing
    def _compute(self, kernel=None):
        kernel = self.kernel if kernel is None else np.asarray(kernel, dtype=np.float32)
        with np.errstate(over="ignore", invalid="ignore"):  # reported below, not as a warning
            convolved = ops.conv2d(self.image, kernel, padding="same")
        if not np.all(np.isfinite(convolved)):
            raise ValueError("kernel: these weights make the output overflow float32")
        output = ops.relu(convolved) if self.relu.value else convolved
        self.kernel, self.convolved, self.output = kernel, convolved, output
        self.kernel_table.value = kernel_table(kernel)
        low, high = float(output.min()), float(output.max())
        self.output_range.value = (
            f"<b>output</b>{' after ReLU' if self.relu.value else ''}: "
            f"black {format_number(low)}, white {format_number(high)}"
        )
        self._draw()
        self._clear()

    def _show_title(self):
        label = "" if self.labels is None else f", label {int(self.labels[self.index.value])}"
        self.title.value = f"<b>input</b>: image {self.index.value}{label}"

    def _draw(self):
        row, col = self.row.value, self.col.value
        size = self.kernel.shape[0]
        before, _ = ops.same_padding(size)
        padded = np.pad(self.image, (ops.same_padding(size), ops.same_padding(size)))
        self.window = padded[row : row + size, col : col + size]
        self.pixel_value = float(self.output[row, col])
        height, width = self.image.shape
        scale = max(1, IMAGE_PIXELS // max(height, width))

        picture = upscale(colorize(self.image, IMAGE_CMAP), scale)
        top, left = max(row - before, 0), max(col - before, 0)
        bottom, right = min(row - before + size, height), min(col - before + size, width)
        _set_png(self.input_image, outline(picture, top * scale, left * scale, bottom * scale, right * scale))
        result = upscale(colorize(self.output, MAP_CMAP), scale)
        _set_png(
            self.output_image,
            outline(result, row * scale, col * scale, (row + 1) * scale, (col + 1) * scale),
        )

        terms = " + ".join(
            f"({format_number(pixel)} &times; {format_number(weight)})"
            for pixel, weight in zip(self.window.ravel(), self.kernel.ravel(), strict=True)
        )
        total = float(self.convolved[row, col])
        relu_text = f"; ReLU gives <b>{format_number(self.pixel_value, 4)}</b>" if self.relu.value else ""
        self.sum_text.value = (
            f"<b>output[{row}, {col}]</b> = input window &times; kernel, summed "
            f"(rows {row - before}..{row - before + size - 1}, columns {col - before}..{col - before + size - 1};"
            f" zeros outside the image):<br><code>{terms} = {format_number(total, 4)}</code>{relu_text}"
        )


def convolution_explorer(
    images,
    labels=None,
    *,
    index: int = 0,
    kernel: str = "random",
    kernel_size: int = 5,
    seed: int = article.SEED,
    relu: bool = False,
) -> ConvolutionExplorer:
    """Explore one convolution: pick a digit, a kernel (random or preset), edit its weights, ReLU.

    images: (n, H, W) or (n, H, W, 1) numbers, uint8 0..255 (divided by 255) or floats;
    labels: None or (n,) integers, for choosing a digit by class; kernel: 'random' (drawn by
    ``ops.random_filters(1, kernel_size, seed)``) or a name in ``ops.KERNEL_PRESETS``.
    The output is ``ops.conv2d(image, kernel, padding='same')``, then ``ops.relu`` if ticked.
    Returns a ``ConvolutionExplorer``. Introduced in 01_convolution.
    """
    return ConvolutionExplorer(
        images, labels, index=index, kernel=kernel, kernel_size=kernel_size, seed=seed, relu=relu
    )


# --- 2. many filters ---------------------------------------------------------------------------


class FiltersExplorer(Explorer):
    """A stack of random 5 x 5 filters and the feature maps they make of one image.

    Arrays after each update: ``filters`` (n, 5, 5) float32 = ``ops.random_filters(n, 5, seed)``
    and ``maps`` (n, H, W) float32 = ``ops.conv2d(image, filters)``, then ``ops.relu`` if ticked.
    Introduced in 02_multiple_filters.
    """

    def __init__(self, image, *, n_filters, seed, relu, ncols):
        image = _float_images("image", image, stack=False)
        n_filters = _checks.integer("n_filters", n_filters, minimum=1, maximum=MAX_FILTERS)
        seed = _checks.seed("seed", seed)
        ncols = _checks.integer("ncols", ncols, minimum=1, maximum=MAX_FILTERS)
        relu = _checks.boolean("relu", relu)
        super().__init__()
        self.image, self.ncols = image, ncols
        style = {"description_width": "initial"}
        self.n_filters = ipywidgets.IntSlider(
            value=n_filters, min=1, max=MAX_FILTERS, description="filters", style=style
        )
        self.seed = ipywidgets.IntText(
            value=seed, description="seed", layout=ipywidgets.Layout(width="130px"), style=style
        )
        self.relu = ipywidgets.Checkbox(value=relu, description="ReLU", indent=False)
        self.controls = {"n_filters": self.n_filters, "seed": self.seed, "relu": self.relu}
        for control in self.controls.values():
            self._observe(control, self._compute)

        self.input_image = _image_widget(112)
        _set_png(self.input_image, upscale(colorize(image, IMAGE_CMAP), max(1, 112 // max(image.shape))))
        self.filters_image = _image_widget()
        self.maps_image = _image_widget()
        self.filters_caption = ipywidgets.HTML()
        self.maps_caption = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [
                ipywidgets.HBox([self.n_filters, self.seed, self.relu, self.message]),
                ipywidgets.HBox(
                    [
                        ipywidgets.VBox([_caption("input"), self.input_image]),
                        ipywidgets.VBox(
                            [self.filters_caption, self.filters_image],
                            layout=ipywidgets.Layout(margin="0 12px"),
                        ),
                    ]
                ),
                self.maps_caption,
                self.maps_image,
            ]
        )
        self._compute()

    def _compute(self):
        filters = ops.random_filters(self.n_filters.value, 5, self.seed.value)
        maps = ops.conv2d(self.image, filters, padding="same")
        if self.relu.value:
            maps = ops.relu(maps)
        self.filters, self.maps = filters, maps
        count = len(filters)
        filter_tiles = [upscale(colorize(kernel, SIGNED_CMAP, -1, 1), 8) for kernel in filters]
        _set_png(self.filters_image, mosaic(filter_tiles, self.ncols, gap=3))
        map_scale = max(1, 84 // max(self.image.shape))
        map_tiles = [upscale(colorize(feature_map, MAP_CMAP), map_scale) for feature_map in maps]
        _set_png(self.maps_image, mosaic(map_tiles, self.ncols))
        self.filters_caption.value = (
            f"<b>{count} filter{'s' if count > 1 else ''}</b> {filters.shape}, seed {self.seed.value}: "
            "orange -1, white 0, purple +1"
        )
        self.maps_caption.value = (
            f"<b>{count} feature map{'s' if count > 1 else ''}</b> {maps.shape}"
            f"{' after ReLU' if self.relu.value else ''}, in the filters' order, left to right: "
            "each from its own minimum (black) to its maximum (white)"
        )
        self._clear()


def filters_explorer(
    image,
    *,
    n_filters: int = article.CONV1_FILTERS,
    seed: int = article.SEED,
    relu: bool = False,
    ncols: int = 8,
):
    """Explore a stack of random filters: n_filters (1 to 36) and the seed give the feature maps.

    image: (H, W) or (H, W, 1) numbers, uint8 0..255 (divided by 255) or floats. Filters are
    ``ops.random_filters(n_filters, 5, seed)``, maps ``ops.conv2d(image, filters)`` (optionally
    ``ops.relu``), shown ncols to a row. Returns a ``FiltersExplorer``. Introduced in 02_multiple_filters.
    """
    return FiltersExplorer(image, n_filters=n_filters, seed=seed, relu=relu, ncols=ncols)


# --- 3. pooling --------------------------------------------------------------------------------


class PoolingExplorer(Explorer):
    """Feature maps of a shifted digit, before and after max or average pooling.

    Arrays after each update: ``shifted`` (H, W) = ``np.roll`` of the image by (``shift_y``,
    ``shift_x``) pixels, ``maps`` (n, H, W) = ``ops.relu(ops.conv2d(shifted, filters))``,
    ``pooled`` (n, H // p, W // p) = ``ops.pool2d(maps, p, mode)``, and the value counts
    ``count_before`` = ``maps.size``, ``count_after`` = ``pooled.size``. Introduced in 03_max_pool.
    """

    def __init__(self, image, *, filters):
        image = _float_images("image", image, stack=False)
        filters = _checks.real_array("filters", filters, ndims=(3,), shape_text="(n_filters, k, k)")
        super().__init__()
        self.image, self.filters = image, filters
        style = {"description_width": "initial"}
        self.pool_size = ipywidgets.ToggleButtons(
            options=[(f"{size} x {size}", size) for size in POOL_SIZES],
            value=2,
            description="pool",
            style={"button_width": "56px", "description_width": "initial"},
        )
        self.mode = ipywidgets.ToggleButtons(
            options=list(ops.POOL_MODES), value="max", style={"button_width": "70px"}
        )
        self.shift_x = ipywidgets.IntSlider(
            value=0, min=-MAX_SHIFT, max=MAX_SHIFT, description="shift right", style=style
        )
        self.shift_y = ipywidgets.IntSlider(
            value=0, min=-MAX_SHIFT, max=MAX_SHIFT, description="shift down", style=style
        )
        self.map_number = ipywidgets.IntSlider(
            value=1, min=1, max=len(filters), description="map", style=style
        )
        self.controls = {
            "pool_size": self.pool_size,
            "mode": self.mode,
            "shift_x": self.shift_x,
            "shift_y": self.shift_y,
            "map_number": self.map_number,
        }
        for control in self.controls.values():
            self._observe(control, self._compute)
        self.input_image = _image_widget()
        self.before_image = _image_widget()
        self.after_image = _image_widget()
        self.before_caption = ipywidgets.HTML()
        self.after_caption = ipywidgets.HTML()
        self.counts = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [
                ipywidgets.HBox([self.pool_size, self.mode]),
                ipywidgets.HBox([self.shift_x, self.shift_y, self.map_number]),
                ipywidgets.HBox(
                    [
                        ipywidgets.VBox([_caption("input, shifted"), self.input_image]),
                        ipywidgets.VBox(
                            [self.before_caption, self.before_image],
                            layout=ipywidgets.Layout(margin="0 12px"),
                        ),
                        ipywidgets.VBox([self.after_caption, self.after_image]),
                    ]
                ),
                self.counts,
                self.message,
            ]
        )
        self._compute()

    def _compute(self):
        size, mode = self.pool_size.value, self.mode.value
        shifted = np.roll(self.image, (self.shift_y.value, self.shift_x.value), axis=(0, 1))
        maps = ops.relu(ops.conv2d(shifted, self.filters, padding="same"))
        pooled = ops.pool2d(maps, size, mode)
        self.shifted, self.maps, self.pooled = shifted, maps, pooled
        self.count_before, self.count_after = int(maps.size), int(pooled.size)

        height, width = shifted.shape
        scale = max(1, IMAGE_PIXELS // max(height, width))
        _set_png(self.input_image, upscale(colorize(shifted, IMAGE_CMAP), scale))
        number = self.map_number.value
        feature_map, pooled_map = maps[number - 1], pooled[number - 1]
        low, high = float(feature_map.min()), float(feature_map.max())  # one scale for both maps
        before = upscale(colorize(feature_map, MAP_CMAP, low, high), scale)
        step = size * scale
        for line in range(step, pooled_map.shape[0] * step + 1, step):  # the pooling windows
            before[line - 1 : line, : pooled_map.shape[1] * step] = OUTLINE_RGB
        for line in range(step, pooled_map.shape[1] * step + 1, step):
            before[: pooled_map.shape[0] * step, line - 1 : line] = OUTLINE_RGB
        _set_png(self.before_image, before)
        after_scale = max(1, IMAGE_PIXELS // max(pooled_map.shape))
        _set_png(self.after_image, upscale(colorize(pooled_map, MAP_CMAP, low, high), after_scale))

        n_maps = len(maps)
        self.before_caption.value = (
            f"<b>map {number}</b>, {height} x {width}, with the {size} x {size} windows"
        )
        self.after_caption.value = (
            f"<b>after {mode} pooling</b>, {pooled_map.shape[0]} x {pooled_map.shape[1]}"
        )
        dropped = height - pooled_map.shape[0] * size
        dropped_text = (
            f" The last {dropped} row{'s' if dropped > 1 else ''} and column{'s' if dropped > 1 else ''}"
            " do not fill a window and are dropped."
            if dropped
            else ""
        )
        self.counts.value = (
            f"Before pooling: {n_maps} maps &times; {height} &times; {width} = <b>{self.count_before:,}</b>"
            f" values. After {size} x {size} {mode} pooling: {n_maps} &times; {pooled.shape[1]} &times; "
            f"{pooled.shape[2]} = <b>{self.count_after:,}</b> values, "
            f"{self.count_before / self.count_after:.1f} times fewer.{dropped_text}"
        )
        self._clear()


def pooling_explorer(
    image, *, seed: int = article.SEED, n_filters: int = article.CONV1_FILTERS
) -> PoolingExplorer:
    """Explore pooling: pool size 2, 3 or 4, max or average, the digit shifted by -4..4 pixels.

    image: (H, W) or (H, W, 1) numbers, uint8 0..255 (divided by 255) or floats. The maps are
    ``ops.relu(ops.conv2d(shifted, ops.random_filters(n_filters, 5, seed)))`` and the pooled
    maps ``ops.pool2d(maps, pool_size, mode)``. Returns a ``PoolingExplorer``.
    Introduced in 03_max_pool.
    """
    image = _float_images("image", image, stack=False)
    seed = _checks.seed("seed", seed)
    n_filters = _checks.integer("n_filters", n_filters, minimum=1, maximum=MAX_FILTERS)
    return PoolingExplorer(image, filters=ops.random_filters(n_filters, 5, seed))


# --- 4. the trained network --------------------------------------------------------------------


def _feature_layers(model, keras):
    """The model's convolution and pooling layers, in order: the ones whose outputs are maps."""
    kinds = (keras.layers.Conv2D, keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)
    return [layer for layer in model.layers if isinstance(layer, kinds)]


class NetworkExplorer(Explorer):
    """A trained model's filters, its feature maps after a chosen layer, and its ten probabilities.

    Arrays after each update: ``maps`` (channels, h, w) float32, the output of ``layer`` for
    the chosen image; ``filters`` (filters, k, k) float32, the kernel of the chosen (or the
    preceding) convolution layer for input channel ``channel``; ``probabilities`` (classes,)
    float32 = ``model(image)``. Introduced in 06_evaluation.
    """

    def __init__(self, model, images, labels, *, index, layer, keras):
        _checks.instance("keras", keras, types.ModuleType, "the keras module")
        _checks.keras_model("model", model)
        images = _float_images("images", images, stack=True)
        expected = tuple(model.inputs[0].shape[1:])
        if expected[:2] != images.shape[1:] or expected[2:] not in ((1,), ()):
            raise ValueError(
                f"images: expected images of {expected[0]} x {expected[1]} with one channel for this model, "
                f"got shape {images.shape}"
            )
        images = images[..., np.newaxis]
        labels = None if labels is None else _checks.class_labels("labels", labels, count=len(images))
        index = _checks.integer("index", index, minimum=0, maximum=len(images) - 1)
        names = [candidate.name for candidate in _feature_layers(model, keras)]
        if not names:
            raise ValueError("model: expected at least one convolution or pooling layer, found none")
        layer = names[0] if layer is None else _checks.choice("layer", layer, names)
        super().__init__()
        self.model, self.images, self.labels, self._keras = model, images, labels, keras
        self._conv_type = keras.layers.Conv2D
        self._extractors: dict = {}
        style = {"description_width": "initial"}
        self.index = ipywidgets.IntSlider(
            value=index, min=0, max=len(images) - 1, description="image", style=style
        )
        self.layer = ipywidgets.Dropdown(options=names, value=layer, description="layer", style=style)
        self.channel = ipywidgets.IntSlider(value=1, min=1, max=1, description="input channel", style=style)
        self.controls = {"index": self.index, "layer": self.layer, "channel": self.channel}
        self._observe(self.index, self._compute)
        self._observe(self.layer, self._on_layer)
        self._observe(self.channel, self._show_filters)

        self.title = ipywidgets.HTML()
        self.input_image = _image_widget(140)
        self.filters_caption = ipywidgets.HTML()
        self.filters_image = _image_widget()
        self.maps_caption = ipywidgets.HTML()
        self.maps_image = _image_widget()
        self.bars = ipywidgets.HTML()
        self.widget = ipywidgets.VBox(
            [
                ipywidgets.HBox([self.index, self.layer, self.channel]),
                ipywidgets.HBox(
                    [
                        ipywidgets.VBox([self.title, self.input_image]),
                        ipywidgets.VBox(
                            [_caption("class probabilities"), self.bars],
                            layout=ipywidgets.Layout(margin="0 16px"),
                        ),
                        ipywidgets.VBox([self.filters_caption, self.filters_image]),
                    ]
                ),
                self.maps_caption,
                self.maps_image,
                self.message,
            ]
        )
        self._on_layer()

    def _conv_for(self, layer):
        """The chosen layer if it is a convolution, else the last convolution before it."""
        layers = list(self.model.layers)
        for candidate in reversed(layers[: layers.index(layer) + 1]):
            if isinstance(candidate, self._conv_type):
                return candidate
        return None

    def _extractor(self, name):
        if name not in self._extractors:
            layer = self.model.get_layer(name)
            self._extractors[name] = self._keras.Model(inputs=self.model.inputs, outputs=layer.output)
        return self._extractors[name]

    def _on_layer(self):
        conv = self._conv_for(self.model.get_layer(self.layer.value))
        channels = 1 if conv is None else int(conv.get_weights()[0].shape[2])
        with self._hold():
            self.channel.max = channels
            self.channel.value = min(self.channel.value, channels)
            self.channel.disabled = channels == 1
        self._compute()

    def _show_filters(self):
        conv = self._conv_for(self.model.get_layer(self.layer.value))
        if conv is None:
            self.filters = np.zeros((0, 1, 1), dtype=np.float32)
            self.filters_caption.value = "<b>no convolution before this layer</b>"
            self.filters_image.value = b""
            return
        weights = np.asarray(conv.get_weights()[0], dtype=np.float32)  # (k, k, in, out)
        channel = self.channel.value
        self.filters = np.ascontiguousarray(weights[:, :, channel - 1, :].transpose(2, 0, 1))
        limit = signed_limit(weights)
        tiles = [upscale(colorize(kernel, SIGNED_CMAP, -limit, limit), 8) for kernel in self.filters]
        _set_png(self.filters_image, mosaic(tiles, 12, gap=3))
        channel_text = f", input channel {channel} of {weights.shape[2]}" if weights.shape[2] > 1 else ""
        self.filters_caption.value = (
            f"<b>filters of {conv.name}</b>{channel_text}: {len(self.filters)} of "
            f"{weights.shape[0]} x {weights.shape[1]}, orange -{format_number(limit)}, white 0, purple +{format_number(limit)}"
        )

    def _compute(self):
        index, name = self.index.value, self.layer.value
        batch = self.images[index : index + 1]
        maps = self._keras.ops.convert_to_numpy(self._extractor(name)([batch], training=False))[0]
        probabilities = self._keras.ops.convert_to_numpy(self.model(batch, training=False))[0]
        self.maps = np.ascontiguousarray(np.moveaxis(maps, -1, 0)).astype(np.float32)
        self.probabilities = probabilities.astype(np.float32)
        self._show_filters()

        image = batch[0, :, :, 0]
        _set_png(self.input_image, upscale(colorize(image, IMAGE_CMAP), max(1, 140 // max(image.shape))))
        label = "" if self.labels is None else f", label {int(self.labels[index])}"
        self.title.value = f"<b>input</b>: image {index}{label}"
        side = max(self.maps.shape[1:])
        tiles = [upscale(colorize(feature_map, MAP_CMAP), max(1, 56 // side)) for feature_map in self.maps]
        _set_png(self.maps_image, mosaic(tiles, 12, gap=3))
        self.maps_caption.value = (
            f"<b>{len(self.maps)} feature maps after {name}</b>, {self.maps.shape[1]} x {self.maps.shape[2]} each,"
            " each from its own minimum (black) to its maximum (white)"
        )
        self.bars.value = self._bars_html()
        self._clear()

    def _bars_html(self) -> str:
        label = None if self.labels is None else int(self.labels[self.index.value])
        return _probability_bars(self.probabilities, label)

    def _bars_of(self, widget):
        if widget is not self.bars:
            return None
        return self.probabilities, None if self.labels is None else int(self.labels[self.index.value])


def _probability_bars(probabilities, label=None, width: int = 160) -> str:
    """Ten horizontal bars as HTML, the most probable class in bold, the label marked."""
    best = int(np.argmax(probabilities))
    rows = []
    for digit, probability in enumerate(probabilities):
        weight = "bold" if digit == best else "normal"
        note = " &larr; label" if digit == label else ""
        rows.append(
            f'<div style="display:flex;align-items:center;height:18px;font-weight:{weight}">'
            f'<span style="width:16px">{digit}</span>'
            f'<span style="display:inline-block;width:{max(1, round(width * float(probability)))}px;'
            f'height:12px;background:#542788;margin-right:6px"></span>'
            f'<span style="font-size:12px;white-space:nowrap">{100 * float(probability):.1f} %{note}</span></div>'
        )
    return "".join(rows)


def network_explorer(model, images, labels=None, *, index: int = 0, layer: str | None = None):
    """Explore a trained CNN from ``models.build_cnn``: a test digit, a layer, its maps and filters.

    model: a built ``keras.Model`` with 2-D convolution/pooling layers; images: (n, H, W) or
    (n, H, W, 1), uint8 0..255 (divided by 255) or floats, H x W the model's input; labels:
    None or (n,) integers. layer: the name of a layer with (batch, h, w, channels) output,
    default the first. Feature maps come from ``keras.Model(model.inputs, layer.output)``,
    built once per layer; probabilities from ``model(image)``. Returns a ``NetworkExplorer``.
    Introduced in 06_evaluation.
    """
    import keras  # noqa: PLC0415 - importing cnn_lib.widgets must not import TensorFlow

    return NetworkExplorer(model, images, labels, index=index, layer=layer, keras=keras)


# --- 5. several networks on one moved digit ---------------------------------------------------------


class ShiftExplorer(Explorer):
    """One digit moved a pixel at a time, and what each of several trained networks reads.

    Arrays after each update: ``shifted`` (H, W) float32 = ``robustness.shift_images`` of the
    chosen image by (``shift_y``, ``shift_x``) pixels, zeros shifted in; ``probabilities``
    {name: (classes,) float32} = ``model(shifted)`` for each network. The sliders take the arrow
    keys once clicked; the buttons move one pixel, "centre" undoes the shift. Introduced in
    08_beyond_the_article.
    """

    def __init__(self, networks, images, labels, *, index, max_shift):
        networks = _checks.instance("networks", networks, dict, "a dict of name -> Keras model")
        if not networks:
            raise ValueError("networks: expected at least one name -> model")
        for name, model in networks.items():
            _checks.string("networks", name)
            _checks.keras_model(f"networks[{name!r}]", model)
        images = _float_images("images", images, stack=True)
        for name, model in networks.items():
            expected = tuple(model.inputs[0].shape[1:])
            if expected[:2] != images.shape[1:] or expected[2:] not in ((1,), ()):
                raise ValueError(
                    f"images: expected images of {expected[0]} x {expected[1]} with one channel for "
                    f"networks[{name!r}], got shape {images.shape}"
                )
        labels = None if labels is None else _checks.class_labels("labels", labels, count=len(images))
        index = _checks.integer("index", index, minimum=0, maximum=len(images) - 1)
        max_shift = _checks.integer("max_shift", max_shift, minimum=1, maximum=min(images.shape[1:]))
        super().__init__()
        self.networks, self.images, self.labels, self.max_shift = dict(networks), images, labels, max_shift
        style = {"description_width": "initial"}
        self.index = ipywidgets.IntSlider(
            value=index, min=0, max=len(images) - 1, description="image", style=style
        )
        self.shift_x = ipywidgets.IntSlider(
            value=0, min=-max_shift, max=max_shift, description="shift right", style=style
        )
        self.shift_y = ipywidgets.IntSlider(
            value=0, min=-max_shift, max=max_shift, description="shift down", style=style
        )
        self.controls = {"index": self.index, "shift_x": self.shift_x, "shift_y": self.shift_y}
        for widget in self.controls.values():
            self._observe(widget, self._compute)
        self.buttons = {}
        for name, (text, tooltip, dy, dx) in {
            "up": ("\u2191", "move up one pixel", -1, 0),
            "left": ("\u2190", "move left one pixel", 0, -1),
            "centre": ("\u25cb", "back to the centred digit", 0, 0),
            "right": ("\u2192", "move right one pixel", 0, 1),
            "down": ("\u2193", "move down one pixel", 1, 0),
        }.items():
            button = ipywidgets.Button(
                description=text, tooltip=tooltip, layout=ipywidgets.Layout(width="36px")
            )
            button.on_click(lambda _, dy=dy, dx=dx, centre=name == "centre": self.move(dy, dx, centre=centre))
            self.buttons[name] = button
        self.controls.update(self.buttons)

        self.title = ipywidgets.HTML()
        self.input_image = _image_widget(140)
        self.readings = ipywidgets.HTML()
        self.bars = {name: ipywidgets.HTML() for name in self.networks}
        self.widget = ipywidgets.VBox(
            [
                ipywidgets.HBox([self.index, self.shift_x, self.shift_y]),
                ipywidgets.HBox(
                    [
                        ipywidgets.VBox(
                            [
                                self.title,
                                self.input_image,
                                ipywidgets.HBox(
                                    [self.buttons[name] for name in ("left", "up", "centre", "down", "right")]
                                ),
                            ]
                        ),
                        *(
                            ipywidgets.VBox(
                                [_caption(name), self.bars[name]], layout=ipywidgets.Layout(margin="0 16px")
                            )
                            for name in self.networks
                        ),
                    ]
                ),
                self.readings,
                self.message,
            ]
        )
        self._compute()

    def _bars_of(self, widget):
        for name, bars in self.bars.items():
            if widget is bars:
                return self.probabilities[name], None if self.labels is None else int(
                    self.labels[self.index.value]
                )
        return None

    def move(self, dy: int, dx: int, *, centre: bool = False) -> None:
        """Move the digit dy pixels down and dx right (what the buttons do); ``centre`` undoes the shift."""
        dy, dx = (
            _checks.integer("dy", dy, minimum=-1, maximum=1),
            _checks.integer("dx", dx, minimum=-1, maximum=1),
        )
        limit = self.max_shift
        with self._hold():
            self.shift_y.value = 0 if centre else max(-limit, min(limit, self.shift_y.value + dy))
            self.shift_x.value = 0 if centre else max(-limit, min(limit, self.shift_x.value + dx))
        self._safely(self._compute)

    def _compute(self):
        index, dy, dx = self.index.value, self.shift_y.value, self.shift_x.value
        shifted = robustness.shift_images(self.images[index : index + 1], dy, dx)
        batch = shifted[..., np.newaxis]
        import keras  # noqa: PLC0415 - only once a network is asked to read

        self.shifted = shifted[0]
        self.probabilities = {
            name: keras.ops.convert_to_numpy(model(batch, training=False))[0].astype(np.float32)
            for name, model in self.networks.items()
        }
        label = None if self.labels is None else int(self.labels[index])
        _set_png(
            self.input_image,
            upscale(colorize(self.shifted, IMAGE_CMAP), max(1, 140 // max(self.shifted.shape))),
        )
        moved = ", ".join(
            f"{abs(step)} px {word}"
            for step, word in ((dy, "down" if dy > 0 else "up"), (dx, "right" if dx > 0 else "left"))
            if step
        )
        self.title.value = (
            f"<b>input</b>: image {index}{'' if label is None else f', label {label}'}; "
            f"shift {moved or 'none'}"
        )
        for name, probabilities in self.probabilities.items():
            self.bars[name].value = _probability_bars(probabilities, label, width=120)
        readings = "; ".join(
            f"the {html.escape(name)} reads <b>{int(np.argmax(p))}</b> ({100 * float(p.max()):.1f} %)"
            for name, p in self.probabilities.items()
        )
        self.readings.value = readings[0].upper() + readings[1:]
        self._clear()


def shift_explorer(networks, images, labels=None, *, index: int = 0, max_shift: int = NETWORK_MAX_SHIFT):
    """Move a test digit a pixel at a time and watch several trained networks read it.

    networks: {name: built keras.Model} whose input is the images' H x W with one channel, for
    example ``{"CNN": cnn, "MLP": mlp}``; images: (n, H, W) or (n, H, W, 1), uint8 0..255
    (divided by 255) or floats; labels: None or (n,) integers; max_shift: how far each slider
    goes each way, in pixels. The digit is moved with ``robustness.shift_images`` (whole pixels,
    zeros shifted in), as chapter 08's curves and the HTML book's shift control move it. Returns
    a ``ShiftExplorer``. Introduced in 08_beyond_the_article.
    """
    return ShiftExplorer(networks, images, labels, index=index, max_shift=max_shift)
