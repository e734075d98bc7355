"""Importing cnn_lib has no side effects; run information names versions and CPU."""

import subprocess
import sys

from cnn_lib import report

CHECK = """
import sys, random
import numpy as np
state = np.random.get_state()[1].copy(); py_state = random.getstate()
import cnn_lib
from cnn_lib import _checks, data, digitize, evaluation, models, ops, plots, report, robustness, speed, training, web
heavy = [name for name in ("tensorflow", "keras", "matplotlib.pyplot") if name in sys.modules]
assert not heavy, heavy
assert (np.random.get_state()[1] == state).all() and random.getstate() == py_state, "import seeded a generator"
"""


def test_import_is_silent_and_light():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == "", (result.stdout, result.stderr)


def test_run_info_names_what_decides_the_outputs():
    info = report.run_info(seed=10, epochs=20)
    for key in ("date (UTC)", "python", "numpy", "cpu", "seed", "epochs"):
        assert key in info, key
    assert info["python"] == sys.version.split()[0]
    assert report.show_run_info(seed=10).loc["seed", "value"] == "10"
