"""`encircle report`: write the findings report (JSON, Markdown, HTML, views) into a folder."""

from __future__ import annotations

import click

from encircle.cli.common import collector_off, echo, open_case, store_option
from encircle.queries.report import ReportFiles, write_report

__all__ = ["report", "summary_lines"]


@click.command()
@click.option("--confirmed-only", is_flag=True, help="Ignore alleged and inferred relations.")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Folder to write into (created if missing).",
)
@store_option
def report(confirmed_only: bool, output: str, store: str | None) -> None:
    """Run every detector and write the report: report.html, report.md, findings.json
    and views/<finding-id>.html (an interactive view of each flagged finding).

    The HTML report is one offline page; findings are leads, not verdicts.

    \b
    Example:
      encircle report --store case.db -o case-report
      encircle report --store case.db --confirmed-only -o case-report-confirmed
    """
    collector_off()
    with open_case(store) as opened:
        files = write_report(opened, output, confirmed_only=confirmed_only)
    echo(*summary_lines(files))


def summary_lines(files: ReportFiles) -> list[str]:
    """Flagged findings per tactic, then where each file went."""
    flagged = sum(f.verdict == "flagged" for f in files.findings)
    lines = [f"{len(files.findings)} findings, {flagged} flagged (leads, not verdicts):"]
    for tactic, counts in files.counts().items():
        others = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items() if v != "flagged")
        lines.append(f"  {tactic:<22} {counts.get('flagged', 0):>3} flagged" + (f" ({others})" if others else ""))
    lines += [f"wrote {files.html}", f"      {files.markdown}", f"      {files.json}"]
    if files.views:
        lines.append(f"      {files.folder / 'views'}/ ({len(files.views)} interactive views)")
    return lines
