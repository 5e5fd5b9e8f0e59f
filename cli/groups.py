"""`encircle groups` and `encircle brokers`: interest groups and the intermediaries
between givers and officials."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import click

from encircle.cli.common import echo, json_option, open_case, print_json, store_option
from encircle.cli.render import entity_label, path_lines
from encircle.queries.analysis.brokers import Broker, relations_of
from encircle.queries.analysis.brokers import brokers as find_brokers
from encircle.queries.analysis.communities import BACKENDS, chosen_backend, community_graph
from encircle.queries.analysis.groups import InterestGroup, interest_groups
from encircle.queries.detection.case import CaseIndex

__all__ = ["broker_table", "brokers", "display_width", "group_lines", "groups", "pad"]

ROLE_TITLES = {
    "official": "officials",
    "businessperson": "businesspeople",
    "intermediary": "intermediaries",
    "firm": "firms",
    "other": "others",
}


@click.command()
@click.option(
    "--seed", type=int, default=7, show_default=True, help="Random seed: the same seed gives the same groups."
)
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="auto",
    show_default=True,
    help="networkx (Louvain), leiden (faster; needs encircle[notebook]), or auto: leiden from 5,000 entities.",
)
@click.option("--resolution", type=float, default=1.0, show_default=True, help="Higher gives smaller groups.")
@store_option
@json_option
def groups(seed: int, backend: str, resolution: float, store: str | None, as_json: bool) -> None:
    """Interest groups: communities of the case, ranked by risk, each with its members
    by role, the value flowing inside, the officials reached, bodies and findings.

    A rank is a lead, not a verdict. The method and the risk features are in
    docs/analysis.md.

    \b
    Example:
      encircle groups --store case.db
      encircle groups --store case.db --seed 1 --backend leiden --json
    """
    with open_case(store) as opened:
        index = CaseIndex.of(opened)
    found = interest_groups(index, seed, resolution, backend)
    if as_json:
        print_json([g.to_dict() for g in found])
        return
    used = chosen_backend(community_graph(index), backend)
    method = "Louvain via networkx" if used == "networkx" else "Leiden via python-igraph"
    echo(f"{len(found)} interest groups ({method}, seed {seed}); leads, not verdicts")
    names = {e.id: e.name for e in index.entities.values()}
    for group in found:
        echo(*group_lines(group, names))


def group_lines(group: InterestGroup, names: Mapping[str, str]) -> list[str]:
    """An interest group as `encircle groups` prints it: rank, risk, id, size and value,
    members by role, officials reached, bodies, findings inside, and the reasons for its
    risk."""

    def labels(ids: tuple[str, ...]) -> str:
        return ", ".join(entity_label(i, names) for i in ids) or "none"

    lines = [
        "",
        f"#{group.rank}  risk {group.risk:.2f}  {group.id}  {len(group.members)} members, "
        f"value inside {group.value:,.0f} ({len(group.gifts)} gifts, {len(group.approvals)} approvals)",
    ]
    lines += [f"  {ROLE_TITLES[role]:<15} {labels(ids)}" for role, ids in group.roles.items()]
    lines.append(f"  {'reached':<15} {labels(group.officials_reached)}")
    lines.append(f"  {'bodies':<15} {labels(group.bodies)}")
    lines.append(f"  {'findings':<15} {', '.join(group.findings) or 'none'}")
    lines += [f"  {'why' if i == 0 else '':<15} {reason}" for i, reason in enumerate(group.reasons)]
    return lines


@click.command()
@click.option(
    "--hub-degree", type=click.IntRange(min=1), default=100, show_default=True, help="Leave out hubs above this."
)
@click.option("--examples", type=click.IntRange(min=0), default=3, show_default=True, help="Example paths per broker.")
@store_option
@json_option
def brokers(hub_degree: int, examples: int, store: str | None, as_json: bool) -> None:
    """Brokers: who sits between the givers and the officials they reach.

    Ranked by brokerage (betweenness on giver-to-official shortest paths over gifts,
    employment, kinship, association, ownership and directorship; public bodies left
    out), with exclusivity: how many givers have no shortest way to some official
    without them. Each broker comes with example paths, one step per line as `encircle
    paths` prints them (--json: relation ids in `paths`, their entities in `routes`).

    \b
    Example:
      encircle brokers --store case.db
      encircle brokers --store case.db --examples 5 --json
    """
    with open_case(store) as opened:
        index = CaseIndex.of(opened)
    found = find_brokers(index, hub_degree, examples)
    if as_json:
        print_json([b.to_dict() for b in found])
        return
    names = {e.id: e.name for e in index.entities.values()}
    echo(f"{len(found)} brokers between givers and officials; leads, not verdicts")
    if found:
        echo(*broker_table(found, names, index))


def broker_table(found: list[Broker], names: Mapping[str, str], index: CaseIndex) -> list[str]:
    """Brokers as the table `encircle brokers` prints: rank, broker, brokerage, exclusivity
    and officials reached, each row followed by its example paths, one named step per line
    as `encircle paths` prints them."""
    labels = [entity_label(b.id, names) for b in found]
    width = max(map(display_width, labels))
    relations = relations_of(index, found)
    lines = ["", f"  #  {pad('broker', width)}  brokerage  exclusivity  officials reached"]
    for rank, (b, label) in enumerate(zip(found, labels, strict=True), 1):
        officials = ", ".join(names.get(o, o) for o in b.officials)
        lines.append(f"{rank:>3}  {pad(label, width)}  {b.brokerage:>9.2f}  {b.exclusivity:>11}  {officials}")
        for number, path in enumerate(b.example_paths(relations), 1):
            lines += [f"{'':>5}{line}" for line in path_lines(number, path, names)]
    return lines


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (see :func:`display_width`)."""
    return text + " " * (width - display_width(text))
