"""Running a chapter twice in one kernel gives the same outputs: no hidden state between runs."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTER = BOOK / "04_data_and_model.ipynb"


def text_outputs(cell):
    """The text a reader sees from one executed cell: streams and text/plain results, no images."""
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            texts.append(output.get("data", {}).get("text/plain", ""))
        elif output.output_type == "error":
            texts.append(f"{output.ename}: {output.evalue}")
    return texts


@pytest.mark.slow
def test_running_chapter_04_twice_in_one_kernel_gives_the_same_outputs():
    chapter = nbformat.read(CHAPTER, as_version=4)
    cells = [
        cell
        for cell in chapter.cells
        if cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])
    ]
    twice = nbformat.v4.new_notebook(metadata=chapter.metadata)
    twice.cells = [nbformat.v4.new_code_cell(cell.source) for cell in cells + cells]
    NotebookClient(
        twice, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(BOOK)}}
    ).execute()
    first, second = twice.cells[: len(cells)], twice.cells[len(cells) :]
    shown = sum(bool(text_outputs(cell)) for cell in first)
    assert shown >= 8, f"expected at least 8 cells with text output to compare, got {shown}"
    for index, (one, two) in enumerate(zip(first, second, strict=True)):
        assert text_outputs(one) == text_outputs(two), (
            f"cell {index} ({one.source[:40]!r}) differs on the second run"
        )


@pytest.mark.slow
def test_a_chapter_run_after_another_in_one_kernel_gives_its_stored_outputs():
    """Chapter 03 run in a kernel that has just run chapter 02 (same names, other values) shows
    exactly the text outputs stored from its own fresh-kernel run."""
    before = nbformat.read(BOOK / "02_multiple_filters.ipynb", as_version=4)
    chapter = nbformat.read(BOOK / "03_max_pool.ipynb", as_version=4)

    def compared(notebook):
        return [
            cell
            for cell in notebook.cells
            if cell.cell_type == "code" and "nbval-ignore-output" not in cell.metadata.get("tags", [])
        ]

    stored = compared(chapter)
    sequence = nbformat.v4.new_notebook(metadata=chapter.metadata)
    sequence.cells = [nbformat.v4.new_code_cell(cell.source) for cell in compared(before) + stored]
    NotebookClient(
        sequence, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(BOOK)}}
    ).execute()
    rerun = sequence.cells[-len(stored) :]
    assert sum(bool(text_outputs(cell)) for cell in stored) >= 10
    for index, (saved, again) in enumerate(zip(stored, rerun, strict=True)):
        assert text_outputs(again) == text_outputs(saved), (
            f"03_max_pool cell {index} ({saved.source[:40]!r}) differs after 02_multiple_filters"
        )
