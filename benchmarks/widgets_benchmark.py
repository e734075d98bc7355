"""How long one update of each explorer in cnn_lib.widgets takes, on a real MNIST test digit.

Not a test: run it by hand, ``python benchmarks/widgets_benchmark.py [--repeats 50] [--no-network]``.
Each update is timed from setting a control's value until its observers have returned
(they run synchronously): the numpy work, drawing the PNGs and filling the HTML. Without a
browser attached no message leaves the kernel, so the time to send the PNGs is not included.
The network explorer runs an untrained ``models.build_cnn()`` (a trained one costs the same)
and is reported apart, as it calls Keras.
"""

import argparse
import os
import statistics
import time

from cnn_lib import environment

environment.apply(override=False)

import numpy as np  # noqa: E402

from cnn_lib import article, data, models, widgets  # noqa: E402

BUDGET_MS = 100  # the numpy explorers' target for the median update


def time_updates(explorer, changes):
    """Apply (control name, value) changes in order; return each update's wall time in ms."""
    times = []
    for name, value in changes:
        control = explorer.controls[name]
        if value is not None and control.value == value:
            continue  # not a change: no observer would run
        start = time.perf_counter()
        if value is None:
            control.click()
        else:
            control.value = value
        times.append(1000 * (time.perf_counter() - start))
        if explorer.message.value:
            raise RuntimeError(f"{name}={value!r} left a message: {explorer.message.value}")
    return times


def cycle(name, values, repeats):
    """``repeats`` changes of one control, cycling through values so that each one is a change."""
    return [(name, values[step % len(values)]) for step in range(repeats)]


def convolution_changes(repeats):
    rng = np.random.default_rng(0)
    cells = [
        (f"kernel[{row}, {col}]", f"{value:.2f}")
        for row, col, value in zip(
            rng.integers(0, 5, repeats), rng.integers(0, 5, repeats), rng.uniform(-1, 1, repeats)
        )
    ]
    return [
        *cycle("index", list(range(1, 60)), repeats),
        *cycle("row", list(range(28)), repeats),
        *cycle("relu", [True, False], repeats),
        *cycle("seed", list(range(1, 1000)), repeats),
        *cycle("kernel_choice", ["sobel x", "laplacian", "edge", "sharpen", "random"], repeats),
        ("kernel_choice", "random"),
        ("kernel_size", 5),
        *cells,
    ]


def report(label, times):
    print(
        f"{label:<22} {len(times):>4} updates   median {statistics.median(times):6.1f} ms"
        f"   worst {max(times):6.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50, help="changes per control (default 50)")
    parser.add_argument("--no-network", action="store_true", help="skip the Keras network explorer")
    args = parser.parse_args()
    repeats = args.repeats

    (_, _), (x_test, y_test) = data.load_mnist()
    digit = x_test[0]
    print(f"cpu cores: {os.cpu_count()}, test digit 0 (label {y_test[0]}), {repeats} changes per control")

    results = {}
    explorer = widgets.convolution_explorer(x_test[:100], y_test[:100])
    results["convolution_explorer"] = time_updates(explorer, convolution_changes(repeats))

    explorer = widgets.filters_explorer(digit)
    results["filters_explorer"] = time_updates(
        explorer,
        [
            *cycle("n_filters", [36, 1, 16, 24, 8], repeats),
            *cycle("seed", list(range(1, 1000)), repeats),
            *cycle("relu", [True, False], repeats),
        ],
    )

    explorer = widgets.pooling_explorer(digit)
    results["pooling_explorer"] = time_updates(
        explorer,
        [
            *cycle("pool_size", [3, 4, 2], repeats),
            *cycle("mode", ["average", "max"], repeats),
            *cycle("shift_x", [1, 2, 3, 4, -1, -2, -3, -4, 0], repeats),
            *cycle("shift_y", [1, 2, 3, 4, -1, -2, -3, -4, 0], repeats),
            *cycle("map_number", list(range(2, 17)) + [1], repeats),
        ],
    )
    for label, times in results.items():
        report(label, times)
    slow = [label for label, times in results.items() if statistics.median(times) > BUDGET_MS]
    print(f"median within {BUDGET_MS} ms: {'all' if not slow else 'NOT ' + ', '.join(slow)}")

    if not args.no_network:
        import keras  # noqa: PLC0415 - only this part needs TensorFlow

        keras.utils.set_random_seed(article.SEED)
        explorer = widgets.network_explorer(models.build_cnn(), x_test[:100], y_test[:100])
        layers = ["max_pooling2d_1", "conv2d_2", "max_pooling2d_2", "conv2d_1"]
        time_updates(explorer, [("layer", name) for name in layers])  # build each cached sub-model once
        network_times = time_updates(
            explorer,
            [
                *cycle("index", list(range(1, 100)), repeats),
                *cycle("layer", layers, repeats),
                ("layer", "conv2d_2"),
                *cycle("channel", list(range(2, 17)) + [1], repeats),
            ],
        )
        report("network_explorer", network_times)


if __name__ == "__main__":
    main()
