"""Pictures from numpy arrays: the book's colour maps, and PNG drawing without matplotlib figures.

The explorers of ``cnn_lib.widgets`` draw with these (an update takes milliseconds), and
``cnn_lib.plots`` and ``cnn_lib.web`` take their colour maps from here. Colour maps are readable
by colour-blind readers: grey for images and feature maps, PuOr centred on 0 for signed weights
(matplotlib draws PuOr orange at its low end, white in the middle and purple at its high end,
so a negative weight is orange and a positive one purple), cividis for counts. Needs numpy and
matplotlib's colour maps only: no pyplot, no ipywidgets.
"""

from __future__ import annotations

import math
import struct
import zlib

import matplotlib
import numpy as np

from . import _checks

IMAGE_CMAP = "binary"  # input digits: ink dark on white paper
MAP_CMAP = "gray"  # feature maps: each scaled from its own minimum (black) to maximum (white)
SIGNED_CMAP = "PuOr"  # weights: orange negative, white 0, purple positive (as matplotlib draws PuOr)
COUNT_CMAP = "cividis"  # counts: the confusion matrix
OUTLINE_RGB = (230, 97, 1)  # the orange end of PuOr: the window and pixel being computed
MAX_UPSCALED_SIDE = 4096  # upscale's largest output side: 4096 x 4096 x 3 bytes = 48 MiB


def _rgb(name, rgb, dtype=None):
    return _checks.real_array(name, rgb, shapes=((None, None, 3),), shape_text="(H, W, 3)", dtype=dtype)


def encode_png(rgb) -> bytes:
    """Encode a uint8 (H, W, 3) RGB array as PNG bytes (8-bit truecolour, zlib, no filter)."""
    rgb = _rgb("rgb", rgb, np.uint8)
    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row starts with filter type 0
    rows[:, 1:] = rgb.reshape(height, -1)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


def colorize(array, cmap: str, vmin: float | None = None, vmax: float | None = None) -> np.ndarray:
    """Map a 2-D float array to uint8 (H, W, 3) RGB through a matplotlib colour map.

    vmin/vmax default to the array's minimum and maximum; values outside are clipped. A
    constant array gets the colour map's middle colour, never a division by zero.
    """
    array = _checks.real_array("array", array, ndims=(2,), shape_text="(H, W)", booleans=True).astype(
        np.float64
    )
    cmap = _checks.colormap("cmap", cmap)
    low = float(array.min()) if vmin is None else _checks.number("vmin", vmin)
    high = float(array.max()) if vmax is None else _checks.number("vmax", vmax)
    if high <= low:
        low, high = low - 0.5, low + 0.5
    scaled = np.clip((array - low) / (high - low), 0.0, 1.0)
    return matplotlib.colormaps[cmap](scaled, bytes=True)[..., :3]


