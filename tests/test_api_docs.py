"""Every installed module says what it is and what it offers: a module docstring, an
`__all__` whose names it defines or imports, and a docstring on each public function and
class it defines (listed in `__all__` or not: no leading underscore means public).

Docstrings are read from the source, not from `__doc__`: a dataclass without one gets a
generated `__doc__` (its signature) at runtime."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import encircle.cli
import encircle.graph
import encircle.loaders
import encircle.queries

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _modules() -> list[str]:
    names = []
    for package in (encircle.graph, encircle.loaders, encircle.queries, encircle.cli):
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def problems(module: ModuleType) -> list[str]:
    """What `module` lacks, one line each: docstrings, `__all__`, names `__all__` lists."""
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found = [] if ast.get_docstring(tree) else ["no module docstring"]
    exported = getattr(module, "__all__", None)
    if exported is None:
        found.append("no __all__")
        exported = []
    found += [f"__all__ lists {name!r} twice" for name in sorted({n for n in exported if exported.count(n) > 1})]
    found += [f"__all__ lists {name!r}, which is not in the module" for name in exported if not hasattr(module, name)]
    definitions = {node.name: node for node in tree.body if isinstance(node, _DEFINITIONS)}
    public = [name for name in definitions if not name.startswith("_")]
    checked = dict.fromkeys([*(name for name in exported if name in definitions), *public])
    found += [f"{name} has no docstring" for name in checked if not ast.get_docstring(definitions[name])]
    return found


@pytest.mark.parametrize("name", _modules())
def test_module_documents_its_public_names(name: str) -> None:
    assert problems(importlib.import_module(name)) == []


def _module_from(tmp_path: Path, name: str, source: str) -> ModuleType:
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_check_sees_a_module_without_docstring_or_all(tmp_path: Path) -> None:
    source = "import os\n\n\ndef listed():\n    return os.sep\n\n\ndef _helper():\n    return 1\n"
    assert problems(_module_from(tmp_path, "bare", source)) == [
        "no module docstring",
        "no __all__",
        "listed has no docstring",
    ]


def test_the_check_sees_bad_names_and_missing_docstrings(tmp_path: Path) -> None:
    source = '''"""A module with mistakes."""

from dataclasses import dataclass
from os import sep

__all__ = ["Record", "documented", "gone", "sep", "undocumented", "gone"]


@dataclass(frozen=True)
class Record:
    id: str


def documented():
    """Says what it returns."""
    return sep


def undocumented():
    return None


def unlisted():
    return None


def _private():
    return None
'''
    assert problems(_module_from(tmp_path, "mistakes", source)) == [
        "__all__ lists 'gone' twice",
        "__all__ lists 'gone', which is not in the module",
        "__all__ lists 'gone', which is not in the module",
        "Record has no docstring",
        "undocumented has no docstring",
        "unlisted has no docstring",
    ]


def test_the_check_passes_a_documented_module(tmp_path: Path) -> None:
    source = '"""Fine."""\n\nfrom os import sep\n\n__all__ = ["f", "sep"]\n\n\ndef f():\n    """Sep."""\n'
    assert problems(_module_from(tmp_path, "fine", source)) == []
