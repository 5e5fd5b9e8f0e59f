"""The notebooks in notebooks/: committed without outputs, and each runs top to bottom
against the demo data on a kernel of the venv running the tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_three_tutorials_are_there() -> None:
    assert [n.name for n in NOTEBOOKS] == [
        "01-quickstart.ipynb",
        "02-interest-groups.ipynb",
        "03-investigate-an-official.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code
    assert [c.execution_count for c in code if c.execution_count is not None] == []
    assert [len(c.outputs) for c in code if c.outputs] == []


@pytest.fixture
def venv_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A `python3` kernelspec running this interpreter, found before any other on the
    machine (JUPYTER_PATH comes first), so the notebooks import the installed encircle."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("ENCIRCLE_STORE", raising=False)
    return "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_against_the_demo(path: Path, tmp_path: Path, venv_kernel: str) -> None:
    before = sorted(p.name for p in ROOT.iterdir())
    notebook = nbformat.read(path, as_version=4)
    work = tmp_path / "cwd"
    work.mkdir()
    client = NotebookClient(notebook, timeout=300, kernel_name=venv_kernel, resources={"metadata": {"path": str(work)}})
    client.execute()  # raises CellExecutionError when a cell fails
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert sorted(p.name for p in ROOT.iterdir()) == before  # nothing written into the repository
    assert list(work.iterdir()) == []
