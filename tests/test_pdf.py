"""The whole book as one PDF per edition (`make pdf`, scripts/book_pdf.py) and the link to it in
every page.

The PDF tests read the files that `make pdf` wrote into the built site; they never print them again.
The text of each must hold every chapter's title in its edition's language (the zh-TW titles from
the catalogs), in the table of contents' order, and the article's Chinese terms, and no character
may be drawn as a box: the checker (book_pdf.missing_glyphs) is shown to
catch a character that no font here has, printed by Chromium itself.
"""

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import project_scripts
import pytest
from book_browser import EDITION_PAGES, EDITIONS

ROOT = Path(__file__).resolve().parents[1]
book_pdf = project_scripts.load("scripts/book_pdf.py")
editions = project_scripts.load("scripts/editions.py")
button = project_scripts.load("_ext/book_pdf_button.py")
CHAPTERS = project_scripts.load("scripts/book_chapters.py").toc_notebooks(ROOT)
#: What the download menu's PDF link says in each edition (Sphinx translates it from sphinx.po)
LINK_TEXT = {"en": "Whole book (PDF)", "zh_TW": "整本書 (PDF)"}
#: The article's terms as the English book writes them (its glossary and its prose).
CHINESE_TERMS = ["卷積", "濾鏡", "池化", "平坦層", "隱藏層", "輸出層"]
PAGE_RANGE = range(40, 400)


LANGUAGES = [book_pdf.ENGLISH, *EDITIONS]


def first_heading(notebook, language=book_pdf.ENGLISH):
    """The text of a notebook's first Markdown heading, the chapter's title, in ``language`` (an
    edition's title is the translation in the chapter's catalog)."""
    cells = json.loads(notebook.read_text())["cells"]
    heading = next(
        (
            line[2:].strip()
            for cell in cells
            if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines()
            if line.startswith("# ")
        ),
        None,
    )
    assert heading, f"{notebook.name}: no '# ' heading"
    if language == book_pdf.ENGLISH:
        return heading
    # the chapter's catalog, a current (not fuzzy) translation, as the edition's build reads it
    return editions.translation(language, f"book/{notebook.stem}", heading)


