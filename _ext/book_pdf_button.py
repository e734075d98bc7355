"""The whole book as PDF in every page's download menu (a Sphinx extension local to this book).

sphinx-book-theme's download menu offers the page's .ipynb, its source and the browser's print
dialog, one page at a time. ``make pdf`` (scripts/book_pdf.py) prints the whole book into one PDF
at the root of each edition's HTML (the English site, and each edition of scripts/editions.py in
its folder); this adds a link to the page's own edition's PDF at the end of the menu. The link's
tooltip is its visible text, so that the text is part of its accessible name. The text is
translated like the theme's own words, from each language's sphinx.po (where
scripts/translations.py puts it).
"""

import importlib.util
from pathlib import Path

from sphinx.locale import _

ROOT = Path(__file__).resolve().parents[1]
LABEL = "download-book-pdf-button"


def _book_pdf():
    """scripts/book_pdf.py (scripts/ is not a package), where the PDF's name is set."""
    spec = importlib.util.spec_from_file_location("_book_pdf", ROOT / "scripts" / "book_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PDF_NAME = _book_pdf().PDF_NAME


def add_book_pdf_button(app, pagename, templatename, context, doctree):
    groups = [
        button for button in context.get("header_buttons", []) if button.get("label") == "download-buttons"
    ]
    if not groups:  # a page without a source (search, the index): no download menu
        return
    text = str(_("Whole book (PDF)"))  # in this page's language (sphinx.po)
    groups[0]["buttons"].append(
        {
            "type": "link",
            "url": context["pathto"](PDF_NAME, 1),  # this edition's root
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
