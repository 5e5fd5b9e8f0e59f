"""The dependency direction of the packages: graph/ imports nothing above it, loaders/
only graph/, queries/ never cli/ (and loaders/ only for the demo case), web/ only
queries/ and graph/, nothing imports cli/, and nothing but cli/ imports web/. Read from
the source files' import statements, so a lazy import counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
# package folder -> the encircle packages it may not import
FORBIDDEN = {
    "graph": ("encircle.loaders", "encircle.queries", "encircle.web", "encircle.cli"),
    "loaders": ("encircle.queries", "encircle.web", "encircle.cli"),
    "queries": ("encircle.cli", "encircle.web", "encircle.loaders"),
    "web": ("encircle.cli", "encircle.loaders"),
}
# queries/ may read the demo case (notebook helpers load it for tutorials)
ALLOWED = {"encircle.loaders", "encircle.loaders.demo"}


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(folder: str) -> list[str]:
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, module in imports(path):
            allowed = folder == "queries" and module in ALLOWED
            if not allowed and module.startswith(FORBIDDEN[folder]):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_no_import_from_a_lower_layer_to_a_higher_one(folder: str) -> None:
    assert violations(folder) == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from encircle.cli.main import cli\n")
    assert imports(bad) == [(2, "encircle.cli.main")]
