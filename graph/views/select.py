"""What to draw: the neighbourhood of an entity, a set of paths, a finding's evidence.

These take plain inputs (entity ids, relation-id sequences) so that `graph` never
imports `queries`: the CLI resolves names, paths and findings and passes ids here.

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> view = for_path(store, [["gift-qian-xu-1", "emp-xu", "appr-zhou-leixin"]])
>>> sorted(e.id for e in view.entities), view.highlight
(['co-leixin', 'p-qian', 'p-xu', 'p-zhou'], (('gift-qian-xu-1', 'emp-xu', 'appr-zhou-leixin'),))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from encircle.graph.errors import QueryError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.graph.stores.base import Direction

__all__ = ["Selection", "around", "for_finding", "for_findings", "for_path"]


@dataclass(frozen=True)
class Selection:
    """Entities and relations to draw, the evidence chains to highlight, and the entities
    the view is about (always kept when a large view is collapsed)."""

    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    highlight: tuple[tuple[str, ...], ...] = ()
    focus: tuple[str, ...] = ()


def around(store: Store, entity_id: str, hops: int = 1) -> Selection:
    """Every entity within `hops` relations of `entity_id` (either direction), and every
    relation among them: read hop by hop from the store's adjacency index, never by
    scanning every relation."""
    if hops < 0:
        raise QueryError(f"hops must be at least 0, not {hops}")
    held = store.get_entities([entity_id])
    if not held:
        raise QueryError(f"no entity with id {entity_id!r}")
    # The id a store answers under: through entity resolution's view, the id of a record
    # merged into another entity stands for that entity (queries/resolution/view.py).
    entity_id = held[entity_id].id
    seen, frontier = {entity_id}, [entity_id]
    incident: dict[str, Relation] = {}
    for depth in range(hops + 1):
        # The last round reads the outermost ring's relations only for those among `seen`.
        found = store.adjacent(frontier)
        incident.update((r.id, r) for r in found)
        if depth == hops:
            break
        frontier = sorted({end for r in found for end in (r.source_id, r.target_id)} - seen)
        seen.update(frontier)
    return _selection(store, seen, _among(incident.values(), seen), (), (entity_id,))


def for_path(store: Store, paths: Sequence[Sequence[str]]) -> Selection:
    """The entities and relations along paths given as relation-id sequences, each path
    highlighted."""
    wanted = [tuple(p) for p in paths]
    found = _relations(store, {rid for p in wanted for rid in p})
    relations = [found[rid] for rid in sorted(found)]
    ids = {end for r in relations for end in (r.source_id, r.target_id)}
    ends = tuple(dict.fromkeys(_path_ends(wanted, found)))
    return _selection(store, ids, relations, wanted, ends)


HUB = 1000  # relations beyond which an entity's adjacency is not read whole for a view


def for_finding(store: Store, entity_ids: Iterable[str], chains: Sequence[Sequence[str]]) -> Selection:
    """A finding's entities, its evidence chains (highlighted) and, as context, every
    other relation among those entities (from their adjacency in the store)."""
    return for_findings(store, [(entity_ids, chains)])[0]


def for_findings(store: Store, findings: Sequence[tuple[Iterable[str], Sequence[Sequence[str]]]]) -> list[Selection]:
    """`for_finding` for each (entity ids, chains) in `findings`, reading their evidence,
    entities and degrees together: a report draws hundreds of views that share names."""
    wanted = [[tuple(c) for c in chains] for _, chains in findings]
    evidence = _relations(store, {rid for chains in wanted for c in chains for rid in c})
    named = [set(entity_ids) for entity_ids, _ in findings]
    ids = [
        given | {end for c in chains for rid in c for end in (evidence[rid].source_id, evidence[rid].target_id)}
        for given, chains in zip(named, wanted, strict=True)
    ]
    every = sorted(set().union(*ids))
    entities, degrees = store.get_entities(every), store.degrees(every)
    return [
        Selection(
            tuple(entities[i] for i in sorted(those) if i in entities),
            tuple(among),
            tuple(chains),
            tuple(sorted(given)),
        )
        for given, chains, those, among in zip(named, wanted, ids, _relations_among(store, ids, degrees), strict=True)
    ]


# Entities whose relations among each other are read in one query: the groups of a few
# hundred views together, under the SQLite store's 900 ids per IN (...) list.
IDS_AT_ONCE = 800


def _relations_among(store: Store, groups: Sequence[set[str]], degrees: Mapping[str, int]) -> list[list[Relation]]:
    """For each group of ids, every relation with both ends in it, reading a bounded
    neighbourhood: the whole adjacency of each entity with at most HUB relations (that
    covers every relation touching one), and between two hubs only the relations leaving
    them, or only those entering them, whichever are fewer. A finding that names a
    company with 100,000 employees does not read them all to draw its view. `degrees`
    holds each one's. Groups are read together, as many as IDS_AT_ONCE ids hold: a
    relation among two groups' entities is read once and kept by each group holding
    both its ends."""
    hubs = {node for group in groups for node in group if degrees.get(node, 0) > HUB}
    found: list[dict[str, Relation]] = [{} for _ in groups]
    for batch in _batches(groups, IDS_AT_ONCE):
        union = set().union(*(groups[n] for n in batch))
        holding: dict[str, list[int]] = {}
        for n in batch:
            for node in groups[n]:
                holding.setdefault(node, []).append(n)
        for r in store.adjacent_within(sorted(union - hubs), sorted(union)):
            for n in holding[r.source_id]:
                if r.target_id in groups[n]:
                    found[n][r.id] = r
    between: dict[tuple[str, ...], list[Relation]] = {}  # views naming the same hubs read their ties once
    for group, kept in zip(groups, found, strict=True):
        among_hubs = tuple(sorted(group & hubs))
        if len(among_hubs) > 1:
            if among_hubs not in between:
                between[among_hubs] = _between_hubs(store, among_hubs)
            kept.update((r.id, r) for r in between[among_hubs])
    return [[kept[rid] for rid in sorted(kept)] for kept in found]


def _between_hubs(store: Store, hubs: Sequence[str]) -> list[Relation]:
    """The relations among `hubs`, read from the ends where fewer relations leave or enter."""
    out, into = store.degrees(hubs, direction="out"), store.degrees(hubs, direction="in")
    direction: Direction = "out" if sum(out.values()) <= sum(into.values()) else "in"
    return store.adjacent_within(hubs, hubs, direction=direction)


def _batches(groups: Sequence[set[str]], size: int) -> Iterator[list[int]]:
    """The groups' positions, in order, in runs whose ids together number at most `size`
    (a larger group alone)."""
    batch: list[int] = []
    union: set[str] = set()
    for n, group in enumerate(groups):
        if batch and len(union | group) > size:
            yield batch
            batch, union = [], set()
        batch.append(n)
        union |= group
    if batch:
        yield batch


def _relations(store: Store, ids: set[str]) -> dict[str, Relation]:
    found = store.get_relations(sorted(ids))
    missing = sorted(ids - found.keys())
    if missing:
        raise QueryError(f"no relation with id {missing[0]!r}")
    return found


def _among(relations: Iterable[Relation], ids: set[str]) -> list[Relation]:
    return [r for r in relations if r.source_id in ids and r.target_id in ids]


def _path_ends(paths: list[tuple[str, ...]], by_id: dict[str, Relation]) -> list[str]:
    """The first and last entity of each path (the entities the question was about)."""
    ends = []
    for path in paths:
        if len(path) == 1:
            ends += [by_id[path[0]].source_id, by_id[path[0]].target_id]
        elif path:
            first, second = by_id[path[0]], by_id[path[1]]
            last, before = by_id[path[-1]], by_id[path[-2]]
            ends.append(first.target_id if first.source_id in (second.source_id, second.target_id) else first.source_id)
            ends.append(last.source_id if last.target_id in (before.source_id, before.target_id) else last.target_id)
    return ends


def _selection(
    store: Store,
    ids: set[str],
    relations: Iterable[Relation],
    highlight: Iterable[tuple[str, ...]],
    focus: tuple[str, ...],
) -> Selection:
    entities = store.get_entities(sorted(ids))
    return Selection(
        tuple(entities[i] for i in sorted(entities)),
        tuple(sorted(relations, key=lambda r: r.id)),
        tuple(highlight),
        focus,
    )
