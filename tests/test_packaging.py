"""The layout of DESIGN.md: repo folders install as encircle.* through setup.cfg, and
the tests run against the installed package, not the checkout."""

from __future__ import annotations

import configparser
import importlib
from pathlib import Path

import encircle.graph

ROOT = Path(__file__).resolve().parents[1]
TOP_FOLDERS = ("graph", "loaders", "queries", "web", "cli")


def _setup_cfg() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return config


def _listed(option: str) -> list[str]:
    return [line.strip() for line in _setup_cfg()["options"][option].splitlines() if line.strip()]


def _repo_packages() -> dict[str, str]:
    """encircle.* name -> repo folder, for every folder holding Python modules."""
    found = {}
    for top in TOP_FOLDERS:
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir())]:
            if any(folder.glob("*.py")) and "__pycache__" not in folder.parts:
                relative = folder.relative_to(ROOT)
                found["encircle." + ".".join(relative.parts)] = relative.as_posix()
    return found


def test_every_subpackage_is_listed_in_setup_cfg() -> None:
    packages = set(_listed("packages"))
    missing = sorted(set(_repo_packages()) - packages)
    assert missing == [], f"add to [options] packages and package_dir in setup.cfg: {missing}"


def test_package_dir_maps_each_package_to_its_folder() -> None:
    mapping = dict(line.split(" = ") for line in _listed("package_dir"))
    assert mapping == _repo_packages()


def test_every_package_folder_has_an_init() -> None:
    assert [f for f in _repo_packages().values() if not (ROOT / f / "__init__.py").exists()] == []


def test_tests_import_the_installed_package_not_the_checkout() -> None:
    for name in _repo_packages():
        where = Path(importlib.import_module(name).__file__ or "").resolve()
        assert "site-packages" in where.parts, f"{name} imported from {where}"
    assert not (ROOT / "conftest.py").exists()
    assert "pythonpath" not in _setup_cfg()["tool:pytest"]


def test_package_data_is_installed() -> None:
    installed = Path(encircle.graph.__file__).parent
    assert (installed / "schema.yaml").is_file()
    assert (installed / "stores" / "sqlite.sql").is_file()
    assert (installed.parent / "loaders" / "demo_case" / "entities.csv").is_file()
    assert (installed.parent / "web" / "templates" / "base.html").is_file()
    assert (installed.parent / "web" / "assets" / "workbench.js").is_file()


def test_pyproject_holds_only_the_build_system() -> None:
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    assert [line for line in lines if line.startswith("[")] == ["[build-system]"]
