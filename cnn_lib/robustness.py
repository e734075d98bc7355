"""How far the article's 99 % goes: moved digits, the uncertainty of an accuracy, calibration, occlusion.

For the chapter "Beyond the article". Three groups of helpers, numpy and ``scipy.ndimage`` only:

* **Moved digits.** ``shift_images`` moves a stack of images by whole pixels (``shift_each`` moves
  each image by its own step, ``random_offsets`` draws those steps); ``rotate_images`` and
  ``scale_images`` turn and resize them about the image centre with scipy's bilinear interpolation.
  Pixels that come from outside the image are 0 (MNIST's background).
* **Is a difference real?** ``binomial_interval`` is the Wilson score interval of an accuracy;
  ``mcnemar`` is the exact McNemar test of two networks scored on the same test images.
* **What the network believes.** ``reliability`` and ``expected_calibration_error`` compare the
  softmax's confidence with how often it is right; ``occlusion_map`` measures how much hiding
  each part of a digit lowers the probability of its true class.

Images are stacks ``(n, height, width)`` or ``(n, height, width, 1)`` (``data.preprocess_images``
gives the second, float32 in [0, 1]); rows grow downward and columns to the right, as
``plt.imshow`` draws them. Nothing here imports TensorFlow or Keras.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np
from scipy import ndimage

from . import _checks, article

#: The four unit steps (dy, dx) that ``random_offsets`` chooses from: up, down, left, right.
DIRECTIONS = np.array([[-1, 0], [1, 0], [0, -1], [0, 1]])
#: The most bins ``reliability`` accepts (a typo such as 10**9 is refused before allocating).
MAX_BINS = 1000

_STACK_SHAPES = ((None, None, None), (None, None, None, 1))
_STACK_TEXT = "(n, height, width) or (n, height, width, 1)"


def _stack(images, *, floating: bool = False) -> np.ndarray:
    """A non-empty, finite stack of images; with ``floating``, of a floating-point dtype."""
    return _checks.real_array(
        "images",
        images,
        shapes=_STACK_SHAPES,
        shape_text=_STACK_TEXT,
        dtype=np.floating if floating else None,
        booleans=not floating,
    )


def _shifted(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """The stack moved dy rows down and dx columns right; |dy|, |dx| at most the image's sides."""
    height, width = images.shape[1:3]
    out = np.zeros_like(images)
    out[:, max(dy, 0) : height + min(dy, 0), max(dx, 0) : width + min(dx, 0)] = images[
        :, max(-dy, 0) : height - max(dy, 0), max(-dx, 0) : width - max(dx, 0)
    ]
    return out


def shift_images(images, dy: int, dx: int) -> np.ndarray:
    """Return the images moved ``dy`` pixels down and ``dx`` pixels right (negative: up, left).

    Whole pixels only, so no value changes: the pixels pushed over the edge are lost and the
    vacated ones are 0. Same shape and dtype as ``images``. A step may be as large as the image
    (which leaves it blank), not larger.
    """
    images = _stack(images)
    height, width = images.shape[1:3]
    dy = _checks.integer("dy", dy, minimum=-height, maximum=height)
    dx = _checks.integer("dx", dx, minimum=-width, maximum=width)
    return _shifted(images, dy, dx)


def shift_each(images, offsets) -> np.ndarray:
    """Return each image moved by its own step: image ``i`` by ``offsets[i] = (dy, dx)``.

    offsets: integers of shape (n, 2), one (dy, dx) row per image, as ``shift_images`` takes
    them (``random_offsets`` draws such rows). Same shape and dtype as ``images``.
    """
    images = _stack(images)
    height, width = images.shape[1:3]
    offsets = _checks.real_array(
        "offsets",
        offsets,
        shapes=((len(images), 2),),
        shape_text=f"(n, 2) of (dy, dx) rows, n = {len(images)}",
    )
    if not np.issubdtype(offsets.dtype, np.integer):
        raise TypeError(f"offsets: expected integer (dy, dx) steps, got dtype {offsets.dtype}")
    too_far = (np.abs(offsets) > (height, width)).any(axis=1)
    if too_far.any():
        row = int(np.flatnonzero(too_far)[0])
        raise ValueError(
            f"offsets: expected steps of at most {height} rows and {width} columns, "
            f"got {offsets[row].tolist()} in row {row}"
        )
    out = np.empty_like(images)
    for dy, dx in np.unique(offsets, axis=0):
        chosen = (offsets == (dy, dx)).all(axis=1)
        out[chosen] = _shifted(images[chosen], int(dy), int(dx))
    return out


