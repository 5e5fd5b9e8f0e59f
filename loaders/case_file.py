"""JSON and YAML case files: one case as a mapping of `case`, `entities` and `relations`.

    case: {id: guangdong-2016, title: ..., source: judgment (2016) Yue 01 ...}
    entities:
      - {id: p1, type: Person, name: 李某, roles: [official]}
    relations:
      - {type: GIFT, source_id: c1, target_id: p1, date: 2016-03, amount: 50000}

Records use the field names of the CSV bundle. List fields take a list or a
';'-separated string. A record without a `source` gets the case's `source`, else its
`id`: a case file is one document, and findings must cite it. Errors give the line and
column of the offending value (YAML node marks; for JSON, the json parser's position on a
syntax error and :mod:`encircle.loaders.jsonpos` for values).

YAML scalars are read as written (`id: 007`, `country: NO`, `date: 2016-03-05` stay the
text they are) and parsed by the schema's value types, not by YAML's implicit typing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from encircle.graph.build import build_entity, build_relation
from encircle.graph.errors import LoadError
from encircle.graph.records import LIST_FIELDS, Entity, Origin, Relation
from encircle.graph.schema import SCHEMA, PropertySpec
from encircle.graph.values import is_blank
from encircle.loaders.bundle import Bundle, check_unique, unknown_fields_warning
from encircle.loaders.csv_bundle import decode
from encircle.loaders.jsonpos import JsonText, Located, limit_problem
from encircle.loaders.limits import MAX_COLUMNS, MAX_DEPTH, text_problem, value_problem
from encircle.loaders.tables import header_name

__all__ = ["Node", "is_case_file", "read_case_file"]

SUFFIXES = (".json", ".yaml", ".yml")
TOP_LEVEL = ("case", "entities", "relations")
R = TypeVar("R", Entity, Relation)


@dataclass(frozen=True)
class Node:
    """A value of the document with its position; mappings and sequences keep their parts."""

    value: Any
    line: int
    column: int
    members: tuple[tuple[str, Node], ...] = ()
    items: tuple[Node, ...] = ()


def is_case_file(path: Path) -> bool:
    """True for a file ending in .json, .yaml or .yml (any case)."""
    return path.is_file() and path.suffix.lower() in SUFFIXES


def read_case_file(path: Path) -> Bundle:
    """The records of a JSON (.json) or YAML case file, as the module docstring describes;
    it must hold at least one entity. A :class:`LoadError` gives the line and column of what
    is wrong."""
    file = str(path)
    try:
        text = decode(path.read_bytes(), file)
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror}", file) from None
    if not text.strip():
        raise LoadError("empty file", file, 1)
    root = _json_root(text, file) if path.suffix.lower() == ".json" else _yaml_root(text, file)
    return _bundle(root, file)


def _bundle(root: Node, file: str) -> Bundle:
    if not isinstance(root.value, dict):
        raise LoadError("a case file is a mapping of case, entities and relations", file, root.line, root.column)
    parts = dict(root.members)
    ignored = [k for k in parts if k not in TOP_LEVEL]
    warnings = (f"{file}: unknown top-level keys ignored: {', '.join(ignored)}",) if ignored else ()
    case = parts.get("case")
    if case is not None and not isinstance(case.value, dict):
        raise LoadError("'case' must be a mapping (id, title, source, ...)", file, case.line, case.column)
    if case is not None and (problem := value_problem(case.value)):
        raise LoadError(problem, file, case.line, case.column)
    default_source = _default_source(case.value if case else {})
    entity_list = parts.get("entities")
    if entity_list is None:
        raise LoadError("case file has no 'entities'", file, root.line, root.column)
    entities, entity_warnings = _section(
        entity_list, "entities", file, default_source, SCHEMA.entity_properties, build_entity
    )
    if not entities:
        raise LoadError("empty file: 'entities' has no records", file, entity_list.line, entity_list.column)
    relation_list = parts.get("relations") or Node([], root.line, root.column)
    relations, relation_warnings = _section(
        relation_list, "relations", file, default_source, SCHEMA.relation_properties, build_relation
    )
    return Bundle(tuple(entities), tuple(relations), warnings + entity_warnings + relation_warnings)


def _default_source(case: Mapping[str, Any]) -> str | None:
    for key in ("source", "id"):
        if not is_blank(case.get(key)):
            return str(case[key]).strip()
    return None


def _section(
    section: Node,
    name: str,
    file: str,
    default_source: str | None,
    specs: Mapping[str, PropertySpec],
    build: Callable[[Mapping[str, Any], Origin], R],
) -> tuple[list[R], tuple[str, ...]]:
    if section.value is None:
        return [], ()
    if not isinstance(section.value, list):
        raise LoadError(f"'{name}' must be a list of records", file, section.line, section.column)
    records: list[R] = []
    explicit_ids: list[tuple[str, Origin]] = []
    unknown: list[str] = []
    fields: set[str] = set()
    for item in section.items:
        row, origin = _row(item, file)
        fields.update(row)
        if len(fields) > MAX_COLUMNS:
            # Each field becomes a property key in the store (thousands slow Neo4j to a crawl).
            message = f"more than {MAX_COLUMNS} different fields in '{name}': a case has a few dozen"
            raise LoadError(message, file, item.line, item.column)
        if default_source and is_blank(row.get("source")):
            row["source"] = default_source
        record = build(row, origin)
        records.append(record)
        if not is_blank(row.get("id")):
            explicit_ids.append((record.id, origin))
        unknown.extend(k for k in row if k not in specs)
    check_unique(explicit_ids, "entity" if name == "entities" else "relation")
    return records, unknown_fields_warning(f"{file} {name}", unknown, "fields")


def _row(item: Node, file: str) -> tuple[dict[str, Any], Origin]:
    if not isinstance(item.value, dict):
        raise LoadError("a record must be a mapping of field: value", file, item.line, item.column)
    row: dict[str, Any] = {}
    columns: dict[str, int] = {}
    lines: dict[str, int] = {}
    for key, value in item.members:
        problem = text_problem(key)
        if problem:
            raise LoadError(f"field name: {problem}", file, value.line, value.column)
        name = header_name(key)
        row[name] = _cell(value, name, file)
        columns[name], lines[name] = value.column, value.line
    return row, Origin(file, item.line, columns, lines)


def _cell(node: Node, name: str, file: str) -> Any:
    if isinstance(node.value, dict):
        raise LoadError(f"{name!r} must be a value, not a mapping", file, node.line, node.column)
    if not isinstance(node.value, list):
        if isinstance(node.value, str) and (problem := text_problem(node.value)):
            raise LoadError(problem, file, node.line, node.column)
        return node.value
    if any(isinstance(item.value, (dict, list)) for item in node.items):
        raise LoadError(f"{name!r} must be a list of values", file, node.line, node.column)
    for item in node.items:
        if isinstance(item.value, str) and (problem := text_problem(item.value)):
            raise LoadError(problem, file, item.line, item.column)
    if name in LIST_FIELDS:
        return [item.value for item in node.items]
    if name in SCHEMA.entity_properties or name in SCHEMA.relation_properties:
        raise LoadError(f"{name!r} takes one value, not a list", file, node.line, node.column)
    return ";".join(str(item.value) for item in node.items)  # an extra property: kept as text


# --- JSON -------------------------------------------------------------------------


def _json_root(text: str, file: str) -> Node:
    doc = JsonText(text)
    problem = limit_problem(text)
    if problem:
        raise LoadError(f"invalid JSON: {problem[0]}", file, *doc.position(problem[1]))
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(f"invalid JSON: {error.msg}", file, error.lineno, error.colno) from None
    except (ValueError, RecursionError) as error:  # what limit_problem does not foresee
        raise LoadError(f"invalid JSON: {' '.join(str(error).split())}", file) from None
    return _json_node(doc, doc.root(), depth=4)  # root -> section -> record -> field -> list item


def _json_node(doc: JsonText, at: Located, depth: int) -> Node:
    members: tuple[tuple[str, Node], ...] = ()
    items: tuple[Node, ...] = ()
    if depth and isinstance(at.value, dict):
        members = tuple((k, _json_node(doc, v, depth - 1)) for k, v in doc.members(at))
    elif depth and isinstance(at.value, list):
        items = tuple(_json_node(doc, v, depth - 1) for v in doc.items(at))
    return Node(at.value, at.line, at.column, members, items)


# --- YAML -------------------------------------------------------------------------

_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


class _PlainLoader(yaml.SafeLoader):
    """A safe loader that resolves only null and merge keys (`<<`): every other plain
    scalar is text, so `2019-02-29`, `0000-01-01` or a 5,000-digit number are read as
    the strings they are and checked by the schema's value types. It composes nodes (it
    never constructs Python objects) and refuses nesting deeper than MAX_DEPTH, where
    PyYAML's recursive composer would exhaust the stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def fetch_flow_collection_start(self, token: Any) -> None:
        # Caught while scanning: the scanner's work per token grows with the flow level,
        # so 5,000 unclosed brackets took seconds before the composer saw one node.
        if self.flow_level >= MAX_DEPTH:
            mark = self.get_mark()
            raise yaml.scanner.ScannerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        super().fetch_flow_collection_start(token)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.nodes += 1
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_PlainLoader.yaml_implicit_resolvers = {}
for _first, _resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
    for _tag, _pattern in _resolvers:
        if _tag in (_NULL, _MERGE):
            _PlainLoader.add_implicit_resolver(_tag, _pattern, [_first])


