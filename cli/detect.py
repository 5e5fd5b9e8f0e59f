"""`encircle detect`: run the tactic detectors and list their findings."""

from __future__ import annotations

import click

from encircle.cli.common import collector_off, echo, json_option, open_case, print_json, store_option
from encircle.cli.render import entity_label
from encircle.graph.stores import Store
from encircle.queries.detection import TACTICS
from encircle.queries.detection import detect as run_detectors
from encircle.queries.detection.coverage import coverage
from encircle.queries.detection.findings import Finding

__all__ = ["TacticChoice", "detect", "finding_lines"]


class TacticChoice(click.Choice[str]):
    """The registered tactics, read when the command runs (a tactic registered after
    this module was imported is a choice too)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(sorted(TACTICS))

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # fixed by the registry


@click.command()
@click.option(
    "--tactic",
    "tactics",
    multiple=True,
    type=TacticChoice(),
    help="Run only these tactics (repeatable); all by default.",
)
@click.option("--confirmed-only", is_flag=True, help="Ignore alleged and inferred relations.")
@click.option("--all", "show_all", is_flag=True, help="Also list candidates that were not flagged.")
@store_option
@json_option
def detect(tactics: tuple[str, ...], confirmed_only: bool, show_all: bool, store: str | None, as_json: bool) -> None:
    """Detect capture tactics and show each finding with its evidence and score.

    Findings are leads, not verdicts: every step cites its record and whether it is
    confirmed, alleged or inferred.

    \b
    Example:
      encircle detect --store case.db
      encircle detect --tactic roundabout --tactic bid_rigging --confirmed-only --json
    """
    collector_off()
    with open_case(store) as opened:
        findings = run_detectors(opened, tactics, confirmed_only)
        shown = [f for f in findings if show_all or f.verdict != "not_flagged"]
        if as_json:
            print_json(f.to_dict() for f in shown)
            return
        names = _names(opened, shown)
        covered = coverage(opened.stats(), findings, tactics)
    flagged = sum(f.verdict == "flagged" for f in findings)
    echo(f"{len(shown)} finding{'s' if len(shown) != 1 else ''} ({flagged} flagged); leads, not verdicts")
    for finding in shown:
        echo(*finding_lines(finding, names))
    echo("", "What each tactic judged:", *(f"  {tactic.line()}" for tactic in covered))


def _names(store: Store, findings: list[Finding]) -> dict[str, str]:
    """Names of the entities the findings' steps mention: only those are read back."""
    ids = {i for f in findings for c in f.evidence for s in c.steps for i in (s.source_id, s.target_id)}
    return {i: e.name for i, e in store.get_entities(sorted(ids)).items()}


def finding_lines(finding: Finding, names: dict[str, str]) -> list[str]:
    """A finding as `encircle detect` prints it: verdict, tactic, score and id, the
    explanation, each evidence step with its status, source and record id, then the score
    contributions."""
    lines = [
        "",
        f"[{finding.verdict}] {finding.tactic}  score {finding.score:.2f}  {finding.id}",
        f"  {finding.explanation}",
    ]
    for chain in finding.evidence:
        lines.append(f"  evidence: {chain.label}")
        for step in chain.steps:
            what = " ".join(str(x) for x in (step.type, step.kind, step.date) if x)
            amount = f" {step.amount:,.0f}{' ' + step.currency if step.currency else ''}" if step.amount else ""
            source = f"; {step.source}" if step.source else ""
            lines.append(
                f"    {step.source_label or entity_label(step.source_id, names)} -[{what}{amount}]-> "
                f"{step.target_label or entity_label(step.target_id, names)}  [{step.status}{source}; {step.relation}]"
            )
    contributions = ", ".join(f"{k} {v:+.2f}" for k, v in finding.contributions.items())
    lines.append(f"  score: {contributions}" if contributions else "  score: 0")
    return lines
