"""How fast does the article's CNN train here, against what this machine can do?

Prints, in one run: numpy's float32 matrix-multiply rate (the machine's practical limit on
dense arithmetic); the model's FLOPs per training epoch, counted by cnn_lib from the layer
shapes; the epoch time of the book's training path (``training.train_cnn``, as
``runs.load_or_train_cnn`` runs it) and of a bare ``model.fit`` of the same model; then seconds
per epoch, achieved GFLOP/s, efficiency (achieved over the matmul rate), the book path's overhead
against bare fit, and the speed-up against the article's 64.6 s per epoch (the mean of its log). With ``--levers`` it then measures, each in
a fresh process, what TensorFlow's knobs do to the bare fit with the article's recipe
unchanged (batch 300, float32): oneDNN on, unset or off, thread settings, tf.data input
pipelines with and without autotuning, steps_per_execution and XLA.

    python benchmarks/train_speed.py [--epochs 3] [--levers] [--images 60000]

The first epoch of each run includes graph tracing and is reported but not averaged; the
slowest and the median of the others are both printed, because the epoch-boundary wait of the
article's call (which ``training.input_pipelines`` avoids) hits some epochs and not others.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile

from cnn_lib import environment

# The chapters' environment before TensorFlow is imported: among it oneDNN's kernels, which
# TensorFlow turns on by itself only on CPUs with VNNI, BF16 or AMX instructions (the lever
# "oneDNN unset" shows what leaving it to TensorFlow costs elsewhere).
# A value set by the caller is kept, so that the levers' fresh processes get theirs.
environment.apply(override=False)

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from cnn_lib import article, data, models, runs, speed, training  # noqa: E402

# Each lever: extra environment, and options of bare_fit (run in a fresh process).
LEVERS = {
    "baseline (oneDNN on)": ({"TF_ENABLE_ONEDNN_OPTS": "1"}, {}),
    "oneDNN unset (TF's default here)": ({"TF_ENABLE_ONEDNN_OPTS": ""}, {}),
    "oneDNN off": ({"TF_ENABLE_ONEDNN_OPTS": "0"}, {}),
    "threads intra 2, inter 1": ({}, {"intra": 2, "inter": 1}),
    "threads intra 1, inter 2": ({}, {"intra": 1, "inter": 2}),
    "tf.data, autotune on": ({}, {"pipeline": "autotune"}),
    "tf.data, autotune off (book)": ({}, {"pipeline": "book"}),
    "steps_per_execution 16": ({}, {"steps_per_execution": 16}),
    "book pipeline + threads 2/1": ({}, {"pipeline": "book", "intra": 2, "inter": 1}),
    "book pipeline + steps_per_exec 16": ({}, {"pipeline": "book", "steps_per_execution": 16}),
    "XLA (jit_compile)": ({}, {"jit_compile": True}),
}


def bare_fit(
    x, y, epochs: int, *, intra=None, inter=None, pipeline=None, steps_per_execution=1, jit_compile=False
):
    """Seconds of each epoch of a plain compile + fit of the article's CNN and recipe.

    pipeline: None passes the arrays to ``fit`` (Keras's own input path); "book" passes
    ``training.input_pipelines``; "autotune" the same pipelines with tf.data's autotuning on.
    """
    if intra is not None:
        tf.config.threading.set_intra_op_parallelism_threads(intra)
    if inter is not None:
        tf.config.threading.set_inter_op_parallelism_threads(inter)
    training.set_seed(article.SEED)
    with speed.xla_allowed() if jit_compile else contextlib.nullcontext():
        return _timed_fit(x, y, epochs, pipeline, steps_per_execution, jit_compile)


def _timed_fit(x, y, epochs, pipeline, steps_per_execution, jit_compile):
    recipe = training.Recipe(epochs=epochs)
    model = training.compile_cnn(
        models.build_cnn(), recipe, steps_per_execution=steps_per_execution, jit_compile=jit_compile
    )
    timer = training.EpochTimer()
    if pipeline is None:
        model.fit(
            x,
            y,
            validation_split=recipe.validation_split,
            epochs=epochs,
            batch_size=recipe.batch_size,
            verbose=0,
            callbacks=[timer],
        )
    else:  # "book": training.input_pipelines; "autotune": the same with tf.data's autotuning back on
        train, valid = training.input_pipelines(x, y, recipe)
        if pipeline == "autotune":
            autotune = tf.data.Options()
            autotune.autotune.enabled = True
            train, valid = train.with_options(autotune), valid.with_options(autotune)
        model.fit(train, validation_data=valid, epochs=epochs, shuffle=False, verbose=0, callbacks=[timer])
    keras.backend.clear_session()
    return timer.seconds


def book_path(x, y, epochs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as cache:
        os.environ["CNN_LIB_CACHE"] = cache
        run = runs.load_or_train_cnn(x, y, training.Recipe(epochs=epochs))  # an empty cache: it trains
    keras.backend.clear_session()
    return run.meta["epoch_seconds"]


def training_data(images: int = 60_000):
    """The first ``images`` training images, preprocessed, and their one-hot labels."""
    (x_train, y_train), _ = data.load_mnist()
    return data.preprocess_images(x_train[:images]), data.one_hot(y_train[:images])


def report(name, seconds, flops, rate, images=60_000) -> float:
    """Print one run's figures; the article's epoch is scaled to ``images`` for the speed-up."""
    steady = statistics.median(seconds[1:])
    achieved = flops / steady / 1e9
    article_epoch = article.SECONDS_PER_EPOCH * images / 60_000
    print(
        f"{name:32s} first epoch {seconds[0]:5.1f} s, then {steady:6.2f} s/epoch (slowest {max(seconds[1:]):5.1f})  "
        f"{achieved:6.1f} GFLOP/s  efficiency {achieved / rate:5.2f}  "
        f"speed-up vs article {article_epoch / steady:4.1f}x",
        flush=True,
    )
    return steady


def lever_child(name: str, epochs: int, images: int) -> None:
    """Runs in a fresh process: one lever's epoch seconds as JSON on stdout."""
    x, y = training_data(images)
    print(json.dumps(bare_fit(x, y, epochs, **LEVERS[name][1])))


def levers(epochs: int, flops: int, rate: float, images: int) -> None:
    print(f"\nlevers, each a fresh process, batch {article.BATCH_SIZE}, float32, {epochs} epochs:")
    baseline = None
    for name, (lever_environment, _) in LEVERS.items():
        result = subprocess.run(
            [sys.executable, __file__, "--lever", name, "--epochs", str(epochs), "--images", str(images)],
            env={**os.environ, **lever_environment},
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = json.loads(result.stdout.strip().splitlines()[-1])
        steady = report(name, seconds, flops, rate, images)
        baseline = baseline or steady
        print(f"{'':32s} change against the baseline: {steady / baseline - 1:+.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs per measured run (>= 2)")
    parser.add_argument("--levers", action="store_true", help="also measure TensorFlow's knobs")
    parser.add_argument(
        "--images",
        type=int,
        default=60_000,
        help="train on the first N training images (default: all; fewer for a quick check, the rates are then not the book's)",
    )
    parser.add_argument("--lever", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 2 <= args.epochs:
        parser.error(f"--epochs: expected at least 2 (the first epoch is not averaged), got {args.epochs}")
    if not 1_000 <= args.images <= 60_000:
        parser.error(f"--images: expected 1000 to 60000 training images, got {args.images}")
    if args.lever:
        lever_child(args.lever, args.epochs, args.images)
        return

    rate = speed.matmul_gflops()
    print(f"numpy float32 matmul: {rate:8.1f} GFLOP/s")
    x, y = training_data(args.images)
    fitted, validated = training.split_sizes(len(x), article.VALIDATION_SPLIT)
    flops = speed.training_flops_per_epoch(
        models.build_cnn(), train_samples=fitted, validation_samples=validated
    )
    print(
        f"model FLOPs per epoch: {flops / 1e12:8.3f} TFLOP ({fitted:,d} trained + {validated:,d} validated)"
    )
    results = {}
    for name, measure in (("bare model.fit", bare_fit), ("book path", book_path)):
        results[name] = report(name, measure(x, y, args.epochs), flops, rate, len(x))
    overhead = results["book path"] / results["bare model.fit"] - 1
    print(f"book path overhead against bare fit: {overhead:+.1%}")
    if args.levers:
        levers(args.epochs, flops, rate, args.images)


if __name__ == "__main__":
    main()
