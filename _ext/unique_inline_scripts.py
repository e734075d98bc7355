"""Write each inline <script> once per page (a Sphinx extension local to this book).

Sphinx 7.4 (the version Jupyter Book 1.x allows) adds every inline script that an extension
registers after the builder starts twice: once as `None` and once as `''`. sphinx-thebe's
`const THEBE_JS_URL = ...` is such a script, so every page logged "Identifier 'THEBE_JS_URL'
has already been declared" in the browser console (tests/test_browser.py). This drops the
second copy of any inline script, on every page, before the page is written.
"""


def drop_repeated_inline_scripts(app, pagename, templatename, context, doctree):
    seen = set()
    scripts = []
    for script in context.get("script_files", []):
        if not script.filename:  # inline: None or '', the code in attributes["body"]
            key = (script.priority, tuple(sorted(script.attributes.items())))
            if key in seen:
                continue
            seen.add(key)
        scripts.append(script)
    context["script_files"] = scripts


def setup(app):
    # Late (priority 900), after the extensions that add per-page scripts.
    app.connect("html-page-context", drop_repeated_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
