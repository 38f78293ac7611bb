"""palette_png: the static figures' encoding on the website."""

import io

import numpy as np
import pytest
from PIL import Image

from curvlab.plotting.render import new_figure, palette_png, png_bytes


def _figure_png() -> bytes:
    figure = new_figure(5, 3)
    axes = figure.add_subplot()
    x, y = np.meshgrid(np.linspace(-2, 2, 200), np.linspace(-1, 1, 100))
    axes.contourf(x, y, x**2 + 10 * y**2, levels=30)
    axes.plot(x[0], np.sin(3 * x[0]), color="k")
    axes.set_title("a bowl, filled contours and a curve")
    return png_bytes(figure)


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=float)


def test_a_figure_becomes_smaller_and_visually_unchanged():
    original = _figure_png()
    encoded = palette_png(original)
    assert Image.open(io.BytesIO(encoded)).mode == "P"
    assert len(encoded) < 0.6 * len(original)
    change = np.abs(_pixels(encoded) - _pixels(original)).max(axis=2)
    assert change.mean() < 1.0  # of 255 levels
    assert np.percentile(change, 99) < 16


def test_fewer_colours_cost_more_fidelity():
    original = _figure_png()
    coarse = np.abs(_pixels(palette_png(original, 8)) - _pixels(original)).mean()
    fine = np.abs(_pixels(palette_png(original, 256)) - _pixels(original)).mean()
    assert coarse > 4 * fine


def test_transparency_is_kept_by_leaving_the_image_alone():
    rgba = np.zeros((10, 10, 4), dtype=np.uint8)
    rgba[..., 3] = 128
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="png")
    assert palette_png(buffer.getvalue()) == buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "colors", "error", "match"),
    [
        ("not bytes", 256, TypeError, "data must be PNG bytes"),
        (b"", 1, ValueError, "colors must be between 2 and 256"),
        (b"", 257, ValueError, "colors must be between 2 and 256"),
    ],
)
def test_bad_arguments(data, colors, error, match):
    with pytest.raises(error, match=match):
        palette_png(data, colors)
