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
"""

from __future__ import annotations

from typing import Any

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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-updated", _normalise_inline_scripts)
    app.connect("html-page-context", _citations_as_list_items)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
