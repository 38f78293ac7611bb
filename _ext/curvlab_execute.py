"""Notebooks executed side by side before Sphinx reads them, loaded through
``sphinx.local_extensions`` in _config.yml.

With ``execute_notebooks: cache``, myst-nb executes a notebook that jupyter-cache does not hold
when Sphinx reads it, one notebook after another. Jupyter Book 1 runs Sphinx with one process
(``jupyter-book build`` has no ``-j``), so on a machine with several cores the notebooks' own
computation (most of a chapter's time, apart from its exploration frames, which
:mod:`curvlab.widgets.frames` already draws on every core) used one core.

Before Sphinx reads the documents it is about to read (``env-before-read-docs``), this extension
looks up each notebook among them in the same jupyter-cache, and executes the ones it lacks in
a pool of processes, longest first (by the time each last took, from the cache, else by file
size), in the groups described below. Each is executed exactly as myst-nb would execute it
(jupyter-cache's ``single_nb_execution`` in the notebook's folder, with the book's timeout), in
a process whose environment carries what :mod:`curvlab_sphinx` gives that notebook's kernel
(the frame store, the digest of its code cells, the URL of the site's frames), and is added to
the cache as myst-nb adds it. myst-nb then finds every notebook in the cache. A notebook whose
execution fails is left out of the cache, so that myst-nb executes it again when it reads it
and reports the error as always, with its traceback, and fails the build. So is one whose
kernel could not start.

The notebooks named in ``curvlab_execute_alone`` (_config.yml) run first, each by itself, so
that what they compute side by side uses every core: chapter 6's exploration frames
(:mod:`curvlab.widgets.frames`) and chapter 7's independent training runs and spectra
(:func:`curvlab.core.parallel.fork_map`). Beside another notebook their workers would share
the cores with that notebook's kernel (three busy processes on two cores) and both chapters
would take longer. The rest then run side by side, each kernel given its share of the cores
(one each on two cores; :data:`curvlab.core.parallel.WORKERS_ENV`), so that no chapter waits
for another's workers. The price is a core left idle while a chapter run alone computes on
one: measured on two cores, all seven notebooks took 125 s with chapter 6 alone (chapter 7
48 s) and 140 s with both alone (chapter 7 41 s); the book keeps every chapter under 45 s.
The setting names notebooks rather than the build guessing them: which chapter gains is known
only once it has run, and a fresh clone has no record of any run. :func:`check_alone` fails the
build on a name that is not a notebook.

Its kernels talk to the build over Unix sockets in a folder of their own (jupyter_client's
``ipc`` transport), not TCP ports. jupyter_client picks a kernel's TCP ports by binding to port 0
and releasing them, and the kernel binds them again a moment later; two kernels started at the
same instant (this pool starts two) can be handed the same port, and one of them dies with
"Address already in use" (jupyter/jupyter_client's race, seen in papermill#511 and
nbconvert#1066; seen here once, in a build beside a busy test session).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
from curvlab_sphinx import kernel_environment
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from traitlets.config import Config

from curvlab.core.parallel import WORKERS_ENV as KERNEL_WORKERS_ENV
from curvlab.core.parallel import cpu_count

LOGGER = logging.getLogger(__name__)

WORKERS_ENV = "CURVLAB_NOTEBOOK_WORKERS"
"""How many notebooks execute at once (default: the CPUs this process may run on)."""


def _execute(
    path: str, environment: dict[str, str], timeout: int | None, allow_errors: bool
) -> tuple[str, str, float, str | None]:
    """Execute the notebook at ``path`` (in a pool's process) as myst-nb's cache mode does.

    Returns the path, the executed notebook as JSON, the seconds it took, and the error's
    traceback text (``None`` when it ran to the end).
    """
    os.environ.update(environment)
    notebook = nbformat.reads(Path(path).read_text(encoding="utf-8"), as_version=4)
    with tempfile.TemporaryDirectory(prefix="curvlab-kernel-") as sockets:
        # The sockets are <folder>/kernel-<n>, named by nothing another kernel can share.
        ipc = {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}
        try:
            result = single_nb_execution(
                notebook,
                cwd=str(Path(path).parent),
                timeout=timeout,
                allow_errors=allow_errors,
                meta_override=True,
                config=Config({"KernelManager": ipc}),
            )
        except Exception:  # e.g. a kernel that died before it replied: myst-nb runs it again
            return path, "", 0.0, traceback.format_exc()
    error = None if result.err is None else (result.exc_string or repr(result.err))
    return path, nbformat.writes(notebook), result.time, error


def _workers() -> int:
    """How many notebooks may execute at once: :data:`WORKERS_ENV`, else one per CPU."""
    chosen = os.environ.get(WORKERS_ENV, "").strip()
    if chosen:
        return max(1, int(chosen))
    return cpu_count()


def _phases(
    missing: list[tuple[str, dict[str, str], str]], alone: list[str], notebooks: int, cores: int
) -> list[list[tuple[str, dict[str, str]]]]:
    """The notebooks ``missing`` (path, kernel environment, docname; longest first) in the groups
    that run one after another: each one named in ``alone`` (the ``curvlab_execute_alone``
    setting) by itself, then the rest side by side, at most ``notebooks`` at a time, each
    kernel given its share of the ``cores`` for its workers (unless
    :data:`~curvlab.core.parallel.WORKERS_ENV` is set already)."""
    first = [item for item in missing if notebooks > 1 and item[2] in alone]
    rest = [item for item in missing if item not in first]
    phases = [[(path, environment)] for path, environment, _ in first]
    if rest:
        share = str(max(1, cores // min(notebooks, len(rest))))
        kept = KERNEL_WORKERS_ENV in os.environ  # a count the user chose
        phases.append(
            [
                (path, environment if kept else {**environment, KERNEL_WORKERS_ENV: share})
                for path, environment, _ in rest
            ]
        )
    return phases


def _execute_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Execute the notebooks among ``docnames`` that the cache lacks, before Sphinx reads them."""
    config = app.config
    notebooks = _workers()
    if config.nb_execution_mode != "cache" or notebooks < 2:
        return
    cache = get_cache(config.nb_execution_cache_path or ".jupyter_cache")
    last_time: dict[str, float] = {}
    for record in cache.list_cache_records():
        seconds = record.data.get("execution_seconds")
        if seconds is not None:
            last_time[str(Path(record.uri).resolve())] = float(seconds)
    missing: list[tuple[str, dict[str, str], str]] = []  # path, what its kernel is given, docname
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        source = path.read_text(encoding="utf-8")
        try:
            cache.match_cache_notebook(nbformat.reads(source, as_version=4))
        except KeyError:
            missing.append((str(path.resolve()), kernel_environment(docname, source), docname))
    if len(missing) < 2:
        return  # nothing to run side by side: myst-nb executes it as it reads
    missing.sort(key=lambda item: -last_time.get(item[0], Path(item[0]).stat().st_size))
    phases = _phases(missing, list(config.curvlab_execute_alone), notebooks, cpu_count())
    described = " then ".join(
        f"{len(phase)}, {min(notebooks, len(phase))} at a time" if len(phase) > 1 else "1 by itself"
        for phase in phases
    )
    LOGGER.info(f"executing {len(missing)} notebooks: {described}")
    start = time.perf_counter()
    context = multiprocessing.get_context("fork")
    timeout, allow = config.nb_execution_timeout, config.nb_execution_allow_errors
    for phase in phases:
        with ProcessPoolExecutor(min(notebooks, len(phase)), mp_context=context) as pool:
            jobs = [
                pool.submit(_execute, path, environment, timeout, allow)
                for path, environment in phase
            ]
            for job in jobs:
                _keep(cache, *job.result())
    LOGGER.info(f"executed {len(missing)} notebooks in {time.perf_counter() - start:.1f} s")


def _keep(cache: Any, path: str, executed: str, seconds: float, error: str | None) -> None:
    """Add a notebook executed ahead to the cache, as myst-nb would, or say why it was not."""
    if error is not None:
        # Not a warning (the build turns warnings into errors): myst-nb runs the
        # notebook again as it reads it, and an error that is real fails the build there.
        last = error.strip().splitlines()[-1] if error.strip() else "no message"
        LOGGER.info(f"{path}: failed ahead of reading ({last}); myst-nb will run it again")
        return
    record = cache.add_nb_to_project(path)
    cache.cache_notebook_bundle(
        CacheBundleIn(
            nbformat.reads(executed, as_version=4),
            record.uri,
            data={"execution_seconds": seconds},
        ),
        check_validity=False,
        overwrite=True,
    )
    LOGGER.info(f"{path}: executed in {seconds:.1f} s")


def check_alone(app: Sphinx, config: Any) -> None:
    """Warn (which fails the book's ``-W`` build) about a name in ``curvlab_execute_alone`` that
    is not a notebook of the source folder: a misspelt name would run nothing alone, silently."""
    unknown = [
        name
        for name in config.curvlab_execute_alone
        if not (Path(app.srcdir) / f"{name}.ipynb").is_file()
    ]
    if unknown:
        LOGGER.warning(f"curvlab_execute_alone names no notebook in {app.srcdir}: {unknown}")


def setup(app: Sphinx) -> dict[str, Any]:
    # "": changing which notebooks run alone changes no page, so nothing is read again.
    app.add_config_value("curvlab_execute_alone", [], "", types=[list])
    app.connect("config-inited", check_alone)
    app.connect("env-before-read-docs", _execute_ahead)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
