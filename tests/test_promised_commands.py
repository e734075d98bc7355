"""Every script the README promises runs, here, as a reader would start it (a promise nothing runs rots).

Each runs in a fresh process from the checkout with the smallest arguments that still exercise it
end to end: the benchmarks print their figures, `scripts/execute_notebooks.py` stores a chapter's
outputs (on a copy; the committed notebooks are never touched). `make book`, `make test` and
`scripts/simulate_colab.sh` are run by .ci/run itself.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def run(*args, env=None, timeout=600):
    result = subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.parametrize(
    "script",
    [
        "benchmarks/train_speed.py",
        "benchmarks/book_time.py",
        "benchmarks/web_speed.py",
        "benchmarks/widgets_benchmark.py",
    ],
)
def test_readme_names_each_benchmark(script):
    assert f"python {script}" in README


@pytest.mark.slow
def test_execute_notebooks_stores_one_top_to_bottom_run(tmp_path, empty_cache):
    copy = tmp_path / "01_convolution.ipynb"
    shutil.copy(ROOT / "book" / "01_convolution.ipynb", copy)
    stored = nbformat.read(copy, as_version=4)
    for cell in stored.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(stored, copy)
    out = run("scripts/execute_notebooks.py", copy)
    assert "01_convolution.ipynb" in out and "whole book" in out
    counts = [
        cell.execution_count for cell in nbformat.read(copy, as_version=4).cells if cell.cell_type == "code"
    ]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.slow
def test_book_time_prints_each_chapter_and_the_total():
    out = run("benchmarks/book_time.py", "book/01_convolution.ipynb")
    assert "01_convolution.ipynb" in out and "whole book" in out and "(1 chapters" in out


@pytest.mark.slow
def test_train_speed_prints_its_figures():
    # Its smallest form: two epochs of the first 6,000 training images (the book's figures use all 60,000).
    out = run("benchmarks/train_speed.py", "--epochs", "2", "--images", "6000", timeout=900)
    for figure in (
        "GFLOP/s",
        "TFLOP",
        "efficiency",
        "(4,800 trained + 1,200 validated)",
        "book path overhead",
    ):
        assert figure in out, out


@pytest.mark.slow
def test_widgets_benchmark_prints_medians():
    out = run("benchmarks/widgets_benchmark.py", "--repeats", "2", "--no-network")
    for explorer in ("convolution_explorer", "filters_explorer", "pooling_explorer"):
        assert explorer in out and "median" in out, out


@pytest.mark.slow
def test_web_speed_prints_times_and_bytes(html_dir, browser):
    out = run("benchmarks/web_speed.py", env={"BOOK_HTML_DIR": str(html_dir)})
    assert "median" in out and "bytes" in out.lower(), out
