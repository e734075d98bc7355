"""The book's structure: what every chapter promises its readers, checked on the stored notebooks."""

import ast
import re
from pathlib import Path

import nbformat
import project_scripts
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOKS = project_scripts.load("scripts/book_chapters.py").toc_notebooks(ROOT)
CHAPTERS = [f"book/{path.stem}" for path in NOTEBOOKS]
GLUE_ROLE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)(?::[^`]*)?`")
SETUP_CALLS = {"set_seed"}  # one seeding call, training.set_seed, in every chapter that seeds
stamp_notebooks = project_scripts.load("scripts/stamp_notebooks.py")


def read(path):
    return nbformat.read(path, as_version=4)


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_toc_lists_every_chapter_in_file_name_order():
    assert (ROOT / f"{TOC['root']}.md").is_file()
    assert CHAPTERS == sorted(CHAPTERS), "file names carry the reading order"
    assert NOTEBOOKS == sorted((ROOT / "book").glob("*.ipynb")), "every notebook of book/ is in the toc"
    assert CONFIG["repository"]["branch"] == "main"
    assert CONFIG["execute"]["execute_notebooks"] == "off"


def test_chapter_numbers_file_names_and_titles_agree():
    """The navigation numbers the article's chapters 1, 2, ... (a numbered part) and letters nothing:
    the appendices are an unnumbered part whose titles carry their letter. Each file name says the
    same as the page: NN_ for chapter NN, appendix_x_ for "Appendix X: ..."."""
    article_part, appendix_part = TOC["parts"]
    assert article_part.get("numbered") is True and not appendix_part.get("numbered", False)
    for number, entry in enumerate(article_part["chapters"], start=1):
        assert entry["file"].startswith(f"book/{number:02d}_"), entry
    for letter, entry in zip("ABCDEFGH", appendix_part["chapters"], strict=False):
        assert entry["file"].startswith(f"book/appendix_{letter.lower()}_"), entry
        title = read(ROOT / f"{entry['file']}.ipynb").cells[0].source.splitlines()[0]
        assert title.startswith(f"# Appendix {letter}: "), title


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_outputs_come_from_one_top_to_bottom_run(path):
    counts = [cell.execution_count for cell in code_cells(read(path))]
    assert counts == list(range(1, len(counts) + 1)), f"re-run {path.name} with `make notebooks`"
    for cell in code_cells(read(path)):
        for output in cell.outputs:
            assert output.output_type != "error", cell.source
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                cell.source,
                output.text,
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_chapter_skeleton(path):
    notebook = read(path)
    cells = code_cells(notebook)
    bootstrap, setup = cells[0], cells[1]
    assert "remove-cell" in bootstrap.metadata.get("tags", []), "the Colab cell is hidden in the HTML"
    # one template (scripts/stamp_notebooks.py): the book's environment, then cnn_lib in Colab
    assert bootstrap.source == stamp_notebooks.bootstrap_source(), "run scripts/stamp_notebooks.py"
    for statement in ast.parse(setup.source).body:
        is_import = isinstance(statement, ast.Import | ast.ImportFrom)
        is_seed = (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and getattr(statement.value.func, "attr", None) in SETUP_CALLS
        )
        assert is_import or is_seed, f"the setup cell only imports and seeds: {ast.unparse(statement)}"
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert markdown.startswith("# "), "an H1 title first"
    for heading in ("Learning objectives", "## Summary", "## Exercises", "## Where these outputs came from"):
        assert heading in markdown, heading
    assert "show_run_info" in cells[-1].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_glued_number_in_the_prose_exists(path):
    notebook = read(path)
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    glued = {
        output.metadata["scrapbook"]["name"]
        for cell in code_cells(notebook)
        for output in cell.outputs
        if "scrapbook" in output.get("metadata", {})
    }
    missing = set(GLUE_ROLE.findall(markdown)) - glued
    assert not missing, f"prose cites values the run did not glue: {sorted(missing)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_figures_have_names_captions_and_alt_text(path):
    for cell in code_cells(read(path)):
        if any("image/png" in output.get("data", {}) for output in cell.outputs):
            mystnb = cell.metadata.get("mystnb", {})
            assert mystnb.get("figure", {}).get("caption"), f"figure without caption: {cell.source[:60]}"
            assert mystnb.get("figure", {}).get("name", "").startswith("fig-"), cell.source[:60]
            assert len(mystnb.get("image", {}).get("alt", "")) > 20, (
                f"figure without alt text: {cell.source[:60]}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_ignored_cells_are_a_small_minority(path):
    """At most a fifth of each chapter's code cells escape nbval's comparison; what a timed or
    trained cell shows is asserted in a hidden cell instead."""
    cells = code_cells(read(path))
    ignored = [cell for cell in cells if "nbval-ignore-output" in cell.metadata.get("tags", [])]
    print(f"{path.stem}: {len(cells) - len(ignored)} compared cells, {len(ignored)} ignored")
    assert len(ignored) <= 0.2 * len(cells), (len(ignored), len(cells))


def test_bootstrap_template_sets_the_books_environment_and_installs_from_the_repository():
    from cnn_lib import environment

    source = stamp_notebooks.bootstrap_source()
    setup = source.split("# Colab only")[0]
    for name, value in environment.in_kernel().items():
        assert f'"{name}": "{value}"' in setup
    assert "PYTHONHASHSEED" not in setup, "a running kernel cannot change its own hash seed"
    assert 'if "google.colab" in sys.modules' in source
    assert f"git+{CONFIG['repository']['url']}@main" in source, "one repository URL everywhere"


def test_every_chapter_is_stamped_from_the_template():
    assert stamp_notebooks.main(["--check"]) == 0, "run scripts/stamp_notebooks.py (make notebooks does)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_chapters_that_train_ask_colab_for_a_gpu(path):
    """Colab reads `accelerator` and `colab.gpuType` from the notebook's metadata when it opens it.

    A chapter that trains the CNN when opened alone asks for a GPU runtime; the others do not, so that
    they do not spend a reader's GPU quota on nothing. The code is the same on either runtime.
    """
    notebook = read(path)
    if stamp_notebooks.trains(notebook):
        assert notebook.metadata.get("accelerator") == "GPU", "a training chapter asks Colab for a GPU"
        assert notebook.metadata.get("colab", {}).get("gpuType") == "T4"
        markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        assert "GPU" in markdown and "CPU" in markdown, "the text says what to expect on either runtime"
    else:
        assert "accelerator" not in notebook.metadata


def test_the_training_chapters_are_the_ones_that_ask_for_a_gpu():
    asking = sorted(path.stem for path in NOTEBOOKS if read(path).metadata.get("accelerator") == "GPU")
    assert asking == [
        "05_training",
        "06_evaluation",
        "07_confusion_matrix",
        "08_beyond_the_article",
        "appendix_b_keras2_to_keras3",
    ]
