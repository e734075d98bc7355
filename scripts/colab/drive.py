"""Run the book's chapters, in the order of _toc.yml, in this interpreter's kernel (the simulated Colab).

    python drive.py ROOT RUN_DIR

Copies every notebook that _toc.yml lists from ROOT/book into RUN_DIR (never touching book/), runs
each top to bottom in a fresh kernel, writes it back, and records chapters.json (what _toc.yml
lists) and results.json (each chapter's time and first error). Part of scripts/simulate_colab.sh.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/: the chapters of _toc.yml
from book_chapters import toc_notebooks  # noqa: E402


def client(notebook, run: Path) -> NotebookClient:
    return NotebookClient(
        notebook, timeout=-1, kernel_name="python3", resources={"metadata": {"path": str(run)}}
    )


def probe_kernel(run: Path) -> None:
    """The kernel is this venv's Python, and google.colab is imported before any cell runs."""
    probe = nbformat.v4.new_notebook()
    probe.cells.append(
        nbformat.v4.new_code_cell(
            "import sys, IPython, ipykernel\n"
            "print(sys.executable, 'google.colab' in sys.modules, IPython.__version__, ipykernel.__version__)"
        )
    )
    client(probe, run).execute()
    executable, colab, ipython, ipykernel = probe.cells[0].outputs[0]["text"].split()
    print(
        f"kernel: {executable}, IPython {ipython}, ipykernel {ipykernel}, google.colab imported at start: {colab}"
    )
    if Path(executable).parent != Path(sys.executable).parent:
        raise SystemExit(f"the kernel runs {executable}, not this environment's {sys.executable}")
    if colab != "True":
        raise SystemExit("google.colab was not imported when the kernel started")


def main(argv: list[str]) -> int:
    root, run = Path(argv[1]), Path(argv[2])
    chapters = toc_notebooks(root)
    (run / "chapters.json").write_text(json.dumps([path.name for path in chapters]))
    print(f"{len(chapters)} chapters in _toc.yml: {', '.join(path.stem for path in chapters)}", flush=True)
    probe_kernel(run)
    results = []
    for source in chapters:
        path = run / source.name
        shutil.copyfile(source, path)
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        error = None
        try:
            client(notebook, run).execute()
        except CellExecutionError as exc:
            error = str(exc).strip().splitlines()[-1]
        seconds = time.perf_counter() - start
        nbformat.write(notebook, path)
        results.append({"chapter": path.name, "seconds": round(seconds, 1), "error": error})
        print(f"{path.name:32s} {seconds:7.1f} s  {'FAIL: ' + error if error else 'pass'}", flush=True)
        (run / "results.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
