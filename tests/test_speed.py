"""cnn_lib.speed: FLOP counts against hand arithmetic, CPU flags, the timing harness and its processes."""

import os
import subprocess

import matplotlib.pyplot as plt
import numpy as np
import pytest

from cnn_lib import article, environment, models, plots, speed


def test_flops_by_hand():
    flops = speed.layer_flops(models.build_cnn())
    assert flops == {
        "conv2d_1": 2 * 28 * 28 * 16 * 5 * 5 * 1,  # 627,200
        "conv2d_2": 2 * 14 * 14 * 36 * 5 * 5 * 16,  # 5,644,800
        "dense_1": 2 * 1764 * 128,
        "dense_2": 2 * 128 * 10,
    }
    forward = 627_200 + 5_644_800 + 451_584 + 2_560
    per_epoch = speed.training_flops_per_epoch(models.build_cnn())
    assert per_epoch == 48_000 * (3 * forward - 627_200) + 12_000 * forward
    assert 1.01e12 < per_epoch < 1.03e12, "the issue's estimate: about 1.02 TFLOP per epoch"


def test_flops_table_matches_hand_count():
    table = speed.flops_table(models.build_cnn())
    hand = [2 * 28 * 28 * 16 * 25, 2 * 14 * 14 * 36 * 400, 2 * 1764 * 128, 2 * 128 * 10]
    assert table["forward FLOPs per image"].tolist() == [*hand, sum(hand)]
    assert table.loc["conv2d_2", "share"] == pytest.approx(5_644_800 / 6_726_144)
    assert table["share"].iloc[:-1].sum() == pytest.approx(1.0)


def test_cpu_flags_reads_the_first_flags_line(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 fma\n\nprocessor\t: 1\nflags\t\t: fpu\n")
    assert speed.cpu_flags(cpuinfo) == {"fpu", "sse2", "avx2", "fma"}
    assert speed.cpu_flags(tmp_path / "missing") == set()
    assert not speed.native_bfloat16({"avx2", "fma", "avx512f"})
    assert speed.native_bfloat16({"avx512f", "avx512_bf16"})
    assert speed.native_bfloat16(["amx_bf16"])


def test_matmul_rate_is_a_positive_rate():
    assert speed.matmul_gflops(size=128, repeats=2) > 0.1


@pytest.fixture(scope="module")
def small_data():
    rng = np.random.default_rng(0)
    x = rng.random((1500, 28, 28, 1), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 1500)]
    return x, y, x[:200], y[:200]


@pytest.mark.slow
def test_measure_training_times_each_step_and_restores_settings(small_data):
    import keras
    from tensorflow.python.framework import config as tf_config

    x, y, x_test, y_test = small_data
    run = speed.measure_training(x, y, x_test, y_test, name="short", batch_size=100, steps=5)
    assert (run.name, run.steps, run.images, run.validation) == ("short", 5, 500, None)
    assert 0 < run.step and 0 < run.first_step and 0 <= run.test_accuracy <= 1
    assert 0 < run.step_q1 <= run.step <= run.step_q3, "the quartiles of the steps around their median"
    assert run.epoch_training == pytest.approx(run.step * 480)

    whole = speed.measure_training(
        x, y, x_test, y_test, batch_size=300, precision="bfloat16", jit_compile=True
    )
    assert (whole.steps, whole.images) == (4, 1200)  # 80 % of 1,500 in batches of 300
    assert whole.validation is not None and whole.validation > 0
    assert keras.mixed_precision.global_policy().name == "float32"
    assert tf_config.is_op_determinism_enabled()

    table = speed.runs_table([run, whole], matmul_rate=100.0)
    assert table.index.tolist() == ["short", "article"]
    flops = speed.training_flops_per_epoch(models.build_cnn(), article.TRAIN_IMAGES, 0)
    assert table.loc["short", "GFLOP/s"] == pytest.approx(flops / run.epoch_training / 1e9)
    assert table.loc["short", "efficiency"] == pytest.approx(table.loc["short", "GFLOP/s"] / 100.0)
    fig = plots.plot_speed_runs(table)
    assert len(fig.axes) == 2 and fig.axes[1].get_xlabel() == "test error (%)"
    plt.close(fig)


@pytest.mark.slow
@pytest.mark.parametrize("value", ["1", "0"])
def test_step_time_in_fresh_process_obeys_the_onednn_switch(value):
    result = speed.step_time_in_fresh_process(value, steps=4, batch_size=32)
    assert result["onednn"] is (value == "1"), "TF_ENABLE_ONEDNN_OPTS=1 means on, 0 means off"
    assert 0 < result["step"] < 60


def test_onednn_switch_follows_the_environment_of_this_process():
    # conftest sets TF_ENABLE_ONEDNN_OPTS=1 unless the caller chose, as the chapters do
    expected = {"1": True, "0": False}[os.environ["TF_ENABLE_ONEDNN_OPTS"]]
    assert speed.onednn_enabled() is expected


@pytest.mark.slow
@pytest.mark.parametrize("pipeline", [True, False])
def test_epoch_waits_splits_each_epoch(small_data, pipeline):
    x, y, _, _ = small_data
    table = speed.epoch_waits(x, y, pipeline=pipeline, epochs=2)
    assert table.index.tolist() == [1, 2]
    assert (table["seconds"] > 0).all() and (table["validation (s)"] > 0).all(), table
    parts = table["steps at median pace (s)"] + table["validation (s)"] + table["waiting (s)"]
    np.testing.assert_allclose(parts, table["seconds"])
    # the steps at their median pace cannot take longer than the epoch by more than the spread of steps
    assert (table["steps at median pace (s)"] < 2 * table["seconds"]).all(), table
    assert (table["step q1 (ms)"] <= table["median step (ms)"]).all(), table
    assert (table["median step (ms)"] <= table["step q3 (ms)"]).all(), table
    # 1,200 images trained in batches of 300: 4 steps, the epoch's steps at the median pace
    np.testing.assert_allclose(table["steps at median pace (s)"], 4 * table["median step (ms)"] / 1000)
    assert table.attrs["outside the epochs (s)"] >= 0


def test_fresh_process_gets_the_books_environment_and_the_callers_onednn(monkeypatch):
    """The timing process takes the book's environment from cnn_lib.environment, oneDNN from its caller."""
    seen = []

    def run(command, env, **options):
        seen.append(env)
        return subprocess.CompletedProcess(command, 0, stdout='{"step": 0.1, "onednn": true}\n', stderr="")

    monkeypatch.setattr(speed.subprocess, "run", run)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")  # a reader's own choice is kept
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "1")
    assert speed.step_time_in_fresh_process(None) == {"step": 0.1, "onednn": True}
    assert speed.step_time_in_fresh_process("0")["step"] == 0.1
    unset, off = seen
    assert "TF_ENABLE_ONEDNN_OPTS" not in unset and off["TF_ENABLE_ONEDNN_OPTS"] == "0"
    for name, value in environment.BOOK_ENVIRONMENT.items():
        if name not in ("TF_ENABLE_ONEDNN_OPTS", "TF_CPP_MIN_LOG_LEVEL"):
            assert unset[name] == off[name] == os.environ.get(name, value), name
    assert unset["TF_CPP_MIN_LOG_LEVEL"] == "1"


def test_private_tensorflow_is_asked_in_one_guarded_place():
    assert speed._tensorflow_private("util._pywrap_util_port", "IsMklEnabled")() in (True, False)
    with pytest.raises(
        RuntimeError, match="tensorflow.python.util.no_such_module.f, which cnn_lib.speed needs"
    ):
        speed._tensorflow_private("util.no_such_module", "f")
