"""Translated pages: a notebook's translated paragraphs keep its glued numbers, and the table of
contents' part captions are translated too.

Sphinx translates a page by parsing each translated message as a small document of its own
(``sphinx.transforms.i18n.Locale`` through ``publish_msgstr``). myst-nb parses such a message as
MyST Markdown, which is right, but its glue roles (``{glue:text}`name:.1%```) look their values
up in the renderer that myst-nb keeps on the document being parsed, only while it parses the
notebook: a message's small document, parsed later, has none, and every number of a translated
paragraph would become a "No key found in glue data" warning. This extension remembers each
notebook's renderer while the page is read and lends it to the small documents of the page's
messages, as the glue roles expect to find it; it forgets it once the page has been read.

The captions of the table of contents' parts ("Following the article", "Appendices") come from
_toc.yml through sphinx-external-toc, which puts the toctree into the root page after Sphinx has
translated the page: ``TocCaptions`` translates them from the root page's catalog, where the
gettext builder found them.
"""

from __future__ import annotations

from pathlib import Path

from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

_RENDERER = "nb_renderer"  # where myst-nb keeps a notebook's renderer (and its glue data)
_PATCHED = "_cnn_book_translated_notebooks"
#: The renderer of each notebook being read, by document name, until its doctree is read.
_RENDERERS: dict = {}
_reading: list = []  # the notebook being parsed now


def _patch():
    import myst_nb.sphinx_ as nb_sphinx  # noqa: PLC0415 - only when Sphinx sets the extension up

    if getattr(nb_sphinx, _PATCHED, False):
        return
    load_renderer = nb_sphinx.load_renderer
    parse = nb_sphinx.Parser.parse

    def remembering_renderer(name):
        renderer_class = load_renderer(name)

        def create(mdit_renderer, logger):
            renderer = renderer_class(mdit_renderer, logger)
            if _reading:
                _RENDERERS[_reading[-1]] = renderer
            return renderer

        return create

    def parse_page_or_message(self, inputstring, document):
        env = getattr(document.settings, "env", None)
        if env is None:
            return parse(self, inputstring, document)
        if document.current_source.endswith("<translated>"):  # a message of the page env.docname
            renderer = _RENDERERS.get(env.docname)
            if renderer is not None:
                document[_RENDERER] = renderer
            try:
                return parse(self, inputstring, document)
            finally:  # as myst-nb does: the doctree, pickled later, must not hold the renderer
                document.attributes.pop(_RENDERER, None)
        _reading.append(env.docname)  # the page itself: remember the renderer it creates
        try:
            return parse(self, inputstring, document)
        finally:
            _reading.pop()

    nb_sphinx.load_renderer = remembering_renderer
    nb_sphinx.Parser.parse = parse_page_or_message
    setattr(nb_sphinx, _PATCHED, True)


class TocCaptions(SphinxTransform):
    """The toctree captions of a page, from the page's catalog, in an edition in another language."""

    default_priority = 101  # after sphinx-external-toc's InsertToctrees (100), itself after Locale (20)

    def apply(self, **kwargs):
        language = self.config.language
        toctrees = [node for node in self.document.findall(addnodes.toctree) if node.get("caption")]
        if not toctrees or not language or language == "en":
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, folder)) for folder in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, language, domain)
        if not has_catalog:
            return
        for toctree in toctrees:
            toctree["caption"] = toctree["rawcaption"] = catalog.gettext(toctree["caption"])


def _forget(app, doctree):
    _RENDERERS.pop(app.env.docname, None)


def setup(app):
    _patch()
    app.connect("doctree-read", _forget)
    app.add_transform(TocCaptions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
