"""Colab's runtime (scripts/colab/runtime.txt) and cnn-lib resolve together for Colab's Python 3.13.

scripts/simulate_colab.sh runs the chapters with Colab's exact pins on the machine's Python 3.13 (or
on its own Python where it has none, and says so); this test proves, whatever Pythons the machine
has, with pip's resolver: for CPython 3.13 on manylinux x86_64, binary wheels only, every Colab pin
together with a wheel of this checkout's cnn-lib resolves, and to exactly the pinned versions, so that the bootstrap cell's
`%pip install cnn-lib` in Colab needs no other version of anything Colab ships. Needs the package
registry (as CI has), not the internet.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import project_scripts
import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / "scripts" / "colab" / "runtime.txt"
# pip does not widen one --platform to older or newer manylinux tags.
PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in (17, 24, 27, 28)] + ["manylinux2014_x86_64"]
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]


def colab_runtime():
    """Colab's Python and pins, read as scripts/colab/check.py reads them (one parser)."""
    return project_scripts.load("scripts/colab/check.py").runtime_pins(RUNTIME)


def normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_runtime_file_pins_colabs_published_versions():
    python, pins = colab_runtime()
    assert python == "3.13"
    assert pins == {
        "tensorflow": "2.20.0",
        "keras": "3.13.2",
        "numpy": "2.1.3",
        "pandas": "2.2.3",
        "matplotlib": "3.10.0",
        "scipy": "1.16.3",
        "ipywidgets": "7.7.1",
        "ipython": "7.34.0",
        "ipykernel": "6.17.1",
        "pillow": "11.3.0",
    }


@pytest.mark.slow
def test_colab_pins_and_cnn_lib_resolve_for_python_313(tmp_path):
    python, pins = colab_runtime()
    # Built from a copy, so that setuptools leaves no build/ folder in the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "cnn_lib", source / "cnn_lib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [*PIP, "wheel", "--quiet", "--no-deps", "-w", str(tmp_path / "wheel"), str(source)], check=True
    )
    (wheel,) = (tmp_path / "wheel").glob("cnn_lib-*.whl")
    report = tmp_path / "report.json"
    platforms = [arg for platform in PLATFORMS for arg in ("--platform", platform)]
    subprocess.run(
        [*PIP, "install", "--quiet", "--dry-run", "--ignore-installed", "--report", str(report)]
        + ["--target", str(tmp_path / "target"), "--python-version", python, "--implementation", "cp"]
        + ["--only-binary=:all:", *platforms, "-r", str(RUNTIME), str(wheel)],
        check=True,
    )
    resolved = {
        normal(item["metadata"]["name"]): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    assert "cnn-lib" in resolved
    assert {name: resolved.get(normal(name)) for name in pins} == pins
    # cnn-lib asks for no TensorFlow of its own: Colab's stays.
    requires = json.loads(report.read_text())["install"]
    cnn_lib = next(item for item in requires if normal(item["metadata"]["name"]) == "cnn-lib")
    assert not any(
        normal(req).startswith("tensorflow")
        for req in cnn_lib["metadata"].get("requires_dist", [])
        if "extra ==" not in req
    )
