"""How fast the article's CNN trains, measured against what the machine can do.

Introduced in appendix_a_training_speed; ``benchmarks/train_speed.py`` uses the same functions.
FLOPs are counted from the layer shapes by ``layer_flops`` and ``training_flops_per_epoch``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from . import _checks, article, environment, models, training

#: CPU flags (Linux /proc/cpuinfo names) of instructions that compute in bfloat16 natively.
BFLOAT16_FLAGS = ("avx512_bf16", "amx_bf16")
PRECISIONS = ("float32", "bfloat16")


def matmul_gflops(size: int = 2048, repeats: int = 10) -> float:
    """numpy's best float32 matrix-multiply rate, in GFLOP/s (2 n^3 FLOPs per n x n product).

    The practical limit of this machine on dense arithmetic, which a CNN's convolutions
    and dense layers are.
    """
    size = _checks.integer("size", size)
    repeats = _checks.integer("repeats", repeats)
    rng = np.random.default_rng(0)
    a = rng.random((size, size), dtype=np.float32)
    b = rng.random((size, size), dtype=np.float32)
    a @ b  # warm-up: threads started, caches filled
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def cpu_flags(path="/proc/cpuinfo") -> set[str]:
    """The instruction-set flags of the first CPU listed in /proc/cpuinfo (empty set elsewhere)."""
    path = _checks.path("path", path)
    try:
        text = Path(path).read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def native_bfloat16(flags=None) -> bool:
    """True when the CPU computes in bfloat16 natively (AVX512-BF16 or AMX); otherwise it is emulated."""
    if flags is not None:
        flags = _checks.items("flags", flags, str, "CPU flag names", empty=True)
    flags = cpu_flags() if flags is None else set(flags)
    return any(flag in flags for flag in BFLOAT16_FLAGS)


def layer_flops(model) -> dict:
    """Return the forward-pass floating-point operations per image of each Conv2D and Dense layer.

    One multiply-add counts as 2 FLOPs; biases, activations and pooling are left out (they
    are a few per cent at most). Conv2D: out_h x out_w x filters x (kh x kw x in_channels) x 2.
    Dense: inputs x units x 2.
    """
    _checks.keras_model("model", model)
    flops = {}
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            _, out_h, out_w, filters = layer.output.shape
            kernel_h, kernel_w, in_channels, _ = layer.kernel.shape
            flops[layer.name] = 2 * out_h * out_w * filters * kernel_h * kernel_w * in_channels
        elif kind == "Dense":
            inputs, units = layer.kernel.shape
            flops[layer.name] = 2 * inputs * units
    return flops


def training_flops_per_epoch(
    model, train_samples: int = article.TRAIN_IMAGES, validation_samples: int = article.VALIDATION_IMAGES
) -> int:
    """FLOPs of one training epoch: forward + backward on the training images, forward on validation.

    Backward costs twice the forward (gradient with respect to the inputs and to the weights),
    except that the first layer needs no gradient with respect to the image itself.
    """
    train_samples = _checks.integer("train_samples", train_samples, minimum=0)
    validation_samples = _checks.integer("validation_samples", validation_samples, minimum=0)
    flops = layer_flops(model)
    if not flops:
        raise ValueError("model: expected at least one Conv2D or Dense layer, found none")
    forward = sum(flops.values())
    first = next(iter(flops.values()))
    per_training_image = 3 * forward - first
    return train_samples * per_training_image + validation_samples * forward


def flops_table(model):
    """Per layer with weights: forward FLOPs per image and its share of the forward pass,
    with a last row ``total``."""
    import pandas as pd  # noqa: PLC0415

    _checks.keras_model("model", model)
    flops = layer_flops(model)
    total = sum(flops.values())
    table = pd.DataFrame(
        {
            "forward FLOPs per image": list(flops.values()),
            "share": [value / total for value in flops.values()],
        },
        index=pd.Index(list(flops), name="layer"),
    )
    table.loc["total"] = [total, 1.0]
    table["forward FLOPs per image"] = table["forward FLOPs per image"].astype("int64")
    return table


@dataclasses.dataclass
class SpeedRun:
    """What one measured training run gives: times in seconds, accuracy on the test set."""

    name: str
    batch_size: int
    precision: str
    jit_compile: bool
    images: int  # training images the run went through
    steps: int
    first_step: float  # includes tracing (and XLA compilation)
    step: float  # median of the steps after the first three
    step_q1: float  # their first and third quartiles: the spread of a step's time
    step_q3: float
    validation: float | None  # one pass over the validation images, when there was one
    test_accuracy: float

    def __post_init__(self):
        _checks.string("name", self.name)
        _checks.integer("batch_size", self.batch_size)
        _checks.choice("precision", self.precision, PRECISIONS)
        _checks.boolean("jit_compile", self.jit_compile)
        _checks.integer("images", self.images)
        _checks.integer("steps", self.steps)
        _checks.number("first_step", self.first_step, above=0)
        _checks.number("step", self.step, above=0)
        _checks.number("step_q1", self.step_q1, above=0, maximum=self.step)
        _checks.number("step_q3", self.step_q3, minimum=self.step)
        if self.validation is not None:
            _checks.number("validation", self.validation, above=0)
        _checks.number("test_accuracy", self.test_accuracy, minimum=0, maximum=1)

    @property
    def epoch_training(self) -> float:
        """Steady time of the training steps of one epoch (``article.TRAIN_IMAGES`` images), estimated
        from ``step``."""
        return self.step * -(-article.TRAIN_IMAGES // self.batch_size)


def _tensorflow_private(module: str, name: str):
    """``tensorflow.python.<module>.<name>``: for the two questions TensorFlow has no public API for
    (op determinism off, and whether oneDNN's kernels are on). Private modules move between
    releases, so a missing one is a RuntimeError that says which, not an AttributeError."""
    try:
        return getattr(importlib.import_module(f"tensorflow.python.{module}"), name)
    except (ImportError, AttributeError) as error:
        raise RuntimeError(
            f"this TensorFlow has no tensorflow.python.{module}.{name}, which cnn_lib.speed needs "
            f"(there is no public API for it): {error}"
        ) from error


@contextlib.contextmanager
def xla_allowed():
    """Switch TensorFlow's op determinism off inside the block, and back on after.

    Keras silently compiles without XLA (``jit_compile=True`` ignored) while op determinism is
    on, which ``training.set_seed`` turns on; a run that wants XLA needs this.
    """
    # tf.config.experimental has enable_op_determinism but neither its inverse nor a question;
    # Keras itself asks the private module (keras/src/trainers/trainer.py, model_supports_jit).
    was_on = _tensorflow_private("framework.config", "is_op_determinism_enabled")()
    _tensorflow_private("framework.config", "disable_op_determinism")()
    try:
        yield
    finally:
        if was_on:
            import tensorflow as tf  # noqa: PLC0415

            tf.config.experimental.enable_op_determinism()


def measure_training(
    x_train,
    y_train,
    x_test,
    y_test,
    *,
    name: str = "article",
    batch_size: int = article.BATCH_SIZE,
    precision: str = "float32",
    jit_compile: bool = False,
    steps: int | None = None,
    seed: int = article.SEED,
) -> SpeedRun:
    """Train a fresh article CNN for one epoch (or only ``steps`` steps) and time every step.

    One epoch is the article's, fed as in 05_training by the article's call (``training.fit_cnn``):
    ``validation_split=0.2`` of (x_train, y_train), so 48,000 training images and 12,000
    validation images for the full MNIST (``article.TRAIN_IMAGES``, ``article.VALIDATION_IMAGES``). With ``steps`` the run trains on the first
    ``steps * batch_size`` images and skips validation (for slow variants). The model
    is then scored on (x_test, y_test). ``precision='bfloat16'`` uses Keras's
    ``mixed_bfloat16`` policy (weights stay float32); the global policy is restored after.
    ``jit_compile=True`` compiles the step with XLA; Keras silently falls back to no XLA while
    TensorFlow's op determinism is on (``training.set_seed`` turns it on), so the run is
    made inside ``xla_allowed()``; the trained model is scored without XLA.
    """
    x_train, y_train = _checks.training_data(x_train, y_train)
    x_test, y_test = _checks.training_data(x_test, y_test, names=("x_test", "y_test"))
    name = _checks.string("name", name)
    batch_size = _checks.integer("batch_size", batch_size)
    precision = _checks.choice("precision", precision, PRECISIONS)
    jit_compile = _checks.boolean("jit_compile", jit_compile)
    if steps is not None:
        steps = _checks.integer("steps", steps, minimum=4)
    seed = _checks.seed("seed", seed)

    import keras  # noqa: PLC0415

    previous = keras.mixed_precision.global_policy().name
    training.set_seed(seed)
    keras.mixed_precision.set_global_policy("mixed_bfloat16" if precision == "bfloat16" else "float32")
    xla = xla_allowed() if jit_compile else contextlib.nullcontext()
    try:
        with xla:
            timer = training.EpochTimer()
            if steps is None:
                recipe = training.Recipe(epochs=1, batch_size=batch_size, seed=seed)
                x_fit, y_fit = x_train, y_train
                images = training.split_sizes(len(x_train), recipe.validation_split)[0]
            else:
                recipe = training.Recipe(epochs=1, batch_size=batch_size, validation_split=0.0, seed=seed)
                images = steps * batch_size
                x_fit, y_fit = x_train[:images], y_train[:images]
            model = training.compile_cnn(models.build_cnn(), recipe, jit_compile=jit_compile)
            training.fit_cnn(model, x_fit, y_fit, recipe, callbacks=[timer])
            # scored without XLA: compiling the test step too would cost seconds and measure nothing
            model.jit_compile = False
            test_accuracy = float(model.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1])
    finally:
        keras.mixed_precision.set_global_policy(previous)
    (epoch,) = timer.epochs
    durations = np.diff([epoch["begin"], *epoch["ends"]])
    q1, median, q3 = (float(value) for value in np.percentile(durations[3:], [25, 50, 75]))
    return SpeedRun(
        name=name,
        batch_size=batch_size,
        precision=precision,
        jit_compile=jit_compile,
        images=images,
        steps=len(durations),
        first_step=float(durations[0]),
        step=median,
        step_q1=q1,
        step_q3=q3,
        validation=epoch["validation"],
        test_accuracy=test_accuracy,
    )


def onednn_enabled() -> bool:
    """Whether this process's TensorFlow runs oneDNN's kernels (fixed when TensorFlow is imported).

    ``TF_ENABLE_ONEDNN_OPTS=1`` switches them on, ``0`` off; unset, TensorFlow decides from
    the CPU: on Linux only a CPU with AVX512-VNNI, AVX-VNNI, AVX512-BF16 or AMX instructions
    gets them, even though the log line TensorFlow prints on every x86 CPU says "oneDNN custom
    operations are on".
    """
    return bool(_tensorflow_private("util._pywrap_util_port", "IsMklEnabled")())


_STEP_TIME_CHILD = """
import json, sys
import numpy as np
from cnn_lib import data, speed
steps, batch_size = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
x = rng.random((steps * batch_size, 28, 28, 1), dtype=np.float32)
y = data.one_hot(rng.integers(0, 10, steps * batch_size))
run = speed.measure_training(x, y, x[:batch_size], y[:batch_size], batch_size=batch_size, steps=steps)
print(json.dumps({"step": run.step, "q1": run.step_q1, "q3": run.step_q3, "onednn": speed.onednn_enabled()}))
"""


def step_time_in_fresh_process(
    onednn: str | None, *, steps: int = 20, batch_size: int = article.BATCH_SIZE
) -> dict:
    """Median seconds of a training step of the article's CNN in a new Python process.

    onednn: the value given to ``TF_ENABLE_ONEDNN_OPTS`` there ("1", "0"), or None to leave
    it unset. The switch is read once, when TensorFlow is imported, so comparing it needs a
    fresh process, which otherwise gets the book's environment (``environment.apply``; a value the
    caller set is kept). The images are random: the step's arithmetic does not depend on them.
    Returns ``{"step": median seconds, "q1": first quartile, "q3": third quartile, "onednn":
    whether oneDNN's kernels were on}``.
    """
    if onednn is not None:
        onednn = _checks.choice("onednn", onednn, ("1", "0"), what="'1', '0' or None")
    steps = _checks.integer("steps", steps, minimum=4)
    batch_size = _checks.integer("batch_size", batch_size)
    child_environment = environment.apply(dict(os.environ), override=False)
    del child_environment["TF_ENABLE_ONEDNN_OPTS"]
    if onednn is not None:
        child_environment["TF_ENABLE_ONEDNN_OPTS"] = onednn
    result = subprocess.run(
        [sys.executable, "-c", _STEP_TIME_CHILD, str(steps), str(batch_size)],
        env=child_environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the timing process failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def epoch_waits(x_train, y_train, *, pipeline: bool, epochs: int = 3, seed: int = article.SEED):
    """Train the article's recipe on (x_train, y_train) for ``epochs`` epochs and split each
    epoch's time (``training.EpochTimer.breakdown``: the steps at their median pace, the
    validation pass, and the time in which neither ran).

    pipeline: False is the article's call, the arrays given to ``fit`` with
    ``validation_split=0.2`` (``training.fit_cnn``, as 05_training runs it); True feeds the same
    split through ``training.input_pipelines``, whose pipelines do not autotune. Pass a slice of
    the training set for shorter epochs (the wait at an epoch's end shows less often in very short
    ones). ``attrs["outside the epochs (s)"]`` holds the seconds ``fit`` spent before the first
    epoch and after the last.
    """
    x_train, y_train = _checks.training_data(x_train, y_train)
    pipeline = _checks.boolean("pipeline", pipeline)
    epochs = _checks.integer("epochs", epochs)
    seed = _checks.seed("seed", seed)

    recipe = training.Recipe(epochs=epochs, seed=seed)
    training.set_seed(seed)
    model = training.compile_cnn(models.build_cnn(), recipe)
    clock = training.EpochTimer()
    start = time.perf_counter()
    if pipeline:
        train, validation = training.input_pipelines(x_train, y_train, recipe)
        model.fit(
            train,
            validation_data=validation,
            epochs=epochs,
            shuffle=False,  # the pipeline reshuffles every epoch itself
            verbose=0,
            callbacks=[clock],
        )
    else:
        training.fit_cnn(model, x_train, y_train, recipe, callbacks=[clock])
    end = time.perf_counter()
    table = clock.breakdown()
    # what fit spent outside its epochs: building the input, and whatever it waited for after the last
    table.attrs["outside the epochs (s)"] = (clock.epochs[0]["begin"] - start) + (
        end - clock.epochs[-1]["end"]
    )
    return table


def runs_table(runs, matmul_rate: float):
    """One row per SpeedRun: steady seconds per epoch of training steps (``article.TRAIN_IMAGES`` images),
    GFLOP/s, efficiency (achieved over ``matmul_rate``), test accuracy."""
    runs = _checks.items("runs", runs, SpeedRun, "speed.SpeedRun (what measure_training returns)")
    matmul_rate = _checks.number("matmul_rate", matmul_rate, above=0)
    import pandas as pd  # noqa: PLC0415

    flops = training_flops_per_epoch(models.build_cnn(), article.TRAIN_IMAGES, 0)
    rows = []
    for run in runs:
        achieved = flops / run.epoch_training / 1e9
        rows.append(
            {
                "run": run.name,
                "batch": run.batch_size,
                "precision": run.precision,
                "XLA": run.jit_compile,
                "images trained": run.images,
                "first step (s)": run.first_step,
                "step (ms)": run.step * 1e3,
                "step q1 (ms)": run.step_q1 * 1e3,
                "step q3 (ms)": run.step_q3 * 1e3,
                "epoch of steps (s)": run.epoch_training,
                "GFLOP/s": achieved,
                "efficiency": achieved / matmul_rate,
                "test accuracy": run.test_accuracy,
            }
        )
    return pd.DataFrame(rows).set_index("run")
