"""Every frame of a static exploration, drawn once: on all cores, and kept by content.

A static exploration (the website's, with no kernel) shows one precomputed frame per point of
its control grid. Drawing them is most of the book build's time (a frame takes about 0.1 s, and
chapter 6's exploration has 972), so this module

* draws the grid on every core the process may use (:func:`curvlab.core.parallel.fork_map`:
  worker processes forked from the one that holds the frame function, a closure over the
  chapter's data), falling back to one process off Linux; and
* when the book build gives it a store (:data:`FRAME_DIR_ENV`) and the notebook's digest
  (:data:`FRAME_KEY_ENV`), writes each frame there as ``<hash of its PNG>.png`` with a manifest
  named by the content that determines the frames: the notebook's code, the source of the
  curvlab package, the versions of numpy, matplotlib and Pillow, the exploration's title and
  its control grid. A build whose inputs did not change reads the manifest and draws nothing.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from matplotlib.figure import Figure

from curvlab.core.parallel import fork_map, worker_count
from curvlab.plotting.render import png_bytes, smallest_text_px

__all__ = [
    "FRAME_DIR_ENV",
    "FRAME_KEY_ENV",
    "FRAME_URL_ENV",
    "Frame",
    "render_frames",
    "source_digest",
]

FRAME_DIR_ENV = "CURVLAB_FRAME_DIR"
"""Set by the book build (``_ext/curvlab_sphinx.py``) to the folder that stores frames as PNG
files named by their content's hash, with one manifest per exploration; the build copies the
frames its pages show into the site's ``_frames/``."""

FRAME_URL_ENV = "CURVLAB_FRAME_URL"
"""The URL of the site's ``_frames/`` folder as the page being built sees it (``../_frames/``)."""

FRAME_KEY_ENV = "CURVLAB_FRAME_KEY"
"""A digest of the code cells of the notebook being executed, set by the build before it runs
the notebook: with the package source it determines every frame."""

MIN_FRAMES_PER_WORKER = 8
"""Below this many frames per worker, forking costs more than it saves."""


class Frame(NamedTuple):
    """One drawn frame: where the page finds it, its text alternative, and the height in image
    pixels of its smallest text (:func:`curvlab.plotting.render.smallest_text_px`)."""

    url: str
    alt: str
    text_px: float = 0.0


@functools.cache
def source_digest() -> str:
    """SHA-256 of every Python file of the curvlab package and of the drawing libraries'
    versions: what, besides a notebook's code, decides how a frame looks."""
    import matplotlib
    import numpy
    import PIL

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for module in (numpy, matplotlib, PIL):
        digest.update(f"{module.__name__}=={module.__version__}".encode())
    return digest.hexdigest()


def render_frames(
    title: str,
    draw: Callable[..., Figure],
    points: Sequence[dict[str, Any]],
    labels: Sequence[Sequence[str]],
    alt: Callable[[Figure], str],
) -> list[Frame]:
    """Draw ``draw(**point)`` for every point of a control grid, or read the frames back.

    Parameters
    ----------
    title : str
        The exploration's name (part of the cache key).
    draw : callable
        Returns the figure for one point's keyword arguments.
    points : sequence of dict
        The control values of every frame, in the order the page indexes them.
    labels : sequence of sequence of str
        For each point, the labels of its control positions (the cache key: values may be
        objects whose ``repr`` changes between runs, their labels do not).
    alt : callable
        The text alternative of a drawn figure.

    Returns
    -------
    list of Frame
        One per point, in order: a URL under :data:`FRAME_URL_ENV` when the build gave a frame
        store, else a ``data:`` URL holding the PNG.
    """
    if len(labels) != len(points):
        raise ValueError(
            f"labels must have one entry per point; got {len(labels)} for {len(points)} points"
        )
    store = os.environ.get(FRAME_DIR_ENV, "")
    manifest = _manifest_path(store, title, labels) if store else None
    if manifest is not None and manifest.is_file():
        names = json.loads(manifest.read_text(encoding="utf-8"))["frames"]
        if all((Path(store) / name).is_file() for name, *_ in names):
            return [Frame(_url(name), text, px) for name, text, px in names]
    drawn = _draw_all(draw, points, alt)
    if not store:
        return [Frame(_data_url(png), text, px) for png, text, px in drawn]
    folder = Path(store)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for png, text, px in drawn:
        name = hashlib.sha256(png).hexdigest()[:20] + ".png"
        path = folder / name
        if not path.exists():
            _write_atomically(path, png)
        names.append((name, text, px))
    if manifest is not None:
        _write_atomically(manifest, json.dumps({"title": title, "frames": names}).encode())
    return [Frame(_url(name), text, px) for name, text, px in names]


def _manifest_path(store: str, title: str, labels: Sequence[Sequence[str]]) -> Path | None:
    notebook = os.environ.get(FRAME_KEY_ENV, "")
    if not notebook:
        return None
    key = json.dumps([notebook, source_digest(), title, [list(row) for row in labels]])
    return Path(store) / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def _url(name: str) -> str:
    return os.environ.get(FRAME_URL_ENV, "") + name


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def _draw_all(
    draw: Callable[..., Figure], points: Sequence[dict[str, Any]], alt: Callable[[Figure], str]
) -> list[tuple[bytes, str, float]]:
    """Each point's PNG, text alternative and smallest text height, drawn on every core.

    A forked worker opens its own fonts: FreeType reads a font file through a file object whose
    offset a forked child shares with its parent and siblings, so two workers drawing with one
    inherited font read each other's glyphs ("FT_Load_Glyph failed: invalid outline", seen in
    a build). matplotlib drops its own font cache in a forked child, and
    :mod:`curvlab.plotting.render` drops the fonts held by its kept text layouts and mathtext
    parses (``os.register_at_fork``).
    """

    def draw_one(point: dict[str, Any]) -> tuple[bytes, str, float]:
        figure = draw(**point)
        return png_bytes(figure, compact=True), alt(figure), round(smallest_text_px(figure), 2)

    # Runs of neighbouring grid points per task: they share a figure's background
    # (curvlab.plotting.render.set_changing_artists), small enough to balance the load.
    workers = worker_count(len(points), per_worker=MIN_FRAMES_PER_WORKER)
    return fork_map(
        draw_one,
        points,
        per_worker=MIN_FRAMES_PER_WORKER,
        chunksize=max(4, len(points) // (8 * workers)),
    )
