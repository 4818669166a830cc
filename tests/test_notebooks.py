"""The notebooks run top to bottom offline (their asserts included) and are committed without outputs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="notebook tests need collabgraph[notebooks]")
nbclient = pytest.importorskip("nbclient", reason="notebook tests need collabgraph[notebooks]")
kernelspec = pytest.importorskip("jupyter_client.kernelspec", reason="notebook tests need collabgraph[notebooks]")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "python3"

# jupyter_client runs a kernel whose argv[0] is one of these with this interpreter (sys.executable).
_THIS_PYTHON = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}


def _runs_this_interpreter(spec) -> bool:
    command = spec.argv[0] if spec.argv else ""
    return command in _THIS_PYTHON or Path(command).resolve() == Path(sys.executable).resolve()


@pytest.fixture(scope="session")
def python3_kernel(tmp_path_factory):
    """A ``python3`` kernel that runs this interpreter, so the notebooks import this collabgraph.

    ipykernel ships its kernelspec into ``sys.prefix/share/jupyter/kernels``, and jupyter_client
    falls back to ipykernel's own when none is found. A ``python3`` spec in the user's or the
    system's Jupyter folders can still shadow it with another interpreter. In that case a spec for
    this interpreter is installed into a temporary prefix and put first on ``JUPYTER_PATH``. The
    virtual environment and the user's folders are left untouched.
    """
    try:
        spec = kernelspec.KernelSpecManager().get_kernel_spec(KERNEL)
    except kernelspec.NoSuchKernel:
        spec = None
    if spec is not None and _runs_this_interpreter(spec):
        yield KERNEL
        return
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    install(kernel_name=KERNEL, prefix=str(prefix))
    with pytest.MonkeyPatch.context() as patch:
        path = os.pathsep.join(filter(None, [str(prefix / "share" / "jupyter"), os.environ.get("JUPYTER_PATH")]))
        patch.setenv("JUPYTER_PATH", path)
        assert _runs_this_interpreter(kernelspec.KernelSpecManager().get_kernel_spec(KERNEL))
        yield KERNEL


def test_notebooks_are_present():
    assert [p.name for p in NOTEBOOKS] == ["01_explore.ipynb", "02_network.ipynb", "03_growth.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_errors(path, python3_kernel, tmp_path):
    """Every cell runs and every assert holds; the working directory is left empty."""
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=python3_kernel, timeout=600, resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} failed:\n{exc}", pytrace=False)
    assert list(tmp_path.iterdir()) == [], "notebooks write into a temporary directory only"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert dirty == [], f"{path.name}: cells {dirty} have outputs or execution counts; clear them"
    assert nb.metadata.kernelspec.name == KERNEL
