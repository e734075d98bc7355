"""Every public function of cnn_lib refuses bad input with an error that names the argument.

The one home of the bad-input cases. Each case is (target, call, exception type, pattern): the
pattern starts with the argument's name and says what was expected, so a reader of the message
knows what to fix. ``test_every_public_function_has_a_bad_input_case`` lists the package itself
(every module, every function and class it defines), so a new function cannot be forgotten.
"""

import functools
import importlib
import inspect
import math
import pkgutil
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cnn_lib
from cnn_lib import (
    _checks,
    data,
    digitize,
    environment,
    evaluation,
    models,
    ops,
    plots,
    raster,
    report,
    robustness,
    runs,
    speed,
    training,
    web,
    widgets,
)

ROOT = Path(__file__).resolve().parents[1]
IMAGE = np.zeros((6, 6), np.float32)
NAN_IMAGE = np.full((6, 6), np.nan, np.float32)
INF_IMAGE = np.full((6, 6), np.inf, np.float32)
KERNEL = np.ones((3, 3), np.float32)
LABELS = np.array([5, 0, 4, 1])
BATCH = np.zeros((4, 28, 28, 1), np.float32)
ONE_HOT = np.eye(10, dtype=np.float32)[LABELS]
MATRIX = evaluation.confusion_matrix(LABELS, LABELS)
STACK, DIGIT = np.zeros((2, 28, 28)), np.zeros((28, 28))
DRAWING = np.zeros((28, 28))
DRAWING[10:18, 12:15] = 1.0
RGB = np.zeros((2, 3, 3), np.uint8)
HISTORY = {"loss": [1.0], "val_loss": [1.0]}
SEED_MAX = 2**32 - 1
MODEL = "model: expected a Keras model"
NAN_STACK = np.full((2, 28, 28), np.nan)
NOT_ONE = np.full((4, 10), 0.05)  # rows that sum to 0.5
NAN_PROBABILITIES = ONE_HOT.copy()
NAN_PROBABILITIES[0, 0] = np.nan
NO_ARGUMENTS = "takes 0 positional arguments but 1 was given"


def speed_run(**changes):
    fields = dict(
        name="run",
        batch_size=300,
        precision="float32",
        jit_compile=False,
        images=1200,
        steps=4,
        first_step=1.0,
        step=0.1,
        step_q1=0.09,
        step_q3=0.12,
        validation=None,
        test_accuracy=0.9,
    )
    return speed.SpeedRun(**{**fields, **changes})


RUN = speed_run()


def trained_run(**changes):
    fields = dict(
        model=FixedModel(), history={}, key="0123456789abcdef", path=Path("."), meta={}, trained_now=True
    )
    return runs.TrainedRun(**{**fields, **changes})


class SavingModel:
    """Stands in for a Keras model that save_run can save."""

    def save(self, path):
        raise AssertionError("a refused run must not be saved")


class FixedModel:
    """Stands in for a Keras model: predict gives class 0 for every image."""

    def predict(self, images, batch_size, verbose):
        return np.eye(10)[np.zeros(len(images), int)]


def nan_batch():
    batch = BATCH.copy()
    batch[0, 0, 0, 0] = np.nan
    return batch


@functools.cache
def cnn():
    return models.build_cnn()


def keras_module():
    import keras

    return keras


