"""The whole book as PDF in every page's download menu (a Sphinx extension local to this book).

sphinx-book-theme's download menu offers the page's .ipynb, its source and the browser's print
dialog, one page at a time. ``make pdf`` (scripts/book_pdf.py) prints the whole book into one PDF
at the site's root; this adds a link to it at the end of the menu. An edition in another language
is built inside the English site (scripts/editions.py, its EDITIONS folder), and links to the same
PDF at the site's root. The link's tooltip is its visible text, so that the text is part of its
accessible name.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The link's text (and tooltip) by Sphinx language; English for any other.
TEXTS = {"en": "Whole book (PDF)", "zh_TW": "整本書 (PDF)"}
LABEL = "download-book-pdf-button"


def _script(name):
    """A module of scripts/ (not a package), where the PDF's name and the editions' folders live."""
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_book_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PDF_NAME = _script("book_pdf").PDF_NAME
EDITIONS = _script("editions").EDITIONS


def add_book_pdf_button(app, pagename, templatename, context, doctree):
    groups = [
        button for button in context.get("header_buttons", []) if button.get("label") == "download-buttons"
    ]
    if not groups:  # a page without a source (search, the index): no download menu
        return
    language = app.config.language or "en"
    # from this edition's root (pathto) up to the site's root, where the PDF is
    folder = EDITIONS.get(language)
    up = "../" * len(folder.strip("/").split("/")) if folder else ""
    text = TEXTS.get(language, TEXTS["en"])
    groups[0]["buttons"].append(
        {
            "type": "link",
            "url": context["pathto"](f"{up}{PDF_NAME}", 1),
            "text": text,
            "tooltip": text,
            "icon": "fas fa-book",
            "label": LABEL,
        }
    )


def setup(app):
    # After the theme's own header buttons (priority 501), which make the download menu.
    app.connect("html-page-context", add_book_pdf_button, priority=510)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
