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

Exploration frames as files, drawn once
---------------------------------------
On the website each exploration frame is a PNG file that the browser fetches when a control
first shows it, not bytes embedded in the page (:mod:`curvlab.widgets`). Before each notebook
is executed, the build tells its kernel where frames are kept (a store under the repository's
``_build/.curvlab_cache/frames/``, named by content, shared by every build of this checkout),
the digest of the notebook's code cells, and the URL of the site's ``_frames/`` folder relative
to the page; :mod:`curvlab.widgets.frames` reads back frames whose inputs did not change. When
the pages are written, the frames they show are copied from the store into ``_frames/``.

Executed notebooks cached by content
------------------------------------
``execute_notebooks: cache`` (jupyter-cache) re-executes a notebook only when its code cells
changed. What a notebook computes also depends on the curvlab package and the pinned
requirements, so the cache lives in a folder named by their digest
(``_build/.curvlab_cache/jupyter-<digest>/``): a change to ``src/`` or to ``requirements.txt``
starts an empty cache, and older folders are removed. ``CURVLAB_EXECUTION_CACHE`` names another
folder (a test that must execute uses an empty one).

A widget state that is complete, or no build
--------------------------------------------
Every widget view on a written page must find, in the page's widget state, its model and every
model that one references (``IPY_MODEL_...``), transitively; every frame an exploration lists
must exist in the site. Otherwise the build fails: a page whose exploration cannot render is
never published.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from curvlab.widgets.frames import FRAME_DIR_ENV, FRAME_KEY_ENV, FRAME_URL_ENV, source_digest


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


FRAMES = "_frames"
CACHE_ENV = "CURVLAB_EXECUTION_CACHE"


def _cache_root(app: Sphinx) -> Path:
    """``_build/.curvlab_cache`` of the repository (not of ``--path-output``): every build of
    this checkout shares it."""
    return Path(app.srcdir) / "_build" / ".curvlab_cache"


def _execution_cache(app: Sphinx, config: Config) -> None:
    """Point jupyter-cache at a folder named by the digest of curvlab and the requirements."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen:
        config.nb_execution_cache_path = chosen
        return
    digest = hashlib.sha256(source_digest().encode())
    digest.update((Path(app.srcdir) / "requirements.txt").read_bytes())
    root = _cache_root(app)
    current = root / f"jupyter-{digest.hexdigest()[:16]}"
    if root.is_dir():
        for stale in root.glob("jupyter-*"):
            if stale != current:
                shutil.rmtree(stale, ignore_errors=True)
    config.nb_execution_cache_path = str(current)


def _frame_folder(app: Sphinx) -> None:
    """Tell the kernels where frames are kept (inherited by each kernel the build starts)."""
    if app.builder.format == "html":
        os.environ[FRAME_DIR_ENV] = str(_cache_root(app) / "frames")


def kernel_environment(docname: str, source: str) -> dict[str, str]:
    """What the kernel of notebook ``docname`` (JSON text ``source``) is given: the frames' URL
    relative to its page and the digest of its code cells, which with the package source
    decides its frames (the store itself, :data:`FRAME_DIR_ENV`, is set once per build)."""
    up = posixpath.relpath(FRAMES, posixpath.dirname(docname) or ".")
    digest = hashlib.sha256()
    try:
        cells = json.loads(source).get("cells", [])
    except (json.JSONDecodeError, AttributeError):
        cells = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            text = cell.get("source", "")
            digest.update(("".join(text) if isinstance(text, list) else text).encode())
            digest.update(b"\0")
    return {FRAME_URL_ENV: up + "/", FRAME_KEY_ENV: digest.hexdigest()}


def _frame_url(app: Sphinx, docname: str, source: list[str]) -> None:
    """Before a notebook is read (and executed), give its kernel :func:`kernel_environment`."""
    if FRAME_DIR_ENV not in os.environ:
        return
    os.environ.update(kernel_environment(docname, source[0]))


_WIDGET_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S
)
_WIDGET_VIEW = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S
)
_MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")


def widget_problems(html: str) -> tuple[list[str], list[str]]:
    """What keeps a page's widgets from rendering, and the frame URLs its explorations list.

    Returns the problems (a view or a reference whose model the page's state lacks, an
    exploration whose frames do not fill its control grid) and every frame URL.
    """
    views = [json.loads(view)["model_id"] for view in _WIDGET_VIEW.findall(html)]
    match = _WIDGET_STATE.search(html)
    state = json.loads(match.group(1))["state"] if match else {}
    problems, frames, seen = [], [], set()
    pending = list(views)
    while pending:
        model_id = pending.pop()
        if model_id in seen:
            continue
        seen.add(model_id)
        if model_id not in state:
            problems.append(f"model {model_id} is referenced but not in the page's widget state")
            continue
        values = state[model_id]["state"]
        pending.extend(_MODEL_REF.findall(json.dumps(values)))
        urls = values.get("frame_urls") or []
        if urls:
            children = [state.get(ref.removeprefix("IPY_MODEL_"), {}) for ref in values["children"]]
            cells = 1
            for child in children[:-1]:
                cells *= len(child.get("state", {}).get("_options_labels", []))
            if len(children) < 2 or cells != len(urls) or len(values["frame_alts"]) != len(urls):
                problems.append(f"exploration {model_id}: {len(urls)} frames for a grid of {cells}")
            frames.extend(urls)
    return problems, frames


def _check_widgets_and_copy_frames(app: Sphinx, exception: Exception | None) -> None:
    """Fail the build on an incomplete widget state; copy the frames the pages show."""
    if exception is not None or app.builder.format != "html":
        return
    store = Path(os.environ.get(FRAME_DIR_ENV, _cache_root(app) / "frames"))
    outdir = Path(app.outdir)
    problems = []
    for page in sorted(outdir.rglob("*.html")):
        found, frames = widget_problems(page.read_text(encoding="utf-8"))
        name = page.relative_to(outdir).as_posix()
        problems += [f"{name}: {problem}" for problem in found]
        for url in frames:
            if url.startswith("data:"):
                continue
            target = (page.parent / url).resolve()
            source = store / target.name
            if target.parent != (outdir / FRAMES).resolve() or not source.is_file():
                problems.append(f"{name}: frame {url} is not in the frame store {store}")
            elif not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    if problems:
        raise ExtensionError(
            "widgets that would not render on the website:\n  " + "\n  ".join(problems[:20])
        )


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
    app.connect("config-inited", _execution_cache, priority=100)
    app.connect("builder-inited", _frame_folder)
    app.connect("source-read", _frame_url)
    app.connect("build-finished", _check_widgets_and_copy_frames)
    app.connect("env-updated", _normalise_inline_scripts)
    app.connect("html-page-context", _citations_as_list_items)
    app.connect("build-finished", _drop_fontawesome_js)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
