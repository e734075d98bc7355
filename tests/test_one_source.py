"""One owner for each fact: the chapters' environment is set in cnn_lib/environment.py and nowhere else.

Every other file reads it (the Makefile and scripts/simulate_colab.sh through `python -m
cnn_lib.environment`, Python through `environment.apply`), and the chapters' first cells are written
from it by scripts/stamp_notebooks.py (tests/test_book.py checks them). Measuring oneDNN on and off
is the one place where a value of TF_ENABLE_ONEDNN_OPTS is chosen on purpose.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cnn_lib import environment

ROOT = Path(__file__).resolve().parents[1]
OWNER = "cnn_lib/environment.py"
# What setting a variable looks like in Python, make, shell and YAML.
SETTING = r'(["\']?{name}["\']?\s*(:=|=|:)\s*["\']?\w|setdefault\(\s*["\']{name}["\']|export\s+{name}\b)'
# Measuring the switch itself: the speed chapter's fresh processes and the benchmark's levers.
CHOSEN_ON_PURPOSE = {
    "TF_ENABLE_ONEDNN_OPTS": {"cnn_lib/speed.py", "benchmarks/train_speed.py", "tests/test_speed.py"}
}


def project_files():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in listed:
        path = ROOT / name
        if path.suffix in {".py", ".sh", ".yml", ".yaml", ".toml", ".cfg"} or path.name in {
            "Makefile",
            "run",
        }:
            if path.is_file() and not name.startswith("book/") and name != "tests/test_one_source.py":
                yield name, path.read_text(errors="replace")


@pytest.mark.parametrize("name", sorted(environment.BOOK_ENVIRONMENT))
def test_each_variable_is_set_in_one_place(name):
    pattern = re.compile(SETTING.format(name=re.escape(name)))
    setters = {path for path, text in project_files() if pattern.search(text)}
    assert setters - {OWNER} <= CHOSEN_ON_PURPOSE.get(name, set()), sorted(setters)
    assert OWNER in setters


def test_the_module_prints_what_make_and_the_shell_read():
    printed = subprocess.run(
        [sys.executable, "-m", "cnn_lib.environment"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert printed == [f"{name}={value}" for name, value in environment.BOOK_ENVIRONMENT.items()]


def test_the_module_runs_on_a_bare_python():
    """The Makefile reads it before anything is installed: no third-party import on the way."""
    code = "import sys; import cnn_lib.environment; print(sorted(set(sys.modules) & {'numpy', 'pandas', 'keras'}))"
    out = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_apply_sets_or_keeps():
    environ = {"COLUMNS": "80"}
    environment.apply(environ, override=False)
    assert environ["COLUMNS"] == "80" and environ["TF_ENABLE_ONEDNN_OPTS"] == "1"
    environment.apply(environ)
    assert environ == environment.BOOK_ENVIRONMENT
    assert "PYTHONHASHSEED" not in environment.in_kernel()
