"""GraphML (yEd, Gephi, Cytoscape, networkx, igraph): entities as nodes, relations as
directed edges with their relation id, every field as a declared key.

Nodes carry `label` (the name, which Gephi and Cytoscape show) besides every entity field;
lists are ';'-joined strings, amounts and shares doubles, bidders an int, extra
properties strings. GraphML has no notion of time: dates are strings as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from encircle.graph.exports.base import ExportSummary, ExtraKeys, Source, cell, copy_spool, replacing, spool, text_file
from encircle.graph.exports.xmltext import XmlText
from encircle.graph.records import ENTITY_FIELDS, RELATION_FIELDS, Entity, Relation

__all__ = ["EDGE_FIELDS", "NAMESPACE", "NODE_FIELDS", "TYPES", "write_graphml"]

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
NODE_FIELDS = ("label", *(f for f in ENTITY_FIELDS if f != "id"))
EDGE_FIELDS = tuple(f for f in RELATION_FIELDS if f not in ("id", "source_id", "target_id"))
TYPES = {"amount": "double", "share": "double", "bidders": "int"}


def write_graphml(source: Source, path: Path) -> ExportSummary:
    """Write `source` as one GraphML file."""
    xml = XmlText()
    node_extras, edge_extras = ExtraKeys(), ExtraKeys()
    with replacing(path) as (temp,), spool(path) as body:
        nodes = _nodes(source.entities(), body, xml, node_extras)
        edges = _edges(source.relations(), body, xml, edge_extras)
        with text_file(temp) as out:
            out.write(_head(xml, node_extras.names, edge_extras.names))
            copy_spool(body, out)
            out.write("  </graph>\n</graphml>\n")
    return ExportSummary("graphml", path, nodes, edges, xml.warnings(str(path)))


def _head(xml: XmlText, node_extras: list[str], edge_extras: list[str]) -> str:
    keys = [("node", f"n_{f}", f, TYPES.get(f, "string")) for f in NODE_FIELDS]
    keys += [("node", f"nx{i}", name, "string") for i, name in enumerate(node_extras)]
    keys += [("edge", f"e_{f}", f, TYPES.get(f, "string")) for f in EDGE_FIELDS]
    keys += [("edge", f"ex{i}", name, "string") for i, name in enumerate(edge_extras)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd">',
        *(
            f'  <key id="{key}" for="{where}" attr.name="{xml.attribute(name)}" attr.type="{kind}"/>'
            for where, key, name, kind in keys
        ),
        '  <graph id="encircle" edgedefault="directed">',
    ]
    return "\n".join(lines) + "\n"


def _data(xml: XmlText, pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<data key="{key}">{xml.text(value)}</data>' for key, value in pairs if value != "")


def _nodes(entities: Iterable[Entity], out: IO[str], xml: XmlText, extras: ExtraKeys) -> int:
    count = 0
    for entity in entities:
        extras.add(entity)
        pairs = [("n_label", entity.name), *((f"n_{f}", cell(getattr(entity, f))) for f in NODE_FIELDS[1:])]
        pairs += [(f"nx{extras.index[k]}", v) for k, v in entity.extra.items()]
        out.write(f'    <node id="{xml.attribute(entity.id)}">{_data(xml, pairs)}</node>\n')
        count += 1
    return count


def _edges(relations: Iterable[Relation], out: IO[str], xml: XmlText, extras: ExtraKeys) -> int:
    count = 0
    for r in relations:
        extras.add(r)
        pairs = [(f"e_{f}", cell(getattr(r, f))) for f in EDGE_FIELDS]
        pairs += [(f"ex{extras.index[k]}", v) for k, v in r.extra.items()]
        ends = f'id="{xml.attribute(r.id)}" source="{xml.attribute(r.source_id)}" target="{xml.attribute(r.target_id)}"'
        out.write(f"    <edge {ends}>{_data(xml, pairs)}</edge>\n")
        count += 1
    return count