# (target, call, error, pattern)
BAD_INPUTS = [
    # --- data
    (
        data.sha256_of_array,
        lambda: data.sha256_of_array(None),
        TypeError,
        "array: expected a real numeric array",
    ),
    (
        data.sha256_of_array,
        lambda: data.sha256_of_array("abc"),
        TypeError,
        "array: expected a real numeric array",
    ),
    (data.sha256_of_array, lambda: data.sha256_of_array([[1], [1, 2]]), ValueError, "array: .*ragged"),
    (
        data.verify_mnist,
        lambda: data.verify_mnist(np.zeros((5, 28, 28), np.uint8), 0, 0, 0),
        ValueError,
        r"x_train from the data: expected uint8 of shape \(60000, 28, 28\)",
    ),
    (
        data.verify_mnist,
        lambda: data.verify_mnist(np.zeros((60000, 28, 28), np.float32), 0, 0, 0),
        ValueError,
        "x_train from the data: expected uint8",
    ),
    (
        data.verify_mnist,
        lambda: data.verify_mnist(np.zeros((60000, 28, 28), np.uint8), 0, 0, 0),
        ValueError,
        "x_train from the data: SHA-256 .* is not MNIST's",
    ),
    (
        data.verify_mnist,
        lambda: data.verify_mnist(None, 0, 0, 0),
        ValueError,
        "x_train from the data: expected",
    ),
    (data.verify_mnist, lambda: data.verify_mnist(0, 0, 0, 0, source=None), TypeError, "source: expected a"),
    (data.keras_cache_path, lambda: data.keras_cache_path("x"), TypeError, NO_ARGUMENTS),
    (data.mirror_path, lambda: data.mirror_path("x"), TypeError, NO_ARGUMENTS),
    (
        data.load_mirror,
        lambda: data.load_mirror(3),
        TypeError,
        r"path: expected a path \(str or pathlib.Path\)",
    ),
    (data.load_mirror, lambda: data.load_mirror(""), ValueError, "path: expected a path"),
    (data.load_mnist, lambda: data.load_mnist(3), TypeError, "path: expected a path .*got int 3"),
    (data.load_mnist, lambda: data.load_mnist(""), ValueError, "path: expected a path"),
    (
        data.load_mnist_with_source,
        lambda: data.load_mnist_with_source(1.5),
        TypeError,
        "path: expected a path",
    ),
    (
        data.preprocess_images,
        lambda: data.preprocess_images(np.zeros((28, 28), np.uint8)),
        ValueError,
        r"images: expected shape \(n, height, width\), got shape \(28, 28\)",
    ),
    (
        data.preprocess_images,
        lambda: data.preprocess_images(np.zeros((1, 28, 28, 1), np.uint8)),
        ValueError,
        "images: expected shape",
    ),
    (
        data.preprocess_images,
        lambda: data.preprocess_images(np.zeros((1, 28, 28), np.float32)),
        TypeError,
        "images: expected dtype uint8, got dtype float32",
    ),
    (
        data.preprocess_images,
        lambda: data.preprocess_images(np.zeros((0, 28, 28), np.uint8)),
        ValueError,
        r"images: expected a non-empty array, got shape \(0, 28, 28\)",
    ),
    (
        data.preprocess_images,
        lambda: data.preprocess_images([["a"]]),
        TypeError,
        "images: expected a real numeric",
    ),
    (
        data.preprocess_images,
        lambda: data.preprocess_images(None),
        TypeError,
        "images: expected a real numeric",
    ),
    (data.one_hot, lambda: data.one_hot(np.zeros((2, 2), int)), ValueError, "labels: expected a 1-D array"),
    (
        data.one_hot,
        lambda: data.one_hot(np.array([0.0, 1.0])),
        TypeError,
        "labels: expected integer class numbers",
    ),
    (
        data.one_hot,
        lambda: data.one_hot(np.array([-1, 3])),
        ValueError,
        r"labels: expected class numbers in 0..9, got -1..3",
    ),
    (
        data.one_hot,
        lambda: data.one_hot(np.array([0, 10])),
        ValueError,
        r"labels: expected class numbers in 0..9",
    ),
    (data.one_hot, lambda: data.one_hot(np.array([True, False])), TypeError, "labels: expected integer"),
    (data.one_hot, lambda: data.one_hot(None), TypeError, "labels: expected a 1-D array"),
    (
        data.one_hot,
        lambda: data.one_hot(LABELS, num_classes=0),
        ValueError,
        "num_classes: expected an integer >= 1",
    ),
    (
        data.one_hot,
        lambda: data.one_hot(LABELS, num_classes=2.5),
        TypeError,
        "num_classes: expected an integer",
    ),
    # --- digitize
    (
        digitize.fitted_size,
        lambda: digitize.fitted_size(0, 5),
        ValueError,
        "height: expected an integer >= 1",
    ),
    (
        digitize.fitted_size,
        lambda: digitize.fitted_size(5, "5"),
        TypeError,
        "width: expected an integer, got str",
    ),
    (
        digitize.fitted_size,
        lambda: digitize.fitted_size(5, 5, fit=-1),
        ValueError,
        "fit: expected an integer >= 1",
    ),
    (
        digitize.area_weights,
        lambda: digitize.area_weights(0, 20),
        ValueError,
        "n_in: expected an integer >= 1",
    ),
    (digitize.area_weights, lambda: digitize.area_weights(28, None), TypeError, "n_out: expected an integer"),
    (digitize.area_weights, lambda: digitize.area_weights(28, 2.5), TypeError, "n_out: expected an integer"),
    (digitize.ink_box, lambda: digitize.ink_box(np.zeros((5, 5))), ValueError, "image: the drawing is blank"),
    (digitize.ink_box, lambda: digitize.ink_box(None), TypeError, "image: expected a real numeric array"),
    (
        digitize.fit_ink,
        lambda: digitize.fit_ink(np.ones((3, 3)), fit=2.5),
        TypeError,
        "fit: expected an integer",
    ),
    (
        digitize.fit_ink,
        lambda: digitize.fit_ink(np.ones((3, 3)), fit=0),
        ValueError,
        "fit: expected an integer >= 1",
    ),
    (
        digitize.fit_ink,
        lambda: digitize.fit_ink(np.ones(3)),
        ValueError,
        r"image: expected shape \(height, width\)",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(None),
        TypeError,
        "fitted: expected a real numeric",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(np.zeros(5)),
        ValueError,
        r"fitted: expected shape \(height, width\)",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(np.zeros((3, 3))),
        ValueError,
        "fitted: .*some ink",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(-np.ones((3, 3))),
        ValueError,
        "fitted: expected grey",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(NAN_IMAGE),
        ValueError,
        "fitted: expected finite",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(np.ones((30, 3))),
        ValueError,
        "fitted: expected at most",
    ),
    (
        digitize.centre_offset,
        lambda: digitize.centre_offset(np.ones((3, 3)), size=0),
        ValueError,
        "size: expected",
    ),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.ones(10)),
        ValueError,
        r"image: expected shape \(height, w",
    ),
    (digitize.to_mnist, lambda: digitize.to_mnist(np.ones((28, 28, 1))), ValueError, "image: expected shape"),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.zeros((0, 5))),
        ValueError,
        "image: expected a non-empty",
    ),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.zeros((28, 28))),
        ValueError,
        "image: the drawing is blank",
    ),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.full((4, 4), 255, dtype=np.uint8)),
        ValueError,
        re.escape("image: expected grey levels in [0, 1], got 255..255 (divide uint8 grey levels by 255)"),
    ),
    (digitize.to_mnist, lambda: digitize.to_mnist(np.full((4, 4), -0.5)), ValueError, r"image: .*\[0, 1\]"),
    (digitize.to_mnist, lambda: digitize.to_mnist(np.array([[0.5, np.nan]])), ValueError, "image: .*got NaN"),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.array([[0.5, np.inf]])),
        ValueError,
        "image: .*infinity",
    ),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.ones((4, 4), bool)),
        TypeError,
        "image: .*got dtype bool",
    ),
    (
        digitize.to_mnist,
        lambda: digitize.to_mnist(np.array([["a", "b"]])),
        TypeError,
        "image: expected a real",
    ),
    (digitize.to_mnist, lambda: digitize.to_mnist("drawing"), TypeError, "image: expected a real .* got str"),
    (digitize.to_mnist, lambda: digitize.to_mnist(None), TypeError, "image: expected a real .* got NoneType"),
    (digitize.to_mnist, lambda: digitize.to_mnist([[0.5, 1.0], [0.5]]), ValueError, "image: .*ragged"),
    # --- environment
    (environment.in_kernel, lambda: environment.in_kernel({}), TypeError, NO_ARGUMENTS),
    (environment.main, lambda: environment.main([]), TypeError, NO_ARGUMENTS),
    (environment.apply, lambda: environment.apply({}, True), TypeError, "positional argument"),
    (
        environment.apply,
        lambda: environment.apply(3),
        TypeError,
        "environ: expected a mutable mapping of variables such as os.environ, got int",
    ),
    (
        environment.apply,
        lambda: environment.apply({}, override=1),
        TypeError,
        "override: expected True or False",
    ),
    # --- evaluation
    (
        evaluation.predict_classes,
        lambda: evaluation.predict_classes(FixedModel(), BATCH[..., 0]),
        ValueError,
        r"images: expected shape \(n, 28, 28, 1\)",
    ),
    (
        evaluation.predict_classes,
        lambda: evaluation.predict_classes(FixedModel(), BATCH[:0]),
        ValueError,
        "images: expected a non-empty array",
    ),
    (
        evaluation.predict_classes,
        lambda: evaluation.predict_classes(FixedModel(), nan_batch()),
        ValueError,
        "images: expected finite values",
    ),
    (
        evaluation.predict_classes,
        lambda: evaluation.predict_classes(FixedModel(), BATCH.astype(np.uint8)),
        TypeError,
        "images: expected a floating-point dtype, got dtype uint8",
    ),
    (evaluation.predict_classes, lambda: evaluation.predict_classes(None, BATCH), TypeError, MODEL),
    (
        evaluation.predict_classes,
        lambda: evaluation.predict_classes(None, np.zeros((28, 28))),
        ValueError,
        "images: expected shape",
    ),
    (
        evaluation.predict_classes,
        lambda: evaluation.predict_classes(FixedModel(), BATCH, batch_size=0),
        ValueError,
        "batch_size: expected an integer >= 1",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(LABELS, LABELS[:2]),
        ValueError,
        r"predictions: expected a 1-D array of 4 class numbers, got shape \(2,\)",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(LABELS[:0], LABELS[:0]),
        ValueError,
        "labels: expected a non-empty array",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(LABELS * 1.0, LABELS),
        TypeError,
        "labels: expected integer class numbers, got dtype float64",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(LABELS, LABELS + 9),
        ValueError,
        r"predictions: expected class numbers in 0..9",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(-LABELS, LABELS),
        ValueError,
        "labels: expected class numbers in 0..9",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(LABELS[None], LABELS[None]),
        ValueError,
        "labels: expected a 1-D array",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(None, LABELS),
        TypeError,
        "labels: expected",
    ),
    (
        evaluation.confusion_matrix,
        lambda: evaluation.confusion_matrix(LABELS, LABELS, num_classes=0),
        ValueError,
        "num_classes: expected an integer >= 1",
    ),
    (
        evaluation.misclassified,
        lambda: evaluation.misclassified(LABELS, LABELS[:3]),
        ValueError,
        "predictions: expected a 1-D array of 4 class numbers",
    ),
    (
        evaluation.misclassified,
        lambda: evaluation.misclassified(LABELS, np.array([], int)),
        ValueError,
        "predictions: expected a 1-D array of 4",
    ),
    (
        evaluation.misclassified,
        lambda: evaluation.misclassified("5041", LABELS),
        TypeError,
        "labels: expected",
    ),
    (
        evaluation.select_confusions,
        lambda: evaluation.select_confusions(LABELS, LABELS, 10, 3),
        ValueError,
        r"label: expected an integer in 0..9, got 10",
    ),
    (
        evaluation.select_confusions,
        lambda: evaluation.select_confusions(LABELS, LABELS, 5, -1),
        ValueError,
        "predict: expected an integer in 0..9",
    ),
    (
        evaluation.select_confusions,
        lambda: evaluation.select_confusions(LABELS, LABELS, 5.5, 3),
        TypeError,
        "label: expected an integer, got float",
    ),
    (
        evaluation.select_confusions,
        lambda: evaluation.select_confusions(LABELS, LABELS[:2], 5, 3),
        ValueError,
        "predictions: expected a 1-D array of 4",
    ),
    (
        evaluation.top_confusions,
        lambda: evaluation.top_confusions(np.zeros((10, 10))),
        TypeError,
        "matrix: expected the DataFrame of confusion_matrix",
    ),
    (
        evaluation.top_confusions,
        lambda: evaluation.top_confusions(pd.DataFrame(np.zeros((2, 2)))),
        ValueError,
        "matrix: expected the DataFrame of confusion_matrix",
    ),
    (
        evaluation.top_confusions,
        lambda: evaluation.top_confusions(MATRIX, n=0),
        ValueError,
        "n: expected an integer",
    ),
    # --- models (refused before TensorFlow is touched)
    (
        models.build_cnn,
        lambda: models.build_cnn(kernel_size=0),
        ValueError,
        "kernel_size: expected an integer >= 1",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(kernel_size=-5),
        ValueError,
        "kernel_size: expected an integer >= 1",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(kernel_size=5.0),
        TypeError,
        "kernel_size: expected an integer, got",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(conv1_filters=0),
        ValueError,
        "conv1_filters: expected an integer",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(dense_units=None),
        TypeError,
        "dense_units: expected an integer, got",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(pool_size=6),
        ValueError,
        "pool_size: two poolings of 6 do not fit",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(conv_dropout=1.0),
        ValueError,
        r"conv_dropout: expected a fraction in \[0, 1\), got 1.0",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(dense_dropout=-0.1),
        ValueError,
        "dense_dropout: expected a fraction",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(dense_dropout=math.nan),
        ValueError,
        "dense_dropout: expected a fra",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(dense_dropout="0.5"),
        TypeError,
        "dense_dropout: expected a fraction",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(input_shape=(28, 28)),
        ValueError,
        "input_shape: expected a list of 3 integers, got 2",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(input_shape=28),
        TypeError,
        "input_shape: expected a list of 3 int",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(input_shape=(28, 0, 1)),
        ValueError,
        r"input_shape\[1\]: expected an integer >= 1, got 0",
    ),
    (
        models.build_cnn,
        lambda: models.build_cnn(name=""),
        ValueError,
        "name: expected a non-empty string, got ''",
    ),
    (models.build_cnn, lambda: models.build_cnn(name=None), TypeError, "name: expected a non-empty string"),
    (models.architecture, lambda: models.architecture(None), TypeError, MODEL),
    (models.architecture, lambda: models.architecture("mnist_cnn"), TypeError, MODEL),
    (
        models.conv_parameters,
        lambda: models.conv_parameters(16, 0, 1),
        ValueError,
        "kernel_size: expected an integer >= 1, got 0",
    ),
    (
        models.conv_parameters,
        lambda: models.conv_parameters(0, 5, 1),
        ValueError,
        "filters: expected an integer",
    ),
    (
        models.conv_parameters,
        lambda: models.conv_parameters(16, 5, -1),
        ValueError,
        "in_channels: expected an int",
    ),
    (
        models.conv_parameters,
        lambda: models.conv_parameters(16, 5.5, 1),
        TypeError,
        "kernel_size: expected an int",
    ),
    (
        models.dense_parameters,
        lambda: models.dense_parameters(0, 1764),
        ValueError,
        "units: expected an integer",
    ),
    (
        models.dense_parameters,
        lambda: models.dense_parameters(128, -1),
        ValueError,
        "inputs: expected an integer",
    ),
    (
        models.dense_parameters,
        lambda: models.dense_parameters(128, "1764"),
        TypeError,
        "inputs: expected an integer",
    ),
    (models.layer_table, lambda: models.layer_table(None), TypeError, MODEL),
    (models.layer_table, lambda: models.layer_table([1, 2]), TypeError, MODEL),
    # --- ops
    (
        ops.conv2d,
        lambda: ops.conv2d(np.zeros(5), KERNEL),
        ValueError,
        r"image: expected shape \(height, width\)",
    ),
    (ops.conv2d, lambda: ops.conv2d(np.zeros((1, 6, 6)), KERNEL), ValueError, "image: expected shape"),
    (
        ops.conv2d,
        lambda: ops.conv2d(np.zeros((0, 6)), KERNEL),
        ValueError,
        "image: expected a non-empty array",
    ),
    (ops.conv2d, lambda: ops.conv2d(NAN_IMAGE, KERNEL), ValueError, "image: expected finite values, got NaN"),
    (ops.conv2d, lambda: ops.conv2d(INF_IMAGE, KERNEL), ValueError, "image: expected finite values"),
    (
        ops.conv2d,
        lambda: ops.conv2d(IMAGE.astype(complex), KERNEL),
        TypeError,
        "image: expected a real numeric",
    ),
    (
        ops.conv2d,
        lambda: ops.conv2d(np.array([["a"]]), KERNEL),
        TypeError,
        "image: expected a real numeric array",
    ),
    (ops.conv2d, lambda: ops.conv2d(None, KERNEL), TypeError, "image: expected a real numeric array"),
    (ops.conv2d, lambda: ops.conv2d(IMAGE, np.ones(3)), ValueError, r"kernels: expected shape \(kh, kw\)"),
    (
        ops.conv2d,
        lambda: ops.conv2d(IMAGE, np.ones((0, 3, 3))),
        ValueError,
        "kernels: expected a non-empty array",
    ),
    (
        ops.conv2d,
        lambda: ops.conv2d(IMAGE, np.full((3, 3), np.nan)),
        ValueError,
        "kernels: expected finite values",
    ),
    (
        ops.conv2d,
        lambda: ops.conv2d(IMAGE, np.ones((7, 7)), "valid"),
        ValueError,
        "kernels: a 7x7 kernel does not",
    ),
    (
        ops.conv2d,
        lambda: ops.conv2d(IMAGE, KERNEL, "full"),
        ValueError,
        r"padding: expected one of \['same', 'va",
    ),
    (ops.conv2d, lambda: ops.conv2d(IMAGE, KERNEL, None), TypeError, "padding: expected one of"),
    (ops.relu, lambda: ops.relu(np.array([1.0, np.nan])), ValueError, "x: expected finite values, got NaN"),
    (ops.relu, lambda: ops.relu(np.array([1.0, -np.inf])), ValueError, "x: expected finite values"),
    (ops.relu, lambda: ops.relu(np.array(["a"])), TypeError, "x: expected a real numeric array"),
    (ops.relu, lambda: ops.relu(np.array([1j])), TypeError, "x: expected a real numeric array"),
    (ops.relu, lambda: ops.relu(None), TypeError, "x: expected a real numeric array, got NoneType"),
    (
        ops.pool2d,
        lambda: ops.pool2d(IMAGE, 7),
        ValueError,
        "pool_size: expected at most the image's smaller side 6",
    ),
    (ops.pool2d, lambda: ops.pool2d(IMAGE, 0), ValueError, "pool_size: expected an integer >= 1, got 0"),
    (ops.pool2d, lambda: ops.pool2d(IMAGE, -2), ValueError, "pool_size: expected an integer >= 1"),
    (ops.pool2d, lambda: ops.pool2d(IMAGE, 2.0), TypeError, "pool_size: expected an integer, got float"),
    (ops.pool2d, lambda: ops.pool2d(IMAGE, True), TypeError, "pool_size: expected an integer, got bool"),
    (ops.pool2d, lambda: ops.pool2d(IMAGE, 2, mode="min"), ValueError, "mode: expected one of"),
    (ops.pool2d, lambda: ops.pool2d(np.zeros(6), 2), ValueError, r"image: expected shape \(H, W\)"),
    (ops.pool2d, lambda: ops.pool2d(np.zeros((1, 1, 6, 6)), 2), ValueError, "image: expected shape"),
    (ops.max_pool2d, lambda: ops.max_pool2d(NAN_IMAGE), ValueError, "image: expected finite values"),
    (
        ops.max_pool2d,
        lambda: ops.max_pool2d(np.zeros((6, 0))),
        ValueError,
        "image: expected a non-empty array",
    ),
    (
        ops.max_pool2d,
        lambda: ops.max_pool2d(np.zeros((1, 6))),
        ValueError,
        "pool_size: expected at most the im",
    ),
    (
        ops.max_pool2d,
        lambda: ops.max_pool2d(np.zeros((4, 4)), 2.0),
        TypeError,
        "pool_size: expected an integer",
    ),
    (
        ops.random_filters,
        lambda: ops.random_filters(0),
        ValueError,
        "n_filters: expected an integer >= 1, got 0",
    ),
    (
        ops.random_filters,
        lambda: ops.random_filters(16, 0),
        ValueError,
        "size: expected an integer >= 1, got 0",
    ),
    (ops.random_filters, lambda: ops.random_filters(16, -3), ValueError, "size: expected an integer >= 1"),
    (
        ops.random_filters,
        lambda: ops.random_filters(16, 5.0),
        TypeError,
        "size: expected an integer, got float",
    ),
    (
        ops.random_filters,
        lambda: ops.random_filters(16, 5, seed=-1),
        ValueError,
        f"seed: expected an integer in 0..{SEED_MAX}, got -1",
    ),
    (
        ops.random_filters,
        lambda: ops.random_filters(16, 5, seed=2**32),
        ValueError,
        "seed: expected an integer in",
    ),
    (
        ops.random_filters,
        lambda: ops.random_filters(16, 5, seed="10"),
        TypeError,
        "seed: expected an integer, got",
    ),
    (ops.preset_kernel, lambda: ops.preset_kernel("blur"), ValueError, r"name: expected one of \['box blur'"),
    (ops.preset_kernel, lambda: ops.preset_kernel(3), TypeError, "name: expected one of .*, got int 3"),
    (
        ops.same_padding,
        lambda: ops.same_padding(0),
        ValueError,
        "kernel_size: expected an integer >= 1, got 0",
    ),
    (ops.same_padding, lambda: ops.same_padding(2.5), TypeError, "kernel_size: expected an integer"),
    # --- plots
    (
        plots.plot_image,
        lambda: plots.plot_image(np.zeros(5)),
        ValueError,
        r"image: expected shape \(H, W\) or",
    ),
    (
        plots.plot_image,
        lambda: plots.plot_image(np.zeros((2, 28, 28))),
        ValueError,
        r"image: expected shape \(H, W",
    ),
    (
        plots.plot_image,
        lambda: plots.plot_image(np.zeros((0, 0))),
        ValueError,
        "image: expected a non-empty array",
    ),
    (plots.plot_image, lambda: plots.plot_image(NAN_IMAGE), ValueError, "image: expected finite values"),
    (
        plots.plot_image,
        lambda: plots.plot_image(np.array([["a"]])),
        TypeError,
        "image: expected a real numeric",
    ),
    (
        plots.plot_image,
        lambda: plots.plot_image(IMAGE, 3),
        TypeError,
        "title: expected a string or None, got int",
    ),
    (
        plots.plot_image,
        lambda: plots.plot_image(IMAGE, cmap="nope"),
        ValueError,
        "cmap: expected the name of a",
    ),
    (plots.plot_image, lambda: plots.plot_image(IMAGE, cmap=None), TypeError, "cmap: expected the name of a"),
    (plots.plot_kernel, lambda: plots.plot_kernel(np.zeros((3, 3, 3))), ValueError, "kernel: expected shape"),
    (
        plots.plot_kernel,
        lambda: plots.plot_kernel(np.zeros((0, 3))),
        ValueError,
        "kernel: expected a non-empty",
    ),
    (
        plots.plot_kernel,
        lambda: plots.plot_kernel(KERNEL, annotate="yes"),
        TypeError,
        "annotate: expected True or",
    ),
    (
        plots.plot_kernel,
        lambda: plots.plot_kernel(KERNEL, decimals=-1),
        ValueError,
        "decimals: expected an integer",
    ),
    (
        plots.plot_filter_and_output,
        lambda: plots.plot_filter_and_output(IMAGE, None, IMAGE),
        TypeError,
        "kernel: expected a real numeric array",
    ),
    (
        plots.plot_filter_and_output,
        lambda: plots.plot_filter_and_output(IMAGE, KERNEL, np.zeros(4)),
        ValueError,
        "output: expected shape",
    ),
    (
        plots.plot_filter_and_output,
        lambda: plots.plot_filter_and_output(IMAGE, KERNEL, IMAGE, titles="abc"),
        TypeError,
        "titles: expected a list of strings",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((0, 4, 4))),
        ValueError,
        "maps: expected a non-empty array",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((4, 4))),
        ValueError,
        r"maps: expected shape \(n, height, width\)",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), ncols=0),
        ValueError,
        "ncols: expected an integer >= 1",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), images=3),
        ValueError,
        "images: expected an integer",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), titles=["a"]),
        ValueError,
        r"titles: expected one title per map \(2\), got 1",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), titles=3),
        TypeError,
        "titles: expected a list of strings",
    ),
    (
        plots.plot_feature_maps,
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), size=-1),
        ValueError,
        "size: expected a number > 0",
    ),
    (
        plots.plot_history,
        lambda: plots.plot_history(HISTORY, "accuracy"),
        ValueError,
        r"metric: expected one of \['",
    ),
    (
        plots.plot_history,
        lambda: plots.plot_history({"loss": [], "val_loss": []}, "loss"),
        ValueError,
        "history: expected as many",
    ),
    (
        plots.plot_history,
        lambda: plots.plot_history([1.0], "loss"),
        TypeError,
        "history: expected a Keras History",
    ),
    (
        plots.plot_history,
        lambda: plots.plot_history(HISTORY, None),
        TypeError,
        "metric: expected a non-empty string",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, probabilities=ONE_HOT[:3]),
        ValueError,
        r"probabilities: expected shape \(n, classes\), n = 4",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, probabilities=ONE_HOT[:, :3]),
        ValueError,
        "probabilities: expected a column for every predicted class",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, start=4),
        ValueError,
        r"start: expected an integer in 0..3, got 4",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=[0, 4]),
        ValueError,
        r"indices\[1\]: expected an integer in 0..3, got 4",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=[-1]),
        ValueError,
        r"indices\[0\]: expected an integer in 0..3",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=[]),
        ValueError,
        "indices: expected at least one integer",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=3),
        TypeError,
        "indices: expected a list of integers",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH[:0], LABELS[:0], LABELS[:0]),
        ValueError,
        "images: expected a non-empty array",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS[:3], LABELS),
        ValueError,
        r"labels: expected a 1-D array of 4 class numbers, got shape \(3,\)",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS[:3]),
        ValueError,
        "predictions: expected a 1-D array of 4 class numbers",
    ),
    (
        plots.plot_predictions,
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, num=0),
        ValueError,
        "num: expected an integer >= 1",
    ),
    (
        plots.plot_confusion_matrix,
        lambda: plots.plot_confusion_matrix(np.zeros((10, 9))),
        ValueError,
        "matrix: expected a square table",
    ),
    (
        plots.plot_confusion_matrix,
        lambda: plots.plot_confusion_matrix(np.zeros((0, 0))),
        ValueError,
        "matrix: expected a non-empty array",
    ),
    (
        plots.plot_confusion_matrix,
        lambda: plots.plot_confusion_matrix(-np.eye(3)),
        ValueError,
        "matrix: expected co",
    ),
    (
        plots.plot_confusion_matrix,
        lambda: plots.plot_confusion_matrix(None),
        TypeError,
        "matrix: expected a real",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 7),
        ValueError,
        "kernel_size: expected at most the image's smaller",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 0),
        ValueError,
        "kernel_size: expected an integer >= 1, got 0",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 2.5),
        TypeError,
        "kernel_size: expected an integer, got float",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 3, steps=(0,)),
        ValueError,
        r"steps\[0\]: expected an integer in 1..16, got 0",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 3, steps=(1, 17)),
        ValueError,
        r"steps\[1\]: expected an integer in 1..16, got 17",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 3, steps=[]),
        ValueError,
        "steps: expected at least one integer",
    ),
    (
        plots.plot_sliding_window,
        lambda: plots.plot_sliding_window(IMAGE, 3, steps=None),
        TypeError,
        "steps: expected a list of integers",
    ),
    (
        plots.plot_pooling_example,
        lambda: plots.plot_pooling_example(IMAGE, 7),
        ValueError,
        "pool_size: expected at most the image's smaller",
    ),
    (
        plots.plot_pooling_example,
        lambda: plots.plot_pooling_example(np.zeros((13, 13))),
        ValueError,
        "image: expected a small array",
    ),
    (
        plots.plot_pooling_example,
        lambda: plots.plot_pooling_example(IMAGE, 2, mode="min"),
        ValueError,
        "mode: expected one of",
    ),
    (
        plots.plot_pooling_example,
        lambda: plots.plot_pooling_example(None),
        TypeError,
        "image: expected a real",
    ),
    (
        plots.plot_speed_runs,
        lambda: plots.plot_speed_runs(pd.DataFrame({"seconds": [1.0]})),
        ValueError,
        "table: expected speed.runs_table's columns",
    ),
    (
        plots.plot_speed_runs,
        lambda: plots.plot_speed_runs(pd.DataFrame(columns=["epoch of steps (s)", "test accuracy"])),
        ValueError,
        "table: expected at least one run, got an empty table",
    ),
    (
        plots.plot_speed_runs,
        lambda: plots.plot_speed_runs([RUN]),
        TypeError,
        "table: expected speed.runs_table's",
    ),
    # --- raster
    (
        raster.encode_png,
        lambda: raster.encode_png(RGB.astype(np.float32)),
        TypeError,
        "rgb: expected dtype uint8",
    ),
    (
        raster.encode_png,
        lambda: raster.encode_png(RGB[..., :2]),
        ValueError,
        r"rgb: expected shape \(H, W, 3\)",
    ),
    (raster.encode_png, lambda: raster.encode_png(None), TypeError, "rgb: expected a real numeric array"),
    (
        raster.colorize,
        lambda: raster.colorize(IMAGE, "nope"),
        ValueError,
        "cmap: expected the name of a matplot",
    ),
    (
        raster.colorize,
        lambda: raster.colorize(IMAGE, None),
        TypeError,
        "cmap: expected the name of a matplotlib",
    ),
    (
        raster.colorize,
        lambda: raster.colorize(np.zeros(3), "gray"),
        ValueError,
        r"array: expected shape \(H, W\)",
    ),
    (
        raster.colorize,
        lambda: raster.colorize(NAN_IMAGE, "gray"),
        ValueError,
        "array: expected finite values",
    ),
    (
        raster.colorize,
        lambda: raster.colorize(IMAGE, "gray", vmin="0"),
        TypeError,
        "vmin: expected a finite n",
    ),
    (
        raster.colorize,
        lambda: raster.colorize(IMAGE, "gray", vmax=math.inf),
        ValueError,
        "vmax: expected a fin",
    ),
    (
        raster.upscale,
        lambda: raster.upscale(RGB, 0),
        ValueError,
        "scale: expected an integer in 1..1365, got 0",
    ),
    (
        raster.upscale,
        lambda: raster.upscale(RGB, 10**9),
        ValueError,
        "scale: expected an integer in 1..1365, got 1000000000",
    ),
    (raster.upscale, lambda: raster.upscale(RGB, 2.0), TypeError, "scale: expected an integer, got float"),
    (raster.upscale, lambda: raster.upscale(IMAGE, 2), ValueError, r"rgb: expected shape \(H, W, 3\)"),
    (raster.mosaic, lambda: raster.mosaic([], 4), ValueError, "tiles: expected a non-empty list"),
    (raster.mosaic, lambda: raster.mosaic(RGB, 4), TypeError, "tiles: expected a list of uint8"),
    (
        raster.mosaic,
        lambda: raster.mosaic([RGB, RGB[:1]], 4),
        ValueError,
        r"tiles\[1\]: expected shape \(2, 3, 3",
    ),
    (raster.mosaic, lambda: raster.mosaic([RGB], 0), ValueError, "ncols: expected an integer >= 1"),
    (raster.mosaic, lambda: raster.mosaic([RGB], 2, gap=-1), ValueError, "gap: expected an integer >= 0"),
    (
        raster.outline,
        lambda: raster.outline(RGB.tolist(), 0, 0, 1, 1),
        TypeError,
        "rgb: expected a uint8 numpy",
    ),
    (
        raster.outline,
        lambda: raster.outline(RGB.astype(np.float32), 0, 0, 1, 1),
        TypeError,
        "rgb: expected dtype uint8",
    ),
    (raster.outline, lambda: raster.outline(RGB, 1, 0, 1, 2), ValueError, "bottom: expected an integer >= 2"),
    (raster.outline, lambda: raster.outline(RGB, -1, 0, 1, 2), ValueError, "top: expected an integer >= 0"),
    (
        raster.outline,
        lambda: raster.outline(RGB, 0, 0, 1, 2, width=0),
        ValueError,
        "width: expected an integer >= 1",
    ),
    (raster.format_number, lambda: raster.format_number("1"), TypeError, "value: expected a finite number"),
    (
        raster.format_number,
        lambda: raster.format_number(math.nan),
        ValueError,
        "value: expected a finite number",
    ),
    (
        raster.format_number,
        lambda: raster.format_number(1.0, -1),
        ValueError,
        "decimals: expected an integer in 0..20",
    ),
    (
        raster.signed_limit,
        lambda: raster.signed_limit(None),
        TypeError,
        "values: expected a real numeric array",
    ),
    (
        raster.signed_limit,
        lambda: raster.signed_limit(NAN_IMAGE),
        ValueError,
        "values: expected finite values",
    ),
    (
        raster.relative_luminance,
        lambda: raster.relative_luminance((0, 0)),
        ValueError,
        r"rgb: expected shape \(\.\.\., 3\)",
    ),
    (
        raster.contrast_ratio,
        lambda: raster.contrast_ratio((0, 0, 0), (256, 0, 0)),
        ValueError,
        "rgb: expected values from 0 to 255, got 0 to 256",
    ),
    (
        raster.ink_on,
        lambda: raster.ink_on("white"),
        TypeError,
        "rgb: expected a real numeric array",
    ),
    (
        raster.kernel_table,
        lambda: raster.kernel_table(np.zeros(3)),
        ValueError,
        r"kernel: expected shape \(k, k\)",
    ),
    (
        raster.kernel_table,
        lambda: raster.kernel_table(KERNEL, limit=0),
        ValueError,
        "limit: expected a number > 0",
    ),
    # --- report
    (report.glue, lambda: report.glue(3, 1.0), TypeError, "name: expected a non-empty string, got int 3"),
    (report.glue, lambda: report.glue("", 1.0), ValueError, "name: expected a non-empty string, got ''"),
    (report.glue, lambda: report.glue("x", 1.0, display="no"), TypeError, "display: expected True or False"),
    (report.cpu_name, lambda: report.cpu_name(1), TypeError, NO_ARGUMENTS),
    (report.run_info, lambda: report.run_info(1), TypeError, NO_ARGUMENTS),
    (report.show_run_info, lambda: report.show_run_info(1), TypeError, NO_ARGUMENTS),
    # --- robustness
    (
        robustness.shift_images,
        lambda: robustness.shift_images(None, 0, 0),
        TypeError,
        "images: expected a real numeric array",
    ),
    (
        robustness.shift_images,
        lambda: robustness.shift_images(DIGIT, 0, 0),
        ValueError,
        r"images: expected shape \(n, height, width\) or \(n, height, width, 1\), got shape \(28, 28\)",
    ),
    (
        robustness.shift_images,
        lambda: robustness.shift_images(NAN_STACK, 0, 0),
        ValueError,
        "images: expected finite values",
    ),
    (
        robustness.shift_images,
        lambda: robustness.shift_images(STACK, 29, 0),
        ValueError,
        "dy: expected an integer in -28..28, got 29",
    ),
    (
        robustness.shift_images,
        lambda: robustness.shift_images(STACK, 0, -29),
        ValueError,
        "dx: expected an integer in -28..28, got -29",
    ),
    (
        robustness.shift_images,
        lambda: robustness.shift_images(STACK, 0, 1.5),
        TypeError,
        "dx: expected an integer, got float 1.5",
    ),
    (
        robustness.shift_each,
        lambda: robustness.shift_each(STACK, np.zeros((3, 2), int)),
        ValueError,
        r"offsets: expected shape \(n, 2\) of \(dy, dx\) rows, n = 2, got shape \(3, 2\)",
    ),
    (
        robustness.shift_each,
        lambda: robustness.shift_each(STACK, np.zeros((2, 2))),
        TypeError,
        r"offsets: expected integer \(dy, dx\) steps, got dtype float64",
    ),
    (
        robustness.shift_each,
        lambda: robustness.shift_each(STACK, [[0, 0], [0, 29]]),
        ValueError,
        r"offsets: expected steps of at most 28 rows and 28 columns, got \[0, 29\] in row 1",
    ),
    (
        robustness.shift_each,
        lambda: robustness.shift_each([1, 2], [[0, 0]]),
        ValueError,
        "images: expected shape",
    ),
    (
        robustness.random_offsets,
        lambda: robustness.random_offsets(0, 1),
        ValueError,
        "count: expected an integer >= 1, got 0",
    ),
    (
        robustness.random_offsets,
        lambda: robustness.random_offsets(3, -1),
        ValueError,
        "distance: expected an integer >= 0, got -1",
    ),
    (
        robustness.random_offsets,
        lambda: robustness.random_offsets(3, 1.0),
        TypeError,
        "distance: expected an integer, got float",
    ),
    (
        robustness.random_offsets,
        lambda: robustness.random_offsets(3, 1, seed=-1),
        ValueError,
        f"seed: expected an integer in 0..{SEED_MAX}, got -1",
    ),
    (
        robustness.rotate_images,
        lambda: robustness.rotate_images(STACK.astype(np.uint8), 10),
        TypeError,
        "images: expected a floating-point dtype, got dtype uint8",
    ),
    (
        robustness.rotate_images,
        lambda: robustness.rotate_images(STACK, math.nan),
        ValueError,
        "degrees: expected a finite number, got nan",
    ),
    (
        robustness.rotate_images,
        lambda: robustness.rotate_images(STACK, "90"),
        TypeError,
        "degrees: expected a finite number, got str '90'",
    ),
    (
        robustness.scale_images,
        lambda: robustness.scale_images(STACK, 0),
        ValueError,
        "factor: expected a number > 0, got 0",
    ),
    (
        robustness.scale_images,
        lambda: robustness.scale_images(STACK, None),
        TypeError,
        "factor: expected a number > 0, got NoneType",
    ),
    (
        robustness.scale_images,
        lambda: robustness.scale_images(NAN_STACK, 2),
        ValueError,
        "images: expected finite values",
    ),
    (
        robustness.binomial_interval,
        lambda: robustness.binomial_interval(11, 10),
        ValueError,
        "successes: expected an integer in 0..10, got 11",
    ),
    (
        robustness.binomial_interval,
        lambda: robustness.binomial_interval(5.0, 10),
        TypeError,
        "successes: expected an integer, got float",
    ),
    (
        robustness.binomial_interval,
        lambda: robustness.binomial_interval(0, 0),
        ValueError,
        "n: expected an integer >= 1, got 0",
    ),
    (
        robustness.binomial_interval,
        lambda: robustness.binomial_interval(5, 10, confidence=1),
        ValueError,
        r"confidence: expected a number in \(0, 1\), got 1",
    ),
    (
        robustness.mcnemar,
        lambda: robustness.mcnemar([True, False, True], [True, False]),
        ValueError,
        r"correct_b: expected shape \(n,\) with n = 3, got shape \(2,\)",
    ),
    (
        robustness.mcnemar,
        lambda: robustness.mcnemar([0.5, 1.0], [True, False]),
        TypeError,
        r"correct_a: expected True/False \(or 1/0\) per image, got dtype float64",
    ),
    (
        robustness.mcnemar,
        lambda: robustness.mcnemar([True, False], [0, 2]),
        ValueError,
        r"correct_b: expected True/False \(or 1/0\) per image, got values 0..2",
    ),
    (
        robustness.mcnemar,
        lambda: robustness.mcnemar(None, [True]),
        TypeError,
        "correct_a: expected a real numeric array",
    ),
    (
        robustness.mcnemar,
        lambda: robustness.mcnemar([], []),
        ValueError,
        "correct_a: expected a non-empty array",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(NAN_PROBABILITIES, LABELS),
        ValueError,
        "probabilities: expected finite values, got NaN",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(ONE_HOT, LABELS[:3]),
        ValueError,
        r"labels: expected a 1-D array of 4 class numbers, got shape \(3,\)",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(ONE_HOT, LABELS, bins=0),
        ValueError,
        "bins: expected an integer in 1..1000, got 0",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(ONE_HOT, LABELS, bins=2.5),
        TypeError,
        "bins: expected an integer, got float",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(NOT_ONE, LABELS),
        ValueError,
        "probabilities: expected rows that sum to 1, got 0.5 in row 0",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(ONE_HOT * 2 - 0.5, LABELS),
        ValueError,
        r"probabilities: expected values in \[0, 1\], got -0.5..1.5",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(ONE_HOT.astype(int), LABELS),
        TypeError,
        "probabilities: expected a floating-point dtype, got dtype int64",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(np.ones((4, 1)), LABELS),
        ValueError,
        "probabilities: expected at least 2 classes",
    ),
    (
        robustness.reliability,
        lambda: robustness.reliability(ONE_HOT[:, :5] * 0 + 0.2, LABELS),
        ValueError,
        "labels: expected class numbers in 0..4, got 0..5",
    ),
    (
        robustness.expected_calibration_error,
        lambda: robustness.expected_calibration_error(NAN_PROBABILITIES, LABELS),
        ValueError,
        "probabilities: expected finite values",
    ),
    (
        robustness.expected_calibration_error,
        lambda: robustness.expected_calibration_error(ONE_HOT[0], LABELS),
        ValueError,
        r"probabilities: expected shape \(n, classes\), got shape \(10,\)",
    ),
    (
        robustness.expected_calibration_error,
        lambda: robustness.expected_calibration_error(ONE_HOT, LABELS, bins=1001),
        ValueError,
        "bins: expected an integer in 1..1000, got 1001",
    ),
    (
        robustness.expected_calibration_error,
        lambda: robustness.expected_calibration_error(ONE_HOT, LABELS.astype(float)),
        TypeError,
        "labels: expected integer class numbers, got dtype float64",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(FixedModel(), DIGIT, 0),
        TypeError,
        r"predict: expected a function from images \(k, height, width, 1\) to probabilities \(k, 10\), got FixedModel",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(lambda x: np.zeros((len(x), 3)), DIGIT, 0),
        ValueError,
        r"predict: expected shape \(k, 10\) of probabilities for k = 1 images, got shape \(1, 3\)",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(lambda x: np.full((len(x), 10), np.nan), DIGIT, 0),
        ValueError,
        "predict: expected finite values, got NaN",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(FixedModel().predict, STACK, 0),
        ValueError,
        r"image: expected shape \(height, width\) or \(height, width, 1\), got shape \(2, 28, 28\)",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(len, NAN_IMAGE, 0),
        ValueError,
        "image: expected finite values",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(len, DIGIT, 10),
        ValueError,
        "label: expected an integer in 0..9, got 10",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(len, DIGIT, 0, patch=29),
        ValueError,
        "patch: expected an integer in 1..28, got 29",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(len, DIGIT, 0, stride=0),
        ValueError,
        "stride: expected an integer >= 1, got 0",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(len, DIGIT, 0, fill=math.nan),
        ValueError,
        "fill: expected a finite number, got nan",
    ),
    (
        robustness.occlusion_map,
        lambda: robustness.occlusion_map(len, DIGIT, 0, batch_size=0),
        ValueError,
        "batch_size: expected an integer >= 1, got 0",
    ),
    # --- speed (all refused before a model is built or a process started)
    (speed.layer_flops, lambda: speed.layer_flops(None), TypeError, MODEL),
    (speed.training_flops_per_epoch, lambda: speed.training_flops_per_epoch(None), TypeError, MODEL),
    (
        speed.training_flops_per_epoch,
        lambda: speed.training_flops_per_epoch(None, train_samples=-1),
        ValueError,
        "train_samples: expected an integer >= 0",
    ),
    (
        speed.training_flops_per_epoch,
        lambda: speed.training_flops_per_epoch(None, 48000, 0.5),
        TypeError,
        "validation_samples: expected an integer",
    ),
    (
        speed.training_flops_per_epoch,
        lambda: speed.training_flops_per_epoch(keras_module().Sequential([keras_module().Input((3,))])),
        ValueError,
        "model: expected at least one Conv2D or Dense layer",
    ),
    (speed.matmul_gflops, lambda: speed.matmul_gflops(size=0), ValueError, "size: expected an integer >= 1"),
    (
        speed.matmul_gflops,
        lambda: speed.matmul_gflops(repeats=1.5),
        TypeError,
        "repeats: expected an integer",
    ),
    (speed.cpu_flags, lambda: speed.cpu_flags(None), TypeError, "path: expected a path"),
    (
        speed.native_bfloat16,
        lambda: speed.native_bfloat16("avx512_bf16"),
        TypeError,
        "flags: expected a list of",
    ),
    (
        speed.native_bfloat16,
        lambda: speed.native_bfloat16([1]),
        TypeError,
        r"flags\[0\]: expected CPU flag names",
    ),
    (speed.flops_table, lambda: speed.flops_table(None), TypeError, MODEL),
    (speed.SpeedRun, lambda: speed_run(batch_size=0), ValueError, "batch_size: expected an integer >= 1"),
    (speed.SpeedRun, lambda: speed_run(precision="float16"), ValueError, "precision: expected one of"),
    (speed.SpeedRun, lambda: speed_run(jit_compile=1), TypeError, "jit_compile: expected True or False"),
    (speed.SpeedRun, lambda: speed_run(step=math.nan), ValueError, "step: expected a number > 0, got nan"),
    (speed.SpeedRun, lambda: speed_run(step=0.0), ValueError, "step: expected a number > 0"),
    (speed.SpeedRun, lambda: speed_run(step_q1=0.2), ValueError, "step_q1: expected a number"),
    (speed.SpeedRun, lambda: speed_run(step_q3=0.05), ValueError, "step_q3: expected a number >= 0.1"),
    (
        speed.SpeedRun,
        lambda: speed_run(test_accuracy=1.5),
        ValueError,
        r"test_accuracy: expected a number in \[0, 1\]",
    ),
    (speed.SpeedRun, lambda: speed_run(name=None), TypeError, "name: expected a non-empty string"),
    (speed.xla_allowed, lambda: speed.xla_allowed(1), TypeError, NO_ARGUMENTS),
    (speed.onednn_enabled, lambda: speed.onednn_enabled(1), TypeError, NO_ARGUMENTS),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH, ONE_HOT, precision="float16"),
        ValueError,
        r"precision: expected one of \['float32', 'bfloat16'\], got 'float16'",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH, ONE_HOT, jit_compile="yes"),
        TypeError,
        "jit_compile: expected True or False, got str 'yes'",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH, ONE_HOT, steps=2),
        ValueError,
        "steps: expected an integer >= 4, got 2",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH, ONE_HOT, batch_size=30.0),
        TypeError,
        "batch_size: expected an integer",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH, ONE_HOT, seed=-1),
        ValueError,
        "seed: expected an integer in 0..",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(None, ONE_HOT, BATCH, ONE_HOT),
        TypeError,
        "x_train: expected a real numeric array",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH[..., 0], ONE_HOT),
        ValueError,
        r"x_test: expected shape \(n, 28, 28, 1\)",
    ),
    (
        speed.measure_training,
        lambda: speed.measure_training(BATCH, ONE_HOT, BATCH, LABELS),
        ValueError,
        "y_test: expected shape",
    ),
    (
        speed.step_time_in_fresh_process,
        lambda: speed.step_time_in_fresh_process("yes"),
        ValueError,
        "onednn: expected '1', '0' or None, got 'yes'",
    ),
    (
        speed.step_time_in_fresh_process,
        lambda: speed.step_time_in_fresh_process(1),
        TypeError,
        "onednn: expected '1', '0' or None, got int 1",
    ),
    (
        speed.step_time_in_fresh_process,
        lambda: speed.step_time_in_fresh_process(None, steps=3),
        ValueError,
        "steps: expected an integer >= 4, got 3",
    ),
    (
        speed.step_time_in_fresh_process,
        lambda: speed.step_time_in_fresh_process(None, batch_size=None),
        TypeError,
        "batch_size: expected an integer",
    ),
    (
        speed.epoch_waits,
        lambda: speed.epoch_waits(BATCH, ONE_HOT, pipeline="yes"),
        TypeError,
        "pipeline: expected True or False",
    ),
    (
        speed.epoch_waits,
        lambda: speed.epoch_waits(BATCH, ONE_HOT, pipeline=True, epochs=0),
        ValueError,
        "epochs: expected an integer >= 1",
    ),
    (
        speed.epoch_waits,
        lambda: speed.epoch_waits(BATCH[..., 0], ONE_HOT, pipeline=False),
        ValueError,
        "x_train: expected shape",
    ),
    (
        speed.runs_table,
        lambda: speed.runs_table(None, 100.0),
        TypeError,
        "runs: expected a list of speed.SpeedRun",
    ),
    (speed.runs_table, lambda: speed.runs_table([], 100.0), ValueError, "runs: expected a non-empty list"),
    (
        speed.runs_table,
        lambda: speed.runs_table([{}], 100.0),
        TypeError,
        r"runs\[0\]: expected speed.SpeedRun",
    ),
    (
        speed.runs_table,
        lambda: speed.runs_table([RUN], 0),
        ValueError,
        "matmul_rate: expected a number > 0, got 0",
    ),
    (
        speed.runs_table,
        lambda: speed.runs_table([RUN], "100"),
        TypeError,
        "matmul_rate: expected a number > 0",
    ),
    # --- training
    (
        training.Recipe,
        lambda: training.Recipe(epochs=0),
        ValueError,
        "epochs: expected an integer >= 1, got 0",
    ),
    (training.Recipe, lambda: training.Recipe(epochs=-1), ValueError, "epochs: expected an integer >= 1"),
    (
        training.Recipe,
        lambda: training.Recipe(epochs=2.0),
        TypeError,
        "epochs: expected an integer, got float",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(batch_size=0),
        ValueError,
        "batch_size: expected an integer >= 1",
    ),
    (training.Recipe, lambda: training.Recipe(batch_size=1.5), TypeError, "batch_size: expected an integer"),
    (
        training.Recipe,
        lambda: training.Recipe(seed=-1),
        ValueError,
        f"seed: expected an integer in 0..{SEED_MAX}, got -1",
    ),
    (training.Recipe, lambda: training.Recipe(seed=True), TypeError, "seed: expected an integer, got bool"),
    (
        training.Recipe,
        lambda: training.Recipe(validation_split=-0.1),
        ValueError,
        r"validation_split: expected a fraction in \[0, 1\), got -0.1",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(validation_split=1.0),
        ValueError,
        r"validation_split: expected a fraction in \[0, 1\)",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(validation_split=math.nan),
        ValueError,
        "validation_split: expected",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(validation_split="0.2"),
        TypeError,
        "validation_split: expected a fr",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(validation_split=False),
        TypeError,
        "validation_split: expected a fr",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(optimizer=None),
        TypeError,
        "optimizer: expected a non-empty string",
    ),
    (
        training.Recipe,
        lambda: training.Recipe(loss=""),
        ValueError,
        "loss: expected a non-empty string, got ''",
    ),
    (runs.TrainedRun, lambda: trained_run(model=None), TypeError, MODEL),
    (runs.TrainedRun, lambda: trained_run(history=[]), TypeError, "history: expected a dict"),
    (runs.TrainedRun, lambda: trained_run(key=None), TypeError, "key: expected a non-empty string"),
    (runs.TrainedRun, lambda: trained_run(path=None), TypeError, "path: expected a path"),
    (
        runs.TrainedRun,
        lambda: trained_run(trained_now="yes"),
        TypeError,
        "trained_now: expected True or False",
    ),
    (training.set_seed, lambda: training.set_seed(-1), ValueError, "seed: expected an integer in 0.."),
    (
        training.set_seed,
        lambda: training.set_seed(None),
        TypeError,
        "seed: expected an integer, got NoneType",
    ),
    (runs.cache_dir, lambda: runs.cache_dir(1), TypeError, NO_ARGUMENTS),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH[..., 0], ONE_HOT),
        ValueError,
        r"x_train: expected shape \(n, 28, 28, 1\)",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH.astype(np.uint8), ONE_HOT),
        TypeError,
        "x_train: expected dtype float32, got dtype uint8",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH[:0], ONE_HOT[:0]),
        ValueError,
        "x_train: expected a non-empty",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(nan_batch(), ONE_HOT),
        ValueError,
        "x_train: expected finite values",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH, LABELS),
        ValueError,
        r"y_train: expected shape \(n, classes\) of one-hot rows, n = 4, got shape \(4,\)",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH, ONE_HOT[:3]),
        ValueError,
        r"y_train: expected .* n = 4",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH, np.full((4, 10), np.nan, np.float32)),
        ValueError,
        "y_train: expected finite values",
    ),
    (
        runs.run_key,
        lambda: runs.run_key(BATCH, ONE_HOT, {"epochs": 2}),
        TypeError,
        "recipe: expected a training.Recipe, got dict",
    ),
    (
        training.split_sizes,
        lambda: training.split_sizes(-1, 0.2),
        ValueError,
        "n_images: expected an integer >= 0",
    ),
    (
        training.split_sizes,
        lambda: training.split_sizes(100, 1.5),
        ValueError,
        "validation_split: expected a frac",
    ),
    (
        training.split_sizes,
        lambda: training.split_sizes("100", 0.2),
        TypeError,
        "n_images: expected an integer",
    ),
    (
        training.input_pipelines,
        lambda: training.input_pipelines(BATCH.astype(np.float64), ONE_HOT),
        TypeError,
        "x_train: expected dtype float32",
    ),
    (
        training.input_pipelines,
        lambda: training.input_pipelines(BATCH, ONE_HOT, {"batch_size": 2}),
        TypeError,
        "recipe: expected a training.Recipe",
    ),
    (
        training.input_pipelines,
        lambda: training.input_pipelines(BATCH[:1], ONE_HOT[:1], training.Recipe(validation_split=0.5)),
        ValueError,
        "validation_split=0.5 leaves no training image out of 1",
    ),
    (training.EpochTimer, lambda: training.EpochTimer(1), TypeError, "takes 1 positional argument but 2"),
    (
        training.train_cnn,
        lambda: training.train_cnn(BATCH, ONE_HOT, callbacks=None),
        TypeError,
        "callbacks: expected a list of Keras callbacks",
    ),
    (training.compile_cnn, lambda: training.compile_cnn(None), TypeError, MODEL),
    (training.compile_cnn, lambda: training.compile_cnn("adam"), TypeError, MODEL),
    (training.fit_cnn, lambda: training.fit_cnn(None, BATCH, ONE_HOT), TypeError, MODEL),
    (
        training.train_cnn,
        lambda: training.train_cnn(BATCH, ONE_HOT, verbose=3),
        ValueError,
        "verbose: expected an integer in 0..2, got 3",
    ),
    (
        training.train_cnn,
        lambda: training.train_cnn(BATCH, ONE_HOT, None),
        TypeError,
        "recipe: expected a training",
    ),
    (
        training.train_cnn,
        lambda: training.train_cnn(None, ONE_HOT),
        TypeError,
        "x_train: expected a real numeric",
    ),
    (runs.record_run, lambda: runs.record_run(None, HISTORY, BATCH, ONE_HOT), TypeError, MODEL),
    (
        runs.record_run,
        lambda: runs.record_run(None, HISTORY, BATCH, LABELS),
        ValueError,
        "y_train: expe",
    ),
    (runs.save_run, lambda: runs.save_run(None, {}, {"key": "ab12"}), TypeError, MODEL),
    (runs.save_run, lambda: runs.save_run(FixedModel(), [], {"key": "ab12"}), TypeError, MODEL),
    (
        runs.save_run,
        lambda: runs.save_run(SavingModel(), [], {"key": "ab12"}),
        TypeError,
        "history: expected a dict of metric values",
    ),
    (
        runs.save_run,
        lambda: runs.save_run(SavingModel(), {}, {"key": "../elsewhere"}),
        ValueError,
        r"meta: expected the run's 'key' \(letters and digits\), got '../elsewhere'",
    ),
    (
        runs.load_run,
        lambda: runs.load_run(BATCH, None),
        TypeError,
        "y_train: expected a real numeric array",
    ),
    (
        runs.load_or_train_cnn,
        lambda: runs.load_or_train_cnn(BATCH, ONE_HOT, verbose="no"),
        TypeError,
        "verbose: expected an integer, got str",
    ),
    (training.save_article_files, lambda: training.save_article_files(None, "folder"), TypeError, MODEL),
    (
        training.load_article_files,
        lambda: training.load_article_files(None),
        TypeError,
        "folder: expected a path",
    ),
    # --- web
    (
        web.encode,
        lambda: web.encode(None, np.float32),
        TypeError,
        "array: expected a real numeric array, got NoneType",
    ),
    (web.encode, lambda: web.encode(["a"], np.float32), TypeError, "array: expected a real numeric array"),
    (
        web.decode,
        lambda: web.decode("AAAA", np.uint8, (5,)),
        ValueError,
        r"shape: expected a shape that 3 bytes of uint8 fill, got \(5,\) \(5 bytes\)",
    ),
    (web.decode, lambda: web.decode(b"AAAA", np.uint8, (3,)), TypeError, "text: expected a string"),
    (web.decode, lambda: web.decode("AAAA", np.uint8, 3), TypeError, "shape: expected a list of integers"),
    (
        web.playground_digits,
        lambda: web.playground_digits(np.zeros((2, 28, 28), np.uint8), np.zeros(2, int), per_digit=0),
        ValueError,
        "per_digit: expected an integer >= 1",
    ),
    (
        web.playground_digits,
        lambda: web.playground_digits(np.zeros((2, 28, 28)), np.zeros(2, int)),
        TypeError,
        "x_test: expected dtype uint8, got dtype float64",
    ),
    (
        web.playground_digits,
        lambda: web.playground_digits(np.zeros((2, 28), np.uint8), [0, 1]),
        ValueError,
        r"x_test: expected shape \(n, 28, 28\), got shape \(2, 28\)",
    ),
    (
        web.playground_digits,
        lambda: web.playground_digits(np.zeros((2, 28, 28), np.uint8), [0]),
        ValueError,
        "y_test: expected 2 labels",
    ),
    (
        web.model_weights,
        lambda: web.model_weights(None),
        TypeError,
        MODEL,
    ),
    (
        web.confusion_examples,
        lambda: web.confusion_examples(np.zeros((2, 28, 28), np.uint8), LABELS[:2], LABELS[:3]),
        ValueError,
        "y_test, predictions: expected 2 of each",
    ),
    (
        web.save_weights,
        lambda: web.save_weights(None, "x.npz"),
        TypeError,
        MODEL,
    ),
    (web.save_weights, lambda: web.save_weights(cnn(), None), TypeError, "path: expected a path"),
    (
        web.book_model,
        lambda: web.book_model("/nonexistent/weights.npz"),
        FileNotFoundError,
        "path: no weights file",
    ),
    (web.asset_script, lambda: web.asset_script("nope", {}), ValueError, "name: expected one of"),
    (web.read_asset, lambda: web.read_asset("/nonexistent/asset.js"), FileNotFoundError, "No such file"),
    (
        web.colormap_tables,
        lambda: web.colormap_tables(size=1),
        ValueError,
        "size: expected an integer >= 2, got 1",
    ),
    (
        web.colormap_tables,
        lambda: web.colormap_tables(["nope"]),
        ValueError,
        "names: matplotlib has no colour map",
    ),
    # --- widgets
    (
        widgets.Explorer,
        lambda: widgets.Explorer(1),
        TypeError,
        "takes 1 positional argument but 2 were given",
    ),
    (
        widgets.ConvolutionExplorer,
        lambda: widgets.ConvolutionExplorer(
            STACK, None, index=0, kernel="random", kernel_size=4, seed=1, relu=False
        ),
        ValueError,
        r"kernel_size: expected one of \[3, 5\], got 4",
    ),
    (
        widgets.ConvolutionExplorer,
        lambda: widgets.ConvolutionExplorer(
            STACK, None, index=0, kernel="random", kernel_size=3, seed=1, relu=None
        ),
        TypeError,
        "relu: expected True or False",
    ),
    (
        widgets.FiltersExplorer,
        lambda: widgets.FiltersExplorer(DIGIT, n_filters=0, seed=1, relu=False, ncols=8),
        ValueError,
        "n_filters: expected an integer in 1..36, got 0",
    ),
    (
        widgets.PoolingExplorer,
        lambda: widgets.PoolingExplorer(DIGIT, filters=np.ones((5, 5))),
        ValueError,
        r"filters: expected shape \(n_filters, k, k\)",
    ),
    (
        widgets.NetworkExplorer,
        lambda: widgets.NetworkExplorer(None, STACK, None, index=0, layer=None, keras=keras_module()),
        TypeError,
        MODEL,
    ),
    (
        widgets.NetworkExplorer,
        lambda: widgets.NetworkExplorer(None, STACK, None, index=0, layer=None, keras="keras"),
        TypeError,
        "keras: expected the keras module, got str",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(DIGIT),
        ValueError,
        re.escape("images: expected shape (n, height, width) or (n, height, width, 1), got shape (28, 28)"),
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, index=2),
        ValueError,
        r"index: expected an integer in 0..1, got 2",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, index=1.0),
        TypeError,
        "index: exp",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, [1]),
        ValueError,
        r"labels: expected a 1-D array of 2 class numbers, got shape \(1,\)",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, [1, 12]),
        ValueError,
        "labels: expected class numbers in 0..9, got 1..12",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, kernel="blur"),
        ValueError,
        r"kernel: expected one of \['random'",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, kernel_size=4),
        ValueError,
        "kernel_size: expected one of",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, kernel_size="5"),
        TypeError,
        "kernel_size: expected one of",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, relu=1),
        TypeError,
        "relu: expected True or False, got int 1",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer([["a"]]),
        TypeError,
        "images: expected a real numeric array",
    ),
    (
        widgets.convolution_explorer,
        lambda: widgets.convolution_explorer(STACK, seed=-1),
        ValueError,
        f"seed: expected an integer in 0..{SEED_MAX}, got -1",
    ),
    (
        widgets.filters_explorer,
        lambda: widgets.filters_explorer(np.full((28, 28), np.nan)),
        ValueError,
        "image: expected finite values",
    ),
    (
        widgets.filters_explorer,
        lambda: widgets.filters_explorer(DIGIT, n_filters=37),
        ValueError,
        "n_filters: expected an integer in 1..36, got 37",
    ),
    (
        widgets.filters_explorer,
        lambda: widgets.filters_explorer(DIGIT, seed=-1),
        ValueError,
        "seed: expected an i",
    ),
    (
        widgets.filters_explorer,
        lambda: widgets.filters_explorer(DIGIT, ncols=0),
        ValueError,
        "ncols: expected an",
    ),
    (
        widgets.filters_explorer,
        lambda: widgets.filters_explorer(None),
        TypeError,
        "image: expected a real numeric",
    ),
    (
        widgets.pooling_explorer,
        lambda: widgets.pooling_explorer(STACK),
        ValueError,
        re.escape("image: expected shape (height, width) or (height, width, 1), got shape (2, 28, 28)"),
    ),
    (
        widgets.pooling_explorer,
        lambda: widgets.pooling_explorer(np.zeros((3, 3))),
        ValueError,
        "image: expected images at least 4 x 4 pixels",
    ),
    (
        widgets.pooling_explorer,
        lambda: widgets.pooling_explorer(DIGIT, seed="10"),
        TypeError,
        "seed: expected an integer, got str",
    ),
    (widgets.network_explorer, lambda: widgets.network_explorer(object(), STACK), TypeError, MODEL),
    (widgets.network_explorer, lambda: widgets.network_explorer(None, STACK), TypeError, MODEL),
    (
        widgets.network_explorer,
        lambda: widgets.network_explorer(cnn(), np.zeros((2, 14, 14))),
        ValueError,
        "images: expected images of 28 x 28 with one channel for this model",
    ),
    (
        widgets.network_explorer,
        lambda: widgets.network_explorer(cnn(), STACK, layer="dense_1"),
        ValueError,
        r"layer: expected one of \['conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2'\], got 'dense_1'",
    ),
    (
        widgets.network_explorer,
        lambda: widgets.network_explorer(cnn(), STACK, index=-1),
        ValueError,
        "index: expected an integer in 0..1, got -1",
    ),
    # --- 08_beyond_the_article: the shift explorer, and the networks kept for the HTML book
    (
        widgets.shift_explorer,
        lambda: widgets.shift_explorer([cnn()], STACK),
        TypeError,
        "networks: expected a dict of name -> Keras model, got list",
    ),
    (
        widgets.shift_explorer,
        lambda: widgets.shift_explorer({}, STACK),
        ValueError,
        "networks: expected at least one",
    ),
    (
        widgets.shift_explorer,
        lambda: widgets.shift_explorer({"CNN": object()}, STACK),
        TypeError,
        r"networks\['CNN'\]: expected a Keras model",
    ),
    (
        widgets.shift_explorer,
        lambda: widgets.shift_explorer({"MLP": models.build_mlp()}, np.zeros((2, 14, 14))),
        ValueError,
        r"images: expected images of 28 x 28 with one channel for networks\['MLP'\]",
    ),
    (
        widgets.shift_explorer,
        lambda: widgets.shift_explorer({"CNN": cnn()}, STACK, max_shift=0),
        ValueError,
        "max_shift: expected an integer in 1..28, got 0",
    ),
    (
        widgets.shift_explorer,
        lambda: widgets.shift_explorer({"CNN": cnn()}, STACK, labels=[1]),
        ValueError,
        "labels",
    ),
    (
        widgets.ShiftExplorer,
        lambda: widgets.ShiftExplorer({"CNN": cnn()}, STACK, None, index=0, max_shift="10"),
        TypeError,
        "max_shift: expected an integer, got str",
    ),
    (
        runs.save_companion,
        lambda: runs.save_companion("run", "mlp", models.build_mlp()),
        TypeError,
        "run: expected a runs.TrainedRun, got str",
    ),
    (
        runs.load_companion,
        lambda: runs.load_companion(None, "mlp"),
        TypeError,
        "run: expected a runs.TrainedRun",
    ),
    (
        web.book_model,
        lambda: web.book_model(ROOT / "web" / "cnn_weights.npz", build=models.build_mlp),
        ValueError,
        "path: cnn_weights.npz has no weights for layer 'hidden' of mnist_mlp",
    ),
    (
        web.book_model,
        lambda: web.book_model(ROOT / "web" / "cnn_weights.npz", build="mlp"),
        TypeError,
        "build: expected a function",
    ),
    # --- 08_beyond_the_article: the multilayer perceptron and the plots of the chapter
    (
        models.build_mlp,
        lambda: models.build_mlp(hidden_units=0),
        ValueError,
        "hidden_units: expected an integer >= 1, got 0",
    ),
    (
        models.build_mlp,
        lambda: models.build_mlp(hidden_units=300.0),
        TypeError,
        "hidden_units: expected an integer, got float",
    ),
    (
        models.build_mlp,
        lambda: models.build_mlp(input_shape=(28, 28)),
        ValueError,
        "input_shape: expected a list of 3 integers, got 2",
    ),
    (models.build_mlp, lambda: models.build_mlp(name=""), ValueError, "name: expected a non-empty string"),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], [0.9, 0.8]),
        TypeError,
        "accuracies: expected a dict of accuracies by network name, got list",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], {}),
        ValueError,
        "accuracies: expected at least one network, got an empty dict",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], {"CNN": [0.9]}),
        ValueError,
        r"accuracies\['CNN'\]: expected shape \(2,\), one per step, got shape \(1,\)",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], {"CNN": [99.0, 98.0]}),
        ValueError,
        r"accuracies\['CNN'\]: expected values in \[0, 1\], got 98.0..99.0",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([[0, 1]], {"CNN": [0.9, 0.8]}),
        ValueError,
        r"steps: expected shape \(steps,\), got shape \(1, 2\)",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], {"CNN": [0.9, 0.8]}, intervals={"MLP": [[0, 0], [1, 1]]}),
        ValueError,
        r"intervals: expected names of accuracies \['CNN'\], got \['MLP'\]",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], {"CNN": [0.9, 0.8]}, intervals={"CNN": [[1, 1], [0, 0]]}),
        ValueError,
        r"intervals\['CNN'\]: expected low <= high at every step",
    ),
    (
        plots.plot_accuracy_curves,
        lambda: plots.plot_accuracy_curves([0, 1], {"CNN": [0.9, 0.8]}, chance=10),
        ValueError,
        "chance: expected a number",
    ),
    (
        plots.plot_reliability,
        lambda: plots.plot_reliability({"CNN": {"low": [0.0]}}),
        ValueError,
        r"tables\['CNN'\]: expected robustness.reliability's table, missing \['high', 'count', 'confidence', 'accuracy'\]",
    ),
    (
        plots.plot_reliability,
        lambda: plots.plot_reliability({"CNN": ONE_HOT}),
        TypeError,
        r"tables\['CNN'\]: expected robustness.reliability's table, got ndarray",
    ),
    (
        plots.plot_reliability,
        lambda: plots.plot_reliability({str(k): {} for k in range(5)}),
        ValueError,
        "tables: expected at most 4 networks, got 5",
    ),
    (
        plots.plot_reliability,
        lambda: plots.plot_reliability({1: {}}),
        TypeError,
        "tables key: expected a non-empty string, got int 1",
    ),
    (
        plots.plot_occlusion_maps,
        lambda: plots.plot_occlusion_maps(STACK, {"CNN": np.zeros((2, 12, 12))}, patch=4, stride=2),
        ValueError,
        r"maps\['CNN'\]: expected shape \(2, 13, 13\): one map per image for patch 4, stride 2, got shape \(2, 12, 12\)",
    ),
    (
        plots.plot_occlusion_maps,
        lambda: plots.plot_occlusion_maps(STACK, {"CNN": np.zeros((2, 1, 1))}, patch=29, stride=2),
        ValueError,
        "patch: expected an integer in 1..28, got 29",
    ),
    (
        plots.plot_occlusion_maps,
        lambda: plots.plot_occlusion_maps(
            STACK, {"CNN": np.zeros((2, 13, 13))}, patch=4, stride=2, titles=["only one"]
        ),
        ValueError,
        r"titles: expected one title per image \(2\), got 1",
    ),
    (
        plots.plot_occlusion_maps,
        lambda: plots.plot_occlusion_maps(DIGIT, {"CNN": np.zeros((2, 13, 13))}, patch=4, stride=2),
        ValueError,
        r"images: expected shape \(n, H, W\) or \(n, H, W, 1\), got shape \(28, 28\)",
    ),
]


