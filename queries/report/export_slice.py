"""Slices of a case to export: an entity's neighbourhood, the shortest paths between two
entities, or a finding's evidence (the selections `encircle view` draws), as a
:class:`~encircle.graph.exports.Slice` for :func:`~encircle.graph.exports.export`.

A slice also holds the entities its relations name besides their ends (the public body
of an approval, the firms kept out of a tender), so a CSV slice loads on its own, and the
ledger's history about it: the judgements naming one of its entities and, for a
finding, the finding's reviews. Over the resolved view (queries/resolution/view.py) a
slice is chosen as the case is seen, records judged the same being one entity, and holds
the records as stored: every record of each entity, each relation with its own ends, so
that with its judgements it is the same case again.

>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> chosen = path_slice(store, "钱磊", "周平")
>>> [r.id for r in chosen.relations()]
['appr-zhou-leixin', 'emp-xu', 'gift-qian-xu-1', 'gift-qian-xu-2', 'own-qian']
>>> [e.id for e in chosen.entities()]  # and the body the approval was made for
['body-ndrc', 'co-leixin', 'p-qian', 'p-xu', 'p-zhou']
"""

from __future__ import annotations

from encircle.graph.errors import QueryError
from encircle.graph.exports import Slice
from encircle.graph.ledger import Entry
from encircle.graph.stores import Store
from encircle.graph.views import Selection, for_finding, for_path
from encircle.graph.views import around as around_entity
from encircle.queries.detection import detect
from encircle.queries.lookup import resolve
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathQuery
from encircle.queries.resolution.judgements import KIND as JUDGEMENT
from encircle.queries.resolution.view import ResolvedStore
from encircle.queries.reviews import KIND as REVIEW

__all__ = ["around_slice", "finding_slice", "path_slice"]


def around_slice(store: Store, reference: str, hops: int = 1) -> Slice:
    """The entities within `hops` relations of one (an id, name or alias) and every
    relation among them."""
    return _slice(store, around_entity(store, resolve(store, reference).id, hops))


def path_slice(store: Store, source: str, target: str, max_hops: int = 4) -> Slice:
    """Every shortest path from `source` to `target` (ids, names or aliases)."""
    result = find_paths(store, source, target, PathQuery("shortest", max_hops=max_hops))
    if not result.paths:
        raise QueryError(f"no path from {source!r} to {target!r} within {max_hops} hops")
    return _slice(store, for_path(store, [p.relations for p in result.paths]))


def finding_slice(store: Store, finding_id: str) -> Slice:
    """A finding's entities, its evidence and the other relations among them."""
    found = [f for f in detect(store) if f.id == finding_id]
    if not found:
        raise QueryError(f"no finding with id {finding_id!r}; `encircle detect --all` lists them")
    finding = found[0]
    chosen = for_finding(store, finding.entities, [[s.relation for s in c.steps] for c in finding.evidence])
    return _slice(store, chosen, store.ledger(REVIEW, [finding.id]))


def _slice(store: Store, selection: Selection, reviews: list[Entry] | None = None) -> Slice:
    if isinstance(store, ResolvedStore):
        selection, store = _as_stored(store, selection), store.inner
    have = {e.id for e in selection.entities}
    named = {ref for r in selection.relations for ref in (r.body_id, *r.excluded) if ref and ref not in have}
    extra = store.get_entities(sorted(named))
    ids = have | extra.keys()
    judged = [e for e in store.ledger(JUDGEMENT) if e.body.get("a") in ids or e.body.get("b") in ids]
    return Slice((*selection.entities, *extra.values()), selection.relations, (*judged, *(reviews or ())))


def _as_stored(view: ResolvedStore, selection: Selection) -> Selection:
    """The stored records a selection over the resolved view stands for."""
    members = [m for e in selection.entities for m in view.resolution.groups.get(e.id, (e.id,))]
    entities = view.inner.get_entities(members)
    relations = view.inner.get_relations([r.id for r in selection.relations])
    return Selection(
        tuple(entities[i] for i in sorted(entities)),
        tuple(relations[i] for i in sorted(relations)),
        selection.highlight,
        selection.focus,
    )
