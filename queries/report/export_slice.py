"""Slices of a case to export: an entity's neighbourhood, the shortest paths between two
entities, or a finding's evidence (the selections `encircle view` draws), as a
:class:`~encircle.graph.exports.Slice` for :func:`~encircle.graph.exports.export`.

A slice also holds the entities its relations name besides their ends (the public body
of an approval, the firms kept out of a tender), so a CSV slice loads on its own.

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
from encircle.graph.stores import Store
from encircle.graph.views import Selection, for_finding, for_path
from encircle.graph.views import around as around_entity
from encircle.queries.detection import detect
from encircle.queries.lookup import resolve
from encircle.queries.paths.find import find_paths
from encircle.queries.paths.model import PathQuery

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
    return _slice(
        store, for_finding(store, finding.entities, [[s.relation for s in c.steps] for c in finding.evidence])
    )


def _slice(store: Store, selection: Selection) -> Slice:
    have = {e.id for e in selection.entities}
    named = {ref for r in selection.relations for ref in (r.body_id, *r.excluded) if ref and ref not in have}
    extra = store.get_entities(sorted(named))
    return Slice((*selection.entities, *extra.values()), selection.relations)
