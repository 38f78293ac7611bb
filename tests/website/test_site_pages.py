"""Every page of the built site, offline: no script error, nothing fetched from another host,
every formula typeset by the site's own MathJax, search without a server, launch links to
Binder and Colab for each chapter, named figures and controls, no raw TeX; and the stored
outputs held to the build's own execution (nbval's strict comparison).

Slow: they need the built site (tests/website/conftest.py builds it once per session).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from built_site import (
    CHAPTER_1,
    CHAPTERS,
    ROOT,
    SEARCH_WORD,
    Tabs,
    book_pages,
    load_script,
)

pytestmark = pytest.mark.slow


def test_every_built_page_is_checked(site: Path) -> None:
    built = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    }
    assert built == set(book_pages())


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", book_pages())
def test_page_works_offline(tabs: Tabs, base_url: str, path: str) -> None:
    offline_page = tabs.shared(base_url, path)
    page = offline_page.page

    offline_page.assert_clean()

    scripts = page.evaluate(
        """() => Array.from(document.scripts, (s) =>
               s.src ? s.src.split('?')[0] : s.type + ':' + s.textContent.trim())"""
    )
    repeated = sorted({script[:120] for script in scripts if scripts.count(script) > 1})
    assert repeated == [], f"scripts included more than once: {repeated}"

    formulas = page.locator(".math").count()
    typeset = page.locator(".math mjx-container").count()
    assert typeset == formulas, f"{typeset} of {formulas} formulas typeset by MathJax"
    # MathJax shows an undefined macro (noundefined) or a TeX error (merror) in red instead of
    # failing: find them in the MathML of every typeset formula.
    broken = page.evaluate(
        """() => window.MathJax && window.MathJax.startup && window.MathJax.startup.document
            ? Array.from(window.MathJax.startup.document.math)
                .filter((item) => /mathcolor="red"|<merror/.test(
                    window.MathJax.startup.toMML(item.root)))
                .map((item) => item.math)
            : []"""
    )
    assert broken == [], f"formulas with undefined macros or TeX errors: {broken}"


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", ["book/intro.html"])  # named, so it runs with that page's tests
def test_pages_with_math_are_typeset(tabs: Tabs, base_url: str, path: str) -> None:
    """The landing page has a displayed formula: MathJax must have produced it."""
    offline_page = tabs.shared(base_url, path)
    assert offline_page.page.locator("mjx-container").count() >= 1
    offline_page.assert_clean()


@pytest.mark.tab("last")
def test_search_works_offline(tabs: Tabs, base_url: str) -> None:
    offline_page = tabs.last(base_url, f"search.html?q={SEARCH_WORD}")
    results = offline_page.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=30_000)
    links = results.locator("a").evaluate_all("(anchors) => anchors.map((a) => a.href)")
    assert any(link.split("?")[0].endswith("book/intro.html") for link in links), links
    offline_page.assert_clean()


@pytest.mark.tab("last")
def test_launch_buttons_point_at_binder_and_thebe(tabs: Tabs, base_url: str) -> None:
    """The Binder link opens this chapter; "Live Code" asks for Thebe (blocked here, offline)."""
    offline_page = tabs.last(base_url, CHAPTER_1)  # the clicks change the page
    page = offline_page.page
    binder = page.locator(".dropdown-launch-buttons a[href*='mybinder.org']")
    assert binder.get_attribute("href", timeout=5_000).endswith(
        "?urlpath=lab/tree/book/01_gradient_descent.ipynb"
    )
    offline_page.assert_clean()

    page.locator(".dropdown-launch-buttons button.dropdown-toggle").click()
    with page.expect_request(lambda request: "thebe" in request.url, timeout=10_000):
        page.locator(".btn-launch-thebe").click()
    assert offline_page.page_errors == []
    assert [url for url in offline_page.aborted if "thebe" in url], offline_page.aborted


def _launch_urls(docname: str) -> tuple[str, str]:
    """The Binder and Colab URLs that open ``docname``'s notebook, from ``_config.yml``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    org_repo = config["repository"]["url"].removeprefix("https://github.com/").strip("/")
    branch = config["repository"]["branch"]
    buttons = config["launch_buttons"]
    binder = (
        f"{buttons['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}"
        f"?urlpath=lab/tree/{docname}.ipynb"
    )
    colab = f"{buttons['colab_url'].rstrip('/')}/github/{org_repo}/blob/{branch}/{docname}.ipynb"
    return binder, colab


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_launches_on_binder_and_colab(tabs: Tabs, base_url: str, path: str) -> None:
    """Each chapter's launch menu opens that chapter's notebook on Binder and on Colab."""
    offline_page = tabs.shared(base_url, path)
    links = offline_page.page.locator(".dropdown-launch-buttons a").evaluate_all(
        "(anchors) => anchors.map((a) => a.href)"
    )
    binder, colab = _launch_urls(path.removesuffix(".html"))
    assert binder in links, f"{path}: no Binder link {binder} among {links}"
    assert colab in links, f"{path}: no Colab link {colab} among {links}"
    offline_page.assert_clean()


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", CHAPTERS)
def test_every_figure_and_control_is_named(tabs: Tabs, base_url: str, path: str) -> None:
    """Every image has alt text that is more than a file name; every control an accessible name."""
    offline_page = tabs.shared(base_url, path)
    page = offline_page.page
    alts = page.locator(".cell_output img").evaluate_all(
        "(images) => images.map((img) => img.getAttribute('alt') || '')"
    )
    assert alts, f"{path}: no images"
    poor = [alt for alt in alts if len(alt.split()) < 5 or re.search(r"\.(png|svg|jpe?g)$", alt)]
    assert poor == [], f"{path}: images without a description: {poor}"
    names = page.evaluate(
        """() => Array.from(document.querySelectorAll('.noUi-handle, .widget-dropdown select'),
               (el) => el.getAttribute('aria-label')
                   || (el.labels && el.labels.length ? el.labels[0].textContent : '')
                   || (el.getAttribute('aria-labelledby') || '')
                       .split(' ').map((id) => document.getElementById(id))
                       .filter(Boolean).map((node) => node.textContent).join(' '))"""
    )
    assert names and all(name.strip() for name in names), f"{path}: unnamed controls {names}"
    offline_page.assert_clean()


@pytest.mark.tab("shared")
@pytest.mark.parametrize("path", book_pages())
def test_no_page_shows_raw_tex(tabs: Tabs, base_url: str, path: str) -> None:
    text = tabs.shared(base_url, path).page.evaluate(
        """() => {
            const clone = document.body.cloneNode(true);
            clone.querySelectorAll('pre, code, script, style, textarea, mjx-container')
                 .forEach((e) => e.remove());
            return clone.textContent;
        }"""
    )
    raw = re.findall(r"\$[^$\n]{1,200}\$", text)
    assert raw == [], f"{path}: raw TeX in the page's text: {raw[:5]}"


def test_stored_outputs_match_the_builds_execution(site: Path) -> None:
    """The build executed every chapter (or found it executed, unchanged, in its cache): that
    run is the one the stored outputs are held to, by nbval's own comparison (strict: every
    text, HTML and LaTeX output), so the notebooks are not executed a second time."""
    compare = load_script("compare_outputs")
    cache = compare.default_cache(ROOT)
    problems = []
    for notebook in sorted((ROOT / "book").glob("*.ipynb")):
        executed = compare.executed_copy(cache, notebook)
        assert executed is not None, f"{notebook.name}: not executed by the build"
        problems += compare.compare_notebooks(notebook, executed)
    assert problems == [], "\n".join(problems)
