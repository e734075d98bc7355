"""The convolution, ReLU and pooling of a CNN, written in numpy to be read.

Introduced in 01_convolution (``conv2d``, ``relu``, ``random_filters``, ``KERNEL_PRESETS``)
and 03_max_pool (``max_pool2d``, ``pool2d``). Each equals the Keras layer it teaches:
``conv2d`` is ``keras.layers.Conv2D`` (a cross-correlation, like every deep-learning
"convolution") and ``max_pool2d`` is ``keras.layers.MaxPooling2D``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _checks, article

#: Classic 3x3 kernels, named as image-processing books name them.
KERNEL_PRESETS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float32),
    "box blur": np.full((3, 3), 1 / 9, dtype=np.float32),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32),
    "sobel x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32),
    "sobel y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float32),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float32),
    "edge": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float32),
}

PADDINGS = ("same", "valid")
POOL_MODES = ("max", "average")


def relu(x):
    """Return max(x, 0) elementwise, same shape and dtype (the activation of the article's layers).

    Introduced in 01_convolution.
    """
    array = _checks.real_array("x", x, empty=True)
    return np.maximum(array, 0).astype(array.dtype, copy=False)


def same_padding(kernel_size: int) -> tuple[int, int]:
    """Return (before, after) zero rows for 'same' padding, as TensorFlow splits an odd total."""
    kernel_size = _checks.integer("kernel_size", kernel_size)
    total = kernel_size - 1
    return total // 2, total - total // 2


def conv2d(image, kernels, padding: str = "same") -> np.ndarray:
    """Slide each kernel over a 2-D image, multiply and sum: the cross-correlation of Conv2D.

    image: (H, W). kernels: one (kh, kw) kernel or a stack (n, kh, kw).
    padding: 'same' (zeros around the image, output H x W) or 'valid' (no padding,
    output (H - kh + 1) x (W - kw + 1)). Returns float32 (H', W') for one kernel or
    (n, H', W') for a stack. No bias and no activation: add them yourself.

    Introduced in 01_convolution.
    """
    image = _checks.real_array("image", image, ndims=(2,), shape_text="(height, width)", booleans=True)
    kernels = _checks.real_array(
        "kernels", kernels, ndims=(2, 3), shape_text="(kh, kw) or (n_filters, kh, kw)", booleans=True
    )
    padding = _checks.choice("padding", padding, PADDINGS)
    single = kernels.ndim == 2
    stack = kernels[None] if single else kernels
    kh, kw = stack.shape[1:]
    height, width = image.shape
    if padding == "valid" and (kh > height or kw > width):
        raise ValueError(
            f"kernels: a {kh}x{kw} kernel does not fit in a {height}x{width} image with padding='valid'"
        )
    image = image.astype(np.float32)
    if padding == "same":
        image = np.pad(image, (same_padding(kh), same_padding(kw)))
    windows = sliding_window_view(image, (kh, kw))  # (H', W', kh, kw)
    out = np.einsum("ijkl,nkl->nij", windows, stack.astype(np.float32), optimize=True)
    out = out.astype(np.float32, copy=False)
    return out[0] if single else out


def pool2d(image, pool_size: int = 2, mode: str = "max") -> np.ndarray:
    """Downsample an (H, W) or (C, H, W) array by the max or mean of each pool_size window.

    Non-overlapping windows (stride = pool_size); rows and columns that do not fill a
    whole window are dropped, as Keras's MaxPooling2D/AveragePooling2D with padding
    'valid' do. Returns float32 (H // p, W // p) or (C, H // p, W // p).

    Introduced in 03_max_pool.
    """
    image = _checks.real_array(
        "image", image, ndims=(2, 3), shape_text="(H, W) or (channels, H, W)", booleans=True
    )
    pool_size = _checks.integer("pool_size", pool_size)
    mode = _checks.choice("mode", mode, POOL_MODES)
    height, width = image.shape[-2:]
    if pool_size > min(height, width):
        raise ValueError(
            f"pool_size: expected at most the image's smaller side {min(height, width)}, got {pool_size}"
        )
    rows, cols = height // pool_size, width // pool_size
    cropped = image[..., : rows * pool_size, : cols * pool_size].astype(np.float32)
    blocks = cropped.reshape(*image.shape[:-2], rows, pool_size, cols, pool_size)
    reduce = np.max if mode == "max" else np.mean
    return reduce(blocks, axis=(-3, -1)).astype(np.float32)


def max_pool2d(image, pool_size: int = 2) -> np.ndarray:
    """Downsample an (H, W) or (C, H, W) array by the max of each pool_size window.

    Introduced in 03_max_pool.
    """
    return pool2d(image, pool_size, mode="max")


def random_filters(
    n_filters: int = article.CONV1_FILTERS, size: int = article.KERNEL_SIZE, seed: int | None = article.SEED
) -> np.ndarray:
    """Return float32 (n_filters, size, size) weights drawn uniformly from [-1, 1].

    The same seed gives the same filters. Introduced in 01_convolution.
    """
    n_filters = _checks.integer("n_filters", n_filters)
    size = _checks.integer("size", size)
    if seed is not None:
        seed = _checks.seed("seed", seed)
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, size=(n_filters, size, size)).astype(np.float32)


def preset_kernel(name: str) -> np.ndarray:
    """Return a copy of the named 3x3 kernel from ``KERNEL_PRESETS``."""
    name = _checks.choice("name", name, sorted(KERNEL_PRESETS))
    return KERNEL_PRESETS[name].copy()
