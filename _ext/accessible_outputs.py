"""The stored outputs as every reader can use them (a Sphinx extension local to this book).

- **Tables' empty corner cells.** A pandas data frame written as HTML opens with an empty header cell
  (``<th></th>``) above its index, and a named index (``pd.crosstab``'s "label") adds a row of them.
  A header cell with no text announces nothing to a screen reader, which accessibility checkers
  report (axe-core's ``empty-table-header``); an empty cell is data-less, so it becomes ``<td></td>``.
  Each data frame sits in the theme's box for wide tables, which scrolls sideways, by the keyboard
  too, when the table is wider than the screen. The notebooks keep pandas' own HTML: Jupyter and
  Colab show it as before.
- **Explorers as stills.** Each explorer of ``cnn_lib.widgets`` stores the live widget and a still PNG
  of it in one output; ``nb_mime_priority_overrides`` in _config.yml makes the HTML show the still,
  whose alt text is the cell's ``mystnb.image.alt`` (translated with the page). Without a widget
  manager on the page (``nb_ipywidgets_js: {}``), the saved widget state would be dead weight in
  every page that has an explorer: it is dropped. A widget output without a still is an error of
  the build, since it would show nothing.
"""

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STILL = "image/png"

EMPTY_HEADER_CELL = re.compile(r"<th(\s[^>]*)?>(\s|&nbsp;)*</th>")


def empty_headers_as_data_cells(html):
    """``<th ...></th>`` (empty, or white space only) of a pandas table -> ``<td ...></td>``."""
    return EMPTY_HEADER_CELL.sub(lambda match: f"<td{match.group(1) or ''}></td>", html)


def scrolling_box(html):
    """The table in the theme's own box for wide tables (pydata-sphinx-theme's
    ``pst-scrollable-table-container``): it scrolls sideways on a narrow screen, and the theme's
    script gives it a Tab stop whenever it does, so that the keyboard can scroll it too."""
    return f'<div class="pst-scrollable-table-container">{html}</div>'


class DataFrames(SphinxTransform):
    default_priority = 800

    def apply(self, **kwargs):
        for raw in self.document.findall(nodes.raw):
            if "html" in raw.get("format", "").split() and 'class="dataframe"' in raw.astext():
                text = scrolling_box(empty_headers_as_data_cells(raw.astext()))
                raw.children = [nodes.Text(text)]


class WidgetStills(SphinxTransform):
    """Every widget output of a page comes with its still (see the module's docstring)."""

    default_priority = 800

    def apply(self, **kwargs):
        for bundle in self.document.findall(nodes.container):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            kinds = {child.get("mime_type") for child in bundle.children}
            if WIDGET_VIEW in kinds and STILL not in kinds:
                LOGGER.warning(
                    "a widget output without a still PNG: display it through cnn_lib.widgets' explorers",
                    location=bundle,
                )


def drop_widget_state(app, doctree):
    js_files = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


def setup(app):
    app.add_transform(DataFrames)
    app.add_transform(WidgetStills)
    app.connect("doctree-read", drop_widget_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
