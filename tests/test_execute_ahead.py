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

from curvlab.core.parallel import WORKERS_ENV as KERNEL_WORKERS_ENV

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


def test_the_notebook_named_alone_runs_first_and_the_rest_share_the_cores(monkeypatch):
    monkeypatch.delenv(KERNEL_WORKERS_ENV, raising=False)
    missing = [(f"{name}.ipynb", {"KEY": name}, f"book/{name}") for name in "abc"]
    phases = execute_extension._phases(missing, ["book/b"], 2, 2)
    shared = {KERNEL_WORKERS_ENV: "1"}
    assert phases == [
        [("b.ipynb", {"KEY": "b"})],
        [("a.ipynb", {"KEY": "a", **shared}), ("c.ipynb", {"KEY": "c", **shared})],
    ]
    # Two notebooks at a time on four cores: two workers each.
    assert [
        env[KERNEL_WORKERS_ENV]
        for _, env in execute_extension._phases(missing, ["book/b"], 2, 4)[1]
    ] == ["2", "2"]
    # Nothing named: one group. One notebook at a time: nothing to gain by running alone.
    assert len(execute_extension._phases(missing, [], 2, 2)) == 1
    assert len(execute_extension._phases(missing, ["book/b"], 1, 2)) == 1
    # Only the one named left: it runs by itself, and no group follows.
    assert execute_extension._phases(missing[1:2], ["book/b"], 2, 2) == [
        [("b.ipynb", {"KEY": "b"})]
    ]
    # A worker count the user chose is kept.
    monkeypatch.setenv(KERNEL_WORKERS_ENV, "3")
    assert execute_extension._phases(missing, ["book/b"], 2, 2)[1][0] == ("a.ipynb", {"KEY": "a"})


def test_a_name_that_is_not_a_notebook_fails_the_build(tmp_path, monkeypatch):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "a.ipynb").write_text(_notebook(("code", "1")), encoding="utf-8")
    warned = []
    monkeypatch.setattr(
        execute_extension, "LOGGER", SimpleNamespace(warning=warned.append, info=print)
    )
    app = SimpleNamespace(srcdir=str(tmp_path))
    execute_extension.check_alone(app, SimpleNamespace(curvlab_execute_alone=["book/a"]))
    assert warned == []
    execute_extension.check_alone(
        app, SimpleNamespace(curvlab_execute_alone=["book/a", "book/06_momentum"])
    )
    assert len(warned) == 1 and "book/06_momentum" in warned[0]


def test_notebooks_executed_ahead_are_found_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(execute_extension.WORKERS_ENV, "2")
    monkeypatch.delenv(KERNEL_WORKERS_ENV, raising=False)
    monkeypatch.setenv("CURVLAB_FRAME_DIR", str(tmp_path / "frames"))
    book = tmp_path / "book"
    book.mkdir()
    sources = {
        "book/a": _notebook(
            ("code", "import os\nprint(os.environ['CURVLAB_FRAME_URL'], end=' ')"),
            ("code", "print(os.environ.get('CURVLAB_WORKERS', 'all'))"),
        ),
        "book/b": _notebook(("code", "print(6 * 7)")),
        "book/workers": _notebook(
            ("code", "import os\nprint(os.environ.get('CURVLAB_WORKERS', 'all'))")
        ),
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
            curvlab_execute_alone=["book/workers"],
        )
    )
    suffix = {"book/page": ".md"}
    env = SimpleNamespace(
        doc2path=lambda docname: str(tmp_path / f"{docname}{suffix.get(docname, '.ipynb')}"),
        found_docs={*sources, "book/page"},
    )
    execute_extension._execute_ahead(app, env, [*sources, "book/page"])
    cache = get_cache(str(cache_path))
    outputs = {}
    for docname in ("book/a", "book/b", "book/sockets", "book/workers"):
        notebook = nbformat.reads(sources[docname], as_version=4)
        cache.match_cache_notebook(notebook)  # raises KeyError if it is not there
        _, merged = cache.merge_match_into_notebook(notebook)
        outputs[docname] = "".join(o["text"] for cell in merged.cells for o in cell.outputs)
    # The kernels talk over Unix sockets: no TCP port for two kernels started at once to share.
    # The notebook run alone draws its frames on every core; the others, two at a time, on one.
    assert outputs == {
        "book/a": "../_frames/ 1\n",
        "book/b": "42\n",
        "book/sockets": "ipc\n",
        "book/workers": "all\n",
    }
    for docname in ("book/broken", "book/no_kernel"):  # left for myst-nb to execute and report
        with pytest.raises(KeyError):
            cache.match_cache_notebook(nbformat.reads(sources[docname], as_version=4))
    assert json.loads(sources["book/a"])["cells"][0]["outputs"] == []  # the source is untouched
