"""The built HTML holds the book and nothing else: the table of contents' pages, search and the index.

A virtual environment inside the clone (the README's `.venv`, or `venv`, `env`) or a `node_modules/`
must never turn into pages, which Sphinx does when it is not told otherwise (README, _config.yml).
"""

from book_browser import PAGES


def built_pages(html_dir):
    return sorted(
        path.relative_to(html_dir).with_suffix("").as_posix()
        for path in html_dir.rglob("*.html")
        if not path.relative_to(html_dir).parts[0].startswith("_")
    )


def test_site_holds_only_the_books_pages(html_dir):
    # index.html is Jupyter Book's redirect to the root page; genindex.html is Sphinx's index.
    expected = sorted({*PAGES, "index", "genindex"})
    assert built_pages(html_dir) == expected


def test_page_sources_are_the_chapters_only(html_dir):
    sources = sorted(
        path.relative_to(html_dir / "_sources").with_suffix("").as_posix()
        for path in (html_dir / "_sources").rglob("*")
        if path.is_file()
    )
    assert sources == sorted(page for page in PAGES if page != "search")


def test_nothing_from_a_virtual_environment_or_node_modules(html_dir):
    strays = [
        path.relative_to(html_dir).as_posix()
        for path in html_dir.rglob("*")
        if {".venv", "venv", "env", "node_modules", "site-packages"} & set(path.relative_to(html_dir).parts)
    ]
    assert strays == []