def random_offsets(count: int, distance: int, seed: int | None = article.SEED) -> np.ndarray:
    """Return int64 (count, 2) steps (dy, dx): ``distance`` pixels up, down, left or right.

    Each row's direction is drawn uniformly from ``DIRECTIONS``; the same seed gives the same
    rows. ``shift_each(images, random_offsets(len(images), 3))`` moves every digit 3 pixels
    in a direction of its own.
    """
    count = _checks.integer("count", count)
    distance = _checks.integer("distance", distance, minimum=0)
    if seed is not None:
        seed = _checks.seed("seed", seed)
    rng = np.random.default_rng(seed)
    return DIRECTIONS[rng.integers(len(DIRECTIONS), size=count)] * distance


def _resampled(images: np.ndarray, transform: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Apply ``transform`` to the (n, height, width) planes; clip to [0, 1] if the input is in it."""
    planes = images.reshape(images.shape[:3])
    planes = planes.astype(np.float64 if planes.dtype == np.float64 else np.float32, copy=False)
    out = transform(planes)
    if images.min() >= 0 and images.max() <= 1:
        out = np.clip(out, 0, 1)
    return out.astype(images.dtype, copy=False).reshape(images.shape)


def rotate_images(images, degrees: float) -> np.ndarray:
    """Return the images turned ``degrees`` counter-clockwise (as ``plt.imshow`` shows them).

    The turn is about the centre of the image, with bilinear interpolation:
    ``scipy.ndimage.rotate(reshape=False, order=1, mode='constant', cval=0)``, so the size stays
    and corners that come from outside are 0. images: a floating-point stack; same shape and
    dtype back, clipped to [0, 1] when the input is in [0, 1].
    """
    images = _stack(images, floating=True)
    degrees = _checks.number("degrees", degrees)
    return _resampled(
        images,
        lambda planes: ndimage.rotate(
            planes, degrees, axes=(1, 2), reshape=False, order=1, mode="constant", cval=0.0
        ),
    )


def scale_images(images, factor: float) -> np.ndarray:
    """Return the images enlarged (``factor`` > 1) or shrunk (< 1) about their centre, same size.

    Output pixel ``o`` takes the input at ``c + (o - c) / factor``, where ``c`` is the centre
    ((height - 1) / 2, (width - 1) / 2), interpolated bilinearly by
    ``scipy.ndimage.affine_transform(order=1, mode='constant', cval=0)``: what is pushed out
    of the frame is cut off, what comes from outside it is 0. There is no smoothing, so a
    factor well below 0.5 can drop thin strokes. images: a floating-point stack; same shape
    and dtype back, clipped to [0, 1] when the input is in [0, 1].
    """
    images = _stack(images, floating=True)
    factor = _checks.number("factor", factor, above=0)
    height, width = images.shape[1:3]
    inverse = np.array([1.0, 1 / factor, 1 / factor])  # the diagonal of output -> input
    centre = np.array([0.0, (height - 1) / 2, (width - 1) / 2])
    return _resampled(
        images,
        lambda planes: ndimage.affine_transform(
            planes, inverse, offset=centre - inverse * centre, order=1, mode="constant", cval=0.0
        ),
    )


def binomial_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval (low, high) of a success rate: ``successes`` out of ``n``.

    With 9,926 test digits right out of 10,000, ``binomial_interval(9926, 10000)`` is the range
    of accuracies that the test set cannot tell apart at this confidence. Wilson's interval,
    unlike the normal approximation p +- z sqrt(p (1 - p) / n), stays inside [0, 1] and keeps
    its coverage near 0 and 1 successes, where a good network's error rate lives.
    """
    n = _checks.integer("n", n)
    successes = _checks.integer("successes", successes, minimum=0, maximum=n)
    confidence = _checks.number("confidence", confidence, above=0, below=1)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    rate = successes / n
    shrink = 1 + z * z / n
    centre = (rate + z * z / (2 * n)) / shrink
    half = z / shrink * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n))
    # The bounds are exactly 0 with no success and 1 with no failure; rounding would leave 1e-17.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def _outcomes(name: str, values, count: int | None = None) -> np.ndarray:
    """A 1-D array of right/wrong per image: booleans, or integers 0 and 1 (``count`` of them)."""
    what = "True/False (or 1/0) per image"
    shape_text = "(n,)" if count is None else f"(n,) with n = {count}"
    array = _checks.real_array(
        name, values, shapes=((None,) if count is None else (count,),), shape_text=shape_text, booleans=True
    )
    if array.dtype != np.bool_:
        if not np.issubdtype(array.dtype, np.integer):
            raise TypeError(f"{name}: expected {what}, got dtype {array.dtype}")
        if not np.isin(array, (0, 1)).all():
            raise ValueError(f"{name}: expected {what}, got values {array.min()}..{array.max()}")
    return array.astype(bool)


