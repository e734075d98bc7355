"""Every public function of cnn_lib refuses bad input with an error that names the argument.

Each case is (call, exception type, pattern): the pattern starts with the argument's name
and says what was expected, so a reader of the message knows what to fix.
"""

import math

import numpy as np
import pandas as pd
import pytest

from cnn_lib import data, evaluation, models, ops, plots, report, training

IMAGE = np.zeros((6, 6), np.float32)
NAN_IMAGE = np.full((6, 6), np.nan, np.float32)
INF_IMAGE = np.full((6, 6), np.inf, np.float32)
KERNEL = np.ones((3, 3), np.float32)
LABELS = np.array([5, 0, 4, 1])
BATCH = np.zeros((4, 28, 28, 1), np.float32)
ONE_HOT = np.eye(10, dtype=np.float32)[LABELS]
MATRIX = evaluation.confusion_matrix(LABELS, LABELS)


class FixedModel:
    """Stands in for a Keras model: predict gives class 0 for every image."""

    def predict(self, images, batch_size, verbose):
        return np.eye(10)[np.zeros(len(images), int)]


def nan_batch():
    batch = BATCH.copy()
    batch[0, 0, 0, 0] = np.nan
    return batch


BAD_INPUTS = [
    # data.preprocess_images
    (
        lambda: data.preprocess_images(np.zeros((28, 28), np.uint8)),
        ValueError,
        r"images: expected .*\(n, height",
    ),
    (lambda: data.preprocess_images(np.zeros((1, 28, 28, 1), np.uint8)), ValueError, "images: expected"),
    (
        lambda: data.preprocess_images(np.zeros((1, 28, 28), np.float32)),
        TypeError,
        "images: expected dtype uint8",
    ),
    (
        lambda: data.preprocess_images(np.zeros((0, 28, 28), np.uint8)),
        ValueError,
        "images: expected at least one",
    ),
    (lambda: data.preprocess_images([["a"]]), ValueError, "images: expected"),
    # data.one_hot
    (lambda: data.one_hot(np.zeros((2, 2), int)), ValueError, "labels: expected a 1-D array"),
    (lambda: data.one_hot(np.array([0.0, 1.0])), TypeError, "labels: expected integers"),
    (lambda: data.one_hot(np.array([-1, 3])), ValueError, r"labels: expected values in 0..9, got -1..3"),
    (lambda: data.one_hot(np.array([0, 10])), ValueError, r"labels: expected values in 0..9"),
    (lambda: data.one_hot(np.array([True, False])), TypeError, "labels: expected integers"),
    (lambda: data.one_hot(LABELS, num_classes=0), ValueError, "num_classes: expected an integer >= 1, got 0"),
    (lambda: data.one_hot(LABELS, num_classes=2.5), TypeError, "num_classes: expected an integer"),
    # data.verify_mnist (MnistIntegrityError is a ValueError)
    (
        lambda: data.verify_mnist(np.zeros((5, 28, 28), np.uint8), 0, 0, 0),
        ValueError,
        r"x_train from the data: expected uint8 of shape \(60000, 28, 28\)",
    ),
    (
        lambda: data.verify_mnist(np.zeros((60000, 28, 28), np.float32), 0, 0, 0),
        ValueError,
        "x_train from the data: expected uint8",
    ),
    (
        lambda: data.verify_mnist(np.zeros((60000, 28, 28), np.uint8), 0, 0, 0),
        ValueError,
        "x_train from the data: SHA-256 .* is not MNIST's",
    ),
    # ops.conv2d
    (lambda: ops.conv2d(np.zeros(5), KERNEL), ValueError, r"image: expected shape \(height, width\)"),
    (lambda: ops.conv2d(np.zeros((1, 6, 6)), KERNEL), ValueError, "image: expected shape"),
    (lambda: ops.conv2d(np.zeros((0, 6)), KERNEL), ValueError, "image: expected a non-empty array"),
    (lambda: ops.conv2d(NAN_IMAGE, KERNEL), ValueError, "image: expected finite values, got NaN"),
    (lambda: ops.conv2d(INF_IMAGE, KERNEL), ValueError, "image: expected finite values"),
    (lambda: ops.conv2d(IMAGE.astype(complex), KERNEL), TypeError, "image: expected real numbers"),
    (lambda: ops.conv2d(np.array([["a"]]), KERNEL), TypeError, "image: expected a numeric array"),
    (lambda: ops.conv2d(IMAGE, np.ones(3)), ValueError, r"kernels: expected shape \(kh, kw\)"),
    (lambda: ops.conv2d(IMAGE, np.ones((0, 3, 3))), ValueError, "kernels: expected a non-empty array"),
    (lambda: ops.conv2d(IMAGE, np.full((3, 3), np.nan)), ValueError, "kernels: expected finite values"),
    (lambda: ops.conv2d(IMAGE, np.ones((7, 7)), "valid"), ValueError, "kernels: a 7x7 kernel does not fit"),
    (lambda: ops.conv2d(IMAGE, KERNEL, "full"), ValueError, r"padding: expected one of \('same', 'valid'\)"),
    # ops.relu
    (lambda: ops.relu(np.array([1.0, np.nan])), ValueError, "x: expected finite values, got NaN"),
    (lambda: ops.relu(np.array([1.0, -np.inf])), ValueError, "x: expected finite values"),
    (lambda: ops.relu(np.array(["a"])), TypeError, "x: expected a real numeric array"),
    (lambda: ops.relu(np.array([1j])), TypeError, "x: expected a real numeric array"),
    # ops.pool2d and ops.max_pool2d
    (
        lambda: ops.pool2d(IMAGE, 7),
        ValueError,
        "pool_size: expected at most the image's smaller side 6, got 7",
    ),
    (lambda: ops.pool2d(IMAGE, 0), ValueError, "pool_size: expected an integer >= 1, got 0"),
    (lambda: ops.pool2d(IMAGE, -2), ValueError, "pool_size: expected an integer >= 1"),
    (lambda: ops.pool2d(IMAGE, 2.0), TypeError, "pool_size: expected an integer, got float"),
    (lambda: ops.pool2d(IMAGE, True), TypeError, "pool_size: expected an integer, got bool"),
    (lambda: ops.pool2d(IMAGE, 2, mode="min"), ValueError, "mode: expected one of"),
    (lambda: ops.pool2d(np.zeros(6), 2), ValueError, r"image: expected shape \(H, W\)"),
    (lambda: ops.pool2d(np.zeros((1, 1, 6, 6)), 2), ValueError, "image: expected shape"),
    (lambda: ops.max_pool2d(NAN_IMAGE), ValueError, "image: expected finite values"),
    (lambda: ops.max_pool2d(np.zeros((6, 0))), ValueError, "image: expected a non-empty array"),
    (
        lambda: ops.max_pool2d(np.zeros((1, 6))),
        ValueError,
        "pool_size: expected at most the image's smaller side 1",
    ),
    # ops.random_filters, ops.preset_kernel, ops.same_padding
    (lambda: ops.random_filters(0), ValueError, "n_filters: expected an integer >= 1, got 0"),
    (lambda: ops.random_filters(16, 0), ValueError, "size: expected an integer >= 1, got 0"),
    (lambda: ops.random_filters(16, -3), ValueError, "size: expected an integer >= 1"),
    (lambda: ops.random_filters(16, 5.0), TypeError, "size: expected an integer, got float"),
    (lambda: ops.random_filters(16, 5, seed=-1), ValueError, "seed: expected an integer >= 0"),
    (lambda: ops.random_filters(16, 5, seed="10"), TypeError, "seed: expected an integer, got str"),
    (lambda: ops.preset_kernel("blur"), ValueError, "name: expected one of"),
    (lambda: ops.preset_kernel(3), TypeError, "name: expected a string"),
    (lambda: ops.same_padding(0), ValueError, "kernel_size: expected an integer >= 1, got 0"),
    (lambda: ops.same_padding(2.5), TypeError, "kernel_size: expected an integer"),
    # models.build_cnn (refused before TensorFlow is touched)
    (lambda: models.build_cnn(kernel_size=0), ValueError, "kernel_size: expected an integer >= 1, got 0"),
    (lambda: models.build_cnn(kernel_size=-5), ValueError, "kernel_size: expected an integer >= 1"),
    (lambda: models.build_cnn(kernel_size=5.0), TypeError, "kernel_size: expected an integer, got float"),
    (lambda: models.build_cnn(conv1_filters=0), ValueError, "conv1_filters: expected an integer >= 1"),
    (lambda: models.build_cnn(dense_units=None), TypeError, "dense_units: expected an integer, got NoneType"),
    (lambda: models.build_cnn(pool_size=6), ValueError, "pool_size: two poolings of 6 do not fit a 28x28"),
    (lambda: models.build_cnn(conv_dropout=1.0), ValueError, r"conv_dropout: expected a rate in \[0, 1\)"),
    (lambda: models.build_cnn(dense_dropout=-0.1), ValueError, "dense_dropout: expected a rate"),
    (lambda: models.build_cnn(dense_dropout="0.5"), TypeError, "dense_dropout: expected a number"),
    (
        lambda: models.build_cnn(input_shape=(28, 28)),
        ValueError,
        r"input_shape: expected \(height, width, channels\)",
    ),
    (lambda: models.build_cnn(input_shape=28), ValueError, "input_shape: expected"),
    (lambda: models.build_cnn(input_shape=(28, 0, 1)), ValueError, "input_shape: expected an integer >= 1"),
    (lambda: models.build_cnn(name=""), TypeError, "name: expected a non-empty string"),
    # models.conv_parameters and models.dense_parameters
    (lambda: models.conv_parameters(16, 0, 1), ValueError, "kernel_size: expected an integer >= 1, got 0"),
    (lambda: models.conv_parameters(0, 5, 1), ValueError, "filters: expected an integer >= 1, got 0"),
    (lambda: models.conv_parameters(16, 5, -1), ValueError, "in_channels: expected an integer >= 1"),
    (lambda: models.conv_parameters(16, 5.5, 1), TypeError, "kernel_size: expected an integer, got float"),
    (lambda: models.dense_parameters(0, 1764), ValueError, "units: expected an integer >= 1, got 0"),
    (lambda: models.dense_parameters(128, -1), ValueError, "inputs: expected an integer >= 1"),
    (lambda: models.dense_parameters(128, "1764"), TypeError, "inputs: expected an integer, got str"),
    # training.Recipe
    (lambda: training.Recipe(epochs=0), ValueError, "epochs: expected a positive integer, got 0"),
    (lambda: training.Recipe(epochs=-1), ValueError, "epochs: expected a positive integer"),
    (lambda: training.Recipe(epochs=2.0), TypeError, "epochs: expected an integer"),
    (lambda: training.Recipe(batch_size=0), ValueError, "batch_size: expected a positive integer"),
    (lambda: training.Recipe(seed=-1), ValueError, "seed: expected a positive integer"),
    (lambda: training.Recipe(seed=True), TypeError, "seed: expected an integer"),
    (
        lambda: training.Recipe(validation_split=-0.1),
        ValueError,
        r"validation_split: expected a fraction in \[0, 1\)",
    ),
    (lambda: training.Recipe(validation_split=math.nan), ValueError, "validation_split: expected a fraction"),
    (lambda: training.Recipe(validation_split="0.2"), TypeError, "validation_split: expected a fraction"),
    (lambda: training.Recipe(validation_split=False), TypeError, "validation_split: expected a fraction"),
    (lambda: training.Recipe(optimizer=None), TypeError, "optimizer: expected a Keras name"),
    (lambda: training.Recipe(loss=""), TypeError, "loss: expected a Keras name"),
    # training.run_key (checked before any model is built)
    (
        lambda: training.run_key(BATCH[..., 0], ONE_HOT),
        ValueError,
        r"x_train: expected shape \(n, 28, 28, 1\)",
    ),
    (lambda: training.run_key(BATCH.astype(np.uint8), ONE_HOT), TypeError, "x_train: expected float32"),
    (lambda: training.run_key(BATCH[:0], ONE_HOT[:0]), ValueError, "x_train: expected at least one image"),
    (lambda: training.run_key(nan_batch(), ONE_HOT), ValueError, "x_train: expected finite values"),
    (lambda: training.run_key(BATCH, LABELS), ValueError, "y_train: expected one-hot rows"),
    (lambda: training.run_key(BATCH, ONE_HOT[:3]), ValueError, r"y_train: expected one-hot rows .* n = 4"),
    (
        lambda: training.run_key(BATCH, np.full((4, 10), np.nan, np.float32)),
        ValueError,
        "y_train: expected finite",
    ),
    (
        lambda: training.run_key(BATCH, ONE_HOT, {"epochs": 2}),
        TypeError,
        "recipe: expected a training.Recipe",
    ),
    # evaluation.predict_classes
    (
        lambda: evaluation.predict_classes(FixedModel(), BATCH[..., 0]),
        ValueError,
        r"images: expected shape \(n, 28",
    ),
    (
        lambda: evaluation.predict_classes(FixedModel(), BATCH[:0]),
        ValueError,
        "images: expected at least one",
    ),
    (
        lambda: evaluation.predict_classes(FixedModel(), nan_batch()),
        ValueError,
        "images: expected finite values",
    ),
    (
        lambda: evaluation.predict_classes(FixedModel(), BATCH.astype(np.uint8)),
        TypeError,
        "images: expected floats",
    ),
    (lambda: evaluation.predict_classes(None, BATCH), TypeError, "model: expected a Keras model"),
    (
        lambda: evaluation.predict_classes(FixedModel(), BATCH, batch_size=0),
        ValueError,
        "batch_size: expected an",
    ),
    # evaluation.confusion_matrix, misclassified, select_confusions, top_confusions
    (lambda: evaluation.confusion_matrix(LABELS, LABELS[:2]), ValueError, "predictions: expected the shape"),
    (
        lambda: evaluation.confusion_matrix(LABELS[:0], LABELS[:0]),
        ValueError,
        "labels: expected at least one",
    ),
    (lambda: evaluation.confusion_matrix(LABELS * 1.0, LABELS), TypeError, "labels: expected integer"),
    (
        lambda: evaluation.confusion_matrix(LABELS, LABELS + 9),
        ValueError,
        r"predictions: expected class numbers in 0..9",
    ),
    (
        lambda: evaluation.confusion_matrix(-LABELS, LABELS),
        ValueError,
        "labels: expected class numbers in 0..9",
    ),
    (
        lambda: evaluation.confusion_matrix(LABELS[None], LABELS[None]),
        ValueError,
        "labels: expected a 1-D array",
    ),
    (lambda: evaluation.confusion_matrix(LABELS, LABELS, num_classes=0), ValueError, "num_classes: expected"),
    (lambda: evaluation.misclassified(LABELS, LABELS[:3]), ValueError, "predictions: expected the shape"),
    (
        lambda: evaluation.misclassified(LABELS, np.array([], int)),
        ValueError,
        "predictions: expected at least",
    ),
    (
        lambda: evaluation.select_confusions(LABELS, LABELS, 10, 3),
        ValueError,
        r"label: expected a class in 0..9",
    ),
    (lambda: evaluation.select_confusions(LABELS, LABELS, 5, -1), ValueError, "predict: expected a class"),
    (lambda: evaluation.select_confusions(LABELS, LABELS, 5.5, 3), TypeError, "label: expected an integer"),
    (
        lambda: evaluation.select_confusions(LABELS, LABELS[:2], 5, 3),
        ValueError,
        "predictions: expected the shape",
    ),
    (lambda: evaluation.top_confusions(np.zeros((10, 10))), TypeError, "matrix: expected the DataFrame"),
    (lambda: evaluation.top_confusions(MATRIX, n=0), ValueError, "n: expected an integer >= 1"),
    # plots
    (lambda: plots.plot_image(np.zeros(5)), ValueError, r"image: expected a 2-D image \(H, W\)"),
    (lambda: plots.plot_image(np.zeros((0, 0))), ValueError, "image: expected a non-empty array"),
    (lambda: plots.plot_image(NAN_IMAGE), ValueError, "image: expected finite values"),
    (lambda: plots.plot_image(np.array([["a"]])), TypeError, "image: expected real numbers"),
    (lambda: plots.plot_kernel(np.zeros((3, 3, 3))), ValueError, "kernel: expected a 2-D image"),
    (lambda: plots.plot_kernel(np.zeros((0, 3))), ValueError, "kernel: expected a non-empty array"),
    (lambda: plots.plot_feature_maps(np.zeros((0, 4, 4))), ValueError, "maps: expected a non-empty array"),
    (
        lambda: plots.plot_feature_maps(np.zeros((4, 4))),
        ValueError,
        r"maps: expected shape \(n, height, width\)",
    ),
    (
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), ncols=0),
        ValueError,
        "ncols: expected an integer >= 1",
    ),
    (
        lambda: plots.plot_feature_maps(np.zeros((2, 4, 4)), titles=["a"]),
        ValueError,
        r"titles: expected one title",
    ),
    (
        lambda: plots.plot_history({"loss": [1.0]}, "accuracy"),
        ValueError,
        r"metric: expected one of \['loss'\]",
    ),
    (
        lambda: plots.plot_history({"loss": [], "val_loss": []}, "loss"),
        ValueError,
        "history: expected as many",
    ),
    (lambda: plots.plot_history([1.0], "loss"), TypeError, "history: expected a Keras History"),
    (
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, start=4),
        ValueError,
        r"start: expected an index in 0..3",
    ),
    (
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=[0, 4]),
        ValueError,
        r"indices: expected image",
    ),
    (
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=[-1]),
        ValueError,
        "indices: expected image",
    ),
    (
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, indices=[]),
        ValueError,
        "indices: expected at least",
    ),
    (
        lambda: plots.plot_predictions(BATCH[:0], LABELS[:0], LABELS[:0]),
        ValueError,
        "images: expected a non-empty",
    ),
    (lambda: plots.plot_predictions(BATCH, LABELS[:3], LABELS), ValueError, r"labels: expected shape \(4,\)"),
    (
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS[:3]),
        ValueError,
        r"predictions: expected shape \(4,\)",
    ),
    (
        lambda: plots.plot_predictions(BATCH, LABELS, LABELS, num=0),
        ValueError,
        "num: expected an integer >= 1",
    ),
    (lambda: plots.plot_confusion_matrix(np.zeros((10, 9))), ValueError, "matrix: expected a square table"),
    (lambda: plots.plot_confusion_matrix(np.zeros((0, 0))), ValueError, "matrix: expected a non-empty array"),
    (lambda: plots.plot_confusion_matrix(-np.eye(3)), ValueError, "matrix: expected counts >= 0"),
    (
        lambda: plots.plot_sliding_window(IMAGE, 7),
        ValueError,
        "kernel_size: expected at most the image's smaller",
    ),
    (lambda: plots.plot_sliding_window(IMAGE, 0), TypeError, "kernel_size: expected a positive integer"),
    (
        lambda: plots.plot_sliding_window(IMAGE, 3, steps=(0,)),
        ValueError,
        "steps: expected positions between 1",
    ),
    (
        lambda: plots.plot_sliding_window(IMAGE, 3, steps=(17,)),
        ValueError,
        "steps: expected positions between 1 and 16",
    ),
    (
        lambda: plots.plot_pooling_example(IMAGE, 7),
        ValueError,
        "pool_size: expected at most the image's smaller",
    ),
    (lambda: plots.plot_pooling_example(np.zeros((13, 13))), ValueError, "image: expected a small array"),
    (lambda: plots.plot_pooling_example(IMAGE, 2, mode="min"), ValueError, "mode: expected one of"),
    # report.glue
    (lambda: report.glue(3, 1.0), TypeError, "name: expected a string key"),
    (lambda: report.glue("", 1.0), ValueError, "name: expected a non-empty key"),
]


def test_at_least_sixty_bad_inputs_are_tried():
    print(f"bad inputs tried: {len(BAD_INPUTS)}")
    assert len(BAD_INPUTS) >= 60, f"expected at least 60 bad inputs, have {len(BAD_INPUTS)}"


@pytest.mark.parametrize(
    "call, error, message", BAD_INPUTS, ids=[f"case{n:03d}" for n in range(len(BAD_INPUTS))]
)
def test_bad_input_raises_and_names_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_valid_edge_inputs_still_work():
    """The new checks leave valid input alone: even kernels, a pool equal to the image, one label."""
    assert ops.conv2d(IMAGE, np.ones((4, 4)), "valid").shape == (3, 3)
    assert ops.max_pool2d(IMAGE, 6).shape == (1, 1)
    assert ops.relu(np.array([-1, 2])).tolist() == [0, 2]
    assert models.conv_parameters(16, 5, 1) == 416 and models.dense_parameters(10, 128) == 1290
    assert evaluation.misclassified(np.array([9]), np.array([0])).tolist() == [0]
    assert isinstance(evaluation.top_confusions(MATRIX, n=1), pd.DataFrame)
