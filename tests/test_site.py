"""The built HTML holds the book and nothing else: the table of contents' pages, search and the index,
in English at the root and in each other edition's folder (zh-TW/).

A virtual environment inside the clone (the README's `.venv`, or `venv`, `env`) or a `node_modules/`
must never turn into pages, which Sphinx does when it is not told otherwise (README, _config.yml).
"""

from book_browser import EDITION_PAGES, EDITIONS, PAGES


def built_pages(html_dir):
    return sorted(
        path.relative_to(html_dir).with_suffix("").as_posix()
        for path in html_dir.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(html_dir).parts)
    )


def test_site_holds_only_the_books_pages(html_dir):
    # index.html is the redirect to the root page; genindex.html is Sphinx's index.
    folders = ["", *(f"{folder}/" for folder in EDITIONS.values())]
    expected = sorted(
        {*EDITION_PAGES, *(f"{folder}{name}" for folder in folders for name in ("index", "genindex"))}
    )
    assert built_pages(html_dir) == expected


def test_page_sources_are_the_chapters_only(html_dir):
    for folder in [html_dir, *(html_dir / name for name in EDITIONS.values())]:
        sources = sorted(
            path.relative_to(folder / "_sources").with_suffix("").as_posix()
            for path in (folder / "_sources").rglob("*")
            if path.is_file()
        )
        assert sources == sorted(page for page in PAGES if page != "search"), folder


def test_nothing_from_a_virtual_environment_or_node_modules(html_dir):
    strays = [
        path.relative_to(html_dir).as_posix()
        for path in html_dir.rglob("*")
        if {".venv", "venv", "env", "node_modules", "site-packages"} & set(path.relative_to(html_dir).parts)
    ]
    assert strays == []