def mcnemar(correct_a, correct_b) -> tuple[int, int, float]:
    """Return (only_a, only_b, p_value): the exact McNemar test of two networks on the same images.

    correct_a, correct_b: whether network A and network B got each test image right
    (``predictions == labels``). only_a counts the images A gets right and B wrong, only_b the
    reverse; the images both get right or both wrong say nothing about which is better. If
    the two were equally good, each of the only_a + only_b disagreements would go either way
    with probability 1/2: p_value is the exact two-sided binomial probability of a split at
    least as uneven, ``min(1, 2 P(X <= min(only_a, only_b)))`` for X ~ Binomial(only_a + only_b,
    1/2), computed in whole numbers (1.0 when they never disagree).
    """
    correct_a = _outcomes("correct_a", correct_a)
    correct_b = _outcomes("correct_b", correct_b, count=len(correct_a))
    only_a = int(np.count_nonzero(correct_a & ~correct_b))
    only_b = int(np.count_nonzero(~correct_a & correct_b))
    disagreements = only_a + only_b
    tail, term = 0, 1  # term = comb(disagreements, k)
    for k in range(min(only_a, only_b) + 1):
        tail += term
        term = term * (disagreements - k) // (k + 1)
    return only_a, only_b, min(1.0, 2 * tail / 2**disagreements)


def _predictions(probabilities, labels) -> tuple[np.ndarray, np.ndarray]:
    """Softmax rows (n, classes) and their labels: the confidence and the correctness per image."""
    probabilities = _checks.real_array(
        "probabilities", probabilities, ndims=(2,), shape_text="(n, classes)", dtype=np.floating
    )
    if probabilities.shape[1] < 2:
        raise ValueError(f"probabilities: expected at least 2 classes, got shape {probabilities.shape}")
    if probabilities.min() < 0 or probabilities.max() > 1:
        raise ValueError(
            f"probabilities: expected values in [0, 1], got {probabilities.min()}..{probabilities.max()}"
        )
    sums = probabilities.sum(axis=1, dtype=np.float64)
    worst = int(np.argmax(np.abs(sums - 1)))
    if abs(sums[worst] - 1) > 1e-3:
        raise ValueError(f"probabilities: expected rows that sum to 1, got {sums[worst]:.6g} in row {worst}")
    labels = _checks.class_labels(
        "labels", labels, num_classes=probabilities.shape[1], count=len(probabilities)
    )
    confidence = probabilities.max(axis=1).astype(np.float64)
    correct = np.argmax(probabilities, axis=1) == labels
    return confidence, correct


def reliability(probabilities, labels, bins: int = 10) -> dict[str, np.ndarray]:
    """Return the reliability table: per confidence bin, how confident the network was and how right.

    probabilities: the softmax rows (n, classes), e.g. ``model.predict(x_test)``; labels: the
    true classes (n,). An image's confidence is its largest probability, and it is right when
    that class is its label. The bins split [0, 1] into ``bins`` equal parts, bin ``i`` holding
    the confidences in (low[i], high[i]] (a confidence of 0 goes to the first). Returns a dict
    of 1-D arrays, one entry per bin (``pd.DataFrame(table)`` shows it): ``low``, ``high``,
    ``count`` (int64), ``confidence`` (mean confidence) and ``accuracy`` (share right); the
    last two are NaN in an empty bin. A calibrated network has accuracy = confidence in each.
    """
    confidence, correct = _predictions(probabilities, labels)
    bins = _checks.integer("bins", bins, maximum=MAX_BINS)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    count = np.bincount(index, minlength=bins)
    filled = count > 0

    def mean(weights):
        total = np.bincount(index, weights=weights, minlength=bins)
        return np.divide(total, count, out=np.full(bins, np.nan), where=filled)

    return {
        "low": edges[:-1],
        "high": edges[1:],
        "count": count.astype(np.int64),
        "confidence": mean(confidence),
        "accuracy": mean(correct.astype(np.float64)),
    }


