"""GEXF 1.3 and GraphML: read back by networkx with every node, edge and attribute; the
GEXF structure checked against the rules of its 1.3 schema (the XSD itself is on no
package index; see docs/exports.md)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from encircle.graph.exports import Slice, export
from encircle.graph.exports.base import cell
from encircle.graph.exports.gexf import spell
from encircle.graph.records import ENTITY_FIELDS, RELATION_FIELDS, Entity, Relation
from encircle.graph.stores import Store

from .conftest import EDGE_ENTITIES, EDGE_RELATIONS, Loader, records

GEXF = "{http://gexf.net/1.3}"
# The XSD's value types for attributes, and its date pattern (xsd:date, as timeformat="date").
GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI", "date"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _expected_node(entity: Entity) -> dict[str, object]:
    values = {f: cell(getattr(entity, f)) for f in ENTITY_FIELDS if f not in ("id", "name")}
    return {"label": entity.name, **{k: v for k, v in values.items() if v}, **entity.extra}


def _expected_edge(relation: Relation) -> dict[str, object]:
    numbers = {"amount": relation.amount, "share": relation.share, "bidders": relation.bidders}
    values = {f: cell(getattr(relation, f)) for f in RELATION_FIELDS if f not in ("id", "source_id", "target_id")}
    data = {k: numbers.get(k, v) for k, v in values.items() if v}
    return {**data, **relation.extra}


@pytest.mark.parametrize("case", ["demo", "world"])
def test_networkx_reads_back_the_gexf(store: Store, load_case: Loader, case: str, tmp_path: Path) -> None:
    load_case(store, case)
    summary = export(store, "gexf", tmp_path / "case.gexf")
    graph = nx.read_gexf(tmp_path / "case.gexf", version="1.3")
    entities, relations = records(store)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (summary.entities, summary.relations)
    assert (summary.entities, summary.relations) == (len(entities), len(relations))
    assert isinstance(graph, nx.MultiDiGraph)
    for entity in entities:
        assert graph.nodes[entity.id] == _expected_node(entity)
    for relation in relations:
        data = dict(graph.edges[relation.source_id, relation.target_id, relation.id])
        spells = data.pop("spells", None)
        assert (data.pop("id"), data.pop("label")) == (relation.id, relation.type)
        assert data == _expected_edge(relation)
        when = spell(relation)  # networkx reads an open end as the string 'None'
        assert spells == (None if when is None else [tuple(str(day) for day in when)])
    assert _gexf_problems(tmp_path / "case.gexf") == []


def test_spells_put_dates_on_the_timeline(tmp_path: Path) -> None:
    chosen = Slice(
        [Entity("a", "Person", "A"), Entity("b", "PublicBody", "B"), Entity("c", "Company", "C")],
        [
            Relation("post", "HOLDS_POST", "a", "b", start_date="2016-02", end_date="2019"),
            Relation("gift", "GIFT", "c", "a", date="2016-03-05"),
            Relation("stake", "OWNS", "a", "c", end_date="2020-02"),
            Relation("tie", "DIRECTS", "a", "c"),
        ],
    )
    export(chosen, "gexf", tmp_path / "t.gexf")
    edges = ET.parse(tmp_path / "t.gexf").getroot().iter(f"{GEXF}edge")
    spells = {e.get("id"): [dict(s.attrib) for s in e.iter(f"{GEXF}spell")] for e in edges}
    assert spells == {
        "gift": [{"start": "2016-03-05"}],
        "post": [{"start": "2016-02-01", "end": "2019-12-31"}],
        "stake": [{"end": "2020-02-29"}],
        "tie": [],
    }
    graph = ET.parse(tmp_path / "t.gexf").getroot().find(f"{GEXF}graph")
    assert graph is not None and graph.attrib == {
        "defaultedgetype": "directed",
        "mode": "dynamic",
        "timeformat": "date",
        "idtype": "string",
    }


def test_odd_text_survives_xml(tmp_path: Path) -> None:
    summary = export(Slice(EDGE_ENTITIES, EDGE_RELATIONS), "gexf", tmp_path / "edge.gexf")
    assert summary.warnings == (
        f"{tmp_path / 'edge.gexf'}: 1 values held characters XML cannot carry; written as U+FFFD",
    )
    graph = nx.read_gexf(tmp_path / "edge.gexf", version="1.3")
    assert graph.nodes["p-2"]["label"] == "Bo\nBerg\t\ufffd"
    assert graph.nodes["p_1"]["label"] == 'Anna "A" O\'Brien\\'
    assert graph.nodes["p_1"]["Note"] == "x;y"
    assert _gexf_problems(tmp_path / "edge.gexf") == []


@pytest.mark.parametrize("case", ["demo", "world"])
def test_networkx_reads_back_the_graphml(store: Store, load_case: Loader, case: str, tmp_path: Path) -> None:
    load_case(store, case)
    summary = export(store, "graphml", tmp_path / "case.graphml")
    graph = nx.read_graphml(tmp_path / "case.graphml", edge_key_type=str, force_multigraph=True)
    entities, relations = records(store)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(entities), len(relations))
    assert (summary.entities, summary.relations) == (len(entities), len(relations))
    for entity in entities:
        assert graph.nodes[entity.id] == {"name": entity.name, **_expected_node(entity)}
    for relation in relations:
        assert graph.edges[relation.source_id, relation.target_id, relation.id] == _expected_edge(relation)


def test_graphml_edge_cases(tmp_path: Path) -> None:
    export(Slice(EDGE_ENTITIES, EDGE_RELATIONS), "graphml", tmp_path / "edge.graphml")
    graph = nx.read_graphml(tmp_path / "edge.graphml", edge_key_type=str, force_multigraph=True)
    assert graph.nodes["p-2"]["name"] == "Bo\nBerg\t\ufffd"
    assert graph.edges["same", "co-1", "a3"]["amount"] == 1e20
    assert graph.edges["org-1", "co-1", "o1"]["share"] == 0.123456789
    assert graph.edges["p-2", "co-1", "a1"]["bidders"] == 2
    assert graph.edges["same", "org-1", "e2"]["other"] == "o"


def _gexf_problems(path: Path) -> list[str]:
    """The rules of the GEXF 1.3 schema this export relies on: root and version, graph
    modes, declared attributes with schema types, attvalues naming declared attributes,
    unique node and edge ids, edges between declared nodes, spells with xsd dates."""
    root = ET.parse(path).getroot()
    problems = []
    if root.tag != f"{GEXF}gexf" or root.get("version") != "1.3":
        problems.append(f"root {root.tag} version {root.get('version')}")
    graph = root.find(f"{GEXF}graph")
    assert graph is not None
    declared: dict[str, set[str]] = {}
    for attributes in graph.findall(f"{GEXF}attributes"):
        for attribute in attributes.findall(f"{GEXF}attribute"):
            declared.setdefault(attributes.get("class") or "", set()).add(attribute.get("id") or "")
            if attribute.get("type") not in GEXF_TYPES or not attribute.get("title"):
                problems.append(f"attribute {attribute.attrib}")
    nodes = graph.findall(f"{GEXF}nodes/{GEXF}node")
    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    node_ids = [n.get("id") for n in nodes]
    edge_ids = [e.get("id") for e in edges]
    if len(set(node_ids)) != len(node_ids) or len(set(edge_ids)) != len(edge_ids):
        problems.append("ids are not unique")
    for kind, elements in (("node", nodes), ("edge", edges)):
        for element in elements:
            for value in element.iter(f"{GEXF}attvalue"):
                if value.get("for") not in declared.get(kind, set()) or value.get("value") is None:
                    problems.append(f"{kind} {element.get('id')}: attvalue {value.attrib}")
    known = set(node_ids)
    for edge in edges:
        if edge.get("source") not in known or edge.get("target") not in known:
            problems.append(f"edge {edge.get('id')} between unknown nodes")
        for element in edge.iter(f"{GEXF}spell"):
            bounds = element.attrib
            if not bounds or set(bounds) - {"start", "end"} or any(not DATE.match(v) for v in bounds.values()):
                problems.append(f"edge {edge.get('id')}: spell {bounds}")
    return problems