def _yaml_root(text: str, file: str) -> Node:
    try:
        loader = _PlainLoader(text)
    except yaml.reader.ReaderError as error:  # a control character, found before parsing
        where = (text.count("\n", 0, error.position) + 1, error.position - text.rfind("\n", 0, error.position))
        raise LoadError(f"invalid YAML: character {chr(error.character)!r} is not allowed", file, *where) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise LoadError("empty file", file, 1)
        return _YamlWalk(loader, file).root(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise LoadError(f"invalid YAML: {error.problem or error.context}", file, line, column) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {' '.join(str(error).split())}", file) from None
    except RecursionError:  # merge keys (`<<`) chained or merging a mapping into itself
        raise LoadError("invalid YAML: merge keys nested too deeply or recursive", file) from None
    finally:
        loader.dispose()


class _YamlWalk:
    """Composed nodes -> Nodes. Aliases are shared nodes, so a walk expands them: it
    refuses an alias to a collection holding it (a cycle) and stops when aliases expand
    the document beyond twice its written size (an "alias bomb": 439 bytes that expand
    to billions of values)."""

    def __init__(self, loader: _PlainLoader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.budget = 2 * loader.nodes + 10_000
        self.open: set[int] = set()  # the collections being walked: an alias to one is a cycle

    def root(self, node: yaml.Node) -> Node:
        if not isinstance(node, yaml.MappingNode):
            return self.node(node)
        # Only the sections a case file has are walked: an unused key is never expanded.
        return self._mapping(node, lambda key: key in TOP_LEVEL)

    def node(self, node: yaml.Node) -> Node:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.budget -= 1
        if self.budget < 0:
            raise LoadError("YAML aliases expand to more than twice the written document", self.file, line, column)
        if isinstance(node, yaml.ScalarNode):
            return Node(None if node.tag == _NULL else self._text(node.value, line, column), line, column)
        if id(node) in self.open:
            raise LoadError("recursive YAML alias: a collection contains itself", self.file, line, column)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, lambda key: True)
            items = tuple(self.node(item) for item in node.value)
            return Node([i.value for i in items], line, column, items=items)
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, wanted: Callable[[str], bool]) -> Node:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.loader.flatten_mapping(node)  # resolve `<<: *anchor` merges as construct would
        members = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                raise LoadError("a key must be a plain value, not a list or mapping", self.file, *where)
            key = self._text(key_node.value, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            value_line, value_column = value_node.start_mark.line + 1, value_node.start_mark.column + 1
            members.append((key, self.node(value_node) if wanted(key) else Node(None, value_line, value_column)))
        return Node({k: v.value for k, v in members}, line, column, members=tuple(members))

    def _text(self, value: str, line: int, column: int) -> str:
        problem = text_problem(value)
        if problem:
            raise LoadError(problem, self.file, line, column)
        return value