def expected_calibration_error(probabilities, labels, bins: int = 10) -> float:
    """Return the ECE: the mean gap |accuracy - confidence| of the ``reliability`` bins, weighted by count.

    0 for a network whose confidence is its accuracy in every bin; 0.5 for one that is always
    100 % sure and right half the time. Guo et al. (2017), "On calibration of modern neural networks".
    """
    table = reliability(probabilities, labels, bins)
    filled = table["count"] > 0
    gaps = np.abs(table["accuracy"][filled] - table["confidence"][filled])
    return float(np.sum(table["count"][filled] * gaps) / np.sum(table["count"]))


def _probabilities_of(predict: Callable, batch: np.ndarray) -> np.ndarray:
    """Call ``predict`` on a (k, height, width, 1) batch and check what comes back."""
    return _checks.real_array(
        "predict",
        predict(batch),
        shapes=((len(batch), article.NUM_CLASSES),),
        shape_text=f"(k, {article.NUM_CLASSES}) of probabilities for k = {len(batch)} images",
    )


def occlusion_map(
    predict: Callable[[np.ndarray], np.ndarray],
    image,
    label: int,
    *,
    patch: int = 4,
    stride: int = 2,
    fill: float = 0.0,
    batch_size: int = 256,
) -> np.ndarray:
    """Return how much hiding each square of the image lowers the probability of class ``label``.

    A ``patch`` x ``patch`` square of value ``fill`` (0: MNIST's background) slides over the
    image ``stride`` pixels at a time, its top-left corner at every (i * stride, j * stride)
    that keeps it inside (as a 'valid' convolution: rows or columns left over at the bottom
    and right are never its top-left corner). ``predict`` takes float32 batches
    (k, height, width, 1), at most ``batch_size`` images, and returns probabilities (k, 10):
    ``lambda x: model.predict(x, verbose=0)``. Returns float64 (rows, columns): entry [i, j]
    is the probability of ``label`` for the whole image minus that with the square at
    (i * stride, j * stride) hidden; positive where hiding the square hurts (Zeiler and Fergus, 2014).
    """
    if not callable(predict):
        raise TypeError(
            "predict: expected a function from images (k, height, width, 1) to probabilities "
            f"(k, {article.NUM_CLASSES}), got {type(predict).__name__}"
        )
    image = _checks.real_array(
        "image",
        image,
        shapes=((None, None), (None, None, 1)),
        shape_text="(height, width) or (height, width, 1)",
    )
    label = _checks.integer("label", label, minimum=0, maximum=article.NUM_CLASSES - 1)
    height, width = image.shape[:2]
    patch = _checks.integer("patch", patch, maximum=min(height, width))
    stride = _checks.integer("stride", stride)
    fill = _checks.number("fill", fill)
    batch_size = _checks.integer("batch_size", batch_size)
    plane = image.reshape(height, width).astype(np.float32)
    tops = range(0, height - patch + 1, stride)
    lefts = range(0, width - patch + 1, stride)
    corners = [(top, left) for top in tops for left in lefts]
    whole = float(_probabilities_of(predict, plane[None, :, :, None])[0, label])
    drops = np.empty(len(corners))
    for start in range(0, len(corners), batch_size):
        chunk = corners[start : start + batch_size]
        batch = np.repeat(plane[None, :, :, None], len(chunk), axis=0)
        for k, (top, left) in enumerate(chunk):
            batch[k, top : top + patch, left : left + patch] = fill
        drops[start : start + len(chunk)] = whole - _probabilities_of(predict, batch)[:, label]
    return drops.reshape(len(tops), len(lefts))
