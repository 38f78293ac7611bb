"""references.bib has no TeX math: the bibliography bypasses myst, so the site's MathJax never
sees it and a title such as ``{$O(1/k^2)$}`` would reach the page as raw text. Titles write
their mathematics in Unicode (O(1/k²), tr(f(A))), with braces where the case must be kept.
The browser test in tests/test_site.py checks the built pages themselves.
"""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_no_entry_has_tex_math():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    found = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), start=1)
        if "$" in line or re.search(r"\\(?:frac|sqrt|mathcal|operatorname|tr)\b", line)
    ]
    assert found == []
