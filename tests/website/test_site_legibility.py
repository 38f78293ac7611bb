"""Figures on the page, light and dark: the page's background around every figure and ink with
4.5:1 contrast; exploration frames as wide as the text column, with text a learner can read
on a desktop and on a phone.

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from built_site import (
    CHAPTERS,
    DESKTOP,
    PHONE,
    Tabs,
    frame_text_px,
)

pytestmark = pytest.mark.slow


def _luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (last axis: 0-255 red, green, blue)."""
    c = np.asarray(rgb, dtype=float) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """WCAG 2 contrast ratio between colours ``a`` and ``b`` (broadcast)."""
    la, lb = _luminance(a), _luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def _rgb(css: str) -> np.ndarray:
    return np.array([float(v) for v in re.findall(r"[\d.]+", css)[:3]])


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", CHAPTERS)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figures_are_legible_in_both_themes(
    tabs: Tabs, base_url: str, theme: str, path: str, report: dict[str, list[str]]
) -> None:
    """Every figure and exploration frame shows the page's background around it (contrast
    below 1.25:1) and ink with at least 4.5:1 contrast on the page's background."""
    from PIL import Image

    themed_page = tabs.shared(base_url, path, theme)  # the reader's stored choice of theme
    page = themed_page.page
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    background = _rgb(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
    images = page.locator(".cell_output img")
    checked, worst_edge, least_ink = 0, 1.0, 1.0
    for i in range(images.count()):
        image = images.nth(i)
        if not image.is_visible():
            continue
        image.scroll_into_view_if_needed()
        image.evaluate("(img) => img.decode()")
        shot = np.asarray(Image.open(io.BytesIO(image.screenshot())).convert("RGB"))
        edge = np.concatenate([shot[:2].reshape(-1, 3), shot[-2:].reshape(-1, 3)])
        edge_colour = np.median(edge, axis=0)
        edge_contrast = float(_contrast(edge_colour, background))
        ink = float(np.mean(_contrast(shot.reshape(-1, 3), background) >= 4.5))
        alt = (image.get_attribute("alt") or "")[:60]
        assert edge_contrast < 1.25, (
            f"{path} ({theme}): figure {i + 1} ({alt!r}) has a background {edge_colour} "
            f"on a page of {background} ({edge_contrast:.2f}:1)"
        )
        assert ink >= 0.002, (
            f"{path} ({theme}): figure {i + 1} ({alt!r}) has almost no ink with 4.5:1 contrast "
            f"on the page ({ink:.2%} of its pixels)"
        )
        checked += 1
        worst_edge, least_ink = max(worst_edge, edge_contrast), min(least_ink, ink)
    assert checked >= 1, f"{path}: no figure shown"
    themed_page.assert_clean()
    report.setdefault("Figures in light and dark mode", []).append(
        f"- {path} ({theme}): {checked} images; figure edge vs page at most {worst_edge:.2f}:1; "
        f"ink with 4.5:1 on the page at least {least_ink:.1%} of the pixels"
    )


PHONE_TEXT_FLOOR_PX = 7.0
"""The smallest frame text allowed at phone width, in CSS px. A frame fills the column on a phone
too (358 px at 390), so its text is 358/784 of the desktop's: 16.8 px there gives 7.7 px here,
drawn with 3.3 image pixels per CSS px and sharp under pinch zoom. Caption-size text on a phone
would need a second, stacked layout of every frame (twice the build's drawing) or a frame that
scrolls sideways (a scrolling box inside the exploration, which test_pages_fit_a_phone forbids):
a decision left open, measured and reported here."""

NOT_YET_LEGIBLE: dict[str, str] = {}
"""Chapters whose frames are measured and reported but expected to fail the check, each with why.
A chapter on this list that passes fails the test, so the list cannot outlive its reason."""

_CAPTION_SIZE_JS = """() => {
    // The page's caption text: a figure caption as the theme styles it in the article.
    const article = document.querySelector('.bd-article') || document.body;
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = 'Caption';
    figure.appendChild(caption);
    article.appendChild(figure);
    const size = parseFloat(getComputedStyle(caption).fontSize);
    figure.remove();
    return size;
}"""

_FRAME_GEOMETRY_JS = """(output) => {
    const img = Array.from(output.querySelectorAll('img'))
        .find((image) => image.offsetParent !== null);
    const style = getComputedStyle(output);
    const column = output.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
    if (!img) return null;
    return {
        column: column,
        shown: img.getBoundingClientRect().width,
        natural: img.naturalWidth,
        complete: img.complete,
    };
}"""


@pytest.mark.tab("shared")
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", CHAPTERS)
def test_frames_fill_the_column_with_text_a_learner_can_read(
    tabs: Tabs,
    base_url: str,
    site: Path,
    path: str,
    viewport: dict[str, int],
    report: dict[str, list[str]],
) -> None:
    """Every exploration's frame is as wide as the text column (within the widgets' 2 px
    margins), and the smallest text of every frame of its grid, shown at that width, is at least
    the page's caption text on a desktop (and at least PHONE_TEXT_FLOOR_PX on a phone).

    The text size comes from the figure itself: each frame's smallest text in image pixels,
    carried in the exploration's widget state, times the shown width over the image's natural
    width (every frame of an exploration has the same size)."""
    sizes = frame_text_px(site / path)
    assert sizes, f"{path}: no exploration in the page's widget state"
    tab = tabs.shared(base_url, path, viewport=viewport)
    page = tab.page
    caption = page.evaluate(_CAPTION_SIZE_JS)
    outputs = page.locator(".cell_output").filter(has=page.locator(".widget-image"))
    assert outputs.count() == len(sizes), (
        f"{path}: {outputs.count()} explorations on the page, {len(sizes)} in its state"
    )
    problems = []
    for i in range(outputs.count()):
        output = outputs.nth(i)
        output.scroll_into_view_if_needed()
        page.wait_for_function(
            """(output) => Array.from(output.querySelectorAll('img'))
                .some((img) => img.offsetParent !== null && img.complete
                      && img.naturalWidth > 0)""",
            arg=output.element_handle(),
            timeout=10_000,
        )
        geometry = output.evaluate(_FRAME_GEOMETRY_JS)
        assert geometry is not None, f"{path}, exploration {i + 1}: no frame shown"
        frame_sizes = sizes[i]
        assert frame_sizes and all(size > 0 for size in frame_sizes), (
            f"{path}, exploration {i + 1}: the widget state lacks frame_text_px"
        )
        text = min(frame_sizes) * geometry["shown"] / geometry["natural"]
        floor = caption if viewport is DESKTOP else PHONE_TEXT_FLOOR_PX
        where = f"{path} #{i + 1} at {viewport['width']} px"
        report.setdefault("Frames: shown width and smallest text (CSS px)", []).append(
            f"- {where}: frame {geometry['shown']:.0f} of a {geometry['column']:.0f} px "
            f"column ({geometry['natural']} image px), smallest text {text:.1f} px "
            f"(caption {caption:.1f} px)"
        )
        if geometry["shown"] < geometry["column"] - 6 or geometry["shown"] > geometry["column"]:
            problems.append(
                f"{where}: frame {geometry['shown']:.0f} px wide in a "
                f"{geometry['column']:.0f} px column"
            )
        if text < floor:
            problems.append(f"{where}: smallest text {text:.1f} px, below {floor:.1f} px")
        if viewport is DESKTOP and geometry["natural"] < geometry["shown"]:
            problems.append(
                f"{where}: {geometry['natural']} image px stretched to "
                f"{geometry['shown']:.0f} CSS px (blurred)"
            )
    tab.assert_clean()
    if path in NOT_YET_LEGIBLE:
        assert problems, f"{path} now passes: remove it from NOT_YET_LEGIBLE"
        pytest.xfail(f"{NOT_YET_LEGIBLE[path]}: " + "; ".join(problems))
    assert problems == [], "\n".join(problems)
