"""The axe-core audit checks each code style once (built_site.axe_violations): on a page of
many code tokens it still finds a style whose contrast is too low, every time that style occurs
among others, and finds nothing when every style reads well."""

from __future__ import annotations

from pathlib import Path

import pytest
from built_site import axe_violations, new_tab, serve

pytestmark = pytest.mark.slow

_PAGE = """<!doctype html><html lang="en"><head><title>code</title></head><body><main>
<h1>Code</h1><div class="highlight"><pre style="background: #ffffff">{lines}</pre></div>
</main></body></html>"""


def _line(i: int, faint: bool) -> str:
    name = '<span class="n">value</span>'
    # #aaaaaa on white: 2.3:1, below the 4.5:1 that normal text needs.
    keyword = '<span class="k" style="color: #aaaaaa">for</span>' if faint else ""
    return f'{keyword} {name}<span class="o">=</span><span class="mi">{i}</span>\n'


@pytest.mark.parametrize("faint_lines", [[], [0], [57], list(range(0, 120, 7))])
def test_a_code_style_with_low_contrast_is_found_wherever_it_is(
    browser, tmp_path: Path, faint_lines: list[int]
) -> None:
    lines = "".join(_line(i, i in faint_lines) for i in range(120))
    (tmp_path / "index.html").write_text(_PAGE.format(lines=lines), encoding="utf-8")
    with serve(tmp_path) as url:
        tab = new_tab(browser, url)
        try:
            tab.open("index.html")
            violations = axe_violations(tab)
            hidden = tab.page.locator('.highlight span[style*="hidden"]').count()
        finally:
            tab.close()
    contrast = [v for v in violations if v["id"] == "color-contrast"]
    assert hidden > 300  # 120 lines of three or four tokens, a handful of styles
    if faint_lines:
        assert [len(v["nodes"]) for v in contrast] == [1], violations
        assert 'class="k"' in contrast[0]["nodes"][0]["html"]
    else:
        assert contrast == [], violations