@pytest.fixture(scope="module", params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture(scope="module")
def pdf_path(html_dir, language):
    path = book_pdf.pdf_path(html_dir, language)
    if not path.is_file():
        pytest.fail(f"no {path}: run `make pdf` (after `make book`) to print the whole book")
    return path


@pytest.fixture(scope="module")
def pages_text(pdf_path):
    import pypdf

    return [page.extract_text() or "" for page in pypdf.PdfReader(pdf_path).pages]


def test_pdf_has_a_sane_number_of_pages(pdf_path, pages_text):
    count = len(pages_text)
    print(f"{pdf_path.name}: {count} pages, {pdf_path.stat().st_size:,d} bytes")
    assert count in PAGE_RANGE, f"{count} pages, expected {PAGE_RANGE.start} to {PAGE_RANGE.stop - 1}"


def test_pdf_holds_every_chapter_in_order(pages_text, language):
    text = book_pdf.comparable("".join(pages_text))
    # the table of contents comes first: look for each title's own chapter after it
    position = text.find(book_pdf.comparable(first_heading(CHAPTERS[-1], language))) + 1
    assert position, "the table of contents lacks the last chapter"
    for notebook in CHAPTERS:
        title = book_pdf.comparable(first_heading(notebook, language))
        found = text.find(title, position)
        assert found >= 0, (
            f"{notebook.name}: its title {first_heading(notebook, language)!r} is not in the PDF "
            "after the chapter before"
        )
        position = found + len(title)


def test_pdf_has_bookmarks_and_page_numbered_contents(pdf_path, pages_text, language):
    import pypdf

    reader = pypdf.PdfReader(pdf_path)
    bookmarks = [title for title, _ in book_pdf.outline_pages(reader)]
    titles = [first_heading(notebook, language) for notebook in CHAPTERS]
    for notebook, title in zip(CHAPTERS, titles, strict=True):
        assert book_pdf.normalise(title) in bookmarks, f"no bookmark for {notebook.name}"
    starts = book_pdf.chapter_pages(pdf_path.read_bytes(), titles)[0]
    contents = pages_text[0]
    for title, start in zip(titles, starts, strict=True):
        start_of_title = book_pdf.comparable(title)[:16]
        line = next(
            (line for line in contents.splitlines() if start_of_title in book_pdf.comparable(line)), ""
        )
        assert line.rstrip().endswith(str(start)), f"contents line {line!r}: expected page {start}"
    footers = [text.strip().splitlines()[-1] for text in pages_text[:3]]
    assert footers == [f"{number} / {len(pages_text)}" for number in (1, 2, 3)], footers


def test_pdf_has_the_chinese_terms(pages_text):
    text = book_pdf.comparable("".join(pages_text))
    missing = [term for term in CHINESE_TERMS if term not in text]
    assert missing == [], f"Chinese terms not in the PDF's text: {missing}"


def test_pdf_draws_no_missing_glyph(pdf_path):
    boxes = book_pdf.missing_glyphs(pdf_path)
    assert boxes == [], f"{len(boxes)} characters drawn as boxes (page, font): {boxes[:10]}"


@pytest.mark.parametrize(
    ("text", "boxes"),
    [
        ("Plain English text, and 卷積.", False),
        ("An Egyptian hieroglyph: \U00013000.", True),  # no font on this machine has it
        ("A private-use character: \ue000.", True),
    ],
)
def test_missing_glyph_check_catches_a_box(browser, tmp_path, text, boxes):
    page = browser.new_page()
    page.set_content(f"<!DOCTYPE html><html><body><p style='font-size:24px'>{text}</p></body></html>")
    path = tmp_path / "tiny.pdf"
    page.pdf(path=path)
    page.close()
    found = book_pdf.missing_glyphs(path)
    assert bool(found) == boxes, f"{text!r}: {found}"


# --- the link to the PDF in every page's download menu -------------------------------------------


class DownloadMenu(HTMLParser):
    """The links (href, title, text) inside the page's download menu."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside <div class="dropdown dropdown-download-buttons">, counting divs
        self.links = []
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and (self.depth or "dropdown-download-buttons" in (attrs.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth:
            self._link = {
                "href": attrs.get("href"),
                "title": attrs.get("title"),
                "class": attrs.get("class", ""),
            }
            self._link["text"] = ""

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
        elif tag == "a" and self._link is not None:
            self.links.append(self._link)
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def pdf_links(html_file):
    menu = DownloadMenu()
    menu.feed(html_file.read_text())
    return [link for link in menu.links if f"btn-{button.LABEL}" in link["class"].split()]


@pytest.mark.parametrize("docname", [page for page in EDITION_PAGES if not page.endswith("search")])
def test_every_page_offers_the_whole_book_pdf(html_dir, docname):
    html_file = html_dir / f"{docname}.html"
    links = pdf_links(html_file)
    assert len(links) == 1, f"{docname}: {len(links)} whole-book PDF links in the download menu"
    link = links[0]
    folder = docname.split("/")[0]
    language = next((name for name, edition in EDITIONS.items() if edition == folder), book_pdf.ENGLISH)
    text = " ".join(link["text"].split())
    assert text == LINK_TEXT[language], f"{docname}: the link says {text!r}"
    assert text in link["title"], f"{docname}: its tooltip {link['title']!r} does not contain its text"
    url = urljoin(f"http://book.invalid/{docname}.html", link["href"])
    target = html_dir / unquote(urlsplit(url).path).lstrip("/")
    assert target == book_pdf.pdf_path(html_dir, language), f"{docname}: the link goes to {link['href']}"
    assert target.is_file(), f"{docname}: {link['href']} does not exist: run `make pdf`"
