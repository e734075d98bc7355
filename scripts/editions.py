"""Build the book's other editions with Jupyter Book's own Sphinx set-up (run by ``make book``).

    python scripts/editions.py html zh_TW [OUTPUT]   # the Traditional-Chinese edition, default _build/html/zh-TW
    python scripts/editions.py gettext OUTPUT        # the English pages' messages, one .pot per page

The English book is built by ``jupyter-book build`` at the site's root. An edition in another
language is the same sources, the same configuration (_config.yml, _toc.yml) and the same stored
outputs, built again with Sphinx's ``language`` set: the prose comes from the catalogs in
locales/<language>/LC_MESSAGES/ (see scripts/translations.py), everything else is the English
book's. Jupyter Book's command line has no option for the language, so this script calls the
function that command calls, with the same overrides, its own doctree folder and -W -n --keep-going.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Where each edition goes inside the English site, by Sphinx language code.
EDITIONS = {"zh_TW": "zh-TW"}
HTML = ROOT / "_build" / "html"


def translation(language: str, page: str, english: str) -> str:
    """``english``, a message of ``page`` (e.g. "book/01_convolution"), as that page's catalog in
    ``language`` translates it; fails where it has no current translation (Sphinx leaves a fuzzy one
    out, and the edition would show the English)."""
    from babel.messages.pofile import read_po  # noqa: PLC0415

    catalog_path = ROOT / "locales" / language / "LC_MESSAGES" / f"{page}.po"
    with catalog_path.open("rb") as handle:
        message = read_po(handle).get(english)
    if message is None or not message.string or message.fuzzy:
        raise SystemExit(f"{catalog_path.relative_to(ROOT)}: no current translation of {english!r}")
    return message.string


def book_title(language: str) -> str:
    """The book's title in ``language``: the root page's catalog translates it (it is that page's title)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    root = yaml.safe_load((ROOT / "_toc.yml").read_text())["root"]
    return translation(language, root, config["title"])


def build(builder: str, output: Path, language: str | None = None) -> int:
    from jupyter_book.sphinx import build_sphinx  # noqa: PLC0415 - Sphinx loads only for a build

    overrides = {
        # what `jupyter-book build . -W -n --keep-going` passes to Sphinx
        "external_toc_path": str(ROOT / "_toc.yml"),
        "nitpicky": True,
        "latex_individualpages": False,
    }
    if language:
        overrides["language"] = language
        overrides["html_title"] = book_title(language)
    doctrees = ROOT / "_build" / f".doctrees-{builder}-{language or 'en'}"
    shutil.rmtree(doctrees, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    result = build_sphinx(
        ROOT,
        output,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides,
        builder=builder,
        doctreedir=doctrees,
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        use_external_toc=True,
    )
    if isinstance(result, Exception):
        raise result
    return int(result)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    html = commands.add_parser("html", help="an edition in another language, inside the English site")
    html.add_argument("language", choices=sorted(EDITIONS))
    html.add_argument("output", nargs="?", type=Path)
    pot = commands.add_parser("gettext", help="the English pages' messages")
    pot.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if args.command == "gettext":
        return build("gettext", args.output.resolve())
    output = (args.output or HTML / EDITIONS[args.language]).resolve()
    return build("html", output, args.language)


if __name__ == "__main__":
    sys.exit(main())