def upscale(rgb, scale: int) -> np.ndarray:
    """Repeat each pixel of an (H, W, 3) array into a scale x scale block: (H * scale, W * scale, 3).

    The result may be at most ``MAX_UPSCALED_SIDE`` pixels a side.
    """
    rgb = _rgb("rgb", rgb)
    largest = max(1, MAX_UPSCALED_SIDE // max(rgb.shape[:2]))
    scale = _checks.integer("scale", scale, minimum=1, maximum=largest)
    return np.repeat(np.repeat(rgb, scale, axis=0), scale, axis=1)


def outline(rgb, top: int, left: int, bottom: int, right: int, width: int = 2) -> np.ndarray:
    """Draw a rectangle's border in ``OUTLINE_RGB``, in place, on a uint8 (H, W, 3) array; return it.

    The rectangle covers rows top..bottom-1 and columns left..right-1; its border is ``width`` pixels.
    """
    if not isinstance(rgb, np.ndarray):
        raise TypeError(
            f"rgb: expected a uint8 numpy array of shape (H, W, 3) to draw on, got {type(rgb).__name__}"
        )
    _rgb("rgb", rgb, np.uint8)
    top, left = _checks.integer("top", top, minimum=0), _checks.integer("left", left, minimum=0)
    bottom = _checks.integer("bottom", bottom, minimum=top + 1)
    right = _checks.integer("right", right, minimum=left + 1)
    width = _checks.integer("width", width)
    rgb[top : top + width, left:right] = OUTLINE_RGB
    rgb[bottom - width : bottom, left:right] = OUTLINE_RGB
    rgb[top:bottom, left : left + width] = OUTLINE_RGB
    rgb[top:bottom, right - width : right] = OUTLINE_RGB
    return rgb


def mosaic(tiles, ncols: int, gap: int = 4) -> np.ndarray:
    """Lay equal-sized uint8 (h, w, 3) tiles in rows of ncols on white, gap pixels apart."""
    tiles = _checks.items("tiles", tiles, np.ndarray, "uint8 (h, w, 3) arrays")
    shape = _checks.real_array(
        "tiles[0]", tiles[0], shapes=((None, None, 3),), shape_text="(h, w, 3)", dtype=np.uint8
    ).shape
    for number, tile in enumerate(tiles[1:], start=1):
        _checks.real_array(
            f"tiles[{number}]", tile, shapes=(shape,), shape_text=f"{shape} like tiles[0]", dtype=np.uint8
        )
    ncols = _checks.integer("ncols", ncols)
    gap = _checks.integer("gap", gap, minimum=0)
    count = len(tiles)
    ncols = max(1, min(ncols, count))
    nrows = math.ceil(count / ncols)
    height, width, _ = tiles[0].shape
    canvas = np.full((nrows * (height + gap) - gap, ncols * (width + gap) - gap, 3), 255, dtype=np.uint8)
    for number, tile in enumerate(tiles):
        row, col = divmod(number, ncols)
        top, left = row * (height + gap), col * (width + gap)
        canvas[top : top + height, left : left + width] = tile
    return canvas


def format_number(value: float, decimals: int = 2) -> str:
    """Round for reading, with at most ``decimals`` decimals: 1.0 -> '1', 0.329 -> '0.33', and a
    value that rounds to zero, such as -0.001, -> '0' (never '-0')."""
    value = _checks.number("value", value)
    decimals = _checks.integer("decimals", decimals, minimum=0, maximum=20)
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signed_limit(values) -> float:
    """The largest magnitude in ``values`` (1.0 when they are all 0): the ends -limit, +limit of a
    signed colour scale centred on 0."""
    values = _checks.real_array("values", values)
    return float(np.abs(values).max()) or 1.0


def relative_luminance(rgb) -> np.ndarray:
    """WCAG 2's relative luminance of 0-255 sRGB colours (..., 3) -> (...), from 0 (black) to 1 (white)."""
    channels = _checks.real_array(
        "rgb", rgb, shapes=((3,), (None, 3), (None, None, 3)), shape_text="(..., 3)"
    )
    if channels.min() < 0 or channels.max() > 255:
        raise ValueError(f"rgb: expected values from 0 to 255, got {channels.min()} to {channels.max()}")
    channels = channels.astype(np.float64) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(first, second) -> np.ndarray:
    """WCAG 2's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = relative_luminance(first), relative_luminance(second)
    light, dark = np.maximum(light, dark), np.minimum(light, dark)
    return (light + 0.05) / (dark + 0.05)


def ink_on(rgb) -> str:
    """ "black" or "white": the text colour that reads better on the 0-255 background ``rgb`` (3,)."""
    return "white" if contrast_ratio(rgb, (255, 255, 255)) > contrast_ratio(rgb, (0, 0, 0)) else "black"


def kernel_table(kernel, limit: float | None = None) -> str:
    """An HTML heat map of a (k, k) kernel: PuOr from -limit to +limit (default: the largest
    magnitude), each weight written in its cell, in black or white, whichever contrasts more."""
    kernel = _checks.real_array("kernel", kernel, ndims=(2,), shape_text="(k, k)").astype(np.float64)
    limit = signed_limit(kernel) if limit is None else _checks.number("limit", limit, above=0)
    colours = colorize(kernel, SIGNED_CMAP, -limit, limit)
    cells = []
    for row in range(kernel.shape[0]):
        tds = []
        for col in range(kernel.shape[1]):
            red, green, blue = (int(channel) for channel in colours[row, col])
            ink = ink_on((red, green, blue))
            tds.append(
                f'<td style="background:rgb({red},{green},{blue});color:{ink};width:44px;height:34px;'
                f'text-align:center;border:1px solid #ccc;font-size:12px">{format_number(kernel[row, col])}</td>'
            )
        cells.append("<tr>" + "".join(tds) + "</tr>")
    return '<table style="border-collapse:collapse;margin:0">' + "".join(cells) + "</table>"
