"""The student edition: the book with every exercise's solution left out.

``bash scripts/build.sh --student`` sets ``CURVLAB_STUDENT=1``; this extension (loaded through
``sphinx.local_extensions`` in _config.yml) then drops every sphinx-exercise solution from each
page as it is read, so the exercises stay and their solutions are nowhere in the site (nor in the
PDF printed from it).

sphinx-exercise's own switch, ``hide_solutions``, is not used: it only makes the ``{solution}``
and ``{solution-start}`` directives return nothing, which leaves the cells of a gated solution
(``{solution-start}`` ... ``{solution-end}``, as the chapters write solutions that contain code)
on the page and an orphan end node that fails the build ("unknown node type:
solution_end_node", sphinx-exercise 1.2.1). Here the solutions are removed once sphinx-exercise
has merged each gated solution into one ``solution_node``, so both forms go the same way.
Switching edition changes the environment's config, so every page is read again; the executed
notebooks come from the same cache, so nothing is executed again.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_exercise.nodes import solution_node

STUDENT_ENV = "CURVLAB_STUDENT"


def student_edition() -> bool:
    """Whether this build is the student edition (``CURVLAB_STUDENT=1``)."""
    return os.environ.get(STUDENT_ENV, "") == "1"


def _drop_solutions(app: Sphinx, doctree: nodes.document) -> None:
    """Remove every solution (gated ones already merged by sphinx-exercise's transforms)."""
    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def setup(app: Sphinx) -> dict[str, Any]:
    # A config value, so that switching edition invalidates the pages read in the other one.
    app.add_config_value("curvlab_student_edition", student_edition(), "env", [bool])
    if student_edition():
        app.connect("doctree-read", _drop_solutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
