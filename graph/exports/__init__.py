"""Exports: a store (or a slice of it) written as FollowTheMoney, GEXF, GraphML, a CSV
bundle or a Cypher script. One module per format; each streams the records (entities,
then relations, in id order) and writes to a temporary name renamed over the target
at the end, so a failed export leaves nothing half-written.

A source is anything with the three reads of :class:`~encircle.graph.stores.Store`
used here: a store for a whole case, a :class:`Slice` for part of one (see
``encircle.queries.report.export_slice``). What people added to the case (judgements and
reviews, from the store's ledger, with their history) rides along in the formats that can
hold it: ftm (Notes) and csv (judgements.csv, reviews.csv); the others say they left it out.

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> import tempfile, pathlib
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "case.gexf"
>>> summary = export(store, "gexf", out)
>>> summary.entities, summary.relations, out.is_file()
(43, 73, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from encircle.graph.errors import EncircleError
from encircle.graph.exports.base import JUDGEMENT, REVIEW, ExportSummary, Slice, Source, ledger_of
from encircle.graph.exports.csv_bundle import write_csv_bundle
from encircle.graph.exports.cypher import write_cypher
from encircle.graph.exports.ftm import write_ftm
from encircle.graph.exports.gexf import write_gexf
from encircle.graph.exports.graphml import write_graphml

__all__ = ["FORMATS", "LEDGER_FORMATS", "ExportSummary", "Slice", "Source", "export"]

Writer = Callable[[Source, Path], ExportSummary]

# format -> writer; csv writes a folder, the others one file
FORMATS: dict[str, Writer] = {
    "ftm": write_ftm,
    "gexf": write_gexf,
    "graphml": write_graphml,
    "csv": write_csv_bundle,
    "cypher": write_cypher,
}
LEDGER_FORMATS = frozenset({"ftm", "csv"})  # the formats that carry judgements and reviews


def export(source: Source, format: str, path: str | Path) -> ExportSummary:
    """Write `source` in `format` (one of FORMATS) to `path` (a folder for csv)."""
    if format not in FORMATS:
        raise EncircleError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")
    summary = FORMATS[format](source, Path(path))
    if format in LEDGER_FORMATS:
        return summary
    counts = [(len(ledger_of(source, kind)), kind) for kind in (JUDGEMENT, REVIEW)]
    left = [f"{n} {kind} entr{'y' if n == 1 else 'ies'}" for n, kind in counts if n]
    if not left:
        return summary
    verb = "is" if len(left) == 1 and left[0].startswith("1 ") else "are"
    said = f"{path}: {' and '.join(left)} {verb} not exported in {format} (ftm and csv carry them)"
    return replace(summary, warnings=(*summary.warnings, said))
