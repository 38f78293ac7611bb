"""Are two versions of the package drawing the same exploration frames? Draw a sample, compare.

A speed change to the frames' drawing or encoding must leave the pictures alone. Run this script
once with each version of ``curvlab`` on ``PYTHONPATH`` (e.g. a checkout of main, then your
branch), each time into its own folder: it draws a sample of an exploration's grid (every point
where each numeric control is at its first, middle or last position, plus ``R`` random points),
in the page's order, blitted as the build draws them, and saves each PNG. Then ``compare``
decodes the two folders' PNGs and compares their pixels (not their bytes), and reports the
ratio of the files' sizes.

Run::

    PYTHONPATH=<old>/src .venv/bin/python benchmarks/frame_identity.py draw "ch6" /tmp/old [R]
    PYTHONPATH=<new>/src .venv/bin/python benchmarks/frame_identity.py draw "ch6" /tmp/new [R]
    .venv/bin/python benchmarks/frame_identity.py compare /tmp/old /tmp/new
"""

from __future__ import annotations

import importlib.util
import io
import pathlib
import random
import sys
import time

import numpy as np
from PIL import Image

_spec = importlib.util.spec_from_file_location(
    "frame_drawing", pathlib.Path(__file__).with_name("frame_drawing.py")
)
frame_drawing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frame_drawing)


def sample(points: list[dict], extra: int, seed: int = 6) -> list[int]:
    """Indices of the grid points whose numeric controls are each at an end or the middle of
    their values (every menu entry), and ``extra`` more at random, in the page's order."""
    values = {name: sorted({p[name] for p in points}, key=repr) for name in points[0]}
    numeric = {
        name: sorted(v)
        for name, v in values.items()
        if all(isinstance(x, int | float) for x in v) and len(v) > 3
    }
    keep = {name: {v[0], v[len(v) // 2], v[-1]} for name, v in numeric.items()}
    chosen = {i for i, p in enumerate(points) if all(p[n] in keep[n] for n in keep)}
    rest = sorted(set(range(len(points))) - chosen)
    chosen |= set(random.Random(seed).sample(rest, min(extra, len(rest))))
    return sorted(chosen)


def draw(pattern: str, folder: pathlib.Path, extra: int) -> None:
    from curvlab.experiments.registry import EXPLORATIONS
    from curvlab.plotting.render import png_bytes

    (name,) = [n for n in EXPLORATIONS if pattern in n]
    grid = frame_drawing.grid_of(EXPLORATIONS[name])
    folder.mkdir(parents=True, exist_ok=True)
    indices = sample(grid["points"], extra)
    start = time.process_time()
    for i in indices:
        png = png_bytes(grid["draw"](grid["compute"](**grid["points"][i])), compact=True)
        (folder / f"{i:05d}.png").write_bytes(png)
    print(f"{name}: {len(indices)} of {len(grid['points'])} frames drawn into {folder} "
          f"in {time.process_time() - start:.1f} CPU-s")  # fmt: skip


def pixels(path: pathlib.Path) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(path.read_bytes())).convert("RGB"))


def compare(old: pathlib.Path, new: pathlib.Path) -> bool:
    names = sorted(p.name for p in old.glob("*.png"))
    if not names or names != sorted(p.name for p in new.glob("*.png")):
        print("the folders hold different frames")
        return False
    different = [n for n in names if not np.array_equal(pixels(old / n), pixels(new / n))]
    size_old = sum((old / n).stat().st_size for n in names)
    size_new = sum((new / n).stat().st_size for n in names)
    print(f"{len(names) - len(different)} of {len(names)} frames the same picture; "
          f"files {size_new / size_old:.3f} times the size")  # fmt: skip
    for name in different:
        print("  different:", name)
    return not different


def main() -> None:
    if sys.argv[1] == "compare":
        sys.exit(0 if compare(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])) else 1)
    extra = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    draw(sys.argv[2], pathlib.Path(sys.argv[3]), extra)


if __name__ == "__main__":
    main()
