"""The `encircle` command: each subcommand lives in its own module."""

from __future__ import annotations

import click

from encircle.cli.common import EncircleGroup
from encircle.cli.demo import demo
from encircle.cli.detect import detect
from encircle.cli.groups import brokers, groups
from encircle.cli.load import load
from encircle.cli.queries import common, connect, neighbors, paths
from encircle.cli.report import report
from encircle.cli.resolution import judge_command, judgements_group, merge_command, search_command, xref_command
from encircle.cli.stats import stats
from encircle.cli.synth import synth
from encircle.cli.view import view


@click.group(cls=EncircleGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="encircle")
def cli() -> None:
    """encircle: find how interest groups reach officials.

    Load case records into a graph store, then query and inspect it.

    \b
    Example:
      encircle demo
      encircle load cases/ls-01 --store case.db
      encircle stats --store case.db
      encircle report --store case.db -o case-report
    """


for command in (
    load,
    stats,
    demo,
    paths,
    neighbors,
    common,
    connect,
    detect,
    groups,
    brokers,
    report,
    view,
    synth,
    search_command,
    xref_command,
    judge_command,
    merge_command,
    judgements_group,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="encircle")
