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
