"""Sphinx fixes for the curvlab book, loaded through `sphinx.local_extensions` in _config.yml.

Inline scripts registered once but emitted twice
------------------------------------------------
Extensions add inline ``<script>`` blocks with ``app.add_js_file(None, body=...)``. Called after
the HTML builder is initialised (sphinx-thebe does so in ``env-before-read-docs``,
sphinx-togglebutton in ``builder-inited``), Sphinx 7.4 stores the script twice: once on the
builder with ``filename=None`` and once in the registry, which ``prepare_writing`` copies to the
builder again as ``filename=''``. The two copies compare unequal, so both reach every page. For
sphinx-thebe's ``const THEBE_JS_URL = ...`` the second copy is a SyntaxError in the browser
("Identifier 'THEBE_JS_URL' has already been declared"), which also leaves the Live Code button
without its configuration.

The fix renames the builder's ``None`` to ``''`` once all documents are read, so the copy that
``prepare_writing`` adds is recognised as the same script and dropped.

Bibliography entries that assistive technology can read
-------------------------------------------------------
docutils writes each page's list of references as ``<div role="list" class="citation-list">``
holding ``<div class="citation" role="doc-biblioentry">`` entries. ARIA 1.2 deprecates
``doc-biblioentry``, so browsers expose those entries as generic elements: the list then has no
list items, which axe-core reports as a critical ``aria-required-children`` violation (and the
role itself as ``aria-deprecated-role``). Each entry is given ``role="listitem"`` instead.

Figures with the alt text their code wrote
------------------------------------------
:func:`curvlab.plotting.figure_alt` puts each figure's text alternative in the output's display
metadata, ``{"image/png": {"alt": ...}}``. myst-nb 1.4's ``render_image`` copies only ``width``
and ``height`` from there (``alt`` only from cell metadata), so the image node is given the
output's ``alt`` when the cell did not set one.

Font Awesome once, as a font
----------------------------
pydata-sphinx-theme draws its icons with Font Awesome twice: its stylesheet brings the web
fonts (fa-solid-900.woff2, fa-brands-400.woff2: 274 kB) and every page also loads
``scripts/fontawesome.js`` (1.5 MB, 542 kB gzipped), which only replaces each ``<i>`` icon by an
inline ``<svg>`` of the same glyph. The book adds no icons of its own ("so that users can add
custom icons" is why the theme loads it), so the script is removed from every written page and
the icons are drawn by the fonts: measured, a quarter of a chapter's first load.

Exploration frames as files
---------------------------
On the website each exploration frame is a PNG file that the browser fetches when a control
first shows it, not bytes embedded in the page (:mod:`curvlab.widgets`). The build gives the
notebook kernels the folder to write them to, ``_frames/`` in the HTML output, and, before each
document is read, the URL of that folder relative to the document.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.environment import BuildEnvironment


def _normalise_inline_scripts(app: Sphinx, env: BuildEnvironment) -> None:
    """Give inline scripts the filename (``''``) that ``prepare_writing`` will use for them."""
    js_files: list[_JavaScript] | None = getattr(app.builder, "_js_files", None)
    if js_files is None:  # not an HTML builder
        return
    js_files[:] = [
        _JavaScript("", priority=js.priority, **js.attributes) if js.filename is None else js
        for js in js_files
    ]


def _citations_as_list_items(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give bibliography entries the ``listitem`` role their ``role="list"`` parent needs."""
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


_render_image = NbElementRenderer.render_image


def _render_image_with_alt(self: NbElementRenderer, data: MimeData) -> list[nodes.Element]:
    """myst-nb's ``render_image``, plus the ``alt`` of the output's display metadata."""
    rendered = _render_image(self, data)
    alt = data.output_metadata.get(data.mime_type, {}).get("alt")
    for node in rendered:
        if isinstance(node, nodes.image) and alt and not node.get("alt"):
            node["alt"] = str(alt)
    return rendered


# Names shared with curvlab.widgets.core (FRAME_DIR_ENV, FRAME_URL_ENV).
FRAME_DIR_ENV, FRAME_URL_ENV = "CURVLAB_FRAME_DIR", "CURVLAB_FRAME_URL"
FRAMES = "_frames"


def _frame_folder(app: Sphinx) -> None:
    """Tell the kernels where to write exploration frames: ``_frames/`` of the HTML output."""
    if app.builder.format == "html":
        os.environ[FRAME_DIR_ENV] = os.path.join(app.outdir, FRAMES)


def _frame_url(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before a document is read (and its notebook executed), the frames' URL relative to it."""
    if FRAME_DIR_ENV in os.environ:
        up = posixpath.relpath(FRAMES, posixpath.dirname(docname) or ".")
        os.environ[FRAME_URL_ENV] = up + "/"


_FONTAWESOME_JS = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)


def _drop_fontawesome_js(app: Sphinx, exception: Exception | None) -> None:
    """Remove the theme's ``fontawesome.js`` from every written HTML page (see above)."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        slimmer = _FONTAWESOME_JS.sub("", text)
        if slimmer != text:
            page.write_text(slimmer, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    NbElementRenderer.render_image = _render_image_with_alt
    app.connect("builder-inited", _frame_folder)
    app.connect("source-read", _frame_url)
    app.connect("env-updated", _normalise_inline_scripts)
    app.connect("html-page-context", _citations_as_list_items)
    app.connect("build-finished", _drop_fontawesome_js)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
