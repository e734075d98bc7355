"""Print the whole book to one PDF with Chromium (run by ``make pdf``, after ``make book``).

    python scripts/book_pdf.py              # -> _build/html/<PDF_NAME>, inside the published site, and
                                            #    each edition's: _build/html/zh-TW/<PDF_NAME>
    python scripts/book_pdf.py --language zh_TW    # one edition only

Each edition of the book (the English one and those of scripts/editions.py, side by side, each in a
process of its own) is built once more as a single HTML page (Sphinx's ``singlehtml`` builder, with
the same configuration and the same stored notebook outputs as ``make book``: nothing is executed)
into _build/pdf/<language>/, served on 127.0.0.1 and printed by Debian's Chromium through Playwright, with the
book's print stylesheet (_static/print.css). It is printed twice: the first print tells on which
page each chapter starts (Chromium's PDF outline, read with pypdf), the second writes those page
numbers into the table of contents. The PDF has page numbers in its footer, bookmarks (the
headings) and internal links; the script fails when a glyph is missing from the fonts (a box).

Nothing here uses the network: every request to another host is refused (the single page names
MathJax's CDN, which no chapter needs).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The PDF's file name, in the root of each edition's HTML (the one place it is written; the
#: download button of every page, _ext/book_pdf_button.py, and the tests read it from here).
PDF_NAME = "keras-mnist-cnn-book.pdf"
HTML = ROOT / "_build" / "html"
#: This script's own build folder: each edition's single-page book, in a folder named by its
#: language ("en", or the Sphinx language of scripts/editions.py).
WORK = ROOT / "_build" / "pdf"
#: The single page, copied to the build's root: its links to _static/ and _images/ are relative
#: to that root (Sphinx writes it as the root document, book/00_introduction.html).
PAGE = "book.html"
PAPER = {"format": "A4", "margin": {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}}
FOOTER = (
    '<div style="width:100%;font-family:sans-serif;font-size:8px;color:#555;'
    'text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
HEADER = "<span></span>"  # none (Chromium's default header is the date and the title)

# The theme's print-only table of contents (#jb-print-toc): one entry per chapter, linking to its
# section of the single page. Each gets a page number (a placeholder of the final width first).
TOC_ENTRIES = """() => Array.from(document.querySelectorAll("#jb-print-toc nav a.nav-link"))
    .map((link) => link.textContent.trim())"""
SET_PAGE_NUMBERS = """(numbers) => {
    const links = document.querySelectorAll("#jb-print-toc nav a.nav-link");
    links.forEach((link, index) => {
        let number = link.querySelector(".book-pdf-page");
        if (!number) {
            number = document.createElement("span");
            number.className = "book-pdf-page";
            link.append(number);
        }
        number.textContent = numbers[index];
    });
}"""


#: The English edition's name here, beside the Sphinx languages of scripts/editions.py's EDITIONS.
ENGLISH = "en"


def pdf_path(html, language=ENGLISH):
    """Where the PDF of the edition in ``language`` goes in the site ``html``."""
    return (
        html / PDF_NAME
        if language == ENGLISH
        else html / load_script("editions").EDITIONS[language] / PDF_NAME
    )


class PdfError(SystemExit):
    """A failure with a message for the reader (no traceback)."""


def load_script(name):
    """Another script of this folder (scripts/ is not a package)."""
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def book_browser():
    """tests/book_browser.py: the one owner of Chromium's path and flags, the local server and the
    image checks that the tests use too."""
    sys.path.insert(0, str(ROOT / "tests"))
    import book_browser  # noqa: PLC0415

    return book_browser


def build_single_page(language=ENGLISH):
    """The whole book, in ``language``, as one HTML page in its folder of WORK (zero warnings, as
    `make book`); returns that folder."""
    single = WORK / language
    status = load_script("editions").build("singlehtml", single, None if language == ENGLISH else language)
    if status:
        raise PdfError(f"the single-page build failed (Sphinx exit status {status}); see its messages above")
    import yaml  # noqa: PLC0415

    root = yaml.safe_load((ROOT / "_toc.yml").read_text())["root"]
    shutil.copyfile(single / f"{root}.html", single / PAGE)
    return single


def launch(playwright, browser_helpers):
    """Debian's Chromium with the tests' flags; $BOOK_CHROMIUM names another Chromium or Chrome
    (the publish workflow's runner has no Debian Chromium)."""
    chromium = os.environ.get("BOOK_CHROMIUM") or browser_helpers.CHROMIUM
    if not os.access(chromium, os.X_OK):
        raise PdfError(
            f"no Chromium at {chromium}: install Debian's `chromium` package (apt-get install chromium fonts-wqy-microhei)"
        )
    return playwright.chromium.launch(
        executable_path=chromium, args=browser_helpers.CHROMIUM_FLAGS, headless=True
    )


def print_pdf(page, path=None):
    """The page as PDF bytes (and written to path): footer with page numbers, bookmarks, tags."""
    return page.pdf(
        path=path,
        print_background=True,
        display_header_footer=True,
        header_template=HEADER,
        footer_template=FOOTER,
        outline=True,
        tagged=True,
        **PAPER,
    )


QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def comparable(text):
    """Text as the PDF's bookmarks, its extracted text and the sources can all be compared: no white
    space (Chromium's bookmarks drop it at line breaks, pypdf adds and drops some), ligatures
    as letters (pypdf gives "\ufb01" for "fi") and straight quotes (MyST makes them curly)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(QUOTES))


def normalise(title):
    """A heading, to compare the outline's with the table of contents' and the pages' text:
    comparable, without its section number or the '#' of its link."""
    return comparable(re.sub(r"^\s*(\d+(\.\d+)*\.?)\s+", "", title.rstrip("#")))


def outline_pages(reader):
    """(title, first page from 1) of every bookmark, in document order."""
    # pypdf's get_destination_page_number searches the pages for each bookmark: index them once
    numbers = {page.indirect_reference.idnum: index + 1 for index, page in enumerate(reader.pages)}
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            target = item.get("/Page")
            number = numbers.get(getattr(target, "idnum", None))
            if number is None:
                number = reader.get_destination_page_number(item) + 1
            found.append((normalise(str(item.title)), number))

    walk(reader.outline)
    return found


def chapter_pages(pdf_bytes, titles):
    """The page (from 1) on which each title starts: its bookmark, else the first page after the
    table of contents whose text has it."""
    import io  # noqa: PLC0415

    import pypdf  # noqa: PLC0415

    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    bookmarks = outline_pages(reader)
    texts = None
    pages = []
    for title in titles:
        wanted = normalise(title)
        # the bookmarks after the previous chapter's, so that a heading repeated earlier is not taken
        after = pages[-1] if pages else 1
        match = next((page for name, page in bookmarks if name == wanted and page >= after), None)
        if match is None:
            if texts is None:
                texts = [comparable(page.extract_text() or "") for page in reader.pages]
            match = next((index + 1 for index in range(after, len(texts)) if wanted in texts[index]), None)
        if match is None:
            raise PdfError(f"the chapter {title!r} is not in the printed book")
        pages.append(match)
    return pages, len(reader.pages)


def print_book(single, output):
    """Print the single page (PAGE in the folder ``single``) to output; returns (pages, bytes,
    chapter pages)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    helpers = book_browser()
    url, stop = helpers.serve(single)
    refused, failed, errors = set(), set(), []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright, helpers)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="light")

            def route(request_route):
                if request_route.request.url.startswith(url) or request_route.request.url.startswith("data:"):
                    request_route.continue_()
                else:
                    refused.add(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)
            page.on("response", lambda response: response.status >= 400 and failed.add(response.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            in_flight = helpers.RequestsInFlight(page)
            page.goto(f"{url}/{PAGE}", wait_until="load")
            page.evaluate(helpers.EAGER_IMAGES)  # lazy images load only when scrolled to
            page.wait_for_function(helpers.ALL_IMAGES_DONE, timeout=60_000)
            in_flight.wait_until_quiet()
            broken = page.evaluate(helpers.BROKEN_IMAGES)
            if broken:
                raise PdfError(f"images that did not load: {broken}")
            page.emulate_media(media="print")
            titles = page.evaluate(TOC_ENTRIES)
            if not titles:
                raise PdfError("the single page has no table of contents (#jb-print-toc): a theme change?")
            numbers = ["000"] * len(titles)  # as wide as any page number the book will have
            for _ in range(3):
                page.evaluate(SET_PAGE_NUMBERS, numbers)
                pdf = print_pdf(page)
                starts, count = chapter_pages(pdf, titles)
                if [str(start) for start in starts] == numbers:
                    break
                numbers = [str(start) for start in starts]
            else:
                raise PdfError(f"the chapters' pages did not settle: {numbers} then {starts}")
            browser.close()
    finally:
        stop()
    output.write_bytes(pdf)
    if refused:
        print(f"refused {len(refused)} request(s) to other hosts (printed offline): {sorted(refused)}")
    if errors:
        print(f"the page reported {len(errors)} error(s): {errors}")
    # searchindex.js: the theme's search script asks for it, the single page has no search
    missing = sorted(path for path in failed if not path.endswith("/searchindex.js"))
    if missing:
        raise PdfError(f"files the single page asked for are not in its build: {missing}")
    return count, len(pdf), dict(zip(titles, starts, strict=True))


# --- missing glyphs ---------------------------------------------------------------------------
# Chromium (Skia) embeds each font as a CID font (Type0, Identity-H) with the font's own glyph
# ids, two bytes a glyph. A character that no installed font has is drawn with glyph 0, .notdef:
# the box. So a text-showing operator that draws glyph 0 with such a font is a missing glyph.


HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _identity_fonts(resources):
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else {}
    identity = {}
    for name, font in fonts.items():
        font = font.get_object()
        if font.get("/Subtype") == "/Type0" and font.get("/Encoding") == "/Identity-H":
            identity[name] = str(font.get("/BaseFont", name))
    return identity


def _may_draw_glyph_zero(data):
    """False when no string in this content stream can hold the two-byte code 0 (a quick test,
    so that only such streams are parsed): a hex string with an aligned 0000, or a zero byte,
    raw or escaped, in a literal string."""
    if b"\x00" in data or b"\\0" in data:
        return True
    for match in HEX_STRING.finditer(data):
        digits = re.sub(rb"\s", b"", match.group(1))
        if any(digits[i : i + 4] == b"0000" for i in range(0, len(digits) - 3, 4)):
            return True
    return False


def _string_bytes(value):
    """The bytes of a string operand (pypdf gives bytes, or str with the original bytes); b"" for
    the numbers between a TJ array's strings."""
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str):
        return getattr(value, "original_bytes", None) or value.encode("latin-1", "replace")
    return b""


def _glyph_zero_fonts(stream, resources, pdf):
    """The fonts with which this content stream's text operators draw glyph 0."""
    from pypdf.generic import ContentStream  # noqa: PLC0415

    fonts = _identity_fonts(resources)
    current, found = None, []
    for operands, operator in ContentStream(stream, pdf).operations:
        if operator == b"Tf":
            current = fonts.get(operands[0])
        elif operator in (b"Tj", b"'", b'"', b"TJ") and current:
            strings = operands[-1] if operator == b"TJ" else [operands[-1]]
            for string in strings:
                data = _string_bytes(string)
                if any(data[i] == 0 and data[i + 1] == 0 for i in range(0, len(data) - 1, 2)):
                    found.append(current)
    return found


def _content_streams(page):
    """(stream, its resources) of a page and of every form XObject it can draw, each once."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    contents = page.get_contents()
    pending = [(contents, resources)]
    seen = set()
    while pending:
        stream, resources = pending.pop()
        if stream is not None:
            yield stream, resources
        xobjects = resources.get("/XObject")
        for reference in (xobjects.get_object() if xobjects is not None else {}).values():
            form = reference.get_object()
            key = getattr(reference, "idnum", id(form))
            if key in seen or form.get("/Subtype") != "/Form":
                continue
            seen.add(key)
            inner = form.get("/Resources")
            pending.append((form, inner.get_object() if inner is not None else resources))


def missing_glyphs(pdf_path):
    """[(page from 1, font name)] of every text operator that draws glyph 0 (.notdef) of a CID
    font with the Identity-H encoding: a character that no installed font has, drawn as a box."""
    import pypdf  # noqa: PLC0415

    reader = pypdf.PdfReader(pdf_path)
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for stream, resources in _content_streams(page):
            if _may_draw_glyph_zero(stream.get_data()):
                found += [(number, font) for font in _glyph_zero_fonts(stream, resources, reader)]
    return found


def print_edition(html, language):
    """Build, print and check the PDF of one edition (ENGLISH or a language of scripts/editions.py)."""
    output = pdf_path(html, language)
    if not output.parent.is_dir():
        raise PdfError(f"no {output.parent}: run `make book` first (it builds every edition)")
    started = time.perf_counter()
    single = build_single_page(language)
    built = time.perf_counter()
    count, size, starts = print_book(single, output)
    boxes = missing_glyphs(output)
    if boxes:
        raise PdfError(
            f"{output}: {len(boxes)} missing glyph(s) (boxes), first on page {boxes[0][0]} ({boxes[0][1]})"
        )
    done = time.perf_counter()
    for title, start in starts.items():
        print(f"  page {start:4d}  {title}")
    print(
        f"{output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}: {count} pages, "
        f"{size:,d} bytes (single page built in {built - started:.1f} s, printed in {done - built:.1f} s)"
    )


def main(argv=None) -> int:
    languages = [ENGLISH, *load_script("editions").EDITIONS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML, help="the built site (default: _build/html)")
    parser.add_argument(
        "--language",
        choices=languages,
        action="append",
        help="only this edition (default: every edition, each in a process of its own, side by side)",
    )
    args = parser.parse_args(argv)
    html = args.html.resolve()
    if not (html / "index.html").is_file():
        raise PdfError(f"no built book at {html}: run `make book` first (the PDF goes inside the site)")
    for module in ("playwright", "pypdf"):
        if importlib.util.find_spec(module) is None:
            raise PdfError(f"the Python package {module!r} is missing: run `make install`")
    editions = list(dict.fromkeys(args.language or languages))  # each once
    if len(editions) == 1:
        print_edition(html, editions[0])
        return 0
    # Each edition in its own process, side by side: a Sphinx build keeps one core busy, and the
    # editions share nothing but the stored outputs they read. Each one's messages (unbuffered, into
    # a file of its own, so that neither waits on a full pipe) are shown together when it is done.
    started = time.perf_counter()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    failed = []
    with tempfile.TemporaryDirectory() as logs:
        children = []
        for language in editions:
            log = (Path(logs) / f"{language}.log").open("w+", encoding="utf-8")
            command = [sys.executable, __file__, "--html", str(html), "--language", language]
            child = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, text=True, env=environment
            )
            children.append((language, child, log))
        for language, child, log in children:
            child.wait()
            log.seek(0)
            messages = log.read()
            log.close()
            print(f"--- {language}\n{messages}", end="" if messages.endswith("\n") else "\n")
            if child.returncode:
                failed.append(language)
    if failed:
        raise PdfError(f"the PDF of {', '.join(failed)} failed: see its messages above")
    print(f"every edition's PDF in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
