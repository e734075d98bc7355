"""The article's CNN in Keras 3, and the arithmetic behind its summary.

Introduced in 04_data_and_model; ``build_mlp``, the CNN's convolution-free rival, in
08_beyond_the_article. TensorFlow/Keras is imported only inside the functions.
"""

from __future__ import annotations

from . import _checks, article

#: The article's layer names, so that ``model.summary()`` reads like the article's and stays
#: the same however many models a kernel has built before.
LAYER_NAMES = (
    "conv2d_1",
    "max_pooling2d_1",
    "conv2d_2",
    "max_pooling2d_2",
    "dropout_1",
    "flatten_1",
    "dense_1",
    "dropout_2",
    "dense_2",
)


def build_cnn(
    *,
    conv1_filters: int = article.CONV1_FILTERS,
    conv2_filters: int = article.CONV2_FILTERS,
    kernel_size: int = article.KERNEL_SIZE,
    pool_size: int = article.POOL_SIZE,
    conv_dropout: float = article.CONV_DROPOUT,
    dense_units: int = article.DENSE_UNITS,
    dense_dropout: float = article.DENSE_DROPOUT,
    num_classes: int = article.NUM_CLASSES,
    input_shape: tuple[int, int, int] = article.INPUT_SHAPE,
    name: str = "mnist_cnn",
):
    """Return the article's uncompiled ``keras.Sequential`` CNN (defaults: the article's values).

    Conv2D(16, 5x5, 'same', ReLU) -> MaxPooling2D(2) -> Conv2D(36, 5x5, 'same', ReLU) ->
    MaxPooling2D(2) -> Dropout(0.25) -> Flatten -> Dense(128, ReLU) -> Dropout(0.5) ->
    Dense(10, softmax); 242,062 parameters with the defaults.
    """
    conv1_filters = _checks.integer("conv1_filters", conv1_filters)
    conv2_filters = _checks.integer("conv2_filters", conv2_filters)
    kernel_size = _checks.integer("kernel_size", kernel_size)
    pool_size = _checks.integer("pool_size", pool_size)
    dense_units = _checks.integer("dense_units", dense_units)
    num_classes = _checks.integer("num_classes", num_classes)
    conv_dropout = _checks.fraction("conv_dropout", conv_dropout)
    dense_dropout = _checks.fraction("dense_dropout", dense_dropout)
    height, width, _ = _checks.integers("input_shape", input_shape, length=3)
    if pool_size**2 > min(height, width):
        raise ValueError(f"pool_size: two poolings of {pool_size} do not fit a {height}x{width} input")
    name = _checks.string("name", name)

    import keras  # noqa: PLC0415 - keep `import cnn_lib` free of TensorFlow

    layers = keras.layers
    names = iter(LAYER_NAMES)
    return keras.Sequential(
        [
            keras.Input(shape=tuple(input_shape), name="image"),
            layers.Conv2D(conv1_filters, kernel_size, padding="same", activation="relu", name=next(names)),
            layers.MaxPooling2D(pool_size, name=next(names)),
            layers.Conv2D(conv2_filters, kernel_size, padding="same", activation="relu", name=next(names)),
            layers.MaxPooling2D(pool_size, name=next(names)),
            layers.Dropout(conv_dropout, name=next(names)),
            layers.Flatten(name=next(names)),
            layers.Dense(dense_units, activation="relu", name=next(names)),
            layers.Dropout(dense_dropout, name=next(names)),
            layers.Dense(num_classes, activation="softmax", name=next(names)),
        ],
        name=name,
    )


#: The multilayer perceptron's layer names (``build_mlp``), fixed for the same reason as ``LAYER_NAMES``.
MLP_LAYER_NAMES = ("flatten", "hidden", "output")
#: Hidden units of the multilayer perceptron of 08_beyond_the_article: 784 x 300 + 300 + 300 x 10 + 10
#: = 238,510 parameters, as close to the CNN's 242,062 as a round number of units gets.
MLP_HIDDEN_UNITS = 300


def build_mlp(
    *,
    hidden_units: int = MLP_HIDDEN_UNITS,
    num_classes: int = article.NUM_CLASSES,
    input_shape: tuple[int, int, int] = article.INPUT_SHAPE,
    name: str = "mnist_mlp",
):
    """Return an uncompiled ``keras.Sequential`` multilayer perceptron for the CNN's (28, 28, 1) images.

    Flatten -> Dense(hidden_units, ReLU) -> Dense(num_classes, softmax): no convolution, no pooling;
    238,510 parameters with the defaults, the CNN's budget. Introduced in 08_beyond_the_article.
    """
    hidden_units = _checks.integer("hidden_units", hidden_units)
    num_classes = _checks.integer("num_classes", num_classes)
    input_shape = tuple(_checks.integers("input_shape", input_shape, length=3))
    name = _checks.string("name", name)

    import keras  # noqa: PLC0415 - keep `import cnn_lib` free of TensorFlow

    flatten, hidden, output = MLP_LAYER_NAMES
    return keras.Sequential(
        [
            keras.Input(shape=input_shape, name="image"),
            keras.layers.Flatten(name=flatten),
            keras.layers.Dense(hidden_units, activation="relu", name=hidden),
            keras.layers.Dense(num_classes, activation="softmax", name=output),
        ],
        name=name,
    )


def architecture(model) -> dict:
    """Return the model's layer configuration as a dict (``model.to_json()`` without compile settings)."""
    import json  # noqa: PLC0415

    _checks.keras_model("model", model)
    return json.loads(model.to_json())["config"]


def conv_parameters(filters: int, kernel_size: int, in_channels: int) -> int:
    """Weights plus biases of a Conv2D layer: filters x (k x k x in_channels) + filters."""
    filters = _checks.integer("filters", filters)
    kernel_size = _checks.integer("kernel_size", kernel_size)
    in_channels = _checks.integer("in_channels", in_channels)
    return filters * (kernel_size * kernel_size * in_channels) + filters


def dense_parameters(units: int, inputs: int) -> int:
    """Weights plus biases of a Dense layer: units x inputs + units."""
    units = _checks.integer("units", units)
    inputs = _checks.integer("inputs", inputs)
    return units * inputs + units


def layer_table(model):
    """Return a pandas DataFrame with each layer's name, type, output shape and parameter count."""
    import pandas as pd  # noqa: PLC0415

    _checks.keras_model("model", model)
    rows = [
        {
            "layer": layer.name,
            "type": type(layer).__name__,
            "output shape": tuple(layer.output.shape),
            "parameters": layer.count_params(),
        }
        for layer in model.layers
    ]
    return pd.DataFrame(rows).set_index("layer")
