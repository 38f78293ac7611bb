"""Print the built website to one PDF: ``_build/pdf/curvlab.pdf``.

Run by ``scripts/build.sh`` after ``jupyter-book build``::

    .venv/bin/python scripts/build_pdf.py _build/html _build/pdf/curvlab.pdf

Why this route. Jupyter Book 1's own ``pdfhtml`` builder prints with pyppeteer, which downloads
a Chromium build of its own and so cannot work offline; its ``singlehtml`` builder would build
the whole book a second time (re-executing every notebook) and put every chapter's widget
state and scripts into one page. Instead, each page of the finished site is opened in the
Chromium the browser tests use (Debian's ``/usr/bin/chromium``, driven by Playwright), exactly
as a reader sees it: formulas typeset by the site's own MathJax, every exploration rendered
kernel-free at its initial frame. Chromium prints each page with the theme's print styles
(no sidebars, no header buttons) and pypdf joins the pages in table-of-contents order, with
one bookmark per page. Nothing is rebuilt, so this adds seconds, not minutes, to the build.

The merged PDF is also copied into the site as ``_static/curvlab.pdf``: the landing page links
to it there, so the website offers it for download wherever it is served (the link is written
in the page as a plain relative URL, because the PDF is made after Sphinx has finished).

Exit status 0 on success. Without Chromium (``CURVLAB_CHROMIUM`` overrides its path) the script
says so and exits with status 3, which ``scripts/build.sh`` reports without failing the build.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("CURVLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
NO_CHROMIUM = 3
# The site copy that the landing page links to (book/intro.md: ../_static/curvlab.pdf).
SITE_COPY = Path("_static") / "curvlab.pdf"
# Added to each page before it is printed, on top of the theme's own print styles: wrap long
# code lines and outputs instead of cutting them at the margin, keep a figure, an exploration,
# a table or a displayed formula on one sheet, and never end a sheet with a heading.
PRINT_CSS = """
@media print {
  pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
  img { max-width: 100% !important; height: auto !important; }
  .cell_input, .cell_output img, .widget-subarea, figure, table,
  mjx-container[display="true"] {
    break-inside: avoid;
  }
  h1, h2, h3, h4 { break-after: avoid; }
}
"""


def toc_docnames(toc_file: Path = ROOT / "_toc.yml") -> list[str]:
    """The documents of ``_toc.yml`` in reading order, the root first."""

    def walk(entries: list[dict]) -> list[str]:
        names = []
        for entry in entries:
            if "file" in entry:
                names.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                names.extend(walk(entry.get(key, [])))
        return names

    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    return [toc["root"], *walk([toc])]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        """No line per request."""


def _ready(page) -> None:
    """Wait until the widgets are rendered, the math is typeset and the fonts are loaded."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """() => document.querySelectorAll(
                'script[type="application/vnd.jupyter.widget-view+json"]').length
             === document.querySelectorAll('.widget-subarea').length""",
        timeout=60_000,
    )
    page.evaluate(
        """async () => {
            if (window.MathJax && window.MathJax.startup) {
                await window.MathJax.startup.promise;
            }
            await document.fonts.ready;
        }"""
    )


def print_pages(html_dir: Path, docnames: list[str]) -> list[tuple[str, bytes]]:
    """Open each page of the site offline in Chromium; return (page title, PDF bytes)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    printed = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            # Offline, as a reader without network: anything outside the site is refused.
            page.route(
                "**/*",
                lambda route, request: (
                    route.continue_() if request.url.startswith(base) else route.abort()
                ),
            )
            for name in docnames:
                page.goto(f"{base}{name}.html", wait_until="load")
                _ready(page)
                page.add_style_tag(content=PRINT_CSS)
                # What a browser does before it prints: sphinx-togglebutton opens every
                # collapsed solution on this event, so the PDF shows the solutions.
                page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
                title = page.locator("main h1").first.inner_text().strip().rstrip("#").strip()
                pdf = page.pdf(
                    format="A4",
                    print_background=True,
                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                )
                printed.append((title, pdf))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return printed


def merge(printed: list[tuple[str, bytes]], out: Path, title: str) -> int:
    """Join the printed pages into ``out`` with one bookmark per page; return the page count."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for name, pdf in printed:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(pdf)))
        writer.add_outline_item(title=name, page_number=start)
    writer.add_metadata({"/Title": title})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer.write(stream)
    return len(writer.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("pdf", type=Path, help="the PDF to write, e.g. _build/pdf/curvlab.pdf")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(
            f"build_pdf.py: {CHROMIUM} not found, so no PDF: run `bash scripts/setup.sh --browser`"
            " as root (or `sudo apt-get install chromium`)",
            file=sys.stderr,
        )
        return NO_CHROMIUM
    start = time.perf_counter()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    printed = print_pages(args.html, toc_docnames())
    pages = merge(printed, args.pdf, config["title"])
    shutil.copyfile(args.pdf, args.html / SITE_COPY)
    size = args.pdf.stat().st_size / 1e6
    print(
        f"build_pdf.py: {args.pdf} ({pages} pages, {size:.1f} MB, {len(printed)} documents)"
        f" in {time.perf_counter() - start:.0f} s; copied to {args.html / SITE_COPY}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
