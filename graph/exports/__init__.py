"""Exports: a store (or a slice of it) written as FollowTheMoney, GEXF, GraphML, a CSV
bundle or a Cypher script. One module per format; each streams the records (entities,
then relations, in id order) and writes to a temporary name renamed over the target
at the end, so a failed export leaves nothing half-written.

A source is anything with the three reads of :class:`~encircle.graph.stores.Store`
used here: a store for a whole case, a :class:`Slice` for part of one (see
``encircle.queries.report.export_slice``).

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
from pathlib import Path

from encircle.graph.errors import EncircleError
from encircle.graph.exports.base import ExportSummary, Slice, Source
from encircle.graph.exports.csv_bundle import write_csv_bundle
from encircle.graph.exports.cypher import write_cypher
from encircle.graph.exports.ftm import write_ftm
from encircle.graph.exports.gexf import write_gexf
from encircle.graph.exports.graphml import write_graphml

__all__ = ["FORMATS", "ExportSummary", "Slice", "Source", "export"]

Writer = Callable[[Source, Path], ExportSummary]

# format -> writer; csv writes a folder, the others one file
FORMATS: dict[str, Writer] = {
    "ftm": write_ftm,
    "gexf": write_gexf,
    "graphml": write_graphml,
    "csv": write_csv_bundle,
    "cypher": write_cypher,
}


def export(source: Source, format: str, path: str | Path) -> ExportSummary:
    """Write `source` in `format` (one of FORMATS) to `path` (a folder for csv)."""
    if format not in FORMATS:
        raise EncircleError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")
    return FORMATS[format](source, Path(path))
