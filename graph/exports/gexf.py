"""GEXF 1.3 for Gephi: entities as nodes, relations as directed edges keyed by relation
id, every field as an attribute, and dates as spells so Gephi's timeline plays the case.

Spells (mode="dynamic", timeformat="date"): a relation with a validity period (a post,
a job, a stake) lives from the first day of `start_date` to the last day of `end_date`
(a date keeps its precision in encircle: '2016-03' starts on 2016-03-01 and ends on
2016-03-31); a dated event (a gift, an approval) appears on the first day of its `date`
and stays, so the timeline accumulates what has happened; an undated relation and every
entity are there throughout. The dates themselves are attributes too, as written.

Lists (aliases, roles, interests, excluded) are ';'-joined strings; amounts and shares
are doubles, bidders an integer; extra properties are string attributes.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from encircle.graph.exports.base import ExportSummary, ExtraKeys, Source, cell, copy_spool, replacing, spool, text_file
from encircle.graph.exports.xmltext import XmlText
from encircle.graph.records import ENTITY_FIELDS, RELATION_FIELDS, Entity, Relation

__all__ = ["EDGE_FIELDS", "EDGE_TYPES", "NAMESPACE", "NODE_FIELDS", "first_day", "last_day", "spell", "write_gexf"]

NAMESPACE = "http://gexf.net/1.3"
NODE_FIELDS = tuple(f for f in ENTITY_FIELDS if f not in ("id", "name"))
EDGE_FIELDS = tuple(f for f in RELATION_FIELDS if f not in ("id", "source_id", "target_id"))
EDGE_TYPES = {"amount": "double", "share": "double", "bidders": "integer"}


def write_gexf(source: Source, path: Path) -> ExportSummary:
    """Write `source` as one GEXF 1.3 file."""
    xml = XmlText()
    node_extras, edge_extras = ExtraKeys(), ExtraKeys()
    with replacing(path) as (temp,), spool(path) as body:
        body.write("    <nodes>\n")
        nodes = _nodes(source.entities(), body, xml, node_extras)
        body.write("    </nodes>\n    <edges>\n")
        edges = _edges(source.relations(), body, xml, edge_extras)
        body.write("    </edges>\n")
        with text_file(temp) as out:
            out.write(_head(xml, node_extras.names, edge_extras.names))
            copy_spool(body, out)
            out.write("  </graph>\n</gexf>\n")
    return ExportSummary("gexf", path, nodes, edges, xml.warnings(str(path)))


def _head(xml: XmlText, node_extras: list[str], edge_extras: list[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/gexf.xsd" version="1.3">',
        "  <meta>",
        "    <creator>encircle</creator>",
        "    <description>Case records: entities and the relations between them (leads, not verdicts)</description>",
        "  </meta>",
        '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" idtype="string">',
        '    <attributes class="node">',
        *_declarations(xml, [*((f, "string") for f in NODE_FIELDS), *((k, "string") for k in node_extras)]),
        "    </attributes>",
        '    <attributes class="edge">',
        *_declarations(
            xml, [*((f, EDGE_TYPES.get(f, "string")) for f in EDGE_FIELDS), *((k, "string") for k in edge_extras)]
        ),
        "    </attributes>",
    ]
    return "\n".join(lines) + "\n"


def _declarations(xml: XmlText, attributes: list[tuple[str, str]]) -> list[str]:
    return [
        f'      <attribute id="{xml.attribute(name)}" title="{xml.attribute(name)}" type="{kind}"/>'
        for name, kind in attributes
    ]


def _attvalues(xml: XmlText, record: Entity | Relation, fields: tuple[str, ...]) -> list[str]:
    pairs = [(f, cell(getattr(record, f))) for f in fields]
    pairs += [(key, value) for key, value in record.extra.items()]
    return [
        f'          <attvalue for="{xml.attribute(name)}" value="{xml.attribute(value)}"/>'
        for name, value in pairs
        if value != ""
    ]


def _nodes(entities: Iterable[Entity], out: IO[str], xml: XmlText, extras: ExtraKeys) -> int:
    count = 0
    for entity in entities:
        extras.add(entity)
        values = _attvalues(xml, entity, NODE_FIELDS)
        out.write(f'      <node id="{xml.attribute(entity.id)}" label="{xml.attribute(entity.name)}">\n')
        out.write("        <attvalues>\n" + "\n".join(values) + "\n        </attvalues>\n" if values else "")
        out.write("      </node>\n")
        count += 1
    return count


def _edges(relations: Iterable[Relation], out: IO[str], xml: XmlText, extras: ExtraKeys) -> int:
    count = 0
    for r in relations:
        extras.add(r)
        ends = f'id="{xml.attribute(r.id)}" source="{xml.attribute(r.source_id)}" target="{xml.attribute(r.target_id)}"'
        out.write(f'      <edge {ends} label="{r.type}">\n')
        out.write("        <attvalues>\n" + "\n".join(_attvalues(xml, r, EDGE_FIELDS)) + "\n        </attvalues>\n")
        when = spell(r)
        if when is not None:
            bounds = "".join(f' {name}="{day}"' for name, day in zip(("start", "end"), when, strict=True) if day)
            out.write(f"        <spells>\n          <spell{bounds}/>\n        </spells>\n")
        out.write("      </edge>\n")
        count += 1
    return count


def spell(relation: Relation) -> tuple[str | None, str | None] | None:
    """(first day, last day) a relation lives on Gephi's timeline; None: throughout.

    >>> spell(Relation("r", "HOLDS_POST", "a", "b", start_date="2016-03", end_date="2017"))
    ('2016-03-01', '2017-12-31')
    >>> spell(Relation("g", "GIFT", "a", "b", date="2016-02"))
    ('2016-02-01', None)
    """
    if relation.start_date or relation.end_date:
        start = first_day(relation.start_date) if relation.start_date else None
        return start, last_day(relation.end_date) if relation.end_date else None
    if relation.date:
        return first_day(relation.date), None
    return None


def first_day(date: str) -> str:
    """The first day an ISO date of any precision stands for (`2016` gives `2016-01-01`)."""
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def last_day(date: str) -> str:
    """The last day an ISO date of any precision stands for (`2016-02` gives `2016-02-29`)."""
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:])
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date
