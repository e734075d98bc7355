"""A drawing turned into an MNIST-style 28x28 image: the reference for the draw-a-digit panel.

Introduced in 06_evaluation. The HTML book's draw-a-digit panel (``_static/js/draw-digit.js``)
implements exactly these steps in JavaScript, and ``tests/test_web_cnn.py`` checks that the two
agree. The steps follow the way the MNIST digits were made (LeCun et al.): the NIST digit was
size-normalised to fit a 20x20 box with its aspect ratio kept, then placed in a 28x28 image so
that its centre of mass sits in the middle.

1. **Ink.** The input is a 2-D array of grey levels in [0, 1] (0 = background, 1 = full ink; in
   the page, the drawing canvas's alpha channel divided by 255). Ink is every pixel > 0; an image
   without ink is refused.
2. **Crop** to the bounding box of the ink (rows and columns that hold at least one ink pixel).
3. **Fit 20x20.** The crop of ``h`` rows and ``w`` columns is resized so that its longer side is
   ``FIT`` = 20 pixels and its proportions are kept: with ``m = max(h, w)`` the new size is
   ``round(20 h / m)`` by ``round(20 w / m)`` (halves rounded up, at least 1), computed in
   integers. The resampling is **area averaging** (a box filter): every output pixel is the mean
   of the input over the rectangle of the input it covers, input pixels being constant unit
   squares. Output row ``i`` of ``n_out`` covers input rows ``[i n_in / n_out, (i + 1) n_in / n_out)``,
   and so on for columns; the filter is separable (rows, then columns). It averages every input
   pixel when shrinking a large drawing (no aliasing, thin strokes keep their weight) and repeats
   pixels when enlarging a small one. A crop whose longer side is already 20 is unchanged along it.
4. **Centre.** The centre of mass ``(cy, cx)`` of the fitted image is computed in pixel indices
   (row ``i``, column ``j``; grey levels are the masses). The fitted image is pasted into a 28x28
   field of zeros with its top-left corner at ``(round(14 - cy), round(14 - cx))``, halves rounded
   up, so that its centre of mass lands within half a pixel of pixel (14, 14), where MNIST has it
   (the mean centre of mass of the MNIST test digits is (14.0, 14.0) within 0.01 in these indices).
   When that would push ink out of the frame (a lopsided drawing), the offset is clamped to
   ``0 .. 28 - size``: no ink is ever cut off.
5. **Clip** to [0, 1] and return float32 of shape (28, 28).

A digit from the MNIST test set is already like this; the page feeds those to the network as they
are (the uint8 grey levels divided by 255).
"""

from __future__ import annotations

import math

import numpy as np

from . import _checks

#: Side of the output image, and of the box the ink is fitted into.
SIZE = 28
FIT = 20
#: Near-ties of the centring offset (x.5 up to this much below) round up, so that this module
#: and the page's JavaScript, whose sums differ in the last bits, pick the same pixel.
TIE = 1e-9


def fitted_size(height: int, width: int, fit: int = FIT) -> tuple[int, int]:
    """The size of a ``height`` x ``width`` crop scaled so that its longer side is ``fit`` pixels.

    ``round(fit * side / longer)`` with halves rounded up, and at least 1; exact integer arithmetic.
    """
    height = _checks.integer("height", height)
    width = _checks.integer("width", width)
    fit = _checks.integer("fit", fit)
    longer = max(height, width)
    return tuple(max(1, (2 * fit * side + longer) // (2 * longer)) for side in (height, width))


def area_weights(n_in: int, n_out: int) -> np.ndarray:
    """The (n_out, n_in) matrix of area averaging from ``n_in`` pixels to ``n_out`` pixels.

    Entry ``[i, k]`` is the length of the overlap of input pixel ``[k, k + 1)`` with the span
    ``[i n_in / n_out, (i + 1) n_in / n_out)`` of output pixel ``i``, divided by the span's length;
    each row sums to 1.
    """
    n_in = _checks.integer("n_in", n_in)
    n_out = _checks.integer("n_out", n_out)
    edges = np.arange(n_out + 1) * n_in / n_out
    pixels = np.arange(n_in)
    low = np.maximum(edges[:-1, None], pixels[None, :])
    high = np.minimum(edges[1:, None], pixels[None, :] + 1)
    return np.clip(high - low, 0, None) * (n_out / n_in)


def _check_image(image) -> np.ndarray:
    array = _checks.real_array(
        "image", image, ndims=(2,), shape_text="(height, width) of grey levels in [0, 1]"
    ).astype(np.float64)
    low, high = float(array.min()), float(array.max())
    if low < 0 or high > 1:
        hint = " (divide uint8 grey levels by 255)" if high > 1 else ""
        raise ValueError(f"image: expected grey levels in [0, 1], got {low:g}..{high:g}{hint}")
    if high == 0:
        raise ValueError("image: the drawing is blank (no pixel > 0); draw a digit first")
    return array


def ink_box(image) -> tuple[int, int, int, int]:
    """``(top, bottom, left, right)`` of the pixels > 0, bottom and right exclusive."""
    image = _check_image(image)
    rows = np.flatnonzero((image > 0).any(axis=1))
    cols = np.flatnonzero((image > 0).any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def fit_ink(image, fit: int = FIT) -> np.ndarray:
    """Steps 1-3: the ink cropped and area-averaged so that its longer side is ``fit`` pixels (float64)."""
    fit = _checks.integer("fit", fit)
    image = _check_image(image)
    top, bottom, left, right = ink_box(image)
    crop = image[top:bottom, left:right]
    height, width = fitted_size(*crop.shape, fit=fit)
    return area_weights(crop.shape[0], height) @ crop @ area_weights(crop.shape[1], width).T


def centre_offset(fitted, size: int = SIZE) -> tuple[int, int]:
    """Step 4: the top-left corner in a ``size`` x ``size`` field that centres ``fitted``'s mass."""
    size = _checks.integer("size", size)
    fitted = _checks.real_array("fitted", fitted, ndims=(2,), shape_text="(height, width)").astype(np.float64)
    if fitted.min() < 0 or fitted.sum() <= 0:
        raise ValueError(
            f"fitted: expected grey levels >= 0 with some ink, got {fitted.min():g}..{fitted.max():g}"
        )
    if max(fitted.shape) > size:
        raise ValueError(f"fitted: expected at most {size} x {size} pixels (size), got shape {fitted.shape}")
    total = fitted.sum()
    offsets = []
    for axis, extent in ((1, fitted.shape[0]), (0, fitted.shape[1])):
        centre = float((np.arange(extent) * fitted.sum(axis=axis)).sum() / total)
        offset = math.floor(size // 2 - centre + 0.5 + TIE)
        offsets.append(min(max(offset, 0), size - extent))
    return offsets[0], offsets[1]


def to_mnist(image) -> np.ndarray:
    """Turn a drawing (2-D grey levels in [0, 1], ink > 0) into a float32 (28, 28) MNIST-style image.

    Crop to the ink, area-average to fit 20x20 keeping the proportions, paste into 28x28 with the
    centre of mass in the middle, clip to [0, 1] (see the module's docstring for the exact rules).
    Raises TypeError for non-numeric input and ValueError for a wrong shape, grey levels outside
    [0, 1] or a blank drawing.
    """
    fitted = fit_ink(image)
    top, left = centre_offset(fitted)
    out = np.zeros((SIZE, SIZE), dtype=np.float64)
    out[top : top + fitted.shape[0], left : left + fitted.shape[1]] = fitted
    return np.clip(out, 0, 1).astype(np.float32)
