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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-updated", _normalise_inline_scripts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