def target_of(case):
    return case.values[0] if hasattr(case, "values") else case[0]


def public_callables():
    """Every function and class each cnn_lib module defines (not imports), by qualified name.

    Exceptions are left out: they take any message.
    """
    found = {}
    for module_info in pkgutil.iter_modules(cnn_lib.__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"cnn_lib.{module_info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(value) and issubclass(value, BaseException):
                continue
            if inspect.isfunction(value) or inspect.isclass(value):
                found[f"{module_info.name}.{name}"] = value
    return found


def name_of(target):
    return f"{target.__module__.removeprefix('cnn_lib.')}.{target.__qualname__}"


def test_every_public_function_has_a_bad_input_case():
    listed = public_callables()
    covered = {name_of(target_of(case)) for case in BAD_INPUTS}
    missing = sorted(set(listed) - covered)
    assert not missing, f"public functions without a bad-input case in BAD_INPUTS: {missing}"
    unknown = sorted(covered - set(listed))
    assert not unknown, f"cases for functions the listing does not find: {unknown}"
    print(f"{len(listed)} public functions and classes, {len(BAD_INPUTS)} bad-input cases")


def test_the_listing_finds_what_it_should():
    """The listing itself: all modules, functions and classes, and nothing imported."""
    listed = public_callables()
    modules = {name.split(".")[0] for name in listed}
    assert {
        "data",
        "digitize",
        "evaluation",
        "models",
        "ops",
        "plots",
        "report",
        "raster",
        "robustness",
        "runs",
        "speed",
        "training",
    } <= modules
    assert {"web", "widgets"} <= modules
    assert listed["training.Recipe"] is training.Recipe and listed["speed.SpeedRun"] is speed.SpeedRun
    assert listed["widgets.ConvolutionExplorer"] is widgets.ConvolutionExplorer
    assert "plots.math" not in listed and "training.Path" not in listed, "imports are not the module's own"
    assert "data.MnistUnavailableError" not in listed
    assert "ops._checks" not in listed and not any(name.split(".")[1].startswith("_") for name in listed)


def case_id(case):
    target = target_of(case)
    return name_of(target)


@pytest.mark.parametrize(
    "target, call, error, message",
    BAD_INPUTS,
    ids=[f"{case_id(case)}-{number:03d}" for number, case in enumerate(BAD_INPUTS)],
)
def test_bad_input_raises_and_names_the_argument(target, call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_checks_say_the_same_for_the_same_mistake():
    """One wording: the same mistake gets the same message, whichever function it reaches."""
    seeds = []
    for call in (
        lambda: ops.random_filters(1, 3, seed=-1),
        lambda: training.Recipe(seed=-1),
        lambda: widgets.filters_explorer(DIGIT, seed=-1),
        lambda: training.set_seed(-1),
    ):
        with pytest.raises(ValueError) as raised:
            call()
        seeds.append(str(raised.value))
    assert len(set(seeds)) == 1, seeds
    rates = []
    for call in (lambda: models.build_cnn(conv_dropout=1.0), lambda: training.Recipe(validation_split=1.0)):
        with pytest.raises(ValueError) as raised:
            call()
        rates.append(str(raised.value).split(":", 1)[1])
    assert len(set(rates)) == 1, rates
    with pytest.raises(ValueError, match="kernel_size: expected an integer >= 1, got 0"):
        plots.plot_sliding_window(IMAGE, 0)
    with pytest.raises(ValueError, match="kernel_size: expected an integer >= 1, got 0"):
        ops.same_padding(0)


def test_upscale_refuses_before_allocating():
    side = raster.MAX_UPSCALED_SIDE
    assert raster.upscale(RGB, side // 3).shape == (2 * (side // 3), 3 * (side // 3), 3)
    with pytest.raises(ValueError, match=f"scale: expected an integer in 1..{side // 3}"):
        raster.upscale(RGB, side // 3 + 1)


def test_checks_helpers_directly():
    assert _checks.integer("n", np.int64(3)) == 3 and _checks.integer("n", 0, minimum=0) == 0
    assert _checks.fraction("f", 0) == 0.0 and _checks.boolean("b", np.bool_(True)) is True
    assert _checks.choice("c", "a", ("a", "b")) == "a"
    assert _checks.number_text("w", " -0.25 ") == -0.25
    assert _checks.integers("i", range(3), minimum=0) == [0, 1, 2]
    with pytest.raises(ValueError, match="w: expected a finite number, got 'abc'"):
        _checks.number_text("w", "abc")
    with pytest.raises(ValueError, match="w: expected a number within"):
        _checks.number_text("w", "1e40", limit=3.4e38)
    with pytest.raises(ValueError, match="n: expected an integer <= 2, got 3"):
        _checks.integer("n", 3, minimum=None, maximum=2)


def test_valid_edge_inputs_still_work():
    """The checks leave valid input alone: even kernels, a pool equal to the image, one label."""
    assert ops.conv2d(IMAGE, np.ones((4, 4)), "valid").shape == (3, 3)
    assert ops.max_pool2d(IMAGE, 6).shape == (1, 1)
    assert ops.relu(np.array([-1, 2])).tolist() == [0, 2]
    assert ops.relu(np.zeros(0)).shape == (0,)
    assert ops.random_filters(1, 3, seed=SEED_MAX).shape == (1, 3, 3)
    assert models.conv_parameters(16, 5, 1) == 416 and models.dense_parameters(10, 128) == 1290
    assert evaluation.misclassified(np.array([9]), np.array([0])).tolist() == [0]
    assert isinstance(evaluation.top_confusions(MATRIX, n=1), pd.DataFrame)
    assert data.one_hot(np.array([], int)).shape == (0, 10)
    assert training.Recipe(seed=0, validation_split=0.0).seed == 0
    assert training.split_sizes(0, 0.2) == (0, 0)
    assert digitize.centre_offset(np.ones((28, 28))) == (0, 0)
    assert digitize.to_mnist(DRAWING).shape == (28, 28)
    assert not speed.native_bfloat16(set()) and speed.native_bfloat16(frozenset({"amx_bf16"}))
    assert raster.colorize(np.zeros((2, 2), bool), "gray").shape == (2, 2, 3)
    assert raster.mosaic([RGB, RGB], 1).shape == (2 * 2 + 4, 3, 3)
    assert speed_run(validation=0.5).epoch_training == pytest.approx(0.1 * 160)
    assert (robustness.shift_images(STACK + 1, 28, -28) == 0).all()
    assert robustness.shift_each(STACK, np.array([[28, 0], [0, -28]])).shape == STACK.shape
    assert robustness.binomial_interval(1, 1) == (pytest.approx(0.206549, abs=1e-6), 1.0)
    assert robustness.mcnemar([1], [1]) == (0, 0, 1.0)
    assert robustness.expected_calibration_error(ONE_HOT, LABELS, bins=1000) == 0.0
    assert robustness.occlusion_map(
        lambda x: np.eye(10)[np.zeros(len(x), int)], DIGIT, 0, patch=28
    ).shape == (1, 1)
