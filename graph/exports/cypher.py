"""A Cypher script that recreates the records in Neo4j 5 exactly as encircle's Neo4j store
holds them (so `--store bolt://...` reads them back unchanged): the store's constraints,
`:Entity` nodes labelled by type and roles, `:EntityName` name keys, relationships typed
by relation type, every property as the store writes it.

Values are escaped literals (a script run in Neo4j Browser or `cypher-shell -f` has no
parameters); labels, relationship types and the store's own property names come from
the validated schema, extra property names are back-quoted. Statements MERGE on ids, so
running the script twice, or into a database holding other records, changes nothing
else. Rows go in batches of ROWS per statement (`UNWIND [...] AS row`), one statement
per line ending in ';'.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

from encircle.graph.exports.base import ExportSummary, Source, replacing, text_file
from encircle.graph.records import Entity, Relation, to_properties
from encircle.graph.schema import SCHEMA
from encircle.graph.values import name_key

__all__ = ["EDGES", "NAMES", "NODES", "ROWS", "SCHEMA_FILES", "literal", "statements", "write_cypher"]

SCHEMA_FILES = ("entity_constraint", "name_constraint", "name_index")
ROWS = 200  # rows per statement: short enough for Neo4j Browser, long enough to run fast
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_SPECIAL = re.compile(r"[\\'\x00-\x1f\x7f\x85\u2028\u2029]")

NODES = "UNWIND {rows} AS row MERGE (n:Entity {{id: row.id}}) SET n = row, n:{labels};\n"
NAMES = "UNWIND {rows} AS row MERGE (:EntityName {{key: row.key, entity_id: row.id}});\n"
EDGES = (
    "UNWIND {rows} AS row MATCH (a:Entity {{id: row.source_id}}) MATCH (b:Entity {{id: row.target_id}}) "
    "MERGE (a)-[r:{type} {{id: row.id}}]->(b) SET r = row;\n"
)


def write_cypher(source: Source, path: Path) -> ExportSummary:
    """Write `source` as a Cypher script (UTF-8, one statement per line)."""
    with replacing(path) as (temp,), text_file(temp) as out:
        out.write("// encircle export: run with `cypher-shell -f FILE` or in Neo4j Browser.\n")
        out.write("// It recreates these records as encircle's Neo4j store holds them (MERGE on ids).\n")
        for statement in _schema():
            out.write(statement)
        entities = _entities(source.entities(), out)
        relations = _relations(source.relations(), out)
    return ExportSummary("cypher", path, entities, relations)


def _schema() -> Iterator[str]:
    """The constraints and index the store creates, from the store's own Cypher files
    (read as text: importing the Neo4j driver would cost ~90 MB for nothing)."""
    folder = files("encircle.graph.stores")
    texts = [folder.joinpath(f"neo4j_{name}.cypher").read_text(encoding="utf-8") for name in SCHEMA_FILES]
    relation = folder.joinpath("neo4j_relation_constraint.cypher").read_text(encoding="utf-8")
    for rel_type in SCHEMA.relation_types:  # the store's own substitution (stores/neo4j.py: cypher)
        texts.append(relation.replace("__TYPE__", rel_type).replace("__NAME__", f"relation_id_{rel_type.lower()}"))
    for text in texts:
        lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("//")]
        yield " ".join(lines) + ";\n"


def _entities(entities: Iterable[Entity], out: IO[str]) -> int:
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    names: list[dict[str, Any]] = []
    count = 0
    for entity in entities:
        labels = SCHEMA.labels(entity.type, entity.roles)
        batch = by_labels[labels]
        batch.append(to_properties(entity))
        if len(batch) >= ROWS:
            out.write(NODES.format(rows=literal(batch), labels=":".join(labels)))
            batch.clear()
        keys = sorted({name_key(n) for n in (entity.name, *entity.aliases)})  # as the store indexes names
        names += ({"id": entity.id, "key": key} for key in keys)
        if len(names) >= ROWS:
            out.write(NAMES.format(rows=literal(names)))
            names.clear()
        count += 1
    for labels, batch in sorted(by_labels.items()):
        if batch:
            out.write(NODES.format(rows=literal(batch), labels=":".join(labels)))
    if names:
        out.write(NAMES.format(rows=literal(names)))
    return count


def _relations(relations: Iterable[Relation], out: IO[str]) -> int:
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    count = 0
    for relation in relations:
        SCHEMA.relation_type(relation.type)  # the one name written into a statement
        batch = by_type[relation.type]
        batch.append(to_properties(relation))
        if len(batch) >= ROWS:
            out.write(EDGES.format(rows=literal(batch), type=relation.type))
            batch.clear()
        count += 1
    for rel_type, batch in sorted(by_type.items()):
        if batch:
            out.write(EDGES.format(rows=literal(batch), type=rel_type))
    return count


def literal(value: Any) -> str:
    r"""A Cypher literal for a stored value (string, number, bool, list, map).

    >>> print(literal({"name": "O'Brien\n", "n": 2, "share": 0.5, "tags": ["a"], "my key": None}))
    {name: 'O\'Brien\n', n: 2, share: 0.5, tags: ['a'], `my key`: null}
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + _SPECIAL.sub(_escape, value) + "'"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # Cypher's exponent takes no '+'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _key(name: str) -> str:
    return name if _NAME.match(name) else "`" + name.replace("`", "``") + "`"


def statements(text: str) -> Iterator[str]:
    """The statements of a script this module wrote (to run it with the Python driver):
    one per line, comments skipped. A line break inside a value is always escaped, so
    no statement spans lines."""
    for line in text.split("\n"):
        if line.strip() and not line.startswith("//"):
            yield line.rstrip().removesuffix(";")
