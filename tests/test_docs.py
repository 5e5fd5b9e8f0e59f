"""Every command is documented: `--help` with an example, and a README section (as
sqlite-utils' test_docs.py does). A new command without both fails here."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from encircle.cli.main import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = cli.list_commands(click.Context(cli))  # commands are imported lazily (cli/main.py)
# Headings name commands as "### `encircle NAME ..." (one heading may name several).
DOCUMENTED = set(re.findall(r"`encircle ([a-z-]+)", "\n".join(re.findall(r"^###.*$", README, re.MULTILINE))))


def test_the_cli_has_commands() -> None:
    assert {"load", "stats", "paths", "detect", "report"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    example = result.output.split("Example:", 1)
    assert len(example) == 2, f"`encircle {command} --help` has no Example: block"
    assert f"encircle {command}" in example[1], f"the example does not run `encircle {command}`"


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_a_readme_section(command: str) -> None:
    assert command in DOCUMENTED, f"README has no '### `encircle {command} ...`' section"
