"""The Traditional-Chinese edition's catalogs (locales/zh_TW): complete, current, and true to the markup.

`scripts/translations.py` (`make translations`) extracts the English pages' messages afresh and fails
while any of them is missing from its page's catalog, untranslated or fuzzy (a changed English
paragraph), or translated with a role, a piece of code or math, or a link target changed. The
checker itself is tested on a catalog written here with one fault of each kind.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import project_scripts
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
translations = project_scripts.load("scripts/translations.py")


def messages(locales):
    """Every catalog's messages: {(page, English): (translation, fuzzy)}."""
    found = {}
    for po in sorted(locales.rglob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    found[po.relative_to(locales).as_posix(), message.id] = (message.string, message.fuzzy)
    return found


def test_every_message_is_translated_and_current(tmp_path):
    """`make translations` (scripts/translations.py update), run on a copy of locales/: it extracts
    the pages' messages afresh, and its check then finds none missing, untranslated or fuzzy and no
    markup changed; the committed catalogs already hold every message, so it adds, changes and
    marks nothing."""
    copy = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", copy, ignore=shutil.ignore_patterns("*.mo"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--locales", str(copy), "update"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert result.stdout.strip().endswith("0 problem(s)"), result.stdout[-2000:]
    assert messages(copy) == messages(ROOT / "locales")


def test_every_page_has_a_catalog():
    pages = sorted(path.stem for path in (ROOT / "book").iterdir() if path.suffix in (".ipynb", ".md"))
    catalogs = sorted(
        path.stem for path in (ROOT / "locales" / "zh_TW" / "LC_MESSAGES" / "book").glob("*.po")
    )
    assert catalogs == pages


def write_catalog(path, entries):
    catalog = Catalog(locale="zh_TW")
    for english, chinese, flags in entries:
        catalog.add(english, chinese, flags=flags)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def test_the_checker_names_each_kind_of_fault(tmp_path, monkeypatch):
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    po = tmp_path / "page.po"
    write_catalog(
        po,
        [
            (
                "The network reads {glue:text}`cnn_accuracy:.2%` of the digits.",
                "網路讀對 {glue:text}`cnn_accuracy:.2%` 的數字。",
                (),
            ),
            (
                "See {ref}`why <live-explorers>`.",
                "見 {ref}`原因 <live-explorers>`。",
                (),
            ),  # a role's title is prose
            ("`model.fit` trains it", "由 `model.fit` 訓練", ()),
            ("0.9926", "0.9926", ()),  # only a number: copied
            ("An untranslated paragraph.", "", ()),
            ("A changed paragraph of the English.", "舊的翻譯。", ("fuzzy",)),
            ("It reads {glue:text}`mlp_accuracy:.2%` here.", "這裡讀對 {glue:text}`mlp_accuracy:.1%`。", ()),
            ("Call `fit` with $x$ [here](#fit).", "呼叫 fit，見[此處](#other)。", ()),
            ("Copied English is not a translation.", "Copied English is not a translation.", ()),
        ],
    )
    found = translations.problems(po)
    assert len(found) == 5, "\n".join(found)
    assert "untranslated: 'An untranslated paragraph.'" in found[0]
    assert "fuzzy" in found[1]
    assert (
        "lost ['role {glue:text}`mlp_accuracy:.2%`'], added ['role {glue:text}`mlp_accuracy:.1%`']"
        in found[2]
    )
    assert "lost ['code `fit`', 'link #fit', 'math $x$'], added ['link #other']" in found[3]
    assert "has no Chinese" in found[4]


def test_markup_keeps_roles_code_math_and_link_targets():
    pieces = translations.markup("A {doc}`05_training` and `x = 1` with $a_b$, see [the log](#log).")
    assert sorted(pieces) == ["code `x = 1`", "link #log", "math $a_b$", "role {doc}`05_training`"]
    assert translations.prose_words("{glue:text}`a` `code here` $math$") == 0


def test_the_words_of_the_extensions_join_the_templates_in_sphinx_pot(tmp_path, monkeypatch):
    """A word an extension marks with _() is added to the templates' sphinx.pot (its places as
    Sphinx writes the templates'), and a catalog without it is then named as lacking it."""
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    (tmp_path / "_ext").mkdir()
    (tmp_path / "_ext" / "link.py").write_text(
        "text = str(_(\"Whole book (PDF)\"))\nother = f(1)\nlabel = _('Search')\n"
    )
    pot_dir = tmp_path / "_build" / "gettext"
    pot_dir.mkdir(parents=True)
    write_catalog(pot_dir / "sphinx.pot", [("Search", "", ())])  # as Sphinx extracts a template's
    translations.add_extension_messages(pot_dir)
    with (pot_dir / "sphinx.pot").open("rb") as handle:
        pot = read_po(handle)
    assert sorted(message.id for message in pot if message.id) == ["Search", "Whole book (PDF)"]
    assert pot["Whole book (PDF)"].locations == [("../../_ext/link.py", 1)]
    assert ("../../_ext/link.py", 3) in pot["Search"].locations
    locales = tmp_path / "locales"
    (locales / "zh_TW" / "LC_MESSAGES").mkdir(parents=True)
    write_catalog(locales / "zh_TW" / "LC_MESSAGES" / "sphinx.po", [("Search", "搜尋", ())])
    missing = translations.missing_messages("zh_TW", pot_dir, locales)
    assert len(missing) == 1 and "lacks a message of the page: 'Whole book (PDF)'" in missing[0], missing
