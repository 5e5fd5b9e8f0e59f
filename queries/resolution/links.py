"""The neighbours of a few entities, for the shared-neighbours feature of `xref`.

Read from the store's indexes (`Store.adjacent`, `Store.degrees`) rather than by
scanning every relation: candidates are a few thousand entities of a case that may hold
millions of relations. Through the resolved view (queries/resolution/view.py) the case
is seen as the judgements resolve it: a canonical entity's neighbours are all its
records', each named by its canonical id.

>>> from encircle.graph.records import Entity, Relation
>>> from encircle.graph.stores import open_store
>>> with open_store(":memory:") as store:
...     _ = store.write([Entity(i, "Person", i) for i in "abc"],
...                     [Relation("r1", "RELATIVE_OF", "a", "c"), Relation("r2", "GIFT", "b", "c", date="2020-01-01")])
...     linked, degree = neighbourhoods(store, ["a", "b"])
>>> {k: dict(v) for k, v in linked.items()}, degree
({'a': {'c': {'RELATIVE_OF'}}, 'b': {'c': {'GIFT'}}}, {'c': 2})
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from encircle.graph.stores import Store

__all__ = ["Linked", "neighbourhoods"]

Linked = dict[str, dict[str, set[str]]]  # entity -> neighbour -> relation types


def neighbourhoods(store: Store, ids: Iterable[str]) -> tuple[Linked, dict[str, int]]:
    """For each of `ids`: its neighbours and the types of relation to each; and each
    neighbour's number of relations (a self-loop counts twice, as networkx counts)."""
    given = list(dict.fromkeys(ids))
    wanted = set(given)
    linked: Linked = defaultdict(lambda: defaultdict(set))
    for relation in store.adjacent(given):
        for end, other in ((relation.source_id, relation.target_id), (relation.target_id, relation.source_id)):
            if end in wanted and other != end:
                linked[end][other].add(relation.type)
    neighbours = sorted({other for around in linked.values() for other in around})
    return linked, store.degrees(neighbours)
