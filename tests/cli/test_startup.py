"""Start-up: each command imports only what it uses (cli/main.py loads subcommands
lazily; the neo4j driver, pyvis, numpy, networkx, openpyxl, pandas and igraph only where
they are needed). Timings are in benchmarks/scaling_benchmark.py, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from encircle.cli.main import COMMANDS, cli
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle

HEAVY = ("neo4j", "pyvis", "numpy", "networkx", "openpyxl", "pandas", "igraph", "IPython")
PROBE = """
import atexit, json, sys
from encircle.cli.main import main
sys.argv = ["encircle", *sys.argv[1:]]
# main() ends the process (without teardown) after running the exit handlers
atexit.register(lambda: print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr))
main()
"""


def imported(*args: str) -> list[str]:
    """The heavy modules `encircle ARGS` imported (run in a fresh interpreter)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True, check=True
    )
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listing_says_what_each_command_says(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.help
    first = command.help.split("\n\n", 1)[0]
    assert COMMANDS[name][2] == " ".join(first.split())


def test_help_lists_every_command_and_imports_none(tmp_path: Path) -> None:
    assert imported("--help") == []
    listing = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert all(f"  {name} " in listing for name in COMMANDS)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("startup") / "demo.db")
    with open_store(path) as store:
        load([demo_bundle()], store)
    return path


def test_reading_commands_import_no_heavy_module(demo_store: str, tmp_path: Path) -> None:
    assert imported("stats", "--store", demo_store) == []
    assert imported("detect", "--store", demo_store) == []
    case = Path(__file__).parents[1] / "fixtures" / "csv" / "case-a"
    assert imported("load", str(case), "--store", str(tmp_path / "x.db")) == []
    assert imported("report", "--help") == []


def test_views_import_what_they_draw_with(demo_store: str, tmp_path: Path) -> None:
    assert {"pyvis", "numpy"} <= set(
        imported("view", "--around", "p-zhou", "--store", demo_store, "-o", str(tmp_path / "v.html"))
    )
    assert "neo4j" not in imported("report", "--store", demo_store, "-o", str(tmp_path / "report"))
