"""Exit 0 if a pytest JUnit XML report holds tests and none failed, erred or was skipped.

``scripts/test.sh`` keeps the slow tests' result for the same inputs only after such a run:
a run in which a browser test skipped (no Chromium here) proves nothing about the browser.

    python scripts/junit_clean.py REPORT.xml
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def counts(report: str) -> dict[str, int]:
    """Tests, failures, errors and skips summed over the report's test suites."""
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    keys = ("tests", "failures", "errors", "skipped")
    return {key: sum(int(suite.get(key, 0)) for suite in suites) for key in keys}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    found = counts(argv[0])
    clean = found["tests"] > 0 and found["failures"] == found["errors"] == found["skipped"] == 0
    if not clean:
        print(f"junit_clean: {found}: the slow tests' result is not kept", file=sys.stderr)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
