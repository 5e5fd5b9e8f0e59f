"""Valid dates at the edges of the calendar (0001-01-01, 9999-12-31) and the largest
valid amounts and counts: detection, time-ordered paths, groups and brokers work on
them on both stores, and their JSON is strict.

The demo case is loaded with every date moved to one edge: a gift dated 9999-12-30
used to crash `detect` ("year 10000 is out of range"); a series spanning 0001 to 9999
used to keep friendship_investment busy for minutes.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import Store
from encircle.graph.text import json_text
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.analysis.brokers import brokers
from encircle.queries.analysis.groups import interest_groups
from encircle.queries.detection import detect
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathQuery

HIGH = ["9999", "9999-12", "9999-12-31", "9999-12-30", "9999-12-25", "9999-01-01", "9998-12-31"]
LOW = ["0001", "0001-01", "0001-01-01", "0001-01-02", "0001-12-31", "0002-01-01"]
DATES = ("date", "start_date", "end_date")


def _edge_case(folder: Path, edge: list[str], spread: bool = False) -> Path:
    """The demo case with each date replaced by one of `edge` in turn (or, with
    `spread`, alternately by the first and the last day of the calendar)."""
    out = folder / "case"
    out.mkdir()
    for name in ("entities.csv", "relations.csv"):
        with (demo_bundle() / name).open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        header, n = rows[0], 0
        for row in rows[1:]:
            for i, column in enumerate(header):
                if row[i] and (column in DATES or column.endswith("_date") or column.startswith("blacklisted")):
                    row[i] = ("0001-01-01", "9999-12-31")[n % 2] if spread else edge[n % len(edge)]
                    n += 1
            if name == "relations.csv" and row[header.index("type")] == "APPROVED":
                row[header.index("bidders")] = str(2**63 - 1)
            if name == "relations.csv" and row[header.index("amount")]:
                row[header.index("amount")] = "1e24"
        with (out / name).open("w", encoding="utf-8", newline="") as target:
            csv.writer(target).writerows(rows)
    return out


@pytest.mark.parametrize(("edge", "spread"), [(HIGH, False), (LOW, False), (HIGH, True)], ids=["high", "low", "both"])
def test_detection_and_paths_at_the_edges(store: Store, tmp_path: Path, edge: list[str], spread: bool) -> None:
    load([_edge_case(tmp_path, edge, spread)], store)

    findings = detect(store)

    assert findings  # the case's structure still gives leads
    json_text([f.to_dict() for f in findings])  # strict: no NaN or Infinity
    for source, target in [("p-qian", "co-leixin"), ("p-li", "p-liu"), ("p-huang", "p-chen")]:
        query = PathQuery(mode="all", max_hops=4, time_respecting=True, max_gap_days=30)
        json_text(find_paths(store, source, target, query).to_dict())
    json_text([g.to_dict() for g in interest_groups(store)])
    json_text([b.to_dict() for b in brokers(store)])


def test_the_cli_at_the_high_edge(tmp_path: Path) -> None:
    db = str(tmp_path / "edge.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(_edge_case(tmp_path, HIGH)), "--store", db]).exit_code == 0
    for command in (
        ["detect", "--all", "--json"],
        ["paths", "p-qian", "co-leixin", "--all", "--time-ordered", "--max-gap", "30"],
        ["report", "-o", str(tmp_path / "report")],
    ):
        result = runner.invoke(cli, [*command, "--store", db])
        assert (result.exit_code, result.stderr) == (0, ""), command
