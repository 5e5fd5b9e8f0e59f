"""The `encircle` command: each subcommand lives in its own module, imported only when
that subcommand runs, so `encircle --help` and every command load just what they use.

To add a command: write its module under cli/ and list it in COMMANDS with the first
paragraph of its docstring (the help listing shows it without importing the module;
tests/cli/test_startup.py checks the two agree).
"""

from __future__ import annotations

import atexit
import os
import sys

import click

from encircle.cli.common import LazyGroup, own_process

__all__ = ["COMMANDS", "cli", "main"]

# name: (module, function, first paragraph of its help)
COMMANDS = {
    "load": ("encircle.cli.load", "load", "Load case records into a store."),
    "stats": ("encircle.cli.stats", "stats", "Count entities by type and role, and relations by type."),
    "demo": (
        "encircle.cli.demo",
        "demo",
        "Load the demo case (one instance of each capture tactic, plus decoys), run the detectors and write the "
        "report next to the store: DIR/report.html, DIR/report.md, DIR/findings.json and DIR/views/.",
    ),
    "paths": ("encircle.cli.queries", "paths", "How is SOURCE connected to TARGET, through whom, and when?"),
    "neighbors": (
        "encircle.cli.queries",
        "neighbors",
        "Entities around ENTITY, nearest first, and the relations among them.",
    ),
    "common": (
        "encircle.cli.queries",
        "common",
        "What two or more entities share: the entities linked to several of them.",
    ),
    "connect": (
        "encircle.cli.queries",
        "connect",
        "The network connecting several entities: shortest paths between every pair, and the intermediaries "
        "most of them pass through.",
    ),
    "detect": (
        "encircle.cli.detect",
        "detect",
        "Detect capture tactics and show each finding with its evidence and score.",
    ),
    "groups": (
        "encircle.cli.groups",
        "groups",
        "Interest groups: communities of the case, ranked by risk, each with its members by role, the value "
        "flowing inside, the officials reached, bodies and findings.",
    ),
    "brokers": (
        "encircle.cli.groups",
        "brokers",
        "Brokers: who sits between the givers and the officials they reach.",
    ),
    "report": (
        "encircle.cli.report",
        "report",
        "Run every detector and write the report: report.html, report.md, findings.json and "
        "views/<finding-id>.html (an interactive view of each flagged finding).",
    ),
    "serve": (
        "encircle.cli.serve",
        "serve",
        "Open the workbench: search, entities with their timelines, paths, findings to review, duplicates to "
        "judge, in a browser, on a store.",
    ),
    "view": ("encircle.cli.view", "view", "Write an interactive view of part of the graph to one HTML file."),
    "export": (
        "encircle.cli.export",
        "export_command",
        "Export the case, or a slice of it, to FollowTheMoney, GEXF, GraphML, CSV or Cypher.",
    ),
    "synth": (
        "encircle.cli.synth",
        "synth",
        "Generate a synthetic political-business world with planted capture cases.",
    ),
    "search": (
        "encircle.cli.resolution",
        "search_command",
        "Find entities by part of a name or alias, a misspelling, Chinese characters or pinyin.",
    ),
    "xref": (
        "encircle.cli.resolution",
        "xref_command",
        "Propose pairs of entities that may be the same, with the reasons.",
    ),
    "judge": (
        "encircle.cli.resolution",
        "judge_command",
        "Judge whether FIRST and SECOND are the same entity: same, different or unsure.",
    ),
    "merge": (
        "encircle.cli.resolution",
        "merge_command",
        "Judge FIRST and SECOND the same entity (`encircle judge FIRST SECOND same`).",
    ),
    "judgements": (
        "encircle.cli.resolution",
        "judgements_group",
        "List, export and import entity-resolution judgements.",
    ),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    """Run the `encircle` command line: the console script's entry point."""
    own_process()
    try:
        cli(prog_name="encircle")  # click ends every run with SystemExit
    except SystemExit as done:
        if sys.getprofile() or sys.gettrace():  # a profiler or debugger reports at teardown
            raise
        _exit(done.code)


def _exit(code: object) -> None:
    """End the process without tearing its objects down. Every command has written,
    flushed and closed what it opened by now; what is left is freeing its objects, and
    freeing a million-entity case index (tens of millions of objects spread over
    gigabytes) took 27 s of `encircle detect`'s 99 s at 1M entities, longer than
    building it. Exit handlers still run; only that teardown is skipped."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): said on stderr, status 1, as Python does
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()  # logging's final flush, temporary folders' clean-up
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`encircle ... | head`): nothing more to say
            status = status or 1
    os._exit(status)
