"""The article's network: parameter counts and output shapes from its model summary."""

from cnn_lib import models

# From the article's model.summary(): (name, output shape without the batch axis, parameters)
ARTICLE_SUMMARY = [
    ("conv2d_1", (28, 28, 16), 416),
    ("max_pooling2d_1", (14, 14, 16), 0),
    ("conv2d_2", (14, 14, 36), 14436),
    ("max_pooling2d_2", (7, 7, 36), 0),
    ("dropout_1", (7, 7, 36), 0),
    ("flatten_1", (1764,), 0),
    ("dense_1", (128,), 225920),
    ("dropout_2", (128,), 0),
    ("dense_2", (10,), 1290),
]


def test_build_cnn_matches_the_article_summary():
    model = models.build_cnn()
    got = [(layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers]
    assert got == ARTICLE_SUMMARY
    assert model.count_params() == 242062


def test_layer_types_and_settings():
    model = models.build_cnn()
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == [
        "Conv2D",
        "MaxPooling2D",
        "Conv2D",
        "MaxPooling2D",
        "Dropout",
        "Flatten",
        "Dense",
        "Dropout",
        "Dense",
    ]
    conv1 = model.layers[0].get_config()
    assert (conv1["filters"], conv1["kernel_size"], conv1["padding"], conv1["activation"]) == (
        16,
        (5, 5),
        "same",
        "relu",
    )
    assert [model.layers[i].rate for i in (4, 7)] == [0.25, 0.5]
    assert model.layers[-1].get_config()["activation"] == "softmax"


def test_parameter_formulas_by_hand():
    assert models.conv_parameters(16, 5, 1) == 16 * 25 + 16 == 416
    assert models.conv_parameters(36, 5, 16) == 36 * 400 + 36 == 14436
    assert models.dense_parameters(128, 7 * 7 * 36) == 225920
    assert models.dense_parameters(10, 128) == 1290


def test_hyperparameters_are_keywords():
    model = models.build_cnn(conv1_filters=8, conv2_filters=12, dense_units=32, kernel_size=3)
    assert [layer.count_params() for layer in model.layers if layer.count_params()] == [
        models.conv_parameters(8, 3, 1),
        models.conv_parameters(12, 3, 8),
        models.dense_parameters(32, 7 * 7 * 12),
        models.dense_parameters(10, 32),
    ]


def test_layer_table_lists_every_layer():
    table = models.layer_table(models.build_cnn())
    assert table["parameters"].sum() == 242062
    assert table.loc["flatten_1", "output shape"] == (None, 1764)


def test_build_mlp_has_the_cnns_parameter_budget():
    """784 -> 300 -> 10, counted by hand: 784 x 300 + 300 and 300 x 10 + 10."""
    model = models.build_mlp()
    got = [(layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers]
    assert got == [("flatten", (784,), 0), ("hidden", (300,), 235500), ("output", (10,), 3010)]
    assert model.count_params() == 28 * 28 * 300 + 300 + 300 * 10 + 10 == 238510
    assert abs(model.count_params() - models.build_cnn().count_params()) < 0.02 * 242062
    assert [type(layer).__name__ for layer in model.layers] == ["Flatten", "Dense", "Dense"]
    assert [layer.get_config()["activation"] for layer in model.layers[1:]] == ["relu", "softmax"]


def test_build_mlp_hyperparameters_are_keywords():
    model = models.build_mlp(hidden_units=32, num_classes=4, input_shape=(8, 8, 1), name="small")
    assert model.name == "small" and model.output_shape == (None, 4)
    assert model.count_params() == models.dense_parameters(32, 64) + models.dense_parameters(4, 32)
