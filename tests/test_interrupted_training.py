"""A training killed with SIGKILL (mid-epoch, or while saving) never leaves a run that loads."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from cnn_lib import runs, training

RECIPE = training.Recipe(epochs=3, batch_size=100, validation_split=0.2, seed=10)

CHILD = textwrap.dedent(
    """
    import sys
    import time

    import keras
    import numpy as np

    from cnn_lib import runs, training

    stage = sys.argv[1]
    rng = np.random.default_rng(0)
    x = rng.random((1000, 28, 28, 1), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 1000)]
    save = keras.Model.save

    class TimerThatPauses(training.EpochTimer):
        def on_epoch_end(self, epoch, logs=None):
            super().on_epoch_end(epoch, logs)
            if stage == "training" and epoch == 0:  # after the 1st of 3 epochs
                print("KILL ME", flush=True)
                time.sleep(60)

    def save_then_pause(self, path, *args, **kwargs):
        save(self, path, *args, **kwargs)
        if stage == "saving":
            print("KILL ME", flush=True)
            time.sleep(60)

    keras.Model.save = save_then_pause
    training.EpochTimer = TimerThatPauses
    runs.load_or_train_cnn(x, y, training.Recipe(epochs=3, batch_size=100, validation_split=0.2, seed=10))
    print("FINISHED", flush=True)
    """
)


def same_data():
    rng = np.random.default_rng(0)
    x = rng.random((1000, 28, 28, 1), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 1000)]
    return x, y


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["training", "saving"])
def test_killed_training_leaves_nothing_that_loads(stage, empty_cache, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # the book's environment comes from the root conftest.py; this checkout's cnn_lib comes first
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "CNN_LIB_CACHE": str(empty_cache), "PYTHONPATH": path}
    child = subprocess.Popen(
        [sys.executable, str(script), stage],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=root,
    )
    start = time.perf_counter()
    try:
        line = child.stdout.readline().strip()
        assert line == "KILL ME", f"expected the child to pause during {stage}, it said {line!r}"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL, f"expected a SIGKILL exit, got {child.returncode}"
    entries = sorted(entry.name for entry in empty_cache.iterdir()) if empty_cache.exists() else []
    assert all(name.startswith(".") for name in entries), (
        f"expected no finished run in the cache, got {entries}"
    )
    if stage == "saving":
        assert entries, "the kill during saving should have left a staging folder behind"
    assert runs.load_run(*same_data(), RECIPE) is None, "a killed training must never be loaded"
    print(f"{stage}: killed after {time.perf_counter() - start:.1f} s; cache holds {entries}")
