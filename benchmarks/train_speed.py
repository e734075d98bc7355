"""How fast does the article's CNN train here, against what this machine can do?

Prints, in one run: numpy's float32 matrix-multiply rate (the machine's practical limit on
dense arithmetic); the model's FLOPs per training epoch, counted by cnn_lib from the layer
shapes; the epoch time of the book's training path (``training.train_cnn``) and of a bare
``model.fit`` of the same model; then seconds per epoch, achieved GFLOP/s, efficiency
(achieved over the matmul rate), the book path's overhead against bare fit, and the
speed-up against the article's 60 s per epoch.

    TF_CPP_MIN_LOG_LEVEL=3 TF_ENABLE_ONEDNN_OPTS=1 python benchmarks/train_speed.py [--epochs 3]

The first epoch of each run includes graph tracing and is reported but not averaged.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cnn_lib import data, models, training  # noqa: E402

ARTICLE_SECONDS_PER_EPOCH = 60.0


def matmul_gflops(size: int = 2048, repeats: int = 10) -> float:
    """Best float32 matrix-multiply rate of numpy, in GFLOP/s."""
    rng = np.random.default_rng(0)
    a = rng.random((size, size), dtype=np.float32)
    b = rng.random((size, size), dtype=np.float32)
    a @ b  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def epoch_seconds_bare_fit(x, y, epochs: int) -> list[float]:
    training.set_seed(10)
    model = models.build_cnn()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    timer = training._epoch_timer()
    model.fit(x, y, validation_split=0.2, epochs=epochs, batch_size=300, verbose=0, callbacks=[timer])
    keras.backend.clear_session()
    return timer.seconds


def epoch_seconds_book_path(x, y, epochs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CNN_LIB_CACHE"] = cache
        run = training.train_cnn(x, y, training.Recipe(epochs=epochs), verbose=0)
    keras.backend.clear_session()
    return run.meta["epoch_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs per measured run (>= 2)")
    args = parser.parse_args()

    rate = matmul_gflops()
    print(f"numpy float32 matmul: {rate:8.1f} GFLOP/s")
    flops = models.training_flops_per_epoch(models.build_cnn())
    print(f"model FLOPs per epoch: {flops / 1e12:8.3f} TFLOP (48,000 trained + 12,000 validated)")

    (x_train, y_train), _ = data.load_mnist()
    x, y = data.preprocess_images(x_train), data.one_hot(y_train)
    results = {}
    for name, measure in (("bare model.fit", epoch_seconds_bare_fit), ("book path", epoch_seconds_book_path)):
        seconds = measure(x, y, args.epochs)
        steady = statistics.median(seconds[1:])
        results[name] = steady
        achieved = flops / steady / 1e9
        print(
            f"{name:15s} first epoch {seconds[0]:6.1f} s, then {steady:6.2f} s/epoch  "
            f"{achieved:6.1f} GFLOP/s  efficiency {achieved / rate:5.2f}  "
            f"speed-up vs article {ARTICLE_SECONDS_PER_EPOCH / steady:4.1f}x"
        )
    overhead = results["book path"] / results["bare model.fit"] - 1
    print(f"book path overhead against bare fit: {overhead:+.1%}")


if __name__ == "__main__":
    main()
