"""cnn_lib.ops against Keras layers, scipy.signal and hand-computed numbers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from cnn_lib import ops

TOLERANCE = 1e-5


def keras_conv(image, kernels, padding):
    """Keras's Conv2D (no bias, linear) with the given (n, k, k) kernels on one (H, W) image."""
    import keras

    n, kh, kw = kernels.shape
    layer = keras.layers.Conv2D(n, (kh, kw), padding=padding, use_bias=False)
    layer.build((1, *image.shape, 1))
    layer.set_weights([np.transpose(kernels, (1, 2, 0))[:, :, None, :]])
    out = keras.ops.convert_to_numpy(layer(image[None, :, :, None].astype(np.float32)))
    return np.transpose(out[0], (2, 0, 1))


def keras_pool(maps, pool_size, mode="max"):
    import keras

    layer_type = keras.layers.MaxPooling2D if mode == "max" else keras.layers.AveragePooling2D
    layer = layer_type(pool_size)
    out = keras.ops.convert_to_numpy(layer(np.transpose(maps, (1, 2, 0))[None].astype(np.float32)))
    return np.transpose(out[0], (2, 0, 1))


def test_first_output_value_by_hand():
    image = np.arange(16, dtype=np.float32).reshape(4, 4)
    kernel = np.array([[1, 0, -1], [0, 1, 0], [-1, 0, 1]], dtype=np.float32)
    # Top-left 3x3 window [[0,1,2],[4,5,6],[8,9,10]] times the kernel: 0 - 2 + 5 - 8 + 10 = 5
    out = ops.conv2d(image, kernel, padding="valid")
    assert out.shape == (2, 2)
    assert out[0, 0] == 5.0
    # With 'same' padding the first window holds zeros on top and left: 0*1 + ... = 5 - 0 ... by hand:
    # [[0,0,0],[0,0,1],[0,4,5]] * kernel = 0 + 0 - 0 + 0 + 0 + 0 - 0 + 0 + 5 = 5
    assert ops.conv2d(image, kernel)[0, 0] == 5.0
    assert ops.conv2d(image, kernel).shape == (4, 4)


@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("size", [3, 5])
def test_conv2d_equals_scipy_correlate2d(padding, size):
    rng = np.random.default_rng(size)
    image = rng.normal(size=(28, 28)).astype(np.float32)
    kernel = rng.normal(size=(size, size)).astype(np.float32)
    expected = signal.correlate2d(image, kernel, mode=padding, boundary="fill")
    np.testing.assert_allclose(ops.conv2d(image, kernel, padding), expected, atol=TOLERANCE)


@pytest.mark.parametrize("padding", ["same", "valid"])
@pytest.mark.parametrize("size", [3, 4, 5])
def test_conv2d_equals_keras_conv2d_with_many_filters(padding, size):
    rng = np.random.default_rng(100 + size)
    image = rng.uniform(0, 1, size=(28, 28)).astype(np.float32)
    kernels = rng.normal(size=(16, size, size)).astype(np.float32)
    ours = ops.conv2d(image, kernels, padding)
    assert ours.shape == keras_conv(image, kernels, padding).shape
    np.testing.assert_allclose(ours, keras_conv(image, kernels, padding), atol=TOLERANCE)


def test_relu_equals_keras_relu():
    import keras

    values = np.random.default_rng(0).normal(size=(5, 7)).astype(np.float32)
    np.testing.assert_array_equal(
        ops.relu(values), keras.ops.convert_to_numpy(keras.activations.relu(values))
    )
    assert ops.relu(np.array([-2.0, 0.0, 3.5])).tolist() == [0.0, 0.0, 3.5]


def test_max_pool_4x4_to_2x2_by_hand():
    image = np.array([[1, 3, 2, 0], [4, 6, 5, 1], [7, 2, 9, 8], [0, 1, 3, 4]], dtype=np.float32)
    assert ops.max_pool2d(image).tolist() == [[6, 5], [7, 9]]
    assert ops.pool2d(image, 2, "average").tolist() == [[3.5, 2.0], [2.5, 6.0]]


@pytest.mark.parametrize("pool_size", [2, 3, 4])
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pooling_equals_keras(pool_size, mode):
    maps = np.random.default_rng(pool_size).normal(size=(16, 28, 28)).astype(np.float32)
    ours = ops.pool2d(maps, pool_size, mode)
    np.testing.assert_allclose(ours, keras_pool(maps, pool_size, mode), atol=TOLERANCE)
    assert ours.shape == (16, 28 // pool_size, 28 // pool_size)


def test_conv_relu_pool_equals_keras_layer_stack():
    """The article's first block, conv 16x5x5 'same' + ReLU + 2x2 max-pool, in numpy and in Keras."""
    rng = np.random.default_rng(7)
    image = rng.uniform(0, 1, size=(28, 28)).astype(np.float32)
    kernels = ops.random_filters(16, 5, seed=10)
    ours = ops.max_pool2d(ops.relu(ops.conv2d(image, kernels)))
    theirs = keras_pool(np.maximum(keras_conv(image, kernels, "same"), 0), 2)
    assert ours.shape == (16, 14, 14)
    np.testing.assert_allclose(ours, theirs, atol=TOLERANCE)


@settings(max_examples=25, deadline=None)
@given(
    height=st.integers(5, 20),
    width=st.integers(5, 20),
    size=st.sampled_from([1, 2, 3, 5]),
    n_filters=st.integers(1, 4),
    padding=st.sampled_from(["same", "valid"]),
    seed=st.integers(0, 2**16),
)
def test_conv2d_equals_keras_on_random_shapes(height, width, size, n_filters, padding, seed):
    rng = np.random.default_rng(seed)
    image = rng.normal(size=(height, width)).astype(np.float32)
    kernels = rng.normal(size=(n_filters, size, size)).astype(np.float32)
    np.testing.assert_allclose(
        ops.conv2d(image, kernels, padding), keras_conv(image, kernels, padding), atol=1e-4
    )


@settings(max_examples=25, deadline=None)
@given(
    height=st.integers(4, 20),
    width=st.integers(4, 20),
    pool_size=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)
def test_max_pool2d_equals_keras_on_random_shapes(height, width, pool_size, seed):
    maps = np.random.default_rng(seed).normal(size=(2, height, width)).astype(np.float32)
    np.testing.assert_allclose(ops.max_pool2d(maps, pool_size), keras_pool(maps, pool_size), atol=TOLERANCE)


def test_random_filters_are_seeded_and_bounded():
    first, again, other = (
        ops.random_filters(16, 5, seed=10),
        ops.random_filters(16, 5, seed=10),
        ops.random_filters(16, 5, seed=11),
    )
    assert first.shape == (16, 5, 5) and first.dtype == np.float32
    assert np.array_equal(first, again), "the same seed must give the same filters"
    assert not np.array_equal(first, other), "another seed must give other filters"
    assert first.min() >= -1 and first.max() <= 1


def test_presets_are_the_textbook_kernels():
    assert ops.preset_kernel("sobel x").tolist() == [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
    assert ops.preset_kernel("laplacian").sum() == 0
    assert ops.preset_kernel("box blur").sum() == pytest.approx(1)
    image = np.random.default_rng(3).normal(size=(9, 9)).astype(np.float32)
    np.testing.assert_array_equal(ops.conv2d(image, ops.preset_kernel("identity")), image)
