"""The Traditional-Chinese edition's catalogs: bring them up to date, and check them.

    python scripts/translations.py update   # the English pages -> _build/gettext/*.pot -> locales/*/*.po
    python scripts/translations.py check [PO ...]   # every message translated, none fuzzy, markup kept

(``--locales DIR`` works on a copy of locales/ instead, as the tests do.)

``update`` extracts the messages of every page (Sphinx's gettext builder, with the book's own
configuration) and merges them into ``locales/zh_TW/LC_MESSAGES/book/<page>.po`` with
sphinx-intl: a new paragraph arrives untranslated, a changed one keeps its old translation marked
``fuzzy`` (to be checked against the new English), and a removed one is kept as obsolete.

``check`` fails (exit 1) and names each message that is untranslated, fuzzy, or whose translation
lost or changed a piece of markup that must pass through unchanged: a role such as
``{glue:text}`cnn_accuracy:.2%``` or ``{doc}`05_training```, inline code, inline math, a link's
target. A message with English words in it must come back with Chinese in it (a copy of the
English is not a translation). Without arguments it checks every catalog of every language and
also that each page's catalog holds every message the page has now (so run ``update`` first).

The words of the book's theme templates (``_templates/*.html``, ``_("Search")``) go, as Sphinx's
gettext builder extracts them, to ``sphinx.pot`` and each language's ``sphinx.po``, which Sphinx
reads for them; the extraction adds those of the book's Sphinx extensions (``_ext/*.py``, marked
the same way), which the builder does not read, so that they are merged and checked alike.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
LANGUAGES = ("zh_TW",)
POT_DIR = ROOT / "_build" / "gettext"

# Pieces of MyST that a translation carries over as they are.
ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
TITLED_ROLE = re.compile(r"(\{[\w:.-]+\})`[^`<]*<([^`>]+)>`")
CODE = re.compile(r"``[^`]+``|`[^`]+`")
MATH = re.compile(r"\$[^$\s][^$]*\$")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u3400-\u9fff]")
#: The book's Sphinx extensions, whose words (marked with _("...")) join the templates' in sphinx.pot.
EXTENSIONS = "_ext/*.py"
GETTEXT_CALL = re.compile(r"""\b_\(\s*(["'])(.+?)\1\s*\)""")
THEME_POT = "sphinx.pot"


def _role(text: str) -> str:
    """A role as it must come back: its name and target (a title before ``<target>`` is prose)."""
    titled = TITLED_ROLE.fullmatch(text)
    return f"{titled.group(1)}`<{titled.group(2)}>`" if titled else text


def markup(text: str) -> Counter:
    """The pieces of markup a message holds, each counted: roles, code, math, link targets."""
    pieces = Counter(f"role {_role(m)}" for m in ROLE.findall(text))
    rest = ROLE.sub(" ", text)
    pieces.update(f"code {m}" for m in CODE.findall(rest))
    rest = CODE.sub(" ", rest)
    pieces.update(f"math {m}" for m in MATH.findall(rest))
    pieces.update(f"link {m}" for m in LINK_TARGET.findall(text))
    return pieces


def prose_words(text: str) -> int:
    """English words outside the markup: what must be translated."""
    rest = LINK_TARGET.sub(" ", MATH.sub(" ", CODE.sub(" ", ROLE.sub(" ", text))))
    return len(ENGLISH_WORDS.findall(rest))


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def problems(po: Path) -> list[str]:
    """What is wrong with one catalog, one line per message."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        where = f"{_shown(po)}:{message.lineno}"
        text = message.id if isinstance(message.id, str) else message.id[0]
        translation = message.string if isinstance(message.string, str) else message.string[0]
        if not translation:
            found.append(f"{where}: untranslated: {text[:70]!r}")
            continue
        if message.fuzzy:
            found.append(f"{where}: fuzzy (the English changed; check the translation): {text[:70]!r}")
        lost = markup(text) - markup(translation)
        added = markup(translation) - markup(text)
        if lost or added:
            found.append(
                f"{where}: markup changed: lost {sorted(lost.elements())}, added {sorted(added.elements())}"
            )
        if prose_words(text) >= 3 and not CJK.search(translation):
            found.append(f"{where}: the translation has no Chinese: {translation[:70]!r}")
    return found


def missing_messages(language: str, pot_dir: Path, locales: Path = LOCALES) -> list[str]:
    """Messages of the pages (the .pot files) that a catalog of ``language`` lacks."""
    found = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        po = locales / language / "LC_MESSAGES" / pot.relative_to(pot_dir).with_suffix(".po")
        if not po.is_file():
            found.append(f"{_shown(po)}: missing (run `python scripts/translations.py update`)")
            continue
        with pot.open("rb") as handle:
            wanted = {m.id for m in read_po(handle) if m.id}
        with po.open("rb") as handle:
            have = {m.id for m in read_po(handle) if m.id}
        for text in sorted(wanted - have):
            found.append(f"{_shown(po)}: lacks a message of the page: {str(text)[:70]!r}")
    return found


def extension_messages() -> dict[str, list[tuple[str, int]]]:
    """The words the extensions mark with ``_()``: {English: [(file, line), ...]}."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(ROOT.glob(EXTENSIONS)):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in GETTEXT_CALL.finditer(line):
                found.setdefault(match.group(2), []).append((path.relative_to(ROOT).as_posix(), number))
    return found


def add_extension_messages(pot_dir: Path) -> None:
    """Add the extensions' words to the templates' in ``pot_dir``/sphinx.pot."""
    pot = pot_dir / THEME_POT
    if pot.is_file():
        with pot.open("rb") as handle:
            catalog = read_po(handle)
    else:
        catalog = Catalog()
    for text, places in extension_messages().items():
        # where each is, as Sphinx writes its templates' places: relative to the .pot's folder
        places = [(os.path.relpath(ROOT / file, pot_dir), line) for file, line in places]
        if text in catalog:  # a template has it too
            catalog[text].locations += places
        else:
            catalog.add(text, locations=places)
    with pot.open("wb") as handle:
        write_po(handle, catalog, width=0)


def gettext(output: Path) -> None:
    """The English pages' messages as .pot files in ``output`` (scripts/editions.py runs Sphinx),
    with the extensions' words in sphinx.pot."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "editions.py"), "gettext", str(output)], check=True
    )
    add_extension_messages(output)


def update(locales: Path = LOCALES) -> int:
    """Extract the pages' messages, merge them into the catalogs, then check them (one extraction)."""
    gettext(POT_DIR)
    for language in LANGUAGES:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx_intl",
                "update",
                "-p",
                str(POT_DIR),
                "-d",
                str(locales),
                "-l",
                language,
                "-w",
                "0",
            ],
            check=True,
        )
    return check([], locales, pot_dir=POT_DIR)


def check(paths: list[Path], locales: Path = LOCALES, pot_dir: Path | None = None) -> int:
    """Report the catalogs' problems; without ``paths``, every catalog, against the pages' messages
    (extracted afresh unless ``pot_dir`` holds them already)."""
    found = []
    if paths:
        for path in paths:
            found += problems(path.resolve())
    else:
        with tempfile.TemporaryDirectory() as fresh:
            if pot_dir is None:
                pot_dir = Path(fresh)
                gettext(pot_dir)
            for language in LANGUAGES:
                found += missing_messages(language, pot_dir, locales)
        for po in sorted(locales.rglob("*.po")):
            found += problems(po)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="extract the English messages and merge them into the catalogs")
    checking = commands.add_parser("check", help="every message translated, none fuzzy, markup kept")
    checking.add_argument("po", nargs="*", type=Path, help="default: every catalog, against the pages")
    parser.add_argument("--locales", type=Path, default=LOCALES, help=f"default: {LOCALES.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    locales = args.locales.resolve()
    return update(locales) if args.command == "update" else check(args.po, locales)


if __name__ == "__main__":
    sys.exit(main())
