"""Everything the entity page shows about one entity, read once from the store.

Its relations come from the query engine's adjacency (an index lookup on both stores, no
scan), grouped by relation type and direction, most recent first; posts and jobs it
holds are listed apart with their periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from encircle.graph.records import Entity, to_properties
from encircle.graph.stores import Store
from encircle.queries.paths.engine import engine_for
from encircle.queries.paths.model import Filters
from encircle.web.timeline import Item, select

POSTS = ("HOLDS_POST", "EMPLOYED_BY")  # periods an entity holds, listed apart when it is the holder
SHOWN_PER_GROUP = 100  # rows a relation group shows on the page; the API returns all
IDENTIFIERS = (
    ("birth_date", "born"),
    ("country", "country"),
    ("registration_number", "registration number"),
    ("blacklisted_from", "blacklisted from"),
    ("blacklisted_until", "blacklisted until"),
)
# How a relation reads from the entity's side: (type, outgoing?) -> heading
HEADINGS = {
    ("GIFT", True): "gifts given",
    ("GIFT", False): "gifts received",
    ("APPROVED", True): "decisions made",
    ("APPROVED", False): "approvals received",
    ("HOLDS_POST", True): "posts held",
    ("HOLDS_POST", False): "posts at this body",
    ("EMPLOYED_BY", True): "jobs",
    ("EMPLOYED_BY", False): "employs",
    ("OWNS", True): "owns",
    ("OWNS", False): "owned by",
    ("DIRECTS", True): "directs",
    ("DIRECTS", False): "directed by",
    ("RELATIVE_OF", True): "relatives",
    ("RELATIVE_OF", False): "relatives",
    ("ASSOCIATE_OF", True): "associates",
    ("ASSOCIATE_OF", False): "associates",
}


@dataclass(frozen=True)
class Row:
    """A relation seen from the entity: the other end and whether it points away."""

    relation: Mapping[str, Any]
    other: str
    outgoing: bool

    @property
    def when(self) -> str:
        r = self.relation
        return str(r.get("date") or r.get("start_date") or "")


@dataclass(frozen=True)
class Group:
    heading: str
    type: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    groups: tuple[Group, ...]
    posts: tuple[Row, ...]
    names: Mapping[str, str]
    degree: int

    @property
    def identifiers(self) -> list[tuple[str, str]]:
        props = to_properties(self.entity)
        return [(label, str(props[key])) for key, label in IDENTIFIERS if props.get(key)]

    @property
    def extra(self) -> list[tuple[str, str]]:
        """Properties beyond the input contract's columns (kept from the case files)."""
        known = {"id", "type", "name", "aliases", "roles", "interests", "source", *(k for k, _ in IDENTIFIERS)}
        return [(k, str(v)) for k, v in sorted(to_properties(self.entity).items()) if k not in known and v]

    def relations(self) -> list[dict[str, Any]]:
        """Every relation as the API gives it: the relation's properties plus `other`."""
        return [{**row.relation, "other": row.other} for group in self.groups for row in group.rows]


def entity_view(store: Store, entity_id: str, shown: int | None = SHOWN_PER_GROUP) -> EntityView | None:
    """The entity with that exact id and its relations, or None. Names are read for the
    other ends the page shows (`shown` rows per group, and the timeline's), or for all
    of them when `shown` is None (the API). The id of a record merged into another entity
    (queries/resolution/view.py) shows that entity."""
    found = store.get_entities([entity_id])
    if entity_id not in found:
        return None
    asked, entity_id = entity_id, found[entity_id].id
    found = {entity_id: found[asked]}
    steps = engine_for(store).adjacent([entity_id], Filters())
    rows = _unique(Row(rel, other, rel["source_id"] == entity_id) for _, other, rel in steps)
    groups = _groups(rows)
    posts = _recent_first(r for r in rows if r.relation["type"] in POSTS and r.outgoing)
    if shown is None:
        named = rows
    else:
        bars, marks, _ = select([Item(row.relation, "", "") for row in rows])
        drawn = {str(item.relation["id"]) for item, _ in bars + marks}
        named = [
            *(r for g in groups for r in g.rows[:shown]),
            *posts,
            *(r for r in rows if str(r.relation["id"]) in drawn),
        ]
    others = sorted({row.other for row in named})
    names = {i: e.name for i, e in store.get_entities(others).items()} | {entity_id: found[entity_id].name}
    return EntityView(found[entity_id], groups, posts, names, len(rows))


def _unique(rows: Any) -> list[Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        seen.setdefault(str(row.relation["id"]), row)
    return list(seen.values())


def _recent_first(rows: Any) -> tuple[Row, ...]:
    """Latest date (or start of period) first, undated last, ties by relation id."""
    by_id = sorted(rows, key=lambda row: str(row.relation["id"]))
    return tuple(sorted(by_id, key=lambda row: row.when, reverse=True))  # stable: ties keep id order


def _groups(rows: Sequence[Row]) -> tuple[Group, ...]:
    by_heading: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        kind = row.relation["type"]
        by_heading.setdefault((HEADINGS.get((kind, row.outgoing), kind), kind), []).append(row)
    order = list(dict.fromkeys(HEADINGS.values()))
    ranked = sorted(by_heading, key=lambda key: (order.index(key[0]) if key[0] in order else len(order), key))
    return tuple(Group(heading, kind, _recent_first(by_heading[(heading, kind)])) for heading, kind in ranked)
