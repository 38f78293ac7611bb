"""Notebooks executed side by side before the build reads them (``_ext/curvlab_execute.py``).

The pool's kernels must get exactly what ``_ext/curvlab_sphinx.py`` gives a kernel that myst-nb
starts itself, or the frames they draw would be stored under another key; and a notebook that
the pool executed must be one that myst-nb then finds in the cache instead of executing it
again. Oracles: the digest written out from its definition, and jupyter-cache's own lookup.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_cache import get_cache

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sphinx_extension = _load("curvlab_sphinx")
execute_extension = _load("curvlab_execute")


def _notebook(*cells: tuple[str, str], kernel: str = "python3") -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": kernel, "display_name": kernel}
    for kind, source in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        notebook.cells.append(make(source))
    return nbformat.writes(notebook)


def test_a_kernel_is_given_the_frame_url_and_the_digest_of_the_code_cells():
    source = _notebook(("markdown", "# Title"), ("code", "x = 1"), ("code", "print(x)"))
    environment = sphinx_extension.kernel_environment("book/01_chapter", source)
    expected = hashlib.sha256(b"x = 1\0print(x)\0").hexdigest()
    assert environment["CURVLAB_FRAME_KEY"] == expected
    assert environment["CURVLAB_FRAME_URL"] == "../_frames/"
    assert sphinx_extension.kernel_environment("intro", source)["CURVLAB_FRAME_URL"] == "_frames/"
    edited_prose = _notebook(("markdown", "# Another"), ("code", "x = 1"), ("code", "print(x)"))
    assert sphinx_extension.kernel_environment("book/01_chapter", edited_prose) == environment


def test_notebooks_executed_ahead_are_found_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(execute_extension.WORKERS_ENV, "2")
    monkeypatch.setenv("CURVLAB_FRAME_DIR", str(tmp_path / "frames"))
    book = tmp_path / "book"
    book.mkdir()
    sources = {
        "book/a": _notebook(("code", "import os\nprint(os.environ['CURVLAB_FRAME_URL'])")),
        "book/b": _notebook(("code", "print(6 * 7)")),
        "book/broken": _notebook(("code", "raise RuntimeError('on purpose')")),
        "book/sockets": _notebook(
            ("code", "from ipykernel.kernelapp import IPKernelApp as App\n"),
            ("code", "print(App.instance().transport)"),
        ),
        # A kernel that cannot start (here: no such kernel) must not stop the build ahead of
        # reading; myst-nb starts it again and reports the error.
        "book/no_kernel": _notebook(("code", "print(1)"), kernel="no-such-kernel"),
    }
    for docname, source in sources.items():
        (tmp_path / f"{docname}.ipynb").write_text(source, encoding="utf-8")
    (book / "page.md").write_text("# not a notebook\n", encoding="utf-8")
    cache_path = tmp_path / "cache"
    app = SimpleNamespace(
        config=SimpleNamespace(
            nb_execution_mode="cache",
            nb_execution_cache_path=str(cache_path),
            nb_execution_timeout=120,
            nb_execution_allow_errors=False,
        )
    )
    suffix = {"book/page": ".md"}
    env = SimpleNamespace(
        doc2path=lambda docname: str(tmp_path / f"{docname}{suffix.get(docname, '.ipynb')}")
    )
    execute_extension._execute_ahead(app, env, [*sources, "book/page"])
    cache = get_cache(str(cache_path))
    outputs = {}
    for docname in ("book/a", "book/b", "book/sockets"):
        notebook = nbformat.reads(sources[docname], as_version=4)
        cache.match_cache_notebook(notebook)  # raises KeyError if it is not there
        _, merged = cache.merge_match_into_notebook(notebook)
        outputs[docname] = merged.cells[-1].outputs[0]["text"]
    # The kernels talk over Unix sockets: no TCP port for two kernels started at once to share.
    assert outputs == {"book/a": "../_frames/\n", "book/b": "42\n", "book/sockets": "ipc\n"}
    for docname in ("book/broken", "book/no_kernel"):  # left for myst-nb to execute and report
        with pytest.raises(KeyError):
            cache.match_cache_notebook(nbformat.reads(sources[docname], as_version=4))
    assert json.loads(sources["book/a"])["cells"][0]["outputs"] == []  # the source is untouched
