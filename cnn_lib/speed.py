"""How fast the article's CNN trains, measured against what the machine can do.

Introduced in 05_training_speed; ``benchmarks/train_speed.py`` uses the same functions.
FLOPs are counted by ``models.layer_flops`` and ``models.training_flops_per_epoch``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import statistics
import time
from pathlib import Path

import numpy as np

from . import _checks, models

#: The article's reported time per epoch (its log shows about 60 s).
ARTICLE_SECONDS_PER_EPOCH = 60.0
#: CPU flags (Linux /proc/cpuinfo names) of instructions that compute in bfloat16 natively.
BFLOAT16_FLAGS = ("avx512_bf16", "amx_bf16")
PRECISIONS = ("float32", "bfloat16")
#: Training images in one epoch of the article's recipe (80 % of MNIST's 60,000).
EPOCH_IMAGES = 48000


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
    flags = cpu_flags() if flags is None else set(flags)
    return any(flag in flags for flag in BFLOAT16_FLAGS)


def flops_table(model):
    """Per layer with weights: forward FLOPs per image and its share of the forward pass,
    with a last row ``total``."""
    import pandas as pd  # noqa: PLC0415

    flops = models.layer_flops(model)
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
    validation: float | None  # one pass over the validation images, when there was one
    test_accuracy: float

    @property
    def epoch_training(self) -> float:
        """Steady time of the training steps of one epoch (EPOCH_IMAGES images), estimated from ``step``."""
        return self.step * -(-EPOCH_IMAGES // self.batch_size)


def _timer():
    import keras  # noqa: PLC0415

    class StepTimer(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.ends, self.validation = [time.perf_counter()], None

        def on_train_batch_end(self, batch, logs=None):
            self.ends.append(time.perf_counter())

        def on_test_begin(self, logs=None):
            self._start = time.perf_counter()

        def on_test_end(self, logs=None):
            self.validation = time.perf_counter() - self._start

    return StepTimer()


@contextlib.contextmanager
def xla_allowed():
    """Switch TensorFlow's op determinism off inside the block, and back on after.

    Keras silently compiles without XLA (``jit_compile=True`` ignored) while op determinism is
    on, which ``training.set_seed`` turns on; a run that wants XLA needs this.
    """
    # The module Keras itself asks (keras/src/trainers/trainer.py, model_supports_jit); the
    # public tf.config.experimental has enable_op_determinism but not its inverse.
    from tensorflow.python.framework import config as tf_config  # noqa: PLC0415

    was_on = tf_config.is_op_determinism_enabled()
    tf_config.disable_op_determinism()
    try:
        yield
    finally:
        if was_on:
            tf_config.enable_op_determinism()


def measure_training(
    x_train,
    y_train,
    x_test,
    y_test,
    *,
    name: str = "article",
    batch_size: int = 300,
    precision: str = "float32",
    jit_compile: bool = False,
    steps: int | None = None,
    seed: int = 10,
) -> SpeedRun:
    """Train a fresh article CNN for one epoch (or only ``steps`` steps) and time every step.

    One epoch is the article's: ``validation_split=0.2`` of (x_train, y_train), so 48,000
    training images and 12,000 validation images for the full MNIST. With ``steps`` the run
    takes the first ``steps`` batches and skips validation (for slow variants). The model
    is then scored on (x_test, y_test). ``precision='bfloat16'`` uses Keras's
    ``mixed_bfloat16`` policy (weights stay float32); the global policy is restored after.
    ``jit_compile=True`` compiles the step with XLA; Keras silently falls back to no XLA while
    TensorFlow's op determinism is on (``training.set_seed`` turns it on), so the run is
    made inside ``xla_allowed()``.
    """
    import keras  # noqa: PLC0415

    from . import training  # noqa: PLC0415

    batch_size = _checks.integer("batch_size", batch_size)
    if precision not in PRECISIONS:
        raise ValueError(f"precision: expected one of {PRECISIONS}, got {precision!r}")
    if not isinstance(jit_compile, bool):
        raise TypeError(f"jit_compile: expected True or False, got {jit_compile!r}")
    if steps is not None:
        steps = _checks.integer("steps", steps, minimum=4)
    previous = keras.mixed_precision.global_policy().name
    training.set_seed(seed)
    keras.mixed_precision.set_global_policy("mixed_bfloat16" if precision == "bfloat16" else "float32")
    xla = xla_allowed() if jit_compile else contextlib.nullcontext()
    try:
        with xla:
            model = models.build_cnn()
            model.compile(
                loss="categorical_crossentropy",
                optimizer="adam",
                metrics=["accuracy"],
                jit_compile=jit_compile,
            )
            timer = _timer()
            if steps is None:
                fit_data = {"x": x_train, "y": y_train, "validation_split": 0.2}
            else:
                fit_data = {"x": x_train[: steps * batch_size], "y": y_train[: steps * batch_size]}
            model.fit(**fit_data, epochs=1, batch_size=batch_size, verbose=0, callbacks=[timer])
            test_accuracy = float(model.evaluate(x_test, y_test, batch_size=1000, verbose=0)[1])
    finally:
        keras.mixed_precision.set_global_policy(previous)
    durations = np.diff(timer.ends)
    return SpeedRun(
        name=name,
        batch_size=batch_size,
        precision=precision,
        jit_compile=jit_compile,
        images=len(fit_data["x"]) if steps is not None else int(len(x_train) * 0.8),
        steps=len(durations),
        first_step=float(durations[0]),
        step=float(statistics.median(durations[3:])),
        validation=timer.validation,
        test_accuracy=test_accuracy,
    )


def runs_table(runs, matmul_rate: float):
    """One row per SpeedRun: steady seconds per epoch of training steps (EPOCH_IMAGES images),
    GFLOP/s, efficiency (achieved over ``matmul_rate``), test accuracy."""
    import pandas as pd  # noqa: PLC0415

    flops = models.training_flops_per_epoch(models.build_cnn(), EPOCH_IMAGES, 0)
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
                "epoch of steps (s)": run.epoch_training,
                "GFLOP/s": achieved,
                "efficiency": achieved / matmul_rate,
                "test accuracy": run.test_accuracy,
            }
        )
    return pd.DataFrame(rows).set_index("run")
